//! Issue #19: a big import written as it is read, never whole in memory, still all or
//! nothing.
//!
//! The drafts come in one at a time, newest (highest id) first, as a page lists them
//! ([`Store::begin_import`], [`ImportWriter::add`]). Each chunk file of new drafts is written
//! aside as soon as it is full, under a name no reader lists (`items/.import-<seq>-<k>.json`,
//! a dot name: the open, the newest-first open, the quick `list` read, the follower and
//! `doctor` all skip it). Drafts that go into a chunk file the desk already has (at most
//! 63) are kept in memory. [`ImportWriter::commit`] then:
//!
//! 1. fsyncs the items directory: every chunk aside is on disk;
//! 2. appends ONE journal line naming them (runs of chunk numbers) with the edits of the
//!    drafts kept in memory: from here on the import has happened;
//! 3. moves each chunk into place (a rename), then saves as any edit does: the chunk file
//!    that got the kept drafts, `desk.json` listing every new file, the journal emptied.
//!
//! A crash before 2 leaves only chunks aside, which every reader ignores and the next open
//! that may write removes (so does the next import). A crash after 2 is an import in the
//! journal: the next open moves the chunks still aside into place and loads them, a
//! read-only open reads them where they are, and the quick readers (which take the full
//! open on a journal that is not empty) never see half of it. The journal line holds no
//! draft text, so the import is never in memory twice.

use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::Path;

use super::chunks::{Seen, read_chunk, read_file};
use super::deskfs::{self, Dir};
use super::doc::{ChunkOut, parse_chunk, parse_issue};
use super::error::{StoreError, io_err};
use super::faults::is_crash;
use super::layout::{FileKey, ITEMS_DIR, ITEMS_PER_CHUNK, JOURNAL_FILE, chunk_name};
use super::open::Store;
use crate::model::doc::SCHEMA;
use crate::model::{Desk, Edit, Item, ItemId, NextIds};

const STAGED_PREFIX: &str = ".import-";

/// Longest run of chunks a journal line may name (4 billion drafts): a planted line naming
/// billions is refused, not walked.
const MOST_CHUNKS: u64 = 1 << 26;

/// `items/.import-<seq>-<k>.json`: chunk `k` of the import journaled as `seq`, aside.
fn staged_name(seq: u64, k: u64) -> OsString {
    OsString::from(format!("{STAGED_PREFIX}{seq}-{}", chunk_name(k)))
}

/// The import a name aside belongs to.
fn staged_seq(name: &str) -> Option<u64> {
    name.strip_prefix(STAGED_PREFIX)?
        .split('-')
        .next()?
        .parse()
        .ok()
}

/// A streamed import being written: see the module documentation.
pub struct ImportWriter<'s> {
    store: &'s mut Store,
    items: Dir,
    /// The journal line's number, which every chunk file written aside carries.
    seq: u64,
    /// The ids given, `[first, end)`; the next `add` must bring `next - 1`.
    first: u64,
    next: u64,
    /// The chunk file the desk already has that the lowest ids go into.
    head_chunk: Option<u64>,
    head: Vec<Item>,
    /// The chunk being filled (drafts newest first).
    buf: Vec<Item>,
    buf_chunk: u64,
    /// Chunks written aside, newest first.
    staged: Vec<u64>,
    /// The newest chunk's drafts, kept for the desk in memory: a later edit or import in
    /// this process that renders that chunk file renders it whole.
    top: Vec<Item>,
    /// Every draft added, with its fingerprint (for `import --undo-last`).
    added: Vec<(ItemId, u64)>,
    journaled: bool,
    crashed: bool,
}

/// What a committed import added.
#[derive(Debug)]
pub struct Committed {
    /// Every draft, with its fingerprint, newest first.
    pub added: Vec<(ItemId, u64)>,
    /// Chunk files written aside and moved into place.
    pub files: usize,
}

/// A commit that failed: `journaled` when the import's line is in the journal (then it
/// happened, and the next open finishes it), else nothing of it is left.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct CommitError {
    pub error: StoreError,
    pub journaled: bool,
}

