//! The headlines index (issue #19): what `list drafts` prints of every draft of a run of
//! chunk files, kept beside them as `items/.heads-NNNN`, so the quick read need not parse
//! 590 MB of chunk JSON at a million drafts.
//!
//! It is derived, never the truth. Each chunk's entry carries the chunk file's stat key
//! (length, mtime and ctime in nanoseconds, inode) as it was when the entry was made from
//! its bytes; an entry is used only when the chunk file is still a regular file with that
//! very key, else that chunk is read and parsed as before. A missing, unreadable, planted
//! (symlink, FIFO) or garbled index file is the same as none: never an error, never a
//! different answer. An entry is made only for a chunk whose ctime is older than the
//! index's own temp file (the same file system's clock): a change to the chunk after that
//! moves its ctime, so a same-length rewrite in the same clock tick cannot keep the key.
//!
//! Written atomically (temp, fsync, rename, fsync of `items/`) through `deskfs`, never
//! through a symlink, by `doctor` (`rebuild` in `heads.rs`). Nothing else writes it; a
//! save after that leaves its chunk's entry stale, which costs only that chunk's read.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::Metadata;
use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use rustix::fs::OFlags;

use super::atomic::temp_name;
use super::deskfs::{Dir, follow_dir_mode};
use super::error::{StoreError, io_err};
use super::faults::Faults;
use super::layout::{ITEMS_DIR, ITEMS_PER_CHUNK};
use crate::model::{ItemId, ItemState};

/// One line of `list drafts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftHead {
    pub id: ItemId,
    pub headline: String,
    pub state: ItemState,
    /// The stamp as the page wrote it.
    pub stamp: Option<String>,
}

/// Chunk files per index file: a million drafts make 16 files of ~5 MB.
pub(crate) const RUN: u64 = 1024;

const MAGIC: &[u8; 8] = b"BDHEADS1";
const END: &[u8; 4] = b"END.";
const NO_STAMP: u32 = u32::MAX;

/// The index file of run `r`: chunks `[r*RUN, (r+1)*RUN)`.
pub(crate) fn index_name(run: u64) -> String {
    format!(".heads-{run:04}")
}

/// What a chunk file was when its entry was made: any writer changes one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StatKey {
    len: u64,
    mtime_ns: i128,
    ino: u64,
    ctime_ns: i128,
}

