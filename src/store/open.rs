//! `Store`, the open desk directory: open (full, read-only, salvaging), a new desk, what
//! changed on disk, the lock.

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::atomic::{self, sync_dir};
use super::chunks::{self, Seen, read_file};
use super::deskfs;
use super::doc::{parse_chunk, parse_issue};
use super::error::{StoreError, io_err};
use super::faults::Faults;
use super::layout::{
    DESK_FILE, FileKey, ISSUES_DIR, ITEMS_DIR, LOCK_FILE, key_path_in, list_numbered,
};
use super::lock::{self, BrokenLock, Lock, Locked};
use super::manifest::{DeskFile, check_listed, parse_desk_file};
use crate::model::{Desk, Item, ItemId, NextIds};

/// An open desk directory.
#[derive(Debug)]
pub struct Store {
    pub(super) dir: PathBuf,
    /// `desk.json` keys other than `briefdesk` and `schema`, kept as they are.
    pub(super) settings: serde_json::Map<String, serde_json::Value>,
    pub(super) seen: HashMap<PathBuf, Seen>,
    /// Sequence number of the last journal entry; saved files record it.
    pub(super) seq: u64,
    /// Files the journal has edits for that no save has written yet.
    pub(super) pending: BTreeSet<FileKey>,
    pub(super) journal: Option<File>,
    pub(super) journal_dirty: bool,
    pub(super) notices: Vec<String>,
    pub(super) faults: Faults,
    /// Opened for reading only: every write is refused.
    pub(super) read_only: bool,
    /// The chunk and issue files the desk holds now (what `desk.json` must list).
    pub(super) held: BTreeSet<FileKey>,
    /// What `desk.json` says as last read or written: the files it lists (`None`: an old
    /// desk.json without the list) and the next ids.
    pub(super) listed: Option<BTreeSet<FileKey>>,
    pub(super) next_ids: NextIds,
    /// `doctor --restore`: replay the journal lines that read, skip the damaged ones.
    pub(super) salvage: bool,
    /// Test fault injection: a journal append writes half its line and fails (`ENOSPC`).
    #[cfg(feature = "crash-points")]
    pub(super) journal_full: bool,
}

impl Store {
    /// `--desk DIR`, else `$BRIEFDESK_DIR` (when not empty), else the platform data directory.
    pub fn resolve_dir(flag: Option<&Path>) -> Result<PathBuf, StoreError> {
        if let Some(d) = flag {
            return Ok(d.to_path_buf());
        }
        if let Some(d) = std::env::var_os("BRIEFDESK_DIR")
            && !d.is_empty()
        {
            return Ok(PathBuf::from(d));
        }
        directories::ProjectDirs::from("", "", "briefdesk")
            .map(|p| p.data_dir().to_path_buf())
            .ok_or(StoreError::NoDeskDir)
    }

    /// Open the desk in `dir`, creating an empty one if the directory is missing or empty.
    pub fn open(dir: &Path) -> Result<(Store, Desk), StoreError> {
        Self::open_with_notices(dir).map(|(s, d, _)| (s, d))
    }

    /// `open`, also returning what the user should hear about (journal replayed, torn
    /// journal line skipped, odd files ignored). The same list stays in `notices()`.
    pub fn open_with_notices(dir: &Path) -> Result<(Store, Desk, Vec<String>), StoreError> {
        Self::open_into(Store::blank(dir, false))
    }

    #[cfg(feature = "crash-points")]
    #[doc(hidden)]
    /// Test fault injection: open (and replay the journal) with the writer stopping at
    /// crash point `n`.
    pub fn open_crashing_at(dir: &Path, n: u64) -> Result<(Store, Desk, Vec<String>), StoreError> {
        let mut store = Store::blank(dir, false);
        store.faults.crash_at = Some(n);
        Self::open_into(store)
    }

    /// Open for reading only (review, or a desk another session holds): nothing is written,
    /// not even a repair; journal edits of a running editor are shown, not replayed to disk.
    pub fn open_read_only(dir: &Path) -> Result<(Store, Desk, Vec<String>), StoreError> {
        Self::open_into(Store::blank(dir, true))
    }

