//! skim (fuzzy-matcher) against nucleo-matcher on the 100,000 generated headlines:
//! `cargo bench --bench matcher`. Each run scores every headline against one query, as a
//! fresh filter does (no narrowing), on one thread. Also prints how many match.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Utf32Str};

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use desk_gen as bs;

const QUERIES: [&str; 3] = ["r", "ransm", "iran sanctions"];

fn matchers(c: &mut Criterion) {
    let heads: Vec<String> = bs::items(100_000).into_iter().map(|i| i.headline).collect();
    let skim = SkimMatcherV2::default().smart_case();
    let mut nucleo = nucleo_matcher::Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    for q in QUERIES {
        let atom = Atom::new(
            q,
            CaseMatching::Smart,
            Normalization::Smart,
            AtomKind::Fuzzy,
            false,
        );
        let n_skim = heads
            .iter()
            .filter(|h| skim.fuzzy_match(h, q).is_some())
            .count();
        let n_nucleo = heads
            .iter()
            .filter(|h| {
                atom.score(Utf32Str::new(h, &mut buf), &mut nucleo)
                    .is_some()
            })
            .count();
        eprintln!("query {q:?}: skim matches {n_skim}, nucleo {n_nucleo} of 100,000");
        c.bench_function(&format!("skim score 100k {q:?}"), |b| {
            b.iter(|| {
                heads
                    .iter()
                    .filter_map(|h| skim.fuzzy_match(black_box(h), q))
                    .count()
            })
        });
        c.bench_function(&format!("nucleo score 100k {q:?}"), |b| {
            b.iter(|| {
                heads
                    .iter()
                    .filter_map(|h| atom.score(Utf32Str::new(black_box(h), &mut buf), &mut nucleo))
                    .count()
            })
        });
    }
}

/// Issue #15: the desk's filter with the word pass, and the word search over headlines and
/// bodies (folded once per desk revision, as the desk would), at 100,000 drafts.
fn word_pass_and_search(c: &mut Criterion) {
    let items = bs::items(100_000);
    let m = briefdesk::filter::Matcher::default();
    let hay = briefdesk::filter::Haystacks::new(items.iter().map(|i| i.headline.as_str()));
    for q in ["r", "iran", "ransm"] {
        c.bench_function(
            &format!("filter keystroke with word pass 100k {q:?}"),
            |b| b.iter(|| m.rank_prepared(&hay, None, black_box(q), &|| false)),
        );
    }
    let folded: Vec<String> = items
        .iter()
        .map(|i| briefdesk::search::fold_draft(&i.headline, &i.body))
        .collect();
    for q in ["iran", "ransomware port", "\"the port\""] {
        let Some(s) = briefdesk::search::Search::parse(q) else {
            continue;
        };
        let n = folded.iter().filter(|f| s.matches_folded(f)).count();
        eprintln!("word search {q:?}: {n} of 100,000");
        c.bench_function(&format!("word search bodies 100k {q:?}"), |b| {
            b.iter(|| {
                folded
                    .iter()
                    .filter(|f| s.matches_folded(black_box(f)))
                    .count()
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = matchers, word_pass_and_search
}
criterion_main!(benches);
