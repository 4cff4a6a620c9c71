//! Where the idle desk's memory goes (issue #19), part by part: what the open desk holds
//! for N drafts, each part's bytes counted by this example's allocator (bytes asked for, and
//! the glibc chunks they take: 16-byte steps, 8 bytes of header, at least 32), and VmRSS
//! after `malloc::trim`.
//!
//! ```text
//! cargo run --release --example idle_parts -- 1000000      # generated drafts, in memory
//! cargo run --release --example idle_parts -- --desk DIR   # a desk on disk, the TUI's open
//! ```
//!
//! In memory, each generated draft goes through the chunk parser's path (its JSON read
//! back, the body left on disk), so the map holds what `store::newest` leaves; then the
//! Drafts list's candidates (`tui::drafts::Prepared`: ids and `Haystacks`) of the whole
//! desk, as the loading thread builds them. With `--desk`, the TUI path itself
//! (`Store::open_newest_first`, `tui::start`, the loading swapped in), then its parts.

#[path = "../tests/support/desk_gen.rs"]
mod desk_gen;

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicIsize, Ordering};

use briefdesk::model::{Item, ItemId, StateView};
use briefdesk::tui::drafts::Prepared;

/// Counts what is live: bytes asked for, and the glibc chunks holding them.
struct Counting;

static ASKED: AtomicIsize = AtomicIsize::new(0);
static CHUNKS: AtomicIsize = AtomicIsize::new(0);

/// The chunk glibc's malloc takes for `size` bytes on 64-bit Linux.
fn chunk(size: usize) -> isize {
    ((size + 8 + 15) & !15).max(32) as isize
}

// SAFETY: every call is passed on to the system allocator unchanged; only counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ASKED.fetch_add(l.size() as isize, Ordering::Relaxed);
        CHUNKS.fetch_add(chunk(l.size()), Ordering::Relaxed);
        // SAFETY: the caller's layout, as given.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        ASKED.fetch_sub(l.size() as isize, Ordering::Relaxed);
        CHUNKS.fetch_sub(chunk(l.size()), Ordering::Relaxed);
        // SAFETY: as allocated above.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        ASKED.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        CHUNKS.fetch_add(chunk(new) - chunk(l.size()), Ordering::Relaxed);
        // SAFETY: as allocated above, the caller's new size.
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn live() -> (isize, isize) {
    (
        ASKED.load(Ordering::Relaxed),
        CHUNKS.load(Ordering::Relaxed),
    )
}

#[path = "support/rss.rs"]
mod rss;
use rss::rss_mb;

fn mb(b: isize) -> f64 {
    b as f64 / 1e6
}

/// One part: its bytes as asked and as chunks, per draft.
fn row(what: &str, b: (isize, isize), n: usize) {
    println!(
        "{what:<58} {:>8.1} MB asked {:>8.1} MB in chunks {:>7.1} B/draft",
        mb(b.0),
        mb(b.1),
        b.1 as f64 / n.max(1) as f64
    );
}

fn since(t: (isize, isize)) -> (isize, isize) {
    let now = live();
    (now.0 - t.0, now.1 - t.1)
}

/// The heap a draft holds beyond its own `Item` (the map's slot): headline, stamp,
/// sources, tags, body; each as (asked, chunks).
fn item_heap(items: &BTreeMap<ItemId, Item>) -> [(isize, isize); 4] {
    let one = |cap: usize| {
        if cap == 0 {
            (0, 0)
        } else {
            (cap as isize, chunk(cap))
        }
    };
    let add = |a: &mut (isize, isize), b: (isize, isize)| {
        a.0 += b.0;
        a.1 += b.1;
    };
    let mut parts = [(0, 0); 4];
    for it in items.values() {
        add(&mut parts[0], one(it.headline.capacity()));
        if let Some(st) = &it.stamp {
            add(&mut parts[1], one(st.written.capacity()));
        }
        let src = std::mem::size_of::<briefdesk::model::Source>();
        add(&mut parts[2], one(it.sources.capacity() * src));
        for s in &it.sources {
            for t in [&s.outlet, &s.url, &s.entry].into_iter().flatten() {
                add(&mut parts[2], one(t.capacity()));
            }
        }
        add(&mut parts[3], one(it.tags.capacity() * 24));
        for t in &it.tags {
            add(&mut parts[3], one(t.capacity()));
        }
    }
    parts
}

