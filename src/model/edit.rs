//! Primitive edits. Each one, applied, returns its exact inverse: undo is replaying inverses.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::desk::{Desk, NextIds};
use super::issue::{Bullet, BulletKind, BulletPath, Issue, IssueId, IssueMeta, Section};
use super::item::{Item, ItemId, ItemState};
use super::source::Source;
use super::tlp::Tlp;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("no item {0}")]
    NoItem(ItemId),
    #[error("item {0} is already on the desk")]
    ItemExists(ItemId),
    #[error("no issue {0}")]
    NoIssue(IssueId),
    #[error("issue {0} already exists")]
    IssueExists(IssueId),
    #[error("no section {index} in issue {issue}")]
    NoSection { issue: IssueId, index: usize },
    #[error("no bullet at that place in issue {0}")]
    NoBullet(IssueId),
    #[error("{0}")]
    Refused(String),
    /// A draft whose body is still in its chunk file (issue #19): the edit would need its
    /// text (to make a bullet, or to undo the change) and it was not read in first.
    #[error("the text of draft {0} was not read from its chunk file: nothing was changed")]
    TextNotRead(ItemId),
}

/// What an edit changed, so the store can write only that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Touch {
    Item(ItemId),
    Issue(IssueId),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    InsertItem {
        item: Item,
    },
    RemoveItem {
        id: ItemId,
    },
    ReplaceItem {
        item: Item,
    },
    SetItemState {
        id: ItemId,
        state: ItemState,
    },
    InsertIssue {
        issue: Issue,
    },
    RemoveIssue {
        id: IssueId,
    },
    SetIssueMeta {
        id: IssueId,
        meta: IssueMeta,
    },
    InsertSection {
        issue: IssueId,
        index: usize,
        section: Section,
    },
    RemoveSection {
        issue: IssueId,
        index: usize,
    },
    /// `to` is the index after the section was taken out.
    MoveSection {
        issue: IssueId,
        from: usize,
        to: usize,
    },
    RenameSection {
        issue: IssueId,
        index: usize,
        name: String,
    },
    InsertBullet {
        issue: IssueId,
        path: BulletPath,
        bullet: Bullet,
    },
    RemoveBullet {
        issue: IssueId,
        path: BulletPath,
    },
    /// `to` is read after the bullet was taken out of `from`, so the inverse is `to -> from`.
    MoveBullet {
        issue: IssueId,
        from: BulletPath,
        to: BulletPath,
    },
    SetBulletText {
        issue: IssueId,
        path: BulletPath,
        text: String,
    },
    SetBulletKind {
        issue: IssueId,
        path: BulletPath,
        kind: BulletKind,
    },
    /// The bullet's tradecraft findings quieted (or shown again).
    SetBulletChecked {
        issue: IssueId,
        path: BulletPath,
        checked: bool,
    },
    // Issue #17: a bullet's sources and its own marking.
    SetBulletSources {
        issue: IssueId,
        path: BulletPath,
        sources: Vec<Source>,
    },
    SetBulletTlp {
        issue: IssueId,
        path: BulletPath,
        tlp: Option<Tlp>,
    },
}

fn issue_mut(desk: &mut Desk, id: IssueId) -> Result<&mut Issue, EditError> {
    desk.issues.get_mut(&id).ok_or(EditError::NoIssue(id))
}

fn take_bullet(issue: &mut Issue, path: &BulletPath) -> Result<Bullet, EditError> {
    let id = issue.id;
    let list = issue.siblings_mut(path).ok_or(EditError::NoBullet(id))?;
    let i = path.last();
    if i >= list.len() {
        return Err(EditError::NoBullet(id));
    }
    Ok(list.remove(i))
}

fn put_bullet(issue: &mut Issue, path: &BulletPath, bullet: Bullet) -> Result<(), EditError> {
    let id = issue.id;
    let list = issue.siblings_mut(path).ok_or(EditError::NoBullet(id))?;
    let i = path.last();
    if i > list.len() {
        return Err(EditError::NoBullet(id));
    }
    list.insert(i, bullet);
    Ok(())
}

