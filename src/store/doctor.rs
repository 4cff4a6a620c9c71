//! Repair: find desk files that do not load and the newest backup of each that does.
//! (`briefdesk doctor` calls these.)

use std::fs;
use std::path::{Path, PathBuf};

use super::atomic::{backups_of, write_atomic};
use super::doc::{parse_chunk, parse_issue};
use super::error::{StoreError, io_err, json_error};
use super::layout::{
    BACKUP_DIR, DESK_FILE, FileKey, ISSUES_DIR, ITEMS_DIR, JOURNAL_FILE, key_path_in,
    list_numbered, numbered_json,
};
use super::manifest::{DeskFile, FILES_KEY, Listed, parse_desk_file};
use super::open::Store;

/// What is wrong with a desk file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// It is there but does not load.
    Damaged,
    /// desk.json lists it and it is gone.
    Missing,
    /// The journal has a line that cannot be replayed.
    Journal,
}

/// A desk file that does not load, and what can bring it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recoverable {
    /// The damaged file.
    pub file: PathBuf,
    /// Why it does not load (the one-line error).
    pub problem: String,
    /// The newest backup that loads, if any.
    pub backup: Option<PathBuf>,
    pub damage: Damage,
}

/// At most this many missing files are listed (a planted desk.json can list billions).
const MISSING_SHOWN: usize = 1000;

/// Check a file's bytes as the desk loader would.
fn check(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Backups are named `<name>.N`: check them as the file they back up.
    let name = match name.rsplit_once('.') {
        Some((base, n)) if n.bytes().all(|b| b.is_ascii_digit()) && base.ends_with(".json") => {
            base.to_string()
        }
        _ => name,
    };
    let in_dir = |d: &str| {
        path.parent()
            .and_then(Path::file_name)
            .is_some_and(|p| p == d)
    };
    if name == DESK_FILE {
        parse_desk_file(path, bytes).map(|_| ())
    } else if let (true, Some(k)) = (in_dir(ITEMS_DIR), numbered_json(&name)) {
        parse_chunk(path, bytes, k).map(|_| ())
    } else if let (true, Some(id)) = (in_dir(ISSUES_DIR), numbered_json(&name)) {
        parse_issue(path, bytes, id).map(|_| ())
    } else {
        Ok(())
    }
}

fn check_file(path: &Path) -> Result<(), StoreError> {
    let bytes = fs::read(path).map_err(|e| io_err(path, "read", e))?;
    check(path, &bytes)
}

/// Every desk file of `dir` that does not load, with the newest backup of it that does.
pub fn recoverable(dir: &Path) -> Vec<Recoverable> {
    let mut files = vec![dir.join(DESK_FILE)];
    for sub in [ITEMS_DIR, ISSUES_DIR] {
        if let Ok(rd) = fs::read_dir(dir.join(sub)) {
            let mut names: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .and_then(numbered_json)
                        .is_some()
                })
                .collect();
            names.sort();
            files.extend(names);
        }
    }
    let mut out = Vec::new();
    for file in files {
        if !file.exists() && file.file_name().is_some_and(|n| n != DESK_FILE) {
            continue;
        }
        let Err(problem) = check_file(&file) else {
            continue;
        };
        let rel = file.strip_prefix(dir).unwrap_or(&file);
        let backup = backups_of(&dir.join(BACKUP_DIR).join(rel))
            .into_iter()
            .find(|b| check_file(b).is_ok());
        out.push(Recoverable {
            file,
            problem: problem.to_string(),
            backup,
            damage: Damage::Damaged,
        });
    }
    out.extend(missing(dir));
    if let Some(journal) = journal_damage(dir) {
        out.push(journal);
    }
    out
}

/// The files desk.json lists that are gone, with the newest backup of each that loads.
fn missing(dir: &Path) -> Vec<Recoverable> {
    let desk_path = dir.join(DESK_FILE);
    let Ok(desk_file) = fs::read(&desk_path).map(|b| parse_desk_file(&desk_path, &b)) else {
        return Vec::new();
    };
    let Ok(DeskFile {
        listed: Some(listed),
        ..
    }) = desk_file
    else {
        return Vec::new();
    };
    let mut odd = Vec::new();
    let chunks = list_numbered(&dir.join(ITEMS_DIR), &mut odd).unwrap_or_default();
    let issues = list_numbered(&dir.join(ISSUES_DIR), &mut odd).unwrap_or_default();
    listed
        .missing(&chunks, &issues, MISSING_SHOWN)
        .into_iter()
        .map(|key| {
            let file = key_path_in(dir, key);
            let rel = file.strip_prefix(dir).unwrap_or(&file);
            let backup = backups_of(&dir.join(BACKUP_DIR).join(rel))
                .into_iter()
                .find(|b| check_file(b).is_ok());
            Recoverable {
                problem: StoreError::Missing { path: file.clone() }
                    .to_string()
                    .split(": run `")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                file,
                backup,
                damage: Damage::Missing,
            }
        })
        .collect()
}

/// The journal, when it holds a line that cannot be replayed (read only: nothing written).
fn journal_damage(dir: &Path) -> Option<Recoverable> {
    let mut store = Store::blank(dir, true);
    match store.read_journal() {
        Err(e @ StoreError::JournalDamaged { .. }) => Some(Recoverable {
            file: dir.join(JOURNAL_FILE),
            problem: e.to_string(),
            backup: None,
            damage: Damage::Journal,
        }),
        _ => None,
    }
}

/// Take the files that are gone off desk.json's list, on purpose (`doctor
/// --forget-missing`): what they held is lost, their ids stay spent. Take the lock first.
pub fn forget_missing(dir: &Path) -> Result<(), StoreError> {
    let desk_path = dir.join(DESK_FILE);
    let bytes = fs::read(&desk_path).map_err(|e| io_err(&desk_path, "read", e))?;
    parse_desk_file(&desk_path, &bytes)?;
    let mut map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&bytes).map_err(|e| json_error(&desk_path, &e))?;
    let mut odd = Vec::new();
    let mut held = std::collections::BTreeSet::new();
    held.extend(
        list_numbered(&dir.join(ITEMS_DIR), &mut odd)?
            .into_keys()
            .map(FileKey::Chunk),
    );
    held.extend(
        list_numbered(&dir.join(ISSUES_DIR), &mut odd)?
            .into_keys()
            .map(FileKey::Issue),
    );
    let listed = serde_json::to_value(Listed::of(&held))
        .map_err(|e| StoreError::Other(format!("cannot encode the file list: {e}")))?;
    map.insert(FILES_KEY.into(), listed);
    let mut out = serde_json::to_vec_pretty(&map)
        .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", desk_path.display())))?;
    out.push(b'\n');
    write_atomic(&desk_path, &out)
}

/// Put the backup of `rec` back in place of the damaged file, atomically (after checking
/// the backup still loads). Returns the backup used.
pub fn restore(rec: &Recoverable) -> Result<PathBuf, StoreError> {
    let Some(backup) = &rec.backup else {
        return Err(StoreError::Other(format!(
            "{}: no backup of it loads: fix the file by hand, or remove it to drop what it held",
            rec.file.display()
        )));
    };
    let bytes = fs::read(backup).map_err(|e| io_err(backup, "read", e))?;
    check(backup, &bytes)?;
    write_atomic(&rec.file, &bytes)?;
    Ok(backup.clone())
}
