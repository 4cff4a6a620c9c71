//! `briefdesk export`: an issue to md, txt, html or json, on stdout or to a file.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::desk::{open_to_read_store, pick_issue, read_events_warned};
use crate::format::export::{self, AssessmentStyle};
use crate::model::{Issue, Review};
use crate::ops::{identity, publish};
use crate::store;

/// `--ladder-legend` and `--require-clean`.
pub(super) struct Tradecraft {
    pub ladder_legend: bool,
    pub require_clean: bool,
}

pub(super) fn export_issue(
    flag: Option<&Path>,
    key: Option<&str>,
    format: export::Format,
    assessments: AssessmentStyle,
    output: Option<&Path>,
    require_approved: bool,
    tradecraft: Tradecraft,
) -> Result<()> {
    let (store, desk) = open_to_read_store(flag)?;
    let dir = store.dir().to_path_buf();
    let issue = pick_issue(&desk, key)?;
    // A bad ladder setting stops only an export that asks for tradecraft by a flag.
    let ladder = match store.settings() {
        Ok(s) => Some(s.ladder),
        Err(e) if tradecraft.ladder_legend || tradecraft.require_clean => bail!("{e}"),
        Err(e) => {
            tell!("warning: {e}; the tradecraft check was skipped");
            None
        }
    };
    let findings = ladder.and_then(|l| publish::findings_warning(issue, l));
    if let Some(findings) = findings {
        if tradecraft.require_clean {
            bail!(
                "issue {} has {findings}: fix them or mark the bullets checked, or export without --require-clean; nothing was written",
                issue.id
            );
        }
        tell!("warning: {findings}");
    }
    let review = read_events_warned(&dir, issue.id)
        .map(Review::fold)
        .map_err(|e| e.to_string());
    let unapproved = publish::not_approved(issue, review.as_ref().map_err(String::as_str));
    if let Some(why) = &unapproved {
        if require_approved {
            bail!(
                "{why}: approve it first (`briefdesk review`, then Y), or export without --require-approved; nothing was written"
            );
        }
        tell!("warning: {why}");
    }
    let mut done = export::export(issue, format, &export::Options { assessments });
    if let Some(l) = ladder.filter(|_| tradecraft.ladder_legend)
        && !crate::format::legend::append(&mut done.text, format, l)
    {
        tell!("warning: json has no ladder legend: left out");
    }
    for w in &done.warnings {
        tell!("warning: {w}");
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
