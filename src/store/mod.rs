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

mod atomic;
mod deskfs;
mod doctor;
pub mod follow;
mod heads;
pub mod identity;
mod load;
mod lock;
mod newest;
pub mod review;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::doc::SCHEMA;
use crate::model::{Desk, Edit, Issue, IssueId, Item, ItemId, NextIds, Touch};

pub use atomic::{BACKUPS, sync_dir, write_atomic};
pub use doctor::{Damage, Recoverable, forget_missing, recoverable, restore};
pub use heads::{DraftHead, draft_heads};
pub use lock::{Lock, LockHolder, Locked};

pub use newest::{FIRST_SCREEN_ITEMS, Opened, Opening};

use atomic::Faults;
pub(crate) use atomic::io_err;

/// Items per chunk file: chunk `k` holds ids `[k*ITEMS_PER_CHUNK, (k+1)*ITEMS_PER_CHUNK)`.
pub const ITEMS_PER_CHUNK: u64 = 64;

pub const DESK_FILE: &str = "desk.json";
pub const ITEMS_DIR: &str = "items";
pub const ISSUES_DIR: &str = "issues";
pub const JOURNAL_FILE: &str = "journal.jsonl";
pub const LOCK_FILE: &str = ".lock";
pub const BACKUP_DIR: &str = ".backup";

/// Every store error reads as one line: what went wrong, where, and what to do.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "cannot find a directory for the desk (no --desk, no $BRIEFDESK_DIR, no home directory): pass --desk DIR"
    )]
    NoDeskDir,
    #[error(
        "{} is not a briefdesk desk (no desk.json): pass --desk with a desk directory or an empty one",
        dir.display()
    )]
    NotADesk { dir: PathBuf },
    #[error(
        "{}, line {line}, column {column}: {msg}: fix the file, or restore it from .backup with `briefdesk doctor`",
        path.display()
    )]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        msg: String,
    },
    #[error(
        "{}, line {line}, column {column}: the file ends early (truncated): restore it from .backup with `briefdesk doctor`",
        path.display()
    )]
    Truncated {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error(
        "{}: not a briefdesk {expected} file ({found}): move it out of the desk directory",
        path.display()
    )]
    Foreign {
        path: PathBuf,
        expected: &'static str,
        found: String,
    },
    #[error("{}: written by a newer briefdesk (schema {schema}): upgrade briefdesk", path.display())]
    Newer { path: PathBuf, schema: u64 },
    #[error(
        "{}: {msg}: fix the file, or restore it from .backup with `briefdesk doctor`",
        path.display()
    )]
    Invalid { path: PathBuf, msg: String },
    // The OS reason is in the message, so it is not also a `source` (printed twice).
    #[error("{}: cannot {action}: {cause}: check the path, its permissions and free space", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        cause: std::io::Error,
    },
    #[error(
        "{}: missing: desk.json lists it but it is gone: run `briefdesk doctor --restore` to bring it back from .backup; nothing was changed",
        path.display()
    )]
    Missing { path: PathBuf },
    #[error(
        "{}, line {line}: damaged journal ({msg}); kept as it is{}: nothing was written: run `briefdesk doctor` (then `briefdesk doctor --restore` to replay what can be replayed)",
        path.display(),
        kept.as_ref().map(|k| format!(" and copied to {}", k.display())).unwrap_or_default()
    )]
    JournalDamaged {
        path: PathBuf,
        line: usize,
        msg: String,
        kept: Option<PathBuf>,
    },
    #[error(
        "{} changed on disk by another program: reload (your edit is kept in the journal)",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    /// Test fault injection stopped a write here, as a crash would.
    #[doc(hidden)]
    #[error("{}: simulated crash {point}", path.display())]
    Crashed { point: &'static str, path: PathBuf },
    #[error("{}: opened read-only (review, or another session holds the desk): nothing was written", dir.display())]
    ReadOnly { dir: PathBuf },
    /// Something other than a regular file (a symlink, a FIFO) where a desk file should be.
    #[error(
        "{} is {found}, not a {expected}: someone replaced a desk {expected}; move it away and run `briefdesk doctor`",
        path.display()
    )]
    NotPlain {
        path: PathBuf,
        found: &'static str,
        expected: &'static str,
    },
    /// A file only its owner may write (a review log) belongs to someone else.
    #[error(
        "{} belongs to {owner}, not to {me}: only its author writes a review log; move it away and run `briefdesk doctor`",
        path.display()
    )]
    NotYours {
        path: PathBuf,
        owner: String,
        me: String,
    },
    #[error("{0}")]
    Other(String),
}

