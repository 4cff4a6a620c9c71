//! Open a desk and draw the first frame as the TUI does (`Store::open_newest_first`,
//! `tui::start`, the first frame, then the rest of the desk merged in before anything is
//! handled), into a 120x40 test backend: for hyperfine, `/usr/bin/time -v` (peak memory of
//! the TUI path) and profiling.
//!
//! ```text
//! cargo run --release --example first_frame -- DESK_DIR [--first-screen | --type QUERY]
//! ```
//!
//! Prints when the first screen is drawn, then when the whole desk is in and drawn. With
//! `--first-screen`, the process ends at the first screen (for hyperfine: start of the
//! process until the newest drafts show, as `vim -es -c q` is until its text is loaded).
//!
//! With `--type`, the query is then typed into the Drafts filter letter by letter, a frame
//! after each key, and the time of each key is printed: the key (update + frame, what the
//! user waits for before the next key is read), then, on a long list, until the ranking
//! from the worker thread is on screen (the key, the wait, applying it, a second frame).

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use briefdesk::store::{Opened, Store};
use briefdesk::tui::events::Event;
use briefdesk::tui::{self, draw, update};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().ok_or_else(|| {
        anyhow::anyhow!("usage: first_frame DESK_DIR [--first-screen | --type QUERY]")
    })?;
    let query = match args.get(1).map(String::as_str) {
        Some("--type") => args.get(2).cloned(),
        _ => None,
    };
    let first_screen_only = args.get(1).is_some_and(|a| a == "--first-screen");
    let t = Instant::now();
    briefdesk::malloc::tune(); // as the binary's main does
    // As `cli::open::open_tui` and `tui::run_opened` do, with a test backend for the terminal.
    let opened = Store::open_newest_first(std::path::Path::new(dir))?;
    let how = match &opened {
        Opened::Newest(..) => "newest first",
        Opened::Full(..) => "full open",
    };
    let (mut app, loading) = tui::start(opened, tui::Options::default());
    let mut term = Terminal::new(TestBackend::new(120, 40))?;
    term.draw(|f| draw(&app, f))?;
    eprintln!(
        "first screen at {:.1?} ({how}, {} drafts in)",
        t.elapsed(),
        app.desk.items.len()
    );
    if first_screen_only {
        // The rest of the desk is still loading on its thread: the process ends here.
        std::process::exit(0);
    }
    if let Some(loading) = loading {
        loading.finish(&mut app)?;
    }
    update(&mut app, Event::Resize(120, 40));
    term.draw(|f| draw(&app, f))?;
    eprintln!(
        "{} items: whole desk in and drawn at {:.1?}",
        app.desk.items.len(),
        t.elapsed()
    );
    if let Some(q) = query {
        app.handle_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
        term.draw(|f| draw(&app, f))?;
        for _ in 0..3 {
            for (i, c) in q.chars().enumerate() {
                let t = Instant::now();
                app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                term.draw(|f| draw(&app, f))?;
                let key = t.elapsed();
                if !app.settle_drafts(std::time::Duration::from_secs(60)) {
                    anyhow::bail!("the ranking never came back");
                }
                term.draw(|f| draw(&app, f))?;
                eprintln!(
                    "key {} {:?}: {key:.2?}; ranked list on screen at {:.2?}",
                    i + 1,
                    c,
                    t.elapsed()
                );
            }
            app.handle_key(KeyEvent::from(KeyCode::Esc));
            app.handle_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
        }
    }
    // As `tui::run` does at quit: the OS takes the memory back faster than freeing the
    // 100,000 drafts one by one.
    std::mem::forget(app);
    Ok(())
}
