//! Review logs on disk: `reviews/<issue>/<author>.jsonl`, one event a line.
//!
//! Every analyst appends only to their own file, so a reviewer never writes a file the
//! editor writes, and two people commenting at once never clobber each other. A line is
//! written in one `write` and fsynced; a reader skips a last line still being written.
//! A log is `0640`: the desk's group reads it, only its author writes it; a reader takes
//! a log only from a file its author's account owns.

use std::ffi::OsString;
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::OFlags;

use super::deskfs::Dir;
use super::doc::parse_issue;
use super::error::{StoreError, io_err};
use super::identity;
use super::layout::ISSUES_DIR;
pub use super::layout::REVIEWS_DIR;
use crate::model::review::{Event, Review};
use crate::model::{Issue, IssueId};

pub use super::identity::{author_name, login_name};

/// Review logs are readable by the desk's group, written by their author only.
const LOG_MODE: u32 = 0o640;

pub fn issue_dir(desk: &Path, issue: IssueId) -> PathBuf {
    desk.join(REVIEWS_DIR).join(issue.to_string())
}

pub fn log_path(desk: &Path, issue: IssueId, author: &str) -> PathBuf {
    issue_dir(desk, issue).join(format!("{author}.jsonl"))
}

/// Append one event to its author's log (`ev.by`), fsynced. Works on a desk someone else
/// holds: it touches no file of theirs. The log is opened without following a symlink,
/// must be a regular file owned by this process's user, and a new one is made `0640`.
pub fn append_event(desk: &Path, issue: IssueId, ev: &Event) -> Result<(), StoreError> {
    let author = author_name(&ev.by);
    let rel = Path::new(REVIEWS_DIR).join(issue.to_string());
    let dir = Dir::under(desk, &rel, true)?.ok_or_else(|| {
        io_err(
            &issue_dir(desk, issue),
            "create directory",
            std::io::ErrorKind::NotFound.into(),
        )
    })?;
    let name = OsString::from(format!("{author}.jsonl"));
    let path = dir.join(&name);
    let rw = OFlags::RDWR | OFlags::APPEND;
    let (mut f, created) = match dir.open_plain(&name, rw, Some(identity::my_uid()))? {
        Some(f) => (f, false),
        None => {
            let f = dir.create_new(&name, rw)?;
            let _ = f.set_permissions(fs::Permissions::from_mode(LOG_MODE));
            (f, true)
        }
    };
    let mut line = Vec::new();
    // A line cut short by a crash stays alone on its line; the new event starts afresh.
    if ends_torn(&mut f) {
        line.push(b'\n');
    }
    serde_json::to_writer(&mut line, ev)
        .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", path.display())))?;
    line.push(b'\n');
    f.write_all(&line)
        .and_then(|()| f.sync_data())
        .map_err(|e| io_err(&path, "append to review log", e))?;
    if created {
        dir.sync()?;
    }
    Ok(())
}

fn ends_torn(f: &mut fs::File) -> bool {
    let mut last = [0u8; 1];
    f.seek(SeekFrom::End(-1)).is_ok() && f.read_exact(&mut last).is_ok() && last[0] != b'\n'
}

