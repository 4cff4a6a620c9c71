//! The streamed import is all or nothing: a crash at every step of it, and at every step of
//! the open that finishes it, leaves a desk that reads as before or as after, to every
//! reader, with nothing left over and `doctor` clean.

use std::collections::BTreeMap;
use std::path::Path;

use super::staged_path;
use crate::model::{Desk, Item, ItemId};
use crate::store::{ITEMS_DIR, JOURNAL_FILE, Opened, Store, StoreError, draft_heads, recoverable};

pub(crate) type Items = BTreeMap<ItemId, Item>;

pub(crate) fn drafts(n: usize, word: &str) -> Vec<Item> {
    (0..n)
        .map(|i| {
            let body = format!("{word} body {i}: a paragraph long enough to be a body line.");
            Item::new(ItemId(0), format!("{word} headline {i}"), vec![body])
        })
        .collect()
}

/// A desk of `n` drafts saved in the ordinary way.
pub(crate) fn desk_of(dir: &Path, n: usize) -> Items {
    let (mut store, mut desk) = Store::open(dir).expect("new desk");
    for (i, mut item) in drafts(n, "old").into_iter().enumerate() {
        item.id = ItemId(i as u64 + 1);
        desk.items.insert(item.id, item);
    }
    store.save_all(&desk).expect("save");
    desk.items
}

/// Import `items` (page order, newest first) through the streaming writer.
pub(crate) fn import(
    store: &mut Store,
    desk: &mut Desk,
    items: Vec<Item>,
) -> Result<(), StoreError> {
    let n = items.len() as u64;
    let mut w = store.begin_import(desk, n)?;
    let top = w.first_id() + n;
    for (j, mut item) in items.into_iter().enumerate() {
        item.id = ItemId(top - 1 - j as u64);
        w.add(item)?;
    }
    w.commit(desk).map(|_| ()).map_err(|e| e.error)
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("list").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

pub(crate) fn aside(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join(ITEMS_DIR))
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".import-"))
        .collect()
}

/// The open that finishes what a crash at step `n` left in `dir` (a copy for each of its
/// own steps, under `tmp`), crashed at each of its steps in turn: after each, the next open
/// reads the desk as `before` or `after`, the same one every time, with nothing aside
/// and nothing `doctor` would restore; and `dir` itself reads as that one to every reader
/// (`reads_as`). True for `after`.
pub(crate) fn finishing_open_crashes(
    tmp: &Path,
    dir: &Path,
    n: u64,
    before: &Items,
    after: &Items,
) -> bool {
    let mut outcome = None;
    for m in 1.. {
        let again = tmp.join(format!("crash-{n}-{m}"));
        copy_dir(dir, &again);
        match Store::open_crashing_at(&again, m) {
            Ok(_) => {
                std::fs::remove_dir_all(&again).ok();
                break;
            }
            Err(StoreError::Crashed { .. }) => {}
            Err(e) => panic!("step {n}, open step {m}: {e}"),
        }
        let (_, desk) = Store::open(&again).expect("open");
        let is_after = desk.items == *after;
        assert!(is_after || desk.items == *before, "step {n}, open step {m}");
        assert!(aside(&again).is_empty(), "step {n}, open step {m}");
        assert_eq!(recoverable(&again), Vec::new(), "step {n}, open step {m}");
        assert!(
            *outcome.get_or_insert(is_after) == is_after,
            "step {n}, open step {m}"
        );
        std::fs::remove_dir_all(&again).ok();
    }
    let is_after = reads_as(dir, before, after);
    assert!(outcome.is_none_or(|o| o == is_after), "step {n}");
    is_after
}

