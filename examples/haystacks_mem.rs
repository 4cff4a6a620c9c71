//! What the fuzzy filter's prepared headlines (`filter::Haystacks`) hold in memory, for
//! issue #19's idle-desk row: VmRSS before and after preparing N generated headlines.
//!
//! ```text
//! cargo run --release --example haystacks_mem -- 1000000
//! ```

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;

use briefdesk::filter::Haystacks;

/// This process's resident memory, in MB (0 when /proc is not there).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = desk_gen::Rng::new(19);
    let heads: Vec<String> = (0..n).map(|_| desk_gen::headline(&mut rng)).collect();
    let text: usize = heads.iter().map(String::len).sum();
    briefdesk::malloc::trim();
    let before = rss_mb();
    let hay = Haystacks::new(heads.iter().map(String::as_str));
    briefdesk::malloc::trim();
    let after = rss_mb();
    println!(
        "{n} headlines, {:.1} MB of text; VmRSS {before:.1} -> {after:.1} MB: Haystacks {:.1} MB ({} kept)",
        text as f64 / 1e6,
        after - before,
        hay.len()
    );
}
