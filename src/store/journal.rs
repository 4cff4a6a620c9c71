//! The journal: one fsynced line per user action, appended before a save, emptied after
//! it; read and replayed by the next open; a damaged one kept aside and never emptied.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::deskfs;
use super::error::{StoreError, io_err};
use super::layout::{FileKey, JOURNAL_FILE};
use super::open::Store;
use crate::model::{Desk, Edit};

/// Why a journal line does not read, short: serde lists every edit kind it knows.
fn journal_problem(e: &serde_json::Error) -> String {
    // serde quotes what it did not know (an edit kind): the file is untrusted text.
    let full = crate::model::text::for_display(&e.to_string()).into_owned();
    let core = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    let column = e.column();
    if let Some(rest) = core.strip_prefix("unknown variant ") {
        let kind = rest.split(", expected").next().unwrap_or(rest);
        return format!(
            "column {column}: an edit kind this briefdesk does not know, {kind} (from a newer briefdesk?)"
        );
    }
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("column {column}: not valid JSON ({core})")
        }
        _ => format!("column {column}: {core}"),
    }
}

/// Keep a copy of a journal that could not be replayed whole, beside it, as
/// `journal.jsonl.damaged-<UTC time>`: made with `O_EXCL`, never overwritten; a copy with
/// the same bytes already there is reused.
fn keep_damaged_journal(path: &Path, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let prefix = format!("{JOURNAL_FILE}.damaged-");
    if let Ok(rd) = fs::read_dir(dir) {
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix)
                && entry.file_type().is_ok_and(|t| t.is_file())
                // Only a copy of the same length is read (anyone may plant a big file).
                && entry.metadata().is_ok_and(|m| m.len() == bytes.len() as u64)
                && fs::read(entry.path()).is_ok_and(|b| b == bytes)
            {
                return Ok(entry.path());
            }
        }
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    // Made in the desk directory opened as such, never through a planted link (deskfs).
    let root = deskfs::Dir::open(dir)?;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{prefix}{stamp}")
        } else {
            format!("{prefix}{stamp}-{n}")
        };
        let name = std::ffi::OsStr::new(&name);
        if root.kind(name)?.is_some() {
            continue;
        }
        let copy = root.join(name);
        let mut f = root.create_new(name, rustix::fs::OFlags::empty())?;
        deskfs::follow_dir_mode(&f, &root);
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| io_err(&copy, "keep a copy of the damaged journal", e))?;
        let _ = root.sync();
        return Ok(copy);
    }
    Err(StoreError::Other(format!(
        "{}: too many copies of damaged journals beside it: move the old ones away",
        path.display()
    )))
}

#[derive(Serialize)]
struct JournalOut<'a> {
    seq: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    edits: Option<&'a [Edit]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    import: Option<ImportOut<'a>>,
    /// Issue #19: a streamed import taken back (`store::take_back`): the chunk files whose
    /// drafts all go, and the edits removing its drafts from the chunk it shared.
    #[serde(skip_serializing_if = "Option::is_none")]
    unimport: Option<ImportOut<'a>>,
}

/// Issue #19: a streamed import's line names the chunk files it wrote aside
/// (`store::import_stream`) instead of carrying its drafts, and holds the edits of the drafts
/// that went into a chunk file the desk already had. It has no `edits` key of its own, so a
/// briefdesk that does not know it refuses the line (kept, never emptied) rather than
/// replay half the import.
#[derive(Serialize)]
struct ImportOut<'a> {
    chunks: &'a [[u64; 2]],
    edits: &'a [Edit],
}

#[derive(Deserialize)]
pub(super) struct JournalIn {
    seq: u64,
    #[serde(default)]
    edits: Option<Vec<Edit>>,
    #[serde(default)]
    import: Option<ImportIn>,
    #[serde(default)]
    unimport: Option<ImportIn>,
}

#[derive(Deserialize)]
pub(super) struct ImportIn {
    chunks: Vec<[u64; 2]>,
    edits: Vec<Edit>,
}

impl JournalIn {
    /// The sequence number of a streamed import's line (its chunk files are kept aside).
    pub(super) fn import_seq(&self) -> Option<u64> {
        self.import.as_ref().map(|_| self.seq)
    }
}

