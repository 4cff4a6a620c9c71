//! Issue #15's figures without criterion, at 100,000 generated drafts (`desk_gen::items`):
//!
//! - the fuzzy filter: one whole ranking of every headline, the word pass included (what
//!   the desk's worker does for a key), p50 / p99 of 30 runs, the word pass as the desk does
//!   it (a search in a lower-case copy) and as it did before (a scan of every char);
//! - the word search: folding every draft once, copying the texts for a desk revision, one
//!   search over the folded texts (the worker's part of a key), p50 / p99 of 30 runs;
//! - the word search in the desk itself (`App`, `Ctrl-f`, then a query typed a letter at a
//!   time): the key (what the key loop spends before it reads the next key) and the key
//!   until its hits are in the list (the worker's answer applied), p50 / p99 over every
//!   letter of 10 typings; the first `Ctrl-f` of the session, and the turns of the event
//!   loop that take the drafts' texts a slice at a time after it.
//!
//! ```text
//! cargo run --release --example search_keys
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use briefdesk::model::Desk;
use briefdesk::search::{Folds, Search, Texts};
use briefdesk::tui::app::Config;
use briefdesk::tui::events::Event;
use briefdesk::tui::{App, update};

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;

fn p50_p99(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.99))
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    p50_p99(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                ms(t)
            })
            .collect(),
    )
}

fn main() {
    let items = desk_gen::items(100_000);
    let m = briefdesk::filter::Matcher::default();
    let hay = briefdesk::filter::Haystacks::new(items.iter().map(|i| i.headline.as_str()));
    let scanning = briefdesk::filter::Haystacks::new(items.iter().map(|i| i.headline.as_str()))
        .scanning_words();
    for q in ["r", "iran", "ransm"] {
        for (how, hay) in [("lower-case copy", &hay), ("scan of every char", &scanning)] {
            let (p50, p99) = time(30, || {
                std::hint::black_box(m.rank_prepared(hay, None, q, &|| false));
            });
            println!("filter ranking {q:?}, word pass by {how}: p50 {p50:.1} ms, p99 {p99:.1} ms");
        }
    }

    let t = Instant::now();
    let texts = Arc::new(Texts::new(items.iter().rev()));
    println!(
        "copying the texts of 100,000 drafts (a desk revision): {:.1} ms",
        ms(t)
    );
    let mut folds = Folds::default();
    let any = Search::parse("x").expect("a query");
    let t = Instant::now();
    folds.search(&texts, &any, None, &|| false);
    println!("folding 100,000 drafts once: {:.0} ms", ms(t));
    for q in ["iran", "ransomware port", "\"the port\""] {
        let Some(s) = Search::parse(q) else { continue };
        let (p50, p99) = time(30, || {
            std::hint::black_box(folds.search(&texts, &s, None, &|| false));
        });
        let n = folds
            .search(&texts, &s, None, &|| false)
            .map_or(0, |h| h.len());
        println!("word search {q:?} ({n} hits): p50 {p50:.1} ms, p99 {p99:.1} ms");
    }

    // The desk: Ctrl-f, then the query typed a letter at a time.
    let mut desk = Desk::new();
    for it in items {
        desk.items.insert(it.id, it);
    }
    let mut app = App::new(desk, None, Config::default());
    let key = |c: char, mods| KeyEvent::new(KeyCode::Char(c), mods);
    let (mut keys, mut answered, mut starts) = (Vec::new(), Vec::new(), Vec::new());
    // The first Ctrl-f takes a slice of the texts; the event loop's turns take the rest
    // (a turn being what the loop spends between two looks at the terminal).
    let t = Instant::now();
    app.handle_key(key('f', KeyModifiers::CONTROL));
    let first = ms(t);
    let mut turns = Vec::new();
    while app.taking_texts() {
        let t = Instant::now();
        update(&mut app, Event::TakeTexts);
        turns.push(ms(t));
    }
    let all_in = ms(t);
    println!("desk Ctrl-f, the first of the session (the key): {first:.1} ms");
    let n = turns.len();
    let (p50, p99) = p50_p99(turns.clone());
    let max = turns.iter().copied().fold(0.0, f64::max);
    println!(
        "desk texts taken between keys: {n} turns, p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms; all in after {all_in:.0} ms"
    );
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    let query = "ransomware port";
    for _ in 0..10 {
        let t = Instant::now();
        app.handle_key(key('f', KeyModifiers::CONTROL));
        starts.push(ms(t));
        for c in query.chars() {
            let t = Instant::now();
            app.handle_key(key(c, KeyModifiers::NONE));
            keys.push(ms(t));
            assert!(app.settle_drafts(Duration::from_secs(60)), "no answer");
            answered.push(ms(t));
        }
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    }
    let (p50, p99) = p50_p99(starts);
    println!("desk Ctrl-f, again (the texts kept): p50 {p50:.1} ms, p99 {p99:.1} ms");
    let (p50, p99) = p50_p99(keys);
    println!("desk word search {query:?}, the key: p50 {p50:.2} ms, p99 {p99:.2} ms");
    let (p50, p99) = p50_p99(answered);
    println!("desk word search {query:?}, key to hits listed: p50 {p50:.1} ms, p99 {p99:.1} ms");

    // An edit during the search (`s` on the first hit, then `u`): a new desk revision,
    // whose texts are the kept ones but for the draft touched.
    app.handle_key(key('f', KeyModifiers::CONTROL));
    for c in "port".chars() {
        app.handle_key(key(c, KeyModifiers::NONE));
    }
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(app.settle_drafts(Duration::from_secs(60)), "no answer");
    let mut edits = Vec::new();
    for k in 0..20 {
        let t = Instant::now();
        app.handle_key(key(if k % 2 == 0 { 's' } else { 'u' }, KeyModifiers::NONE));
        edits.push(ms(t));
        assert!(app.settle_drafts(Duration::from_secs(60)), "no answer");
    }
    let (p50, p99) = p50_p99(edits);
    println!("desk edit key during a word search (s / u): p50 {p50:.1} ms, p99 {p99:.1} ms");
    // The same edit keys without a search: what a new desk revision costs the list anyway.
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    let mut plain = Vec::new();
    for k in 0..20 {
        let t = Instant::now();
        app.handle_key(key(if k % 2 == 0 { 's' } else { 'u' }, KeyModifiers::NONE));
        plain.push(ms(t));
    }
    let (p50, p99) = p50_p99(plain);
    println!("desk edit key without a search (s / u): p50 {p50:.1} ms, p99 {p99:.1} ms");
}
