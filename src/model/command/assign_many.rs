//! Bulk assign (issue #15): the marked drafts, in the order they were marked, each a
//! bullet at the end of one section, as one undo step.

use super::Plan;
use crate::model::desk::Desk;
use crate::model::edit::{Edit, EditError};
use crate::model::issue::{BulletId, BulletPath, Issue, Section};
use crate::model::item::{BulletFrom, ItemId, ItemState};

fn refuse(msg: &str) -> EditError {
    EditError::Refused(msg.to_string())
}

/// The edits: (a new section, then) one bullet per draft in `items`' order, each draft then
/// `used`. Every draft is checked before any edit is planned, so a refusal changes nothing.
pub(super) fn plan(
    desk: &Desk,
    is: &Issue,
    items: &[ItemId],
    section: usize,
    new_section: Option<&str>,
    from: BulletFrom,
) -> Result<Plan, EditError> {
    if items.is_empty() {
        return Err(refuse("no draft to assign: mark some with Space"));
    }
    let mut drafts = Vec::with_capacity(items.len());
    for (k, id) in items.iter().enumerate() {
        if items[..k].contains(id) {
            return Err(refuse("a draft is listed twice: assign it once"));
        }
        let it = desk.item(*id).ok_or(EditError::NoItem(*id))?;
        if it.state == ItemState::Used {
            return Err(refuse(
                "a marked draft is already in an issue: unmark it first",
            ));
        }
        drafts.push(it);
    }
    let mut edits = Vec::new();
    let (index, first) = match new_section {
        Some(name) => {
            let name = name.trim();
            if name.is_empty() {
                return Err(refuse("a section needs a name"));
            }
            let index = is.sections.len();
            edits.push(Edit::InsertSection {
                issue: is.id,
                index,
                section: Section::new(is.next_section_id(), name),
            });
            (index, 0)
        }
        None => {
            let s = is.sections.get(section).ok_or(EditError::NoSection {
                issue: is.id,
                index: section,
            })?;
            (section, s.bullets.len())
        }
    };
    // Each bullet gets the next free id: the edits are applied one after the other, so the
    // issue's own `next_bullet_id` would give them all the same one.
    let next = is.next_bullet_id().0;
    for (k, it) in drafts.iter().enumerate() {
        edits.push(Edit::InsertBullet {
            issue: is.id,
            path: BulletPath::top(index, first + k),
            bullet: super::bullet::bullet_from_item(BulletId(next + k as u64), it, from),
        });
        edits.push(Edit::SetItemState {
            id: it.id,
            state: ItemState::Used,
        });
    }
    Ok(Plan {
        edits,
        select: Some(BulletPath::top(index, first)),
    })
}
