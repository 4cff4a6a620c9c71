//! The full-screen desk: three panes (Drafts, Issue, Preview), dialogs, one key table.
//!
//! `app` holds the state and the one `update`; `draw` only reads it. Each pane and dialog
//! has its own file; `keymap` is the one table keys, help, palette and hints come from.

pub mod action;
pub mod app;
mod cells;
pub mod drafts;
pub mod export_dialog;
mod form;
pub mod help;
pub mod keymap;
pub mod outline;
pub mod palette;
pub mod picker;
pub mod preview;
mod status;
pub mod terminal;
pub mod theme;

#[cfg(test)]
mod tests;

use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};

use crate::model::Desk;
use crate::store::Store;

pub use action::Action;
pub use app::{App, Effect, Focus, draw, update};

/// How the desk is opened.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Review mode, or a desk someone else holds: nothing reaches the disk.
    pub read_only: bool,
    /// Where the user keymap file (`keymap.toml`) is looked for.
    pub config_dir: Option<std::path::PathBuf>,
    /// What to tell the user as the desk opens (who holds it, what was recovered).
    pub notices: Vec<String>,
    /// The issue to open on (default: the newest).
    pub issue: Option<crate::model::IssueId>,
}

/// Run the desk until the user quits. Restores the terminal on every exit path.
pub fn run(store: Store, desk: Desk, opts: Options) -> anyhow::Result<()> {
    let (keymap, keymap_error) = keymap::Keymap::load(opts.config_dir.as_deref());
    let config = app::Config {
        read_only: opts.read_only,
        theme: theme::Theme::from_env(),
        keymap,
        keymap_error,
    };
    let saver: Option<Box<dyn app::Saver>> = if opts.read_only {
        None
    } else {
        Some(Box::new(store))
    };
    let mut app = App::new(desk, saver, config);
    if let Some(id) = opts.issue {
        app.issue = Some(id);
    }
    if !opts.notices.is_empty() {
        app.notify(opts.notices.join("; "));
    }
    let mut tui = terminal::Tui::enter()?;
    if let Ok(size) = tui.size() {
        update(&mut app, Action::Resize(size.width, size.height));
    }
    loop {
        tui.draw(|f| draw(&app, f))?;
        if terminal::signalled() {
            break;
        }
        if !event::poll(Duration::from_millis(250))? {
            continue;
        }
        let effect = match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => app.handle_key(k),
            Event::Resize(w, h) => update(&mut app, Action::Resize(w, h)),
            _ => None,
        };
        match effect {
            None => {}
            Some(Effect::Quit) => break,
            Some(Effect::EditExternal { text }) => {
                tui.suspend()?;
                let result = terminal::edit_external(&text);
                tui.resume()?;
                update(&mut app, Action::ExternalEdited(result));
            }
        }
    }
    drop(tui);
    Ok(())
}
