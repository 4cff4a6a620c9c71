//! Saving: render the files the edits touched, write them atomically (with backups),
//! keep desk.json's list and next ids true, then empty the journal.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use super::atomic;
use super::chunks::Seen;
use super::deskfs;
use super::doc::{ChunkOut, IssueOut};
use super::error::{StoreError, io_err};
use super::layout::{
    BACKUP_DIR, DESK_FILE, FileKey, ISSUES_DIR, ITEMS_DIR, ITEMS_PER_CHUNK, REVIEWS_DIR,
    list_numbered,
};
use super::manifest::render_desk_file;
use super::open::Store;
use crate::model::doc::SCHEMA;
use crate::model::{Desk, Issue, IssueId, Item, ItemId, NextIds, Touch};

/// What a save wrote, for the status bar and the benchmarks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// Files written or removed.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

impl Store {
    pub(super) fn write_desk_file(&mut self) -> Result<u64, StoreError> {
        let path = self.dir.join(DESK_FILE);
        let bytes = render_desk_file(&path, &self.settings, &self.held, self.next_ids)?;
        self.write_file(&path, &bytes)
    }

    pub(super) fn write_file(&mut self, path: &Path, bytes: &[u8]) -> Result<u64, StoreError> {
        if let Err(e) = atomic::write_atomic_with(path, bytes, Some(&self.dir), &mut self.faults) {
            // A failed write of the temp file is the failure to write this file: say so.
            let e = match e {
                StoreError::Io { cause, action, .. } => StoreError::Io {
                    path: path.to_path_buf(),
                    action: if action == "rename temp file over" {
                        action
                    } else {
                        "write"
                    },
                    cause,
                },
                e => e,
            };
            // Failed after the rename (directory fsync): the file is ours, not "changed".
            if fs::read(path).is_ok_and(|now| now == bytes)
                && let Ok(meta) = fs::symlink_metadata(path)
            {
                self.seen.insert(path.to_path_buf(), Seen::of(&meta));
            }
            return Err(e);
        }
        let meta = fs::symlink_metadata(path).map_err(|e| io_err(path, "read", e))?;
        self.seen.insert(path.to_path_buf(), Seen::of(&meta));
        Ok(bytes.len() as u64)
    }

    pub(super) fn remove_file(&mut self, path: &Path) -> Result<(), StoreError> {
        atomic::remove_with_backup(&self.dir, path, &mut self.faults)?;
        self.seen.remove(path);
        Ok(())
    }

    /// The bytes of one file as the desk has it now; `None` when the file should not exist.
    pub(super) fn render(&self, desk: &Desk, key: FileKey) -> Result<Option<Vec<u8>>, StoreError> {
        let encoded = match key {
            FileKey::Chunk(k) => {
                let lo = ItemId(k * ITEMS_PER_CHUNK);
                let hi = ItemId((k + 1) * ITEMS_PER_CHUNK);
                let items: Vec<&Item> = desk.items.range(lo..hi).map(|(_, i)| i).collect();
                if items.is_empty() {
                    return Ok(None);
                }
                // Bodies left on disk come from the file (issue #19: bodies read when shown).
                let whole = self.whole_items(k, items)?;
                serde_json::to_vec_pretty(&ChunkOut {
                    briefdesk: "items",
                    schema: SCHEMA,
                    seq: self.seq,
                    items: whole.iter().map(|it| &**it).collect(),
                })
            }
            FileKey::Issue(id) => match desk.issues.get(&IssueId(id)) {
                None => return Ok(None),
                Some(issue) => serde_json::to_vec_pretty(&IssueOut {
                    briefdesk: "issue",
                    schema: SCHEMA,
                    seq: self.seq,
                    issue,
                }),
            },
        };
        let mut bytes = encoded.map_err(|e| {
            StoreError::Other(format!(
                "{}: cannot encode: {e}",
                self.key_path(key).display()
            ))
        })?;
        bytes.push(b'\n');
        Ok(Some(bytes))
    }

