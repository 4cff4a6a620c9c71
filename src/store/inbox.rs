//! `inbox/`: files another process queues for the session that holds the desk (issue #15,
//! import into an open desk). Only the lock holder applies them; the queueing side never
//! touches the desk's own files.
//!
//! A queued file is the raw import, named `<unix nanos>-<pid>-<n>.<format>` (`auto` when the
//! format is to be detected), so two processes never pick the same name. It is written as
//! every desk file is (a temp file made with `O_EXCL | O_NOFOLLOW`, fsync, rename, fsync of
//! the directory) through [`super::deskfs`], so a planted symlink is refused, never followed.
//! The taker removes a file only once it is applied; a file it cannot read or parse is left
//! where it is and reported, never lost.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use rustix::fs::OFlags;

use super::atomic::{is_temp_name, temp_name};
use super::deskfs::Dir;
use super::error::{StoreError, io_err};

/// The inbox folder's name in the desk.
pub const INBOX: &str = "inbox";

static QUEUED: AtomicU64 = AtomicU64::new(0);

/// One queued import: its file name and bytes, and the format named in it (`None`: detect).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub name: OsString,
    pub format: Option<String>,
    pub bytes: Vec<u8>,
}

/// Queue `bytes` for the open desk; the path of the queued file.
pub fn queue(
    desk: &Path,
    bytes: &[u8],
    format: Option<&str>,
) -> Result<std::path::PathBuf, StoreError> {
    if bytes.len() as u64 > MAX_QUEUED {
        return Err(StoreError::Other(format!(
            "over {} MB: too big to hand to the open desk; import it once the desk is closed",
            MAX_QUEUED / (1024 * 1024)
        )));
    }
    let dir = Dir::under(desk, Path::new(INBOX), true)?.ok_or_else(|| {
        StoreError::Other(format!(
            "{}: cannot create the inbox folder",
            desk.join(INBOX).display()
        ))
    })?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = QUEUED.fetch_add(1, Ordering::Relaxed);
    let name = OsString::from(format!(
        "{nanos}-{}-{n}.{}",
        std::process::id(),
        format.unwrap_or("auto")
    ));
    let tmp = temp_name(&name);
    let mut f = dir.create_new(&tmp, OFlags::empty())?;
    // Readable by the session's account on a team desk, whatever this user's umask.
    super::deskfs::follow_dir_mode(&f, &dir);
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    if let Err(e) = written {
        let _ = dir.unlink(&tmp);
        return Err(io_err(&dir.join(&tmp), "write", e));
    }
    if let Err(e) = dir.rename(&tmp, &dir, &name) {
        let _ = dir.unlink(&tmp);
        return Err(io_err(&dir.join(&name), "rename", e));
    }
    dir.sync()?;
    Ok(dir.join(&name))
}

/// The largest file queued or taken in: anyone in the desk's group can write `inbox/`, and a
/// file is read whole by the session, so a huge one is refused rather than read.
pub const MAX_QUEUED: u64 = 64 * 1024 * 1024;

/// What the inbox holds, oldest first: the files read, and one error per file that could not
/// be read (a symlink, a FIFO, unreadable, over [`MAX_QUEUED`]), each left in place.
pub fn waiting(desk: &Path) -> Result<(Vec<Queued>, Vec<StoreError>), StoreError> {
    waiting_but(desk, |_| false)
}

/// [`waiting`] without the files `skip` names (those already found bad: not read again).
pub fn waiting_but(
    desk: &Path,
    skip: impl Fn(&OsStr) -> bool,
) -> Result<(Vec<Queued>, Vec<StoreError>), StoreError> {
    let Some(dir) = Dir::under(desk, Path::new(INBOX), false)? else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut names: Vec<OsString> = dir
        .names()?
        .into_iter()
        .filter(|n| !is_temp_name(&n.to_string_lossy()) && !skip(n))
        .collect();
    // The names start with the time queued: sorting them is the order they came in.
    names.sort_by_key(|n| {
        let s = n.to_string_lossy();
        let t: u128 = s
            .split('-')
            .next()
            .and_then(|t| t.parse().ok())
            .unwrap_or(u128::MAX);
        (t, s.into_owned())
    });
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        let bytes = match dir.open_plain(&name, OFlags::RDONLY, None) {
            Ok(Some(f)) if f.metadata().is_ok_and(|m| m.len() > MAX_QUEUED) => {
                problems.push(StoreError::Other(format!(
                    "{}: over {} MB: too big to take in; import it with the desk closed",
                    dir.join(&name).display(),
                    MAX_QUEUED / (1024 * 1024)
                )));
                continue;
            }
            Ok(Some(mut f)) => {
                let mut buf = Vec::new();
                match f.read_to_end(&mut buf) {
                    Ok(_) => buf,
                    Err(e) => {
                        problems.push(io_err(&dir.join(&name), "read", e));
                        continue;
                    }
                }
            }
            Ok(None) => continue,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let format = Path::new(&name)
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .filter(|e| e != "auto");
        read.push(Queued {
            name,
            format,
            bytes,
        });
    }
    Ok((read, problems))
}

