//! `briefdesk diff`: what changed in an issue since it was last approved or exported.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::desk::{open_to_read, pick_issue, read_events_warned};
use crate::model::review::Transition;
use crate::model::{IssueId, Review, Status};

/// `briefdesk diff`: the changes of an issue since its last approval or export.
pub(super) fn diff(flag: Option<&Path>, key: Option<&str>, json: bool) -> Result<()> {
    let (dir, desk) = open_to_read(flag)?;
    let issue = pick_issue(&desk, key)?;
    let events = read_events_warned(&dir, issue.id)?;
    let review = Review::fold(events);
    let since = review.baseline.as_ref().map(|(k, _)| &review.history[*k]);
    let changes = review.changes_since(issue);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        let doc = DiffDoc {
            issue: issue.id,
            title: &issue.meta.title,
            status: review.status,
            since,
            changes: &changes,
        };
        crate::format::json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        let title = crate::model::text::for_display(&issue.meta.title);
        match review.baseline_label() {
            Some(since) => writeln!(out, "issue {} \"{title}\": changes since {since}", issue.id)?,
            None => writeln!(
                out,
                "issue {} \"{title}\": no approval or export yet, so everything is new",
                issue.id
            )?,
        }
        if changes.is_empty() {
            writeln!(out, "no changes")?;
        }
        for c in &changes {
            writeln!(out, "{}", crate::model::text::for_display(&c.describe()))?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `briefdesk diff --json`.
#[derive(serde::Serialize)]
struct DiffDoc<'a> {
    issue: IssueId,
    title: &'a str,
    status: Status,
    /// The approval or export compared against; `null` when there is none yet.
    since: Option<&'a Transition>,
    changes: &'a [crate::model::diff::Change],
}
