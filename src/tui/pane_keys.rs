//! The keys of the panes: what an action does when no dialog is open.

use super::action::Action;
use super::ctx::{Ctx, Effect, Filter, Focus, SaveState};
use super::dialogs::changes::Changes;
use super::dialogs::comments::Comments;
use super::dialogs::editor::{EditPurpose, Editor};
use super::dialogs::export::Export;
use super::dialogs::form::Form;
use super::dialogs::help::Help;
use super::dialogs::palette::Palette;
use super::dialogs::picker::{PickPurpose, Picker};
use super::dialogs::{Dialog, confirm, note};
use super::outline;
use crate::model::review::Status;
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
pub fn act(app: &mut Ctx, action: Action) -> Reply {
    if action != Action::Quit {
        app.quit_armed = false;
    }
    if action.is_edit() && app.read_only {
        app.refuse_read_only();
        return Reply::Done;
    }
    match action {
        Action::Quit => {
            // Never quit silently over edits that are not on disk: say so, and take a
            // second quit as the answer.
            if matches!(app.save_state, SaveState::Failed(_)) && !app.quit_armed {
                app.quit_armed = true;
                app.error(
                    "edits are NOT saved (the last save failed): fix the disk and keep working, \
                     or quit again to lose them",
                );
                return Reply::Done;
            }
            app.quit = true;
            return Reply::Effect(Effect::Quit);
        }
        Action::NextPane | Action::PrevPane => {
            let order = [Focus::Drafts, Focus::Issue, Focus::Preview];
            let i = order.iter().position(|f| *f == app.focus).unwrap_or(0);
            let next = if action == Action::NextPane {
                (i + 1) % 3
            } else {
                (i + 2) % 3
            };
            app.set_focus(order[next]);
        }
        Action::FocusDrafts => app.set_focus(Focus::Drafts),
        Action::FocusIssue => app.set_focus(Focus::Issue),
        Action::FocusPreview => app.set_focus(Focus::Preview),
        Action::Up
        | Action::Down
        | Action::Top
        | Action::Bottom
        | Action::PageUp
        | Action::PageDown => app.move_cursor(&action),
        Action::Filter => match app.focused_filter() {
            Some(pane) => pane.filter.editing = true,
            None => app.info("Preview has nothing to filter: / works in Drafts and Issue"),
        },
        Action::Cancel => {
            if let Some(pane) = app.focused_filter() {
                pane.filter = Filter::default();
            }
            app.status = None;
        }
        Action::Palette => return open(Palette::default()),
        Action::Help => return open(Help::default()),
        Action::Undo | Action::Redo => {
            let undo = action == Action::Undo;
            let r = if undo {
                app.history.undo(&mut app.desk)
            } else {
                app.history.redo(&mut app.desk)
            };
            app.desk_changed();
            match r {
                None => app.info(if undo {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                }),
                Some(Ok(done)) => app.after(done, if undo { "undid: " } else { "redid: " }),
                Some(Err(e)) => app.error(format!("cannot {}: {e}", action.name())),
            }
        }
        Action::Export => {
            if let Some(issue) = app.current_issue() {
                let dialog = Export::new(issue);
                return open(dialog);
            } else {
                app.error("no issue to export: press I to start one");
            }
        }
        Action::SwitchIssue => {
            let mut issues: Vec<_> = app.desk.issues.values().collect();
            issues.sort_by_key(|i| std::cmp::Reverse((i.meta.date, i.id)));
            if issues.is_empty() {
                app.error("no issues yet: press I to start one");
            } else {
                let ids = issues.iter().map(|i| i.id).collect();
                let names = issues
                    .iter()
                    .map(|i| match i.meta.date {
                        Some(d) => format!("{} · {d}", i.meta.title),
                        None => i.meta.title.clone(),
                    })
                    .collect();
                return open(Picker::new(PickPurpose::SwitchIssue(ids), names));
            }
        }
        Action::NewIssue => return open(Editor::new(EditPurpose::NewIssue, "")),
        Action::Assign => {
            let Some(item) = app.selected_item().map(|i| (i.id, i.state)) else {
                app.error("no draft selected");
                return Reply::Done;
            };
            if item.1 == ItemState::Used {
                app.error("that item is already in an issue");
                return Reply::Done;
            }
            if app.need_issue().is_some() {
                let names = app.section_names();
                return open(Picker::new(PickPurpose::Assign(item.0), names));
            }
        }
        Action::Spike | Action::Hold => {
            let Some(id) = app.selected_item().map(|i| i.id) else {
                app.error("no draft selected");
                return Reply::Done;
            };
            let cmd = if action == Action::Spike {
                Command::ToggleSpike { item: id }
            } else {
                Command::ToggleHold { item: id }
            };
            app.perform(cmd);
        }
        Action::NewItem => return open(Form::new_item()),
        Action::EditItem => {
            let Some(item) = app.selected_item() else {
                app.error("no draft selected");
                return Reply::Done;
            };
            let form = Form::edit(item);
            return open(form);
        }
        Action::Comment
        | Action::Comments
        | Action::Changes
        | Action::SendForReview
        | Action::Approve
        | Action::RequestChanges => return review_action(app, action),
        _ => return issue_update(app, action),
    }
    Reply::Done
}

