use super::*;

fn key(len: u64) -> StatKey {
    StatKey {
        len,
        mtime_ns: 1,
        ino: 2,
        ctime_ns: 3,
    }
}

#[test]
fn a_filter_holds_every_start_of_its_words() {
    let body = vec!["Ransomware hit Zürich's CVE-2031-48213 port".to_string()];
    let bloom = bloom_of_bodies([body.as_slice()].into_iter());
    for w in [
        "ransomware",
        "ransom",
        "rans",
        "zurich",
        "cve",
        "2031",
        "48213",
        "port",
    ] {
        let p = Probes::of([w]);
        assert!(!p.is_empty(), "{w}");
        assert!(p.starts.iter().all(|(_, h)| bloom.may_hold(*h)), "{w}");
    }
    assert!(
        Probes::of(["hi", "r"]).is_empty(),
        "under 3 characters: no probe"
    );
    // A word not there: ruled out (this filter is small enough to be sure of it).
    let p = Probes::of(["zzqxv"]);
    assert!(p.starts.iter().any(|(_, h)| !bloom.may_hold(*h)));
}

#[test]
fn an_index_reads_back_and_garbage_reads_as_none() {
    let words = |starts: &[&str], heads: &[(u64, u64)]| Words {
        bloom: Bloom::of(starts.iter().copied()),
        heads: heads.into(),
    };
    let a = words(&["abc", "abcde"], &[(64, 7), (100, 9)]);
    let b = words(&["xyz"], &[]);
    let bytes = encode(0, &[(1, key(10), a.clone()), (2, key(11), b.clone())]);
    let got = decode(&bytes, 0).expect("decodes");
    assert_eq!(got.get(&1), Some(&(key(10), a.clone())));
    assert_eq!(got.get(&2), Some(&(key(11), b)));
    assert!(decode(&bytes, 1).is_none(), "another run's file");
    for cut in [0, 8, 20, 80, bytes.len() - 1] {
        assert!(decode(&bytes[..cut], 0).is_none(), "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(decode(&longer, 0).is_none());
    assert!(
        decode(&encode(0, &[(RUN + 1, key(1), a.clone())]), 0).is_none(),
        "a chunk of another run"
    );
    // A draft of another chunk, or out of order: no index.
    for heads in [&[(64u64, 1u64)][..], &[(5, 1), (3, 2)], &[(3, 1), (3, 1)]] {
        let odd = words(&["abc"], heads);
        assert!(
            decode(&encode(0, &[(0, key(1), odd)]), 0).is_none(),
            "{heads:?}"
        );
    }
}

#[test]
fn an_index_of_the_old_layout_reads_as_none() {
    // BDWORDS1: the bodies' filter alone, no headlines (wt-windex). Read as none, so
    // its chunks are read as without an index.
    let bloom = Bloom::of(["abc", "abcde"]);
    let old = derived::encode(b"BDWORDS1", 0, &[(1, key(10), bloom)], |b, out| {
        out.extend_from_slice(&(b.bits.len() as u64).to_le_bytes());
        out.extend_from_slice(&b.bits);
    });
    assert!(decode(&old, 0).is_none());
}

/// The hits of `query` in the desk `dir`, bodies read from the chunk files, with the
/// word index or without, and how many chunk files were read.
fn hits(dir: &Path, query: &str, index: bool) -> (Vec<u32>, usize) {
    use crate::search::{ChunkReader, Folds, Search, Texts};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (_store, desk, _) = crate::store::Store::open_read_only(dir).expect("open");
    let mut lean: Vec<crate::model::Item> = desk.items_newest_first().cloned().collect();
    lean.iter_mut()
        .for_each(crate::model::Item::leave_body_on_disk);
    let files = crate::store::BodyFiles::new(dir);
    let read = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&read);
    let mut reader = ChunkReader::new(move |k| {
        counted.fetch_add(1, Ordering::Relaxed);
        files.bodies(k).ok()
    });
    if index {
        reader = reader.with_word_index(dir);
    }
    let texts = Arc::new(Texts::new(&lean).with_reader(Some(reader)));
    let q = Search::parse(query).expect("a query");
    let hits = Folds::default()
        .search(&texts, &q, None, &|| false)
        .expect("not stopped");
    (hits, read.load(Ordering::Relaxed))
}

#[test]
fn a_save_or_a_streamed_import_starts_the_word_index_of_a_run_that_has_none() {
    use crate::model::{Item, ItemId, Touch};
    let tmp = tempfile::tempdir().expect("tempdir");
    crate::desk_gen::write_desk(tmp.path(), &crate::desk_gen::desk(300)).expect("desk");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let index = |run: u64| tmp.path().join(ITEMS_DIR).join(index_name(run));
    assert!(!index(0).exists(), "a desk never doctored");
    let (want, all) = hits(tmp.path(), "zzqxv", true);
    assert_eq!(all, 5, "no index: every chunk read");
    // A save of draft 70 (chunk 1) starts run 0's file with all five chunks: the word
    // on no draft reads none of them, and the answers are the same.
    let (mut store, desk) = crate::store::Store::open(tmp.path()).expect("open");
    store.save(&desk, &[Touch::Item(ItemId(70))]).expect("save");
    drop(store);
    assert!(index(0).exists());
    assert_eq!(hits(tmp.path(), "zzqxv", true), (want, 0));
    let common = hits(tmp.path(), "ransomware", false).0;
    assert_eq!(hits(tmp.path(), "ransomware", true).0, common);
    // A streamed import of 4,200 drafts fills runs 0 and 1 (chunks 4 to 70): run 1's
    // file is started by the import, and no chunk is read for the word on no draft.
    let (mut store, mut desk) = crate::store::Store::open(tmp.path()).expect("open");
    let mut w = store.begin_import(&desk, 4_200).expect("begin");
    let top = w.first_id() + 4_200;
    for j in 0..4_200u64 {
        let item = Item::new(ItemId(top - 1 - j), format!("New {j}"), Vec::new());
        w.add(item).expect("add");
    }
    w.commit(&mut desk).map_err(|e| e.error).expect("commit");
    drop(store);
    assert!(index(1).exists(), "run 1 started by the import");
    let (got, read) = hits(tmp.path(), "zzqxv", true);
    assert!(got.is_empty());
    assert_eq!(read, 0, "every chunk indexed");
}

#[test]
fn a_crash_at_any_step_of_the_rebuild_leaves_the_same_answer() {
    let tmp = tempfile::tempdir().expect("tempdir");
    crate::desk_gen::write_desk(tmp.path(), &crate::desk_gen::desk(300)).expect("desk");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let index = tmp.path().join(ITEMS_DIR).join(index_name(0));
    let (want, all) = hits(tmp.path(), "zzqxv", false);
    assert_eq!(all, 5);
    for n in 1..=5 {
        let _ = std::fs::remove_file(&index);
        let mut faults = Faults {
            crash_at: Some(n),
            count: 0,
            disk_full: false,
        };
        let r = rebuild_with(tmp.path(), &mut faults);
        assert!(
            matches!(r, Err(StoreError::Crashed { .. })),
            "point {n}: {r:?}"
        );
        let (got, read) = hits(tmp.path(), "zzqxv", true);
        assert_eq!(got, want, "point {n}");
        // Renamed in place (points 4 and 5: after the rename) the index is whole and
        // used; before, there is none and every chunk is read.
        assert_eq!(read, if n >= 4 { 0 } else { 5 }, "point {n}");
        let (_store, desk, _) = crate::store::Store::open_read_only(tmp.path()).expect("opens");
        assert_eq!(desk.items.len(), 300);
    }
    // A full disk: an error naming the file, nothing left behind, the same answer.
    let _ = std::fs::remove_file(&index);
    let mut faults = Faults {
        crash_at: None,
        count: 0,
        disk_full: true,
    };
    let err = rebuild_with(tmp.path(), &mut faults).expect_err("disk full");
    assert!(err.to_string().contains(".words-0000"), "{err}");
    assert!(!index.exists());
    assert_eq!(hits(tmp.path(), "zzqxv", true), (want, 5));
}

/// The chunk files' stats through the open `items/` (issue #19) give the key the path's
/// stat gives: the same file is fresh; a rewrite, a symlink in its place, a directory or
/// no file is not.
#[test]
fn a_stat_through_the_open_items_is_the_stat_by_path() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let items_path = tmp.path().join(ITEMS_DIR);
    std::fs::create_dir(&items_path).expect("items");
    let items = Dir::under(tmp.path(), Path::new(ITEMS_DIR), false)
        .expect("opens")
        .expect("is there");
    let name = chunk_name(3);
    let path = items_path.join(&name);
    std::fs::write(&path, b"{}\n").expect("write");
    let meta = std::fs::symlink_metadata(&path).expect("stat");
    let key = StatKey::of(&meta).expect("a regular file");
    assert!(derived::fresh(&path, &key));
    assert!(derived::fresh_in(&items, &name, &key));
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, b"{} \n").expect("rewrite");
    assert!(!derived::fresh_in(&items, &name, &key), "rewritten");
    let now = StatKey::of(&std::fs::symlink_metadata(&path).expect("stat")).expect("file");
    assert!(derived::fresh_in(&items, &name, &now));
    std::fs::rename(&path, items_path.join("elsewhere")).expect("move");
    std::os::unix::fs::symlink(items_path.join("elsewhere"), &path).expect("symlink");
    let target = StatKey::of(&std::fs::metadata(&path).expect("stat")).expect("file");
    assert!(
        !derived::fresh_in(&items, &name, &target),
        "a symlink followed"
    );
    std::fs::remove_file(&path).expect("unlink");
    assert!(!derived::fresh_in(&items, &name, &target), "no file");
    std::fs::create_dir(&path).expect("a directory");
    assert!(!derived::fresh_in(&items, &name, &target), "a directory");
}
