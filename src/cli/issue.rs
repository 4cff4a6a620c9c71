//! `briefdesk issue new`: start an issue.

use std::path::Path;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;

use super::desk::{open_to_write, perform};
use crate::model::Command;
use crate::model::details::{self, StartWith};
use crate::ops::identity;

/// `--date`, as `model::details::parse_date` reads it, named as the option.
pub(super) fn parse_date(s: &str) -> Result<NaiveDate> {
    details::parse_date(s).map_err(|e| anyhow!("--date {e}"))
}

pub(super) struct NewIssue {
    pub title: String,
    pub date: Option<String>,
    pub tagline: Option<String>,
    pub group: Option<String>,
    pub sections: Vec<String>,
    pub no_sections: bool,
}

pub(super) fn new_issue(flag: Option<&Path>, new: NewIssue) -> Result<()> {
    let title = crate::model::text::sanitize(&new.title);
    let date = new.date.as_deref().map(parse_date).transpose()?;
    let today = identity::day_of(identity::now());
    let meta = details::meta(
        &title,
        &new.tagline.unwrap_or_default(),
        &new.group.unwrap_or_default(),
        date,
        today,
    )
    .map_err(|e| anyhow!("{e}: briefdesk issue new \"Weekly Security Digest – July 2, 2024\""))?;
    // Every week uses last week's sections, unless told otherwise.
    let start = if new.no_sections || !new.sections.is_empty() {
        StartWith::These(new.sections)
    } else {
        StartWith::NewestIssuesSections
    };
    let (mut store, mut desk, _lock) = open_to_write(flag)?;
    let issue = details::new_issue(&desk, meta, start).map_err(|e| anyhow!("--section: {e}"))?;
    let id = issue.id;
    let sections = issue.sections.len();
    perform(&mut store, &mut desk, &Command::NewIssue { issue })?;
    println!("{id}");
    tell!(
        "issue {id} created in {} ({sections} section{})",
        store.dir().display(),
        crate::model::text::plural(sections)
    );
    Ok(())
}