/// Which of `before` and `after` the desk in `dir` reads as, to every reader; the writers
/// (the full open, the newest-first open) leave nothing aside, the journal empty, `doctor`
/// clean.
pub(crate) fn reads_as(dir: &Path, before: &Items, after: &Items) -> bool {
    let which = |items: &Items, who: &str| -> bool {
        if items == after {
            true
        } else {
            assert!(
                items == before,
                "{who}: neither before nor after ({} drafts)",
                items.len()
            );
            false
        }
    };
    let (_, desk, _) = Store::open_read_only(dir).expect("read-only open");
    let is_after = which(&desk.items, "read-only open");
    if let Some(heads) = draft_heads(dir) {
        let ids: Vec<ItemId> = heads.iter().map(|h| h.id).collect();
        let want: Vec<ItemId> = if is_after { after } else { before }
            .keys()
            .rev()
            .copied()
            .collect();
        assert_eq!(ids, want, "the quick list read");
    }
    let scratch = tempfile::tempdir().expect("tmp");
    let newest = scratch.path().join("newest");
    copy_dir(dir, &newest);
    let items = match Store::open_newest_first(&newest).expect("newest-first open") {
        Opened::Full(_, desk, _) => desk.items,
        Opened::Newest(mut desk, opening) => {
            opening.finish(&mut desk).expect("the older drafts");
            desk.items
        }
    };
    // The desk the TUI opens leaves every body in its chunk file (issue #19): compared
    // with `before` and `after` as that desk holds them.
    let lean = |items: &Items| -> Items {
        let mut items = items.clone();
        items.values_mut().for_each(Item::leave_body_on_disk);
        items
    };
    let mut items = items;
    items.values_mut().for_each(Item::leave_body_on_disk);
    let is_after_newest = if items == lean(after) {
        true
    } else {
        assert!(
            items == lean(before),
            "newest-first open: neither before nor after ({} drafts)",
            items.len()
        );
        false
    };
    assert_eq!(is_after_newest, is_after, "newest-first open");
    assert!(
        aside(&newest).is_empty(),
        "the newest-first open left chunks aside"
    );
    let (_, desk) = Store::open(dir).expect("open");
    assert_eq!(which(&desk.items, "open"), is_after);
    assert!(aside(dir).is_empty(), "left aside: {:?}", aside(dir));
    assert_eq!(
        std::fs::read(dir.join(JOURNAL_FILE)).unwrap_or_default(),
        b""
    );
    assert_eq!(recoverable(dir), Vec::new(), "doctor is clean");
    is_after
}

/// The store an import opens: in full, or without the drafts (`Store::open_for_import`).
fn open_to_import(dir: &Path, lean: bool) -> (Store, Desk) {
    if lean {
        let (store, desk, _) = Store::open_for_import(dir).expect("the lean open applies");
        (store, desk)
    } else {
        Store::open(dir).expect("open")
    }
}

#[test]
fn a_crash_at_every_step_of_a_streamed_import_reads_as_before_or_after() {
    crash_at_every_step(false);
}

#[test]
fn a_crash_at_every_step_of_a_streamed_import_into_a_desk_opened_without_its_drafts() {
    crash_at_every_step(true);
}

fn crash_at_every_step(lean: bool) {
    let tmp = tempfile::tempdir().expect("tmp");
    let base = tmp.path().join("base");
    // 4,100 drafts: 65 chunk files (the newest-first open takes its own path), the last
    // one partly full, so the import both fills a chunk file the desk has and writes new.
    let before = desk_of(&base, 4100);
    let page = drafts(150, "new");
    let after = {
        let dir = tmp.path().join("after");
        copy_dir(&base, &dir);
        let (mut store, mut desk) = Store::open(&dir).expect("open");
        import(&mut store, &mut desk, page.clone()).expect("import");
        assert!(aside(&dir).is_empty());
        Store::open(&dir).expect("reopen").1.items
    };
    assert_eq!(after.len(), 4250);
    let (mut saw_before, mut saw_after) = (0, 0);
    for n in 1.. {
        let dir = tmp.path().join(format!("crash-{n}"));
        copy_dir(&base, &dir);
        let (mut store, mut desk) = open_to_import(&dir, lean);
        store.set_crash_at(Some(n));
        match import(&mut store, &mut desk, page.clone()) {
            Ok(()) => {
                assert!(n > 12, "only {n} steps: the crash points are not reached");
                eprintln!("{n} steps, {saw_before} before, {saw_after} after");
                break;
            }
            Err(StoreError::Crashed { .. }) => {}
            Err(e) => panic!("step {n}: {e}"),
        }
        drop(store);
        // The open that finishes the import crashes too, at every step of its own.
        if finishing_open_crashes(tmp.path(), &dir, n, &before, &after) {
            saw_after += 1;
        } else {
            saw_before += 1;
        }
        std::fs::remove_dir_all(&dir).ok();
    }
    assert!(
        saw_before >= 5 && saw_after >= 5,
        "{saw_before} before, {saw_after} after"
    );
}

