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
pub mod ranker;
pub mod rescue;
pub mod review;
mod status;
pub mod terminal;
pub mod theme;

#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

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
    /// `briefdesk review`: labelled `REVIEW (read-only)`, following the editor's saves.
    pub review: bool,
}

/// Run the desk until the user quits. Restores the terminal on every exit path.
pub fn run(store: Store, desk: Desk, opts: Options) -> anyhow::Result<()> {
    let (keymap, keymap_error) = keymap::Keymap::load(opts.config_dir.as_deref());
    let config = app::Config {
        read_only: opts.read_only || opts.review,
        theme: theme::Theme::from_env(),
        keymap,
        keymap_error,
        review_mode: opts.review,
        user: crate::store::review::login_name(),
        review_io: Some(Box::new(review::DiskReview::new(store.dir()))),
    };
    let saver: Option<Box<dyn app::Saver>> = if opts.read_only || opts.review {
        None
    } else {
        Some(Box::new(store))
    };
    let mut app = App::new(desk, saver, config);
    if opts.review {
        // A reviewer reads the issue, not the pool of drafts: start there.
        app.focus = Focus::Issue;
        app.preview_of = Focus::Issue;
    }
    if let Some(id) = opts.issue {
        app.issue = Some(id);
        app.sync_review();
    }
    let mut notices = opts.notices;
    notices.extend(app.recovered_notice());
    if !notices.is_empty() {
        app.notify(notices.join("; "));
    }
    let mut tui = terminal::Tui::enter()?;
    let result = event_loop(&mut tui, &mut app);
    terminal::finished();
    // Text still open in an editor here means the session ended without the user (a
    // signal, a terminal gone): keep it as a recovered draft before going.
    let rescued = app.rescue_unsaved();
    drop(tui);
    if rescued {
        // Not eprintln!: after a hang-up stderr may be gone, and that must not panic.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "briefdesk: the text being edited was not kept yet: it is saved as a draft marked \"(recovered)\""
        );
    }
    // Everything is journaled and saved by now, and the process ends next: not freeing
    // the desk saves ~25 ms of quitting at 100,000 drafts (the OS takes it all back).
    std::mem::forget(app);
    result
}

/// How often the desk looks for changes made by the other side (editor or reviewer).
const POLL_EVERY: Duration = Duration::from_millis(500);

fn event_loop(tui: &mut terminal::Tui, app: &mut App) -> anyhow::Result<()> {
    if let Ok(size) = tui.size() {
        update(app, Action::Resize(size.width, size.height));
    }
    // Draw only after something happened: an idle desk sends nothing to the terminal.
    let mut dirty = true;
    let mut polled = Instant::now();
    loop {
        if terminal::signalled() {
            return Ok(());
        }
        // The other side's saves and review logs: a few stats every half second; a redraw
        // only when something changed.
        if polled.elapsed() >= POLL_EVERY {
            polled = Instant::now();
            if let Some(action) = app.poll_disk() {
                update(app, action);
                dirty = true;
            }
        }
        // Rankings done off the key loop come back as actions.
        for action in drafts::finished(app) {
            update(app, action);
            dirty = true;
        }
        if dirty {
            tui.draw(|f| draw(app, f))?;
            dirty = false;
        }
        if terminal::signalled() {
            return Ok(());
        }
        // Keys crossterm already holds come first; else wait on the terminal itself, which
        // also tells a hang-up (crossterm would spin on a dead terminal).
        if terminal::wait_input(Duration::ZERO) == terminal::Input::Gone {
            return Ok(());
        }
        if !event::poll(Duration::ZERO)? {
            match terminal::wait_input_or(Duration::from_millis(250), drafts::wake_fd(app)) {
                terminal::Input::Gone => return Ok(()),
                terminal::Input::Idle => continue,
                terminal::Input::Ready => {
                    if !event::poll(Duration::ZERO)? {
                        continue;
                    }
                }
            }
        }
        dirty = true;
        let effect = match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => app.handle_key(k),
            Event::Resize(w, h) => update(app, Action::Resize(w, h)),
            _ => None,
        };
        match effect {
            None => {}
            Some(Effect::Quit) => return Ok(()),
            Some(Effect::EditExternal { text }) => {
                tui.suspend()?;
                let result = terminal::edit_external(&text);
                tui.resume()?;
                update(app, Action::ExternalEdited(result));
            }
        }
    }
}
