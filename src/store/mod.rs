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
mod doctor;
pub mod follow;
mod heads;
mod load;
mod lock;
mod newest;
pub mod review;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::doc::SCHEMA;
use crate::model::{Desk, Edit, Issue, IssueId, Item, ItemId, Touch};

pub use atomic::{BACKUPS, sync_dir, write_atomic};
pub use doctor::{Recoverable, recoverable, restore};
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
    #[error("{}: cannot {action}: {source}: check the path, its permissions and free space", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
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
    #[error("{0}")]
    Other(String),
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

pub(crate) fn parse_desk_file(
    path: &Path,
    bytes: &[u8],
) -> Result<serde_json::Map<String, serde_json::Value>, StoreError> {
    let mut map: serde_json::Map<String, serde_json::Value> = parse_doc(path, bytes, "desk")?;
    map.remove("briefdesk");
    map.remove("schema");
    Ok(map)
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
            faults: Faults { crash_at, count: 0 },
            read_only,
        }
    }

    fn open_inner(
        dir: &Path,
        crash_at: Option<u64>,
        read_only: bool,
    ) -> Result<(Store, Desk, Vec<String>), StoreError> {
        let mut store = Store::blank(dir, crash_at, read_only);
        let desk_path = dir.join(DESK_FILE);
        if !desk_path.exists() {
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
        store.settings = parse_desk_file(&desk_path, &bytes)?;
        store.seen.insert(desk_path, seen);
        let mut desk = Desk::new();
        let mut file_seq: HashMap<FileKey, u64> = HashMap::new();
        let mut odd = Vec::new();
        // Chunks come in id order and items sorted in each: collected into one Vec, the
        // map is bulk-built in one pass instead of 100,000 inserts.
        let mut all: Vec<(ItemId, Item)> = Vec::new();
        let files: Vec<_> = list_numbered(&dir.join(ITEMS_DIR), &mut odd)?
            .into_iter()
            .collect();
        for chunk in load::read_chunks(&files, parse_chunk)? {
            let (seq, items) = chunk.doc;
            all.extend(items.into_iter().map(|i| (i.id, i)));
            file_seq.insert(FileKey::Chunk(chunk.k), seq);
            store.seen.insert(chunk.path, chunk.seen);
        }
        desk.items = all.into_iter().collect();
        for (id, path) in list_numbered(&dir.join(ISSUES_DIR), &mut odd)? {
            let (bytes, seen) = read_file(&path)?;
            let (seq, issue) = parse_issue(&path, &bytes, id)?;
            desk.issues.insert(issue.id, issue);
            file_seq.insert(FileKey::Issue(id), seq);
            store.seen.insert(path, seen);
        }
        store.notices.extend(odd);
        let journal = store.read_journal()?;
        store.seq = file_seq.values().copied().max().unwrap_or(0);

        // Now repair: stray temp files, then the journal.
        if !read_only {
            store.clean_temp_files();
        }
        if !journal.is_empty() {
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
        for sub in [
            self.dir.clone(),
            self.dir.join(ITEMS_DIR),
            self.dir.join(ISSUES_DIR),
        ] {
            let Ok(rd) = fs::read_dir(&sub) else { continue };
            for entry in rd.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !atomic::is_temp_name(&name) || name.starts_with(".lock") {
                    continue;
                }
                let gone = atomic::temp_pid(&name).is_none_or(|p| p == me || !lock::pid_alive(p));
                if gone {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }

    fn read_journal(&mut self) -> Result<Vec<JournalIn>, StoreError> {
        let path = self.dir.join(JOURNAL_FILE);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err(&path, "read", e)),
        };
        let mut out = Vec::new();
        let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<JournalIn>(line) {
                Ok(entry) => out.push(entry),
                Err(e) => {
                    // The last line has no newline after it when a write was cut short.
                    let torn = i + 1 == n;
                    self.notices.push(format!(
                        "{}:{}: skipped a {} journal line ({}); the edit in it is lost",
                        path.display(),
                        i + 1,
                        if torn { "torn last" } else { "damaged" },
                        e
                    ));
                }
            }
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

    fn chunk_path(&self, k: u64) -> PathBuf {
        self.dir.join(ITEMS_DIR).join(chunk_name(k))
    }

    fn issue_path(&self, id: u64) -> PathBuf {
        self.dir.join(ISSUES_DIR).join(format!("{id}.json"))
    }

    fn key_path(&self, key: FileKey) -> PathBuf {
        match key {
            FileKey::Chunk(k) => self.chunk_path(k),
            FileKey::Issue(id) => self.issue_path(id),
        }
    }

    fn backup_path(&self, path: &Path) -> PathBuf {
        let rel = path.strip_prefix(&self.dir).unwrap_or(path);
        self.dir.join(BACKUP_DIR).join(rel)
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
        map.extend(self.settings.clone());
        let path = self.dir.join(DESK_FILE);
        let mut bytes = serde_json::to_vec_pretty(&map)
            .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", path.display())))?;
        bytes.push(b'\n');
        self.write_file(&path, &bytes)
    }

    fn write_file(&mut self, path: &Path, bytes: &[u8]) -> Result<u64, StoreError> {
        if let Some(parent) = path.parent()
            && !parent.exists()
        {
            atomic::create_dir_like_parent(parent)
                .map_err(|e| io_err(parent, "create directory", e))?;
            let _ = sync_dir(&self.dir);
        }
        let backup = self.backup_path(path);
        if let Err(e) = atomic::write_atomic_with(path, bytes, Some(&backup), &mut self.faults) {
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
        let backup = self.backup_path(path);
        atomic::remove_with_backup(path, &backup, &mut self.faults)?;
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

    /// Write the files of `keys`, after checking none of them changed under us.
    fn write_keys(
        &mut self,
        desk: &Desk,
        keys: &BTreeSet<FileKey>,
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
        for &key in keys {
            let path = self.key_path(key);
            match self.render(desk, key)? {
                Some(bytes) => {
                    report.bytes += self.write_file(&path, &bytes)?;
                    report.files += 1;
                }
                None if self.seen.contains_key(&path) => {
                    self.remove_file(&path)?;
                    report.files += 1;
                }
                None => {}
            }
        }
        Ok(report)
    }

    /// Write what the touched items and issues need, atomically, file by file, then empty
    /// the journal. Also writes the files of edits journaled since the last save, so a
    /// caller that forgets a touch loses nothing. Call `append_journal` *before* `save`.
    pub fn save(&mut self, desk: &Desk, touched: &[Touch]) -> Result<SaveReport, StoreError> {
        self.writable()?;
        self.pending
            .extend(touched.iter().copied().map(FileKey::of));
        let keys = self.pending.clone();
        let report = self.write_keys(desk, &keys)?;
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
        let mut report = self.write_keys(desk, &keys)?;
        report.bytes += self.write_desk_file()?;
        report.files += 1;
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
            let existed = path.exists();
            let f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(|e| io_err(&path, "open journal", e))?;
            if !existed {
                atomic::follow_dir_mode(&f, &self.dir);
                sync_dir(&self.dir)?;
            }
            self.journal = Some(f);
        }
        let seq = self.seq + 1;
        let mut line = serde_json::to_vec(&JournalOut { seq, edits })
            .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", path.display())))?;
        line.push(b'\n');
        if let Some(f) = self.journal.as_mut() {
            f.write_all(&line)
                .and_then(|()| f.sync_data())
                .map_err(|e| io_err(&path, "append to journal", e))?;
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
            match OpenOptions::new().append(true).open(&path) {
                Ok(f) => self.journal = Some(f),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    self.journal_dirty = false;
                    return Ok(());
                }
                Err(e) => return Err(io_err(&path, "open journal", e)),
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

    /// Remove the desk's lock on purpose, whoever holds it. Returns who held it.
    pub fn break_lock(&self) -> Result<Option<LockHolder>, StoreError> {
        let path = self.dir.join(LOCK_FILE);
        lock::break_lock(&path).map_err(|e| io_err(&path, "remove the lock", e))
    }

    /// Test fault injection: the writer stops ("crashes") at the `n`th crash point from now;
    /// `None` turns it off.
    #[doc(hidden)]
    pub fn set_crash_at(&mut self, n: Option<u64>) {
        self.faults = Faults {
            crash_at: n,
            count: 0,
        };
    }
}
