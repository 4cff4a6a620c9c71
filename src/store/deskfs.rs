//! Opening files and directories in the desk, which a Unix group shares: any member can
//! plant a symbolic link or a FIFO in it. This module is the one way into the desk for
//! writing (and for reading the journal and the review logs):
//!
//! - the desk directory itself is opened as given (its path is the user's own choice);
//!   every directory below it (`items/`, `issues/`, `reviews/<n>/`, `.backup/..`) is opened
//!   with `O_DIRECTORY | O_NOFOLLOW`, and every later step works relative to that directory
//!   fd (`openat`, `renameat`, `linkat`, `unlinkat`), so a directory swapped for a symlink
//!   between a check and a use cannot send a write elsewhere;
//! - a new file is made with `O_CREAT | O_EXCL | O_NOFOLLOW`; an existing one is opened with
//!   `O_NOFOLLOW | O_NONBLOCK` (a FIFO cannot hang us) and must be a regular file (`fstat`).

use std::ffi::{OsStr, OsString};
use std::fs::{File, Permissions};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use super::error::{StoreError, io_err};
use super::layout::{BACKUP_DIR, ISSUES_DIR, ITEMS_DIR, JOURNAL_FILE, REVIEWS_DIR};

/// An open directory of the desk, and its path (for messages only: never opened again).
#[derive(Debug)]
pub(crate) struct Dir {
    fd: OwnedFd,
    path: PathBuf,
}

/// What a file found where a desk file or directory should be is, in words.
fn kind_words(ft: FileType) -> &'static str {
    match ft {
        FileType::Symlink => "a symbolic link",
        FileType::Fifo => "a FIFO",
        FileType::Socket => "a socket",
        FileType::CharacterDevice => "a character device",
        FileType::BlockDevice => "a block device",
        FileType::Directory => "a directory",
        FileType::RegularFile => "a regular file",
        FileType::Unknown => "an unknown kind of file",
    }
}

fn planted(path: PathBuf, found: &'static str, expected: &'static str) -> StoreError {
    StoreError::NotPlain {
        path,
        found,
        expected,
    }
}

fn errno_io(path: &Path, action: &'static str, e: Errno) -> StoreError {
    io_err(path, action, e.into())
}

