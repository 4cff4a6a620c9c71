use super::*;
use crate::store::Store;

fn heads_of_full_open(dir: &Path) -> Vec<DraftHead> {
    let (_store, desk, _) = Store::open_read_only(dir).expect("open");
    desk.items_newest_first()
        .map(|i| DraftHead {
            id: i.id,
            headline: i.headline.clone(),
            state: i.state,
            stamp: i.stamp.as_ref().map(|s| s.written.clone()),
        })
        .collect()
}

/// A desk of `n` generated drafts (some stamped, some used) and its issues.
fn desk(n: u64) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    crate::desk_gen::write_desk(tmp.path(), &crate::desk_gen::desk(n)).expect("write desk");
    tmp
}

#[test]
fn the_quick_read_gives_what_a_full_open_gives() {
    // 5,000 drafts: 79 chunk files, read on several threads.
    let tmp = desk(5_000);
    let quick = draft_heads(tmp.path()).expect("quick read");
    assert_eq!(quick.len(), 5_000);
    assert_eq!(quick, heads_of_full_open(tmp.path()));
    assert!(quick.iter().any(|h| h.stamp.is_some()));
    assert!(quick.iter().any(|h| h.state != ItemState::Pool));
}

#[test]
fn a_journal_with_edits_or_a_damaged_file_needs_the_full_open() {
    let tmp = desk(200);
    assert!(draft_heads(tmp.path()).is_some());
    let journal = tmp.path().join(JOURNAL_FILE);
    std::fs::write(&journal, "{\"seq\":9,\"edits\":[]}\n").expect("write");
    assert!(draft_heads(tmp.path()).is_none());
    std::fs::write(&journal, "").expect("write");
    assert!(draft_heads(tmp.path()).is_some());
    // A body that is not text: the full open refuses the file, so does the quick read.
    let chunk = tmp.path().join(ITEMS_DIR).join("000001.json");
    let text = std::fs::read_to_string(&chunk).expect("read");
    let broken = text.replacen("\"body\": [", "\"body\": [42, ", 1);
    assert_ne!(broken, text);
    std::fs::write(&chunk, broken).expect("write");
    assert!(Store::open_read_only(tmp.path()).is_err());
    assert!(draft_heads(tmp.path()).is_none());
}

#[test]
fn a_damaged_issue_file_needs_the_full_open() {
    let tmp = desk(100);
    let issue = std::fs::read_dir(tmp.path().join(ISSUES_DIR))
        .expect("issues")
        .flatten()
        .map(|e| e.path())
        .next()
        .expect("an issue file");
    std::fs::write(&issue, "{\"briefdesk\": \"issue\"").expect("write");
    assert!(draft_heads(tmp.path()).is_none());
}

/// Chunks written just now share the clock tick of the index's temp file: wait a
/// little, so that `rebuild_index` may date them and index them.
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(30));
}

fn index_path(dir: &Path, run: u64) -> PathBuf {
    dir.join(ITEMS_DIR).join(heads_index::index_name(run))
}

/// The index of run 0 with chunk 1's first headline replaced by `headline`, its key kept:
/// what a reader shows while it trusts that entry.
fn doctored_index(dir: &Path, headline: &str) -> Vec<u8> {
    let mut entries = heads_index::read_run(dir, 0);
    let (_, heads) = entries.get_mut(&1).expect("chunk 1 indexed");
    heads[0].headline = headline.to_string();
    let mut ks: Vec<u64> = entries.keys().copied().collect();
    ks.sort_unstable();
    let refs: Vec<_> = ks
        .iter()
        .map(|k| {
            let (key, heads) = &entries[k];
            (*k, *key, heads.as_slice())
        })
        .collect();
    heads_index::encode(0, &refs)
}

