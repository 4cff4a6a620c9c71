//! Publishing an issue: is it approved as it reads now, the export written to its file, and
//! the record of that export in the exporter's own review log. `briefdesk export` and the
//! desk's export dialog both go through here, so they warn and record in the same words.

use std::path::Path;

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
pub fn not_approved(issue: &Issue, review: Result<&Review, &str>) -> Option<String> {
    match review {
        Ok(r) => r.not_approved(issue, &issue.meta.title),
        Err(e) => Some(format!(
            "issue {} \"{}\" may not be approved: its review cannot be read ({e})",
            issue.id, issue.meta.title
        )),
    }
}

/// Write an export to its file: atomically (a unique temp file, fsync, rename, fsync the
/// directory), so a reader never sees half of it and a failure leaves the old file.
pub fn write(path: &Path, text: &str) -> Result<(), store::StoreError> {
    store::write_atomic(path, text.as_bytes())
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
) -> Result<Option<Event>, String> {
    let review = review.map_err(|_| "its review could not be read".to_string())?;
    if !review.approved_as(issue) {
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
    fn an_unreadable_review_may_not_be_approved_and_is_not_recorded() {
        let why = not_approved(&issue(), Err("permission denied"));
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
        );
        assert_eq!(ev.err().as_deref(), Some("its review could not be read"));
    }

    #[test]
    fn exporting_a_draft_to_look_at_it_records_nothing() {
        let review = Review::fold(Vec::new());
        assert_eq!(
            not_approved(&issue(), Ok(&review)).as_deref(),
            Some("issue 3 \"Weekly Security Digest\" is Draft, not approved")
        );
        let ev = export_record(
            &issue(),
            Ok(&review),
            "ed",
            at(),
            Path::new("/srv/out/digest.md"),
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
        assert_eq!(not_approved(&issue(), Ok(&review)), None);
        let ev = export_record(
            &issue(),
            Ok(&review),
            "ed",
            at(),
            Path::new("/srv/out/digest.md"),
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