    /// Write the files of `keys`, after checking none of them changed under us, and keep
    /// desk.json's list and next ids true. The order keeps desk.json from ever listing a
    /// file that is not there: new files first, then desk.json, then the removals (a crash
    /// in between leaves a file desk.json does not list yet, which loads as ever).
    pub(super) fn write_keys(
        &mut self,
        desk: &Desk,
        keys: &BTreeSet<FileKey>,
        force_desk_file: bool,
    ) -> Result<SaveReport, StoreError> {
        for &key in keys {
            let path = self.key_path(key);
            if self.changed(&path) {
                return Err(StoreError::ChangedOnDisk { path });
            }
            // Never write an issue the desk could not read back (too deep to parse).
            if let FileKey::Issue(id) = key
                && let Some(Err(e)) = desk.issues.get(&IssueId(id)).map(Issue::check)
            {
                return Err(StoreError::Other(format!(
                    "{}: {e}; nothing was written (the edit is kept in the journal)",
                    path.display()
                )));
            }
        }
        let mut report = SaveReport::default();
        let mut removals = Vec::new();
        for &key in keys {
            let path = self.key_path(key);
            match self.render(desk, key)? {
                Some(bytes) => {
                    report.bytes += self.write_file(&path, &bytes)?;
                    report.files += 1;
                    if self.held.insert(key)
                        && let FileKey::Issue(id) = key
                    {
                        // An issue back by undo gets its review back.
                        self.move_review_logs(id, false);
                    }
                }
                None if self.seen.contains_key(&path) => removals.push((key, path)),
                None => {
                    self.held.remove(&key);
                }
            }
        }
        let mut after = self.held.clone();
        for (key, _) in &removals {
            after.remove(key);
        }
        // The marks never go back, whatever desk is handed in.
        let next_ids = NextIds {
            item: desk.next_ids().item.max(self.next_ids.item),
            issue: desk.next_ids().issue.max(self.next_ids.issue),
        };
        if force_desk_file || self.listed.as_ref() != Some(&after) || self.next_ids != next_ids {
            let desk_path = self.dir.join(DESK_FILE);
            if self.changed(&desk_path) {
                return Err(StoreError::ChangedOnDisk { path: desk_path });
            }
            let before = (self.held.clone(), self.next_ids);
            self.held = after.clone();
            self.next_ids = next_ids;
            match self.write_desk_file() {
                Ok(bytes) => {
                    report.bytes += bytes;
                    report.files += 1;
                    self.listed = Some(after);
                }
                Err(e) => {
                    (self.held, self.next_ids) = before;
                    return Err(e);
                }
            }
        }
        for (key, path) in removals {
            self.remove_file(&path)?;
            self.held.remove(&key);
            report.files += 1;
            if let FileKey::Issue(id) = key {
                self.move_review_logs(id, true);
            }
        }
        Ok(report)
    }

    /// A removed issue's review logs go with it into `.backup/reviews/<id>/` (`away`), and
    /// come back with it. Best effort, like every backup: ids are never given twice, so
    /// logs left in place could never be read as another issue's.
    pub(super) fn move_review_logs(&self, id: u64, away: bool) {
        use std::ffi::OsStr;
        let live = Path::new(REVIEWS_DIR);
        let kept = Path::new(BACKUP_DIR).join(REVIEWS_DIR);
        let (from, to) = if away {
            (live, kept.as_path())
        } else {
            (kept.as_path(), live)
        };
        let name = id.to_string();
        let name = OsStr::new(&name);
        // Relative to directories opened without following a link (deskfs): a planted
        // symlink never sends the logs, or anything else, out of the desk.
        let Ok(Some(from)) = deskfs::Dir::under(&self.dir, from, false) else {
            return;
        };
        if !matches!(from.kind(name), Ok(Some(rustix::fs::FileType::Directory))) {
            return;
        }
        let Ok(Some(to)) = deskfs::Dir::under(&self.dir, to, true) else {
            return;
        };
        if !matches!(to.kind(name), Ok(None)) {
            return;
        }
        if from.rename(name, &to, name).is_ok() {
            let _ = to.sync();
            let _ = from.sync();
        }
    }

    /// Write what the touched items and issues need, atomically, file by file, then empty
    /// the journal. Also writes the files of edits journaled since the last save, so a
    /// caller that forgets a touch loses nothing. Call `append_journal` *before* `save`.
    pub fn save(&mut self, desk: &Desk, touched: &[Touch]) -> Result<SaveReport, StoreError> {
        self.writable()?;
        self.pending
            .extend(touched.iter().copied().map(FileKey::of));
        let keys = self.pending.clone();
        let report = self.write_keys(desk, &keys, false)?;
        self.truncate_journal()?;
        self.pending.clear();
        // The derived indexes follow the chunks written, after them: a crash between leaves
        // their entries stale, never trusted.
        let chunks: Vec<u64> = keys
            .iter()
            .filter_map(|k| match k {
                FileKey::Chunk(k) => Some(*k),
                _ => None,
            })
            .collect();
        super::word_index::refresh(&self.dir, &chunks, &mut self.faults);
        super::heads::refresh_index(&self.dir, &chunks, &mut self.faults);
        Ok(report)
    }

    /// Write every file of the desk (a new desk, or after a repair), and remove the chunk
    /// and issue files of things no longer on the desk.
    pub fn save_all(&mut self, desk: &Desk) -> Result<SaveReport, StoreError> {
        self.writable()?;
        let mut keys: BTreeSet<FileKey> = desk
            .items
            .keys()
            .map(|id| FileKey::Chunk(id.0 / ITEMS_PER_CHUNK))
            .chain(desk.issues.keys().map(|id| FileKey::Issue(id.0)))
            .collect();
        let mut odd = Vec::new();
        keys.extend(
            list_numbered(&self.dir.join(ITEMS_DIR), &mut odd)?
                .into_keys()
                .map(FileKey::Chunk),
        );
        keys.extend(
            list_numbered(&self.dir.join(ISSUES_DIR), &mut odd)?
                .into_keys()
                .map(FileKey::Issue),
        );
        keys.extend(self.pending.iter().copied());
        let desk_path = self.dir.join(DESK_FILE);
        if self.changed(&desk_path) {
            return Err(StoreError::ChangedOnDisk { path: desk_path });
        }
        let report = self.write_keys(desk, &keys, true)?;
        self.truncate_journal()?;
        self.pending.clear();
        Ok(report)
    }
}
