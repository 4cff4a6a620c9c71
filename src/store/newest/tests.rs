use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::model::{Edit, ItemState};

/// A desk of `n` generated drafts (79 chunk files at 5,000) and its issues.
fn desk_dir(n: u64) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    crate::desk_gen::write_desk(tmp.path(), &crate::desk_gen::desk(n)).expect("write desk");
    tmp
}

/// Every file of the desk directory and its bytes (the lock and backups left out).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in [dir.to_path_buf(), dir.join(ITEMS_DIR), dir.join(ISSUES_DIR)] {
        for entry in std::fs::read_dir(&sub).expect("list").flatten() {
            let path = entry.path();
            if path.is_file() {
                let rel = path.strip_prefix(dir).expect("in the desk").to_path_buf();
                // A derived index holds its chunks' stat keys (inodes, times), which differ
                // from one desk to the other: both must have it, its bytes are not compared.
                let name = entry.file_name().to_string_lossy().into_owned();
                let bytes = if name.starts_with(".heads-") || name.starts_with(".words-") {
                    b"a derived index".to_vec()
                } else {
                    std::fs::read(&path).expect("read")
                };
                out.insert(rel, bytes);
            }
        }
    }
    out
}

/// The newest-first open, finished.
fn split_open(dir: &Path) -> Result<(Store, Desk, Vec<String>), StoreError> {
    match Store::open_newest_first(dir)? {
        Opened::Newest(mut desk, opening) => {
            let (store, notices) = opening.finish(&mut desk)?;
            Ok((store, desk, notices))
        }
        Opened::Full(..) => panic!("expected the newest-first open"),
    }
}

fn assert_same_store(a: &Store, b: &Store) {
    assert_eq!(a.dir, b.dir);
    assert_eq!(a.settings, b.settings);
    assert_eq!(a.seen, b.seen);
    assert_eq!(a.seq, b.seq);
    assert_eq!(a.pending, b.pending);
    assert_eq!(a.journal_dirty, b.journal_dirty);
    assert_eq!(a.journal.is_some(), b.journal.is_some());
    assert_eq!(a.notices, b.notices);
    assert_eq!(a.read_only, b.read_only);
}

#[test]
fn the_split_open_gives_what_the_full_open_gives() {
    let tmp = desk_dir(5_000);
    let (full_store, full_desk, full_notices) =
        Store::open_with_notices(tmp.path()).expect("full open");
    let Opened::Newest(mut desk, opening) = Store::open_newest_first(tmp.path()).expect("open")
    else {
        panic!("expected the newest-first open");
    };
    // Before the merge: every issue, and the newest drafts, enough for a first screen.
    assert_eq!(desk.issues, full_desk.issues);
    assert!(desk.items.len() >= FIRST_SCREEN_ITEMS && desk.items.len() < 5_000);
    let newest: Vec<_> = desk.items_newest_first().map(|i| i.id).collect();
    let full_newest: Vec<_> = full_desk
        .items_newest_first()
        .take(newest.len())
        .map(|i| i.id)
        .collect();
    assert_eq!(newest, full_newest);
    // After: the same desk, the same bookkeeping, nothing seen as changed on disk.
    let (store, notices) = opening.finish(&mut desk).expect("finish");
    // Changed for issue #19: the bodies are left in their chunk files (the fingerprint
    // kept), and reading them in gives the full open's desk exactly.
    let mut lean = full_desk.clone();
    lean.items
        .values_mut()
        .for_each(crate::model::Item::leave_body_on_disk);
    assert_eq!(desk, lean);
    let ids: Vec<_> = desk.items.keys().copied().collect();
    assert_eq!(store.fill_bodies(&mut desk, &ids).expect("fill"), 5_000);
    assert_eq!(desk, full_desk);
    assert_eq!(notices, full_notices);
    assert_same_store(&store, &full_store);
    assert!(store.changed_on_disk().is_empty());
}

