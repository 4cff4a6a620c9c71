//! Where `list drafts --filter Q` spends its time (issue #19): the quick read of the heads,
//! the ranking, the printing (to a sink), each timed on its own, median of `--runs`.
//!
//! ```text
//! cargo run --release --example list_parts -- DESK [QUERY] [--runs 5]
//! ```

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use briefdesk::filter::Matcher;
use briefdesk::model::text::for_display;
use briefdesk::store;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut desk: Option<PathBuf> = None;
    let mut query = "ransom".to_string();
    let mut runs = 5;
    let mut positional = 0;
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args
                .next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| anyhow::anyhow!("--runs needs a number"))?;
            continue;
        }
        match positional {
            0 => desk = Some(PathBuf::from(a)),
            _ => query = a,
        }
        positional += 1;
    }
    let desk = desk.ok_or_else(|| anyhow::anyhow!("usage: list_parts DESK [QUERY] [--runs N]"))?;
    let (mut read, mut rank, mut print) = (Vec::new(), Vec::new(), Vec::new());
    let mut rank_prep = Vec::new();
    let mut hits_n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let heads = store::draft_heads(&desk).ok_or_else(|| anyhow::anyhow!("no quick read"))?;
        read.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let hits = Matcher::default().rank(
            heads
                .iter()
                .enumerate()
                .map(|(i, h)| (i as u32, h.headline.as_str())),
            &query,
        );
        rank.push(t.elapsed().as_secs_f64() * 1e3);
        hits_n = hits.len();
        let t = Instant::now();
        let hay = briefdesk::filter::Haystacks::new(heads.iter().map(|h| h.headline.as_str()));
        let prepared = Matcher::default()
            .rank_prepared(&hay, None, &query, &|| false)
            .unwrap_or_default();
        rank_prep.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(prepared, hits);
        std::mem::forget(hay);
        let t = Instant::now();
        let mut out = std::io::BufWriter::new(std::io::sink());
        for &h in &hits {
            let it = &heads[h as usize];
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                it.id,
                it.state.as_str(),
                for_display(it.stamp.as_deref().unwrap_or("")),
                for_display(&it.headline)
            )?;
        }
        out.flush()?;
        print.push(t.elapsed().as_secs_f64() * 1e3);
        std::mem::forget(heads);
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average: {}", load.trim());
    println!("hits: {hits_n}");
    println!("read (store::draft_heads): {:.1} ms", median(read));
    println!("rank: {:.1} ms", median(rank));
    println!(
        "rank, prepared headlines (Haystacks::new + rank_prepared): {:.1} ms",
        median(rank_prep)
    );
    println!("print (to a sink): {:.1} ms", median(print));
    Ok(())
}
