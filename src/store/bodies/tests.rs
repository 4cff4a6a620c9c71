//! Bodies read from their chunk files: the fill-in before a command, the save of a chunk
//! whose other drafts' bodies are on disk.

use std::path::Path;

use super::super::{ITEMS_DIR, Opened, Store, StoreError};
use crate::model::{Desk, Edit, Item, ItemId, ItemState, Touch};

/// A desk of `n` drafts (two paragraphs each) saved in `dir`.
fn saved_desk(dir: &Path, n: u64) -> Desk {
    let mut desk = Desk::new();
    for i in 0..n {
        let item = Item::new(
            ItemId(i),
            format!("Headline {i}"),
            vec![format!("Lead of {i}."), format!("More of {i}.")],
        );
        desk.items.insert(item.id, item);
    }
    let (mut store, _) = Store::open(dir).expect("open");
    store.save_all(&desk).expect("save");
    desk
}

/// The desk as the TUI opens it: bodies left in their chunk files.
fn open_lean(dir: &Path) -> (Store, Desk) {
    match Store::open_newest_first(dir).expect("open") {
        Opened::Full(store, desk, _) => (store, desk),
        Opened::Newest(mut desk, opening) => {
            let (store, _) = opening.finish(&mut desk).expect("finish");
            (store, desk)
        }
    }
}

#[test]
fn the_desk_the_tui_opens_leaves_every_body_on_disk_and_reads_one_chunk_back()
-> Result<(), StoreError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let whole = saved_desk(tmp.path(), 150);
    let (store, mut desk) = open_lean(tmp.path());
    assert!(desk.items.values().all(|it| it.body.is_on_disk()));
    assert_eq!(
        desk.items
            .values()
            .map(Item::fingerprint)
            .collect::<Vec<_>>(),
        whole
            .items
            .values()
            .map(Item::fingerprint)
            .collect::<Vec<_>>(),
    );
    // Two drafts of chunk 1 and one of chunk 2: both read, nothing else.
    let read = store.fill_bodies(
        &mut desk,
        &[ItemId(70), ItemId(71), ItemId(130), ItemId(999)],
    )?;
    assert_eq!(read, 3);
    for id in [70, 71, 130] {
        assert_eq!(desk.items[&ItemId(id)], whole.items[&ItemId(id)]);
    }
    assert!(desk.items[&ItemId(72)].body.is_on_disk());
    // Read already: not read again.
    assert_eq!(store.fill_bodies(&mut desk, &[ItemId(70)])?, 0);
    Ok(())
}

#[test]
fn a_chunk_changed_planted_or_short_of_the_draft_is_refused_naming_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    saved_desk(tmp.path(), 150);
    let (store, mut desk) = open_lean(tmp.path());
    let chunk = tmp.path().join(ITEMS_DIR).join("000001.json");
    // Another program rewrote it: its bodies may not be the desk's.
    let bytes = std::fs::read(&chunk).expect("read");
    std::fs::write(&chunk, [bytes.as_slice(), b"\n"].concat()).expect("write");
    let e = store
        .fill_bodies(&mut desk, &[ItemId(70)])
        .expect_err("changed");
    assert!(matches!(e, StoreError::ChangedOnDisk { .. }), "{e}");
    assert!(desk.items[&ItemId(70)].body.is_on_disk(), "nothing filled");
    // A symlink in its place is never followed, even to the very same bytes.
    let files = store.body_files();
    let away = tmp.path().join("elsewhere.json");
    std::fs::rename(&chunk, &away).expect("move");
    std::os::unix::fs::symlink(&away, &chunk).expect("symlink");
    let e = files.body(ItemId(70)).expect_err("a symlink");
    assert!(e.to_string().contains("000001.json"), "{e}");
    assert!(e.to_string().contains("doctor"), "{e}");
    // A chunk without the draft: one line naming the file and the draft.
    std::fs::remove_file(&chunk).expect("rm");
    std::fs::write(
        &chunk,
        r#"{"briefdesk": "items", "schema": 1, "items": [{"id": 64, "headline": "H"}]}"#,
    )
    .expect("write");
    let e = files.body(ItemId(70)).expect_err("not in it");
    let line = e.to_string();
    assert!(
        line.contains("000001.json") && line.contains("draft 70"),
        "{line}"
    );
    assert!(!line.contains('\n'), "one line: {line}");
}

#[test]
fn a_save_takes_the_bodies_on_disk_from_the_file_and_fails_whole_when_it_does_not_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let whole = saved_desk(tmp.path(), 150);
    let (mut store, mut desk) = open_lean(tmp.path());
    let edit = Edit::SetItemState {
        id: ItemId(70),
        state: ItemState::Spiked,
    };
    edit.clone().apply(&mut desk).expect("apply");
    store
        .append_journal(std::slice::from_ref(&edit))
        .expect("journal");
    store.save(&desk, &[Touch::Item(ItemId(70))]).expect("save");
    let (_, back) = Store::open(tmp.path()).expect("reopen");
    let mut want = whole.clone();
    if let Some(it) = want.items.get_mut(&ItemId(70)) {
        it.state = ItemState::Spiked;
    }
    assert_eq!(back, want, "every body of the chunk kept, from the file");

    // The file damaged in place behind our back (same size, same time, same inode): the
    // save cannot take its bodies, says so in one line naming it and doctor, writes nothing.
    let chunk = tmp.path().join(ITEMS_DIR).join("000001.json");
    let meta = std::fs::metadata(&chunk).expect("stat");
    let mut bytes = std::fs::read(&chunk).expect("read");
    let at = bytes.len() / 2;
    bytes[at..].fill(b' ');
    {
        use std::io::{Seek, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&chunk)
            .expect("open");
        f.seek(std::io::SeekFrom::Start(0)).expect("seek");
        f.write_all(&bytes).expect("write");
        f.set_modified(meta.modified().expect("mtime"))
            .expect("touch");
    }
    let edit = Edit::SetItemState {
        id: ItemId(71),
        state: ItemState::Held,
    };
    edit.clone().apply(&mut desk).expect("apply");
    store
        .append_journal(std::slice::from_ref(&edit))
        .expect("journal");
    let e = store
        .save(&desk, &[Touch::Item(ItemId(71))])
        .expect_err("the bodies do not read");
    let line = e.to_string();
    assert!(
        line.contains("000001.json") && line.contains("doctor"),
        "{line}"
    );
    assert!(
        line.contains("nothing was written") && !line.contains('\n'),
        "{line}"
    );
    assert_eq!(
        std::fs::read(&chunk).expect("read"),
        bytes,
        "left as it was"
    );
}

#[test]
fn the_word_search_reads_a_chunks_bodies_alone_through_the_same_checks() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let whole = saved_desk(tmp.path(), 150);
    let (store, _) = open_lean(tmp.path());
    let files = store.body_files();
    let got = files.bodies(1).expect("chunk 1");
    let want: Vec<(ItemId, Vec<String>)> = whole
        .items
        .range(ItemId(64)..ItemId(128))
        .map(|(id, it)| (*id, it.body.to_vec()))
        .collect();
    assert_eq!(got, want);
    // A chunk holding a draft of another chunk is refused, as the open refuses it.
    let chunk = tmp.path().join(ITEMS_DIR).join("000001.json");
    std::fs::write(
        &chunk,
        r#"{"briefdesk": "items", "schema": 1, "items": [{"id": 3, "headline": "H"}]}"#,
    )
    .expect("write");
    let e = files.bodies(1).expect_err("not its chunk");
    assert!(e.to_string().contains("000001.json"), "{e}");
}