/// What `Store::break_lock` found.
#[derive(Debug)]
pub enum BrokenLock {
    /// A lock naming its holder, removed.
    Held(LockHolder),
    /// A lock that did not read (garbage, cut short), removed.
    Unreadable(PathBuf),
    /// There was no lock.
    NotLocked,
}

impl BrokenLock {
    /// Who held the lock, when it said.
    pub fn holder(self) -> Option<LockHolder> {
        match self {
            BrokenLock::Held(h) => Some(h),
            _ => None,
        }
    }
}

/// The test hook for a full disk in the binary (`tests/cli.rs`): with
/// `BRIEFDESK_TEST_DISK_FULL=1` every desk file write fails with `ENOSPC`. It can only
/// make briefdesk fail its own writes.
fn disk_full_for_tests() -> bool {
    std::env::var_os("BRIEFDESK_TEST_DISK_FULL").is_some_and(|v| v == "1")
}

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
        atomic::follow_dir_mode(&f, &root);
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

/// What a save wrote, for the status bar and the benchmarks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// Files written or removed.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// One file of the desk's snapshot (besides `desk.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum FileKey {
    Chunk(u64),
    Issue(u64),
}

impl FileKey {
    fn of(t: Touch) -> FileKey {
        match t {
            Touch::Item(id) => FileKey::Chunk(id.0 / ITEMS_PER_CHUNK),
            Touch::Issue(id) => FileKey::Issue(id.0),
        }
    }
}

/// What we last saw of a file we read or wrote: another writer changes at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    len: u64,
    mtime: Option<SystemTime>,
    ino: u64,
}

impl Seen {
    fn of(meta: &fs::Metadata) -> Seen {
        Seen {
            len: meta.len(),
            mtime: meta.modified().ok(),
            ino: meta.ino(),
        }
    }
}

/// An open desk directory.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// `desk.json` keys other than `briefdesk` and `schema`, kept as they are.
    settings: serde_json::Map<String, serde_json::Value>,
    seen: HashMap<PathBuf, Seen>,
    /// Sequence number of the last journal entry; saved files record it.
    seq: u64,
    /// Files the journal has edits for that no save has written yet.
    pending: BTreeSet<FileKey>,
    journal: Option<File>,
    journal_dirty: bool,
    notices: Vec<String>,
    faults: Faults,
    /// Opened for reading only: every write is refused.
    read_only: bool,
    /// The chunk and issue files the desk holds now (what `desk.json` must list).
    held: BTreeSet<FileKey>,
    /// What `desk.json` says as last read or written: the files it lists (`None`: an old
    /// desk.json without the list) and the next ids.
    listed: Option<BTreeSet<FileKey>>,
    next_ids: NextIds,
    /// `doctor --restore`: replay the journal lines that read, skip the damaged ones.
    salvage: bool,
    /// Test fault injection: a journal append writes half its line and fails (`ENOSPC`).
    journal_full: bool,
}

impl StoreError {
    /// The disk (or the user's quota) is full: the write can succeed later as it is.
    pub fn is_out_of_space(&self) -> bool {
        matches!(self, StoreError::Io { cause, .. }
            if cause.raw_os_error() == Some(libc::ENOSPC)
                || cause.raw_os_error() == Some(libc::EDQUOT))
    }
}

// ---- the documents ----

