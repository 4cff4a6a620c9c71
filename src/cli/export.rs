//! `briefdesk export`: an issue to md, txt, html or json, on stdout or to a file.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::desk::{open_to_read, pick_issue, read_events_warned};
use crate::format::export::{self, AssessmentStyle, SourceStyle};
use crate::model::{Issue, Review, Tlp};
use crate::ops::{identity, publish};
use crate::store;

/// Issue #17: `--sources` and `--max-tlp`, as given.
pub(super) struct Marking {
    pub sources: SourceStyle,
    pub max_tlp: Option<String>,
}

pub(super) fn export_issue(
    flag: Option<&Path>,
    key: Option<&str>,
    format: export::Format,
    assessments: AssessmentStyle,
    output: Option<&Path>,
    require_approved: bool,
    marking: Marking,
) -> Result<()> {
    let max_tlp = (marking.max_tlp.as_deref())
        .map(Tlp::parse)
        .transpose()
        .map_err(|e| anyhow!("--max-tlp: {e}; nothing was written"))?;
    let opts = export::Options {
        assessments,
        sources: marking.sources,
        max_tlp,
    };
    let (dir, desk) = open_to_read(flag)?;
    let issue = pick_issue(&desk, key)?;
    let review = read_events_warned(&dir, issue.id)
        .map(Review::fold)
        .map_err(|e| e.to_string());
    // Issue #17: an issue marked above the ceiling is refused before anything is said.
    let done = publish::render(issue, format, &opts).map_err(|e| anyhow!("{e}"))?;
    let unapproved = publish::not_approved(issue, review.as_ref().map_err(String::as_str));
    if let Some(why) = &unapproved {
        if require_approved {
            bail!(
                "{why}: approve it first (`briefdesk review`, then Y), or export without --require-approved; nothing was written"
            );
        }
        tell!("warning: {why}");
    }
    for w in &done.warnings {
        tell!("warning: {w}");
    }
    for line in publish::marking_lines(&done, max_tlp) {
        tell!("{line}");
    }
    match output {
        Some(path) => {
            publish::write(path, &done.text)
                .map_err(|e| anyhow!("{}: cannot write the export: {e}", path.display()))?;
            tell!("wrote {}", path.display());
            if let Err(e) = record_export(&dir, &review, issue, path) {
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
fn record_export(
    dir: &Path,
    review: &Result<Review, String>,
    issue: &Issue,
    path: &Path,
) -> Result<(), String> {
    let ev = publish::export_record(
        issue,
        review.as_ref().map_err(String::as_str),
        &identity::login_name(),
        identity::now(),
        path,
    )?;
    match ev {
        Some(ev) => store::review::append_event(dir, issue.id, &ev).map_err(|e| e.to_string()),
        None => Ok(()),
    }
}
