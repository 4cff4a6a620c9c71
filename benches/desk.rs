//! The 100,000-draft benchmarks. `cargo bench --bench desk` (see docs/benchmarks.md).
//!
//! The desks are generated once into `target/bench-desks/` (deterministic, see
//! `tests/support/desk_gen.rs`) and reused. Figures that criterion does not report (p50/p99
//! per key, bytes per save) are printed to stderr.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use briefdesk::model::{Command, History, ItemId};
use briefdesk::store::Store;
use briefdesk::tui::app::{App, Config};
use briefdesk::tui::events::Event;
use briefdesk::tui::{draw, update};
use desk_gen as bs;

const N: u64 = 100_000;
/// Typed letter by letter in the filter benchmark.
const QUERY: &str = "ransm";

fn desks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-desks")
}

fn desk_dir(name: &str, n: u64) -> PathBuf {
    let dir = desks_dir().join(name);
    if let Err(e) = bs::ensure_desk(&dir, n) {
        panic!("cannot make the benchmark desk {}: {e}", dir.display());
    }
    dir
}

fn app_for(dir: &Path) -> App {
    let (_store, desk) = Store::open(dir).expect("open the desk");
    new_app(desk)
}

fn new_app(desk: briefdesk::model::Desk) -> App {
    let mut app = App::new(desk, None, Config::default());
    update(&mut app, Event::Resize(120, 40));
    app
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn import(c: &mut Criterion) {
    let items = bs::items(N);
    let text = bs::live_text(&items);
    drop(items);
    let empty = briefdesk::model::Desk::new();
    c.bench_function("import 100k (parse + plan)", |b| {
        b.iter(|| {
            let imported =
                briefdesk::format::import::parse(black_box(text.as_bytes()), None).expect("parse");
            let (cmds, report) = briefdesk::format::import::plan(&empty, imported);
            assert_eq!(report.items_added, N as usize);
            black_box(cmds)
        })
    });
}

fn load(c: &mut Criterion) {
    let dir = desk_dir("100k", N);
    c.bench_function("load 100k (Store::open)", |b| {
        b.iter(|| {
            let (_store, desk) = Store::open(&dir).expect("open");
            assert_eq!(desk.items.len(), N as usize);
            desk
        })
    });
    c.bench_function("first frame 100k (open + App::new + draw 120x40)", |b| {
        b.iter(|| {
            let (_store, desk) = Store::open(&dir).expect("open");
            let mut app = new_app(desk);
            let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            term.draw(|f| draw(&app, f)).expect("draw");
            app.quit = true;
            app
        })
    });
}

/// One key as the real loop handles it: update, then draw a frame.
fn key_and_frame(app: &mut App, term: &mut Terminal<TestBackend>, k: KeyEvent) {
    app.handle_key(k);
    term.draw(|f| draw(app, f)).expect("draw");
}

fn filter(c: &mut Criterion) {
    let dir = desk_dir("100k", N);
    let mut app = app_for(&dir);
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    term.draw(|f| draw(&app, f)).expect("draw");

    // p50 / p99 per key: 20 rounds of typing the query letter by letter, then Esc. Two
    // figures per key: the key itself (update + frame: the ranking goes to the worker
    // thread, the frame shows the last result), and until the new ranking is on screen
    // (the key, waiting for the worker, applying its answer, a second frame).
    let mut per_key = Vec::new();
    let mut ranked = Vec::new();
    let mut per_letter: Vec<Vec<Duration>> = vec![Vec::new(); QUERY.len()];
    for _ in 0..20 {
        key_and_frame(&mut app, &mut term, key('/'));
        for (i, ch) in QUERY.chars().enumerate() {
            let t = Instant::now();
            key_and_frame(&mut app, &mut term, key(ch));
            per_key.push(t.elapsed());
            assert!(app.settle_drafts(Duration::from_secs(60)), "ranked");
            term.draw(|f| draw(&app, f)).expect("draw");
            let d = t.elapsed();
            ranked.push(d);
            per_letter[i].push(d);
        }
        key_and_frame(&mut app, &mut term, KeyEvent::from(KeyCode::Esc));
    }
    per_key.sort();
    ranked.sort();
    eprintln!(
        "filter keystroke at 100k (update + 120x40 frame), query {QUERY:?}, {} keys: p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        per_key.len(),
        percentile(&per_key, 0.50),
        percentile(&per_key, 0.99),
        per_key.last().copied().unwrap_or_default()
    );
    eprintln!(
        "  until the new ranking is on screen: p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        percentile(&ranked, 0.50),
        percentile(&ranked, 0.99),
        ranked.last().copied().unwrap_or_default()
    );
    for (i, mut v) in per_letter.into_iter().enumerate() {
        v.sort();
        eprintln!(
            "  key {} ({:?}) until ranked on screen: p50 {:.2?}, max {:.2?}",
            i + 1,
            &QUERY[..=i],
            percentile(&v, 0.5),
            v.last().copied().unwrap_or_default()
        );
    }

    c.bench_function(
        "filter 100k: type 5 letters, a frame each, each ranking waited for",
        |b| {
            b.iter(|| {
                key_and_frame(&mut app, &mut term, key('/'));
                for ch in QUERY.chars() {
                    key_and_frame(&mut app, &mut term, key(ch));
                    assert!(app.settle_drafts(Duration::from_secs(60)), "ranked");
                    term.draw(|f| draw(&app, f)).expect("draw");
                }
                key_and_frame(&mut app, &mut term, KeyEvent::from(KeyCode::Esc));
            })
        },
    );
}

fn frames(c: &mut Criterion) {
    let dir = desk_dir("100k", N);
    let mut app = app_for(&dir);
    for (w, h) in [(80u16, 24u16), (200, 50)] {
        update(&mut app, Event::Resize(w, h));
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        c.bench_function(&format!("frame 100k {w}x{h}"), |b| {
            b.iter(|| {
                term.draw(|f| draw(&app, f)).expect("draw");
            })
        });
        c.bench_function(&format!("cursor move + frame 100k {w}x{h}"), |b| {
            let mut down = true;
            b.iter(|| {
                let k = if down { 'j' } else { 'k' };
                down = !down;
                key_and_frame(&mut app, &mut term, key(k));
            })
        });
    }
}

fn save(c: &mut Criterion) {
    for (name, n) in [("save-100", 100u64), ("save-100k", N)] {
        let dir = desk_dir(name, n);
        let (mut store, mut desk) = Store::open(&dir).expect("open");
        let total = bs::desk_bytes(&dir);
        let mut history = History::new();
        let mut round = 0u64;
        let id = ItemId(n / 2);
        let mut edit = |store: &mut Store, desk: &mut briefdesk::model::Desk| {
            round += 1;
            let mut item = desk.item(id).expect("item").clone();
            item.headline = format!("Edited Headline Round {}", round % 7);
            let done = history
                .perform(desk, &Command::EditItem { item })
                .expect("edit");
            store.append_journal(&done.edits).expect("journal");
            store.save(desk, &done.touched).expect("save")
        };
        let report = edit(&mut store, &mut desk);
        eprintln!(
            "save after one edit, {n} items: {} file(s), {} bytes written of {} desk bytes ({:.3}%)",
            report.files,
            report.bytes,
            total,
            report.bytes as f64 * 100.0 / total as f64
        );
        c.bench_function(&format!("save one edit at {n} items"), |b| {
            b.iter(|| edit(&mut store, &mut desk))
        });
    }
}

fn export(c: &mut Criterion) {
    let desk = bs::desk(0);
    let issue = bs::big_issue(&desk).expect("big issue").clone();
    let opts = briefdesk::format::export::Options::default();
    c.bench_function("export 1,000-bullet issue (md)", |b| {
        b.iter(|| {
            briefdesk::format::export::export(
                black_box(&issue),
                briefdesk::format::export::Format::Md,
                &opts,
            )
        })
    });
}

criterion_group! {
    name = benches;
    config = config();
    targets = import, load, filter, frames, save, export
}
criterion_main!(benches);
