//! The keys of the panes: what an action does when no dialog is open.

use super::action::Action;
use super::ctx::{Ctx, Effect, Filter, Focus, SaveState};
use super::dialogs::ask::Ask;
use super::dialogs::editor::{EditPurpose, Editor};
use super::dialogs::export::Export;
use super::dialogs::form::Form;
use super::dialogs::picker::{PickPurpose, Picker};
use super::dialogs::{self, Dialog};
use super::outline;
use crate::model::{BulletPath, Command, ItemState};

/// What an action of the panes leads to.
pub enum Reply {
    Done,
    /// Something for the shell (quit, `$EDITOR`).
    Effect(Effect),
    /// A dialog to open over the panes.
    Open(Box<dyn Dialog>),
}

fn open(dialog: impl Dialog) -> Reply {
    Reply::Open(Box::new(dialog))
}

/// An action of the panes (no dialog open, no filter being typed).
pub fn act(ctx: &mut Ctx, action: Action) -> Reply {
    if action != Action::Quit {
        ctx.quit_armed = false;
    }
    if action.is_edit() && ctx.read_only {
        ctx.refuse_read_only();
        return Reply::Done;
    }
    // Issue #19: nothing changes a part of the desk; it waits for the rest.
    if ctx.loading && !action.works_while_loading() {
        ctx.wait_for_desk(action);
        return Reply::Done;
    }
    if let Some(opened) = dialogs::opened_by(ctx, action) {
        return opened.map_or(Reply::Done, Reply::Open);
    }
    match action {
        Action::Quit => {
            // Never quit silently over edits that are not on disk: say so, and take a
            // second quit as the answer.
            if matches!(ctx.save_state, SaveState::Failed(_)) && !ctx.quit_armed {
                ctx.quit_armed = true;
                ctx.error(
                    "edits are NOT saved (the last save failed): fix the disk and keep working, \
                     or quit again to lose them",
                );
                return Reply::Done;
            }
            ctx.quit = true;
            return Reply::Effect(Effect::Quit);
        }
        Action::NextPane | Action::PrevPane => {
            let order = [Focus::Drafts, Focus::Issue, Focus::Preview];
            let i = order.iter().position(|f| *f == ctx.focus).unwrap_or(0);
            let next = if action == Action::NextPane {
                (i + 1) % 3
            } else {
                (i + 2) % 3
            };
            ctx.set_focus(order[next]);
        }
        Action::FocusDrafts => ctx.set_focus(Focus::Drafts),
        Action::FocusIssue => ctx.set_focus(Focus::Issue),
        Action::FocusPreview => ctx.set_focus(Focus::Preview),
        Action::Up
        | Action::Down
        | Action::Top
        | Action::Bottom
        | Action::PageUp
        | Action::PageDown => ctx.move_cursor(&action),
        Action::Search => ctx.start_search(),
        Action::Fetch => ctx.start_fetch(),
        // The fuzzy filter takes the word search's place.
        Action::Filter if ctx.focus == Focus::Drafts && ctx.search.on => {
            ctx.leave_search();
            ctx.drafts.filter.editing = true;
        }
        Action::Filter => match ctx.focused_filter() {
            Some(pane) => pane.filter.editing = true,
            None => ctx.info("Preview has nothing to filter: / works in Drafts and Issue"),
        },
        Action::Cancel => {
            if ctx.focus == Focus::Drafts && !ctx.marked.is_empty() {
                ctx.marked.clear();
                ctx.info("marks cleared");
                return Reply::Done;
            }
            if ctx.focus == Focus::Drafts && ctx.search.on {
                ctx.leave_search();
                ctx.status = None;
                return Reply::Done;
            }
            if let Some(pane) = ctx.focused_filter() {
                pane.filter = Filter::default();
            }
            ctx.status = None;
        }
        Action::Undo | Action::Redo => {
            let undo = action == Action::Undo;
            let r = if undo {
                ctx.history.undo(&mut ctx.desk)
            } else {
                ctx.history.redo(&mut ctx.desk)
            };
            match r {
                None => ctx.info(if undo {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                }),
                // `after` says which drafts changed (the desk's revision moves there).
                Some(Ok(done)) => ctx.after(done, if undo { "undid: " } else { "redid: " }),
                Some(Err(e)) => {
                    ctx.desk_changed();
                    ctx.error(format!("cannot {}: {e}", action.name()));
                }
            }
        }
        Action::Export => {
            if let Some(issue) = ctx.current_issue() {
                let dialog = Export::new(issue);
                return open(dialog);
            } else {
                ctx.error("no issue to export: press I to start one");
            }
        }
        Action::SwitchIssue => {
            let issues = ctx.desk.issues_newest_first();
            if issues.is_empty() {
                ctx.error("no issues yet: press I to start one");
            } else {
                let (ids, names) = ctx.issue_choices();
                return open(Picker::new(PickPurpose::SwitchIssue(ids), names));
            }
        }
        Action::Assign if !ctx.marked.is_empty() => {
            // Every marked draft, in the order marked, to the one section picked.
            if ctx.need_issue().is_some() {
                let names = ctx.section_names();
                let marked = ctx.marked.clone();
                return open(Picker::new(PickPurpose::AssignMarked(marked), names));
            }
        }
        Action::Assign => {
            let Some(item) = ctx.selected_item().map(|i| (i.id, i.state)) else {
                ctx.error("no draft selected");
                return Reply::Done;
            };
            if item.1 == ItemState::Used {
                ctx.error("that item is already in an issue");
                return Reply::Done;
            }
            if ctx.need_issue().is_some() {
                let names = ctx.section_names();
                return open(Picker::new(PickPurpose::Assign(item.0), names));
            }
        }
        Action::Spike | Action::Hold if !ctx.marked.is_empty() => {
            // Every marked draft, in one step: one `u` gives each its state back.
            let state = if action == Action::Spike {
                ItemState::Spiked
            } else {
                ItemState::Held
            };
            let n = ctx.marked.len();
            let items = ctx.marked.clone();
            if ctx.perform(Command::SetStates { items, state }) {
                ctx.marked.clear();
                ctx.info(format!("{n} drafts {}", state.as_str()));
            }
        }
        Action::Mark => {
            if ctx.focus != Focus::Drafts {
                ctx.info("marks are for drafts: press 1 for Drafts");
                return Reply::Done;
            }
            let Some(id) = ctx.selected_item().map(|i| i.id) else {
                ctx.error("no draft selected");
                return Reply::Done;
            };
            match ctx.marked.iter().position(|m| *m == id) {
                Some(at) => {
                    ctx.marked.remove(at);
                }
                None => ctx.marked.push(id),
            }
            ctx.status = None;
        }
        Action::Spike | Action::Hold => {
            let Some(id) = ctx.selected_item().map(|i| i.id) else {
                ctx.error("no draft selected");
                return Reply::Done;
            };
            let cmd = if action == Action::Spike {
                Command::ToggleSpike { item: id }
            } else {
                Command::ToggleHold { item: id }
            };
            ctx.perform(cmd);
        }
        Action::RawMarkdown => {
            ctx.preview_raw = !ctx.preview_raw;
            ctx.preview_scroll = 0;
            // Back to the digest as read: to the Issue pane's row again.
            ctx.preview_follows = true;
            let what = if ctx.preview_raw {
                "the digest's raw Markdown"
            } else {
                "the digest as read"
            };
            ctx.info(if ctx.preview_of == Focus::Drafts {
                format!("from Issue, Preview will show {what}")
            } else {
                format!("Preview shows {what}")
            });
        }
        Action::StateView => {
            ctx.drafts_view = ctx.drafts_view.next();
            ctx.drafts.cursor = 0;
            ctx.info(format!("Drafts shows {}", ctx.drafts_view.label()));
        }
        Action::NewItem => return open(Form::new_item()),
        Action::EditItem => {
            let Some(id) = ctx.selected_item().map(|it| it.id) else {
                ctx.error("no draft selected");
                return Reply::Done;
            };
            // The form edits the whole text: a body in its chunk file is read in first.
            if !ctx.read_bodies(&[id]) {
                return Reply::Done;
            }
            let Some(item) = ctx.desk.item(id) else {
                return Reply::Done;
            };
            if item.body.is_on_disk() {
                ctx.error(crate::model::EditError::TextNotRead(id).to_string());
                return Reply::Done;
            }
            let form = Form::edit(item);
            return open(form);
        }
        _ => return issue_update(ctx, action),
    }
    Reply::Done
}

