//! The desk on disk: load, atomic save, backups, lock, journal, recovery, schema version.
//!
//! Layout (see `docs/storage.md`), one file per thing that changes together, so one edit
//! rewrites a few tens of KB even on a 40 MB desk:
//! - `desk.json`: `{"briefdesk": "desk", "schema": 1, ..settings}`
//! - `items/NNNNNN.json`: chunk `k` holds the items with id in `[k*64, (k+1)*64)`
//! - `issues/<id>.json`: one issue each
//! - `journal.jsonl`: the edits since the last save, one line per user action
//! - `.backup/`: the last 3 versions of every file a save replaced or removed
//! - `.lock`: who has the desk open
//!
//! Every write is atomic (temp file, fsync, rename, fsync of the directory).
//!
//! One file per idea: `error` (StoreError), `layout` (file names), `doc` (the documents
//! and their one parser), `chunks` (the one chunk reader), `manifest` (desk.json),
//! `open` (Store and opening), `journal`, `save`. No file imports a file that imports it
//! back, and none imports this one: this file is only the public surface.

mod atomic;
mod bodies;
mod chunks;
mod derived;
mod deskfs;
mod doc;
mod doctor;
mod error;
mod faults;
pub mod follow;
mod heads;
mod heads_index;
pub mod identity;
mod import_stream;
pub mod inbox;
mod journal;
pub mod last_import;
mod layout;
mod lock;
mod manifest;
mod newest;
mod open;
pub mod review;
mod save;
mod take_back;
#[cfg(test)]
mod tests;
mod word_index;

pub use atomic::{BACKUPS, sync_dir, write_atomic};
pub use bodies::BodyFiles;
pub use doctor::{Damage, Recoverable, forget_missing, recoverable, restore};
pub use error::StoreError;
pub use heads::{DraftHead, Indexed, draft_heads, rebuild_index};
pub use import_stream::{CommitError, Committed, ImportWriter};
pub use layout::{
    BACKUP_DIR, DESK_FILE, ISSUES_DIR, ITEMS_DIR, ITEMS_PER_CHUNK, JOURNAL_FILE, LOCK_FILE,
};
pub use lock::{BrokenLock, Lock, LockHolder, Locked};
pub use manifest::read_settings;
pub use newest::{FIRST_SCREEN_ITEMS, Opened, Opening, Progress, Whole};
pub use open::Store;
pub use save::SaveReport;
pub use take_back::TakenBack;
pub use word_index::{
    Bloom, Missing, Probes, WordIndex, WordsIndexed, rebuild as rebuild_word_index,
};

/// A file of the desk's own beside desk.json (`feeds.json`): its bytes, `None` when it is
/// not there; a symlink or FIFO in its place is refused, never followed.
pub fn read_side_file(desk: &std::path::Path, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
    deskfs::read_plain(desk, name)
}

/// Write such a file atomically (temp, fsync, rename, fsync of the directory) through the
/// desk directory opened without following links.
pub fn write_side_file(desk: &std::path::Path, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
    atomic::replace_in_desk(desk, &desk.join(name), bytes)
}
