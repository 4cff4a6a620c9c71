//! `briefdesk export`: an issue to md, txt, html or json, on stdout or to a file.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use chrono::Utc;

use super::{open_to_read, pick_issue, read_events_warned};
use crate::export::{self, AssessmentStyle};
use crate::model::{Issue, Review, Status};
use crate::store;

pub(super) fn export_issue(
    flag: Option<&Path>,
    key: Option<&str>,
    format: export::Format,
    assessments: AssessmentStyle,
    output: Option<&Path>,
    require_approved: bool,
) -> Result<()> {
    let (dir, desk) = open_to_read(flag)?;
    let issue = pick_issue(&desk, key)?;
    let review = read_events_warned(&dir, issue.id).map(Review::fold);
    let title = crate::model::text::for_display(&issue.meta.title);
    let unapproved = match &review {
        Ok(review) => review.not_approved(issue, &title),
        Err(e) => Some(format!(
            "issue {} \"{}\" may not be approved: its review cannot be read ({e})",
            issue.id, title
        )),
    };
    if let Some(why) = &unapproved {
        if require_approved {
            bail!(
                "{why}: approve it first (`briefdesk review`, then Y), or export without --require-approved; nothing was written"
            );
        }
        tell!("warning: {why}");
    }
    let done = export::export(issue, format, &export::Options { assessments });
    for w in &done.warnings {
        tell!("warning: {w}");
    }
    match output {
        Some(path) => {
            store::write_atomic(path, done.text.as_bytes())
                .map_err(|e| anyhow!("{}: cannot write the export: {e}", path.display()))?;
            tell!("wrote {}", path.display());
            if let Err(e) = record_export(&dir, review.ok(), issue, path) {
                tell!(
                    "warning: the export was written, but not recorded in the review history: {e}"
                );
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(done.text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Record a finished export to a file in the issue's review history (the exporter's own
/// log), with the issue as exported, so `briefdesk diff` can show what changed since.
pub(super) fn record_export(
    dir: &Path,
    review: Option<Review>,
    issue: &Issue,
    path: &Path,
) -> Result<(), String> {
    let review = review.ok_or("its review could not be read")?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let ev = review.status_event(
        issue,
        &store::review::login_name(),
        Utc::now(),
        Status::Exported,
        &format!("to {name}"),
    )?;
    store::review::append_event(dir, issue.id, &ev).map_err(|e| e.to_string())
}
