//! `briefdesk review`: the desk read-only, for review.

use std::path::Path;

use anyhow::Result;

use super::desk::{config_dir, pick_issue};
use super::open::need_terminal;
use crate::store::Store;
use crate::tui;

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
