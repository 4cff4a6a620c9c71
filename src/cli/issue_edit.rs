//! `briefdesk issue edit`: change an issue's title, tagline, group heading, date or TLP
//! marking.

use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::desk::{open_to_write, perform, pick_issue};
use super::issue::parse_date;
use crate::model::details;
use crate::model::text::sanitize;
use crate::model::{Command, Tlp};

pub(super) struct IssueEdit {
    pub issue: Option<String>,
    pub title: Option<String>,
    pub tagline: Option<String>,
    pub group: Option<String>,
    pub date: Option<String>,
    pub tlp: Option<String>,
}

/// `--tlp WORD`: a marking, or `none` to take it off (`Some(None)`).
fn parse_tlp(word: &str) -> Result<Option<Tlp>> {
    if word.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    Tlp::parse(word)
        .map(Some)
        .map_err(|e| anyhow!("--tlp: {e} (or none); nothing was changed"))
}

/// An issue can be changed only on a desk that is there: a missing one is not created
/// just to say it has no issue.
pub(super) fn need_desk(flag: Option<&Path>) -> Result<()> {
    let dir = crate::store::Store::resolve_dir(flag)?;
    if !dir.join(crate::store::DESK_FILE).exists() {
        bail!(
            "there is no desk in {} yet: start one with `briefdesk import FILE` or `briefdesk issue new TITLE`; nothing was changed",
            dir.display()
        );
    }
    Ok(())
}

pub(super) fn edit_issue(flag: Option<&Path>, e: IssueEdit) -> Result<()> {
    if e.title.is_none()
        && e.tagline.is_none()
        && e.group.is_none()
        && e.date.is_none()
        && e.tlp.is_none()
    {
        bail!(
            "nothing to change: give --title, --tagline, --group, --date or --tlp; nothing was changed"
        );
    }
    // Every input is checked before the desk is opened.
    let date = e.date.as_deref().map(parse_date).transpose()?;
    let tlp = e.tlp.as_deref().map(parse_tlp).transpose()?;
    let title = e.title.map(|t| sanitize(&t).trim().to_string());
    if title.as_deref() == Some("") {
        bail!("--title is empty: an issue needs a title; nothing was changed");
    }
    need_desk(flag)?;
    let (mut store, mut desk, _lock) = open_to_write(flag)?;
    let issue = pick_issue(&desk, e.issue.as_deref())?;
    let id = issue.id;
    let tagline = e.tagline.map(|t| sanitize(&t));
    let group = e.group.map(|g| sanitize(&g));
    let mut meta = details::edited(
        &issue.meta,
        title.as_deref(),
        tagline.as_deref(),
        group.as_deref(),
        date,
    )
    .map_err(|err| anyhow!("{err}; nothing was changed"))?;
    if let Some(tlp) = tlp {
        meta.tlp = tlp;
    }
    let old = &issue.meta;
    let mut changed = Vec::new();
    for (name, differs) in [
        ("title", old.title != meta.title),
        ("tagline", old.tagline != meta.tagline),
        ("group heading", old.group != meta.group),
        ("date", old.date != meta.date),
        ("TLP marking", old.tlp != meta.tlp),
    ] {
        if differs {
            changed.push(name);
        }
    }
    if changed.is_empty() {
        tell!("issue {id}: nothing changed (the details are already so)");
        return Ok(());
    }
    perform(
        &mut store,
        &mut desk,
        &Command::SetIssueMeta { issue: id, meta },
    )
    .map_err(|err| anyhow!("issue {id}: {err}"))?;
    tell!("issue {id}: {} changed", changed.join(", "));
    Ok(())
}
