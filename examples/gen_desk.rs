//! Write the 100,000-item benchmark desk, and the same drafts as text.
//!
//! ```text
//! cargo run --release --example gen_desk -- DIR [--items 100000]
//! ```
//!
//! Writes `DIR/desk/` (the desk), `DIR/headlines.txt` (one headline a line, newest first:
//! for `fzf --filter`), and `DIR/live-updates.txt` (the items as a live-updates page: for
//! `briefdesk import` and for opening in vim).

use std::path::PathBuf;
use std::time::Instant;

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use desk_gen as bs;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut n: u64 = 100_000;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--items" => {
                n = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| anyhow::anyhow!("--items needs a number"))?;
            }
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => anyhow::bail!("usage: gen_desk DIR [--items N]"),
        }
    }
    let dir = dir.ok_or_else(|| anyhow::anyhow!("usage: gen_desk DIR [--items N]"))?;
    let t = Instant::now();
    let desk = bs::desk(n);
    let desk_dir = dir.join("desk");
    if desk_dir.exists() {
        anyhow::bail!("{} exists: remove it first", desk_dir.display());
    }
    std::fs::create_dir_all(&dir)?;
    let report = bs::write_desk(&desk_dir, &desk)?;
    std::fs::write(dir.join("headlines.txt"), bs::headlines_text(&desk))?;
    let items: Vec<_> = desk.items.values().cloned().collect();
    std::fs::write(dir.join("live-updates.txt"), bs::live_text(&items))?;
    eprintln!(
        "{} items, {} issues: {} files, {} bytes in {} ({:.1?})",
        desk.items.len(),
        desk.issues.len(),
        report.files,
        report.bytes,
        desk_dir.display(),
        t.elapsed()
    );
    Ok(())
}