/// Every author's events for an issue, and what was wrong in the logs (a line that is not
/// an event, an event signed by someone other than the file's author: each skipped and
/// reported with its path and line). No logs yet is an empty review.
pub fn read_events(desk: &Path, issue: IssueId) -> Result<(Vec<Event>, Vec<String>), StoreError> {
    let rel = Path::new(REVIEWS_DIR).join(issue.to_string());
    let mut events = Vec::new();
    let mut problems = Vec::new();
    let Some(dir) = Dir::under(desk, &rel, false)? else {
        return Ok((events, problems));
    };
    let mut names: Vec<OsString> = dir
        .names()?
        .into_iter()
        .filter(|n| Path::new(n).extension().is_some_and(|x| x == "jsonl"))
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let author = Path::new(&name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut f = match dir.open_plain(&name, OFlags::RDONLY, None) {
            Ok(Some(f)) => f,
            Ok(None) => continue,
            Err(e @ StoreError::NotPlain { .. }) => {
                problems.push(format!("{e}; skipped"));
                continue;
            }
            Err(e) => return Err(e),
        };
        // A log speaks for its author only if it is the author's account that owns the
        // file: a group member can add a file to the directory, not one in someone
        // else's name.
        let owner = f.metadata().map_err(|e| io_err(&path, "read", e))?.uid();
        let owner = identity::name_of(owner);
        if owner != author {
            let e = StoreError::NotYours {
                path,
                owner,
                me: author,
            };
            problems.push(format!("{e}; skipped"));
            continue;
        }
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)
            .map_err(|e| io_err(&path, "read", e))?;
        let text = String::from_utf8_lossy(&bytes);
        let complete = text.rfind('\n').map_or("", |i| &text[..i]);
        for (n, line) in complete.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Event>(line) {
                Ok(ev) if author_name(&ev.by) == author => events.push(ev),
                Ok(ev) => problems.push(format!(
                    "{}, line {}: signed by {:?}, not by the file's author {author:?}; skipped",
                    path.display(),
                    n + 1,
                    ev.by
                )),
                Err(e) => problems.push(format!(
                    "{}, line {}, column {}: not a review event ({e}); skipped",
                    path.display(),
                    n + 1,
                    e.column()
                )),
            }
        }
    }
    Ok((events, problems))
}

/// The review state of an issue, and the problems met reading it.
pub fn read_review(desk: &Path, issue: IssueId) -> Result<(Review, Vec<String>), StoreError> {
    let (events, problems) = read_events(desk, issue)?;
    Ok((Review::fold(events), problems))
}

/// What a poller compares to see that an issue or its review changed on disk: the issue
/// file and every review log (name, inode, size, modification time). Cheap: a few stats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamp(Vec<(String, u64, u64, i64, i64)>);

fn stamp_of(name: String, path: &Path) -> Option<(String, u64, u64, i64, i64)> {
    let m = fs::symlink_metadata(path).ok()?;
    Some((name, m.ino(), m.len(), m.mtime(), m.mtime_nsec()))
}

/// The issue file's stamp.
pub fn issue_stamp(desk: &Path, issue: IssueId) -> Stamp {
    let path = desk.join(ISSUES_DIR).join(format!("{issue}.json"));
    Stamp(stamp_of(String::new(), &path).into_iter().collect())
}

/// The review logs' stamp.
pub fn review_stamp(desk: &Path, issue: IssueId) -> Stamp {
    let dir = issue_dir(desk, issue);
    let mut out: Vec<_> = fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| stamp_of(e.file_name().to_string_lossy().into_owned(), &e.path()))
        .collect();
    out.sort();
    Stamp(out)
}

