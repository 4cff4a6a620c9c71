//! The whole desk in memory: the draft pool and every issue.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::issue::{Issue, IssueId};
use super::item::{Item, ItemId, ItemState};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Desk {
    pub items: BTreeMap<ItemId, Item>,
    pub issues: BTreeMap<IssueId, Issue>,
    /// High-water marks: no id below them is ever handed out again, also after the draft or
    /// issue that had it is undone or removed (review logs and links are keyed by id).
    #[serde(default)]
    next_ids: NextIds,
}

/// The lowest item and issue ids never handed out (0: nothing known beyond the desk).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextIds {
    pub item: u64,
    pub issue: u64,
}

/// Two desks are equal when they hold the same drafts and issues. The high-water marks are
/// bookkeeping: undo gives back the drafts and issues but keeps the marks up (see
/// [`Desk::next_ids`]), so they are compared on their own.
impl PartialEq for Desk {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items && self.issues == other.issues
    }
}

impl Eq for Desk {}

impl Desk {
    pub fn new() -> Self {
        Desk::default()
    }

    /// The next free item id: ids only grow, so a newer item always sorts after an older one,
    /// and an id once given is never given again (not after undo, not after a removal).
    pub fn next_item_id(&self) -> ItemId {
        let above = self
            .items
            .keys()
            .next_back()
            .map_or(1, |k| k.0.saturating_add(1));
        ItemId(above.max(self.next_ids.item).max(1))
    }

    /// The next free issue id; like items, never one an issue had before.
    pub fn next_issue_id(&self) -> IssueId {
        let above = self
            .issues
            .keys()
            .next_back()
            .map_or(1, |k| k.0.saturating_add(1));
        IssueId(above.max(self.next_ids.issue).max(1))
    }

    /// Both next ids, as `desk.json` keeps them.
    pub fn next_ids(&self) -> NextIds {
        NextIds {
            item: self.next_item_id().0,
            issue: self.next_issue_id().0,
        }
    }

    /// Raise the marks (from `desk.json`, or as an id is used); they never go down.
    pub fn raise_next_ids(&mut self, to: NextIds) {
        self.next_ids.item = self.next_ids.item.max(to.item);
        self.next_ids.issue = self.next_ids.issue.max(to.issue);
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

    /// The newest issue: the first of [`Desk::issues_newest_first`].
    pub fn newest_issue(&self) -> Option<&Issue> {
        self.issues.values().max_by_key(|i| recency(i))
    }

    /// Every issue, newest first: latest date, then highest id; issues without a date count
    /// as oldest. The order of `list issues` and of the desk's issue picker.
    pub fn issues_newest_first(&self) -> Vec<&Issue> {
        let mut issues: Vec<&Issue> = self.issues.values().collect();
        issues.sort_by_key(|i| std::cmp::Reverse(recency(i)));
        issues
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

/// How recent an issue is: by its date, then its id (the later one of a day).
fn recency(issue: &Issue) -> (Option<chrono::NaiveDate>, IssueId) {
    (issue.meta.date, issue.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IssueMeta;

    #[test]
    fn issues_newest_first_is_the_order_newest_issue_takes_the_first_of() {
        let mut d = Desk::default();
        for (id, date) in [(1, Some(9)), (2, None), (3, Some(2)), (4, Some(9))] {
            let meta = IssueMeta {
                date: date.and_then(|day| chrono::NaiveDate::from_ymd_opt(2024, 7, day)),
                ..IssueMeta::default()
            };
            d.issues.insert(IssueId(id), Issue::new(IssueId(id), meta));
        }
        let order: Vec<u64> = d.issues_newest_first().iter().map(|i| i.id.0).collect();
        // Latest date first, then the higher id; an issue without a date counts as oldest.
        assert_eq!(order, [4, 1, 3, 2]);
        assert_eq!(d.newest_issue().map(|i| i.id), Some(IssueId(order[0])));
    }
}
