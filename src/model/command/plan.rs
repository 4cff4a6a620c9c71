//! Planning: what edits a command takes on the desk as it is now. Planning only reads the
//! desk; the edits do the writing.

use super::{Command, Plan};
use crate::model::desk::Desk;
use crate::model::edit::{Edit, EditError};
use crate::model::issue::{
    Bullet, BulletKind, BulletPath, Issue, IssueId, MAX_DEPTH, Section, TOO_DEEP,
};
use crate::model::item::{Item, ItemId, ItemState};

fn refuse(msg: &str) -> EditError {
    EditError::Refused(msg.to_string())
}

fn issue(desk: &Desk, id: IssueId) -> Result<&Issue, EditError> {
    desk.issue(id).ok_or(EditError::NoIssue(id))
}

fn item(desk: &Desk, id: ItemId) -> Result<&Item, EditError> {
    desk.item(id).ok_or(EditError::NoItem(id))
}

fn bullet<'a>(is: &'a Issue, path: &BulletPath) -> Result<&'a Bullet, EditError> {
    is.bullet(path).ok_or(EditError::NoBullet(is.id))
}

/// Every item linked from these bullets goes back to the pool.
fn back_to_pool(desk: &Desk, bullets: &[&Bullet]) -> Vec<Edit> {
    bullets
        .iter()
        .filter_map(|b| b.item)
        .filter(|id| desk.item(*id).is_some_and(|i| i.state == ItemState::Used))
        .map(|id| Edit::SetItemState {
            id,
            state: ItemState::Pool,
        })
        .collect()
}

/// Move one bullet (with its sub-points) and select it where it lands.
fn move_bullet(issue: IssueId, from: &BulletPath, to: BulletPath) -> Result<Plan, EditError> {
    Ok(Plan {
        edits: vec![Edit::MoveBullet {
            issue,
            from: from.clone(),
            to: to.clone(),
        }],
        select: Some(to),
    })
}

/// Where the item's bullet is: the newest issue holding one.
fn bullet_of_item(desk: &Desk, id: ItemId) -> Option<(IssueId, BulletPath)> {
    desk.issues_newest_first().into_iter().find_map(|is| {
        is.outline()
            .into_iter()
            .find(|(_, b)| b.item == Some(id))
            .map(|(path, _)| (is.id, path))
    })
}

fn assignable(it: &Item) -> Result<(), EditError> {
    if it.state == ItemState::Used {
        return Err(refuse("that item is already in an issue"));
    }
    Ok(())
}

impl Command {
    /// Work out the edits against the desk as it is now. Nothing is changed here. Every text
    /// the command brings in is sanitized first ([`Command::sanitized`]): one rule for typed
    /// and imported text alike.
    pub fn plan(&self, desk: &Desk) -> Result<Plan, EditError> {
        // A body left in its chunk file is never planned from (issue #19): the bullet
        // would say the headline, the undo would lose the text.
        let needed = self.drafts_needed(desk);
        if let Some(id) = needed
            .into_iter()
            .find(|id| desk.items.get(id).is_some_and(|it| it.body.is_on_disk()))
        {
            return Err(EditError::TextNotRead(id));
        }
        self.sanitized().plan_clean(desk)
    }