impl Dir {
    /// The desk directory itself, as the user named it.
    pub(crate) fn open(path: &Path) -> Result<Dir, StoreError> {
        let fd = rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| errno_io(path, "open directory", e))?;
        Ok(Dir {
            fd,
            path: path.to_path_buf(),
        })
    }

    /// `root`, then each directory of `rel` below it without following a symlink; a missing
    /// one is made (with the permissions of the one above) when `create` is set, else `None`.
    pub(crate) fn under(root: &Path, rel: &Path, create: bool) -> Result<Option<Dir>, StoreError> {
        let mut dir = Dir::open(root)?;
        for part in rel.components() {
            match part {
                Component::CurDir => {}
                Component::Normal(name) => match dir.sub(name, create)? {
                    Some(d) => dir = d,
                    None => return Ok(None),
                },
                _ => {
                    return Err(StoreError::Other(format!(
                        "{}: not a path inside the desk {}",
                        rel.display(),
                        root.display()
                    )));
                }
            }
        }
        Ok(Some(dir))
    }

    pub(crate) fn join(&self, name: &OsStr) -> PathBuf {
        self.path.join(name)
    }

    /// The directory `name` in this one, never through a symlink.
    pub(crate) fn sub(&self, name: &OsStr, create: bool) -> Result<Option<Dir>, StoreError> {
        let path = self.join(name);
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match rustix::fs::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => Ok(Some(Dir { fd, path })),
            Err(Errno::NOENT) if create => {
                match rustix::fs::mkdirat(&self.fd, name, Mode::from_raw_mode(0o700)) {
                    Ok(()) | Err(Errno::EXIST) => {}
                    Err(e) => return Err(errno_io(&path, "create directory", e)),
                }
                let fd = rustix::fs::openat(&self.fd, name, flags, Mode::empty())
                    .map_err(|e| self.refusal(name, "directory", e, "open directory"))?;
                // A new directory takes the permissions of the one above, setgid included,
                // so a team desk's group carries down.
                if let Ok(st) = rustix::fs::fstat(&self.fd) {
                    let _ = rustix::fs::fchmod(&fd, Mode::from_raw_mode(st.st_mode & 0o7777));
                }
                let _ = self.sync();
                Ok(Some(Dir { fd, path }))
            }
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(self.refusal(name, "directory", e, "open directory")),
        }
    }

    /// The error for an open of `name` that failed with `e`: a planted file is named as
    /// such, anything else is an I/O error.
    fn refusal(
        &self,
        name: &OsStr,
        expected: &'static str,
        e: Errno,
        action: &'static str,
    ) -> StoreError {
        let path = self.join(name);
        if matches!(e, Errno::LOOP | Errno::NOTDIR | Errno::NXIO)
            && let Ok(Some(ft)) = self.kind(name)
        {
            return planted(path, kind_words(ft), expected);
        }
        errno_io(&path, action, e)
    }

    /// What `name` is (not following a symlink); `None` when there is nothing there.
    pub(crate) fn kind(&self, name: &OsStr) -> Result<Option<FileType>, StoreError> {
        match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Ok(Some(FileType::from_raw_mode(st.st_mode))),
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(errno_io(&self.join(name), "read", e)),
        }
    }

    /// Is there a regular file at `name`? An error when something else is there.
    pub(crate) fn plain_exists(&self, name: &OsStr) -> Result<bool, StoreError> {
        match self.kind(name)? {
            None => Ok(false),
            Some(FileType::RegularFile) => Ok(true),
            Some(ft) => Err(planted(self.join(name), kind_words(ft), "file")),
        }
    }

    /// The permissions a new file here takes: the directory's, without the execute bits.
    pub(crate) fn file_mode(&self) -> Option<u32> {
        rustix::fs::fstat(&self.fd)
            .ok()
            .map(|st| st.st_mode & 0o666)
    }

    /// Make `name`, which must not exist (not even as a symlink). `extra` adds to
    /// `O_WRONLY` (say `O_APPEND`, or `O_RDWR` in its place).
    pub(crate) fn create_new(&self, name: &OsStr, extra: OFlags) -> Result<File, StoreError> {
        let flags = OFlags::CREATE
            | OFlags::EXCL
            | OFlags::NOFOLLOW
            | OFlags::CLOEXEC
            | if extra.contains(OFlags::RDWR) {
                OFlags::empty()
            } else {
                OFlags::WRONLY
            }
            | extra;
        rustix::fs::openat(&self.fd, name, flags, Mode::from_raw_mode(0o666))
            .map(File::from)
            .map_err(|e| match e {
                Errno::EXIST => match self.plain_exists(name) {
                    Err(planted) => planted,
                    Ok(_) => errno_io(&self.join(name), "create", e),
                },
                e => errno_io(&self.join(name), "create", e),
            })
    }

    /// Open the existing regular file `name` (`None` if there is none) with `flags`
    /// (`O_RDONLY`, `O_WRONLY | O_APPEND`, ...), never through a symlink, never blocking on
    /// a FIFO; with `owner`, the file must belong to that uid.
    pub(crate) fn open_plain(
        &self,
        name: &OsStr,
        flags: OFlags,
        owner: Option<u32>,
    ) -> Result<Option<File>, StoreError> {
        let all = flags | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = match rustix::fs::openat(&self.fd, name, all, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(None),
            Err(e) => return Err(self.refusal(name, "file", e, "open")),
        };
        let path = self.join(name);
        let st = rustix::fs::fstat(&fd).map_err(|e| errno_io(&path, "read", e))?;
        let ft = FileType::from_raw_mode(st.st_mode);
        if ft != FileType::RegularFile {
            return Err(planted(path, kind_words(ft), "file"));
        }
        if let Some(uid) = owner
            && st.st_uid != uid
        {
            return Err(StoreError::NotYours {
                path,
                owner: super::identity::account_name(st.st_uid)
                    .unwrap_or_else(|| format!("uid {}", st.st_uid)),
                me: super::identity::account_name(uid).unwrap_or_else(|| format!("uid {uid}")),
            });
        }
        Ok(Some(File::from(fd)))
    }

    pub(crate) fn rename(&self, from: &OsStr, to_dir: &Dir, to: &OsStr) -> std::io::Result<()> {
        Ok(rustix::fs::renameat(&self.fd, from, &to_dir.fd, to)?)
    }

    /// Hard-link `from` here as `to` in `to_dir` (a symlink would be linked, not followed).
    pub(crate) fn link(&self, from: &OsStr, to_dir: &Dir, to: &OsStr) -> std::io::Result<()> {
        Ok(rustix::fs::linkat(
            &self.fd,
            from,
            &to_dir.fd,
            to,
            AtFlags::empty(),
        )?)
    }

    pub(crate) fn unlink(&self, name: &OsStr) -> std::io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.fd, name, AtFlags::empty())?)
    }

    /// fsync the directory, so a rename or removal in it survives a power cut.
    pub(crate) fn sync(&self) -> Result<(), StoreError> {
        rustix::fs::fsync(&self.fd).map_err(|e| errno_io(&self.path, "fsync directory", e))
    }

    /// The names in this directory (without `.` and `..`).
    pub(crate) fn names(&self) -> Result<Vec<OsString>, StoreError> {
        let fd = rustix::fs::openat(
            &self.fd,
            ".",
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| errno_io(&self.path, "list", e))?;
        let rd = rustix::fs::Dir::new(fd).map_err(|e| errno_io(&self.path, "list", e))?;
        let mut out = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|e| errno_io(&self.path, "list", e))?;
            let name = entry.file_name().to_bytes();
            if name != b"." && name != b".." {
                out.push(OsStr::from_bytes(name).to_os_string());
            }
        }
        Ok(out)
    }
}

