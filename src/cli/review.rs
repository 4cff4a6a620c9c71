//! `briefdesk review`: the desk read-only, for review; `review approve` without it.

use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::desk::{config_dir, open_to_read, pick_issue, read_events_warned};
use super::open::need_terminal;
use crate::model::{Review, Status};
use crate::ops::identity;
use crate::store::{self, Store};
use crate::tui;

/// `briefdesk review approve`: the issue approved as it reads now, by the same rule as `Y`
/// in the desk (`Review::decision_event`: the workflow, then the four-eyes rule), into the
/// approver's own log. No lock: a reviewer never needs the editor's.
pub(super) fn approve(flag: Option<&Path>, key: Option<&str>) -> Result<()> {
    let (dir, desk) = open_to_read(flag)?;
    let issue = pick_issue(&desk, key)?;
    let four_eyes = store::read_settings(&dir)?.require_other_approver;
    let events = read_events_warned(&dir, issue.id)
        .map_err(|e| anyhow!("{e}: the approval needs the review history; nothing was changed"))?;
    let by = identity::login_name();
    let ev = Review::fold(events)
        .decision_event(issue, &by, identity::now(), Status::Approved, "", four_eyes)
        .or_else(|e| {
            if e.starts_with("four-eyes rule") {
                bail!("{e}; nothing was changed")
            }
            bail!(
                "cannot approve issue {}: {e}; nothing was changed",
                issue.id
            )
        })?;
    store::review::append_event(&dir, issue.id, &ev)
        .map_err(|e| anyhow!("{e}; the issue is not approved"))?;
    tell!(
        "issue {} \"{}\": Approved by {by}",
        issue.id,
        issue.meta.title
    );
    Ok(())
}

/// Review: read-only, and never takes the editor's lock.
pub(super) fn review(flag: Option<&Path>, issue: Option<&str>) -> Result<()> {
    need_terminal()?;
    let dir = Store::resolve_dir(flag)?;
    let (store, desk, notices) = Store::open_read_only(&dir)?;
    let issue = match issue {
        Some(_) => Some(pick_issue(&desk, issue)?.id),
        None => None,
    };
    let opts = tui::Options {
        read_only: true,
        config_dir: config_dir(),
        notices,
        issue,
        review: true,
    };
    tui::run(store, desk, opts)
}