#[derive(Deserialize)]
struct Header {
    briefdesk: Option<serde_json::Value>,
    schema: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct ChunkOut<'a> {
    briefdesk: &'static str,
    schema: u32,
    #[serde(skip_serializing_if = "is_zero")]
    seq: u64,
    items: Vec<&'a Item>,
}

#[derive(Deserialize)]
struct ChunkIn {
    #[serde(default)]
    seq: u64,
    items: Vec<Item>,
}

/// A chunk and its header in one pass: the fast path of [`parse_chunk`].
#[derive(Deserialize)]
struct ChunkWithHeader {
    briefdesk: Option<serde_json::Value>,
    schema: Option<serde_json::Value>,
    #[serde(default)]
    seq: u64,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct IssueOut<'a> {
    briefdesk: &'static str,
    schema: u32,
    #[serde(skip_serializing_if = "is_zero")]
    seq: u64,
    #[serde(flatten)]
    issue: &'a Issue,
}

#[derive(Deserialize)]
struct IssueIn {
    #[serde(default)]
    seq: u64,
    #[serde(flatten)]
    issue: Issue,
}

#[derive(Serialize)]
struct JournalOut<'a> {
    seq: u64,
    edits: &'a [Edit],
}

#[derive(Deserialize)]
struct JournalIn {
    seq: u64,
    edits: Vec<Edit>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn json_error(path: &Path, e: &serde_json::Error) -> StoreError {
    let (line, column) = (e.line(), e.column());
    if e.classify() == serde_json::error::Category::Eof {
        return StoreError::Truncated {
            path: path.to_path_buf(),
            line,
            column,
        };
    }
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let msg = if e.classify() == serde_json::error::Category::Syntax {
        format!("not valid JSON ({msg})")
    } else {
        msg
    };
    StoreError::Json {
        path: path.to_path_buf(),
        line,
        column,
        msg,
    }
}

/// Parse one of our documents: check it is a briefdesk `kind` file of a schema we know,
/// then read it as `T`.
pub(crate) fn parse_doc<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    kind: &'static str,
) -> Result<T, StoreError> {
    // A JSON array or string would pass for a struct in serde: only an object is ours.
    if let Some(&first) = bytes.iter().find(|b| !b.is_ascii_whitespace())
        && first != b'{'
        && matches!(first, b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
    {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            expected: kind,
            found: "not a JSON object".into(),
        });
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        if e.classify() == serde_json::error::Category::Data {
            StoreError::Foreign {
                path: path.to_path_buf(),
                expected: kind,
                found: "not a JSON object".into(),
            }
        } else {
            json_error(path, &e)
        }
    })?;
    check_header(path, kind, &header)?;
    serde_json::from_slice(bytes).map_err(|e| json_error(path, &e))
}

/// Is this a briefdesk `kind` file of a schema we know?
fn check_header(path: &Path, kind: &'static str, header: &Header) -> Result<(), StoreError> {
    let foreign = |found: String| StoreError::Foreign {
        path: path.to_path_buf(),
        expected: kind,
        found,
    };
    match &header.briefdesk {
        Some(serde_json::Value::String(s)) if s == kind => {}
        Some(v) => return Err(foreign(format!("\"briefdesk\" is {v}"))),
        None => return Err(foreign("no \"briefdesk\" key".into())),
    }
    let schema = header
        .schema
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| StoreError::Invalid {
            path: path.to_path_buf(),
            msg: "no schema number".into(),
        })?;
    if schema > u64::from(SCHEMA) {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            schema,
        });
    }
    Ok(())
}

