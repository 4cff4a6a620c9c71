//! The imports other processes queue in the desk's `inbox/`, as the desk holds them: where
//! its inbox is, what a poll found, and what an import added in words. What the desk does
//! with them is in `ctx/inbox.rs`; the import dialog is `dialogs/import.rs`.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::format::import;
use crate::store::inbox::Queued;

/// Where this session's inbox is, and the problems already told (each once).
#[derive(Debug, Default)]
pub struct Inbox {
    pub dir: PathBuf,
    pub(super) told: HashSet<String>,
}

impl Inbox {
    pub fn new(dir: impl Into<PathBuf>) -> Inbox {
        Inbox {
            dir: dir.into(),
            told: HashSet::new(),
        }
    }
}

/// What the poll found in `inbox/`: files not yet taken in, and problems not yet told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrived {
    pub files: Vec<Queued>,
    pub problems: Vec<String>,
}

/// What an import added, in words: `3 drafts`, `1 issue`, `2 drafts and 1 issue`.
pub fn added(report: &import::ImportReport) -> String {
    added_words(report.items_added, report.issues_added)
}

pub(super) fn added_words(drafts: usize, issues: usize) -> String {
    let mut what = Vec::new();
    if drafts > 0 || issues == 0 {
        what.push(format!("{drafts} draft{}", plural(drafts)));
    }
    if issues > 0 {
        what.push(format!("{issues} issue{}", plural(issues)));
    }
    what.join(" and ")
}

use crate::model::text::plural;