#[test]
fn the_quick_read_through_the_index_gives_what_a_full_open_gives() {
    // Several desks (one or two runs of chunks: 16 chunk files make a run), each
    // indexed, then some chunks changed after the index was made.
    for n in [1, 64, 700, 1_100] {
        let tmp = desk(n);
        settle();
        let made = rebuild_index(tmp.path()).expect("rebuild");
        assert_eq!(made.left_out, 0, "{n} drafts");
        assert_eq!(made.chunks as u64, n / 64 + 1, "{n} drafts");
        let full = heads_of_full_open(tmp.path());
        assert_eq!(draft_heads(tmp.path()).expect("quick"), full, "{n} drafts");
        // Chunk 0 rewritten (a new file, a headline longer): its entry is stale.
        let chunk = tmp.path().join(ITEMS_DIR).join("000000.json");
        let text = std::fs::read_to_string(&chunk).expect("read");
        let first = full.last().expect("a draft").headline.clone();
        let changed = text.replacen(&first, &format!("{first} (updated)"), 1);
        let new = tmp.path().join(ITEMS_DIR).join("new");
        std::fs::write(&new, &changed).expect("write");
        std::fs::rename(&new, &chunk).expect("rename");
        let quick = draft_heads(tmp.path()).expect("quick");
        assert_eq!(quick, heads_of_full_open(tmp.path()), "{n} drafts");
        assert!(quick.iter().any(|h| h.headline.ends_with("(updated)")));
    }
}

#[test]
fn a_save_keeps_the_headlines_index_of_the_chunks_it_wrote_fresh() {
    use crate::model::{ItemId, ItemState, Touch};
    let tmp = desk(300);
    settle();
    rebuild_index(tmp.path()).expect("rebuild");
    // Draft 70 (chunk 1) spiked and saved, as the desk saves an edit.
    let (mut store, mut desk) = Store::open(tmp.path()).expect("open");
    if let Some(it) = desk.items.get_mut(&ItemId(70)) {
        it.state = ItemState::Spiked;
    }
    store.save(&desk, &[Touch::Item(ItemId(70))]).expect("save");
    drop(store);
    // Chunk 1's entry has the file's new key and the new state: the quick read takes
    // it from the index (before, the entry was stale and the chunk was parsed again).
    let entries = heads_index::read_run(tmp.path(), 0);
    let (key, heads) = entries.get(&1).expect("chunk 1 indexed");
    let path = tmp.path().join(ITEMS_DIR).join(chunk_name(1));
    assert!(derived::fresh(&path, key), "chunk 1's entry is fresh");
    let spiked = heads.iter().find(|h| h.id == ItemId(70)).expect("draft 70");
    assert_eq!(spiked.state, ItemState::Spiked);
    assert_eq!(
        draft_heads(tmp.path()).expect("quick"),
        heads_of_full_open(tmp.path())
    );
}

#[test]
fn a_save_starts_the_headlines_index_of_a_run_that_has_none() {
    use crate::model::{ItemId, Touch};
    let tmp = desk(300);
    settle();
    assert!(!index_path(tmp.path(), 0).exists(), "a desk never doctored");
    // Draft 70 (chunk 1) saved: its run's file is started with every chunk of the run
    // (0 to 4), each entry fresh, and the quick read takes every line from it.
    let (mut store, desk) = Store::open(tmp.path()).expect("open");
    store.save(&desk, &[Touch::Item(ItemId(70))]).expect("save");
    drop(store);
    let entries = heads_index::read_run(tmp.path(), 0);
    let mut ks: Vec<u64> = entries.keys().copied().collect();
    ks.sort_unstable();
    assert_eq!(ks, [0, 1, 2, 3, 4]);
    for (k, (key, _)) in &entries {
        let path = tmp.path().join(ITEMS_DIR).join(chunk_name(*k));
        assert!(derived::fresh(&path, key), "chunk {k}'s entry is fresh");
    }
    assert_eq!(
        draft_heads(tmp.path()).expect("quick"),
        heads_of_full_open(tmp.path())
    );
    // A garbled file is started again whole; a symlink in its place is left alone, its
    // target untouched, and no temp file is left.
    std::fs::write(index_path(tmp.path(), 0), b"BDHEADS1 garbage").expect("write");
    let (mut store, desk) = Store::open(tmp.path()).expect("open");
    store.save(&desk, &[Touch::Item(ItemId(70))]).expect("save");
    drop(store);
    assert_eq!(heads_index::read_run(tmp.path(), 0).len(), 5);
    let target = tmp.path().join("elsewhere");
    std::fs::write(&target, b"not the desk's").expect("write");
    std::fs::remove_file(index_path(tmp.path(), 0)).expect("remove");
    std::os::unix::fs::symlink(&target, index_path(tmp.path(), 0)).expect("symlink");
    let (mut store, desk) = Store::open(tmp.path()).expect("open");
    store.save(&desk, &[Touch::Item(ItemId(70))]).expect("save");
    drop(store);
    assert_eq!(std::fs::read(&target).expect("read"), b"not the desk's");
    assert!(
        std::fs::symlink_metadata(index_path(tmp.path(), 0))
            .expect("still there")
            .file_type()
            .is_symlink()
    );
    let strays: Vec<_> = std::fs::read_dir(tmp.path().join(ITEMS_DIR))
        .expect("items")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".heads") && n != ".heads-0000")
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
    assert_eq!(
        draft_heads(tmp.path()).expect("quick"),
        heads_of_full_open(tmp.path())
    );
    // A run none of whose chunk files is there (a take-back removed them) gets no file.
    refresh_index(tmp.path(), &[100], &mut Faults::default());
    assert!(!index_path(tmp.path(), 6).exists());
}

