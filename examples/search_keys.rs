//! Issue #15's figures without criterion: at 100,000 generated drafts, the time of one
//! filter keystroke (the word pass included) and one word search over headlines and
//! bodies, p50 and p99 of 30 runs each: `cargo run --example search_keys`.

use std::time::Instant;

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;

fn p50_p99(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.99))
}

fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    p50_p99(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn main() {
    let items = desk_gen::items(100_000);
    let m = briefdesk::filter::Matcher::default();
    let hay = briefdesk::filter::Haystacks::new(items.iter().map(|i| i.headline.as_str()));
    for q in ["r", "iran", "ransm"] {
        let (p50, p99) = time(30, || {
            std::hint::black_box(m.rank_prepared(&hay, None, q, &|| false));
        });
        println!("filter keystroke {q:?}: p50 {p50:.1} ms, p99 {p99:.1} ms");
    }
    let t = Instant::now();
    let folded: Vec<String> = items
        .iter()
        .map(|i| briefdesk::search::fold_draft(&i.headline, &i.body))
        .collect();
    println!(
        "folding 100,000 drafts once: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    for q in ["iran", "ransomware port", "\"the port\""] {
        let Some(s) = briefdesk::search::Search::parse(q) else {
            continue;
        };
        let (p50, p99) = time(30, || {
            std::hint::black_box(folded.iter().filter(|f| s.matches_folded(f)).count());
        });
        let n = folded.iter().filter(|f| s.matches_folded(f)).count();
        println!("word search {q:?} ({n} hits): p50 {p50:.1} ms, p99 {p99:.1} ms");
    }
}
