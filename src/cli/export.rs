//! `briefdesk export`: an issue to md, txt, html or json, on stdout or to a file.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::desk::{open_to_read_store, pick_issue, read_events_warned};
use crate::format::export::{self, AssessmentStyle, SourceStyle};
use crate::model::{Issue, Review, Tlp};
use crate::ops::{identity, publish};
use crate::store;

/// `--format`: one format, or `all` (md, txt, html and json side by side, to `-o STEM`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Md,
    Txt,
    Html,
    Json,
    All,
}

impl ExportFormat {
    fn one(self) -> Option<export::Format> {
        match self {
            ExportFormat::Md => Some(export::Format::Md),
            ExportFormat::Txt => Some(export::Format::Txt),
            ExportFormat::Html => Some(export::Format::Html),
            ExportFormat::Json => Some(export::Format::Json),
            ExportFormat::All => None,
        }
    }
}

/// `--ladder-legend` and `--require-clean`.
pub(super) struct Tradecraft {
    pub ladder_legend: bool,
    pub require_clean: bool,
}

/// Issue #17: `--sources` and `--max-tlp`, as given.
pub(super) struct Marking {
    pub sources: SourceStyle,
    pub max_tlp: Option<String>,
}

pub(super) fn export_issue(
    flag: Option<&Path>,
    key: Option<&str>,
    format: ExportFormat,
    assessments: AssessmentStyle,
    output: Option<&Path>,
    require_approved: bool,
    (tradecraft, marking): (Tradecraft, Marking),
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
    let (store, desk) = open_to_read_store(flag)?;
    let dir = store.dir().to_path_buf();
    let issue = pick_issue(&desk, key)?;
    // A bad ladder setting stops only an export that asks for tradecraft by a flag.
    let ladder = match store.ladder() {
        Ok(l) => Some(l),
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
    let legend = ladder.filter(|_| tradecraft.ladder_legend);
    let format = match (format.one(), output) {
        (Some(f), _) => f,
        (None, Some(stem)) => {
            return export_all(&dir, issue, &opts, stem, require_approved, legend);
        }
        (None, None) => bail!(
            "--format all writes four files: give -o with their name (`-o digest` writes digest.md, digest.txt, digest.html and digest.json); nothing was written"
        ),
    };
    // Issue #17: an issue marked above the ceiling is refused before anything is said.
    let mut done = publish::render(issue, format, &opts).map_err(|e| anyhow!("{e}"))?;
    let four_eyes = approval_checked(&dir, issue, &review, require_approved)?;
    if let Some(l) = legend
        && !crate::format::legend::append(&mut done.text, format, l)
    {
        tell!("warning: json has no ladder legend: left out");
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
            if let Err(e) = record_export(&dir, &review, issue, path, four_eyes) {
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

/// Is the four-eyes rule on; and the approval warning said, or (with
/// `--require-approved`) the refusal, before anything is written.
fn approval_checked(
    dir: &Path,
    issue: &Issue,
    review: &Result<Review, String>,
    require_approved: bool,
) -> Result<bool> {
    // Settings that do not read stop a publishing export; a look goes ahead, taking the
    // rule as on (no approval counts for more than it is).
    let four_eyes = match store::read_settings(dir) {
        Ok(s) => s.require_other_approver,
        Err(e) if require_approved => bail!("{e}; nothing was written"),
        Err(e) => {
            tell!("warning: {e}");
            true
        }
    };
    let unapproved =
        publish::not_approved(issue, review.as_ref().map_err(String::as_str), four_eyes);
    if let Some(why) = &unapproved {
        if require_approved {
            bail!(
                "{why}: approve it first (`briefdesk review`, then Y), or export without --require-approved; nothing was written"
            );
        }
        tell!("warning: {why}");
    }
    Ok(four_eyes)
}

/// `--format all -o STEM`: md, txt, html and json side by side (`ops::publish::write_all`,
/// the desk's "all formats" too), each recorded as written; one line saying what was
/// written, or the first failure and what was written before it (exit status 1).
fn export_all(
    dir: &Path,
    issue: &Issue,
    opts: &export::Options,
    stem: &Path,
    require_approved: bool,
    legend: Option<crate::model::settings::Ladder>,
) -> Result<()> {
    let review = read_events_warned(dir, issue.id)
        .map(Review::fold)
        .map_err(|e| e.to_string());
    let four_eyes = approval_checked(dir, issue, &review, require_approved)?;
    let done = publish::write_all(issue, opts, stem, legend).map_err(|e| anyhow!("{e}"))?;
    for w in &done.warnings {
        tell!("warning: {w}");
    }
    for line in &done.marking {
        tell!("{line}");
    }
    for path in &done.files {
        if let Err(e) = record_export(dir, &review, issue, path, four_eyes) {
            tell!(
                "warning: {} was written, but not recorded in the review history: {e}",
                path.display()
            );
        }
    }
    if done.failed.is_some() {
        bail!("{}", done.summary());
    }
    tell!("{}", done.summary());
    Ok(())
}

/// Record a finished export to a file in the issue's review history (the exporter's own
/// log), with the issue as exported, so `briefdesk diff` can show what changed since.
fn record_export(
    dir: &Path,
    review: &Result<Review, String>,
    issue: &Issue,
    path: &Path,
    four_eyes: bool,
) -> Result<(), String> {
    let ev = publish::export_record(
        issue,
        review.as_ref().map_err(String::as_str),
        &identity::login_name(),
        identity::now(),
        path,
        four_eyes,
    )?;
    match ev {
        Some(ev) => store::review::append_event(dir, issue.id, &ev).map_err(|e| e.to_string()),
        None => Ok(()),
    }
}