impl Store {
    /// Open the desk in `dir` for streamed imports only, without holding its drafts: every
    /// chunk file is read in turn for its drafts' fingerprints (returned, for the
    /// deduplication) and dropped, except the newest, whose drafts the desk keeps (an
    /// import may fill that file). Issues, the bookkeeping and the files' stamps are the
    /// full open's. `None` on anything unusual (no desk yet, a journal that is not empty,
    /// an odd file, a file that is missing or does not read): open in full instead, which
    /// says what is wrong. Take the lock first. The desk given is for
    /// [`Store::begin_import`] and nothing else: it lacks most drafts.
    pub fn open_for_import(dir: &Path) -> Option<(Store, Desk, HashSet<u64>)> {
        let (mut store, mut desk, chunk_files, issue_files) = super::newest::quick_start(dir)?;
        let mut fingerprints = HashSet::new();
        let newest = chunk_files.keys().next_back().copied();
        for (k, path) in chunk_files {
            let chunk = read_chunk::<Item>(&path, k).ok()??;
            let (seq, drafts) = chunk.doc;
            fingerprints.extend(drafts.iter().map(Item::fingerprint));
            if Some(k) == newest {
                desk.items.extend(drafts.into_iter().map(|i| (i.id, i)));
            }
            store.seq = store.seq.max(seq);
            store.held.insert(FileKey::Chunk(k));
            store.seen.insert(chunk.path, chunk.seen);
        }
        for (id, path) in issue_files {
            let (bytes, seen) = read_file(&path).ok()?;
            let (seq, issue) = parse_issue(&path, &bytes, id).ok()?;
            desk.issues.insert(issue.id, issue);
            store.seq = store.seq.max(seq);
            store.held.insert(FileKey::Issue(id));
            store.seen.insert(path, seen);
        }
        store.clean_temp_files();
        store.clean_staged(&[]);
        Some((store, desk, fingerprints))
    }

    /// Start an import of `n` new drafts (`n` > 0). Their ids are `first_id()` up, and they
    /// must be added highest id first. Removes what an import that crashed before its
    /// journal line left aside (the lock is held, the journal replayed: nothing else can
    /// be writing).
    pub fn begin_import(&mut self, desk: &Desk, n: u64) -> Result<ImportWriter<'_>, StoreError> {
        self.writable()?;
        let items_path = self.dir.join(ITEMS_DIR);
        let seq = self
            .seq
            .checked_add(1)
            .filter(|&s| s < u64::MAX)
            .ok_or_else(|| {
                StoreError::Other(format!(
                    "{}: the journal's sequence number is used up ({}): run `briefdesk doctor`",
                    self.dir.join(JOURNAL_FILE).display(),
                    self.seq
                ))
            })?;
        let first = desk.next_item_id().0.max(self.next_ids.item);
        let end = first
            .checked_add(n)
            .filter(|_| n > 0)
            .ok_or_else(|| StoreError::Other(format!("{n} drafts do not fit after id {first}")))?;
        let items = Dir::under(&self.dir, Path::new(ITEMS_DIR), true)?.ok_or_else(|| {
            io_err(
                &items_path,
                "open directory",
                std::io::ErrorKind::NotFound.into(),
            )
        })?;
        self.clean_staged(&[]);
        let k0 = first / ITEMS_PER_CHUNK;
        let head_chunk = (self.held.contains(&FileKey::Chunk(k0))
            || items.kind(OsStr::new(&chunk_name(k0)))?.is_some())
        .then_some(k0);
        // A chunk file beyond the desk's ids is no file of the desk: never replaced.
        let new_from = if head_chunk.is_some() { k0 + 1 } else { k0 };
        for k in new_from..=(end - 1) / ITEMS_PER_CHUNK {
            let name = chunk_name(k);
            if items.kind(OsStr::new(&name))?.is_some() {
                return Err(StoreError::Other(format!(
                    "{}: a chunk file the desk does not list is in the way of the import: move it out of the desk",
                    items_path.join(name).display()
                )));
            }
        }
        Ok(ImportWriter {
            store: self,
            items,
            seq,
            first,
            next: end,
            head_chunk,
            head: Vec::new(),
            buf: Vec::new(),
            buf_chunk: 0,
            staged: Vec::new(),
            top: Vec::new(),
            added: Vec::new(),
            journaled: false,
            crashed: false,
        })
    }

    /// Remove the chunk files imports left aside, except those of the journal's import lines
    /// (`keep`: their sequence numbers), which the replay moves into place. Best effort:
    /// what is left is ignored by every reader and tried again on the next open.
    pub(super) fn clean_staged(&self, keep: &[u64]) {
        let Ok(Some(items)) = Dir::under(&self.dir, Path::new(ITEMS_DIR), false) else {
            return;
        };
        let mut removed = false;
        for name in items.names().unwrap_or_default() {
            let text = name.to_string_lossy();
            if staged_seq(&text).is_some_and(|s| !keep.contains(&s)) && items.unlink(&name).is_ok()
            {
                removed = true;
            }
        }
        if removed {
            let _ = items.sync();
        }
    }

    /// Replay of an import line: every chunk it names that the open did not load (the
    /// crash came before it was moved into place) is moved into place (a reader reads it
    /// where it is) and loaded. How many drafts that brought in.
    pub(super) fn adopt_import(
        &mut self,
        desk: &mut Desk,
        seq: u64,
        runs: &[[u64; 2]],
        file_seq: &mut HashMap<FileKey, u64>,
    ) -> Result<usize, StoreError> {
        let journal = self.dir.join(JOURNAL_FILE);
        let total = runs.iter().try_fold(0u64, |n, [a, b]| {
            b.checked_sub(*a)
                .and_then(|d| n.checked_add(d + 1))
                .filter(|&n| n <= MOST_CHUNKS)
        });
        if total.is_none() {
            return Err(StoreError::Other(format!(
                "{}: an import line names chunk runs that cannot be: run `briefdesk doctor`",
                journal.display()
            )));
        }
        let items_path = self.dir.join(ITEMS_DIR);
        let items = Dir::under(&self.dir, Path::new(ITEMS_DIR), false)?;
        let mut adopted = 0;
        let mut moved = false;
        for k in runs.iter().flat_map(|[a, b]| *a..=*b) {
            if self.held.contains(&FileKey::Chunk(k)) {
                continue;
            }
            let name = chunk_name(k);
            let path = items_path.join(&name);
            let aside = staged_name(seq, k);
            let there = match &items {
                Some(d) => d.plain_exists(&aside)?,
                None => false,
            };
            let read_from = match (&items, there) {
                (Some(d), true) if !self.read_only => {
                    self.faults
                        .point("before a chunk set aside is moved into place", &path)?;
                    d.rename(&aside, d, OsStr::new(&name))
                        .map_err(|e| io_err(&path, "move into place", e))?;
                    moved = true;
                    path.clone()
                }
                (Some(_), true) => items_path.join(&aside),
                _ => return Err(StoreError::Missing { path }),
            };
            let (bytes, seen) = read_file(&read_from)?;
            let (s, drafts) = parse_chunk(&path, &bytes, k)?;
            adopted += drafts.len();
            desk.items.extend(drafts.into_iter().map(|i| (i.id, i)));
            file_seq.insert(FileKey::Chunk(k), s);
            if !self.read_only {
                self.held.insert(FileKey::Chunk(k));
                self.seen.insert(path, seen);
            }
        }
        if moved && let Some(d) = &items {
            d.sync()?;
        }
        Ok(adopted)
    }
}

