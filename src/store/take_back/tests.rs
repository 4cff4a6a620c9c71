//! Taking back a streamed import without the desk's drafts: what it reads, a crash at every
//! step of it and of the open that finishes it (every reader sees before or after), and a
//! file planted where it reads or removes (refused, nothing changed).

use std::path::Path;

use super::span;
use crate::model::{Desk, Item, ItemId, ItemState};
use crate::store::import_stream::tests::{
    Items, copy_dir, desk_of, drafts, finishing_open_crashes, reads_as,
};
use crate::store::{ITEMS_DIR, Store, StoreError};

/// Import `items` (page order) through the streaming writer: what it added, as
/// `last-import.json` records it.
fn import(dir: &Path, items: Vec<Item>) -> Vec<(ItemId, u64)> {
    let (mut store, mut desk) = Store::open(dir).expect("open");
    let n = items.len() as u64;
    let mut w = store.begin_import(&desk, n).expect("begin");
    let top = w.first_id() + n;
    for (j, mut item) in items.into_iter().enumerate() {
        item.id = ItemId(top - 1 - j as u64);
        w.add(item).expect("add");
    }
    w.commit(&mut desk).expect("commit").added
}

fn open_lean(dir: &Path) -> (Store, Desk) {
    Store::open_for_take_back(dir).expect("the lean open applies")
}

/// A desk of 4,100 drafts (its last chunk file part full), then an import of 150: 59 into
/// the desk's last chunk file, 91 in two chunk files of their own.
fn imported(root: &Path) -> (std::path::PathBuf, Items, Items, Vec<(ItemId, u64)>) {
    let dir = root.join("imported");
    let before = desk_of(&dir, 4100);
    let added = import(&dir, drafts(150, "new"));
    let after = Store::open(&dir).expect("open").1.items;
    assert_eq!(after.len(), 4250);
    (dir, after, before, added)
}

/// Every file of the desk, byte for byte.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in [".", ITEMS_DIR, "issues"] {
        let Ok(rd) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in rd.flatten() {
            let meta = std::fs::symlink_metadata(e.path()).expect("stat");
            let bytes = if meta.is_file() {
                std::fs::read(e.path()).expect("read")
            } else {
                format!("{:?}", meta.file_type()).into_bytes()
            };
            out.push((format!("{sub}/{}", e.file_name().to_string_lossy()), bytes));
        }
    }
    out.sort();
    out
}

#[test]
fn the_import_s_span_is_one_run_of_ids_ending_at_the_next_id_with_a_whole_chunk() {
    let ids = |a: u64, b: u64| (a..b).map(|i| (ItemId(i), i)).collect::<Vec<_>>();
    let s = span(&ids(4101, 4251), 4251).expect("a span");
    assert_eq!(
        (s.first, s.end, s.whole, s.head),
        (4101, 4251, (65, 66), Some(64))
    );
    let s = span(&ids(128, 192), 192).expect("one whole chunk, no head");
    assert_eq!((s.whole, s.head), ((2, 2), None));
    // Inside one chunk: no whole chunk of its own.
    assert_eq!(span(&ids(100, 120), 120), None);
    // Something added since (the next id moved), a gap, a draft twice.
    assert_eq!(span(&ids(4101, 4251), 4252), None);
    let mut gap = ids(4101, 4251);
    gap[3].0 = ItemId(5000);
    assert_eq!(span(&gap, 4251), None);
    let mut twice = ids(4101, 4251);
    twice[3].0 = ItemId(4101);
    assert_eq!(span(&twice, 4251), None);
}

#[test]
fn the_take_back_reads_only_the_import_s_chunks_and_leaves_the_desk_as_before() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (dir, with, before, added) = imported(tmp.path());
    let (mut store, mut desk) = open_lean(&dir);
    assert!(desk.items.is_empty(), "no draft read to open");
    let taken = store
        .take_back_import(&mut desk, &added)
        .expect("taken back")
        .expect("the lean path applies");
    assert_eq!((taken.drafts, taken.files), (150, 2));
    // Only the shared chunk's drafts were ever held whole.
    assert!(desk.items.len() <= 64, "{} drafts held", desk.items.len());
    assert!(desk.items.keys().all(|id| id.0 < 4101));
    drop(store);
    assert!(reads_as(&dir, &with, &before));
    // The next import of the same page brings every draft again: no fingerprint is left.
    let (_, desk, known) = Store::open_for_import(&dir).expect("lean import open");
    assert_eq!(known.len(), 4100);
    assert_eq!(desk.next_ids().item, 4251, "ids are never given twice");
    // The removed chunk files are in the backups.
    assert!(dir.join(".backup/items/000065.json.1").is_file());
}

