//! Where one Drafts ranking at 100,000 headlines spends its time (see docs/benchmarks.md,
//! round 4): `cargo run --release --example rank_parts [QUERY...]`. One thread each,
//! in-memory generated headlines (`tests/support/desk_gen.rs`), 7 runs per figure, the median printed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Utf32Str, Utf32String};

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use briefdesk::filter::{Haystacks, Matcher};
use desk_gen as bs;

fn median(mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[3]
}

fn main() {
    let mut queries: Vec<String> = std::env::args().skip(1).collect();
    if queries.is_empty() {
        queries = ["r", "ra", "ran", "rans", "ransm"]
            .map(String::from)
            .to_vec();
    }
    let heads: Vec<String> = bs::items(100_000).into_iter().map(|i| i.headline).collect();
    let non_ascii = heads.iter().filter(|h| !h.is_ascii()).count();
    eprintln!("100,000 headlines, {non_ascii} not ASCII");
    let mut cfg = Config::DEFAULT;
    cfg.prefer_prefix = true;
    let mut m = nucleo_matcher::Matcher::new(cfg.clone());
    let mut buf = Vec::new();
    let pre: Vec<Utf32String> = heads
        .iter()
        .map(|h| Utf32String::from(h.as_str()))
        .collect();
    let matcher = Matcher::default();
    let mut hay = Haystacks::default();
    let build = median(|| hay = Haystacks::new(heads.iter().map(String::as_str)));
    eprintln!("Haystacks::new (once per desk revision): {build:.2?}");
    for q in &queries {
        let atom = Atom::new(
            q,
            CaseMatching::Smart,
            Normalization::Smart,
            AtomKind::Fuzzy,
            false,
        );
        let conv = median(|| {
            for h in &heads {
                black_box(Utf32Str::new(black_box(h), &mut buf));
            }
        });
        let mut keys = Vec::new();
        let score_new = median(|| {
            keys = heads
                .iter()
                .enumerate()
                .filter_map(|(i, h)| {
                    atom.score(Utf32Str::new(h, &mut buf), &mut m)
                        .map(|s| (u64::from(u16::MAX - s) << 32) | i as u64)
                })
                .collect();
        });
        let score_pre = median(|| {
            black_box(
                pre.iter()
                    .filter_map(|h| atom.score(h.slice(..), &mut m))
                    .count(),
            );
        });
        let n = keys.len();
        // Whether each headline matches, without the optimal score (greedy match, as
        // nucleo's lowercase-query settings): what a count of the hits alone would cost.
        let mut greedy = nucleo_matcher::Matcher::new(cfg.clone());
        greedy.config.ignore_case = q.chars().all(|c| !c.is_uppercase());
        let mut count = 0;
        let matched = median(|| {
            count = heads
                .iter()
                .filter(|h| {
                    greedy
                        .fuzzy_match_greedy(Utf32Str::new(h, &mut buf), atom.needle_text())
                        .is_some()
                })
                .count();
        });
        // The candidates whose first char is the query's (any case): the only ones that
        // can reach the top score when enough headlines start with the query.
        let first = q.chars().next().unwrap_or(' ').to_ascii_lowercase();
        let starting = heads
            .iter()
            .filter(|h| h.chars().next().map(|c| c.to_ascii_lowercase()) == Some(first))
            .count();
        let sort = median(|| {
            let mut k = keys.clone();
            k.sort_unstable();
            black_box(k);
        });
        let whole = median(|| {
            black_box(
                matcher.rank(
                    heads
                        .iter()
                        .enumerate()
                        .map(|(i, h)| (i as u32, h.as_str())),
                    q,
                ),
            );
        });
        let prepared = median(|| {
            black_box(matcher.rank_prepared(&hay, None, q, &|| false));
        });
        eprintln!(
            "{q:>6}: {n:>6} hits; Utf32Str::new {conv:.2?}; score (new each) {score_new:.2?}; score (precomputed) {score_pre:.2?}; sort {sort:.2?}; greedy match only {matched:.2?} ({count} hits); {starting} start with {first:?}; Matcher::rank (2 threads) {whole:.2?}; rank_prepared (2 threads) {prepared:.2?}"
        );
    }
}