fn issue_update(ctx: &mut Ctx, action: Action) -> Reply {
    let Some(issue) = ctx.need_issue() else {
        return Reply::Done;
    };
    let row = ctx.selected_row();
    use outline::RowKind as R;
    let bullet_only = |ctx: &mut Ctx| ctx.error("select a bullet first (this is a section row)");
    match (action, row) {
        (Action::MoveUp | Action::MoveDown, None)
        | (
            Action::Indent
            | Action::Outdent
            | Action::ToggleAssessment
            | Action::MoveToSection
            | Action::EditInline
            | Action::EditExternal
            | Action::Rename
            | Action::Remove
            | Action::PullParagraph
            | Action::BulletTlp,
            None,
        ) => ctx.error("nothing selected"),
        (a @ (Action::MoveUp | Action::MoveDown), Some(R::Section(index))) => {
            let up = a == Action::MoveUp;
            let cmd = if up {
                Command::MoveSectionUp { issue, index }
            } else {
                Command::MoveSectionDown { issue, index }
            };
            if ctx.perform(cmd) {
                ctx.select_section(if up { index - 1 } else { index + 1 });
            }
        }
        (a @ (Action::MoveUp | Action::MoveDown), Some(R::Bullet(path))) => {
            ctx.perform(if a == Action::MoveUp {
                Command::MoveBulletUp { issue, path }
            } else {
                Command::MoveBulletDown { issue, path }
            });
        }
        (Action::Indent, Some(R::Bullet(path))) => {
            ctx.perform(Command::Indent { issue, path });
        }
        (Action::Outdent, Some(R::Bullet(path))) => {
            ctx.perform(Command::Outdent { issue, path });
        }
        (Action::ToggleAssessment, Some(R::Bullet(path))) => {
            ctx.perform(Command::ToggleAssessment { issue, path });
        }
        (Action::MoveToSection, Some(R::Bullet(path))) => {
            let names = ctx.section_names();
            return open(Picker::new(PickPurpose::MoveBullet(path), names));
        }
        (Action::EditInline | Action::Rename, Some(R::Bullet(path))) => {
            let text = ctx
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.clone())
                .unwrap_or_default();
            return open(Editor::new(EditPurpose::EditBullet(path), &text));
        }
        (Action::EditInline | Action::Rename, Some(R::Section(index))) => {
            let name = ctx.section_names().get(index).cloned().unwrap_or_default();
            return open(Editor::new(EditPurpose::RenameSection(index), &name));
        }
        (Action::EditExternal, Some(R::Bullet(path))) => {
            let text = ctx
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.clone())
                .unwrap_or_default();
            ctx.external = Some((issue, path));
            return Reply::Effect(Effect::EditExternal { text });
        }
        (Action::Remove, Some(R::Bullet(path))) => {
            ctx.perform(Command::RemoveBullet { issue, path });
        }
        (Action::Remove, Some(R::Section(index))) => {
            let cmd = Command::RemoveSection { issue, index };
            // A section with bullets holds work: ask first. An empty one goes at once.
            let section = ctx
                .current_issue()
                .and_then(|i| i.sections.get(index))
                .map(|s| (s.name.clone(), s.bullet_count()));
            match section {
                Some((name, bullets)) if bullets > 0 => {
                    return open(Ask::remove_section(&name, bullets, cmd));
                }
                _ => {
                    ctx.perform(cmd);
                }
            }
        }
        (Action::PullParagraph, Some(R::Bullet(path))) => {
            ctx.perform(Command::PullParagraph { issue, path });
        }
        // Issue #17: the bullet's own marking, one step stricter, after RED none again.
        (Action::BulletTlp, Some(R::Bullet(path))) => {
            let now = ctx
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .and_then(|b| b.tlp);
            let tlp = match now {
                None => Some(crate::model::Tlp::Clear),
                Some(t) => crate::model::Tlp::ALL.into_iter().find(|n| *n > t),
            };
            ctx.perform(Command::SetBulletTlp { issue, path, tlp });
        }
        (Action::NewBullet, row) => {
            let sections = ctx.current_issue().map(|i| i.sections.len()).unwrap_or(0);
            let path = match row {
                Some(R::Bullet(p)) => Some(p.with_last(p.last() + 1)),
                Some(R::Section(s)) => ctx
                    .current_issue()
                    .and_then(|i| i.sections.get(s))
                    .map(|sec| BulletPath::top(s, sec.bullets.len())),
                None if sections > 0 => ctx
                    .current_issue()
                    .and_then(|i| i.sections.last())
                    .map(|sec| BulletPath::top(sections - 1, sec.bullets.len())),
                None => None,
            };
            match path {
                Some(p) => return open(Editor::new(EditPurpose::NewBullet(p), "")),
                None => ctx.error("the issue has no section yet: S adds one"),
            }
        }
        (Action::NewSection, row) => {
            let n = ctx.current_issue().map(|i| i.sections.len()).unwrap_or(0);
            let index = match row {
                Some(R::Section(s)) => s + 1,
                Some(R::Bullet(p)) => p.section + 1,
                None => n,
            };
            return open(Editor::new(EditPurpose::NewSection(index.min(n)), ""));
        }
        (Action::MarkChecked, Some(R::Bullet(path))) => {
            ctx.perform(Command::ToggleChecked { issue, path });
        }
        (Action::MarkChecked, None) => ctx.error("nothing selected"),
        (_, Some(R::Section(_))) => bullet_only(ctx),
        _ => {}
    }
    Reply::Done
}
