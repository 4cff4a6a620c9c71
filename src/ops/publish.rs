//! Publishing an issue: is it approved as it reads now, the export written to its file, and
//! the record of that export in the exporter's own review log. `briefdesk export` and the
//! desk's export dialog both go through here, so they warn and record in the same words.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::model::review::Event;
use crate::model::{Issue, Review, Status};
use crate::store;

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
/// issue as exported (what `briefdesk diff` compares with next). Appending it to the
/// signer's own log is the caller's: the command line to the desk directory, the desk
/// through its `ReviewIo`.
pub fn export_record(
    issue: &Issue,
    review: Result<&Review, &str>,
    by: &str,
    at: DateTime<Utc>,
    file: &Path,
) -> Result<Event, String> {
    let review = review.map_err(|_| "its review could not be read".to_string())?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    review.status_event(issue, by, at, Status::Exported, &format!("to {name}"))
}
