//! What the derived files beside the chunks share (issue #19): the headlines index
//! (`heads_index`, `items/.heads-NNNN`) and the word index (`word_index`,
//! `items/.words-NNNN`). One rule for both, in one place:
//!
//! - each chunk's entry carries the chunk file's stat key ([`StatKey`]: length, mtime and
//!   ctime in nanoseconds, inode) as it was when the entry was made from its bytes, and is
//!   trusted only while the chunk file is still a regular file with that very key
//!   ([`fresh`]); else that chunk is read as if there were no index;
//! - an entry is made only for a chunk whose ctime is older than the index's own temp file
//!   (the same file system's clock, [`begin`]): a change to the chunk after that moves its
//!   ctime, so a same-length rewrite in the same clock tick cannot keep the key;
//! - the file is read through `deskfs` without following a link, regular files only
//!   ([`read`]); missing, unreadable or planted is the same as none, never an error;
//! - it is written atomically (temp, fsync, rename, fsync of `items/`) through `deskfs`
//!   ([`Pending::commit`]), with the crash points of `faults`.

use std::collections::{BTreeMap, HashMap};
use std::ffi::{OsStr, OsString};
use std::fs::Metadata;
use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use rustix::fs::OFlags;

use super::atomic::temp_name;
use super::deskfs::{Dir, follow_dir_mode};
use super::error::{StoreError, io_err};
use super::faults::Faults;
use super::layout::{ITEMS_DIR, chunk_name, list_numbered};

/// What a chunk file was when its entry was made: any writer changes one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StatKey {
    pub(crate) len: u64,
    pub(crate) mtime_ns: i128,
    pub(crate) ino: u64,
    pub(crate) ctime_ns: i128,
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

    /// The key's bytes in an index file (48).
    pub(crate) fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.len.to_le_bytes());
        out.extend_from_slice(&self.mtime_ns.to_le_bytes());
        out.extend_from_slice(&self.ino.to_le_bytes());
        out.extend_from_slice(&self.ctime_ns.to_le_bytes());
    }

    pub(crate) fn take(r: &mut Reader) -> Option<StatKey> {
        Some(StatKey {
            len: r.u64()?,
            mtime_ns: r.i128()?,
            ino: r.u64()?,
            ctime_ns: r.i128()?,
        })
    }
}

/// Is the file at `path` (not followed) still the regular file whose key is `key`? The
/// one trust rule of an index entry.
pub(crate) fn fresh(path: &Path, key: &StatKey) -> bool {
    std::fs::symlink_metadata(path)
        .ok()
        .and_then(|m| StatKey::of(&m))
        .is_some_and(|now| now == *key)
}

/// As [`fresh`], the file `name` in the open directory `dir` (`fstatat`, no link
/// followed): a rare word at a million drafts stats every chunk file, and walking the
/// desk's path again for each was a tenth of its rule-out (issue #19).
pub(crate) fn fresh_in(dir: &Dir, name: &str, key: &StatKey) -> bool {
    use rustix::fs::{AtFlags, FileType, statat};
    let Ok(st) = statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) else {
        return false;
    };
    if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
        return false;
    }
    let ns = |s: i128, n: i128| s * 1_000_000_000 + n;
    let now = StatKey {
        len: u64::try_from(st.st_size).unwrap_or(u64::MAX),
        mtime_ns: ns(i128::from(st.st_mtime), i128::from(st.st_mtime_nsec)),
        ino: st.st_ino,
        ctime_ns: ns(i128::from(st.st_ctime), i128::from(st.st_ctime_nsec)),
    };
    now == *key
}

