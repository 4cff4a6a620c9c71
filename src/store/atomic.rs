//! Atomic file writes and backups of what they replace (with the tests' crash points).
//!
//! A write goes: temp file in the same directory -> write -> fsync -> (old file linked into
//! `.backup/`) -> rename over -> fsync the directory, each step relative to an open
//! directory (see `deskfs`). A reader therefore sees the old file
//! or the new one, never a half-written or empty one.

use std::ffi::{OsStr, OsString};
use std::fs::{File, Permissions};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rustix::fs::OFlags;

use super::deskfs::{Dir, follow_dir_mode};
use super::error::{StoreError, io_err};
use super::faults::{self, Faults};
use super::layout::BACKUP_DIR;

/// How many old versions of each file `.backup/` keeps.
pub const BACKUPS: usize = 3;

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Marker in the name of every temp file we create: `.name.tmp-<pid>-<n>`.
pub(crate) const TEMP_MARK: &str = ".tmp-";

pub(crate) fn temp_name(name: &OsStr) -> OsString {
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    OsString::from(format!(
        ".{}{TEMP_MARK}{}-{n}",
        name.to_string_lossy(),
        std::process::id()
    ))
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

/// fsync a directory, so a rename or removal in it survives a power cut.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    let d = File::open(dir).map_err(|e| io_err(dir, "open directory", e))?;
    d.sync_all().map_err(|e| io_err(dir, "fsync directory", e))
}

/// Write `bytes` to `path` atomically: the file is the old one or the new one, never a mix,
/// never empty, also after a crash or power cut at any moment. For files outside the desk
/// (`export -o`): a new file gets the umask's permissions, a replaced one keeps its own.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let (dir, name) = parent_and_name(path)?;
    // A path the user typed: a missing directory is said plainly, in the user's words.
    if matches!(std::fs::symlink_metadata(&dir), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
    {
        return Err(StoreError::Other(format!(
            "the directory {} does not exist: create it or pick another directory; nothing was written",
            dir.display()
        )));
    }
    let dir = Dir::open(&dir)?;
    // A regular file there keeps its mode; a new file is made 0666 less the umask.
    let keep = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Some(m.permissions().mode() & 0o7777),
        _ => None,
    };
    write_in(
        &dir,
        &name,
        path,
        bytes,
        Mode::Keep(keep),
        None,
        &mut Faults::none(),
    )
}

/// `write_atomic` for a desk file, with crash points for the tests. With `desk`, `path` is
/// a file in that desk: the directories between are opened without following a symlink
/// (and made when missing), a symlink or FIFO in place of the file is refused, and the
/// replaced file is kept as the newest of `BACKUPS` versions in `.backup/`. The file takes
/// the permissions of its directory.
pub(crate) fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    desk: Option<&Path>,
    faults: &mut Faults,
) -> Result<(), StoreError> {
    let (parent, name) = parent_and_name(path)?;
    match desk {
        None => {
            let dir = Dir::open(&parent)?;
            write_in(&dir, &name, path, bytes, Mode::FollowDir, None, faults)
        }
        Some(desk) => {
            let rel = rel_in(desk, &parent)?;
            let dir = Dir::under(desk, rel, true)?.ok_or_else(|| {
                io_err(
                    &parent,
                    "open directory",
                    std::io::ErrorKind::NotFound.into(),
                )
            })?;
            let backup = (desk, rel);
            write_in(
                &dir,
                &name,
                path,
                bytes,
                Mode::FollowDir,
                Some(backup),
                faults,
            )
        }
    }
}

/// Put `bytes` in place of the desk file `path` (inside `desk`), atomically, through
/// directories opened without following a link, keeping no backup of what it replaces
/// (`doctor`: a damaged file brought back from its backup, desk.json's list). A symlink or
/// FIFO in place of the file is refused.
pub(crate) fn replace_in_desk(desk: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let (parent, name) = parent_and_name(path)?;
    let rel = rel_in(desk, &parent)?;
    let dir = Dir::under(desk, rel, true)?.ok_or_else(|| {
        io_err(
            &parent,
            "open directory",
            std::io::ErrorKind::NotFound.into(),
        )
    })?;
    dir.plain_exists(&name)?;
    write_in(
        &dir,
        &name,
        path,
        bytes,
        Mode::FollowDir,
        None,
        &mut Faults::from_env(),
    )
}

/// How a written file's permissions are set.
#[derive(Clone, Copy)]
enum Mode {
    /// Those of its directory (desk files).
    FollowDir,
    /// These, when it replaces a file; else 0666 less the umask (exports).
    Keep(Option<u32>),
}

fn parent_and_name(path: &Path) -> Result<(PathBuf, OsString), StoreError> {
    let name = path.file_name().ok_or_else(|| {
        StoreError::Other(format!("{}: not a file name: name a file", path.display()))
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name.to_os_string()))
}

fn rel_in<'a>(desk: &Path, dir: &'a Path) -> Result<&'a Path, StoreError> {
    dir.strip_prefix(desk).map_err(|_| {
        StoreError::Other(format!(
            "{}: not inside the desk {}",
            dir.display(),
            desk.display()
        ))
    })
}

