//! Issue #19: `import --undo-last` of a big streamed import, without the desk's drafts.
//!
//! A streamed import gives its drafts the ids `[first, end)` and writes them in whole chunk
//! files of their own, the lowest few perhaps in the chunk file the desk already had (the
//! head chunk). Taking it back reads only those files: every whole chunk is checked (its
//! drafts exactly the import's, none edited or used since) and dropped, the head chunk is
//! kept whole. Then:
//!
//! 1. ONE journal line `{"seq", "unimport": {"chunks": [[first, last]], "edits": [...]}}`
//!    names the whole chunks and removes the head chunk's drafts of the import: from here
//!    on the take-back has happened;
//! 2. the head chunk is rewritten and `desk.json` lists the desk without the whole chunks
//!    (a chunk file on disk that it does not list still loads, and the journal takes it
//!    back);
//! 3. the whole chunk files go into the backups (renamed, one fsync of `items/`);
//! 4. the journal is emptied.
//!
//! A crash before 1 changes nothing. After it, the journal is not empty: the quick readers
//! take the full open, which drops the drafts of the named chunks still on disk and
//! replays the edits (a read-only open in memory; a writer also removes the files), so
//! every reader sees the desk before or after. Anything unusual (a journal that is not
//! empty, a file not listed, a draft edited, used, purged or not the import's): `None`,
//! and the caller takes the full open, which says what is wrong.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::atomic::remove_many_with_backup;
use super::chunks::{read_chunks, read_file};
use super::doc::{parse_chunk, parse_issue};
use super::error::StoreError;
use super::import_stream::CommitError;
use super::layout::{FileKey, ITEMS_DIR, ITEMS_PER_CHUNK, JOURNAL_FILE, chunk_name};
use super::open::Store;
use crate::model::{Desk, Edit, Item, ItemId, ItemState};

/// Chunk files read at a time while checking: each parsed, checked and dropped.
const BATCH: usize = 64;

/// Longest run of chunks a take-back line may name (as an import line).
const MOST_CHUNKS: u64 = 1 << 26;

/// Where the drafts of the import are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// The import's ids, `[first, end)`.
    first: u64,
    end: u64,
    /// The chunks holding only drafts of the import, `[whole.0, whole.1]`.
    whole: (u64, u64),
    /// The chunk shared with older drafts, holding the import's lowest ids.
    head: Option<u64>,
}

/// The import's drafts as one run of ids ending at the desk's next id, with at least one
/// whole chunk of their own; `None` otherwise (a small or an odd import: the full open).
fn span(items: &[(ItemId, u64)], next_item_id: u64) -> Option<Span> {
    let first = items.iter().map(|(id, _)| id.0).min()?;
    let end = first.checked_add(items.len() as u64)?;
    if end != next_item_id {
        return None;
    }
    let mut seen = vec![false; items.len()];
    for (id, _) in items {
        let slot = seen.get_mut(usize::try_from(id.0 - first).ok()?)?;
        if std::mem::replace(slot, true) {
            return None;
        }
    }
    let whole = (first.div_ceil(ITEMS_PER_CHUNK), (end - 1) / ITEMS_PER_CHUNK);
    if whole.0 > whole.1 {
        return None;
    }
    let head = (first % ITEMS_PER_CHUNK != 0).then_some(first / ITEMS_PER_CHUNK);
    Some(Span {
        first,
        end,
        whole,
        head,
    })
}

/// A chunk's drafts are exactly `[lo, hi)`, in order, each as the import added it (the
/// fingerprint it was recorded with, `added[id - first]`) and not used in an issue.
fn exactly(drafts: &[Item], lo: u64, hi: u64, first: u64, added: &[u64]) -> bool {
    drafts.len() as u64 == hi - lo
        && drafts.iter().zip(lo..hi).all(|(it, id)| {
            let recorded = usize::try_from(id - first).ok().and_then(|i| added.get(i));
            it.id.0 == id && recorded == Some(&it.fingerprint()) && it.state != ItemState::Used
        })
}

