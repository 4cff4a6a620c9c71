//! Review logs on disk: `reviews/<issue>/<author>.jsonl`, one event a line.
//!
//! Every analyst appends only to their own file, so a reviewer never writes a file the
//! editor writes, and two people commenting at once never clobber each other. A line is
//! written in one `write` and fsynced; a reader skips a last line still being written.
//! Files take the desk directory's permissions (see `atomic::follow_dir_mode`).

use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::atomic::{self, io_err, sync_dir};
use super::{ISSUES_DIR, StoreError};
use crate::model::review::{Event, Review};
use crate::model::{Issue, IssueId};

pub const REVIEWS_DIR: &str = "reviews";

/// The name comments and decisions are signed with: the login name (`$USER`, `$LOGNAME`,
/// else the account's name), kept to letters, digits, `.`, `_` and `-` since it names a file.
pub fn login_name() -> String {
    let raw = std::env::var("USER")
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("LOGNAME").ok().filter(|s| !s.is_empty()))
        .or_else(account_name)
        .unwrap_or_default();
    author_name(&raw)
}

/// `raw` made safe as a file name; never empty.
pub fn author_name(raw: &str) -> String {
    let s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "unknown".into() } else { s }
}

fn account_name() -> Option<String> {
    // SAFETY: getpwuid returns a pointer into static storage or null; we copy the name out
    // at once and never keep the pointer.
    unsafe {
        let pw = libc::getpwuid(libc::getuid());
        if pw.is_null() || (*pw).pw_name.is_null() {
            return None;
        }
        Some(
            std::ffi::CStr::from_ptr((*pw).pw_name)
                .to_string_lossy()
                .into_owned(),
        )
    }
}

pub fn issue_dir(desk: &Path, issue: IssueId) -> PathBuf {
    desk.join(REVIEWS_DIR).join(issue.to_string())
}

pub fn log_path(desk: &Path, issue: IssueId, author: &str) -> PathBuf {
    issue_dir(desk, issue).join(format!("{author}.jsonl"))
}

/// Append one event to its author's log (`ev.by`), fsynced. Works on a desk someone else
/// holds: it touches no file of theirs.
pub fn append_event(desk: &Path, issue: IssueId, ev: &Event) -> Result<(), StoreError> {
    let author = author_name(&ev.by);
    let dir = issue_dir(desk, issue);
    if !dir.is_dir() {
        atomic::create_dir_like_parent(&dir).map_err(|e| io_err(&dir, "create directory", e))?;
        let _ = sync_dir(&desk.join(REVIEWS_DIR));
        let _ = sync_dir(desk);
    }
    let path = log_path(desk, issue, &author);
    let existed = path.exists();
    let mut f = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(&path)
        .map_err(|e| io_err(&path, "open review log", e))?;
    if !existed {
        atomic::follow_dir_mode(&f, &dir);
    }
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
    if !existed {
        sync_dir(&dir)?;
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
    let dir = issue_dir(desk, issue);
    let mut events = Vec::new();
    let mut problems = Vec::new();
    let rd = match fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((events, problems)),
        Err(e) => return Err(io_err(&dir, "list", e)),
    };
    let mut files: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for path in files {
        let author = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = fs::read(&path).map_err(|e| io_err(&path, "read", e))?;
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
    let m = fs::metadata(path).ok()?;
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
    super::parse_issue(&path, &bytes, issue.0).map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::review::{EventKind, Status, Target};
    use crate::model::{BulletId, IssueMeta};
    use chrono::{TimeZone, Utc};

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

    #[test]
    fn each_author_appends_to_their_own_log() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let id = IssueId(3);
        append_event(t.path(), id, &comment("bob", 1, 1))?;
        append_event(t.path(), id, &comment("alice", 1, 2))?;
        append_event(t.path(), id, &comment("bob", 2, 3))?;
        let bob = fs::read_to_string(log_path(t.path(), id, "bob"))?;
        assert_eq!(bob.lines().count(), 2);
        let (review, problems) = read_review(t.path(), id)?;
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(review.comments.len(), 3);
        assert_eq!(review.comments[1].id.by, "alice");
        Ok(())
    }

    #[test]
    fn torn_and_foreign_lines_are_skipped_and_told() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let id = IssueId(1);
        append_event(t.path(), id, &comment("bob", 1, 1))?;
        let path = log_path(t.path(), id, "bob");
        // A crash mid-line: the reader skips it, the next append starts a new line.
        let mut f = OpenOptions::new().append(true).open(&path)?;
        f.write_all(b"{\"at\":\"2026-")?;
        let (events, problems) = read_events(t.path(), id)?;
        assert_eq!((events.len(), problems.len()), (1, 0));
        append_event(t.path(), id, &comment("bob", 2, 2))?;
        // Someone else's event copied into bob's file.
        let mut f = OpenOptions::new().append(true).open(&path)?;
        f.write_all(serde_json::to_string(&comment("mallory", 1, 3))?.as_bytes())?;
        f.write_all(b"\n")?;
        let (events, problems) = read_events(t.path(), id)?;
        assert_eq!(events.len(), 2);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("bob.jsonl, line 2, column "),
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
        let empty = review_stamp(t.path(), id);
        append_event(t.path(), id, &comment("bob", 1, 1))?;
        let one = review_stamp(t.path(), id);
        assert_ne!(empty, one);
        append_event(t.path(), id, &comment("bob", 2, 2))?;
        assert_ne!(one, review_stamp(t.path(), id));
        Ok(())
    }

    #[test]
    fn author_names_are_safe_file_names() {
        assert_eq!(author_name("alice"), "alice");
        assert_eq!(author_name("../etc/passwd"), "_etc_passwd");
        assert_eq!(author_name(""), "unknown");
        assert_eq!(author_name("jörg"), "j_rg");
    }

    #[test]
    fn an_approval_keeps_its_snapshot() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let issue = Issue::new(IssueId(2), IssueMeta::default());
        let ev = Event {
            at: Utc::now(),
            by: "bob".into(),
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
