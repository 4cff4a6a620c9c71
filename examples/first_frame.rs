//! Open a desk and draw the first frame, as the TUI does, into a 120x40 test backend:
//! for `/usr/bin/time -v` (peak memory of the TUI path) and for profiling.
//!
//! ```text
//! cargo run --release --example first_frame -- DESK_DIR [--type QUERY]
//! ```
//!
//! With `--type`, the query is then typed into the Drafts filter letter by letter, a frame
//! after each key, and the time of each key is printed: the key (update + frame, what the
//! user waits for before the next key is read), then, on a long list, until the ranking
//! from the worker thread is on screen (the key, the wait, applying it, a second frame).

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use briefdesk::store::Store;
use briefdesk::tui::app::{App, Config};
use briefdesk::tui::{Action, drafts, draw, update};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .ok_or_else(|| anyhow::anyhow!("usage: first_frame DESK_DIR [--type QUERY]"))?;
    let query = match args.get(1).map(String::as_str) {
        Some("--type") => args.get(2).cloned(),
        _ => None,
    };
    let t = Instant::now();
    briefdesk::malloc::tune(); // as the binary's main does
    let (_store, desk) = Store::open(std::path::Path::new(dir))?;
    let loaded = t.elapsed();
    let mut app = App::new(desk, None, Config::default());
    update(&mut app, Action::Resize(120, 40));
    let mut term = Terminal::new(TestBackend::new(120, 40))?;
    term.draw(|f| draw(&app, f))?;
    eprintln!(
        "{} items: loaded in {loaded:.1?}, first frame at {:.1?}",
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
                if !drafts::settle(&mut app, std::time::Duration::from_secs(60)) {
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
