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

use std::collections::{BTreeMap, HashMap};
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
pub type Indexed = derived::Rebuilt;

/// Make the headlines index of the desk in `dir` again from its chunk files (`doctor`).
pub fn rebuild_index(dir: &Path) -> Result<Indexed, StoreError> {
    rebuild_index_with(dir, &mut Faults::from_env())
}

pub(crate) fn rebuild_index_with(dir: &Path, faults: &mut Faults) -> Result<Indexed, StoreError> {
    derived::rebuild::<Heads>(dir, faults)
}

/// The headlines index's parts for `derived::refresh`.
struct Heads;

impl derived::Index for Heads {
    type Entry = Vec<DraftHead>;
    const RUN: u64 = RUN;
    fn name(run: u64) -> String {
        heads_index::index_name(run)
    }
    fn decode(bytes: &[u8], run: u64) -> Option<HashMap<u64, heads_index::Entry>> {
        heads_index::decode(bytes, run)
    }
    fn entry(
        items: &Dir,
        k: u64,
        mark_ns: i128,
        buf: &mut Vec<u8>,
    ) -> Option<(StatKey, Vec<DraftHead>)> {
        index_entry(items, k, mark_ns, buf)
    }
    fn encode(run: u64, entries: &[(u64, StatKey, Vec<DraftHead>)]) -> Vec<u8> {
        let refs: Vec<_> = entries
            .iter()
            .map(|(k, key, heads)| (*k, *key, heads.as_slice()))
            .collect();
        heads_index::encode(run, &refs)
    }
}

/// After a save or a streamed import wrote chunks `ks`: their headlines index entries made
/// again where their run has an index file (`derived::refresh`), so `list` keeps reading
/// the index, not the chunks, as the desk is worked on.
pub(crate) fn refresh_index(dir: &Path, ks: &[u64], faults: &mut Faults) {
    derived::refresh::<Heads>(dir, ks, faults);
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
mod tests;