/// A change made to the desk after the import.
type Change = fn(&mut Desk);

#[test]
fn a_draft_edited_used_or_gone_since_takes_the_full_open_with_nothing_changed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (dir, _, _, added) = imported(tmp.path());
    let cases: [(&str, Change); 3] = [
        ("edited", |d| {
            d.items.get_mut(&ItemId(4200)).expect("draft").headline = "changed".into()
        }),
        ("used", |d| {
            d.items.get_mut(&ItemId(4120)).expect("draft").state = ItemState::Used
        }),
        ("gone", |d| {
            d.items.remove(&ItemId(4250));
        }),
    ];
    for (what, change) in cases {
        let case = tmp.path().join(what);
        copy_dir(&dir, &case);
        let (mut store, mut desk) = Store::open(&case).expect("open");
        change(&mut desk);
        store.save_all(&desk).expect("save");
        drop(store);
        let was = files(&case);
        let (mut store, mut desk) = open_lean(&case);
        let r = store.take_back_import(&mut desk, &added).expect("no error");
        assert_eq!(r, None, "{what}: the full open says why");
        assert_eq!(files(&case), was, "{what}: nothing changed");
    }
}

#[test]
fn a_link_or_fifo_planted_in_place_of_a_chunk_is_refused_and_nothing_changes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (dir, _, _, added) = imported(tmp.path());
    // 000065 would be removed, 000064 rewritten.
    for (k, fifo) in [(65, false), (66, true), (64, false)] {
        let case = tmp.path().join(format!("planted-{k}"));
        copy_dir(&dir, &case);
        let chunk = case.join(ITEMS_DIR).join(format!("{k:06}.json"));
        let outside = tmp.path().join(format!("outside-{k}"));
        std::fs::copy(&chunk, &outside).expect("copy");
        std::fs::remove_file(&chunk).expect("rm");
        if fifo {
            let c = std::ffi::CString::new(chunk.to_str().expect("utf-8")).expect("path");
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
        } else {
            std::os::unix::fs::symlink(&outside, &chunk).expect("symlink");
        }
        let was = files(&case);
        let outside_was = std::fs::read(&outside).expect("read");
        let (mut store, mut desk) = open_lean(&case);
        let e = store
            .take_back_import(&mut desk, &added)
            .expect_err("refused");
        assert!(!e.journaled, "{k}: refused before the journal line");
        assert!(
            matches!(e.error, StoreError::NotPlain { .. }),
            "{k}: {}",
            e.error
        );
        let line = e.error.to_string();
        assert!(line.contains(&format!("{k:06}.json")), "{k}: {line}");
        assert!(!line.contains('\n'), "{k}: {line}");
        assert_eq!(files(&case), was, "{k}: nothing changed");
        assert_eq!(std::fs::read(&outside).expect("read"), outside_was);
    }
}

#[test]
fn a_crash_at_every_step_of_a_take_back_reads_as_before_or_after() {
    let tmp = tempfile::tempdir().expect("tmp");
    // Here "before" is the desk with the import, "after" the desk without it.
    let (base, with, without, added) = imported(tmp.path());
    let (mut saw_before, mut saw_after) = (0, 0);
    for n in 1.. {
        let dir = tmp.path().join(format!("crash-{n}"));
        copy_dir(&base, &dir);
        let (mut store, mut desk) = open_lean(&dir);
        store.set_crash_at(Some(n));
        match store.take_back_import(&mut desk, &added) {
            Ok(taken) => {
                assert!(taken.is_some(), "the lean path applies");
                assert!(n > 8, "only {n} steps: the crash points are not reached");
                eprintln!("{n} steps, {saw_before} before, {saw_after} after");
                break;
            }
            Err(e) if matches!(e.error, StoreError::Crashed { .. }) => {}
            Err(e) => panic!("step {n}: {}", e.error),
        }
        drop(store);
        // The open that finishes the take-back crashes too, at every step of its own.
        if finishing_open_crashes(tmp.path(), &dir, n, &with, &without) {
            saw_after += 1;
        } else {
            saw_before += 1;
        }
        std::fs::remove_dir_all(&dir).ok();
    }
    assert!(
        saw_before >= 1 && saw_after >= 5,
        "{saw_before} before, {saw_after} after"
    );
}