/// `read_file` into a buffer that is reused from file to file.
fn read_file_into(path: &Path, bytes: &mut Vec<u8>) -> Result<Seen, StoreError> {
    let mut f = File::open(path).map_err(|e| io_err(path, "open", e))?;
    let meta = f.metadata().map_err(|e| io_err(path, "read", e))?;
    bytes.clear();
    bytes.reserve(usize::try_from(meta.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut f, bytes).map_err(|e| io_err(path, "read", e))?;
    Ok(Seen::of(&meta))
}

fn read_file(path: &Path) -> Result<(Vec<u8>, Seen), StoreError> {
    let mut f = File::open(path).map_err(|e| io_err(path, "open", e))?;
    let meta = f.metadata().map_err(|e| io_err(path, "read", e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut f, &mut bytes).map_err(|e| io_err(path, "read", e))?;
    Ok((bytes, Seen::of(&meta)))
}

/// A chunk file, checked: every item in it belongs to chunk `k`, no id twice.
pub(crate) fn parse_chunk(
    path: &Path,
    bytes: &[u8],
    k: u64,
) -> Result<(u64, Vec<Item>), StoreError> {
    // One pass when the file is well formed (every chunk of a healthy desk); only a file
    // that does not read goes through `parse_doc`, for the same error as ever (a foreign or
    // newer file is named as such before its content is judged).
    let object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let fast = if object {
        serde_json::from_slice::<ChunkWithHeader>(bytes).ok()
    } else {
        None
    };
    let doc = match fast {
        Some(full) => {
            let header = Header {
                briefdesk: full.briefdesk,
                schema: full.schema,
            };
            check_header(path, "items", &header)?;
            ChunkIn {
                seq: full.seq,
                items: full.items,
            }
        }
        None => parse_doc::<ChunkIn>(path, bytes, "items")?,
    };
    // Ids come sorted in a file we wrote: check order and range in one walk, no set.
    let mut prev: Option<ItemId> = None;
    let mut sorted = true;
    for item in &doc.items {
        if item.id.0 / ITEMS_PER_CHUNK != k {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                msg: format!(
                    "item {} belongs in {}/{}, not in this chunk",
                    item.id,
                    ITEMS_DIR,
                    chunk_name(item.id.0 / ITEMS_PER_CHUNK)
                ),
            });
        }
        sorted &= prev.is_none_or(|p| p < item.id);
        prev = Some(item.id);
    }
    if sorted {
        return Ok((doc.seq, doc.items));
    }
    let mut ids = BTreeSet::new();
    for item in &doc.items {
        if !ids.insert(item.id) {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                msg: format!("item {} is in the file twice", item.id),
            });
        }
    }
    Ok((doc.seq, doc.items))
}

/// An issue file, checked: its name is its id.
pub(crate) fn parse_issue(path: &Path, bytes: &[u8], id: u64) -> Result<(u64, Issue), StoreError> {
    let doc: IssueIn = parse_doc(path, bytes, "issue")?;
    if doc.issue.id.0 != id {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            msg: format!("holds issue {} but is named for issue {id}", doc.issue.id),
        });
    }
    Ok((doc.seq, doc.issue))
}

/// `desk.json`, read: the settings, and what the store keeps in it.
#[derive(Debug, Default)]
pub(crate) struct DeskFile {
    pub settings: serde_json::Map<String, serde_json::Value>,
    /// `files`: every chunk and issue file the desk holds; `None` in an older desk.json.
    pub listed: Option<Listed>,
    pub next_ids: NextIds,
}

/// The `files` of desk.json, as runs `[first, last]` of chunk numbers and of issue ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Listed {
    pub items: Vec<[u64; 2]>,
    pub issues: Vec<[u64; 2]>,
}

const NEXT_ITEM_KEY: &str = "next_item_id";
const NEXT_ISSUE_KEY: &str = "next_issue_id";
const FILES_KEY: &str = "files";

impl Listed {
    fn of(keys: &BTreeSet<FileKey>) -> Listed {
        fn runs(ns: impl Iterator<Item = u64>) -> Vec<[u64; 2]> {
            let mut out: Vec<[u64; 2]> = Vec::new();
            for n in ns {
                match out.last_mut() {
                    Some(run) if run[1].checked_add(1) == Some(n) => run[1] = n,
                    _ => out.push([n, n]),
                }
            }
            out
        }
        let chunks = keys.iter().filter_map(|k| match k {
            FileKey::Chunk(c) => Some(*c),
            FileKey::Issue(_) => None,
        });
        let issues = keys.iter().filter_map(|k| match k {
            FileKey::Issue(i) => Some(*i),
            FileKey::Chunk(_) => None,
        });
        Listed {
            items: runs(chunks),
            issues: runs(issues),
        }
    }

