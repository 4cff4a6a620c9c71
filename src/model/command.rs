//! What a user does, in the analyst's words. A command is planned into primitive edits against
//! the current desk; one command is one undo step, however many edits it takes.

use super::desk::Desk;
use super::edit::{Edit, EditError};
use super::issue::{
    Bullet, BulletKind, BulletPath, Issue, IssueId, IssueMeta, MAX_DEPTH, Section, TOO_DEEP,
};
use super::item::{Item, ItemId, ItemState};

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Add drafts (typed in, or a whole import: one undo step).
    AddItems {
        items: Vec<Item>,
    },
    /// Replace an item's text and details (its id stays).
    EditItem {
        item: Item,
    },
    /// Spike the item, or put a spiked item back in the pool.
    ToggleSpike {
        item: ItemId,
    },
    /// Hold the item for a later week, or put a held item back in the pool.
    ToggleHold {
        item: ItemId,
    },
    /// Make the item a bullet at the end of a section; the item is then `used`.
    Assign {
        item: ItemId,
        issue: IssueId,
        section: usize,
    },
    /// Create a section at the end of the issue and assign the item to it.
    AssignToNewSection {
        item: ItemId,
        issue: IssueId,
        name: String,
    },
    NewIssue {
        issue: Issue,
    },
    SetIssueMeta {
        issue: IssueId,
        meta: IssueMeta,
    },
    NewSection {
        issue: IssueId,
        index: usize,
        name: String,
    },
    RenameSection {
        issue: IssueId,
        index: usize,
        name: String,
    },
    MoveSectionUp {
        issue: IssueId,
        index: usize,
    },
    MoveSectionDown {
        issue: IssueId,
        index: usize,
    },
    /// Remove a section; the items of its bullets go back to the pool.
    RemoveSection {
        issue: IssueId,
        index: usize,
    },
    NewBullet {
        issue: IssueId,
        path: BulletPath,
        text: String,
    },
    EditBullet {
        issue: IssueId,
        path: BulletPath,
        text: String,
    },
    ToggleAssessment {
        issue: IssueId,
        path: BulletPath,
    },
    MoveBulletUp {
        issue: IssueId,
        path: BulletPath,
    },
    MoveBulletDown {
        issue: IssueId,
        path: BulletPath,
    },
    /// Make the bullet the last sub-point of the bullet above it.
    Indent {
        issue: IssueId,
        path: BulletPath,
    },
    /// Make the sub-point a bullet of its own, right after its parent.
    Outdent {
        issue: IssueId,
        path: BulletPath,
    },
    /// Move the bullet (with its sub-points) to the end of another section.
    MoveToSection {
        issue: IssueId,
        path: BulletPath,
        section: usize,
    },
    /// Remove the bullet and its sub-points; their items go back to the pool.
    RemoveBullet {
        issue: IssueId,
        path: BulletPath,
    },
}

/// The edits a command takes, and where the selection should land afterwards.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub edits: Vec<Edit>,
    pub select: Option<BulletPath>,
}

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

fn bullet_from_item(is: &Issue, it: &Item) -> Bullet {
    let mut b = Bullet::new(is.next_bullet_id(), it.bullet_text());
    b.item = Some(it.id);
    b
}

fn assignable(it: &Item) -> Result<(), EditError> {
    if it.state == ItemState::Used {
        return Err(refuse("that item is already in an issue"));
    }
    Ok(())
}