#[test]
fn an_edit_after_the_split_open_writes_what_the_full_open_would() {
    let (a, b) = (desk_dir(5_000), desk_dir(5_000));
    assert_eq!(snapshot(a.path()), snapshot(b.path()));
    let (mut full_store, mut full_desk) = Store::open(a.path()).expect("full open");
    let (mut store, mut desk, _) = split_open(b.path()).expect("split open");
    // One old draft (chunk 0, parsed on the thread) and the newest one.
    let old = *desk.items.keys().next().expect("an item");
    let new = *desk.items.keys().next_back().expect("an item");
    let edits = [
        Edit::SetItemState {
            id: old,
            state: ItemState::Spiked,
        },
        Edit::SetItemState {
            id: new,
            state: ItemState::Held,
        },
    ];
    for (store, desk) in [(&mut full_store, &mut full_desk), (&mut store, &mut desk)] {
        for e in &edits {
            e.clone().apply(desk).expect("apply");
        }
        store.append_journal(&edits).expect("journal");
    }
    let touched: Vec<_> = edits.iter().map(Edit::touches).collect();
    let full_report = full_store.save(&full_desk, &touched).expect("save");
    let report = store.save(&desk, &touched).expect("save");
    assert_eq!(report, full_report);
    assert_eq!(report.files, 2);
    assert_eq!(snapshot(a.path()), snapshot(b.path()));
    assert!(store.changed_on_disk().is_empty());
    assert_eq!(store.seq, full_store.seq);
}

#[test]
fn a_journal_with_edits_or_an_unusual_desk_takes_the_full_open() {
    let tmp = desk_dir(5_000);
    {
        // An edit journaled, never saved: a crash.
        let (mut store, mut desk) = Store::open(tmp.path()).expect("open");
        let id = *desk.items.keys().next().expect("an item");
        let edit = Edit::SetItemState {
            id,
            state: ItemState::Spiked,
        };
        edit.clone().apply(&mut desk).expect("apply");
        store.append_journal(&[edit]).expect("journal");
    }
    let journal = tmp.path().join(JOURNAL_FILE);
    assert!(std::fs::metadata(&journal).expect("journal").len() > 0);
    match Store::open_newest_first(tmp.path()).expect("open") {
        Opened::Full(_, desk, notices) => {
            assert!(
                notices.iter().any(|n| n.contains("recovered 1 edit")),
                "{notices:?}"
            );
            assert_eq!(
                desk.items.values().next().map(|i| i.state),
                Some(ItemState::Spiked)
            );
        }
        Opened::Newest(..) => panic!("a journal with edits needs the full open"),
    }
    // The replay saved and emptied the journal: newest first again.
    assert!(matches!(
        Store::open_newest_first(tmp.path()),
        Ok(Opened::Newest(..))
    ));
    // A journal of blank lines: the full open says nothing, but only it knows that.
    std::fs::write(&journal, "\n").expect("write");
    assert!(matches!(
        Store::open_newest_first(tmp.path()),
        Ok(Opened::Full(..))
    ));
    std::fs::write(&journal, "").expect("write");
    // An odd file name: the full open has a notice for it.
    let odd = tmp.path().join(ITEMS_DIR).join("notes.txt");
    std::fs::write(&odd, "x").expect("write");
    match Store::open_newest_first(tmp.path()).expect("open") {
        Opened::Full(_, _, notices) => assert_eq!(notices.len(), 1, "{notices:?}"),
        Opened::Newest(..) => panic!("an odd file needs the full open"),
    }
    std::fs::remove_file(&odd).expect("remove");
    // A small desk, and no desk at all (the full open creates one).
    let small = desk_dir(200);
    assert!(matches!(
        Store::open_newest_first(small.path()),
        Ok(Opened::Full(..))
    ));
    let empty = tempfile::tempdir().expect("tempdir");
    match Store::open_newest_first(empty.path()).expect("open") {
        Opened::Full(_, desk, notices) => {
            assert!(desk.items.is_empty());
            assert!(notices[0].starts_with("created a new desk"), "{notices:?}");
        }
        Opened::Newest(..) => panic!("a new desk is made by the full open"),
    }
}