impl StatKey {
    /// The key of a regular file; `None` for anything else (a symlink is never trusted).
    pub(crate) fn of(meta: &Metadata) -> Option<StatKey> {
        meta.file_type().is_file().then(|| StatKey {
            len: meta.size(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            ino: meta.ino(),
            ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
        })
    }

    pub(crate) fn ctime_ns(&self) -> i128 {
        self.ctime_ns
    }
}

/// One chunk's entry: its key and its drafts, in file order.
pub(crate) type Entry = (StatKey, Vec<DraftHead>);

/// The entries of run `run`'s index file in the desk `dir`, by chunk number; empty when the
/// file is missing, not a regular file, unreadable, or does not decode whole.
pub(crate) fn read_run(dir: &Path, run: u64) -> HashMap<u64, Entry> {
    let bytes = (|| {
        let items = Dir::under(dir, Path::new(ITEMS_DIR), false).ok()??;
        let mut f = items
            .open_plain(OsStr::new(&index_name(run)), OFlags::RDONLY, None)
            .ok()??;
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    })();
    bytes.and_then(|b| decode(&b, run)).unwrap_or_default()
}

/// The bytes of run `run`'s index file: `(chunk, key, drafts)` in chunk order.
pub(crate) fn encode(run: u64, entries: &[(u64, StatKey, &[DraftHead])]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&run.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (k, key, heads) in entries {
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&key.len.to_le_bytes());
        out.extend_from_slice(&key.mtime_ns.to_le_bytes());
        out.extend_from_slice(&key.ino.to_le_bytes());
        out.extend_from_slice(&key.ctime_ns.to_le_bytes());
        out.extend_from_slice(&(heads.len() as u64).to_le_bytes());
        for h in *heads {
            out.extend_from_slice(&h.id.0.to_le_bytes());
            let state = ItemState::ALL.iter().position(|s| *s == h.state);
            out.push(state.map_or(u8::MAX, |s| s as u8));
            match &h.stamp {
                Some(s) => put_str(&mut out, s),
                None => out.extend_from_slice(&NO_STAMP.to_le_bytes()),
            }
            put_str(&mut out, &h.headline);
        }
    }
    out.extend_from_slice(END);
    out
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Longer texts are never in an index (the entry is left out before encoding).
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Can `heads` go in an index (every text shorter than the length marker)?
pub(crate) fn encodable(heads: &[DraftHead]) -> bool {
    heads.iter().all(|h| {
        h.headline.len() < NO_STAMP as usize
            && h.stamp.as_ref().is_none_or(|s| s.len() < NO_STAMP as usize)
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i128(&mut self) -> Option<i128> {
        Some(i128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }
    fn text(&mut self, len: u32) -> Option<String> {
        let b = self.take(len as usize)?;
        std::str::from_utf8(b).ok().map(str::to_owned)
    }
}

/// The entries of an index file of run `run`, checked as a chunk's ids are (each in its
/// chunk, ascending) and every chunk in the run, ascending; `None` on anything else.
fn decode(bytes: &[u8], run: u64) -> Option<HashMap<u64, Entry>> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC || r.u64()? != run {
        return None;
    }
    let n = r.u64()?;
    // Each entry takes at least 72 bytes: a count beyond the file is garbage.
    if n > bytes.len() as u64 / 72 {
        return None;
    }
    let mut out = HashMap::with_capacity(n as usize);
    let mut last_k = None;
    for _ in 0..n {
        let k = r.u64()?;
        if k / RUN != run || last_k.is_some_and(|l| l >= k) {
            return None;
        }
        last_k = Some(k);
        let key = StatKey {
            len: r.u64()?,
            mtime_ns: r.i128()?,
            ino: r.u64()?,
            ctime_ns: r.i128()?,
        };
        let count = r.u64()?;
        if count > ITEMS_PER_CHUNK {
            return None;
        }
        let mut heads = Vec::with_capacity(count as usize);
        let mut last_id = None;
        for _ in 0..count {
            let id = r.u64()?;
            if id / ITEMS_PER_CHUNK != k || last_id.is_some_and(|l| l >= id) {
                return None;
            }
            last_id = Some(id);
            let state = *ItemState::ALL.get(usize::from(*r.take(1)?.first()?))?;
            let stamp = match r.u32()? {
                NO_STAMP => None,
                len => Some(r.text(len)?),
            };
            let len = r.u32()?;
            let headline = r.text(len)?;
            heads.push(DraftHead {
                id: ItemId(id),
                headline,
                state,
                stamp,
            });
        }
        out.insert(k, (key, heads));
    }
    (r.take(END.len())? == END && r.at == bytes.len()).then_some(out)
}

/// An index file being made: its temp file in `items/`, made first so that its ctime dates
/// what may go in it (see the module documentation).
pub(crate) struct Pending {
    items: Dir,
    tmp: std::ffi::OsString,
    file: std::fs::File,
    /// The temp file's ctime: only chunks changed strictly before it are indexed.
    pub(crate) mark_ns: i128,
    /// Leave the temp file where it is (a simulated crash leaves what a crash would).
    keep: bool,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.keep {
            let _ = self.items.unlink(&self.tmp);
        }
    }
}

/// Start run `run`'s index file in the desk `dir` (`items/` opened without following a link).
pub(crate) fn begin(dir: &Path, run: u64) -> Result<Pending, StoreError> {
    let items = Dir::under(dir, Path::new(ITEMS_DIR), false)?.ok_or_else(|| {
        io_err(
            &dir.join(ITEMS_DIR),
            "open directory",
            std::io::ErrorKind::NotFound.into(),
        )
    })?;
    let tmp = temp_name(OsStr::new(&index_name(run)));
    let file = items.create_new(&tmp, OFlags::empty())?;
    follow_dir_mode(&file, &items);
    let meta = file
        .metadata()
        .map_err(|e| io_err(&items.join(&tmp), "read", e))?;
    let mark_ns = StatKey::of(&meta).map_or(i128::MIN, |k| k.ctime_ns);
    Ok(Pending {
        items,
        tmp,
        file,
        mark_ns,
        keep: false,
    })
}

impl Pending {
    /// Write `bytes` and put the file in place of run `run`'s index (a symlink or FIFO
    /// there is refused, the temp file removed); crash points for the tests.
    pub(crate) fn commit(
        mut self,
        run: u64,
        bytes: &[u8],
        faults: &mut Faults,
    ) -> Result<(), StoreError> {
        let name = std::ffi::OsString::from(index_name(run));
        let path = self.items.join(&name);
        let tmp = self.items.join(&self.tmp);
        let result = (|| {
            self.items.plain_exists(&name)?;
            faults.before_write(&mut self.file, bytes, &path, &tmp)?;
            self.file
                .write_all(bytes)
                .map_err(|e| io_err(&tmp, "write", e))?;
            faults.point("after temp write, before fsync", &path)?;
            self.file.sync_all().map_err(|e| io_err(&tmp, "fsync", e))?;
            faults.point("after fsync, before rename", &path)?;
            self.items
                .rename(&self.tmp, &self.items, &name)
                .map_err(|e| io_err(&path, "rename temp file over", e))?;
            faults.point("after rename, before directory fsync", &path)?;
            self.items.sync()?;
            faults.point("after directory fsync", &path)
        })();
        // Renamed: no temp file left. A simulated crash leaves it, as a crash would; any
        // other error removes it (`Drop`).
        self.keep = result.is_ok() || result.as_ref().is_err_and(super::faults::is_crash);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(id: u64, stamp: Option<&str>) -> DraftHead {
        DraftHead {
            id: ItemId(id),
            headline: format!("Headline {id} — é"),
            state: ItemState::Held,
            stamp: stamp.map(str::to_owned),
        }
    }

    #[test]
    fn an_index_reads_back_and_garbage_reads_as_none() {
        let key = StatKey {
            len: 10,
            mtime_ns: 1,
            ino: 2,
            ctime_ns: 3,
        };
        let a = [head(64, Some("2026-01-01T00:00:00Z")), head(70, None)];
        let b = [head(130, None)];
        let bytes = encode(0, &[(1, key, &a), (2, key, &b)]);
        let got = decode(&bytes, 0).expect("decodes");
        assert_eq!(got.get(&1), Some(&(key, a.to_vec())));
        assert_eq!(got.get(&2), Some(&(key, b.to_vec())));
        // Another run's file, a cut file, any byte changed in the frame: nothing.
        assert!(decode(&bytes, 1).is_none());
        for cut in [0, 8, 20, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], 0).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, 0).is_none());
        // An id outside its chunk.
        let wrong = [head(5, None)];
        assert!(decode(&encode(0, &[(1, key, &wrong)]), 0).is_none());
    }
}