    /// `doctor --restore` on a damaged journal: a copy of it is kept, the lines that read
    /// are replayed and saved, the damaged ones skipped (each named in the notices), and
    /// the journal emptied. Take the lock first.
    pub fn open_salvaging_journal(dir: &Path) -> Result<(Store, Desk, Vec<String>), StoreError> {
        let mut store = Store::blank(dir, false);
        store.salvage = true;
        Self::open_into(store)
    }

    /// A store for `dir` that has read nothing yet.
    pub(super) fn blank(dir: &Path, read_only: bool) -> Store {
        Store {
            dir: dir.to_path_buf(),
            settings: serde_json::Map::new(),
            seen: HashMap::new(),
            seq: 0,
            pending: BTreeSet::new(),
            journal: None,
            journal_dirty: false,
            notices: Vec::new(),
            faults: Faults::from_env(),
            read_only,
            held: BTreeSet::new(),
            listed: None,
            next_ids: NextIds::default(),
            salvage: false,
            #[cfg(feature = "crash-points")]
            journal_full: false,
        }
    }

    /// Take in what desk.json says (after checking every listed file is on disk).
    pub(super) fn take_desk_file(&mut self, file: DeskFile) {
        self.settings = file.settings;
        self.next_ids = file.next_ids;
        self.listed = file.listed.map(|l| {
            let mut keys: BTreeSet<FileKey> = BTreeSet::new();
            for [a, b] in l.items {
                keys.extend((a..=b).map(FileKey::Chunk));
            }
            for [a, b] in l.issues {
                keys.extend((a..=b).map(FileKey::Issue));
            }
            keys
        });
    }