impl Edit {
    /// What this edit changes.
    pub fn touches(&self) -> Touch {
        match self {
            Edit::InsertItem { item } | Edit::ReplaceItem { item } => Touch::Item(item.id),
            Edit::RemoveItem { id } | Edit::SetItemState { id, .. } => Touch::Item(*id),
            Edit::InsertIssue { issue } => Touch::Issue(issue.id),
            Edit::RemoveIssue { id } | Edit::SetIssueMeta { id, .. } => Touch::Issue(*id),
            Edit::InsertSection { issue, .. }
            | Edit::RemoveSection { issue, .. }
            | Edit::MoveSection { issue, .. }
            | Edit::RenameSection { issue, .. }
            | Edit::InsertBullet { issue, .. }
            | Edit::RemoveBullet { issue, .. }
            | Edit::MoveBullet { issue, .. }
            | Edit::SetBulletText { issue, .. }
            | Edit::SetBulletKind { issue, .. }
            | Edit::SetBulletChecked { issue, .. }
            | Edit::SetBulletSources { issue, .. }
            | Edit::SetBulletTlp { issue, .. } => Touch::Issue(*issue),
        }
    }

    /// Apply to the desk and return the edit that undoes it. On error the desk is unchanged.
    pub fn apply(self, desk: &mut Desk) -> Result<Edit, EditError> {
        match self {
            Edit::InsertItem { item } => {
                if desk.items.contains_key(&item.id) {
                    return Err(EditError::ItemExists(item.id));
                }
                let id = item.id;
                desk.items.insert(id, item);
                // Undo removes the draft but not its id: a later draft never inherits it.
                desk.raise_next_ids(NextIds {
                    item: id.0.saturating_add(1),
                    issue: 0,
                });
                Ok(Edit::RemoveItem { id })
            }
            Edit::RemoveItem { id } => {
                // The inverse must hold the whole draft: never a body left on disk.
                if desk.items.get(&id).is_some_and(|it| it.body.is_on_disk()) {
                    return Err(EditError::TextNotRead(id));
                }
                let item = desk.items.remove(&id).ok_or(EditError::NoItem(id))?;
                Ok(Edit::InsertItem { item })
            }
            Edit::ReplaceItem { item } => {
                let slot = desk
                    .items
                    .get_mut(&item.id)
                    .ok_or(EditError::NoItem(item.id))?;
                // Both sides whole: the inverse is the old draft, the journal the new one.
                if slot.body.is_on_disk() || item.body.is_on_disk() {
                    return Err(EditError::TextNotRead(item.id));
                }
                let old = std::mem::replace(slot, item);
                Ok(Edit::ReplaceItem { item: old })
            }
            Edit::SetItemState { id, state } => {
                let item = desk.items.get_mut(&id).ok_or(EditError::NoItem(id))?;
                let old = std::mem::replace(&mut item.state, state);
                Ok(Edit::SetItemState { id, state: old })
            }
            Edit::InsertIssue { issue } => {
                if desk.issues.contains_key(&issue.id) {
                    return Err(EditError::IssueExists(issue.id));
                }
                let id = issue.id;
                desk.issues.insert(id, issue);
                // Review logs are keyed by issue id: a later issue must never inherit them.
                desk.raise_next_ids(NextIds {
                    item: 0,
                    issue: id.0.saturating_add(1),
                });
                Ok(Edit::RemoveIssue { id })
            }
            Edit::RemoveIssue { id } => {
                let issue = desk.issues.remove(&id).ok_or(EditError::NoIssue(id))?;
                Ok(Edit::InsertIssue { issue })
            }
            Edit::SetIssueMeta { id, meta } => {
                let issue = issue_mut(desk, id)?;
                let old = std::mem::replace(&mut issue.meta, meta);
                Ok(Edit::SetIssueMeta { id, meta: old })
            }
            Edit::InsertSection {
                issue,
                index,
                section,
            } => {
                let is = issue_mut(desk, issue)?;
                if index > is.sections.len() {
                    return Err(EditError::NoSection { issue, index });
                }
                is.sections.insert(index, section);
                Ok(Edit::RemoveSection { issue, index })
            }
            Edit::RemoveSection { issue, index } => {
                let is = issue_mut(desk, issue)?;
                if index >= is.sections.len() {
                    return Err(EditError::NoSection { issue, index });
                }
                let section = is.sections.remove(index);
                Ok(Edit::InsertSection {
                    issue,
                    index,
                    section,
                })
            }
            Edit::MoveSection { issue, from, to } => {
                let is = issue_mut(desk, issue)?;
                let n = is.sections.len();
                if from >= n || to >= n {
                    return Err(EditError::NoSection {
                        issue,
                        index: from.max(to),
                    });
                }
                let s = is.sections.remove(from);
                is.sections.insert(to, s);
                Ok(Edit::MoveSection {
                    issue,
                    from: to,
                    to: from,
                })
            }
            Edit::RenameSection { issue, index, name } => {
                let is = issue_mut(desk, issue)?;
                let s = is
                    .sections
                    .get_mut(index)
                    .ok_or(EditError::NoSection { issue, index })?;
                let old = std::mem::replace(&mut s.name, name);
                Ok(Edit::RenameSection {
                    issue,
                    index,
                    name: old,
                })
            }
            Edit::InsertBullet {
                issue,
                path,
                bullet,
            } => {
                put_bullet(issue_mut(desk, issue)?, &path, bullet)?;
                Ok(Edit::RemoveBullet { issue, path })
            }
            Edit::RemoveBullet { issue, path } => {
                let bullet = take_bullet(issue_mut(desk, issue)?, &path)?;
                Ok(Edit::InsertBullet {
                    issue,
                    path,
                    bullet,
                })
            }
            Edit::MoveBullet { issue, from, to } => {
                let is = issue_mut(desk, issue)?;
                let b = take_bullet(is, &from)?;
                if let Err(e) = put_bullet(is, &to, b.clone()) {
                    // Put it back where it was, so a refused move changes nothing.
                    put_bullet(is, &from, b)?;
                    return Err(e);
                }
                Ok(Edit::MoveBullet {
                    issue,
                    from: to,
                    to: from,
                })
            }
            Edit::SetBulletText { issue, path, text } => {
                let is = issue_mut(desk, issue)?;
                let b = is.bullet_mut(&path).ok_or(EditError::NoBullet(issue))?;
                let old = std::mem::replace(&mut b.text, text);
                Ok(Edit::SetBulletText {
                    issue,
                    path,
                    text: old,
                })
            }
            Edit::SetBulletKind { issue, path, kind } => {
                let is = issue_mut(desk, issue)?;
                let b = is.bullet_mut(&path).ok_or(EditError::NoBullet(issue))?;
                let old = std::mem::replace(&mut b.kind, kind);
                Ok(Edit::SetBulletKind {
                    issue,
                    path,
                    kind: old,
                })
            }
            Edit::SetBulletChecked {
                issue,
                path,
                checked,
            } => {
                let is = issue_mut(desk, issue)?;
                let b = is.bullet_mut(&path).ok_or(EditError::NoBullet(issue))?;
                let old = std::mem::replace(&mut b.checked, checked);
                Ok(Edit::SetBulletChecked {
                    issue,
                    path,
                    checked: old,
                })
            }
            Edit::SetBulletSources {
                issue,
                path,
                sources,
            } => {
                let is = issue_mut(desk, issue)?;
                let b = is.bullet_mut(&path).ok_or(EditError::NoBullet(issue))?;
                let old = std::mem::replace(&mut b.sources, sources);
                Ok(Edit::SetBulletSources {
                    issue,
                    path,
                    sources: old,
                })
            }
            Edit::SetBulletTlp { issue, path, tlp } => {
                let is = issue_mut(desk, issue)?;
                let b = is.bullet_mut(&path).ok_or(EditError::NoBullet(issue))?;
                let old = std::mem::replace(&mut b.tlp, tlp);
                Ok(Edit::SetBulletTlp {
                    issue,
                    path,
                    tlp: old,
                })
            }
        }
    }
}
