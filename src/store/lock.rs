//! One editor per desk: `.lock` holds who has the desk open.

use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rustix::fs::OFlags;

use super::deskfs::Dir;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who holds a desk: the JSON in `.lock`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub started: DateTime<Utc>,
}

impl LockHolder {
    /// This process, now.
    pub fn me() -> Self {
        LockHolder {
            user: super::identity::login_name(),
            host: host_name(),
            pid: std::process::id(),
            started: Utc::now(),
        }
    }

    /// How long ago the lock was taken, in words: `3 min`, `2 h`, `5 days`.
    pub fn age(&self) -> String {
        let secs = (Utc::now() - self.started).num_seconds().max(0);
        match secs {
            0..60 => format!("{secs} s"),
            60..3600 => format!("{} min", secs / 60),
            3600..86400 => format!("{} h", secs / 3600),
            _ => format!("{} days", secs / 86400),
        }
    }

    /// A process on this host that no longer exists.
    pub fn is_dead_here(&self) -> bool {
        self.host == host_name() && !pid_alive(self.pid)
    }
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}@{} pid {}, {} ago",
            self.user,
            self.host,
            self.pid,
            self.age()
        )
    }
}

/// The desk could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum Locked {
    /// Somebody else is editing the desk.
    #[error("the desk {} is held by {holder}{}: open it read-only (review), or quit that session{}", path.parent().unwrap_or(path).display(), if holder.host == host_name() { "" } else { " on another host" }, if holder.host == host_name() { "" } else { "; if it is gone, break the lock" })]
    Held { holder: LockHolder, path: PathBuf },
    /// `.lock` exists but does not say who holds it.
    #[error("{}: lock file is unreadable ({problem}): if no one else has the desk open, break the lock", path.display())]
    Unreadable { path: PathBuf, problem: String },
    /// The lock file could not be written.
    #[error("{}: cannot create the lock file: {source}: check the directory's permissions", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A held desk lock; released when dropped (if `.lock` still names us).
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    holder: LockHolder,
}

impl Lock {
    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if read_holder(&self.path).ok().as_ref() == Some(&self.holder) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The desk directory `.lock` is in, and its name.
fn dir_of(path: &Path) -> (&Path, &OsStr) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    (
        dir,
        path.file_name()
            .unwrap_or(OsStr::new(super::layout::LOCK_FILE)),
    )
}

/// Who `.lock` names; a symlink or FIFO there is refused, never followed.
fn read_holder(path: &Path) -> Result<LockHolder, String> {
    let (dir, name) = dir_of(path);
    let dir = Dir::open(dir).map_err(|e| e.to_string())?;
    let mut f = match dir.open_plain(name, OFlags::RDONLY, None) {
        Ok(Some(f)) => f,
        Ok(None) => return Err("no such file".into()),
        Err(e) => return Err(e.to_string()),
    };
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

/// Take `path` as a lock. The file appears with its full content at once: it is written to
/// a temp file and hard-linked into place, and `link` fails when `.lock` exists, exactly
/// like `O_EXCL` (but a crash can never leave an empty lock file).
pub(crate) fn acquire(path: &Path) -> Result<Lock, Locked> {
    let me = LockHolder::me();
    let io = |source| Locked::Io {
        path: path.to_path_buf(),
        source,
    };
    // An I/O failure keeps its kind (a desk this user may not write opens read-only).
    let store_io = |e: super::error::StoreError| match e {
        super::error::StoreError::Io { cause, .. } => io(cause),
        e => io(std::io::Error::other(e.to_string())),
    };
    let bytes = serde_json::to_vec_pretty(&me).map_err(|e| io(e.into()))?;
    let tmp = path.with_file_name(format!(".lock.tmp-{}-lock", me.pid));
    let _ = fs::remove_file(&tmp);
    let dir = Dir::open(dir_of(path).0).map_err(store_io)?;
    let tmp_name = tmp.file_name().unwrap_or_default().to_os_string();
    // O_EXCL | O_NOFOLLOW: a name planted in advance is never written through.
    let mut f = dir
        .create_new(&tmp_name, OFlags::empty())
        .map_err(store_io)?;
    super::deskfs::follow_dir_mode(&f, &dir);
    let written = f.write_all(&bytes).and_then(|()| f.sync_all());
    drop(f);
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io(e));
    }
    let result = (|| {
        for _ in 0..3 {
            match fs::hard_link(&tmp, path) {
                Ok(()) => {
                    if let Some(d) = path.parent() {
                        let _ = super::atomic::sync_dir(d);
                    }
                    return Ok(Lock {
                        path: path.to_path_buf(),
                        holder: me.clone(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = match read_holder(path) {
                        Ok(h) => h,
                        Err(problem) if !path.exists() => {
                            let _ = problem;
                            continue;
                        }
                        Err(problem) => {
                            return Err(Locked::Unreadable {
                                path: path.to_path_buf(),
                                problem,
                            });
                        }
                    };
                    if !holder.is_dead_here() {
                        return Err(Locked::Held {
                            holder,
                            path: path.to_path_buf(),
                        });
                    }
                    // Stale: its process is gone. Remove it only if it is still that lock.
                    if read_holder(path).ok().as_ref() == Some(&holder) {
                        let _ = fs::remove_file(path);
                    }
                }
                Err(e) => return Err(io(e)),
            }
        }
        match read_holder(path) {
            Ok(holder) => Err(Locked::Held {
                holder,
                path: path.to_path_buf(),
            }),
            Err(problem) => Err(Locked::Unreadable {
                path: path.to_path_buf(),
                problem,
            }),
        }
    })();
    let _ = fs::remove_file(&tmp);
    result
}

/// Remove `.lock` on purpose (its holder is gone, e.g. a session on another host died).
/// Returns who held it, when that could be read.
pub(crate) fn break_lock(path: &Path) -> Result<Option<LockHolder>, std::io::Error> {
    let holder = read_holder(path).ok();
    match fs::remove_file(path) {
        Ok(()) => Ok(holder),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Is there a process with this pid (on this host)? Only ESRCH means "no".
pub(crate) fn pid_alive(pid: u32) -> bool {
    let Some(p) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // kill(pid, 0) sends nothing; it only checks that the process exists.
    !matches!(
        rustix::process::test_kill_process(p),
        Err(rustix::io::Errno::SRCH)
    )
}

pub(crate) use super::identity::host_name;
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
