//! `briefdesk import --undo-last`: take back exactly what the last `briefdesk import` into
//! a closed desk added (its record is `last-import.json`), as one journaled step. Refused,
//! with nothing changed, when anything was added since, or one of its drafts was edited or
//! used in an issue, or one of its issues edited or reviewed. An import a session took in
//! (its inbox, its import dialog) is undone there with `u`.

use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::desk::{open_locked, perform};
use crate::model::text::first_words;
use crate::model::{Command, Desk, Issue, ItemId, ItemState};
use crate::store::last_import::{self, LastImport};
use crate::store::{Store, TakenBack};

/// The drafts and issues one `briefdesk import` run added, file by file.
#[derive(Default)]
pub(super) struct Added {
    items: Vec<ItemId>,
    issues: Vec<crate::model::IssueId>,
    /// Drafts a streamed import wrote to disk only (issue #19), with their fingerprints.
    streamed: Vec<(ItemId, u64)>,
}

impl Added {
    pub(super) fn note(&mut self, cmd: &Command) {
        if let Command::Import { items, issues } = cmd {
            self.items.extend(items.iter().map(|i| i.id));
            self.issues.extend(issues.iter().map(|i| i.id));
        }
    }

    pub(super) fn note_streamed(&mut self, items: Vec<(ItemId, u64)>) {
        self.streamed.extend(items);
    }

    /// The record of this import, as the desk holds it now (saved).
    pub(super) fn record(self, dir: &Path, desk: &Desk, files: Vec<String>) -> Result<()> {
        let mut items: Vec<(ItemId, u64)> = self
            .items
            .iter()
            .filter_map(|id| desk.item(*id).map(|it| (*id, it.fingerprint())))
            .collect();
        items.extend(self.streamed);
        let issues: Vec<Issue> = self
            .issues
            .iter()
            .filter_map(|id| desk.issue(*id).cloned())
            .collect();
        let next = desk.next_ids();
        let record = LastImport {
            briefdesk: LastImport::KIND.into(),
            schema: 1,
            at: crate::ops::identity::now(),
            by: crate::ops::identity::login_name(),
            files,
            items,
            issues,
            next_item_id: next.item,
            next_issue_id: next.issue,
        };
        last_import::write(dir, &record).map_err(|e| anyhow!("{e}"))
    }
}

pub(super) fn undo_last(flag: Option<&Path>) -> Result<()> {
    let dir = Store::resolve_dir(flag)?;
    let lock = Store::lock_dir(&dir).map_err(|e| anyhow!("{e}; nothing was changed"))?;
    let Some(rec) = last_import::read(&dir).map_err(|e| anyhow!("{e}; nothing was changed"))?
    else {
        bail!(
            "no import to take back on {}: --undo-last takes back the last `briefdesk import` once (an import the open desk took in is undone there with u)",
            dir.display()
        );
    };
    let which = format!(
        "the last import ({}, {})",
        rec.files.join(", "),
        rec.at.format("%Y-%m-%d %H:%M UTC")
    );
    if rec.items.is_empty() && rec.issues.is_empty() {
        bail!("{which} added nothing: nothing to take back");
    }
    // Issue #19: a streamed import's own chunk files go without the desk's drafts read.
    if take_back_lean(&dir, &rec)?.is_some() {
        return told(&dir, &which, &rec);
    }
    let (mut store, mut desk, _lock) = open_locked(&dir, lock)?;
    let refuse = |why: String| anyhow!("{which} cannot be taken back: {why}; nothing was changed");
    let now = desk.next_ids();
    if now.item != rec.next_item_id || now.issue != rec.next_issue_id {
        return Err(refuse("drafts or issues were added after it; spike its drafts in the desk instead (Space marks, s spikes)".into()));
    }
    for (id, fingerprint) in &rec.items {
        let Some(it) = desk.item(*id) else {
            return Err(refuse(format!(
                "its draft {} is no longer on the desk (purged or undone)",
                id.0
            )));
        };
        let named = first_words(&it.headline, 8);
        if it.fingerprint() != *fingerprint {
            return Err(refuse(format!(
                "its draft {} ({named}) was edited since",
                id.0
            )));
        }
        if it.state == ItemState::Used {
            return Err(refuse(format!(
                "its draft {} ({named}) is used in an issue: remove its bullet first",
                id.0
            )));
        }
    }
    for issue in &rec.issues {
        if desk.issue(issue.id) != Some(issue) {
            return Err(refuse(format!(
                "its issue {} ({}) was changed or deleted since",
                issue.id, issue.meta.title
            )));
        }
        let (events, _) = crate::store::review::read_events(&dir, issue.id)
            .map_err(|e| anyhow!("{e}; nothing was changed"))?;
        if !events.is_empty() {
            return Err(refuse(format!(
                "its issue {} ({}) has a review since: delete it in the desk (X) if it must go",
                issue.id, issue.meta.title
            )));
        }
    }
    let cmd = Command::RemoveImport {
        items: rec.items.iter().map(|(id, _)| *id).collect(),
        issues: rec.issues.iter().map(|i| i.id).collect(),
    };
    perform(&mut store, &mut desk, &cmd)?;
    told(&dir, &which, &rec)
}

/// The take-back of a streamed import that added whole chunk files, from the desk opened
/// without its drafts (`Store::take_back_import`). `None`: not such an import, or anything
/// unusual, with nothing changed: the full open takes it back or says why not.
fn take_back_lean(dir: &Path, rec: &LastImport) -> Result<Option<TakenBack>> {
    if !rec.issues.is_empty() {
        return Ok(None);
    }
    let Some((mut store, mut desk)) = Store::open_for_take_back(dir) else {
        return Ok(None);
    };
    let now = desk.next_ids();
    if now.item != rec.next_item_id || now.issue != rec.next_issue_id {
        return Ok(None);
    }
    match store.take_back_import(&mut desk, &rec.items) {
        Ok(taken) => Ok(taken),
        Err(e) if e.journaled => bail!(
            "journaled, not saved: {}; the next open finishes taking the import back",
            e.error
        ),
        Err(e) => bail!("{}; nothing was changed", e.error),
    }
}

/// Taken back: the record goes, and the line says what went.
fn told(dir: &Path, which: &str, rec: &LastImport) -> Result<()> {
    // Taken back once: a second --undo-last finds nothing (an older import is not "last").
    last_import::clear(dir).map_err(|e| anyhow!("taken back, but {e}: remove it by hand"))?;
    let (n, m) = (rec.items.len(), rec.issues.len());
    let mut what = Vec::new();
    if n > 0 {
        what.push(format!("{n} draft{}", crate::model::text::plural(n)));
    }
    if m > 0 {
        what.push(format!("{m} issue{}", crate::model::text::plural(m)));
    }
    tell!("took back {which}: {} removed", what.join(" and "));
    Ok(())
}
