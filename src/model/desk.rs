//! The whole desk in memory: the draft pool and every issue.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::issue::{Issue, IssueId};
use super::item::{Item, ItemId, ItemState};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    pub items: BTreeMap<ItemId, Item>,
    pub issues: BTreeMap<IssueId, Issue>,
}

impl Desk {
    pub fn new() -> Self {
        Desk::default()
    }

    /// The next free item id: ids only grow, so a newer item always sorts after an older one.
    pub fn next_item_id(&self) -> ItemId {
        ItemId(self.items.keys().next_back().map_or(1, |k| k.0 + 1))
    }

    pub fn next_issue_id(&self) -> IssueId {
        IssueId(self.issues.keys().next_back().map_or(1, |k| k.0 + 1))
    }

    pub fn item(&self, id: ItemId) -> Option<&Item> {
        self.items.get(&id)
    }

    pub fn issue(&self, id: IssueId) -> Option<&Issue> {
        self.issues.get(&id)
    }

    /// Items newest first (highest id first), as the Drafts pane lists them.
    pub fn items_newest_first(&self) -> impl Iterator<Item = &Item> {
        self.items.values().rev()
    }

    pub fn items_in_state(&self, state: ItemState) -> impl Iterator<Item = &Item> {
        self.items.values().filter(move |i| i.state == state)
    }

    /// The newest issue: latest date, then highest id. Issues without a date count as oldest.
    pub fn newest_issue(&self) -> Option<&Issue> {
        self.issues.values().max_by_key(|i| (i.meta.date, i.id))
    }

    /// An issue named on the command line: its id, or its date (`YYYY-MM-DD`).
    pub fn find_issue(&self, key: &str) -> Option<&Issue> {
        if let Ok(n) = key.parse::<u64>() {
            return self.issues.get(&IssueId(n));
        }
        let date = chrono::NaiveDate::parse_from_str(key, "%Y-%m-%d").ok()?;
        self.issues
            .values()
            .filter(|i| i.meta.date == Some(date))
            .max_by_key(|i| i.id)
    }
}