/// The bytes of index file `name` in the desk `dir`'s `items/`; `None` when it is missing,
/// not a regular file (a symlink is not followed) or unreadable.
pub(crate) fn read(dir: &Path, name: &str) -> Option<Vec<u8>> {
    let items = Dir::under(dir, Path::new(ITEMS_DIR), false).ok()??;
    let mut f = items
        .open_plain(OsStr::new(name), OFlags::RDONLY, None)
        .ok()??;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Chunk `k`'s bytes into `buf`, read through `items/` without following a link, and its
/// key from the open file; `None` when it does not read, or was changed while read or at
/// or after `mark_ns` (the pending index's date): such a chunk gets no entry.
pub(crate) fn read_dated(items: &Dir, k: u64, mark_ns: i128, buf: &mut Vec<u8>) -> Option<StatKey> {
    let mut f = items
        .open_plain(OsStr::new(&chunk_name(k)), OFlags::RDONLY, None)
        .ok()??;
    let key = StatKey::of(&f.metadata().ok()?)?;
    buf.clear();
    f.read_to_end(buf).ok()?;
    // The file may have changed while it was read: then its key now differs.
    let after = StatKey::of(&f.metadata().ok()?)?;
    (after == key && key.ctime_ns() < mark_ns).then_some(key)
}

/// Reads an index file's fields; every read past the end is `None`.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(crate) fn i128(&mut self) -> Option<i128> {
        Some(i128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }
    pub(crate) fn text(&mut self, len: u32) -> Option<String> {
        let b = self.take(len as usize)?;
        std::str::from_utf8(b).ok().map(str::to_owned)
    }
    pub(crate) fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// The framing every index file shares: its `magic`, the run number, the entry count; per
/// entry the chunk number and its stat key, then what `put` writes of it; `END.` last.
pub(crate) fn encode<T>(
    magic: &[u8; 8],
    run: u64,
    entries: &[(u64, StatKey, T)],
    put: impl Fn(&T, &mut Vec<u8>),
) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(magic);
    out.extend_from_slice(&run.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (k, key, entry) in entries {
        out.extend_from_slice(&k.to_le_bytes());
        key.put(&mut out);
        put(entry, &mut out);
    }
    out.extend_from_slice(END);
    out
}

/// The entries of an index file of run `run` (`per_run` chunks a file) framed as
/// [`encode`] writes them, each read by `take` (given the reader and the chunk number);
/// `None` on anything else: another magic or run, chunks out of the run or not ascending,
/// a count beyond the file, a cut, a longer file, garbage.
pub(crate) fn decode<T>(
    bytes: &[u8],
    magic: &[u8; 8],
    run: u64,
    per_run: u64,
    mut take: impl FnMut(&mut Reader, u64) -> Option<T>,
) -> Option<HashMap<u64, (StatKey, T)>> {
    let mut r = Reader::new(bytes);
    if r.take(magic.len())? != magic || r.u64()? != run {
        return None;
    }
    let n = r.u64()?;
    // Each entry takes at least 72 bytes: a count beyond the file is garbage.
    if n > bytes.len() as u64 / 72 {
        return None;
    }
    let mut out = HashMap::with_capacity(usize::try_from(n).ok()?);
    let mut last_k = None;
    for _ in 0..n {
        let k = r.u64()?;
        if k / per_run != run || last_k.is_some_and(|l| l >= k) {
            return None;
        }
        last_k = Some(k);
        let key = StatKey::take(&mut r)?;
        let entry = take(&mut r, k)?;
        out.insert(k, (key, entry));
    }
    (r.take(END.len())? == END && r.at_end()).then_some(out)
}

/// What a derived index brings to [`refresh`]: how long its runs are, its files' names, and
/// how an entry is decoded from a run's file, made from a chunk file, and encoded.
pub(crate) trait Index {
    type Entry;
    /// Chunk files a file covers.
    const RUN: u64;
    fn name(run: u64) -> String;
    fn decode(bytes: &[u8], run: u64) -> Option<HashMap<u64, (StatKey, Self::Entry)>>;
    /// Chunk `k`'s entry, read and dated by [`read_dated`] against `mark_ns`.
    fn entry(
        items: &Dir,
        k: u64,
        mark_ns: i128,
        buf: &mut Vec<u8>,
    ) -> Option<(StatKey, Self::Entry)>;
    fn encode(run: u64, entries: &[(u64, StatKey, Self::Entry)]) -> Vec<u8>;
}

/// What a whole rebuild of an index made (`doctor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rebuilt {
    /// Chunk files whose entries are in the index.
    pub chunks: usize,
    /// Chunk files left out: changed too recently to be dated, unreadable, or not a regular
    /// file (read as if there were no index).
    pub left_out: usize,
}

/// Make index `I` of the desk in `dir` again, whole, from its chunk files, a run's file at
/// a time (`doctor`): each file begun first (its ctime dates which chunks may go in it),
/// then written atomically with the crash points of `faults`.
pub(crate) fn rebuild<I: Index>(dir: &Path, faults: &mut Faults) -> Result<Rebuilt, StoreError> {
    let mut odd = Vec::new();
    let files = list_numbered(&dir.join(ITEMS_DIR), &mut odd)?;
    let Some(items) = Dir::under(dir, Path::new(ITEMS_DIR), false)? else {
        return Ok(Rebuilt::default());
    };
    let mut done = Rebuilt::default();
    let mut runs: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for &k in files.keys() {
        runs.entry(k / I::RUN).or_default().push(k);
    }
    let mut buf = Vec::new();
    for (run, ks) in runs {
        let pending = begin(dir, &I::name(run))?;
        let mut entries = Vec::new();
        for k in ks {
            match I::entry(&items, k, pending.mark_ns, &mut buf) {
                Some((key, entry)) => entries.push((k, key, entry)),
                None => done.left_out += 1,
            }
        }
        done.chunks += entries.len();
        pending.commit(&I::encode(run, &entries), faults)?;
    }
    Ok(done)
}

