//! `briefdesk demo`: a temporary copy of the built-in demo desk.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result, anyhow};

use super::desk::{config_dir, perform};
use crate::format::{export, import};
use crate::model::{Command, Desk, Issue, IssueMeta, Section, SectionId};
use crate::store::Store;
use crate::tui;

/// The demo desk's texts, built into the binary so `demo` works from any directory.
const DEMO_LIVE: &[u8] = include_bytes!("../../data/demo/live-updates.txt");
const DEMO_DIGEST: &[u8] = include_bytes!("../../data/demo/digest.txt");

/// Build the demo desk in a temporary directory: this week's drafts, last week's finished
/// issue, and this week's issue with its sections, ready to fill.
pub fn build_demo(dir: &Path) -> Result<(Store, Desk)> {
    let (mut store, mut desk) = Store::open(dir)?;
    for (bytes, fmt) in [
        (DEMO_DIGEST, import::Format::Digest),
        (DEMO_LIVE, import::Format::Live),
    ] {
        let what = import::parse(bytes, Some(fmt)).map_err(|e| anyhow!("demo data: {e}"))?;
        let (cmds, _) = import::plan(&desk, what);
        for cmd in &cmds {
            perform(&mut store, &mut desk, cmd)?;
        }
    }
    let last = desk
        .newest_issue()
        .cloned()
        .ok_or_else(|| anyhow!("demo data: the digest gave no issue"))?;
    let date = last.meta.date.map(|d| d + chrono::Days::new(7));
    // Next week's issue: the same shape, the date moved on in the title and tagline.
    let next_week = |text: &str| match (last.meta.date, date) {
        (Some(old), Some(new)) => text.replace(
            &old.format("%B %-d, %Y").to_string(),
            &new.format("%B %-d, %Y").to_string(),
        ),
        _ => text.to_string(),
    };
    let title = next_week(&last.meta.title);
    let tagline = next_week(&last.meta.tagline);
    let mut issue = Issue::new(
        desk.next_issue_id(),
        IssueMeta {
            title,
            tagline,
            date,
            ..last.meta.clone()
        },
    );
    for (i, s) in last.sections.iter().enumerate() {
        issue
            .sections
            .push(Section::new(SectionId(i as u64 + 1), s.name.clone()));
    }
    perform(&mut store, &mut desk, &Command::NewIssue { issue })?;
    Ok((store, desk))
}

pub(super) fn demo() -> Result<()> {
    let tmp = tempfile::Builder::new()
        .prefix("briefdesk-demo-")
        .tempdir()
        .context("making a temporary desk")?;
    let (store, desk) = build_demo(tmp.path())?;
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        tui::run(
            store,
            desk,
            tui::Options {
                config_dir: config_dir(),
                ..tui::Options::default()
            },
        )
    } else {
        // No terminal (a pipe, CI): show what the demo desk holds instead.
        let issue = desk
            .issues
            .values()
            .find(|i| i.bullet_count() > 0)
            .ok_or_else(|| anyhow!("demo data: no finished issue"))?;
        let done = export::export(issue, export::Format::Md, &export::Options::default());
        tell!(
            "briefdesk demo: no terminal, so here is the demo desk's finished issue as Markdown ({} drafts in the pool)",
            desk.items.len()
        );
        print!("{}", done.text);
        Ok(())
    }
}