#[test]
fn the_journal_line_of_a_streamed_import_holds_no_draft_text() {
    let tmp = tempfile::tempdir().expect("tmp");
    let base = tmp.path().join("base");
    desk_of(&base, 100);
    let page = drafts(2000, "new");
    let text: usize = page
        .iter()
        .map(|i| i.headline.len() + i.body[0].len())
        .sum();
    // Stop at every step until the journal has the import's line, before anything is moved
    // into place.
    for n in 1.. {
        let dir = tmp.path().join(format!("at-{n}"));
        copy_dir(&base, &dir);
        let (mut s, mut d) = Store::open(&dir).expect("open");
        s.set_crash_at(Some(n));
        let r = import(&mut s, &mut d, page.clone());
        assert!(
            r.is_err(),
            "the import ended before its journal line was seen"
        );
        let journal = std::fs::read(dir.join(JOURNAL_FILE)).unwrap_or_default();
        if journal.is_empty() {
            continue;
        }
        // The 100 drafts fill chunk 0 and part of chunk 1: the 28 new drafts that complete
        // chunk 1 are in the line, the other 1,972 are named by their chunk files only.
        let line = String::from_utf8_lossy(&journal);
        assert!(line.contains("\"import\":{\"chunks\":[[2,32]]"), "{line}");
        assert!(line.contains("new headline 1999\""), "{line}");
        assert!(
            !line.contains("new headline 0\""),
            "the newest draft is in the line"
        );
        assert!(
            journal.len() < 28 * 400,
            "{} bytes of journal for {text} bytes of drafts",
            journal.len()
        );
        let (_, desk) = Store::open(&dir).expect("reopen");
        assert_eq!(desk.items.len(), 2100, "the line made the import happen");
        return;
    }
}

#[test]
fn an_import_given_up_before_its_journal_line_leaves_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let before = desk_of(tmp.path(), 10);
    let (mut store, desk) = Store::open(tmp.path()).expect("open");
    {
        let mut w = store.begin_import(&desk, 500).expect("begin");
        let top = w.first_id() + 500;
        for (j, mut item) in drafts(300, "new").into_iter().enumerate() {
            item.id = ItemId(top - 1 - j as u64);
            w.add(item).expect("add");
        }
        assert!(staged_path(tmp.path(), 1, (top - 1) / 64).exists());
        // A bad input found late: the caller drops the writer.
    }
    assert!(aside(tmp.path()).is_empty());
    let (_, desk) = Store::open(tmp.path()).expect("reopen");
    assert_eq!(desk.items, before);
    assert_eq!(recoverable(tmp.path()), Vec::new());
}

#[test]
fn a_chunk_file_planted_where_the_import_would_go_is_refused_never_replaced() {
    let tmp = tempfile::tempdir().expect("tmp");
    desk_of(tmp.path(), 10);
    let (mut store, desk) = Store::open(tmp.path()).expect("open");
    // Planted after the open (a teammate racing the import): chunk 3, beyond the desk.
    let planted = tmp.path().join(ITEMS_DIR).join("000003.json");
    std::fs::write(&planted, "planted").expect("plant");
    let e = store
        .begin_import(&desk, 300)
        .err()
        .expect("refused")
        .to_string();
    assert!(e.contains("000003.json") && e.contains("in the way"), "{e}");
    assert_eq!(std::fs::read(&planted).expect("still there"), b"planted");
    assert!(aside(tmp.path()).is_empty());
}

#[test]
fn the_open_for_an_import_keeps_the_fingerprints_not_the_drafts_and_falls_back_when_unusual() {
    let tmp = tempfile::tempdir().expect("tmp");
    let all = desk_of(tmp.path(), 4100);
    let (full, desk) = Store::open(tmp.path()).expect("open");
    let (lean, lean_desk, fingerprints) = Store::open_for_import(tmp.path()).expect("lean");
    assert_eq!(lean.held, full.held);
    assert_eq!(lean.seq, full.seq);
    assert_eq!(lean.next_ids, full.next_ids);
    assert_eq!(lean.seen, full.seen);
    assert_eq!(lean_desk.next_ids(), desk.next_ids());
    assert_eq!(lean_desk.issues, desk.issues);
    let want: std::collections::HashSet<u64> = all.values().map(Item::fingerprint).collect();
    assert_eq!(fingerprints, want);
    // Only the newest chunk file's drafts (ids 4096..4100) are held.
    assert_eq!(lean_desk.items.len(), 4100 - 4095);
    drop((full, lean));
    // Unusual: a journal with a line, an odd file, a listed file gone.
    std::fs::write(tmp.path().join(JOURNAL_FILE), "{}\n").expect("journal");
    assert!(Store::open_for_import(tmp.path()).is_none());
    std::fs::write(tmp.path().join(JOURNAL_FILE), "").expect("journal");
    std::fs::write(tmp.path().join(ITEMS_DIR).join("notes.txt"), "x").expect("odd");
    assert!(Store::open_for_import(tmp.path()).is_none());
    std::fs::remove_file(tmp.path().join(ITEMS_DIR).join("notes.txt")).expect("rm");
    assert!(Store::open_for_import(tmp.path()).is_some());
    std::fs::remove_file(tmp.path().join(ITEMS_DIR).join("000003.json")).expect("rm");
    assert!(Store::open_for_import(tmp.path()).is_none());
}
