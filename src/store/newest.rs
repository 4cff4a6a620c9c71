//! Open newest first: the first screen of a big desk before every chunk file is parsed.
//!
//! The Drafts list shows the newest drafts first, and they live in the last chunk files.
//! [`Store::open_newest_first`] reads `desk.json`, every issue file and only the newest
//! chunk files (until [`FIRST_SCREEN_ITEMS`] drafts), and parses the older chunks on a
//! thread, which also puts the whole desk together (every draft in one map, the store's
//! bookkeeping: file stamps, sequence numbers) and counts what it read ([`Progress`]). The
//! [`Store`] itself is handed out only with the whole desk ([`Whole::into_desk`], a swap,
//! or [`Opening::finish`]): nothing can journal or save against a partial desk.
//!
//! It is taken only on a desk the full open would load without a word: an empty or missing
//! journal (replay needs the whole desk), no odd file names, every newest chunk and issue
//! file reading cleanly, a desk big enough to be worth it. Anything else (a missing desk,
//! a damaged file, an unusual name) goes through the full open, for the same desk, notices
//! and errors as ever. An error in an older chunk is found by the thread and returned by
//! `finish`: it is the error the full open gives, since the full open reports the first
//! failing chunk in file order and every file after the older chunks read cleanly.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use super::chunks::{self, read_chunk, read_file};
use super::doc::{parse_chunk, parse_issue};
use super::error::StoreError;
use super::layout::{DESK_FILE, FileKey, ISSUES_DIR, ITEMS_DIR, JOURNAL_FILE, list_numbered};
use super::manifest::{check_listed, parse_desk_file};
use super::open::Store;
use crate::model::{Desk, Item, ItemId};

/// Newest chunk files are read before the first frame until they hold this many drafts
/// (more rows than any terminal shows).
pub const FIRST_SCREEN_ITEMS: usize = 256;

/// Desks with fewer chunk files are opened in full: they load in a few milliseconds.
const SPLIT_FROM: usize = 64;

/// What [`Store::open_newest_first`] gives.
// Made once per open and taken apart at once: boxing the store would only move the bytes.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Opened {
    /// The whole desk, as [`Store::open_with_notices`] gives it.
    Full(Store, Desk, Vec<String>),
    /// Every issue and the newest drafts; [`Opening::finish`] brings the rest and the store.
    Newest(Desk, Opening),
}

/// How far the loading thread is: drafts and older chunk files read so far, of how many
/// files. Read by the desk's status line while the older drafts load.
#[derive(Debug, Default)]
pub struct Progress {
    drafts: AtomicUsize,
    files: AtomicUsize,
    of_files: usize,
}

impl Progress {
    /// Drafts read so far (the newest ones included), older chunk files read, and of how
    /// many.
    pub fn now(&self) -> (usize, usize, usize) {
        (
            self.drafts.load(Ordering::Relaxed),
            self.files.load(Ordering::Relaxed),
            self.of_files,
        )
    }
}

/// The whole desk, read and put together on the loading thread: every draft, and the
/// store with its bookkeeping (file stamps, sequence numbers) for every file. Building it
/// costs hundreds of milliseconds at a million drafts, none of them on the key loop:
/// [`Whole::into_desk`] only swaps it in.
pub struct Whole {
    store: Store,
    items: BTreeMap<ItemId, Item>,
}

impl std::fmt::Debug for Whole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Whole")
            .field("dir", &self.store.dir)
            .field("items", &self.items.len())
            .finish()
    }
}

impl Whole {
    /// Every draft of the desk, for caches built off the key loop before the swap.
    pub fn items(&self) -> &BTreeMap<ItemId, Item> {
        &self.items
    }

    /// Swap every draft into `desk` (the one `open_newest_first` gave: its drafts are put
    /// back over the loaded copies, so nothing done to them is lost) and hand out the
    /// store: from here they are what `open_with_notices` gives.
    pub fn into_desk(self, desk: &mut Desk) -> (Store, Vec<String>) {
        let Whole { store, mut items } = self;
        // A few hundred drafts into the big map, not the other way round.
        items.extend(std::mem::take(&mut desk.items));
        desk.items = items;
        let notices = store.notices.clone();
        (store, notices)
    }
}

