//! One `diff` of a big issue, for its time and (under `/usr/bin/time -v`) its peak memory:
//! `cargo run --release --example diff_big [BULLETS] [--print]` (default 50,000; see
//! docs/benchmarks.md, "diff").

use std::time::Instant;

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
use briefdesk::model::diff::diff;
use desk_gen as bs;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let (old, new) = bs::diff_pair(n);
    let t = Instant::now();
    let changes = diff(&old, &new);
    if std::env::args().any(|a| a == "--print") {
        for c in &changes {
            println!("{}", c.describe());
        }
    }
    println!(
        "{n} bullets: {} changes in {:.1} ms",
        changes.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
}
