//! Open newest first: the first screen of a big desk before every chunk file is parsed.
//!
//! The Drafts list shows the newest drafts first, and they live in the last chunk files.
//! [`Store::open_newest_first`] reads `desk.json`, every issue file and only the newest
//! chunk files (until [`FIRST_SCREEN_ITEMS`] drafts), and parses the older chunks on a
//! thread. The [`Store`] itself is handed out only by [`Opening::finish`], once every
//! chunk is merged into the desk and into the store's bookkeeping (file stamps, sequence
//! numbers): nothing can journal or save against a partial desk.
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
use std::thread::JoinHandle;

use super::chunks::{self, Seen, read_chunk, read_file};
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
#[derive(Debug)]
pub enum Opened {
    /// The whole desk, as [`Store::open_with_notices`] gives it.
    Full(Store, Desk, Vec<String>),
    /// Every issue and the newest drafts; [`Opening::finish`] brings the rest and the store.
    Newest(Desk, Opening),
}

/// The older chunk files, parsed on a thread.
struct Rest {
    items: BTreeMap<ItemId, Item>,
    /// Chunk number, path, stamp and sequence number of each file.
    files: Vec<(u64, PathBuf, Seen, u64)>,
}

/// A desk being opened newest first: the store, kept back until the older chunks are in.
#[derive(Debug)]
pub struct Opening {
    store: Store,
    file_seq: HashMap<FileKey, u64>,
    rest: JoinHandle<Result<Rest, StoreError>>,
}

impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rest")
            .field("items", &self.items.len())
            .finish()
    }
}

impl Opening {
    pub fn dir(&self) -> &Path {
        &self.store.dir
    }

    /// The older chunks are read (or failed): [`Opening::finish`] will not wait.
    pub fn is_loaded(&self) -> bool {
        self.rest.is_finished()
    }

    /// Wait for the older chunks and merge them into `desk` (the one `open_newest_first`
    /// gave): the desk, the store and the notices are then what `open_with_notices`
    /// gives. On an error (the full open's error) nothing was written, and `desk` is
    /// partial: drop it.
    pub fn finish(self, desk: &mut Desk) -> Result<(Store, Vec<String>), StoreError> {
        let Opening {
            mut store,
            mut file_seq,
            rest,
        } = self;
        let rest = match rest.join() {
            Ok(r) => r?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        // The older items go first in id order: the newest ones are added at the end.
        let mut items = rest.items;
        items.extend(std::mem::take(&mut desk.items));
        desk.items = items;
        for (k, path, seen, seq) in rest.files {
            file_seq.insert(FileKey::Chunk(k), seq);
            store.held.insert(FileKey::Chunk(k));
            store.seen.insert(path, seen);
        }
        store.seq = file_seq.values().copied().max().unwrap_or(0);
        // As the full open does once everything has read cleanly (the journal is empty:
        // nothing to replay).
        store.clean_temp_files();
        store.clean_staged(&[]);
        let notices = store.notices.clone();
        Ok((store, notices))
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
        let (store, desk, notices) = Self::open_with_notices(dir)?;
        Ok(Opened::Full(store, desk, notices))
    }

    /// `None`: open in full instead.
    fn try_newest_first(dir: &Path) -> Option<(Desk, Opening)> {
        match std::fs::metadata(dir.join(JOURNAL_FILE)) {
            Ok(meta) if meta.is_file() && meta.len() == 0 => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            _ => return None,
        }
        let mut store = Store::blank(dir, false);
        let desk_path = dir.join(DESK_FILE);
        let (bytes, seen) = read_file(&desk_path).ok()?;
        let desk_file = parse_desk_file(&desk_path, &bytes).ok()?;
        store.seen.insert(desk_path, seen);
        let mut odd = Vec::new();
        let chunk_files = list_numbered(&dir.join(ITEMS_DIR), &mut odd).ok()?;
        let issues = list_numbered(&dir.join(ISSUES_DIR), &mut odd).ok()?;
        // A missing file: the full open names it.
        check_listed(dir, &desk_file, &chunk_files, &issues).ok()?;
        let files: Vec<(u64, PathBuf)> = chunk_files.into_iter().collect();
        if !odd.is_empty() || files.len() < SPLIT_FROM {
            return None;
        }
        store.take_desk_file(desk_file);
        let mut desk = Desk::new();
        // The marks first: the desk given out now already hands out the right ids.
        desk.raise_next_ids(store.next_ids);
        let mut file_seq = HashMap::new();
        let mut split = files.len();
        while split > 0 && desk.items.len() < FIRST_SCREEN_ITEMS {
            split -= 1;
            let (k, path) = &files[split];
            let chunk = read_chunk::<Item>(path, *k).ok()??;
            let (seq, items) = chunk.doc;
            desk.items.extend(items.into_iter().map(|i| (i.id, i)));
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
        let rest = std::thread::Builder::new()
            .name("briefdesk-load".into())
            .spawn(move || read_rest(&older))
            .ok()?;
        Some((
            desk,
            Opening {
                store,
                file_seq,
                rest,
            },
        ))
    }
}

/// The older chunk files, in file order, as the full open reads them.
fn read_rest(files: &[(u64, PathBuf)]) -> Result<Rest, StoreError> {
    let mut all: Vec<(ItemId, Item)> = Vec::new();
    let mut out = Vec::with_capacity(files.len());
    let pause = super::faults::load_pause();
    let parse = |path: &Path, bytes: &[u8], k: u64| {
        if let Some(p) = pause {
            std::thread::sleep(p);
        }
        parse_chunk(path, bytes, k)
    };
    for chunk in chunks::read_chunks(files, parse)? {
        let (seq, items) = chunk.doc;
        all.extend(items.into_iter().map(|i| (i.id, i)));
        out.push((chunk.k, chunk.path, chunk.seen, seq));
    }
    Ok(Rest {
        items: all.into_iter().collect(),
        files: out,
    })
}

#[cfg(test)]
mod tests;