fn parts(items: &BTreeMap<ItemId, Item>, map: (isize, isize)) {
    let n = items.len();
    println!(
        "size_of::<Item>() = {} bytes, (ItemId, Item) = {}; {n} drafts",
        std::mem::size_of::<Item>(),
        std::mem::size_of::<(ItemId, Item)>()
    );
    row(
        "the desk's drafts (BTreeMap<ItemId, Item>), counted",
        map,
        n,
    );
    let heap = item_heap(items);
    let heap_sum = heap.iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let slots = (map.0 - heap_sum.0, map.1 - heap_sum.1);
    row(
        "  of which the map's nodes (ids, Items) and the rest",
        slots,
        n,
    );
    row("  of which headlines' Strings", heap[0], n);
    row("  of which stamps' written Strings", heap[1], n);
    row("  of which sources", heap[2], n);
    row("  of which tags", heap[3], n);
    let t = live();
    let prepared = Prepared::new(items, StateView::default(), "", false);
    briefdesk::malloc::trim();
    let cand = since(t);
    row(
        "the Drafts list's candidates (Prepared: ids, Haystacks)",
        cand,
        n,
    );
    println!("VmRSS {:.1} MB with both (after malloc::trim)", rss_mb());
    drop(prepared);
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, dir] = args.as_slice()
        && flag == "--desk"
    {
        return desk(std::path::Path::new(dir));
    }
    let n: u64 = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    briefdesk::malloc::tune();
    briefdesk::malloc::trim();
    let start = rss_mb();
    let t = live();
    let mut rng = desk_gen::Rng::new(19);
    let mut all = Vec::new();
    let mut buf = Vec::new();
    // As the chunk parser reads them: the JSON read back, the body left on disk.
    for id in 1..=n {
        let it = desk_gen::item(&mut rng, id);
        buf.clear();
        serde_json::to_writer(&mut buf, &it)?;
        let mut read: Item = serde_json::from_slice(&buf)?;
        read.leave_body_on_disk();
        all.push((read.id, read));
    }
    drop(buf);
    // Built from the drafts in id order, as the loading thread builds it (`read_rest`).
    let items: BTreeMap<ItemId, Item> = all.into_iter().collect();
    briefdesk::malloc::trim();
    let map = since(t);
    println!(
        "VmRSS {start:.1} MB at start, {:.1} MB with the drafts",
        rss_mb()
    );
    parts(&items, map);
    Ok(())
}

/// The TUI's open of a desk on disk, as `tui::run_opened` does it, then its parts.
fn desk(dir: &std::path::Path) -> anyhow::Result<()> {
    use briefdesk::store::{Opened, Store};
    briefdesk::malloc::tune();
    let start = rss_mb();
    let t = live();
    let opened = Store::open_newest_first(dir)?;
    let (mut app, loading) = briefdesk::tui::start(opened, briefdesk::tui::Options::default());
    if let Some(mut loading) = loading {
        while !loading.try_finish(&mut app)? {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }
    briefdesk::malloc::trim();
    let all = since(t);
    row(
        "the open desk, whole (tui::start, loading swapped in)",
        all,
        app.desk.items.len(),
    );
    println!("VmRSS {start:.1} MB at start, {:.1} MB open", rss_mb());
    smaps();
    drop(app);
    briefdesk::malloc::trim();
    let t = live();
    let (store, mut desk) = match Store::open_newest_first(dir)? {
        Opened::Full(store, desk, _) => (store, desk),
        Opened::Newest(mut desk, opening) => {
            let (store, _) = opening.finish(&mut desk)?;
            (store, desk)
        }
    };
    briefdesk::malloc::trim();
    let opened = since(t);
    row(
        "Store and Desk (open_newest_first, finished)",
        opened,
        desk.items.len(),
    );
    let t = live();
    drop(store);
    let store = since(t);
    row(
        "  of which the Store's bookkeeping",
        (-store.0, -store.1),
        desk.items.len(),
    );
    let t = live();
    drop(std::mem::take(&mut desk.issues));
    let issues = since(t);
    row(
        "  of which the issues",
        (-issues.0, -issues.1),
        desk.items.len(),
    );
    let map = (opened.0 + store.0 + issues.0, opened.1 + store.1 + issues.1);
    parts(&desk.items, map);
    Ok(())
}

/// Resident memory by kind of mapping (/proc/self/smaps): the main heap, other anonymous
/// memory (thread arenas, large buffers), and files (the binary, libraries).
fn smaps() {
    let Ok(text) = std::fs::read_to_string("/proc/self/smaps") else {
        return;
    };
    let mut kind = String::new();
    let mut by: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for line in text.lines() {
        if let Some(kb) = line.strip_prefix("Rss:") {
            let kb: f64 = kb
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .unwrap_or(0.0);
            let e = by.entry(kind.clone()).or_default();
            e.0 += kb / 1024.0;
            e.1 += 1;
        } else if line
            .split_whitespace()
            .next()
            .is_some_and(|f| f.contains('-'))
        {
            let path = line.split_whitespace().nth(5).unwrap_or("");
            kind = match path {
                "" => "anonymous".into(),
                p if p.starts_with('[') => p.into(),
                _ => "files".into(),
            };
        }
    }
    for (k, (mb, n)) in by {
        println!("  resident {k}: {mb:.1} MB in {n} mappings");
    }
}
