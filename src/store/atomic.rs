//! Atomic file writes, backups of what they replace, and the crash points the tests use.
//!
//! A write goes: temp file in the same directory -> write -> fsync -> (old file linked into
//! `.backup/`) -> rename over -> fsync the directory. A reader therefore sees the old file
//! or the new one, never a half-written or empty one.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::StoreError;

/// How many old versions of each file `.backup/` keeps.
pub const BACKUPS: usize = 3;

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Marker in the name of every temp file we create: `.name.tmp-<pid>-<n>`.
pub(crate) const TEMP_MARK: &str = ".tmp-";

/// Test-only fault injection: every step of a write is a numbered crash point; when the
/// count reaches `crash_at`, the writer stops there as if the process had been killed
/// (nothing is cleaned up). A stop at the write step leaves a half-written temp file.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pub crash_at: Option<u64>,
    pub count: u64,
    /// Every write fails as on a full disk (tests of `ENOSPC`).
    pub disk_full: bool,
}

impl Faults {
    fn hit(&mut self) -> bool {
        self.count += 1;
        self.crash_at == Some(self.count)
    }

    pub(crate) fn point(&mut self, point: &'static str, path: &Path) -> Result<(), StoreError> {
        if self.hit() {
            return Err(StoreError::Crashed {
                point,
                path: path.to_path_buf(),
            });
        }
        Ok(())
    }
}

pub(crate) fn io_err(path: &Path, action: &'static str, cause: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        action,
        cause,
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}{TEMP_MARK}{}-{n}", std::process::id()))
}

/// Is this a temp file one of our writers left behind?
pub(crate) fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(TEMP_MARK)
}

/// The pid in a temp file name, `.name.tmp-<pid>-<n>`.
pub(crate) fn temp_pid(name: &str) -> Option<u32> {
    let rest = &name[name.rfind(TEMP_MARK)? + TEMP_MARK.len()..];
    rest.split('-').next()?.parse().ok()
}

/// A new file takes its permissions from the directory it is made in, without the execute
/// bits. A team shares a desk by giving its directory to a group (`chmod 2770`): every file
/// briefdesk makes then stays readable and writable by that group whatever each user's
/// umask, so the next analyst can save, append to the journal and comment.
pub(crate) fn follow_dir_mode(file: &File, dir: &Path) {
    if let Ok(meta) = fs::metadata(dir) {
        let mode = meta.permissions().mode() & 0o666;
        let _ = file.set_permissions(Permissions::from_mode(mode));
    }
}

/// Create `dir` and any missing parents, each with the permissions of the directory above
/// it (the setgid bit included, so the desk's group carries down).
pub(crate) fn create_dir_like_parent(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_dir_like_parent(&parent)?;
    match fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(e),
    }
    if let Ok(meta) = fs::metadata(&parent) {
        let mode = meta.permissions().mode() & 0o7777;
        let _ = fs::set_permissions(dir, Permissions::from_mode(mode));
    }
    Ok(())
}

/// fsync a directory, so a rename or removal in it survives a power cut.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    let d = File::open(dir).map_err(|e| io_err(dir, "open directory", e))?;
    d.sync_all().map_err(|e| io_err(dir, "fsync directory", e))
}

/// Write `bytes` to `path` atomically: the file is the old one or the new one, never a mix,
/// never empty, also after a crash or power cut at any moment.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(path, bytes, None, &mut Faults::default())
}

/// `write_atomic`, keeping the replaced file as the newest of `BACKUPS` versions at `backup`
/// (`backup.1` newest .. `backup.3` oldest), with crash points for the tests.
pub(crate) fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    backup: Option<&Path>,
    faults: &mut Faults,
) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = temp_path(path);
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| io_err(&tmp, "create temp file", e))?;
    follow_dir_mode(&f, &dir);
    let result = (|| {
        if faults.hit() {
            // Killed in the middle of the write: half the bytes are in the temp file.
            let _ = f.write_all(&bytes[..bytes.len() / 2]);
            return Err(StoreError::Crashed {
                point: "during temp write",
                path: path.to_path_buf(),
            });
        }
        if faults.disk_full {
            return Err(io_err(
                &tmp,
                "write",
                std::io::Error::from_raw_os_error(libc::ENOSPC),
            ));
        }
        f.write_all(bytes).map_err(|e| io_err(&tmp, "write", e))?;
        faults.point("after temp write, before fsync", path)?;
        f.sync_all().map_err(|e| io_err(&tmp, "fsync", e))?;
        faults.point("after fsync, before rename", path)?;
        if let Some(b) = backup {
            if path.exists() {
                keep_backup(path, b, false);
            }
            faults.point("after backup, before rename", path)?;
        }
        fs::rename(&tmp, path).map_err(|e| io_err(path, "rename temp file over", e))?;
        faults.point("after rename, before directory fsync", path)?;
        sync_dir(&dir)?;
        faults.point("after directory fsync", path)
    })();
    if let Err(e) = &result
        && !matches!(e, StoreError::Crashed { .. })
    {
        // A real error: leave nothing behind. (A simulated crash leaves what a crash would.)
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Remove `path`, moving it into the backups, and fsync its directory.
pub(crate) fn remove_with_backup(
    path: &Path,
    backup: &Path,
    faults: &mut Faults,
) -> Result<(), StoreError> {
    if !keep_backup(path, backup, true) {
        fs::remove_file(path).map_err(|e| io_err(path, "remove", e))?;
    }
    faults.point("after remove, before directory fsync", path)?;
    if let Some(dir) = path.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

fn numbered(backup: &Path, n: usize) -> PathBuf {
    let mut s = backup.as_os_str().to_owned();
    s.push(format!(".{n}"));
    PathBuf::from(s)
}

/// The backups of a file, newest first (those that exist).
pub(crate) fn backups_of(backup: &Path) -> Vec<PathBuf> {
    (1..=BACKUPS)
        .map(|n| numbered(backup, n))
        .filter(|p| p.exists())
        .collect()
}

/// Rotate `backup.1..3` and put the current `path` in as `backup.1` (hard link, or a rename
/// when `take` is set). Best effort: a backup that cannot be made never stops a save; the
/// journal still holds the edit. Returns whether `path` was taken (renamed away).
fn keep_backup(path: &Path, backup: &Path, take: bool) -> bool {
    if let Some(d) = backup.parent()
        && create_dir_like_parent(d).is_err()
    {
        return false;
    }
    let _ = fs::remove_file(numbered(backup, BACKUPS));
    for n in (1..BACKUPS).rev() {
        let from = numbered(backup, n);
        if from.exists() {
            let _ = fs::rename(&from, numbered(backup, n + 1));
        }
    }
    let newest = numbered(backup, 1);
    if take {
        fs::rename(path, &newest).is_ok()
    } else {
        if fs::hard_link(path, &newest).is_err() {
            let _ = fs::copy(path, &newest);
        }
        false
    }
}
