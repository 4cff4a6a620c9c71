//! A quick read of what `list drafts` prints: id, state, stamp and headline of every
//! draft, without keeping bodies, sources or tags in memory.
//!
//! Every field is still read and type-checked as [`Store::open`](super::Store::open)
//! does (a body must be strings, a date a date), the headers and ids are checked the
//! same way, and the issue files are parsed too: the quick read succeeds only on a desk
//! the full open loads. It gives up (`None`) on anything else, and on a desk whose
//! journal holds edits not saved yet, which only a full open can replay; the caller then
//! opens the desk in full, which gives the same list or the same error as ever.

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{Deserializer, Visitor};

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::PathBuf;

use super::chunks::{self, read_file};
use super::derived;
use super::deskfs::Dir;
use super::doc::{ChunkItem, parse_chunk_of, parse_issue};
use super::error::StoreError;
use super::faults::Faults;
use super::heads_index::{self, RUN, StatKey};
use super::layout::{DESK_FILE, ISSUES_DIR, ITEMS_DIR, JOURNAL_FILE, chunk_name, list_numbered};
use super::manifest::{check_listed, parse_desk_file};
use crate::model::{ItemId, ItemState, Stamp};

pub use super::heads_index::DraftHead;

/// A JSON string, checked as a `String` field would be, and not kept.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Checked;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
                Ok(Checked)
            }
        }
        d.deserialize_str(V)
    }
}

/// `Item`, field for field (the same names, defaults and types), keeping what `list`
/// prints.
#[derive(Deserialize)]
#[allow(dead_code)] // body, source, date and tags are read for the checks only
struct ItemHead {
    id: ItemId,
    headline: String,
    #[serde(default)]
    body: Vec<Checked>,
    #[serde(
        default,
        alias = "source",
        deserialize_with = "crate::model::source::one_or_many"
    )]
    sources: Vec<crate::model::Source>,
    #[serde(default)]
    stamp: Option<Stamp>,
    #[serde(default)]
    date: Option<NaiveDate>,
    #[serde(default)]
    tags: Vec<Checked>,
    #[serde(default)]
    state: ItemState,
}

impl ChunkItem for ItemHead {
    fn id(&self) -> ItemId {
        self.id
    }
}

impl ItemHead {
    fn into_head(self) -> DraftHead {
        DraftHead {
            id: self.id,
            headline: self.headline,
            state: self.state,
            stamp: self.stamp.map(|s| s.written),
        }
    }
}

/// Every draft of the desk in `dir`, newest first, as `list drafts` prints them; `None`
/// when only a full open can tell (see the module documentation).
pub fn draft_heads(dir: &Path) -> Option<Vec<DraftHead>> {
    match std::fs::metadata(dir.join(JOURNAL_FILE)) {
        Ok(meta) if meta.len() == 0 => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        _ => return None,
    }
    let desk_path = dir.join(DESK_FILE);
    let (bytes, _) = read_file(&desk_path).ok()?;
    let desk_file = parse_desk_file(&desk_path, &bytes).ok()?;
    let mut odd = Vec::new();
    let chunk_files = list_numbered(&dir.join(ITEMS_DIR), &mut odd).ok()?;
    let issue_files = list_numbered(&dir.join(ISSUES_DIR), &mut odd).ok()?;
    // A missing file: the full open names it.
    check_listed(dir, &desk_file, &chunk_files, &issue_files).ok()?;
    // Chunks whose headlines index entry still matches the file come from the index; the
    // others are read and parsed as ever (see `heads_index`).
    let (mut known, to_read) = from_index(dir, &chunk_files);
    let chunks = chunks::read_chunks(&to_read, parse_chunk_of::<ItemHead>).ok()?;
    // A damaged issue file stops `list drafts` after a full open too.
    for (id, path) in issue_files {
        let (bytes, _) = read_file(&path).ok()?;
        parse_issue(&path, &bytes, id).ok()?;
    }
    for c in chunks {
        known.insert(c.k, c.doc.1.into_iter().map(ItemHead::into_head).collect());
    }
    // Sized once: a million heads copied again at each doubling cost page faults.
    let mut heads: Vec<DraftHead> = Vec::with_capacity(known.values().map(Vec::len).sum());
    for chunk in known.into_values() {
        heads.extend(chunk);
    }
    // Chunks come in id order, and ids sorted in each as written: reversed, newest first.
    heads.reverse();
    heads.sort_by_key(|h| std::cmp::Reverse(h.id));
    Some(heads)
}