#[test]
fn a_streamed_import_keeps_the_headlines_index_of_the_chunks_it_moved_in_fresh() {
    use crate::model::{Item, ItemId};
    let tmp = desk(100);
    settle();
    rebuild_index(tmp.path()).expect("rebuild");
    // 300 drafts imported: chunk 1 filled, chunks 2..=6 written aside and moved in.
    let (mut store, mut desk) = Store::open(tmp.path()).expect("open");
    let mut w = store.begin_import(&desk, 300).expect("begin");
    let top = w.first_id() + 300;
    for j in 0..300u64 {
        let item = Item::new(ItemId(top - 1 - j), format!("New {j}"), Vec::new());
        w.add(item).expect("add");
    }
    w.commit(&mut desk).map_err(|e| e.error).expect("commit");
    drop(store);
    let entries = heads_index::read_run(tmp.path(), 0);
    let last = (top - 1) / crate::store::ITEMS_PER_CHUNK;
    for k in 0..=last {
        let path = tmp.path().join(ITEMS_DIR).join(chunk_name(k));
        let fresh = entries
            .get(&k)
            .is_some_and(|(key, _)| derived::fresh(&path, key));
        assert!(fresh, "chunk {k}'s entry is fresh after the import");
    }
    assert_eq!(
        draft_heads(tmp.path()).expect("quick"),
        heads_of_full_open(tmp.path())
    );
}

#[test]
fn an_entry_is_trusted_only_while_its_chunk_keeps_its_stat_key() {
    let tmp = desk(300);
    settle();
    rebuild_index(tmp.path()).expect("rebuild");
    let full = heads_of_full_open(tmp.path());
    // An index whose entry for chunk 1 says another headline under the same key: the
    // quick read uses it (which shows the index is what answers)...
    let doctored = doctored_index(tmp.path(), "From the index");
    std::fs::write(index_path(tmp.path(), 0), &doctored).expect("write");
    let quick = draft_heads(tmp.path()).expect("quick");
    assert!(quick.iter().any(|h| h.headline == "From the index"));
    // ...until the chunk is rewritten in place with the same length (same inode, same
    // size): its mtime and ctime moved, so it is read again.
    let chunk = tmp.path().join(ITEMS_DIR).join("000001.json");
    let bytes = std::fs::read(&chunk).expect("read");
    settle();
    std::fs::write(&chunk, &bytes).expect("rewrite");
    assert_eq!(draft_heads(tmp.path()).expect("quick"), full);
}

