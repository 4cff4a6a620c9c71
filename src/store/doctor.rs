//! Repair: find desk files that do not load and the newest backup of each that does.
//! (`briefdesk doctor` calls these.)
//!
//! Everything is read and written through `deskfs`, relative to directories opened without
//! following a link: a symlinked `items/` or `.backup/`, or a backup that is a link to a
//! file elsewhere, is refused and named, never read into the desk or written through.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::atomic::{BACKUPS, numbered_name, replace_in_desk};
use super::deskfs::{names_under, read_under};
use super::doc::{parse_chunk, parse_issue};
use super::error::{StoreError, io_err, json_error};
use super::layout::{
    BACKUP_DIR, DESK_FILE, FileKey, ISSUES_DIR, ITEMS_DIR, JOURNAL_FILE, key_path_in, numbered_json,
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
    /// A backup that was refused unread (a symlink, a FIFO, a symlinked `.backup/`): the
    /// one-line error naming it.
    pub refused: Option<String>,
    /// The desk the file is in.
    desk: PathBuf,
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

/// The bytes of the desk file `rel`, read through `deskfs`; a file that is not there is
/// the error a read of it gives.
fn read_desk_file(dir: &Path, rel: &Path) -> Result<Vec<u8>, StoreError> {
    read_under(dir, rel)?
        .ok_or_else(|| io_err(&dir.join(rel), "read", std::io::ErrorKind::NotFound.into()))
}

/// The newest backup of the desk file `rel` that loads; a backup that is refused unread is
/// named in `refused` (the first one).
fn good_backup(dir: &Path, rel: &Path, refused: &mut Option<String>) -> Option<PathBuf> {
    for n in 1..=BACKUPS {
        let backup = Path::new(BACKUP_DIR)
            .join(rel)
            .with_file_name(numbered_name(rel.file_name().unwrap_or_default(), n));
        match read_under(dir, &backup) {
            Ok(Some(bytes)) => {
                let path = dir.join(&backup);
                if check(&path, &bytes).is_ok() {
                    return Some(path);
                }
            }
            Ok(None) => {}
            Err(e) => {
                refused.get_or_insert_with(|| e.to_string());
            }
        }
    }
    None
}

/// The numbered `.json` files of the desk directory `sub`, by number (none when it is not
/// there).
fn numbered_in(dir: &Path, sub: &str) -> Result<BTreeMap<u64, PathBuf>, StoreError> {
    let names = names_under(dir, Path::new(sub))?.unwrap_or_default();
    Ok(names
        .iter()
        .filter_map(|n| n.to_str())
        .filter_map(|n| numbered_json(n).map(|k| (k, dir.join(sub).join(n))))
        .collect())
}

impl Recoverable {
    fn found(dir: &Path, rel: &Path, problem: String, damage: Damage) -> Recoverable {
        let mut refused = None;
        let backup = good_backup(dir, rel, &mut refused);
        Recoverable {
            file: dir.join(rel),
            problem,
            backup,
            damage,
            refused,
            desk: dir.to_path_buf(),
        }
    }
}

/// Every desk file of `dir` that does not load, with the newest backup of it that does.
pub fn recoverable(dir: &Path) -> Vec<Recoverable> {
    let mut out = Vec::new();
    let mut files = vec![PathBuf::from(DESK_FILE)];
    for sub in [ITEMS_DIR, ISSUES_DIR] {
        match numbered_in(dir, sub) {
            Ok(found) => files.extend(
                found
                    .into_values()
                    .map(|p| Path::new(sub).join(p.file_name().unwrap_or(OsStr::new("")))),
            ),
            // A directory that cannot be listed (a planted symlink): named, not followed.
            Err(e) => out.push(Recoverable {
                file: dir.join(sub),
                problem: e.to_string(),
                backup: None,
                damage: Damage::Damaged,
                refused: None,
                desk: dir.to_path_buf(),
            }),
        }
    }
    for rel in files {
        let path = dir.join(&rel);
        let result = match read_under(dir, &rel) {
            Ok(Some(bytes)) => check(&path, &bytes),
            // Gone since it was listed; desk.json is always expected.
            Ok(None) if rel != Path::new(DESK_FILE) => continue,
            Ok(None) => Err(io_err(&path, "read", std::io::ErrorKind::NotFound.into())),
            Err(e) => Err(e),
        };
        let Err(problem) = result else {
            continue;
        };
        out.push(Recoverable::found(
            dir,
            &rel,
            problem.to_string(),
            Damage::Damaged,
        ));
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
    let Ok(bytes) = read_desk_file(dir, Path::new(DESK_FILE)) else {
        return Vec::new();
    };
    let Ok(DeskFile {
        listed: Some(listed),
        ..
    }) = parse_desk_file(&desk_path, &bytes)
    else {
        return Vec::new();
    };
    // A directory that cannot be listed is reported as such by `recoverable`.
    let (Ok(chunks), Ok(issues)) = (numbered_in(dir, ITEMS_DIR), numbered_in(dir, ISSUES_DIR))
    else {
        return Vec::new();
    };
    listed
        .missing(&chunks, &issues, MISSING_SHOWN)
        .into_iter()
        .map(|key| {
            let file = key_path_in(dir, key);
            let rel = file.strip_prefix(dir).unwrap_or(&file).to_path_buf();
            let problem = StoreError::Missing { path: file.clone() }
                .to_string()
                .split(": run `")
                .next()
                .unwrap_or_default()
                .to_string();
            Recoverable::found(dir, &rel, problem, Damage::Missing)
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
            refused: None,
            desk: dir.to_path_buf(),
        }),
        _ => None,
    }
}

/// Take the files that are gone off desk.json's list, on purpose (`doctor
/// --forget-missing`): what they held is lost, their ids stay spent. Take the lock first.
pub fn forget_missing(dir: &Path) -> Result<(), StoreError> {
    let desk_path = dir.join(DESK_FILE);
    let bytes = read_desk_file(dir, Path::new(DESK_FILE))?;
    parse_desk_file(&desk_path, &bytes)?;
    let mut map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&bytes).map_err(|e| json_error(&desk_path, &e))?;
    let mut held = std::collections::BTreeSet::new();
    held.extend(numbered_in(dir, ITEMS_DIR)?.into_keys().map(FileKey::Chunk));
    held.extend(
        numbered_in(dir, ISSUES_DIR)?
            .into_keys()
            .map(FileKey::Issue),
    );
    let listed = serde_json::to_value(Listed::of(&held))
        .map_err(|e| StoreError::Other(format!("cannot encode the file list: {e}")))?;
    map.insert(FILES_KEY.into(), listed);
    let mut out = serde_json::to_vec_pretty(&map)
        .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", desk_path.display())))?;
    out.push(b'\n');
    replace_in_desk(dir, &desk_path, &out)
}

/// Put the backup of `rec` back in place of the damaged file, atomically (after checking
/// the backup still loads), reading and writing only inside the desk, never through a
/// link. Returns the backup used.
pub fn restore(rec: &Recoverable) -> Result<PathBuf, StoreError> {
    let Some(backup) = &rec.backup else {
        return Err(StoreError::Other(format!(
            "{}: no backup of it loads: fix the file by hand, or remove it to drop what it held",
            rec.file.display()
        )));
    };
    let rel = backup.strip_prefix(&rec.desk).map_err(|_| {
        StoreError::Other(format!(
            "{}: not inside the desk {}",
            backup.display(),
            rec.desk.display()
        ))
    })?;
    let bytes = read_desk_file(&rec.desk, rel)?;
    check(backup, &bytes)?;
    replace_in_desk(&rec.desk, &rec.file, &bytes)?;
    Ok(backup.clone())
}