impl AsFd for Dir {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// A new desk file takes its permissions from the directory it is made in, without the
/// execute bits. A team shares a desk by giving its directory to a group (`chmod 2770`):
/// every file briefdesk makes then stays readable and writable by that group whatever each
/// user's umask, so the next analyst can save, append to the journal and comment.
pub(crate) fn follow_dir_mode(file: &File, dir: &Dir) {
    if let Some(mode) = dir.file_mode() {
        let _ = file.set_permissions(Permissions::from_mode(mode));
    }
}

/// The desk's own directories, checked before a desk is read: none may be a symlink to
/// somewhere else. (Anything else that is not a directory fails where it is used: a review
/// log that cannot be written is a warning, not a desk that cannot be read.)
pub(crate) fn check_desk_dirs(desk: &Path) -> Result<(), StoreError> {
    let root = Dir::open(desk)?;
    for name in [ITEMS_DIR, ISSUES_DIR, REVIEWS_DIR, BACKUP_DIR] {
        if root.kind(OsStr::new(name))? == Some(FileType::Symlink) {
            let path = root.join(OsStr::new(name));
            return Err(planted(path, "a symbolic link", "directory"));
        }
    }
    Ok(())
}

/// Open (or make) the desk's journal for appending: a new one takes the desk directory's
/// permissions; an existing one must be a regular file, never a symlink.
pub(crate) fn open_journal(desk: &Path) -> Result<File, StoreError> {
    let root = Dir::open(desk)?;
    let name = OsStr::new(JOURNAL_FILE);
    let append = OFlags::WRONLY | OFlags::APPEND;
    if let Some(f) = root.open_plain(name, append, None)? {
        return Ok(f);
    }
    let f = root.create_new(name, OFlags::APPEND)?;
    follow_dir_mode(&f, &root);
    root.sync()?;
    Ok(f)
}

/// The bytes of the regular file `name` in the desk, `None` when there is none; a symlink
/// or FIFO there is refused.
pub(crate) fn read_plain(desk: &Path, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let root = Dir::open(desk)?;
    let name = OsStr::new(name);
    let Some(mut f) = root.open_plain(name, OFlags::RDONLY, None)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut f, &mut bytes)
        .map_err(|e| io_err(&root.join(name), "read", e))?;
    Ok(Some(bytes))
}

/// The directory `rel` inside the desk, every step opened without following a link;
/// `None` when it (or a directory on the way) is not there.
fn dir_under(desk: &Path, rel: &Path) -> Result<Option<Dir>, StoreError> {
    Dir::under(desk, rel, false)
}

/// The bytes of the regular file at `rel` inside the desk, `None` when it (or a directory
/// on the way) is not there; a symlink or FIFO anywhere on the way is refused.
pub(crate) fn read_under(desk: &Path, rel: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    let (parent, name) = match (rel.parent(), rel.file_name()) {
        (Some(parent), Some(name)) => (parent, name),
        _ => {
            return Err(StoreError::Other(format!(
                "{}: not a file inside the desk {}",
                rel.display(),
                desk.display()
            )));
        }
    };
    let Some(dir) = dir_under(desk, parent)? else {
        return Ok(None);
    };
    let Some(mut f) = dir.open_plain(name, OFlags::RDONLY, None)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut f, &mut bytes)
        .map_err(|e| io_err(&dir.join(name), "read", e))?;
    Ok(Some(bytes))
}

