//! Planning an import and taking one back: the whole import is one step either way.

use super::Plan;
use crate::model::desk::Desk;
use crate::model::edit::{Edit, EditError};
use crate::model::issue::{Bullet, Issue, IssueId};
use crate::model::item::{Item, ItemId, ItemState};

/// Every draft and every issue of one import, inserted as one step.
pub(super) fn import(desk: &Desk, items: &[Item], issues: &[Issue]) -> Result<Plan, EditError> {
    let mut edits: Vec<Edit> = items
        .iter()
        .cloned()
        .map(|item| Edit::InsertItem { item })
        .collect();
    for new in issues {
        if desk.issue(new.id).is_some() {
            return Err(EditError::IssueExists(new.id));
        }
        new.check().map_err(|e| EditError::Refused(e.to_string()))?;
        edits.push(Edit::InsertIssue { issue: new.clone() });
    }
    Ok(Plan {
        edits,
        select: None,
    })
}

/// Remove exactly these drafts and issues. A draft in an issue is refused: taking it out
/// would leave a bullet pointing at nothing. Drafts an imported issue's bullets used go
/// back to the pool, as when the issue is deleted.
pub(super) fn remove(desk: &Desk, items: &[ItemId], issues: &[IssueId]) -> Result<Plan, EditError> {
    let mut edits = Vec::new();
    for id in issues {
        let is = desk.issue(*id).ok_or(EditError::NoIssue(*id))?;
        edits.push(Edit::RemoveIssue { id: *id });
        let linked = is
            .sections
            .iter()
            .flat_map(|s| s.bullets.iter().flat_map(Bullet::walk))
            .filter_map(|b| b.item)
            .filter(|i| !items.contains(i));
        for i in linked {
            if desk.item(i).is_some_and(|it| it.state == ItemState::Used) {
                edits.push(Edit::SetItemState {
                    id: i,
                    state: ItemState::Pool,
                });
            }
        }
    }
    for id in items {
        let it = desk.item(*id).ok_or(EditError::NoItem(*id))?;
        let in_removed_issue = issues.iter().any(|iid| {
            desk.issue(*iid).is_some_and(|is| {
                is.sections
                    .iter()
                    .flat_map(|s| s.bullets.iter().flat_map(Bullet::walk))
                    .any(|b| b.item == Some(*id))
            })
        });
        if it.state == ItemState::Used && !in_removed_issue {
            return Err(EditError::Refused(format!(
                "draft {} ({}) is used in an issue since the import: remove its bullet first",
                id.0,
                crate::model::text::first_words(&it.headline, 8)
            )));
        }
        edits.push(Edit::RemoveItem { id: *id });
    }
    Ok(Plan {
        edits,
        select: None,
    })
}