/// Remove a queued file once its import is applied.
pub fn done(desk: &Path, name: &OsStr) -> Result<(), StoreError> {
    let Some(dir) = Dir::under(desk, Path::new(INBOX), false)? else {
        return Ok(());
    };
    dir.unlink(name)
        .map_err(|e| io_err(&dir.join(name), "remove", e))?;
    dir.sync()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_files_come_back_in_order_and_leave_no_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        let a = queue(tmp.path(), b"first", Some("live")).unwrap();
        let b = queue(tmp.path(), b"second", None).unwrap();
        assert_ne!(a, b);
        let names = std::fs::read_dir(tmp.path().join(INBOX)).unwrap().count();
        assert_eq!(names, 2, "no temp file left behind");
        let (got, problems) = waiting(tmp.path()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].bytes.as_slice(), got[0].format.as_deref()),
            (&b"first"[..], Some("live"))
        );
        assert_eq!(
            (got[1].bytes.as_slice(), got[1].format.as_deref()),
            (&b"second"[..], None)
        );
        done(tmp.path(), &got[0].name).unwrap();
        let (left, _) = waiting(tmp.path()).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].bytes, b"second");
    }

    #[test]
    fn an_inbox_symlink_is_refused_and_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let desk = tmp.path().join("desk");
        std::fs::create_dir(&desk).unwrap();
        std::os::unix::fs::symlink(&elsewhere, desk.join(INBOX)).unwrap();
        let e = queue(&desk, b"x", None).unwrap_err().to_string();
        assert!(e.contains("inbox"), "{e}");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert!(waiting(&desk).is_err());
    }

    #[test]
    fn a_planted_file_is_reported_and_left_the_rest_read() {
        let tmp = tempfile::tempdir().unwrap();
        queue(tmp.path(), b"good", None).unwrap();
        let secret = tmp.path().join("secret");
        std::fs::write(&secret, "private").unwrap();
        let planted = tmp.path().join(INBOX).join("1-1-1.auto");
        std::os::unix::fs::symlink(&secret, &planted).unwrap();
        let (got, problems) = waiting(tmp.path()).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].bytes, b"good");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().contains("1-1-1.auto"),
            "{}",
            problems[0]
        );
        assert!(std::fs::symlink_metadata(&planted).is_ok(), "left in place");
    }

    #[test]
    fn a_file_too_big_is_not_read_nor_queued_and_a_skipped_one_not_read_again() {
        let tmp = tempfile::tempdir().unwrap();
        queue(tmp.path(), b"good", None).unwrap();
        let big = tmp.path().join(INBOX).join("2-2-2.auto");
        // Sparse: the size says too big without writing 64 MB.
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_QUEUED + 1)
            .unwrap();
        let (got, problems) = waiting(tmp.path()).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().contains("too big"),
            "{}",
            problems[0]
        );
        assert!(big.exists(), "left in place");
        let (got, problems) = waiting_but(tmp.path(), |n| n == "2-2-2.auto").unwrap();
        assert_eq!((got.len(), problems.len()), (1, 0));
        let e = queue(tmp.path(), &vec![b'x'; MAX_QUEUED as usize + 1], None).unwrap_err();
        assert!(e.to_string().contains("too big"), "{e}");
    }

    #[test]
    fn a_queued_file_takes_the_desk_directory_s_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o770)).unwrap();
        let queued = queue(tmp.path(), b"x", None).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&tmp.path().join(INBOX)), 0o770);
        assert_eq!(
            mode(&queued),
            0o660,
            "the team's session can read and remove it"
        );
    }
}
