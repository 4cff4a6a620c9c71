//! Fetch-and-merge: 50 feeds x 100 entries served from loopback into a desk of 100,000
//! drafts (the figure docs/benchmarks.md quotes for feeds).
//!
//! ```text
//! cargo run --release --example fetch_merge [-- --items 100000 --feeds 50 --entries 100]
//! ```
//!
//! Prints: the desk index built once per fetch (one pass over the drafts), the whole fetch
//! (50 requests, 4 at a time, parse, merge), the merge alone per entry, and a second fetch
//! where every entry is already on the desk (recognised through hash maps, no scan per
//! entry).

use std::time::Instant;

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;
#[path = "../tests/support/http.rs"]
mod http;

use briefdesk::feeds::http::Limits;
use briefdesk::feeds::merge::Known;
use briefdesk::feeds::{Feed, FeedList};
use briefdesk::format::import::{self, Imported};
use briefdesk::model::{Command, History};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> anyhow::Result<()> {
    let items = arg("--items", 100_000) as u64;
    let feeds = arg("--feeds", 50);
    let entries = arg("--entries", 100);
    let mut desk = desk_gen::desk(items);
    // Feed f's entry i: words drawn per story, so no two stories look alike.
    let server = http::Server::start(move |r| {
        let f: usize = r.path.trim_start_matches("/feed/").parse().unwrap_or(0);
        http::Answer::ok(http::rss(entries, &format!("https://f{f}.test"), |i| {
            let mut rng = desk_gen::Rng::new((f * 100_003 + i) as u64 + 7);
            desk_gen::headline(&mut rng)
        }))
    });
    let list = FeedList {
        feeds: (0..feeds)
            .map(|f| Feed {
                name: format!("f{f}"),
                url: format!("{}/feed/{f}", server.base),
                ..Feed::default()
            })
            .collect(),
        rules: Vec::new(),
    };
    let picked: Vec<usize> = (0..feeds).collect();
    let limits = Limits {
        env_proxy: false,
        ..Limits::default()
    };

    let t = Instant::now();
    let known = Known::of(&desk);
    let index = t.elapsed();
    drop(known);

    let t = Instant::now();
    let run = briefdesk::ops::feeds::fetch(&desk, list.clone(), &picked, limits)
        .map_err(anyhow::Error::msg)?;
    let fetch = t.elapsed();
    let new = run.items.len();
    let failed = run.reports.iter().filter(|r| r.outcome.is_err()).count();

    let t = Instant::now();
    let (cmds, _) = import::plan(&desk, Imported::Items(run.items));
    let mut history = History::new();
    for c in &cmds {
        history
            .perform(&mut desk, c)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let apply = t.elapsed();
    let added = cmds
        .iter()
        .map(|c| match c {
            Command::AddItems { items } => items.len(),
            _ => 0,
        })
        .sum::<usize>();

    let t = Instant::now();
    let again =
        briefdesk::ops::feeds::fetch(&desk, list, &picked, limits).map_err(anyhow::Error::msg)?;
    let refetch = t.elapsed();

    println!("desk: {items} drafts; feeds: {feeds} x {entries} entries from loopback");
    println!("  desk index (one pass per fetch):     {index:>10.1?}");
    println!(
        "  fetch + parse + merge:               {fetch:>10.1?}  ({new} new drafts, {failed} feeds failed)"
    );
    println!("  plan + apply as one import:          {apply:>10.1?}  ({added} added)");
    println!(
        "  second fetch, all known:             {refetch:>10.1?}  ({} new)",
        again.items.len()
    );
    println!(
        "  per entry (second fetch, less index): {:>9.1?}",
        refetch.saturating_sub(index) / (feeds * entries) as u32
    );
    Ok(())
}