impl Command {
    /// A short name for the undo history and the status bar.
    pub fn label(&self) -> &'static str {
        match self {
            Command::AddItems { .. } => "add items",
            Command::EditItem { .. } => "edit item",
            Command::ToggleSpike { .. } => "spike",
            Command::ToggleHold { .. } => "hold",
            Command::Assign { .. } | Command::AssignToNewSection { .. } => "assign",
            Command::NewIssue { .. } => "new issue",
            Command::SetIssueMeta { .. } => "edit issue",
            Command::NewSection { .. } => "new section",
            Command::RenameSection { .. } => "rename section",
            Command::MoveSectionUp { .. } | Command::MoveSectionDown { .. } => "move section",
            Command::RemoveSection { .. } => "remove section",
            Command::NewBullet { .. } => "new bullet",
            Command::EditBullet { .. } => "edit bullet",
            Command::ToggleAssessment { .. } => "toggle assessment",
            Command::MoveBulletUp { .. } | Command::MoveBulletDown { .. } => "move bullet",
            Command::Indent { .. } => "make sub-point",
            Command::Outdent { .. } => "promote",
            Command::MoveToSection { .. } => "move to section",
            Command::RemoveBullet { .. } => "remove bullet",
        }
    }

    /// Work out the edits against the desk as it is now. Nothing is changed here. Every text
    /// the command brings in is sanitized first ([`Command::sanitized`]): one rule for typed
    /// and imported text alike.
    pub fn plan(&self, desk: &Desk) -> Result<Plan, EditError> {
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
            Command::Assign {
                item: id,
                issue: iid,
                section,
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
                            bullet: bullet_from_item(is, it),
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
                            bullet: bullet_from_item(is, it),
                        },
                        Edit::SetItemState {
                            id: *id,
                            state: ItemState::Used,
                        },
                    ],
                    Some(path),
                )
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
                plan(
                    vec![Edit::SetIssueMeta {
                        id: *iid,
                        meta: meta.clone(),
                    }],
                    None,
                )
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
        }
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;
    use crate::model::BulletId;
    use crate::model::issue::tests::nested;

    /// A desk with `nested(levels)` as issue 1.
    fn desk_with(levels: usize) -> Desk {
        let mut desk = Desk::new();
        let issue = nested(levels);
        desk.issues.insert(issue.id, issue);
        desk
    }

    /// The path of the one bullet at `depth` in `nested`.
    fn at(depth: usize) -> BulletPath {
        BulletPath::new(0, vec![0; depth + 1])
    }

    fn refused(r: Result<Plan, EditError>) -> String {
        match r {
            Err(EditError::Refused(msg)) => msg,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn indent_goes_down_to_the_limit_and_no_further() {
        let mut desk = desk_with(MAX_DEPTH - 1);
        let issue = IssueId(1);
        // A second bullet beside the deepest one, at level 15: `>` takes it to 16.
        let beside = at(MAX_DEPTH - 1).with_last(1);
        let new = Command::NewBullet {
            issue,
            path: beside.clone(),
            text: "beside".into(),
        };
        let mut history = crate::model::History::default();
        history.perform(&mut desk, &new).unwrap();
        let indent = Command::Indent {
            issue,
            path: beside,
        };
        let done = history.perform(&mut desk, &indent).unwrap();
        assert_eq!(done.select.as_ref().map(BulletPath::depth), Some(MAX_DEPTH));
        assert_eq!(desk.issue(issue).unwrap().check(), Ok(()));

        // Another at level 16 cannot go to 17.
        let beside = at(MAX_DEPTH).with_last(1);
        history
            .perform(
                &mut desk,
                &Command::NewBullet {
                    issue,
                    path: beside.clone(),
                    text: "too deep".into(),
                },
            )
            .unwrap();
        let msg = refused(
            Command::Indent {
                issue,
                path: beside,
            }
            .plan(&desk),
        );
        assert_eq!(msg, TOO_DEEP);
    }

    #[test]
    fn indent_counts_the_sub_points_that_move_with_the_bullet() {
        // A top-level bullet with 16 levels below it, after another: `>` would take its
        // deepest sub-point to 17.
        let mut desk = desk_with(MAX_DEPTH);
        let issue = desk.issues.get_mut(&IssueId(1)).unwrap();
        let mut chain = nested(MAX_DEPTH).sections.remove(0).bullets.remove(0);
        fn renumber(b: &mut Bullet, next: &mut u64) {
            b.id = BulletId(*next);
            *next += 1;
            b.sub_points.iter_mut().for_each(|s| renumber(s, next));
        }
        renumber(&mut chain, &mut 100);
        issue.sections[0].bullets.push(chain);
        let msg = refused(
            Command::Indent {
                issue: IssueId(1),
                path: BulletPath::top(0, 1),
            }
            .plan(&desk),
        );
        assert_eq!(msg, TOO_DEEP);
    }

    #[test]
    fn a_new_issue_deeper_than_the_limit_is_refused() {
        let desk = Desk::new();
        let msg = refused(
            Command::NewIssue {
                issue: nested(MAX_DEPTH + 1),
            }
            .plan(&desk),
        );
        assert!(msg.contains(TOO_DEEP), "{msg}");
        assert!(
            Command::NewIssue {
                issue: nested(MAX_DEPTH)
            }
            .plan(&desk)
            .is_ok()
        );
    }
}