fn issue_update(app: &mut Ctx, action: Action) -> Reply {
    let Some(issue) = app.need_issue() else {
        return Reply::Done;
    };
    let row = app.selected_row();
    use outline::RowKind as R;
    let bullet_only = |app: &mut Ctx| app.error("select a bullet first (this is a section row)");
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
            | Action::Remove,
            None,
        ) => app.error("nothing selected"),
        (a @ (Action::MoveUp | Action::MoveDown), Some(R::Section(index))) => {
            let up = a == Action::MoveUp;
            let cmd = if up {
                Command::MoveSectionUp { issue, index }
            } else {
                Command::MoveSectionDown { issue, index }
            };
            if app.perform(cmd) {
                app.select_section(if up { index - 1 } else { index + 1 });
            }
        }
        (a @ (Action::MoveUp | Action::MoveDown), Some(R::Bullet(path))) => {
            app.perform(if a == Action::MoveUp {
                Command::MoveBulletUp { issue, path }
            } else {
                Command::MoveBulletDown { issue, path }
            });
        }
        (Action::Indent, Some(R::Bullet(path))) => {
            app.perform(Command::Indent { issue, path });
        }
        (Action::Outdent, Some(R::Bullet(path))) => {
            app.perform(Command::Outdent { issue, path });
        }
        (Action::ToggleAssessment, Some(R::Bullet(path))) => {
            app.perform(Command::ToggleAssessment { issue, path });
        }
        (Action::MoveToSection, Some(R::Bullet(path))) => {
            let names = app.section_names();
            return open(Picker::new(PickPurpose::MoveBullet(path), names));
        }
        (Action::EditInline | Action::Rename, Some(R::Bullet(path))) => {
            let text = app
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.clone())
                .unwrap_or_default();
            return open(Editor::new(EditPurpose::EditBullet(path), &text));
        }
        (Action::EditInline | Action::Rename, Some(R::Section(index))) => {
            let name = app.section_names().get(index).cloned().unwrap_or_default();
            return open(Editor::new(EditPurpose::RenameSection(index), &name));
        }
        (Action::EditExternal, Some(R::Bullet(path))) => {
            let text = app
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.clone())
                .unwrap_or_default();
            app.external = Some((issue, path));
            return Reply::Effect(Effect::EditExternal { text });
        }
        (Action::Remove, Some(R::Bullet(path))) => {
            app.perform(Command::RemoveBullet { issue, path });
        }
        (Action::Remove, Some(R::Section(index))) => {
            app.perform(Command::RemoveSection { issue, index });
        }
        (Action::NewBullet, row) => {
            let sections = app.current_issue().map(|i| i.sections.len()).unwrap_or(0);
            let path = match row {
                Some(R::Bullet(p)) => Some(p.with_last(p.last() + 1)),
                Some(R::Section(s)) => app
                    .current_issue()
                    .and_then(|i| i.sections.get(s))
                    .map(|sec| BulletPath::top(s, sec.bullets.len())),
                None if sections > 0 => app
                    .current_issue()
                    .and_then(|i| i.sections.last())
                    .map(|sec| BulletPath::top(sections - 1, sec.bullets.len())),
                None => None,
            };
            match path {
                Some(p) => return open(Editor::new(EditPurpose::NewBullet(p), "")),
                None => app.error("the issue has no section yet: S adds one"),
            }
        }
        (Action::NewSection, row) => {
            let n = app.current_issue().map(|i| i.sections.len()).unwrap_or(0);
            let index = match row {
                Some(R::Section(s)) => s + 1,
                Some(R::Bullet(p)) => p.section + 1,
                None => n,
            };
            return open(Editor::new(EditPurpose::NewSection(index.min(n)), ""));
        }
        (_, Some(R::Section(_))) => bullet_only(app),
        _ => {}
    }
    Reply::Done
}

/// The review keys of the panes: each writes only its author's own review log.
fn review_action(app: &mut Ctx, action: Action) -> Reply {
    let opened = match action {
        Action::Comment => note::comment(app).map(|d| Box::new(d) as Box<dyn Dialog>),
        Action::Comments => Some(Box::new(Comments::default()) as Box<dyn Dialog>),
        Action::Changes => Some(Box::new(Changes::default()) as Box<dyn Dialog>),
        Action::SendForReview => confirm::ask(app, Status::InReview, String::new())
            .map(|d| Box::new(d) as Box<dyn Dialog>),
        Action::Approve => confirm::ask(app, Status::Approved, String::new())
            .map(|d| Box::new(d) as Box<dyn Dialog>),
        Action::RequestChanges => {
            note::request_changes(app).map(|d| Box::new(d) as Box<dyn Dialog>)
        }
        _ => None,
    };
    match opened {
        Some(dialog) => Reply::Open(dialog),
        None => Reply::Done,
    }
}
