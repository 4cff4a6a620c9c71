//! What a derived per-chunk word index would cost and save (issue #19, the rare word): a
//! small Bloom filter of each chunk file's folded word starts, of a few fixed lengths, that
//! lets the word search's fold skip the chunks that cannot hold a query's words. Not
//! shipped: this measures the design in docs/benchmarks.md (section "The rare word") on
//! generated drafts in memory (`tests/support/desk_gen.rs`, the same drafts `gen_desk`
//! writes), no desk on disk.
//!
//! ```text
//! cargo build --release --example word_index
//! target/release/examples/word_index 1000000
//! ```
//!
//! A rare id (`CVE-2031-48213`) is put into the bodies of 5 drafts spread over the desk.
//! Printed: the index's size, the time to build it (per chunk, as a save would, and for
//! the whole desk, as `doctor` would), and for a few queries how many chunks the index lets
//! through (those the fold would still read) and the time to ask it.

use std::time::Instant;

use briefdesk::search::{Search, fold_draft};

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;

/// Drafts per chunk file, as the store writes them.
const PER_CHUNK: u64 = 64;
/// The word starts indexed: a query word is looked up by its longest start of these
/// lengths (a word shorter than the shortest cannot skip anything).
const STARTS: [usize; 3] = [3, 5, 8];
/// Bits per entry and hashes: about 1% false positives.
const BITS_PER_ENTRY: usize = 10;
const HASHES: u64 = 7;

/// FNV-1a, 64 bits: stable across builds and machines (a file on disk must be).
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

struct Bloom {
    bits: Vec<u64>,
}

impl Bloom {
    fn of(entries: &std::collections::HashSet<&[u8]>) -> Bloom {
        let n_bits = (entries.len() * BITS_PER_ENTRY).max(64).next_power_of_two();
        let mut bits = vec![0u64; n_bits / 64];
        for e in entries {
            for b in Bloom::probes(e, n_bits) {
                bits[b / 64] |= 1 << (b % 64);
            }
        }
        Bloom { bits }
    }

    fn probes(e: &[u8], n_bits: usize) -> impl Iterator<Item = usize> {
        let h = fnv(e);
        let (h1, h2) = (h & 0xffff_ffff, (h >> 32) | 1);
        (0..HASHES).map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) as usize) & (n_bits - 1))
    }

    fn may_hold(&self, e: &[u8]) -> bool {
        let n_bits = self.bits.len() * 64;
        Bloom::probes(e, n_bits).all(|b| self.bits[b / 64] & (1 << (b % 64)) != 0)
    }

    fn bytes(&self) -> usize {
        self.bits.len() * 8
    }
}

/// Every word start of the indexed lengths in a folded text.
fn starts(folded: &str) -> impl Iterator<Item = &[u8]> {
    folded.split(' ').flat_map(|w| {
        STARTS
            .iter()
            .filter(move |&&n| w.len() >= n)
            .map(move |&n| &w.as_bytes()[..n])
    })
}

/// What to look up for a query: the longest indexed start of each of its words (every
/// word of a phrase starts a word of the text too); none when no word is long enough.
fn lookups(query: &str) -> Vec<Vec<u8>> {
    let folded = briefdesk::search::fold(&query.replace('"', " "));
    folded
        .split_whitespace()
        .filter_map(|w| {
            let n = STARTS.iter().rev().find(|&&n| w.len() >= n)?;
            Some(w.as_bytes()[..*n].to_vec())
        })
        .collect()
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let rare = "CVE-2031-48213";
    let planted: Vec<u64> = (1..=5).map(|k| k * n / 6).collect();
    let mut rng = desk_gen::Rng::new(7);
    let mut blooms = Vec::new();
    let mut folded_chunks = Vec::new();
    let (mut entries_total, mut fold_ms, mut build_ms) = (0usize, 0f64, 0f64);
    let mut oldest_head = String::new();
    let mut id = 1;
    let t_all = Instant::now();
    while id <= n {
        let mut folded = Vec::new();
        let t = Instant::now();
        for id in id..(id + PER_CHUNK).min(n + 1) {
            let mut it = desk_gen::item(&mut rng, id);
            if id == 1 {
                oldest_head = it.headline.split(' ').take(3).collect::<Vec<_>>().join(" ");
            }
            if planted.contains(&id) {
                it.body.push(format!("The flaw is tracked as {rare}."));
            }
            folded.push(fold_draft(&it.headline, it.body.lines()));
        }
        fold_ms += t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let set: std::collections::HashSet<&[u8]> = folded.iter().flat_map(|f| starts(f)).collect();
        entries_total += set.len();
        blooms.push(Bloom::of(&set));
        build_ms += t.elapsed().as_secs_f64() * 1e3;
        // Kept at 100,000 only, to check no chunk with a hit is ever skipped.
        if n <= 100_000 {
            folded_chunks.push(folded);
        }
        id += PER_CHUNK;
    }
    let chunks = blooms.len();
    let bytes: usize = blooms.iter().map(Bloom::bytes).sum();
    println!("drafts|{n}|");
    println!("chunk files|{chunks}|");
    println!(
        "generating and folding the drafts (not the index's cost)|{:.0}|ms",
        fold_ms
    );
    println!(
        "index entries per chunk, mean (distinct word starts of 3, 5, 8)|{}|",
        entries_total / chunks
    );
    println!("index size|{:.1}|MB", bytes as f64 / 1e6);
    println!("index size per chunk, mean|{}|bytes", bytes / chunks);
    println!(
        "building the index from folded chunks, whole desk (doctor)|{:.0}|ms",
        build_ms
    );
    println!(
        "building one chunk's entry (a save), mean|{:.3}|ms",
        build_ms / chunks as f64
    );
    let _ = t_all;
    for query in [
        rare.to_string(),
        format!("\"{oldest_head}\""),
        "ransomware port".to_string(),
        "zzqxv".to_string(),
        "r".to_string(),
    ] {
        let want = lookups(&query);
        let t = Instant::now();
        let through: Vec<usize> = (0..chunks)
            .filter(|&k| want.iter().all(|w| blooms[k].may_hold(w)))
            .collect();
        let ask_ms = t.elapsed().as_secs_f64() * 1e3;
        let mut missed = 0;
        if let Some(search) = Search::parse(&query) {
            for (k, folded) in folded_chunks.iter().enumerate() {
                if folded.iter().any(|f| search.matches_folded(f)) && !through.contains(&k) {
                    missed += 1;
                }
            }
        }
        println!(
            "query {query:?}: chunks the index lets through (of {chunks})|{}|",
            through.len()
        );
        println!("query {query:?}: asking the index|{ask_ms:.1}|ms");
        if n <= 100_000 {
            // Must be 0: a chunk holding a hit is never skipped.
            println!("query {query:?}: chunks with a hit skipped|{missed}|");
        }
    }
}