/// What a take-back removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TakenBack {
    pub drafts: usize,
    /// Chunk files removed (into the backups).
    pub files: usize,
}

impl Store {
    /// Open the desk in `dir` to take back a streamed import: `desk.json` and the issues,
    /// no drafts. `None` on anything unusual (no desk, a journal that is not empty, a file
    /// on disk that `desk.json` does not list or the other way round, an issue that does
    /// not read): take the full open. Take the lock first.
    pub fn open_for_take_back(dir: &Path) -> Option<(Store, Desk)> {
        let (mut store, mut desk, chunk_files, issue_files) = super::newest::quick_start(dir)?;
        let on_disk: BTreeSet<FileKey> = chunk_files
            .keys()
            .map(|&k| FileKey::Chunk(k))
            .chain(issue_files.keys().map(|&id| FileKey::Issue(id)))
            .collect();
        if store.listed.as_ref() != Some(&on_disk) {
            return None;
        }
        store.held = on_disk;
        for (id, path) in issue_files {
            let (bytes, seen) = read_file(&path).ok()?;
            let (seq, issue) = parse_issue(&path, &bytes, id).ok()?;
            desk.issues.insert(issue.id, issue);
            store.seq = store.seq.max(seq);
            store.seen.insert(path, seen);
        }
        store.clean_temp_files();
        store.clean_staged(&[]);
        Some((store, desk))
    }

    /// Take back the drafts `added` (id and fingerprint, as `last-import.json` names them)
    /// from a desk opened by [`Store::open_for_take_back`]: see the module documentation.
    /// `Ok(None)`: nothing was changed, and the take-back is for the full open (not one run
    /// of whole chunks, or a draft edited, used or gone). An error with `journaled` set
    /// happened anyway: the next open finishes it.
    pub fn take_back_import(
        &mut self,
        desk: &mut Desk,
        added: &[(ItemId, u64)],
    ) -> Result<Option<TakenBack>, CommitError> {
        let before = |error| CommitError {
            error,
            journaled: false,
        };
        self.writable().map_err(before)?;
        let Some(span) = span(added, desk.next_ids().item) else {
            return Ok(None);
        };
        // One run of ids (checked by `span`): the fingerprints by id, 8 bytes a draft.
        let mut by_id = vec![0u64; added.len()];
        for (id, fp) in added {
            if let Some(slot) = usize::try_from(id.0 - span.first)
                .ok()
                .and_then(|i| by_id.get_mut(i))
            {
                *slot = *fp;
            }
        }
        let (first, added) = (span.first, by_id);
        let whole: Vec<(u64, PathBuf)> = (span.whole.0..=span.whole.1)
            .map(|k| (k, self.key_path(FileKey::Chunk(k))))
            .collect();
        if whole
            .iter()
            .any(|(k, _)| !self.held.contains(&FileKey::Chunk(*k)))
        {
            return Ok(None);
        }
        let mut seq = self.seq;
        let end = span.end;
        for batch in whole.chunks(BATCH) {
            let check = |path: &Path, bytes: &[u8], k: u64| {
                let (s, drafts) = parse_chunk(path, bytes, k)?;
                let lo = k * ITEMS_PER_CHUNK;
                let hi = (lo + ITEMS_PER_CHUNK).min(end);
                Ok((s, exactly(&drafts, lo, hi, first, &added)))
            };
            for chunk in read_chunks(batch, check).map_err(before)? {
                let (s, ok) = chunk.doc;
                if !ok {
                    return Ok(None);
                }
                seq = seq.max(s);
                self.seen.insert(chunk.path, chunk.seen);
            }
        }
        let mut edits = Vec::new();
        let mut head_drafts = Vec::new();
        if let Some(k0) = span.head {
            if !self.held.contains(&FileKey::Chunk(k0)) {
                return Ok(None);
            }
            let path = self.key_path(FileKey::Chunk(k0));
            let (bytes, seen) = read_file(&path).map_err(before)?;
            let (s, drafts) = parse_chunk(&path, &bytes, k0).map_err(before)?;
            let top = end.min((k0 + 1) * ITEMS_PER_CHUNK);
            let at = drafts.partition_point(|it| it.id.0 < span.first);
            if !exactly(&drafts[at..], span.first, top, first, &added) {
                return Ok(None);
            }
            seq = seq.max(s);
            self.seen.insert(path, seen);
            edits = (span.first..top)
                .map(|id| Edit::RemoveItem { id: ItemId(id) })
                .collect();
            head_drafts = drafts;
        }
        // Numbered after every file read: the replay's check of the head chunk (saved with
        // this line or not) holds.
        self.seq = seq;
        let journal = self.dir.join(JOURNAL_FILE);
        self.faults
            .point("before the take-back's journal line", &journal)
            .map_err(before)?;
        let runs = [[span.whole.0, span.whole.1]];
        self.append_take_back_line(&runs, &edits).map_err(before)?;
        let after = |error| CommitError {
            error,
            journaled: true,
        };
        desk.items
            .extend(head_drafts.into_iter().map(|it| (it.id, it)));
        for edit in edits {
            edit.apply(desk).map_err(|e| {
                after(StoreError::Other(format!(
                    "the take-back's drafts do not fit the desk: {e}"
                )))
            })?;
        }
        // desk.json no longer lists the whole chunks before they go: a file it does not
        // list still loads, one it lists and the disk lacks stops every open.
        let removed: Vec<u64> = (span.whole.0..=span.whole.1).collect();
        for k in &removed {
            self.held.remove(&FileKey::Chunk(*k));
        }
        let keys = self.pending.clone();
        self.write_keys(desk, &keys, true).map_err(after)?;
        let names: Vec<OsString> = removed
            .iter()
            .map(|&k| OsString::from(chunk_name(k)))
            .collect();
        remove_many_with_backup(&self.dir, Path::new(ITEMS_DIR), &names, &mut self.faults)
            .map_err(after)?;
        for (_, path) in &whole {
            self.seen.remove(path);
        }
        self.truncate_journal().map_err(after)?;
        self.pending.clear();
        // The derived indexes follow the chunks written and removed, after them.
        let mut touched = removed.clone();
        touched.extend(span.head);
        super::word_index::refresh(&self.dir, &touched, &mut self.faults);
        super::heads::refresh_index(&self.dir, &touched, &mut self.faults);
        Ok(Some(TakenBack {
            drafts: (end - span.first) as usize,
            files: removed.len(),
        }))
    }

