//! What the fuzzy filter's prepared headlines (`filter::Haystacks`) hold in memory, for
//! issue #19's idle-desk row: VmRSS before and after preparing N generated headlines.
//!
//! ```text
//! cargo run --release --example haystacks_mem -- 1000000
//! cargo run --release --example haystacks_mem -- --desk DIR   # the opened desk, then its Haystacks
//! ```

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;

use briefdesk::filter::Haystacks;

#[path = "support/rss.rs"]
mod rss;
use rss::rss_mb;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, dir] = args.as_slice()
        && flag == "--desk"
    {
        return desk(std::path::Path::new(dir));
    }
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
    Ok(())
}

/// VmRSS of the desk as `Store::open` gives it (bodies in their chunk files), then with the
/// filter's prepared headlines of every draft.
fn desk(dir: &std::path::Path) -> anyhow::Result<()> {
    briefdesk::malloc::tune();
    let start = rss_mb();
    let (_store, desk) = briefdesk::store::Store::open(dir)?;
    briefdesk::malloc::trim();
    let opened = rss_mb();
    let heads: usize = desk.items.values().map(|i| i.headline.len()).sum();
    let hay = Haystacks::new(desk.items.values().rev().map(|i| i.headline.as_str()));
    briefdesk::malloc::trim();
    let prepared = rss_mb();
    println!(
        "{} drafts ({:.1} MB of headlines): VmRSS {start:.1} at start, {opened:.1} opened (the desk: {:.1} MB), {prepared:.1} with Haystacks ({:.1} MB, {} kept)",
        desk.items.len(),
        heads as f64 / 1e6,
        opened - start,
        prepared - opened,
        hay.len()
    );
    Ok(())
}