    /// Every listed file that is not on disk, in order; stops after `limit` (a planted
    /// desk.json may list a run of billions).
    fn missing(
        &self,
        chunks: &BTreeMap<u64, PathBuf>,
        issues: &BTreeMap<u64, PathBuf>,
        limit: usize,
    ) -> Vec<FileKey> {
        let mut out = Vec::new();
        let kinds = [
            (&self.items, chunks, FileKey::Chunk as fn(u64) -> FileKey),
            (&self.issues, issues, FileKey::Issue),
        ];
        for (runs, on_disk, key) in kinds {
            for &[first, last] in runs {
                for n in first..=last {
                    if out.len() >= limit {
                        return out;
                    }
                    if !on_disk.contains_key(&n) {
                        out.push(key(n));
                    }
                }
            }
        }
        out
    }
}

pub(crate) fn parse_desk_file(path: &Path, bytes: &[u8]) -> Result<DeskFile, StoreError> {
    let mut map: serde_json::Map<String, serde_json::Value> = parse_doc(path, bytes, "desk")?;
    map.remove("briefdesk");
    map.remove("schema");
    let invalid = |msg: String| StoreError::Invalid {
        path: path.to_path_buf(),
        msg,
    };
    let mut next = |key: &str| match map.remove(key) {
        None => Ok(0),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| invalid(format!("\"{key}\" is {v}, not a whole number"))),
    };
    let next_ids = NextIds {
        item: next(NEXT_ITEM_KEY)?,
        issue: next(NEXT_ISSUE_KEY)?,
    };
    let listed = match map.remove(FILES_KEY) {
        None => None,
        Some(v) => {
            let listed: Listed = serde_json::from_value(v).map_err(|e| {
                invalid(format!(
                    "\"{FILES_KEY}\" is not the list of the desk's files ({e})"
                ))
            })?;
            if let Some([a, b]) = listed
                .items
                .iter()
                .chain(&listed.issues)
                .find(|[a, b]| a > b)
            {
                return Err(invalid(format!(
                    "\"{FILES_KEY}\" has the run [{a}, {b}], which ends before it starts"
                )));
            }
            Some(listed)
        }
    };
    Ok(DeskFile {
        settings: map,
        listed,
        next_ids,
    })
}

/// The first file desk.json lists that is not on disk, as the error every open gives.
pub(crate) fn check_listed(
    dir: &Path,
    desk_file: &DeskFile,
    chunks: &BTreeMap<u64, PathBuf>,
    issues: &BTreeMap<u64, PathBuf>,
) -> Result<(), StoreError> {
    let Some(listed) = &desk_file.listed else {
        return Ok(());
    };
    match listed.missing(chunks, issues, 1).first() {
        Some(&key) => Err(StoreError::Missing {
            path: key_path_in(dir, key),
        }),
        None => Ok(()),
    }
}

fn key_path_in(dir: &Path, key: FileKey) -> PathBuf {
    match key {
        FileKey::Chunk(k) => dir.join(ITEMS_DIR).join(chunk_name(k)),
        FileKey::Issue(id) => dir.join(ISSUES_DIR).join(format!("{id}.json")),
    }
}

fn chunk_name(k: u64) -> String {
    format!("{k:06}.json")
}

/// `NNNNNN.json` -> `NNNNNN` (digits only).
pub(crate) fn numbered_json(name: &str) -> Option<u64> {
    let stem = name.strip_suffix(".json")?;
    if stem.is_empty() || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    stem.parse().ok()
}