    /// Replay of a take-back line: the drafts of every chunk it names are off the desk,
    /// and a writer removes the files still on disk (with the next save). How many drafts
    /// that took off.
    pub(super) fn drop_taken_back(
        &mut self,
        desk: &mut Desk,
        runs: &[[u64; 2]],
    ) -> Result<usize, StoreError> {
        let journal = self.dir.join(JOURNAL_FILE);
        let cannot = || {
            StoreError::Other(format!(
                "{}: a take-back line names chunk runs that cannot be: run `briefdesk doctor`",
                journal.display()
            ))
        };
        let total = runs.iter().try_fold(0u64, |n, [a, b]| {
            b.checked_sub(*a)
                .and_then(|d| n.checked_add(d + 1))
                .filter(|&n| n <= MOST_CHUNKS)
        });
        if total.is_none() {
            return Err(cannot());
        }
        let mut dropped = 0;
        for k in runs.iter().flat_map(|[a, b]| *a..=*b) {
            let lo = k.checked_mul(ITEMS_PER_CHUNK).ok_or_else(cannot)?;
            let hi = lo.checked_add(ITEMS_PER_CHUNK).ok_or_else(cannot)?;
            let ids: Vec<ItemId> = desk
                .items
                .range(ItemId(lo)..ItemId(hi))
                .map(|(id, _)| *id)
                .collect();
            dropped += ids.len();
            for id in ids {
                desk.items.remove(&id);
            }
            if self.held.contains(&FileKey::Chunk(k)) {
                self.pending.insert(FileKey::Chunk(k));
            }
        }
        Ok(dropped)
    }
}

#[cfg(test)]
mod tests;