/// A desk being opened newest first: the store, kept back until the older chunks are in.
#[derive(Debug)]
pub struct Opening {
    dir: PathBuf,
    progress: Arc<Progress>,
    rest: JoinHandle<Result<Whole, StoreError>>,
}

impl Opening {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The older chunks are read and merged (or failed): [`Opening::wait`] will not wait.
    pub fn is_loaded(&self) -> bool {
        self.rest.is_finished()
    }

    /// How far the loading is (shared with the loading thread).
    pub fn progress(&self) -> Arc<Progress> {
        Arc::clone(&self.progress)
    }

    /// Wait for the whole desk (on any thread). On an error (the full open's error)
    /// nothing was written.
    pub fn wait(self) -> Result<Whole, StoreError> {
        match self.rest.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    /// Wait for the older chunks and merge them into `desk` (the one `open_newest_first`
    /// gave): the desk, the store and the notices are then what `open_with_notices`
    /// gives. On an error (the full open's error) nothing was written, and `desk` is
    /// partial: drop it.
    pub fn finish(self, desk: &mut Desk) -> Result<(Store, Vec<String>), StoreError> {
        Ok(self.wait()?.into_desk(desk))
    }
}

impl Store {
    /// Open the desk in `dir` for editing, the newest drafts first when the desk allows it
    /// (see the module documentation); otherwise as [`Store::open_with_notices`] does.
    /// Take the lock first, as for any open for editing.
    pub fn open_newest_first(dir: &Path) -> Result<Opened, StoreError> {
        if let Some((desk, opening)) = Self::try_newest_first(dir) {
            return Ok(Opened::Newest(desk, opening));
        }
        // Bodies are left on disk only when every one in memory is the one its file holds:
        // no journal replayed over them (the caller holds the lock: nobody appends).
        let lean = journal_is_empty(dir);
        let (store, mut desk, notices) = Self::open_with_notices(dir)?;
        if lean {
            desk.items.values_mut().for_each(Item::leave_body_on_disk);
        }
        Ok(Opened::Full(store, desk, notices))
    }