/// Open the desk file at `path` to read it (a chunk, `desk.json`, an issue file): its last
/// step never through a symlink, never waiting on a FIFO, a regular file only. A member
/// who plants a FIFO there would hang every open, and a link to `/dev/zero` or a file of
/// yours would be read into the desk; both are refused in one line naming the file.
pub(crate) fn open_to_read(path: &Path) -> Result<File, StoreError> {
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(|e| {
        match rustix::fs::lstat(path) {
            Ok(st) if matches!(e, Errno::LOOP | Errno::NXIO) => planted(
                path.to_path_buf(),
                kind_words(FileType::from_raw_mode(st.st_mode)),
                "file",
            ),
            _ => errno_io(path, "open", e),
        }
    })?;
    let st = rustix::fs::fstat(&fd).map_err(|e| errno_io(path, "read", e))?;
    let ft = FileType::from_raw_mode(st.st_mode);
    if ft != FileType::RegularFile {
        return Err(planted(path.to_path_buf(), kind_words(ft), "file"));
    }
    Ok(File::from(fd))
}

/// The names in the desk directory `rel`, `None` when it is not there; a symlink on the
/// way is refused.
pub(crate) fn names_under(desk: &Path, rel: &Path) -> Result<Option<Vec<OsString>>, StoreError> {
    dir_under(desk, rel)?.map(|d| d.names()).transpose()
}

#[cfg(test)]
mod tests {
    use super::super::{BACKUP_DIR, ITEMS_DIR, JOURNAL_FILE, Store};
    use crate::model::{Edit, Item, ItemId, Touch};
    use std::fs;
    use std::os::unix::fs::symlink;

    type R = Result<(), Box<dyn std::error::Error>>;

    fn insert(n: u64) -> Edit {
        Edit::InsertItem {
            item: Item::new(ItemId(n), format!("Headline {n}"), vec!["Body.".into()]),
        }
    }

    /// A store with one saved item, and the other member's private file next to the desk.
    fn desk_and_victim() -> Result<
        (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf),
        Box<dyn std::error::Error>,
    > {
        let t = tempfile::tempdir()?;
        let desk = t.path().join("desk");
        let (mut store, mut desk_data) = Store::open(&desk)?;
        let e = insert(1);
        store.append_journal(std::slice::from_ref(&e))?;
        e.apply(&mut desk_data)?;
        store.save(&desk_data, &[Touch::Item(ItemId(1))])?;
        let victim = t.path().join("private.txt");
        fs::write(&victim, "the victim's own text\n")?;
        Ok((t, desk, victim))
    }

    fn one_line_planted(e: &super::StoreError, what: &str) -> bool {
        let s = e.to_string();
        s.contains(what) && s.contains("someone replaced a desk") && !s.contains('\n')
    }

    #[test]
    fn a_symlinked_journal_is_refused_and_its_target_untouched() -> R {
        let (_t, desk, victim) = desk_and_victim()?;
        // Planted while the editor works: the next action's journal append refuses.
        let (mut store, mut data) = Store::open(&desk)?;
        fs::remove_file(desk.join(JOURNAL_FILE))?;
        symlink(&victim, desk.join(JOURNAL_FILE))?;
        let e = insert(2);
        let err = store
            .append_journal(std::slice::from_ref(&e))
            .err()
            .ok_or("appended through a symlink")?;
        assert!(
            one_line_planted(&err, "journal.jsonl is a symbolic link, not a file"),
            "{err}"
        );
        e.apply(&mut data)?;
        // The save that follows never opens the journal through the link either.
        let _ = store.save(&data, &[Touch::Item(ItemId(2))]);
        assert_eq!(fs::read_to_string(&victim)?, "the victim's own text\n");
        drop(store);
        // Planted before: the open refuses, for the editor and for a reader.
        assert!(Store::open(&desk).is_err_and(|e| one_line_planted(&e, "is a symbolic link")));
        assert!(
            Store::open_read_only(&desk).is_err_and(|e| one_line_planted(&e, "is a symbolic link"))
        );
        assert_eq!(fs::read_to_string(&victim)?, "the victim's own text\n");
        Ok(())
    }