#[test]
fn a_damaged_old_chunk_gives_the_full_opens_error_and_changes_nothing() {
    let tmp = desk_dir(5_000);
    let chunk = tmp.path().join(ITEMS_DIR).join("000001.json");
    let text = std::fs::read_to_string(&chunk).expect("read");
    std::fs::write(&chunk, &text[..text.len() / 2]).expect("write");
    // A temp file of a dead writer: a successful open removes it, a failed one must not.
    let temp = tmp
        .path()
        .join(ITEMS_DIR)
        .join(".000002.json.tmp-999999999-0");
    std::fs::write(&temp, "left").expect("write");
    let before = snapshot(tmp.path());
    let full = Store::open_with_notices(tmp.path())
        .err()
        .map(|e| e.to_string())
        .expect("the full open fails");
    assert!(full.contains("000001.json"), "{full}");
    // The damage is in an old chunk: the first screen opens, the merge fails.
    let Opened::Newest(mut desk, opening) = Store::open_newest_first(tmp.path()).expect("open")
    else {
        panic!("expected the newest-first open");
    };
    let split = opening
        .finish(&mut desk)
        .err()
        .map(|e| e.to_string())
        .expect("the merge fails");
    assert_eq!(split, full);
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn a_damaged_newest_chunk_or_issue_gives_the_full_opens_error() {
    let tmp = desk_dir(5_000);
    let files = list_numbered(&tmp.path().join(ITEMS_DIR), &mut Vec::new()).expect("list");
    let (_, newest) = files.iter().next_back().expect("a chunk");
    let text = std::fs::read_to_string(newest).expect("read");
    std::fs::write(newest, text.replacen("\"body\": [", "\"body\": [42, ", 1)).expect("write");
    let errors = |dir: &Path| {
        let full = Store::open_with_notices(dir).err().map(|e| e.to_string());
        let split = split_open(dir).err().map(|e| e.to_string());
        (full, split)
    };
    let (full, split) = errors(tmp.path());
    assert!(
        full.as_deref()
            .is_some_and(|e| e.contains(&newest.display().to_string()))
    );
    assert_eq!(split, full);
    // An old chunk damaged too: the full open names the first in file order, so does this.
    let old = tmp.path().join(ITEMS_DIR).join("000003.json");
    std::fs::write(&old, "{\"briefdesk\": \"issue\", \"schema\": 1}").expect("write");
    let (full, split) = errors(tmp.path());
    assert!(full.as_deref().is_some_and(|e| e.contains("000003.json")));
    assert_eq!(split, full);
    // A damaged issue file (the chunks fine again but the old one).
    std::fs::write(newest, &text).expect("write");
    let issue = list_numbered(&tmp.path().join(ISSUES_DIR), &mut Vec::new())
        .expect("list")
        .into_values()
        .next()
        .expect("an issue");
    std::fs::write(&issue, "{\"briefdesk\": \"issue\"").expect("write");
    let (full, split) = errors(tmp.path());
    assert!(full.as_deref().is_some_and(|e| e.contains("000003.json")));
    assert_eq!(split, full);
    std::fs::remove_file(&old).expect("remove");
    let (full, split) = errors(tmp.path());
    assert!(full.is_some());
    assert_eq!(split, full);
}

/// The bytes draft `it` holds in the open desk besides its headline's text: its slot in
/// the map (id and `Item`), its headline's spare room, and what its stamp, sources and tags
/// hold on the heap (its body is in its chunk file).
fn held_besides_headline(it: &Item) -> usize {
    use std::mem::size_of;
    let strings = |s: &[&String]| s.iter().map(|s| s.capacity()).sum::<usize>();
    let stamp = it.stamp.as_ref().map_or(0, |st| {
        size_of::<crate::model::Stamp>() + st.written.capacity()
    });
    let sources: usize = it
        .sources
        .iter()
        .map(|s| {
            let texts: Vec<&String> = [&s.outlet, &s.url, &s.entry]
                .into_iter()
                .flatten()
                .collect();
            size_of::<crate::model::Source>() + strings(&texts)
        })
        .sum();
    let tags = it
        .tags
        .iter()
        .map(|t| size_of::<String>() + t.capacity())
        .sum::<usize>();
    let body = match &it.body {
        crate::model::Body::Text(p) => p.iter().map(|p| size_of::<String>() + p.capacity()).sum(),
        crate::model::Body::OnDisk { .. } => 0,
    };
    size_of::<(ItemId, Item)>()
        + (it.headline.capacity() - it.headline.len())
        + stamp
        + sources
        + tags
        + body
}

#[test]
fn the_open_desk_holds_few_bytes_per_draft_besides_its_headline() {
    // Issue #19: a million drafts must stay under 400 MB idle. The desk held 173 bytes a
    // generated draft besides its headline (a 152-byte `Item` with three `Vec`s and a
    // stamp's room, mostly empty); the bound leaves no room for that to come back.
    let tmp = desk_dir(5_000);
    let (_, desk, _) = split_open(tmp.path()).expect("open");
    assert!(desk.items.values().all(|it| it.body.is_on_disk()));
    let held: usize = desk.items.values().map(held_besides_headline).sum();
    let per_draft = held as f64 / desk.items.len() as f64;
    assert!(
        per_draft <= 112.0,
        "{per_draft:.1} bytes per draft besides its headline ({} drafts, size_of Item {})",
        desk.items.len(),
        std::mem::size_of::<Item>()
    );
}
