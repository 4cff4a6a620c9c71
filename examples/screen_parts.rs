//! Issue #19, the fuzzy filter at N generated headlines (`tests/support/desk_gen.rs`): for
//! each query typed a letter at a time, the whole ranking (`rank_prepared`, 2 threads)
//! of every headline and of the last query's hits, and the first screen of 100 rows
//! (`first_screen`, over every headline and over the last hits; `first_screen_after`,
//! from the last whole ranking's scores, as the desk's worker does). Median of 5.
//!
//! ```text
//! cargo run --release --example screen_parts -- 1000000 [QUERY]
//! ```

use std::time::{Duration, Instant};

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use briefdesk::filter::screen::Prior;
use briefdesk::filter::{Haystacks, Matcher};

fn median(mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let query = args.next().unwrap_or_else(|| "ransm".into());
    let t = Instant::now();
    let heads: Vec<String> = desk_gen::items(n).into_iter().map(|i| i.headline).collect();
    let hay = Haystacks::new(heads.iter().map(String::as_str));
    eprintln!(
        "{n} headlines generated and prepared in {:.1?}",
        t.elapsed()
    );
    let m = Matcher::default();
    let mut last: Option<Vec<u32>> = None;
    let mut last_scored: Option<(String, Vec<u32>, Vec<u32>)> = None;
    for end in 1..=query.chars().count() {
        let q: String = query.chars().take(end).collect();
        let mut all = Vec::new();
        let whole = median(|| {
            all = m
                .rank_prepared(&hay, None, &q, &|| false)
                .unwrap_or_default()
        });
        let within = last.as_deref();
        let narrowed = median(|| {
            m.rank_prepared(&hay, within, &q, &|| false);
        });
        let mut screen = None;
        let first = median(|| screen = m.first_screen(&hay, None, &q, 100, usize::MAX));
        let first_in = median(|| {
            m.first_screen(&hay, within, &q, 100, usize::MAX);
        });
        let ok = screen
            .as_ref()
            .map(|s| s.rows[..] == all[..all.len().min(100)]);
        eprintln!(
            "{q:>8}: {} hits; whole {whole:.1?}, within the last hits ({}) {narrowed:.1?}; first screen {first:.1?} (same rows: {ok:?}), within the last hits {first_in:.1?}",
            all.len(),
            within.map_or(0, <[u32]>::len),
        );
        let mut after = None;
        let from_scores = median(|| {
            after = last_scored.as_ref().and_then(|(query, hits, scores)| {
                let prior = Prior {
                    query,
                    hits,
                    scores,
                };
                m.first_screen_from(&hay, Some(prior), &q, 100, usize::MAX)
            })
        });
        let mut only_after = None;
        let after_only = median(|| {
            only_after = last_scored.as_ref().and_then(|(query, hits, scores)| {
                let prior = Prior {
                    query,
                    hits,
                    scores,
                };
                m.first_screen_after(&hay, prior, &q, 100, usize::MAX)
            })
        });
        let ok_only = only_after
            .as_ref()
            .map(|s| s.rows[..] == all[..all.len().min(100)]);
        eprintln!(
            "{q:>8}: first screen from the last ranking's scores (first_screen_after) {after_only:.1?} (same rows: {ok_only:?})"
        );
        let ok_after = after
            .as_ref()
            .map(|s| s.rows[..] == all[..all.len().min(100)]);
        eprintln!(
            "{q:>8}: first screen as the worker finds it after the last ranking (first_screen_from) {from_scores:.1?} (same rows: {ok_after:?})"
        );
        last_scored = m
            .rank_prepared_scored(&hay, None, &q, &|| false)
            .map(|(h, s)| (q.clone(), h, s));
        last = Some(all);
    }
}
