//! What the per-chunk word index costs and saves (issue #19, the rare word): the store's
//! own filters (`store::Bloom`, as `store/word_index.rs` writes them in `items/.words-NNNN`)
//! built in memory from generated drafts (`tests/support/desk_gen.rs`, the same drafts
//! `gen_desk` writes), no desk on disk.
//!
//! ```text
//! cargo build --release --example word_index
//! target/release/examples/word_index 1000000
//! ```
//!
//! A rare id (`CVE-2031-48213`) is put into the bodies of 5 drafts spread over the desk.
//! Printed: the index's size, the time to build it (per chunk, as a save does, and for the
//! whole desk, as `doctor` does), and for a few queries how many chunks the fold still
//! reads (a chunk is read unless the filter rules out every draft of it: a start its
//! bodies cannot hold and that starts no word of the draft's headline) and the time to ask.

use std::time::Instant;

use briefdesk::search::{Search, fold, fold_draft};
use briefdesk::store::{Bloom, Probes};

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;

/// Drafts per chunk file, as the store writes them.
const PER_CHUNK: u64 = 64;

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let rare = "CVE-2031-48213";
    let planted: Vec<u64> = (1..=5).map(|k| k * n / 6).collect();
    let mut rng = desk_gen::Rng::new(7);
    // Per chunk: its filter, its drafts' folded headlines (what the fold checks), and at
    // 100,000 their whole folded texts (to check no chunk with a hit is skipped).
    let mut blooms = Vec::new();
    let mut headlines: Vec<Vec<String>> = Vec::new();
    let mut folded_chunks = Vec::new();
    let (mut gen_ms, mut build_ms) = (0f64, 0f64);
    let mut oldest_head = String::new();
    let mut id = 1;
    while id <= n {
        let t = Instant::now();
        let mut items = Vec::new();
        for id in id..(id + PER_CHUNK).min(n + 1) {
            let mut it = desk_gen::item(&mut rng, id);
            if id == 1 {
                oldest_head = it.headline.split(' ').take(3).collect::<Vec<_>>().join(" ");
            }
            if planted.contains(&id) {
                it.body.push(format!("The flaw is tracked as {rare}."));
            }
            items.push(it);
        }
        let bodies: Vec<Vec<String>> = items.iter().map(|it| it.body.to_vec()).collect();
        gen_ms += t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        blooms.push(Bloom::of_bodies(bodies.iter().map(Vec::as_slice)));
        build_ms += t.elapsed().as_secs_f64() * 1e3;
        headlines.push(items.iter().map(|it| fold(&it.headline)).collect());
        if n <= 100_000 {
            folded_chunks.push(
                items
                    .iter()
                    .map(|it| fold_draft(&it.headline, it.body.lines()))
                    .collect::<Vec<_>>(),
            );
        }
        id += PER_CHUNK;
    }
    let chunks = blooms.len();
    let bytes: usize = blooms.iter().map(Bloom::bytes).sum();
    println!("drafts|{n}|");
    println!("chunk files|{chunks}|");
    println!("generating the drafts (not the index's cost)|{gen_ms:.0}|ms");
    println!("index size (filters)|{:.1}|MB", bytes as f64 / 1e6);
    println!("index size per chunk, mean|{}|bytes", bytes / chunks);
    println!("building the index from the bodies, whole desk (doctor)|{build_ms:.0}|ms");
    println!(
        "building one chunk's entry (a save), mean|{:.3}|ms",
        build_ms / chunks as f64
    );
    for query in [
        rare.to_string(),
        format!("\"{oldest_head}\""),
        "ransomware port".to_string(),
        "zzqxv".to_string(),
        "r".to_string(),
    ] {
        let Some(search) = Search::parse(&query) else {
            continue;
        };
        let t = Instant::now();
        let probes = Probes::of(search.words());
        let read: Vec<usize> = (0..chunks)
            .filter(|&k| {
                let missing = blooms[k].missing(&probes);
                missing.is_empty() || headlines[k].iter().any(|h| !missing.rules_out(h))
            })
            .collect();
        let ask_ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "query {query:?}: chunks the fold still reads (of {chunks})|{}|",
            read.len()
        );
        println!("query {query:?}: asking the index and the headlines|{ask_ms:.1}|ms");
        if n <= 100_000 {
            // Must be 0: a chunk holding a hit is never skipped.
            let missed = folded_chunks
                .iter()
                .enumerate()
                .filter(|(k, f)| f.iter().any(|f| search.matches_folded(f)) && !read.contains(k))
                .count();
            println!("query {query:?}: chunks with a hit skipped|{missed}|");
        }
    }
}
