//! Publishing an issue: is it approved as it reads now, the export written to its file, and
//! the record of that export in the exporter's own review log. `briefdesk export` and the
//! desk's export dialog both go through here, so they warn and record in the same words.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::format::export::{self, Exported, Format, Options};
use crate::model::review::Event;
use crate::model::{Issue, Review, Status, Tlp};
use crate::store;

/// Issue #17: the export of `issue`, under `opts.max_tlp`; refused (one line, nothing
/// written) when the issue itself is marked above that ceiling, since none of it may go out
/// there.
pub fn render(issue: &Issue, format: Format, opts: &Options) -> Result<Exported, String> {
    if let (Some(own), Some(max)) = (issue.meta.tlp, opts.max_tlp)
        && own > max
    {
        return Err(format!(
            "issue {} is marked {own}, above --max-tlp {}: none of it may go out at {max}; lower its marking (issue edit --tlp) or raise the ceiling; nothing was written",
            issue.id,
            max.word()
        ));
    }
    Ok(export::export(issue, format, opts))
}

/// Issue #17: what the command line and the desk say after an export: the marking it went
/// out under (an unmarked export says nothing), and the bullets the ceiling left out.
pub fn marking_lines(done: &Exported, max: Option<Tlp>) -> Vec<String> {
    let mut lines: Vec<String> = done.tlp.iter().map(|t| format!("marked {t}")).collect();
    if let Some(max) = max
        && done.left_out > 0
    {
        let n = done.left_out;
        let bullets = if n == 1 { "bullet" } else { "bullets" };
        let mut line = format!("left out {n} {bullets} marked above {max}");
        if done.left_out_with_sub_points > n {
            line.push_str(&format!(
                " ({} with their sub-points)",
                done.left_out_with_sub_points
            ));
        }
        lines.push(line);
    }
    lines
}

/// Why `issue` may not go out as it reads now; `None` when it is approved as it reads.
/// `review` is its review, or why that could not be read (then it may not be approved).
/// The title is as the desk holds it: callers show the line through `for_display`.
/// `four_eyes`: the desk's `review.require_other_approver` (an approval by one of the
/// issue's own changers, from before the rule was on, does not count).
pub fn not_approved(
    issue: &Issue,
    review: Result<&Review, &str>,
    four_eyes: bool,
) -> Option<String> {
    match review {
        Ok(r) => r.not_approved(issue, &issue.meta.title, four_eyes),
        Err(e) => Some(format!(
            "issue {} \"{}\" may not be approved: its review cannot be read ({e})",
            issue.id, issue.meta.title
        )),
    }
}

/// Tradecraft before publishing: how many findings the issue has on `ladder` (bullets
/// marked checked aside), as the one line to warn with; `None` when it is clean.
/// `export --require-clean` refuses on it; the desk's export dialog warns with it.
pub fn findings_warning(issue: &Issue, ladder: crate::model::settings::Ladder) -> Option<String> {
    let n = crate::model::tradecraft::check_issue(issue, ladder).len();
    match n {
        0 => None,
        1 => Some(format!(
            "1 tradecraft finding ({} ladder): see `briefdesk check`",
            ladder.name()
        )),
        n => Some(format!(
            "{n} tradecraft findings ({} ladder): see `briefdesk check`",
            ladder.name()
        )),
    }
}

/// Write an export to its file: atomically (a unique temp file, fsync, rename, fsync the
/// directory), so a reader never sees half of it and a failure leaves the old file.
pub fn write(path: &Path, text: &str) -> Result<(), store::StoreError> {
    store::write_atomic(path, text.as_bytes())
}

/// The formats "all formats" writes, in the order it writes them.
pub const ALL_FORMATS: [Format; 4] = [Format::Md, Format::Txt, Format::Html, Format::Json];