impl Store {
    pub(super) fn read_journal(&mut self) -> Result<Vec<JournalIn>, StoreError> {
        let path = self.dir.join(JOURNAL_FILE);
        let Some(bytes) = deskfs::read_plain(&self.dir, JOURNAL_FILE)? else {
            return Ok(Vec::new());
        };
        let mut out: Vec<JournalIn> = Vec::new();
        let mut damaged: Option<(usize, String)> = None;
        let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Sequence numbers only grow, and one is left for the next edit.
            let after = out.last().map_or(0, |e| e.seq);
            let problem = match serde_json::from_slice::<JournalIn>(line) {
                Ok(entry)
                    if entry.edits.is_none()
                        && entry.import.is_none()
                        && entry.unimport.is_none() =>
                {
                    "column 1: missing field `edits`".to_string()
                }
                Ok(entry) if entry.seq <= after || entry.seq == u64::MAX => format!(
                    "sequence number {} after {after}: journal numbers only grow",
                    entry.seq
                ),
                Ok(entry) => {
                    out.push(entry);
                    continue;
                }
                // The last line has no newline after it when an append was cut short (kill
                // -9): that edit was never reported done; skipped with a notice.
                Err(e) if i + 1 == n => {
                    let mut notice = format!(
                        "{}:{}: skipped a torn last journal line ({}); the edit in it is lost",
                        path.display(),
                        i + 1,
                        e
                    );
                    if !self.read_only && !self.salvage {
                        let kept = keep_damaged_journal(&path, &bytes)?;
                        notice.push_str(&format!(" (the journal is kept in {})", kept.display()));
                    }
                    self.notices.push(notice);
                    continue;
                }
                Err(e) => journal_problem(&e),
            };
            if self.salvage {
                self.notices.push(format!(
                    "{}:{}: skipped a damaged journal line ({problem})",
                    path.display(),
                    i + 1
                ));
            } else if damaged.is_none() {
                damaged = Some((i + 1, problem));
            }
        }
        if self.salvage && !bytes.is_empty() {
            let kept = keep_damaged_journal(&path, &bytes)?;
            self.notices.push(format!(
                "the journal as it was is kept in {}",
                kept.display()
            ));
        }
        if let Some((line, msg)) = damaged {
            // Never emptied, never replayed in part: a writer keeps a copy aside (never
            // overwritten) and stops; a reader writes nothing and stops.
            let kept = if self.read_only {
                None
            } else {
                Some(keep_damaged_journal(&path, &bytes)?)
            };
            return Err(StoreError::JournalDamaged {
                path,
                line,
                msg,
                kept,
            });
        }
        self.journal_dirty = !bytes.is_empty();
        Ok(out)
    }

    pub(super) fn replay(
        &mut self,
        desk: &mut Desk,
        journal: Vec<JournalIn>,
        file_seq: &mut HashMap<FileKey, u64>,
    ) -> Result<(), StoreError> {
        let (mut applied, mut skipped, mut saved) = (0usize, 0usize, 0usize);
        let mut adopted = 0usize;
        let mut taken_back = None;
        for entry in journal {
            self.seq = self.seq.max(entry.seq);
            let mut edits = entry.edits.unwrap_or_default();
            if let Some(import) = entry.import {
                adopted += self.adopt_import(desk, entry.seq, &import.chunks, file_seq)?;
                edits.extend(import.edits);
            }
            if let Some(unimport) = entry.unimport {
                *taken_back.get_or_insert(0) += self.drop_taken_back(desk, &unimport.chunks)?;
                edits.extend(unimport.edits);
            }
            for edit in edits {
                let key = FileKey::of(edit.touches());
                if file_seq.get(&key).copied().unwrap_or(0) >= entry.seq {
                    saved += 1; // the last save wrote this file with the edit in it
                    continue;
                }
                match edit.apply(desk) {
                    Ok(_) => {
                        applied += 1;
                        self.pending.insert(key);
                    }
                    Err(_) => skipped += 1,
                }
            }
        }
        let mut msg = format!("recovered {applied} edit(s) from the journal after an unclean exit");
        if skipped > 0 {
            msg.push_str(&format!("; {skipped} no longer applied and were skipped"));
        }
        if saved > 0 && applied == 0 && skipped == 0 {
            msg = "the journal's edits were already saved".into();
        }
        if adopted > 0 {
            msg = format!(
                "recovered an import of {adopted} draft(s) and {applied} edit(s) from the journal after an unclean exit"
            );
        }
        if let Some(n) = taken_back {
            msg = format!(
                "finished taking back an import ({n} draft(s) in its own chunk files) and {applied} edit(s) from the journal after an unclean exit"
            );
        }
        if self.read_only {
            self.pending.clear();
            self.notices.push(format!(
                "showing {} edit(s) from the journal of the session editing this desk",
                applied + adopted
            ));
            return Ok(());
        }
        self.notices.push(msg);
        self.save(desk, &[])?;
        Ok(())
    }

    /// Record one user action (its forward edits) in `journal.jsonl` and fsync it, so a
    /// kill -9 before the next `save` loses nothing: `open` replays the journal.
    pub fn append_journal(&mut self, edits: &[Edit]) -> Result<(), StoreError> {
        self.writable()?;
        if edits.is_empty() {
            return Ok(());
        }
        self.append_line(Some(edits), None, None)
    }

    /// Issue #19: the line of a streamed import (`store::import_stream`): the runs of chunk
    /// files it wrote aside under its sequence number `seq`, and the edits of its drafts
    /// that go into a chunk file the desk has. Appending it makes the import happen.
    pub(super) fn append_import_line(
        &mut self,
        seq: u64,
        chunks: &[[u64; 2]],
        edits: &[Edit],
    ) -> Result<(), StoreError> {
        self.writable()?;
        if self.seq.checked_add(1) != Some(seq) {
            return Err(StoreError::Other(format!(
                "{}: the import was numbered {seq} after {}: import again",
                self.dir.join(JOURNAL_FILE).display(),
                self.seq
            )));
        }
        self.append_line(None, Some(ImportOut { chunks, edits }), None)
    }

    /// Issue #19: the line of a streamed import taken back (`store::take_back`): the runs
    /// of chunk files whose drafts all go, and the edits that remove its drafts from the
    /// chunk file it shared. Appending it makes the take-back happen.
    pub(super) fn append_take_back_line(
        &mut self,
        chunks: &[[u64; 2]],
        edits: &[Edit],
    ) -> Result<(), StoreError> {
        self.writable()?;
        self.append_line(None, None, Some(ImportOut { chunks, edits }))
    }

    fn append_line(
        &mut self,
        edits: Option<&[Edit]>,
        import: Option<ImportOut<'_>>,
        unimport: Option<ImportOut<'_>>,
    ) -> Result<(), StoreError> {
        let path = self.dir.join(JOURNAL_FILE);
        if self.journal.is_none() {
            self.journal = Some(deskfs::open_journal(&self.dir)?);
        }
        // Never wraps: a journal at the last number is refused, not started again at 1.
        let seq = self
            .seq
            .checked_add(1)
            .filter(|&n| n < u64::MAX)
            .ok_or_else(|| {
                StoreError::Other(format!(
                    "{}: the journal's sequence number is used up ({}): run `briefdesk doctor`",
                    path.display(),
                    self.seq
                ))
            })?;
        let touched: Vec<FileKey> = edits
            .into_iter()
            .chain(import.as_ref().map(|i| i.edits))
            .chain(unimport.as_ref().map(|i| i.edits))
            .flatten()
            .map(|e| FileKey::of(e.touches()))
            .collect();
        let mut line = serde_json::to_vec(&JournalOut {
            seq,
            edits,
            import,
            unimport,
        })
        .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", path.display())))?;
        line.push(b'\n');
        if let Some(f) = self.journal.as_mut() {
            let before = f.metadata().map(|m| m.len()).ok();
            #[cfg(feature = "crash-points")]
            let result = if self.journal_full {
                // As a full disk does: part of the line written, then ENOSPC.
                let _ = f.write_all(&line[..line.len() / 2]);
                Err(std::io::Error::from_raw_os_error(libc::ENOSPC))
            } else {
                f.write_all(&line).and_then(|()| f.sync_data())
            };
            #[cfg(not(feature = "crash-points"))]
            let result = f.write_all(&line).and_then(|()| f.sync_data());
            if let Err(e) = result {
                // Half a line would glue itself to the next append: cut the journal back
                // to where this line began (the caller keeps the edit and retries).
                if let Some(len) = before {
                    let _ = f.set_len(len).and_then(|()| f.sync_data());
                }
                return Err(io_err(&path, "append to journal", e));
            }
        }
        self.seq = seq;
        self.journal_dirty = true;
        self.pending.extend(touched);
        Ok(())
    }

    pub(super) fn truncate_journal(&mut self) -> Result<(), StoreError> {
        if !self.journal_dirty {
            return Ok(());
        }
        let path = self.dir.join(JOURNAL_FILE);
        self.faults.point("before journal truncation", &path)?;
        if self.journal.is_none() {
            match deskfs::Dir::open(&self.dir)?.open_plain(
                JOURNAL_FILE.as_ref(),
                rustix::fs::OFlags::WRONLY | rustix::fs::OFlags::APPEND,
                None,
            )? {
                Some(f) => self.journal = Some(f),
                None => {
                    self.journal_dirty = false;
                    return Ok(());
                }
            }
        }
        if let Some(f) = self.journal.as_mut() {
            f.set_len(0)
                .and_then(|()| f.sync_data())
                .map_err(|e| io_err(&path, "empty the journal", e))?;
        }
        self.journal_dirty = false;
        Ok(())
    }

    /// Test fault injection: a journal append writes half its line, then fails as on a
    /// full disk (`ENOSPC`).
    #[cfg(feature = "crash-points")]
    #[doc(hidden)]
    pub fn set_journal_full(&mut self, full: bool) {
        self.journal_full = full;
    }
}