/// Read one issue as it is on disk now (for a reviewer following the editor's saves).
pub fn read_issue(desk: &Path, issue: IssueId) -> Result<Issue, StoreError> {
    let path = desk.join(ISSUES_DIR).join(format!("{issue}.json"));
    let bytes = fs::read(&path).map_err(|e| io_err(&path, "read", e))?;
    parse_issue(&path, &bytes, issue.0).map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::review::{EventKind, Status, Target};
    use crate::model::{BulletId, IssueMeta};
    use chrono::{TimeZone, Utc};
    use std::fs::OpenOptions;

    fn comment(by: &str, n: u64, min: u32) -> Event {
        Event {
            at: Utc
                .with_ymd_and_hms(2026, 11, 23, 9, min, 0)
                .single()
                .unwrap_or_default(),
            by: by.into(),
            kind: EventKind::Comment {
                n,
                on: Target::Bullet(BulletId(1)),
                text: format!("note {n}"),
            },
        }
    }

    /// An account of this host other than the one running the tests.
    fn someone_else() -> Option<String> {
        let me = login_name();
        ["nobody", "daemon", "bin"]
            .into_iter()
            .find(|n| *n != me && identity::account_uid(n).is_some())
            .map(String::from)
    }

    #[test]
    fn each_author_appends_to_their_own_log() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let id = IssueId(3);
        let me = login_name();
        append_event(t.path(), id, &comment(&me, 1, 1))?;
        append_event(t.path(), id, &comment(&me, 2, 3))?;
        let mine = fs::read_to_string(log_path(t.path(), id, &me))?;
        assert_eq!(mine.lines().count(), 2);
        let (review, problems) = read_review(t.path(), id)?;
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(review.comments.len(), 2);
        assert_eq!(review.comments[1].id.by, me);
        Ok(())
    }

    #[test]
    fn a_log_in_another_accounts_name_is_skipped_and_told() -> Result<(), Box<dyn std::error::Error>>
    {
        let t = tempfile::tempdir()?;
        let id = IssueId(3);
        let me = login_name();
        append_event(t.path(), id, &comment(&me, 1, 1))?;
        // A group member makes `<victim>.jsonl` themselves: its owner is not the victim.
        let Some(victim) = someone_else() else {
            println!("skipped: no second account in the account database");
            return Ok(());
        };
        append_event(t.path(), id, &comment(&victim, 1, 2))?;
        // And a log for a name no account has.
        append_event(t.path(), id, &comment("ghost-analyst", 1, 3))?;
        let (review, problems) = read_review(t.path(), id)?;
        assert_eq!(review.comments.len(), 1, "{problems:?}");
        assert_eq!(review.comments[0].id.by, me);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains(&format!(
                "ghost-analyst.jsonl belongs to {me}, not to ghost-analyst"
            )),
            "{problems:?}"
        );
        assert!(
            problems[1].contains(&format!("{victim}.jsonl belongs to {me}, not to {victim}")),
            "{problems:?}"
        );
        Ok(())
    }

    #[test]
    fn a_new_log_is_0640_whatever_the_desk_mode() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        fs::set_permissions(t.path(), fs::Permissions::from_mode(0o2770))?;
        let me = login_name();
        append_event(t.path(), IssueId(1), &comment(&me, 1, 1))?;
        let mode = fs::metadata(log_path(t.path(), IssueId(1), &me))?
            .permissions()
            .mode();
        assert_eq!(mode & 0o7777, 0o640);
        // The directories follow the desk's (setgid included), so the team can add logs.
        let dmode = fs::metadata(issue_dir(t.path(), IssueId(1)))?
            .permissions()
            .mode();
        assert_eq!(dmode & 0o7777, 0o2770);
        Ok(())
    }

    #[test]
    fn a_symlinked_or_fifo_log_is_refused_and_its_target_untouched()
    -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let id = IssueId(3);
        let me = login_name();
        let victim = t.path().join("bashrc");
        fs::write(&victim, "alias ls='ls -F'\n")?;
        fs::create_dir_all(issue_dir(t.path(), id))?;
        std::os::unix::fs::symlink(&victim, log_path(t.path(), id, &me))?;
        let err = append_event(t.path(), id, &comment(&me, 1, 1))
            .err()
            .ok_or("an append through a symlink succeeded")?
            .to_string();
        assert!(
            err.contains(&format!(
                "{me}.jsonl is a symbolic link, not a file: someone replaced"
            )) && err.contains("briefdesk doctor")
                && !err.contains('\n'),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&victim)?, "alias ls='ls -F'\n");
        // A reader skips it and says so.
        let (events, problems) = read_events(t.path(), id)?;
        assert!(events.is_empty());
        assert!(problems[0].contains("is a symbolic link"), "{problems:?}");

        // A FIFO in its place: refused at once, not waited on.
        fs::remove_file(log_path(t.path(), id, &me))?;
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            log_path(t.path(), id, &me).as_path(),
            rustix::fs::Mode::from_raw_mode(0o600),
        )?;
        let err = append_event(t.path(), id, &comment(&me, 1, 1))
            .err()
            .ok_or("an append to a FIFO succeeded")?
            .to_string();
        assert!(err.contains("is a FIFO, not a file"), "{err}");
        let (_, problems) = read_events(t.path(), id)?;
        assert!(problems[0].contains("is a FIFO"), "{problems:?}");
        Ok(())
    }

    #[test]
    fn a_symlinked_reviews_directory_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let desk = t.path().join("desk");
        let elsewhere = t.path().join("elsewhere");
        fs::create_dir_all(&desk)?;
        fs::create_dir_all(elsewhere.join("3"))?;
        std::os::unix::fs::symlink(&elsewhere, desk.join(REVIEWS_DIR))?;
        let me = login_name();
        let err = append_event(&desk, IssueId(3), &comment(&me, 1, 1))
            .err()
            .ok_or("an append through a symlinked directory succeeded")?
            .to_string();
        assert!(
            err.contains("reviews is a symbolic link, not a directory"),
            "{err}"
        );
        assert_eq!(fs::read_dir(elsewhere.join("3"))?.count(), 0);
        assert!(read_events(&desk, IssueId(3)).is_err());
        Ok(())
    }

    #[test]
    fn a_log_owned_by_someone_else_is_not_appended_to() -> Result<(), Box<dyn std::error::Error>> {
        if identity::my_uid() != 0 {
            println!("skipped: giving a file to another uid needs root");
            return Ok(());
        }
        let t = tempfile::tempdir()?;
        let id = IssueId(1);
        let me = login_name();
        append_event(t.path(), id, &comment(&me, 1, 1))?;
        let path = log_path(t.path(), id, &me);
        std::os::unix::fs::chown(&path, Some(1), None)?;
        let before = fs::read(&path)?;
        let err = append_event(t.path(), id, &comment(&me, 2, 2))
            .err()
            .ok_or("appended to someone else's file")?
            .to_string();
        assert!(err.contains(&format!("{me}.jsonl belongs to ")), "{err}");
        assert_eq!(fs::read(&path)?, before);
        Ok(())
    }

    #[test]
    fn torn_and_foreign_lines_are_skipped_and_told() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let id = IssueId(1);
        let me = login_name();
        append_event(t.path(), id, &comment(&me, 1, 1))?;
        let path = log_path(t.path(), id, &me);
        // A crash mid-line: the reader skips it, the next append starts a new line.
        let mut f = OpenOptions::new().append(true).open(&path)?;
        f.write_all(b"{\"at\":\"2026-")?;
        let (events, problems) = read_events(t.path(), id)?;
        assert_eq!((events.len(), problems.len()), (1, 0));
        append_event(t.path(), id, &comment(&me, 2, 2))?;
        // Someone else's event copied into my file.
        let mut f = OpenOptions::new().append(true).open(&path)?;
        f.write_all(serde_json::to_string(&comment("mallory", 1, 3))?.as_bytes())?;
        f.write_all(b"\n")?;
        let (events, problems) = read_events(t.path(), id)?;
        assert_eq!(events.len(), 2);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains(&format!("{me}.jsonl, line 2, column ")),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("line 4: signed by \"mallory\""),
            "{problems:?}"
        );
        Ok(())
    }

    #[test]
    fn stamps_move_when_a_log_grows() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let id = IssueId(1);
        let me = login_name();
        let empty = review_stamp(t.path(), id);
        append_event(t.path(), id, &comment(&me, 1, 1))?;
        let one = review_stamp(t.path(), id);
        assert_ne!(empty, one);
        append_event(t.path(), id, &comment(&me, 2, 2))?;
        assert_ne!(one, review_stamp(t.path(), id));
        Ok(())
    }

    #[test]
    fn an_approval_keeps_its_snapshot() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let issue = Issue::new(IssueId(2), IssueMeta::default());
        let ev = Event {
            at: Utc::now(),
            by: login_name(),
            kind: EventKind::Status {
                to: Status::Approved,
                note: String::new(),
                snapshot: Some(Box::new(issue.clone())),
            },
        };
        append_event(t.path(), issue.id, &ev)?;
        let (review, _) = read_review(t.path(), issue.id)?;
        assert!(review.approved_as(&issue));
        Ok(())
    }
}