#[test]
fn a_garbage_or_planted_index_is_the_same_as_none() {
    use std::os::unix::fs::symlink;
    let tmp = desk(300);
    settle();
    rebuild_index(tmp.path()).expect("rebuild");
    let full = heads_of_full_open(tmp.path());
    let index = index_path(tmp.path(), 0);
    let good = std::fs::read(&index).expect("read");
    // Garbage, a cut file, an empty one, a directory: the chunks are read.
    for bad in [&b"garbage"[..], &good[..good.len() / 2], b""] {
        std::fs::write(&index, bad).expect("write");
        assert_eq!(draft_heads(tmp.path()).expect("quick"), full);
    }
    std::fs::remove_file(&index).expect("remove");
    std::fs::create_dir(&index).expect("mkdir");
    assert_eq!(draft_heads(tmp.path()).expect("quick"), full);
    std::fs::remove_dir(&index).expect("rmdir");
    // A symlink to an index whose keys match (a doctored copy elsewhere): not followed.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let target = elsewhere.path().join("heads");
    std::fs::write(&index, &good).expect("write");
    std::fs::write(&target, doctored_index(tmp.path(), "Planted")).expect("write");
    std::fs::remove_file(&index).expect("remove");
    symlink(&target, &index).expect("symlink");
    assert_eq!(draft_heads(tmp.path()).expect("quick"), full);
    // The rebuild refuses to write through it, names it, and leaves its target as it was.
    let before = std::fs::read(&target).expect("read");
    let err = rebuild_index(tmp.path()).expect_err("a symlink in place of the index");
    assert!(err.to_string().contains(".heads-0000"), "{err}");
    assert_eq!(std::fs::read(&target).expect("read"), before);
    let strays: Vec<_> = std::fs::read_dir(tmp.path().join(ITEMS_DIR))
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(strays.is_empty(), "no temp file left: {strays:?}");
}

#[test]
fn a_chunk_replaced_by_a_symlink_is_never_taken_from_the_index() {
    use std::os::unix::fs::symlink;
    let tmp = desk(300);
    settle();
    rebuild_index(tmp.path()).expect("rebuild");
    std::fs::write(
        index_path(tmp.path(), 0),
        doctored_index(tmp.path(), "From the index"),
    )
    .expect("write");
    // Chunk 1 is now a symlink to a copy of itself: never trusted from the index.
    let chunk = tmp.path().join(ITEMS_DIR).join("000001.json");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let copy = elsewhere.path().join("000001.json");
    std::fs::copy(&chunk, &copy).expect("copy");
    std::fs::remove_file(&chunk).expect("remove");
    symlink(&copy, &chunk).expect("symlink");
    // Its entry is not used, and the chunk is not read through the link either: the
    // quick read gives up, for the full open to refuse it in one line.
    assert!(draft_heads(tmp.path()).is_none());
    // And the rebuild leaves it out of the index.
    let made = rebuild_index(tmp.path()).expect("rebuild");
    assert_eq!(made.left_out, 1);
}

#[test]
fn a_crash_at_any_step_of_the_rebuild_leaves_the_same_answer() {
    use crate::store::faults::Faults;
    let tmp = desk(300);
    settle();
    let full = heads_of_full_open(tmp.path());
    for n in 1..=5 {
        let _ = std::fs::remove_file(index_path(tmp.path(), 0));
        let mut faults = Faults {
            crash_at: Some(n),
            count: 0,
            disk_full: false,
        };
        let r = rebuild_index_with(tmp.path(), &mut faults);
        assert!(
            matches!(r, Err(StoreError::Crashed { .. })),
            "point {n}: {r:?}"
        );
        assert_eq!(draft_heads(tmp.path()).expect("quick"), full, "point {n}");
        let (_store, desk, _) = Store::open_read_only(tmp.path()).expect("opens");
        assert_eq!(desk.items.len(), 300);
    }
    // The temp files the crashes left are strays the desk's next open clears.
    let strays = |dir: &Path| {
        std::fs::read_dir(dir.join(ITEMS_DIR))
            .expect("list")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .count()
    };
    assert!(strays(tmp.path()) > 0);
    drop(Store::open(tmp.path()).expect("opens"));
    assert_eq!(strays(tmp.path()), 0);
    // A full disk: an error naming the file, nothing left behind, the same answer.
    let _ = std::fs::remove_file(index_path(tmp.path(), 0));
    let mut faults = Faults {
        crash_at: None,
        count: 0,
        disk_full: true,
    };
    let err = rebuild_index_with(tmp.path(), &mut faults).expect_err("disk full");
    assert!(err.to_string().contains(".heads-0000"), "{err}");
    assert!(!index_path(tmp.path(), 0).exists());
    assert_eq!(draft_heads(tmp.path()).expect("quick"), full);
}