    fn open_into(mut store: Store) -> Result<(Store, Desk, Vec<String>), StoreError> {
        let read_only = store.read_only;
        let dir = store.dir.clone();
        let dir = dir.as_path();
        if dir.is_dir() {
            deskfs::check_desk_dirs(dir)?;
        }
        let desk_path = dir.join(DESK_FILE);
        // "Not there" only when the system says so: a desk we may not read is an error, not
        // an empty desk.
        let exists = fs::symlink_metadata(&desk_path)
            .map(|_| true)
            .or_else(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Ok(false)
                } else {
                    Err(io_err(&desk_path, "read", e))
                }
            })?;
        if !exists {
            if read_only {
                return Err(StoreError::NotADesk {
                    dir: dir.to_path_buf(),
                });
            }
            store.create_new()?;
            let notices = store.notices.clone();
            return Ok((store, Desk::new(), notices));
        }

        // Read and check everything before changing anything.
        let (bytes, seen) = read_file(&desk_path)?;
        let desk_file = parse_desk_file(&desk_path, &bytes)?;
        store.seen.insert(desk_path, seen);
        let mut desk = Desk::new();
        let mut file_seq: HashMap<FileKey, u64> = HashMap::new();
        let mut odd = Vec::new();
        let chunk_files = list_numbered(&dir.join(ITEMS_DIR), &mut odd)?;
        let issue_files = list_numbered(&dir.join(ISSUES_DIR), &mut odd)?;
        // A file desk.json lists and the disk lacks was lost: nothing is read or written.
        check_listed(dir, &desk_file, &chunk_files, &issue_files)?;
        store.take_desk_file(desk_file);
        desk.raise_next_ids(store.next_ids);
        // Chunks come in id order and items sorted in each: collected into one Vec, the
        // map is bulk-built in one pass instead of 100,000 inserts.
        let mut all: Vec<(ItemId, Item)> = Vec::new();
        let files: Vec<_> = chunk_files.into_iter().collect();
        for chunk in chunks::read_chunks(&files, parse_chunk)? {
            let (seq, items) = chunk.doc;
            all.extend(items.into_iter().map(|i| (i.id, i)));
            file_seq.insert(FileKey::Chunk(chunk.k), seq);
            store.held.insert(FileKey::Chunk(chunk.k));
            store.seen.insert(chunk.path, chunk.seen);
        }
        desk.items = all.into_iter().collect();
        for (id, path) in issue_files {
            let (bytes, seen) = read_file(&path)?;
            let (seq, issue) = parse_issue(&path, &bytes, id)?;
            desk.issues.insert(issue.id, issue);
            file_seq.insert(FileKey::Issue(id), seq);
            store.held.insert(FileKey::Issue(id));
            store.seen.insert(path, seen);
        }
        store.notices.extend(odd);
        store.seq = file_seq.values().copied().max().unwrap_or(0);
        let journal = store.read_journal()?;

        // Now repair: stray temp files, then the journal.
        if !read_only {
            store.clean_temp_files();
            // A streamed import that never reached the journal left its chunks aside.
            let imports: Vec<u64> = journal.iter().filter_map(|e| e.import_seq()).collect();
            store.clean_staged(&imports);
        }
        // Salvaging empties the journal even when no line in it could be read.
        if !journal.is_empty() || (store.salvage && store.journal_dirty) {
            store.replay(&mut desk, journal, &mut file_seq)?;
        }
        let notices = store.notices.clone();
        Ok((store, desk, notices))
    }

    fn create_new(&mut self) -> Result<(), StoreError> {
        if self.dir.exists() {
            let rd = fs::read_dir(&self.dir).map_err(|e| io_err(&self.dir, "list", e))?;
            for entry in rd {
                let entry = entry.map_err(|e| io_err(&self.dir, "list", e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if !atomic::is_temp_name(&name) && name != LOCK_FILE {
                    return Err(StoreError::NotADesk {
                        dir: self.dir.clone(),
                    });
                }
            }
            self.clean_temp_files();
        } else {
            fs::create_dir_all(&self.dir).map_err(|e| io_err(&self.dir, "create directory", e))?;
            // A new desk is private to its maker; a team shares one by giving the directory
            // to a group (docs/team.md), and every file made in it follows.
            let _ = fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700));
            if let Some(parent) = self.dir.parent()
                && !parent.as_os_str().is_empty()
            {
                let _ = sync_dir(parent);
            }
        }
        self.write_desk_file()?;
        self.notices
            .push(format!("created a new desk in {}", self.dir.display()));
        Ok(())
    }

    /// Remove temp files a crashed writer left (ours, or of a process that is gone).
    pub(super) fn clean_temp_files(&mut self) {
        let me = std::process::id();
        for sub in [".", ITEMS_DIR, ISSUES_DIR] {
            // Relative to the directory opened without following a symlink: a swapped
            // `items/` cannot make this remove files elsewhere.
            let Ok(Some(dir)) = deskfs::Dir::under(&self.dir, Path::new(sub), false) else {
                continue;
            };
            for os_name in dir.names().unwrap_or_default() {
                let name = os_name.to_string_lossy();
                if !atomic::is_temp_name(&name) || name.starts_with(".lock") {
                    continue;
                }
                let gone = atomic::temp_pid(&name).is_none_or(|p| p == me || !lock::pid_alive(p));
                if gone {
                    let _ = dir.unlink(&os_name);
                }
            }
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The desk's settings (desk.json's other keys, typed); a bad value is one line naming
    /// desk.json and the key.
    pub fn settings(&self) -> Result<crate::model::settings::Settings, StoreError> {
        super::manifest::typed_settings(&self.dir.join(super::DESK_FILE), &self.settings)
    }

    /// The tradecraft ladder alone (`tradecraft.ladder`): a bad four-eyes setting does not
    /// stop a check or an export.
    pub fn ladder(&self) -> Result<crate::model::settings::Ladder, StoreError> {
        crate::model::settings::ladder(&self.settings)
            .map_err(|e| super::manifest::setting_error(&self.dir.join(super::DESK_FILE), &e))
    }

    /// Set one desk setting (`settings::set`: checked, every other key kept) and write
    /// desk.json atomically. The caller holds the lock, as for any desk write; on any
    /// failure desk.json and the settings in hand are as they were.
    pub fn set_setting(&mut self, key: &str, text: &str) -> Result<(), StoreError> {
        let path = self.dir.join(super::DESK_FILE);
        let mut map = self.settings.clone();
        crate::model::settings::set(&mut map, key, text).map_err(|e| {
            StoreError::Other(format!("{}: {e}; nothing was changed", path.display()))
        })?;
        let old = std::mem::replace(&mut self.settings, map);
        if let Err(e) = self.write_desk_file() {
            self.settings = old;
            return Err(e);
        }
        Ok(())
    }

    /// desk.json's settings as they stand, untyped: what `briefdesk settings` lists.
    pub fn settings_map(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.settings
    }

    /// What `open` had to say (journal replayed, torn journal line, odd files).
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    pub(super) fn key_path(&self, key: FileKey) -> PathBuf {
        key_path_in(&self.dir, key)
    }

    /// Was `path` changed by someone else since we last read or wrote it?
    pub(super) fn changed(&self, path: &Path) -> bool {
        let now = fs::symlink_metadata(path).ok().map(|m| Seen::of(&m));
        now != self.seen.get(path).copied()
    }

    /// Files another program changed, created or removed since we read or wrote them.
    pub fn changed_on_disk(&self) -> Vec<PathBuf> {
        let mut out: BTreeSet<PathBuf> = self
            .seen
            .keys()
            .filter(|p| self.changed(p))
            .cloned()
            .collect();
        let mut odd = Vec::new();
        for sub in [ITEMS_DIR, ISSUES_DIR] {
            if let Ok(files) = list_numbered(&self.dir.join(sub), &mut odd) {
                out.extend(files.into_values().filter(|p| !self.seen.contains_key(p)));
            }
        }
        let desk = self.dir.join(DESK_FILE);
        if !self.seen.contains_key(&desk) && desk.exists() {
            out.insert(desk);
        }
        out.into_iter().collect()
    }

    /// Take the desk for editing: `.lock` names this user, host and process. A lock left
    /// by a dead process on this host is taken over; one from another host is reported
    /// (see `break_lock`). The lock is released when the `Lock` is dropped.
    pub fn lock(&self) -> Result<Lock, Locked> {
        lock::acquire(&self.dir.join(LOCK_FILE))
    }

    /// Take the desk's lock before opening it (creating the directory if needed), so that no
    /// two writers ever load, repair or save the same desk at once.
    pub fn lock_dir(dir: &Path) -> Result<Lock, Locked> {
        if !dir.exists() {
            fs::create_dir_all(dir).map_err(|source| Locked::Io {
                path: dir.join(LOCK_FILE),
                source,
            })?;
            // Private to its maker until shared on purpose (see `create_new`).
            let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
        }
        lock::acquire(&dir.join(LOCK_FILE))
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub(super) fn writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                dir: self.dir.clone(),
            });
        }
        Ok(())
    }

    /// Remove the desk's lock on purpose, whoever holds it. Says who held it, or that the
    /// lock did not read (a garbage `.lock` is removed all the same).
    pub fn break_lock(&self) -> Result<BrokenLock, StoreError> {
        let path = self.dir.join(LOCK_FILE);
        let existed = match fs::symlink_metadata(&path) {
            Ok(_) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(io_err(&path, "read the lock", e)),
        };
        match lock::break_lock(&path).map_err(|e| io_err(&path, "remove the lock", e))? {
            Some(holder) => Ok(BrokenLock::Held(holder)),
            None if existed && !path.exists() => Ok(BrokenLock::Unreadable(path)),
            None => Ok(BrokenLock::NotLocked),
        }
    }

    /// Test fault injection: the writer stops ("crashes") at the `n`th crash point from now;
    /// `None` turns it off.
    #[cfg(feature = "crash-points")]
    #[doc(hidden)]
    pub fn set_crash_at(&mut self, n: Option<u64>) {
        self.faults = Faults {
            crash_at: n,
            count: 0,
            disk_full: self.faults.disk_full,
        };
    }

    /// Test fault injection: every file write fails as on a full disk (`ENOSPC`).
    #[cfg(feature = "crash-points")]
    #[doc(hidden)]
    pub fn set_disk_full(&mut self, full: bool) {
        self.faults.disk_full = full;
    }
}