/// After a writer (the lock held) wrote chunks `ks`: the entries of each of their runs made
/// again from the files as written, the run's file replaced atomically. A run with no
/// index file (or one that does not decode) is started: every chunk file of the run gets
/// its entry, so a desk that grows or takes an import has its indexes without `doctor`
/// (at most 64 chunk files read, once per run). A planted name (a symlink, a FIFO) is left
/// alone. Best effort: an index that cannot be written leaves those entries stale or
/// missing, and neither is ever trusted (the chunk is read), so nothing is said. `faults`:
/// the writer's crash points.
pub(crate) fn refresh<I: Index>(dir: &Path, ks: &[u64], faults: &mut Faults) {
    let mut runs: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for &k in ks {
        runs.entry(k / I::RUN).or_default().push(k);
    }
    for (run, ks) in runs {
        let _ = refresh_run::<I>(dir, run, &ks, faults);
    }
}

/// A run's entries by chunk, as decoded.
type Entries<I> = HashMap<u64, (StatKey, <I as Index>::Entry)>;

fn refresh_run<I: Index>(dir: &Path, run: u64, written: &[u64], faults: &mut Faults) -> Option<()> {
    let name = I::name(run);
    let items = Dir::under(dir, Path::new(ITEMS_DIR), false).ok()??;
    let had = read(dir, &name).and_then(|b| I::decode(&b, run));
    let started = had.is_none();
    let (mut entries, ks): (Entries<I>, Vec<u64>) = match had {
        Some(entries) => (entries, written.to_vec()),
        // Something not a regular file in its place: planted, not ours to replace.
        None if std::fs::symlink_metadata(items.join(OsStr::new(&name)))
            .is_ok_and(|m| !m.file_type().is_file()) =>
        {
            return None;
        }
        // None (or garbage): started, every chunk of the run (a missing one gets none).
        None => (HashMap::new(), (run * I::RUN..(run + 1) * I::RUN).collect()),
    };
    let ctime = |k: u64| {
        std::fs::symlink_metadata(dir.join(ITEMS_DIR).join(chunk_name(k)))
            .ok()
            .and_then(|m| StatKey::of(&m))
            .map(|key| key.ctime_ns())
    };
    // The chunks were just written: the index's temp file may share their clock tick,
    // which would leave them out (the dating above). Wait for the next tick, a few times.
    let mut pending = begin(dir, &name).ok()?;
    for _ in 0..4 {
        if written
            .iter()
            .all(|&k| ctime(k).is_none_or(|c| c < pending.mark_ns))
        {
            break;
        }
        drop(pending);
        std::thread::sleep(std::time::Duration::from_millis(4));
        pending = begin(dir, &name).ok()?;
    }
    let mut buf = Vec::new();
    for &k in &ks {
        match I::entry(&items, k, pending.mark_ns, &mut buf) {
            Some(e) => entries.insert(k, e),
            None => entries.remove(&k),
        };
    }
    // A run started with no chunk file left (a take-back removed them all): no file.
    if started && entries.is_empty() {
        return None;
    }
    let mut entries: Vec<(u64, StatKey, I::Entry)> = entries
        .into_iter()
        .map(|(k, (key, e))| (k, key, e))
        .collect();
    entries.sort_by_key(|(k, _, _)| *k);
    pending.commit(&I::encode(run, &entries), faults).ok()
}

/// The last bytes of every index file: a file cut anywhere does not end so.
const END: &[u8; 4] = b"END.";

/// An index file being made: its temp file in `items/`, made first so that its ctime dates
/// what may go in it (see the module documentation).
pub(crate) struct Pending {
    items: Dir,
    name: OsString,
    tmp: OsString,
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

/// Start index file `name` in the desk `dir` (`items/` opened without following a link).
pub(crate) fn begin(dir: &Path, name: &str) -> Result<Pending, StoreError> {
    let items = Dir::under(dir, Path::new(ITEMS_DIR), false)?.ok_or_else(|| {
        io_err(
            &dir.join(ITEMS_DIR),
            "open directory",
            std::io::ErrorKind::NotFound.into(),
        )
    })?;
    let tmp = temp_name(OsStr::new(name));
    let file = items.create_new(&tmp, OFlags::empty())?;
    follow_dir_mode(&file, &items);
    let meta = file
        .metadata()
        .map_err(|e| io_err(&items.join(&tmp), "read", e))?;
    let mark_ns = StatKey::of(&meta).map_or(i128::MIN, |k| k.ctime_ns);
    Ok(Pending {
        items,
        name: OsString::from(name),
        tmp,
        file,
        mark_ns,
        keep: false,
    })
}

impl Pending {
    /// Write `bytes` and put the file in its place (a symlink or FIFO there is refused,
    /// the temp file removed); crash points for the tests.
    pub(crate) fn commit(mut self, bytes: &[u8], faults: &mut Faults) -> Result<(), StoreError> {
        let name = self.name.clone();
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