/// The write itself, in the open directory `dir`: temp file (`O_EXCL | O_NOFOLLOW`), write,
/// fsync, backup, `renameat` over `name`, fsync of the directory.
fn write_in(
    dir: &Dir,
    name: &OsStr,
    path: &Path,
    bytes: &[u8],
    mode: Mode,
    backup: Option<(&Path, &Path)>,
    faults: &mut Faults,
) -> Result<(), StoreError> {
    // A symlink or FIFO planted in place of a desk file is refused before anything is made.
    let existed = if backup.is_some() {
        dir.plain_exists(name)?
    } else {
        false
    };
    let tmp_name = temp_name(name);
    let tmp = dir.join(&tmp_name);
    let mut f = dir.create_new(&tmp_name, OFlags::empty())?;
    match mode {
        Mode::FollowDir => follow_dir_mode(&f, dir),
        Mode::Keep(Some(m)) => {
            let _ = f.set_permissions(Permissions::from_mode(m));
        }
        Mode::Keep(None) => {}
    }
    let result = (|| {
        faults.before_write(&mut f, bytes, path, &tmp)?;
        f.write_all(bytes).map_err(|e| io_err(&tmp, "write", e))?;
        faults.point("after temp write, before fsync", path)?;
        f.sync_all().map_err(|e| io_err(&tmp, "fsync", e))?;
        faults.point("after fsync, before rename", path)?;
        if let Some((desk, rel)) = backup {
            if existed {
                keep_backup(dir, name, desk, rel, false)?;
            }
            faults.point("after backup, before rename", path)?;
        }
        dir.rename(&tmp_name, dir, name)
            .map_err(|e| io_err(path, "rename temp file over", e))?;
        faults.point("after rename, before directory fsync", path)?;
        dir.sync()?;
        faults.point("after directory fsync", path)
    })();
    if let Err(e) = &result
        && !faults::is_crash(e)
    {
        // A real error: leave nothing behind. (A simulated crash leaves what a crash would.)
        let _ = dir.unlink(&tmp_name);
    }
    result
}

/// Remove the desk file `path`, moving it into the backups, and fsync its directory.
pub(crate) fn remove_with_backup(
    desk: &Path,
    path: &Path,
    faults: &mut Faults,
) -> Result<(), StoreError> {
    let (parent, name) = parent_and_name(path)?;
    let rel = rel_in(desk, &parent)?;
    let Some(dir) = Dir::under(desk, rel, false)? else {
        return Ok(());
    };
    if !dir.plain_exists(&name)? {
        return Ok(());
    }
    if !keep_backup(&dir, &name, desk, rel, true)? {
        dir.unlink(&name).map_err(|e| io_err(path, "remove", e))?;
    }
    faults.point("after remove, before directory fsync", path)?;
    dir.sync()
}

/// Remove the files `names` of the desk directory `rel` into the backups, as
/// [`remove_with_backup`] does one, with one fsync of the directory after them all instead
/// of one per file: taking back a big import removes thousands of chunk files, under a
/// journal line that makes the removal happen whatever part of it a crash leaves.
pub(crate) fn remove_many_with_backup(
    desk: &Path,
    rel: &Path,
    names: &[OsString],
    faults: &mut Faults,
) -> Result<(), StoreError> {
    let Some(dir) = Dir::under(desk, rel, false)? else {
        return Ok(());
    };
    for name in names {
        let path = desk.join(rel).join(name);
        faults.point("before a file is removed", &path)?;
        // A symlink or FIFO planted in its place is refused, never followed.
        if !dir.plain_exists(name)? {
            continue;
        }
        if !keep_backup(&dir, name, desk, rel, true)? {
            dir.unlink(name).map_err(|e| io_err(&path, "remove", e))?;
        }
    }
    faults.point("after removes, before directory fsync", &desk.join(rel))?;
    dir.sync()
}

/// The name of backup `n` of the file `name`: `name.n` (1 the newest).
pub(crate) fn numbered_name(name: &OsStr, n: usize) -> OsString {
    let mut s = name.to_owned();
    s.push(format!(".{n}"));
    s
}

/// Rotate `.backup/<rel>/<name>.1..3` and put the current file in as `.1` (hard link, or a
/// rename when `take` is set). Everything happens relative to the `.backup` directories,
/// opened without following a symlink: a symlinked `.backup` is refused, never followed
/// out of the desk. Otherwise best effort: a backup that cannot be made never stops a save;
/// the journal still holds the edit. Returns whether the file was taken (renamed away).
fn keep_backup(
    dir: &Dir,
    name: &OsStr,
    desk: &Path,
    rel: &Path,
    take: bool,
) -> Result<bool, StoreError> {
    let bdir = match Dir::under(desk, &Path::new(BACKUP_DIR).join(rel), true) {
        Ok(Some(d)) => d,
        Err(e @ StoreError::NotPlain { .. }) => return Err(e),
        _ => return Ok(false),
    };
    let _ = bdir.unlink(&numbered_name(name, BACKUPS));
    for n in (1..BACKUPS).rev() {
        let _ = bdir.rename(&numbered_name(name, n), &bdir, &numbered_name(name, n + 1));
    }
    let newest = numbered_name(name, 1);
    if take {
        return Ok(dir.rename(name, &bdir, &newest).is_ok());
    }
    if dir.link(name, &bdir, &newest).is_err() {
        // No hard link (another owner's file under protected_hardlinks): a copy.
        copy_into(dir, name, &bdir, &newest);
    }
    Ok(false)
}

fn copy_into(dir: &Dir, name: &OsStr, to: &Dir, to_name: &OsStr) {
    let Ok(Some(mut from)) = dir.open_plain(name, OFlags::RDONLY, None) else {
        return;
    };
    let Ok(mut out) = to.create_new(to_name, OFlags::empty()) else {
        return;
    };
    follow_dir_mode(&out, to);
    if std::io::copy(&mut from, &mut out).is_err() {
        let _ = to.unlink(to_name);
    }
}