    #[test]
    fn a_fifo_for_a_journal_is_refused_without_waiting() -> R {
        let (_t, desk, _victim) = desk_and_victim()?;
        fs::remove_file(desk.join(JOURNAL_FILE))?;
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            desk.join(JOURNAL_FILE).as_path(),
            rustix::fs::Mode::from_raw_mode(0o600),
        )?;
        let err = Store::open(&desk)
            .err()
            .ok_or("opened a desk with a FIFO journal")?;
        assert!(
            one_line_planted(&err, "journal.jsonl is a FIFO, not a file"),
            "{err}"
        );
        Ok(())
    }

    #[test]
    fn a_chunk_or_desk_file_planted_as_a_fifo_is_refused_by_the_open_at_once() -> R {
        for name in ["items/000000.json", "desk.json"] {
            let (_t, desk, _victim) = desk_and_victim()?;
            let path = desk.join(name);
            fs::remove_file(&path)?;
            rustix::fs::mkfifoat(
                rustix::fs::CWD,
                path.as_path(),
                rustix::fs::Mode::from_raw_mode(0o600),
            )?;
            // Before, the open waited for a writer on the FIFO for ever.
            let err = Store::open(&desk)
                .err()
                .ok_or("opened a desk with a FIFO")?;
            let file = name.rsplit('/').next().unwrap_or(name);
            assert!(
                one_line_planted(&err, &format!("{file} is a FIFO, not a file")),
                "{err}"
            );
            // The quick read of `list` gives up, for the full open to say it.
            assert!(super::super::draft_heads(&desk).is_none());
        }
        Ok(())
    }

    #[test]
    fn a_symlinked_backup_directory_is_never_followed() -> R {
        let (t, desk, _victim) = desk_and_victim()?;
        let (mut store, mut data) = Store::open(&desk)?;
        // `.backup` swapped for a link to a directory of someone else's files, named as the
        // rotation would delete, rename and link them.
        let theirs = t.path().join("theirs");
        fs::create_dir_all(theirs.join(ITEMS_DIR))?;
        for n in 1..=3 {
            fs::write(
                theirs.join(ITEMS_DIR).join(format!("000000.json.{n}")),
                format!("theirs {n}\n"),
            )?;
        }
        let before = files_in(&theirs.join(ITEMS_DIR))?;
        // (Opening may already have made a real `.backup`: the attacker swaps it out.)
        if desk.join(BACKUP_DIR).exists() {
            fs::remove_dir_all(desk.join(BACKUP_DIR))?;
        }
        symlink(&theirs, desk.join(BACKUP_DIR))?;
        let e = insert(2);
        store.append_journal(std::slice::from_ref(&e))?;
        e.apply(&mut data)?;
        let err = store
            .save(&data, &[Touch::Item(ItemId(2))])
            .err()
            .ok_or("saved through a symlinked .backup")?;
        assert!(
            one_line_planted(&err, ".backup is a symbolic link, not a directory"),
            "{err}"
        );
        assert_eq!(files_in(&theirs.join(ITEMS_DIR))?, before);
        drop(store);
        assert!(
            Store::open(&desk).is_err_and(|e| one_line_planted(&e, ".backup is a symbolic link"))
        );
        Ok(())
    }

    #[test]
    fn a_symlinked_items_directory_is_refused() -> R {
        let (t, desk, _victim) = desk_and_victim()?;
        let (mut store, mut data) = Store::open(&desk)?;
        let theirs = t.path().join("theirs");
        fs::create_dir_all(&theirs)?;
        fs::write(theirs.join("notes.txt"), "mine\n")?;
        fs::rename(desk.join(ITEMS_DIR), t.path().join("old-items"))?;
        symlink(&theirs, desk.join(ITEMS_DIR))?;
        // The editor's next save does not write into it.
        let e = insert(2);
        store.append_journal(std::slice::from_ref(&e))?;
        e.apply(&mut data)?;
        assert!(store.save_all(&data).is_err());
        assert_eq!(
            files_in(&theirs)?,
            vec![("notes.txt".into(), "mine\n".into())]
        );
        drop(store);
        let err = Store::open(&desk)
            .err()
            .ok_or("opened through a symlinked items/")?;
        assert!(
            one_line_planted(&err, "items is a symbolic link, not a directory"),
            "{err}"
        );
        Ok(())
    }

    fn files_in(
        dir: &std::path::Path,
    ) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir)? {
            let e = e?;
            out.push((
                e.file_name().to_string_lossy().into_owned(),
                fs::read_to_string(e.path())?,
            ));
        }
        out.sort();
        Ok(out)
    }
}
