//! `briefdesk issue new`: start an issue.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use super::desk::{open_to_write, perform};
use crate::model::{Command, Issue, IssueMeta, Section, SectionId};
use crate::ops::identity;

pub(super) fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| anyhow!("--date {s:?} is not a date: write it as YYYY-MM-DD, e.g. 2024-07-02"))
}

pub(super) fn new_issue(
    flag: Option<&Path>,
    title: String,
    date: Option<String>,
    tagline: Option<String>,
    group: Option<String>,
    sections: Vec<String>,
) -> Result<()> {
    let title = crate::model::text::sanitize(&title).trim().to_string();
    if title.is_empty() {
        bail!(
            "an issue needs a title: briefdesk issue new \"Weekly Security Digest – July 2, 2024\""
        );
    }
    let date = match date {
        Some(d) => Some(parse_date(&d)?),
        None => Some(
            crate::model::text::date_in(&title)
                .unwrap_or_else(|| identity::day_of(identity::now())),
        ),
    };
    let (mut store, mut desk, _lock) = open_to_write(flag)?;
    let id = desk.next_issue_id();
    let meta = IssueMeta {
        title,
        tagline: tagline
            .map(|t| crate::model::text::sanitize(&t).trim().to_string())
            .unwrap_or_default(),
        date,
        group: group
            .map(|g| crate::model::text::sanitize(&g).trim().to_string())
            .filter(|g| !g.is_empty()),
    };
    let mut issue = Issue::new(id, meta);
    for (i, name) in sections.iter().enumerate() {
        let name = crate::model::text::sanitize(name).trim().to_string();
        if name.is_empty() {
            bail!("--section needs a name");
        }
        issue
            .sections
            .push(Section::new(SectionId(i as u64 + 1), name));
    }
    perform(&mut store, &mut desk, &Command::NewIssue { issue })?;
    println!("{id}");
    tell!("issue {id} created in {}", store.dir().display());
    Ok(())
}