/// The files "all formats" writes for `path`: its stem (the path without an `.md`, `.txt`,
/// `.html` or `.json` it ends in) with each format's extension: `digest.md` or `digest`
/// gives `digest.md`, `digest.txt`, `digest.html`, `digest.json`.
pub fn all_paths(path: &Path) -> Vec<(Format, PathBuf)> {
    let known = |e: &str| ALL_FORMATS.iter().any(|f| f.extension() == e);
    let stem = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if known(e) => path.with_extension(""),
        _ => path.to_path_buf(),
    };
    ALL_FORMATS
        .iter()
        .map(|f| {
            // Appended, not `with_extension`: `digest.v2` keeps its `.v2`.
            let mut name = stem.clone().into_os_string();
            name.push(".");
            name.push(f.extension());
            (*f, PathBuf::from(name))
        })
        .collect()
}

/// What an "all formats" export did: the files written, in order, their warnings, and the
/// first file that could not be written (nothing after it is tried).
#[derive(Debug, Default)]
pub struct AllWritten {
    pub files: Vec<PathBuf>,
    pub warnings: Vec<String>,
    pub failed: Option<(PathBuf, String)>,
    /// What the exports say of their marking ([`marking_lines`]: the same for all four).
    pub marking: Vec<String>,
}

impl AllWritten {
    /// One line: what was written, or the first error and what was written before it.
    pub fn summary(&self) -> String {
        let names = |files: &[PathBuf]| {
            files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some((path, e)) = &self.failed else {
            return format!("wrote {}", names(&self.files));
        };
        // The store's errors name their file already; a missing directory names that.
        let what = if e.contains(&path.display().to_string()) {
            e.clone()
        } else {
            format!("cannot write {}: {e}", path.display())
        };
        if self.files.is_empty() {
            format!("{what}; nothing was written")
        } else {
            format!("{what}; written before it: {}", names(&self.files))
        }
    }
}

/// Write md, txt, html and json side by side ([`all_paths`]), each atomically, stopping at
/// the first failure.
pub fn write_all(
    issue: &Issue,
    opts: &export::Options,
    path: &Path,
    legend: Option<crate::model::settings::Ladder>,
) -> Result<AllWritten, String> {
    let mut out = AllWritten::default();
    for (format, file) in all_paths(path) {
        // An issue marked above the ceiling is refused before any file is written.
        let mut done = render(issue, format, opts)?;
        if out.marking.is_empty() {
            out.marking = marking_lines(&done, opts.max_tlp);
        }
        // The ladder legend where a format has one (json has none).
        if let Some(l) = legend {
            crate::format::legend::append(&mut done.text, format, l);
        }
        if let Err(e) = write(&file, &done.text) {
            out.failed = Some((file, e.to_string()));
            break;
        }
        for w in done.warnings {
            if !out.warnings.contains(&w) {
                out.warnings.push(w);
            }
        }
        out.files.push(file);
    }
    Ok(out)
}

/// The Exported transition for an export written to `file`, signed `by` at `at`, with the
/// issue as exported (what `briefdesk diff` compares with next); `None` when the issue is
/// not approved as it reads: exporting a draft to look at it leaves its status alone.
/// Appending it to the signer's own log is the caller's: the command line to the desk
/// directory, the desk through its `ReviewIo`.
pub fn export_record(
    issue: &Issue,
    review: Result<&Review, &str>,
    by: &str,
    at: DateTime<Utc>,
    file: &Path,
    four_eyes: bool,
) -> Result<Option<Event>, String> {
    let review = review.map_err(|_| "its review could not be read".to_string())?;
    if review
        .not_approved(issue, &issue.meta.title, four_eyes)
        .is_some()
    {
        return Ok(None);
    }
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    review
        .status_event(issue, by, at, Status::Exported, &format!("to {name}"))
        .map(Some)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::model::review::EventKind;
    use crate::model::{IssueId, IssueMeta};

    fn issue() -> Issue {
        Issue::new(
            IssueId(3),
            IssueMeta {
                title: "Weekly Security Digest".into(),
                ..IssueMeta::default()
            },
        )
    }

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 10, 15, 0)
            .single()
            .expect("a time")
    }

    #[test]
    fn all_formats_are_named_from_the_stem() {
        let names = |p: &str| -> Vec<String> {
            all_paths(Path::new(p))
                .into_iter()
                .map(|(_, f)| f.display().to_string())
                .collect()
        };
        let want = [
            "/o/digest.md",
            "/o/digest.txt",
            "/o/digest.html",
            "/o/digest.json",
        ];
        assert_eq!(names("/o/digest.md"), want);
        assert_eq!(names("/o/digest"), want);
        assert_eq!(names("/o/digest.json"), want);
        assert_eq!(names("/o/digest.v2")[0], "/o/digest.v2.md");
    }

    #[test]
    fn all_formats_write_four_files_or_say_the_first_failure_and_what_came_before() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let done = write_all(
            &issue(),
            &export::Options::default(),
            &dir.path().join("d"),
            None,
        )
        .unwrap();
        assert!(done.failed.is_none(), "{done:?}");
        assert_eq!(done.files.len(), 4);
        for (f, p) in all_paths(&dir.path().join("d")) {
            let text = std::fs::read_to_string(&p).expect("written");
            assert_eq!(
                text,
                export::export(&issue(), f, &export::Options::default()).text
            );
        }
        assert!(done.summary().starts_with("wrote "), "{}", done.summary());
        // A directory where the html file goes: md and txt are written, then it stops.
        let other = dir.path().join("e");
        std::fs::create_dir(dir.path().join("e.html")).expect("a dir in the way");
        let done = write_all(&issue(), &export::Options::default(), &other, None).unwrap();
        assert_eq!(done.files.len(), 2);
        assert!(
            !dir.path().join("e.json").exists(),
            "nothing after the failure"
        );
        let line = done.summary();
        assert!(
            line.starts_with(&format!("{}: ", dir.path().join("e.html").display())),
            "{line}"
        );
        assert!(
            line.ends_with(&format!(
                "written before it: {}, {}",
                dir.path().join("e.md").display(),
                dir.path().join("e.txt").display()
            )),
            "{line}"
        );
        assert_eq!(line.lines().count(), 1);
    }

    #[test]
    fn an_unreadable_review_may_not_be_approved_and_is_not_recorded() {
        let why = not_approved(&issue(), Err("permission denied"), false);
        assert_eq!(
            why.as_deref(),
            Some(
                "issue 3 \"Weekly Security Digest\" may not be approved: its review cannot be read (permission denied)"
            )
        );
        let ev = export_record(
            &issue(),
            Err("permission denied"),
            "ed",
            at(),
            Path::new("/srv/out/digest.md"),
            false,
        );
        assert_eq!(ev.err().as_deref(), Some("its review could not be read"));
    }

    #[test]
    fn exporting_a_draft_to_look_at_it_records_nothing() {
        let review = Review::fold(Vec::new());
        assert_eq!(
            not_approved(&issue(), Ok(&review), false).as_deref(),
            Some("issue 3 \"Weekly Security Digest\" is Draft, not approved")
        );
        let ev = export_record(
            &issue(),
            Ok(&review),
            "ed",
            at(),
            Path::new("/srv/out/digest.md"),
            false,
        );
        assert_eq!(ev, Ok(None));
    }

    #[test]
    fn an_export_is_recorded_with_the_file_name_and_the_issue_as_exported() {
        let draft = Review::fold(Vec::new());
        let approve = draft
            .status_event(&issue(), "rev", at(), Status::Approved, "")
            .expect("a Draft may be approved");
        let review = Review::fold(vec![approve]);
        assert_eq!(not_approved(&issue(), Ok(&review), false), None);
        let ev = export_record(
            &issue(),
            Ok(&review),
            "ed",
            at(),
            Path::new("/srv/out/digest.md"),
            false,
        )
        .expect("an approved issue may be exported")
        .expect("and its export is recorded");
        assert_eq!((ev.by.as_str(), ev.at), ("ed", at()));
        match ev.kind {
            EventKind::Status {
                to: Status::Exported,
                note,
                snapshot: Some(s),
            } => assert_eq!((note.as_str(), *s), ("to digest.md", issue())),
            other => panic!("not an export: {other:?}"),
        }
    }
}