    /// `None`: open in full instead.
    fn try_newest_first(dir: &Path) -> Option<(Desk, Opening)> {
        let (mut store, mut desk, chunk_files, issues) = quick_start(dir)?;
        let files: Vec<(u64, PathBuf)> = chunk_files.into_iter().collect();
        if files.len() < SPLIT_FROM {
            return None;
        }
        let mut file_seq = HashMap::new();
        let mut split = files.len();
        while split > 0 && desk.items.len() < FIRST_SCREEN_ITEMS {
            split -= 1;
            let (k, path) = &files[split];
            let chunk = read_chunk::<Item>(path, *k).ok()??;
            let (seq, items) = chunk.doc;
            desk.items.extend(items.into_iter().map(lean));
            file_seq.insert(FileKey::Chunk(*k), seq);
            store.held.insert(FileKey::Chunk(*k));
            store.seen.insert(chunk.path, chunk.seen);
        }
        for (id, path) in issues {
            let (bytes, seen) = read_file(&path).ok()?;
            let (seq, issue) = parse_issue(&path, &bytes, id).ok()?;
            desk.issues.insert(issue.id, issue);
            file_seq.insert(FileKey::Issue(id), seq);
            store.held.insert(FileKey::Issue(id));
            store.seen.insert(path, seen);
        }
        let older = files[..split].to_vec();
        let progress = Arc::new(Progress {
            drafts: AtomicUsize::new(desk.items.len()),
            files: AtomicUsize::new(0),
            of_files: older.len(),
        });
        let counter = Arc::clone(&progress);
        // A copy of the newest drafts (a few hundred): the thread hands back the whole map.
        let newest = desk.items.clone();
        let rest = std::thread::Builder::new()
            .name("briefdesk-load".into())
            .spawn(move || read_rest(&older, &counter, newest, store, file_seq))
            .ok()?;
        Some((
            desk,
            Opening {
                dir: dir.to_path_buf(),
                progress,
                rest,
            },
        ))
    }
}

/// How every quick open starts (the newest-first open, the import's open): an empty
/// journal, the desk's directories not links, `desk.json` read, and the numbered files
/// exactly as it lists them with nothing odd beside them; the store and an empty desk that
/// already hands out the right ids. `None`: take the full open, which names what is wrong.
pub(super) fn quick_start(dir: &Path) -> Option<(Store, Desk, Numbered, Numbered)> {
    if !journal_is_empty(dir) {
        return None;
    }
    super::deskfs::check_desk_dirs(dir).ok()?;
    let mut store = Store::blank(dir, false);
    let desk_path = dir.join(DESK_FILE);
    let (bytes, seen) = read_file(&desk_path).ok()?;
    let desk_file = parse_desk_file(&desk_path, &bytes).ok()?;
    store.seen.insert(desk_path, seen);
    let mut odd = Vec::new();
    let chunk_files = list_numbered(&dir.join(ITEMS_DIR), &mut odd).ok()?;
    let issue_files = list_numbered(&dir.join(ISSUES_DIR), &mut odd).ok()?;
    if !odd.is_empty() {
        return None;
    }
    // A missing file: the full open names it.
    check_listed(dir, &desk_file, &chunk_files, &issue_files).ok()?;
    store.take_desk_file(desk_file);
    let mut desk = Desk::new();
    desk.raise_next_ids(store.next_ids);
    Some((store, desk, chunk_files, issue_files))
}

/// A desk directory's numbered files, by number.
pub(super) type Numbered = BTreeMap<u64, PathBuf>;

/// No journal, or an empty one that is a file (not a link): nothing to replay.
fn journal_is_empty(dir: &Path) -> bool {
    match std::fs::symlink_metadata(dir.join(JOURNAL_FILE)) {
        Ok(meta) => meta.is_file() && meta.len() == 0,
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// A draft as the desk the TUI opens holds it: its body left in its chunk file (issue #19,
/// `store/bodies.rs`).
fn lean(mut item: Item) -> (ItemId, Item) {
    item.leave_body_on_disk();
    (item.id, item)
}

/// The older chunk files, in file order, as the full open reads them, merged with the
/// newest drafts and put into the store's bookkeeping: the whole desk, off the key loop.
fn read_rest(
    files: &[(u64, PathBuf)],
    progress: &Progress,
    newest: BTreeMap<ItemId, Item>,
    mut store: Store,
    mut file_seq: HashMap<FileKey, u64>,
) -> Result<Whole, StoreError> {
    let mut all: Vec<(ItemId, Item)> = Vec::new();
    let pause = super::faults::load_pause();
    let parse = |path: &Path, bytes: &[u8], k: u64| {
        if let Some(p) = pause {
            std::thread::sleep(p);
        }
        // Each body dropped as its chunk is parsed: no more than a chunk's text at once.
        let parsed = parse_chunk(path, bytes, k)
            .map(|(seq, items)| (seq, items.into_iter().map(lean).collect::<Vec<_>>()));
        if let Ok((_, items)) = &parsed {
            progress.drafts.fetch_add(items.len(), Ordering::Relaxed);
            progress.files.fetch_add(1, Ordering::Relaxed);
        }
        parsed
    };
    for chunk in chunks::read_chunks(files, parse)? {
        let (seq, items) = chunk.doc;
        all.extend(items);
        file_seq.insert(FileKey::Chunk(chunk.k), seq);
        store.held.insert(FileKey::Chunk(chunk.k));
        store.seen.insert(chunk.path, chunk.seen);
    }
    // The older items go first in id order: the newest ones are added at the end.
    let mut items: BTreeMap<ItemId, Item> = all.into_iter().collect();
    items.extend(newest);
    store.seq = file_seq.values().copied().max().unwrap_or(0);
    // As the full open does once everything has read cleanly (the journal is empty:
    // nothing to replay), before the desk is handed out.
    store.clean_temp_files();
    store.clean_staged(&[]);
    // The bodies freed as each chunk was parsed go back to the system here, off the key
    // loop (issue #19: ~100 MB at a million drafts).
    crate::malloc::trim();
    Ok(Whole { store, items })
}

#[cfg(test)]
mod tests;