/// The `.json` files of a desk subdirectory, by number; others are reported in `odd`.
fn list_numbered(dir: &Path, odd: &mut Vec<String>) -> Result<BTreeMap<u64, PathBuf>, StoreError> {
    let mut out = BTreeMap::new();
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io_err(dir, "list", e)),
    };
    for entry in rd {
        let entry = entry.map_err(|e| io_err(dir, "list", e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        match numbered_json(&name) {
            Some(n) => {
                out.insert(n, entry.path());
            }
            None => odd.push(format!(
                "{}: not a desk file name, ignored",
                entry.path().display()
            )),
        }
    }
    Ok(out)
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
        Self::open_inner(dir, None, false)
    }

    #[doc(hidden)]
    /// Test fault injection: open (and replay the journal) with the writer stopping at
    /// crash point `n`.
    pub fn open_crashing_at(dir: &Path, n: u64) -> Result<(Store, Desk, Vec<String>), StoreError> {
        Self::open_inner(dir, Some(n), false)
    }

    /// Open for reading only (review, or a desk another session holds): nothing is written,
    /// not even a repair; journal edits of a running editor are shown, not replayed to disk.
    pub fn open_read_only(dir: &Path) -> Result<(Store, Desk, Vec<String>), StoreError> {
        Self::open_inner(dir, None, true)
    }

    /// `doctor --restore` on a damaged journal: a copy of it is kept, the lines that read
    /// are replayed and saved, the damaged ones skipped (each named in the notices), and
    /// the journal emptied. Take the lock first.
    pub fn open_salvaging_journal(dir: &Path) -> Result<(Store, Desk, Vec<String>), StoreError> {
        let mut store = Store::blank(dir, None, false);
        store.salvage = true;
        Self::open_into(store)
    }

    /// A store for `dir` that has read nothing yet.
    fn blank(dir: &Path, crash_at: Option<u64>, read_only: bool) -> Store {
        Store {
            dir: dir.to_path_buf(),
            settings: serde_json::Map::new(),
            seen: HashMap::new(),
            seq: 0,
            pending: BTreeSet::new(),
            journal: None,
            journal_dirty: false,
            notices: Vec::new(),
            faults: Faults {
                crash_at,
                count: 0,
                disk_full: disk_full_for_tests(),
            },
            read_only,
            held: BTreeSet::new(),
            listed: None,
            next_ids: NextIds::default(),
            salvage: false,
            journal_full: false,
        }
    }

    /// Take in what desk.json says (after checking every listed file is on disk).
    fn take_desk_file(&mut self, file: DeskFile) {
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

    fn open_inner(
        dir: &Path,
        crash_at: Option<u64>,
        read_only: bool,
    ) -> Result<(Store, Desk, Vec<String>), StoreError> {
        Self::open_into(Store::blank(dir, crash_at, read_only))
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
        for chunk in load::read_chunks(&files, parse_chunk)? {
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
        }
        // Salvaging empties the journal even when no line in it could be read.
        if !journal.is_empty() || (store.salvage && store.journal_dirty) {
            store.replay(&mut desk, journal, &file_seq)?;
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
    fn clean_temp_files(&mut self) {
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

    fn read_journal(&mut self) -> Result<Vec<JournalIn>, StoreError> {
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

    fn replay(
        &mut self,
        desk: &mut Desk,
        journal: Vec<JournalIn>,
        file_seq: &HashMap<FileKey, u64>,
    ) -> Result<(), StoreError> {
        let (mut applied, mut skipped, mut saved) = (0usize, 0usize, 0usize);
        for entry in journal {
            self.seq = self.seq.max(entry.seq);
            for edit in entry.edits {
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
        if self.read_only {
            self.pending.clear();
            self.notices.push(format!(
                "showing {applied} edit(s) from the journal of the session editing this desk"
            ));
            return Ok(());
        }
        self.notices.push(msg);
        self.save(desk, &[])?;
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What `open` had to say (journal replayed, torn journal line, odd files).
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    fn key_path(&self, key: FileKey) -> PathBuf {
        key_path_in(&self.dir, key)
    }

    /// Was `path` changed by someone else since we last read or wrote it?
    fn changed(&self, path: &Path) -> bool {
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

    fn write_desk_file(&mut self) -> Result<u64, StoreError> {
        let mut map = serde_json::Map::new();
        map.insert("briefdesk".into(), "desk".into());
        map.insert("schema".into(), SCHEMA.into());
        map.insert(NEXT_ITEM_KEY.into(), self.next_ids.item.into());
        map.insert(NEXT_ISSUE_KEY.into(), self.next_ids.issue.into());
        let listed = serde_json::to_value(Listed::of(&self.held))
            .map_err(|e| StoreError::Other(format!("cannot encode the file list: {e}")))?;
        map.insert(FILES_KEY.into(), listed);
        map.extend(self.settings.clone());
        let path = self.dir.join(DESK_FILE);
        let mut bytes = serde_json::to_vec_pretty(&map)
            .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", path.display())))?;
        bytes.push(b'\n');
        self.write_file(&path, &bytes)
    }

    fn write_file(&mut self, path: &Path, bytes: &[u8]) -> Result<u64, StoreError> {
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

    fn remove_file(&mut self, path: &Path) -> Result<(), StoreError> {
        atomic::remove_with_backup(&self.dir, path, &mut self.faults)?;
        self.seen.remove(path);
        Ok(())
    }

    /// The bytes of one file as the desk has it now; `None` when the file should not exist.
    fn render(&self, desk: &Desk, key: FileKey) -> Result<Option<Vec<u8>>, StoreError> {
        let encoded = match key {
            FileKey::Chunk(k) => {
                let lo = ItemId(k * ITEMS_PER_CHUNK);
                let hi = ItemId((k + 1) * ITEMS_PER_CHUNK);
                let items: Vec<&Item> = desk.items.range(lo..hi).map(|(_, i)| i).collect();
                if items.is_empty() {
                    return Ok(None);
                }
                serde_json::to_vec_pretty(&ChunkOut {
                    briefdesk: "items",
                    schema: SCHEMA,
                    seq: self.seq,
                    items,
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
    fn write_keys(
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
    fn move_review_logs(&self, id: u64, away: bool) {
        use std::ffi::OsStr;
        let live = Path::new(review::REVIEWS_DIR);
        let kept = Path::new(BACKUP_DIR).join(review::REVIEWS_DIR);
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

    /// Record one user action (its forward edits) in `journal.jsonl` and fsync it, so a
    /// kill -9 before the next `save` loses nothing: `open` replays the journal.
    pub fn append_journal(&mut self, edits: &[Edit]) -> Result<(), StoreError> {
        self.writable()?;
        if edits.is_empty() {
            return Ok(());
        }
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
        let mut line = serde_json::to_vec(&JournalOut { seq, edits })
            .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", path.display())))?;
        line.push(b'\n');
        if let Some(f) = self.journal.as_mut() {
            let before = f.metadata().map(|m| m.len()).ok();
            let result = if self.journal_full {
                // As a full disk does: part of the line written, then ENOSPC.
                let _ = f.write_all(&line[..line.len() / 2]);
                Err(std::io::Error::from_raw_os_error(libc::ENOSPC))
            } else {
                f.write_all(&line).and_then(|()| f.sync_data())
            };
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
        self.pending
            .extend(edits.iter().map(|e| FileKey::of(e.touches())));
        Ok(())
    }

    fn truncate_journal(&mut self) -> Result<(), StoreError> {
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

    fn writable(&self) -> Result<(), StoreError> {
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
    #[doc(hidden)]
    pub fn set_crash_at(&mut self, n: Option<u64>) {
        self.faults = Faults {
            crash_at: n,
            count: 0,
            disk_full: self.faults.disk_full,
        };
    }

    /// Test fault injection: a journal append writes half its line, then fails as on a
    /// full disk (`ENOSPC`).
    #[doc(hidden)]
    pub fn set_journal_full(&mut self, full: bool) {
        self.journal_full = full;
    }

    /// Test fault injection: every file write fails as on a full disk (`ENOSPC`).
    #[doc(hidden)]
    pub fn set_disk_full(&mut self, full: bool) {
        self.faults.disk_full = full;
    }
}
