//! Where each file of the desk lives: names, the chunk an item is in, listing a directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::error::{StoreError, io_err};
use crate::model::Touch;

/// Items per chunk file: chunk `k` holds ids `[k*ITEMS_PER_CHUNK, (k+1)*ITEMS_PER_CHUNK)`.
pub const ITEMS_PER_CHUNK: u64 = 64;

pub const DESK_FILE: &str = "desk.json";
pub const ITEMS_DIR: &str = "items";
pub const ISSUES_DIR: &str = "issues";
pub const JOURNAL_FILE: &str = "journal.jsonl";
pub const LOCK_FILE: &str = ".lock";
pub const BACKUP_DIR: &str = ".backup";
/// Per-author review logs: `reviews/<issue>/<login>.jsonl`.
pub const REVIEWS_DIR: &str = "reviews";

/// One file of the desk's snapshot (besides `desk.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FileKey {
    Chunk(u64),
    Issue(u64),
}

impl FileKey {
    pub(crate) fn of(t: Touch) -> FileKey {
        match t {
            Touch::Item(id) => FileKey::Chunk(id.0 / ITEMS_PER_CHUNK),
            Touch::Issue(id) => FileKey::Issue(id.0),
        }
    }
}

pub(crate) fn key_path_in(dir: &Path, key: FileKey) -> PathBuf {
    match key {
        FileKey::Chunk(k) => dir.join(ITEMS_DIR).join(chunk_name(k)),
        FileKey::Issue(id) => dir.join(ISSUES_DIR).join(format!("{id}.json")),
    }
}

pub(crate) fn chunk_name(k: u64) -> String {
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
pub(crate) fn list_numbered(
    dir: &Path,
    odd: &mut Vec<String>,
) -> Result<BTreeMap<u64, PathBuf>, StoreError> {
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