    fn plan_clean(&self, desk: &Desk) -> Result<Plan, EditError> {
        let plan = |edits: Vec<Edit>, select: Option<BulletPath>| Ok(Plan { edits, select });
        match self {
            Command::AddItems { items } => plan(
                items
                    .iter()
                    .cloned()
                    .map(|item| Edit::InsertItem { item })
                    .collect(),
                None,
            ),
            Command::EditItem { item: new } => {
                item(desk, new.id)?;
                plan(vec![Edit::ReplaceItem { item: new.clone() }], None)
            }
            Command::EditItemAndBullet { item: new } => {
                item(desk, new.id)?;
                let (iid, path) = bullet_of_item(desk, new.id)
                    .ok_or_else(|| refuse("that item has no bullet in any issue"))?;
                plan(
                    vec![
                        Edit::ReplaceItem { item: new.clone() },
                        Edit::SetBulletText {
                            issue: iid,
                            path: path.clone(),
                            text: new.bullet_text(),
                        },
                    ],
                    Some(path),
                )
            }
            Command::PullParagraph { issue: iid, path } => {
                let b = bullet(issue(desk, *iid)?, path)?;
                let id = b.item.ok_or_else(|| {
                    refuse("this bullet was not made from a draft: no paragraph to pull in")
                })?;
                let it = item(desk, id)?;
                let next = it.next_paragraph(&b.text).ok_or_else(|| {
                    refuse("no next paragraph: the bullet already ends with its item's last one")
                })?;
                let text = format!("{} {next}", b.text.trim_end());
                plan(
                    vec![Edit::SetBulletText {
                        issue: *iid,
                        path: path.clone(),
                        text,
                    }],
                    Some(path.clone()),
                )
            }
            Command::ToggleSpike { item: id } | Command::ToggleHold { item: id } => {
                let it = item(desk, *id)?;
                let target = if matches!(self, Command::ToggleSpike { .. }) {
                    ItemState::Spiked
                } else {
                    ItemState::Held
                };
                let state = match it.state {
                    ItemState::Used => {
                        return Err(refuse("that item is in an issue: remove its bullet first"));
                    }
                    s if s == target => ItemState::Pool,
                    _ => target,
                };
                plan(vec![Edit::SetItemState { id: *id, state }], None)
            }
            Command::SetStates { items, state } => {
                if *state == ItemState::Used {
                    return Err(refuse("a draft becomes used only by assigning it"));
                }
                let mut edits = Vec::new();
                for id in items {
                    if item(desk, *id)?.state == ItemState::Used {
                        return Err(refuse(
                            "a marked draft is in an issue: remove its bullet first",
                        ));
                    }
                    edits.push(Edit::SetItemState {
                        id: *id,
                        state: *state,
                    });
                }
                plan(edits, None)
            }
            Command::Purge { items } => {
                for id in items {
                    if item(desk, *id)?.state != ItemState::Spiked {
                        return Err(refuse("only spiked drafts are purged: spike it first"));
                    }
                }
                plan(
                    items
                        .iter()
                        .map(|id| Edit::RemoveItem { id: *id })
                        .collect(),
                    None,
                )
            }
            Command::Assign {
                item: id,
                issue: iid,
                section,
                from,
            } => {
                let it = item(desk, *id)?;
                assignable(it)?;
                let is = issue(desk, *iid)?;
                let s = is.sections.get(*section).ok_or(EditError::NoSection {
                    issue: *iid,
                    index: *section,
                })?;
                let path = BulletPath::top(*section, s.bullets.len());
                plan(
                    vec![
                        Edit::InsertBullet {
                            issue: *iid,
                            path: path.clone(),
                            bullet: super::bullet::bullet_from_item(is.next_bullet_id(), it, *from),
                        },
                        Edit::SetItemState {
                            id: *id,
                            state: ItemState::Used,
                        },
                    ],
                    Some(path),
                )
            }
            Command::AssignToNewSection {
                item: id,
                issue: iid,
                name,
                from,
            } => {
                let it = item(desk, *id)?;
                assignable(it)?;
                let is = issue(desk, *iid)?;
                let name = name.trim();
                if name.is_empty() {
                    return Err(refuse("a section needs a name"));
                }
                let index = is.sections.len();
                let path = BulletPath::top(index, 0);
                plan(
                    vec![
                        Edit::InsertSection {
                            issue: *iid,
                            index,
                            section: Section::new(is.next_section_id(), name),
                        },
                        Edit::InsertBullet {
                            issue: *iid,
                            path: path.clone(),
                            bullet: super::bullet::bullet_from_item(is.next_bullet_id(), it, *from),
                        },
                        Edit::SetItemState {
                            id: *id,
                            state: ItemState::Used,
                        },
                    ],
                    Some(path),
                )
            }
            Command::AssignMany {
                items,
                issue: iid,
                section,
                new_section,
                from,
            } => {
                let is = issue(desk, *iid)?;
                let new_section = new_section.as_deref();
                super::assign_many::plan(desk, is, items, *section, new_section, *from)
            }
            Command::NewIssue { issue: new } => {
                if desk.issue(new.id).is_some() {
                    return Err(EditError::IssueExists(new.id));
                }
                new.check().map_err(|e| EditError::Refused(e.to_string()))?;
                plan(vec![Edit::InsertIssue { issue: new.clone() }], None)
            }
            Command::SetIssueMeta { issue: iid, meta } => {
                issue(desk, *iid)?;
                if meta.title.trim().is_empty() {
                    return Err(refuse("an issue needs a title"));
                }
                plan(
                    vec![Edit::SetIssueMeta {
                        id: *iid,
                        meta: meta.clone(),
                    }],
                    None,
                )
            }
            Command::DeleteIssue { issue: iid } => {
                let is = issue(desk, *iid)?;
                let all: Vec<&Bullet> = is
                    .sections
                    .iter()
                    .flat_map(|s| s.bullets.iter().flat_map(Bullet::walk))
                    .collect();
                let mut edits = vec![Edit::RemoveIssue { id: *iid }];
                edits.extend(back_to_pool(desk, &all));
                plan(edits, None)
            }
            Command::NewSection {
                issue: iid,
                index,
                name,
            } => {
                let is = issue(desk, *iid)?;
                let name = name.trim();
                if name.is_empty() {
                    return Err(refuse("a section needs a name"));
                }
                let index = (*index).min(is.sections.len());
                let section = Section::new(is.next_section_id(), name);
                plan(
                    vec![Edit::InsertSection {
                        issue: *iid,
                        index,
                        section,
                    }],
                    None,
                )
            }
            Command::RenameSection {
                issue: iid,
                index,
                name,
            } => {
                let is = issue(desk, *iid)?;
                is.sections.get(*index).ok_or(EditError::NoSection {
                    issue: *iid,
                    index: *index,
                })?;
                let name = name.trim();
                if name.is_empty() {
                    return Err(refuse("a section needs a name"));
                }
                plan(
                    vec![Edit::RenameSection {
                        issue: *iid,
                        index: *index,
                        name: name.to_string(),
                    }],
                    None,
                )
            }
            Command::MoveSectionUp { issue: iid, index }
            | Command::MoveSectionDown { issue: iid, index } => {
                let is = issue(desk, *iid)?;
                let n = is.sections.len();
                if *index >= n {
                    return Err(EditError::NoSection {
                        issue: *iid,
                        index: *index,
                    });
                }
                let up = matches!(self, Command::MoveSectionUp { .. });
                let to = match (up, *index) {
                    (true, 0) => return Err(refuse("already the first section")),
                    (true, i) => i - 1,
                    (false, i) if i + 1 >= n => return Err(refuse("already the last section")),
                    (false, i) => i + 1,
                };
                plan(
                    vec![Edit::MoveSection {
                        issue: *iid,
                        from: *index,
                        to,
                    }],
                    None,
                )
            }
            Command::RemoveSection { issue: iid, index } => {
                let is = issue(desk, *iid)?;
                let s = is.sections.get(*index).ok_or(EditError::NoSection {
                    issue: *iid,
                    index: *index,
                })?;
                let all: Vec<&Bullet> = s.bullets.iter().flat_map(Bullet::walk).collect();
                let mut edits = vec![Edit::RemoveSection {
                    issue: *iid,
                    index: *index,
                }];
                edits.extend(back_to_pool(desk, &all));
                plan(edits, None)
            }
            Command::NewBullet {
                issue: iid,
                path,
                text,
            } => {
                let is = issue(desk, *iid)?;
                let list = is.siblings(path).ok_or(EditError::NoBullet(*iid))?;
                let path = path.with_last(path.last().min(list.len()));
                let bullet = Bullet::new(is.next_bullet_id(), text.clone());
                plan(
                    vec![Edit::InsertBullet {
                        issue: *iid,
                        path: path.clone(),
                        bullet,
                    }],
                    Some(path),
                )
            }
            Command::EditBullet {
                issue: iid,
                path,
                text,
            } => {
                bullet(issue(desk, *iid)?, path)?;
                plan(
                    vec![Edit::SetBulletText {
                        issue: *iid,
                        path: path.clone(),
                        text: text.clone(),
                    }],
                    Some(path.clone()),
                )
            }
            // Issue #17: a bullet's sources and marking, each one edit with its inverse.
            Command::SetBulletSources {
                issue: iid,
                path,
                sources,
            } => {
                bullet(issue(desk, *iid)?, path)?;
                for url in sources.iter().filter_map(|s| s.url.as_deref()) {
                    crate::model::source::check_url(url).map_err(EditError::Refused)?;
                }
                plan(
                    vec![Edit::SetBulletSources {
                        issue: *iid,
                        path: path.clone(),
                        sources: sources.clone(),
                    }],
                    Some(path.clone()),
                )
            }
            Command::SetBulletTlp {
                issue: iid,
                path,
                tlp,
            } => {
                bullet(issue(desk, *iid)?, path)?;
                plan(
                    vec![Edit::SetBulletTlp {
                        issue: *iid,
                        path: path.clone(),
                        tlp: *tlp,
                    }],
                    Some(path.clone()),
                )
            }
            Command::ToggleAssessment { issue: iid, path } => {
                let b = bullet(issue(desk, *iid)?, path)?;
                let kind: BulletKind = b.kind.toggled();
                plan(
                    vec![Edit::SetBulletKind {
                        issue: *iid,
                        path: path.clone(),
                        kind,
                    }],
                    Some(path.clone()),
                )
            }
            Command::ToggleChecked { issue: iid, path } => {
                let b = bullet(issue(desk, *iid)?, path)?;
                plan(
                    vec![Edit::SetBulletChecked {
                        issue: *iid,
                        path: path.clone(),
                        checked: !b.checked,
                    }],
                    Some(path.clone()),
                )
            }
            Command::MoveBulletUp { issue: iid, path }
            | Command::MoveBulletDown { issue: iid, path } => {
                let is = issue(desk, *iid)?;
                bullet(is, path)?;
                let n = is.siblings(path).map_or(0, Vec::len);
                let up = matches!(self, Command::MoveBulletUp { .. });
                let to = match (up, path.last()) {
                    (true, 0) => return Err(refuse("already the first bullet here")),
                    (true, i) => i - 1,
                    (false, i) if i + 1 >= n => return Err(refuse("already the last bullet here")),
                    (false, i) => i + 1,
                };
                let to = path.with_last(to);
                move_bullet(*iid, path, to)
            }
            Command::Indent { issue: iid, path } => {
                let is = issue(desk, *iid)?;
                let b = bullet(is, path)?;
                // One level deeper, with every sub-point that moves with it.
                if path.depth() + 1 + b.height() > MAX_DEPTH {
                    return Err(refuse(TOO_DEEP));
                }
                let i = path.last();
                if i == 0 {
                    return Err(refuse("no bullet above to make this a sub-point of"));
                }
                let above = path.with_last(i - 1);
                let n = bullet(is, &above)?.sub_points.len();
                // `above` comes before `path`, so taking the bullet out does not shift it.
                let to = above.child(n);
                move_bullet(*iid, path, to)
            }
            Command::Outdent { issue: iid, path } => {
                let is = issue(desk, *iid)?;
                bullet(is, path)?;
                let parent = path
                    .parent()
                    .ok_or_else(|| refuse("already a top-level bullet"))?;
                let to = parent.with_last(parent.last() + 1);
                move_bullet(*iid, path, to)
            }
            Command::MoveToSection {
                issue: iid,
                path,
                section,
            } => {
                let is = issue(desk, *iid)?;
                bullet(is, path)?;
                let s = is.sections.get(*section).ok_or(EditError::NoSection {
                    issue: *iid,
                    index: *section,
                })?;
                if *section == path.section && path.index.len() == 1 {
                    return Err(refuse("the bullet is already in that section"));
                }
                // A sub-point taken out of this same section leaves its top-level list as long.
                let to = BulletPath::top(*section, s.bullets.len());
                move_bullet(*iid, path, to)
            }
            Command::RemoveBullet { issue: iid, path } => {
                let is = issue(desk, *iid)?;
                let b = bullet(is, path)?;
                let mut edits = vec![Edit::RemoveBullet {
                    issue: *iid,
                    path: path.clone(),
                }];
                edits.extend(back_to_pool(desk, &b.walk()));
                plan(edits, None)
            }
            Command::Import { items, issues } => super::import_plan::import(desk, items, issues),
            Command::RemoveImport { items, issues } => {
                super::import_plan::remove(desk, items, issues)
            }
        }
    }
}
