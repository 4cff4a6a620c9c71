//! Repair: find desk files that do not load and the newest backup of each that does.
//! (`briefdesk doctor` calls these.)

use std::fs;
use std::path::{Path, PathBuf};

use super::atomic::{backups_of, write_atomic};
use super::{
    BACKUP_DIR, DESK_FILE, ISSUES_DIR, ITEMS_DIR, StoreError, numbered_json, parse_chunk,
    parse_desk_file, parse_issue,
};

/// A desk file that does not load, and what can bring it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recoverable {
    /// The damaged file.
    pub file: PathBuf,
    /// Why it does not load (the one-line error).
    pub problem: String,
    /// The newest backup that loads, if any.
    pub backup: Option<PathBuf>,
}

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
    let bytes = fs::read(path).map_err(|e| super::io_err(path, "read", e))?;
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
        });
    }
    out
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
    let bytes = fs::read(backup).map_err(|e| super::io_err(backup, "read", e))?;
    check(backup, &bytes)?;
    write_atomic(&rec.file, &bytes)?;
    Ok(backup.clone())
}
