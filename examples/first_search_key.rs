//! The word search's first key right after the first `Ctrl-f` (issue #19, the p99 of
//! `million`'s word search row), at any size, in memory: generated drafts
//! (`tests/support/desk_gen.rs`) in an `App`, no desk on disk (bodies in memory, so the
//! fold reads no chunk file), `Ctrl-f`, then one query typed at once, as `million` does;
//! from the first key to the first results listed (the worker's first screen, or the
//! whole hit list), the event loop's turns given as `settle_first_screen` gives them (the
//! drafts' texts taken a slice per turn), then to the whole hit list.
//!
//! ```text
//! cargo build --release --example first_search_key
//! target/release/examples/first_search_key 1000000 [runs]
//! ```

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use briefdesk::model::Desk;
use briefdesk::tui::App;
use briefdesk::tui::app::Config;

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let items = desk_gen::items(n);
    println!("drafts|{n}|");
    for query in ["r", "port", "ransomware", "\"zzqx\""] {
        let (mut first, mut whole) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let mut desk = Desk::new();
            for it in &items {
                desk.items.insert(it.id, it.clone());
            }
            let mut app = App::new(desk, None, Config::default());
            app.handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
            let t = Instant::now();
            for c in query.chars() {
                app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            }
            assert!(
                app.settle_first_screen(Duration::from_secs(120)),
                "no first results"
            );
            first.push(ms(t));
            assert!(app.settle_drafts(Duration::from_secs(120)), "no answer");
            whole.push(ms(t));
        }
        let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        let min = |v: &[f64]| v.iter().copied().fold(f64::MAX, f64::min);
        println!(
            "{query:?} typed at once after the first Ctrl-f, to the first results, min / max of {runs}|{:.1} / {:.1}|ms",
            min(&first),
            max(&first)
        );
        println!(
            "{query:?} ... to the whole hit list, min / max|{:.0} / {:.0}|ms",
            min(&whole),
            max(&whole)
        );
    }
}