/// Drafts by chunk number, in file order within each.
type Known = BTreeMap<u64, Vec<DraftHead>>;

/// The chunks of `files` the headlines index answers for (their drafts, by chunk number),
/// and the others, to read. The index files are read and the chunk files stat'ed on up to
/// two threads, a run of chunks each at a time.
fn from_index(dir: &Path, files: &BTreeMap<u64, PathBuf>) -> (Known, Vec<(u64, PathBuf)>) {
    let mut runs: Vec<Vec<(u64, &PathBuf)>> = Vec::new();
    for (&k, path) in files {
        match runs.last_mut() {
            Some(run) if run.first().is_some_and(|&(f, _)| f / RUN == k / RUN) => {
                run.push((k, path));
            }
            _ => runs.push(vec![(k, path)]),
        }
    }
    let one_run = |run: &[(u64, &PathBuf)]| {
        let mut index = run
            .first()
            .map(|&(k, _)| heads_index::read_run(dir, k / RUN))
            .unwrap_or_default();
        run.iter()
            .map(|&(k, path)| {
                let fresh = index
                    .remove(&k)
                    .filter(|(key, _)| derived::fresh(path, key));
                (k, path.clone(), fresh.map(|(_, heads)| heads))
            })
            .collect::<Vec<_>>()
    };
    let threads = if runs.len() > 1 { 2 } else { 1 };
    let per = runs.len().div_ceil(threads).max(1);
    let parts: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = runs
            .chunks(per)
            .map(|part| s.spawn(move || part.iter().flat_map(|r| one_run(r)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut known = BTreeMap::new();
    let mut to_read = Vec::new();
    for (k, path, heads) in parts {
        match heads {
            Some(h) => {
                known.insert(k, h);
            }
            None => to_read.push((k, path)),
        }
    }
    (known, to_read)
}

/// What `rebuild_index` made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Indexed {
    /// Chunk files whose drafts are in the index.
    pub chunks: usize,
    /// Chunk files left out: changed too recently to be dated, unreadable, or not a regular
    /// file (the quick read reads them as before).
    pub left_out: usize,
}

/// Make the headlines index of the desk in `dir` again from its chunk files (`doctor`).
pub fn rebuild_index(dir: &Path) -> Result<Indexed, StoreError> {
    rebuild_index_with(dir, &mut Faults::from_env())
}

pub(crate) fn rebuild_index_with(dir: &Path, faults: &mut Faults) -> Result<Indexed, StoreError> {
    let mut odd = Vec::new();
    let files = list_numbered(&dir.join(ITEMS_DIR), &mut odd)?;
    let Some(items) = Dir::under(dir, Path::new(ITEMS_DIR), false)? else {
        return Ok(Indexed::default());
    };
    let mut done = Indexed::default();
    let mut runs: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for &k in files.keys() {
        runs.entry(k / RUN).or_default().push(k);
    }
    let mut buf = Vec::new();
    for (run, ks) in runs {
        // Made first: its ctime dates which chunks may be indexed.
        let pending = heads_index::begin(dir, run)?;
        let mut entries = Vec::new();
        for k in ks {
            match index_entry(&items, k, pending.mark_ns, &mut buf) {
                Some((key, heads)) => entries.push((k, key, heads)),
                None => done.left_out += 1,
            }
        }
        done.chunks += entries.len();
        let refs: Vec<_> = entries
            .iter()
            .map(|(k, key, heads)| (*k, *key, heads.as_slice()))
            .collect();
        pending.commit(&heads_index::encode(run, &refs), faults)?;
    }
    Ok(done)
}

/// Chunk `k`'s entry: read and dated by `derived::read_dated`, parsed; `None` when it
/// does not read, parse, or was changed at or after `mark_ns`.
fn index_entry(
    items: &Dir,
    k: u64,
    mark_ns: i128,
    buf: &mut Vec<u8>,
) -> Option<(StatKey, Vec<DraftHead>)> {
    let key = derived::read_dated(items, k, mark_ns, buf)?;
    let path = items.join(OsStr::new(&chunk_name(k)));
    let (_, heads) = parse_chunk_of::<ItemHead>(&path, buf, k).ok()?;
    let heads: Vec<DraftHead> = heads.into_iter().map(ItemHead::into_head).collect();
    heads_index::encodable(&heads).then_some((key, heads))
}

#[cfg(test)]
mod tests {
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
        // Several desks (one or two runs of chunks: 1,024 chunk files make a run), each
        // indexed, then some chunks changed after the index was made.
        for n in [1, 64, 700, 66_000] {
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
}