impl ImportWriter<'_> {
    /// The lowest id of the import (the last draft of the page gets it).
    pub fn first_id(&self) -> u64 {
        self.first
    }

    /// The next draft: its id must be one below the last one's (the first: the highest).
    pub fn add(&mut self, item: Item) -> Result<(), StoreError> {
        let r = self.add_inner(item);
        self.note(r)
    }

    fn add_inner(&mut self, item: Item) -> Result<(), StoreError> {
        if self.next == self.first || item.id.0 != self.next - 1 {
            return Err(StoreError::Other(format!(
                "draft {} came where draft {} was due: import again",
                item.id.0,
                self.next.saturating_sub(1)
            )));
        }
        self.next -= 1;
        self.added.push((item.id, item.fingerprint()));
        let k = item.id.0 / ITEMS_PER_CHUNK;
        if Some(k) == self.head_chunk {
            self.head.push(item);
            return Ok(());
        }
        if !self.buf.is_empty() && k != self.buf_chunk {
            self.write_aside()?;
        }
        self.buf_chunk = k;
        self.buf.push(item);
        Ok(())
    }

    /// Write the chunk being filled aside (fsynced; the directory is fsynced at commit).
    fn write_aside(&mut self) -> Result<(), StoreError> {
        // A failure names the desk file the chunk is for, not the name it has aside.
        let desk_file = self.items.join(OsStr::new(&chunk_name(self.buf_chunk)));
        self.write_aside_named().map_err(|e| match e {
            StoreError::Io { action, cause, .. } => StoreError::Io {
                path: desk_file,
                action,
                cause,
            },
            e => e,
        })
    }

    fn write_aside_named(&mut self) -> Result<(), StoreError> {
        let k = self.buf_chunk;
        let name = staged_name(self.seq, k);
        let path = self.items.join(&name);
        let mut bytes = serde_json::to_vec_pretty(&ChunkOut {
            briefdesk: "items",
            schema: SCHEMA,
            seq: self.seq,
            items: self.buf.iter().rev().collect(),
        })
        .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", path.display())))?;
        bytes.push(b'\n');
        let mut f = self.items.create_new(&name, rustix::fs::OFlags::empty())?;
        // Made: a failure from here on leaves it for `Drop` to remove.
        self.staged.push(k);
        deskfs::follow_dir_mode(&f, &self.items);
        self.store
            .faults
            .before_write(&mut f, &bytes, &path, &path)?;
        f.write_all(&bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| io_err(&path, "write", e))?;
        self.store
            .faults
            .point("after a chunk was written aside", &path)?;
        if self.top.is_empty() {
            self.top = std::mem::take(&mut self.buf);
        } else {
            self.buf.clear();
        }
        Ok(())
    }

    fn note<T>(&mut self, r: Result<T, StoreError>) -> Result<T, StoreError> {
        if let Err(e) = &r {
            self.crashed |= is_crash(e);
        }
        r
    }

    /// Make the import happen (see the module documentation), every draft added. `desk`
    /// gets the drafts of the chunk file it had and of the newest new chunk, and its next
    /// ids; the other new drafts are on disk only.
    pub fn commit(mut self, desk: &mut Desk) -> Result<Committed, CommitError> {
        let r = self.commit_inner(desk);
        let r = self.note(r);
        let journaled = self.journaled;
        r.map_err(|error| CommitError { error, journaled })
    }

    fn commit_inner(&mut self, desk: &mut Desk) -> Result<Committed, StoreError> {
        if self.next != self.first {
            return Err(StoreError::Other(format!(
                "{} drafts of the import never came: import again",
                self.next - self.first
            )));
        }
        if !self.buf.is_empty() {
            self.write_aside()?;
        }
        self.items.sync()?;
        let journal = self.store.dir.join(JOURNAL_FILE);
        self.store
            .faults
            .point("before the import's journal line", &journal)?;
        let mut runs: Vec<[u64; 2]> = Vec::new();
        for &k in self.staged.iter().rev() {
            match runs.last_mut() {
                Some(run) if run[1] + 1 == k => run[1] = k,
                _ => runs.push([k, k]),
            }
        }
        let head: Vec<Edit> = std::mem::take(&mut self.head)
            .into_iter()
            .rev()
            .map(|item| Edit::InsertItem { item })
            .collect();
        self.store.append_import_line(self.seq, &runs, &head)?;
        self.journaled = true;
        let items_path = self.store.dir.join(ITEMS_DIR);
        for &k in self.staged.iter().rev() {
            let name = chunk_name(k);
            let path = items_path.join(&name);
            self.store
                .faults
                .point("before a chunk set aside is moved into place", &path)?;
            self.items
                .rename(&staged_name(self.seq, k), &self.items, OsStr::new(&name))
                .map_err(|e| io_err(&path, "move into place", e))?;
            let meta = std::fs::symlink_metadata(&path).map_err(|e| io_err(&path, "read", e))?;
            self.store.seen.insert(path, Seen::of(&meta));
            self.store.held.insert(FileKey::Chunk(k));
        }
        self.items.sync()?;
        for edit in head {
            edit.apply(desk).map_err(|e| {
                StoreError::Other(format!("the import's drafts do not fit the desk: {e}"))
            })?;
        }
        desk.items
            .extend(std::mem::take(&mut self.top).into_iter().map(|i| (i.id, i)));
        let end = self.first + self.added.len() as u64;
        desk.raise_next_ids(NextIds {
            item: end,
            issue: 0,
        });
        self.store.save(desk, &[])?;
        // The derived indexes follow the chunks moved into place, after its commit.
        super::word_index::refresh(&self.store.dir, &self.staged, &mut self.store.faults);
        super::heads::refresh_index(&self.store.dir, &self.staged, &mut self.store.faults);
        Ok(Committed {
            added: std::mem::take(&mut self.added),
            files: self.staged.len(),
        })
    }
}

impl Drop for ImportWriter<'_> {
    /// An import given up before its journal line leaves nothing: its chunks aside go. (A
    /// simulated crash leaves them, as a real one would.)
    fn drop(&mut self) {
        if self.journaled || self.crashed {
            return;
        }
        for &k in &self.staged {
            let _ = self.items.unlink(&staged_name(self.seq, k));
        }
        if !self.staged.is_empty() {
            let _ = self.items.sync();
        }
    }
}

/// Where a chunk set aside would be, for the tests.
#[cfg(test)]
pub(crate) fn staged_path(desk: &Path, seq: u64, k: u64) -> std::path::PathBuf {
    desk.join(ITEMS_DIR).join(staged_name(seq, k))
}

#[cfg(test)]
pub(crate) mod tests;
