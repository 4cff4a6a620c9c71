//! The one-line editor: a bullet's text inline, a section's name, a new issue's title.

use crate::model::text::one_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui_textarea::TextArea;

use super::dialog::quote;
use super::dialog::{Dialog, Outcome, Unsaved};
use crate::model::{BulletPath, Command, IssueMeta};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::ctx::ListPane;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// What the one-line editor is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditPurpose {
    EditBullet(BulletPath),
    NewBullet(BulletPath),
    RenameSection(usize),
    NewSection(usize),
    NewIssue,
}

impl EditPurpose {
    pub fn title(&self) -> &'static str {
        match self {
            EditPurpose::EditBullet(_) => "Edit bullet",
            EditPurpose::NewBullet(_) => "New bullet",
            EditPurpose::RenameSection(_) => "Rename section",
            EditPurpose::NewSection(_) => "New section",
            EditPurpose::NewIssue => "New issue: title",
        }
    }

    /// Edits of the outline are drawn over the selected row; the rest centred.
    pub fn inline(&self) -> bool {
        !matches!(self, EditPurpose::NewIssue)
    }
}

pub struct Editor {
    pub purpose: EditPurpose,
    pub text: TextArea<'static>,
}

impl Editor {
    /// The editor for `purpose`, holding `text`, the cursor at its end.
    pub fn new(purpose: EditPurpose, text: &str) -> Editor {
        let mut ta = TextArea::new(vec![text.to_string()]);
        ta.move_cursor(ratatui_textarea::CursorMove::End);
        ta.set_cursor_line_style(ratatui::style::Style::new());
        Editor { purpose, text: ta }
    }
}

impl Dialog for Editor {
    fn paste(&mut self, text: &str) -> bool {
        self.text.insert_str(one_line(text));
        true
    }

    fn context(&self) -> Context {
        Context::Editor
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        match input {
            Do(Action::Cancel) => {
                ctx.info("edit cancelled");
                Outcome::Close
            }
            Do(Action::Confirm) => editor_confirm(ctx, self),
            Typed(key) => {
                self.text.input(key);
                Outcome::Stay
            }
            Do(_) => Outcome::Stay,
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, areas: &Areas) {
        render_editor(ctx, self, frame, areas);
    }

    fn unsaved(&self, ctx: &Ctx) -> Unsaved {
        let st = self;
        let text = st.text.lines().join(" ").trim().to_string();
        let issue = ctx.current_issue();
        let what = match &st.purpose {
            EditPurpose::EditBullet(path) => {
                let old = issue.and_then(|i| i.bullet(path)).map(|b| b.text.as_str());
                if old == Some(text.as_str()) {
                    return Unsaved::Unchanged;
                }
                format!("edit of bullet {}", quote(old.unwrap_or(""), 40))
            }
            EditPurpose::NewBullet(path) => {
                let name = issue
                    .and_then(|i| i.sections.get(path.section))
                    .map_or(String::new(), |s| s.name.clone());
                format!("new bullet in {}", quote(&name, 40))
            }
            EditPurpose::RenameSection(index) | EditPurpose::NewSection(index) => {
                let name = issue
                    .and_then(|i| i.sections.get(*index))
                    .map_or(String::new(), |s| s.name.clone());
                if matches!(st.purpose, EditPurpose::RenameSection(_)) {
                    if name == text {
                        return Unsaved::Unchanged;
                    }
                    format!("name of section {}", quote(&name, 40))
                } else {
                    "new section name".to_string()
                }
            }
            EditPurpose::NewIssue => "issue title".to_string(),
        };
        Unsaved::Text {
            what,
            lines: vec![text],
        }
    }
}

fn editor_confirm(ctx: &mut Ctx, st: &Editor) -> Outcome {
    let text = st.text.lines().join(" ").trim().to_string();
    if text.is_empty() {
        ctx.error("empty text: nothing changed (Esc cancels)");
        return Outcome::Stay;
    }
    if st.purpose == EditPurpose::NewIssue {
        let meta = IssueMeta {
            title: text,
            date: Some(crate::ops::identity::day_of(ctx.now())),
            ..IssueMeta::default()
        };
        let id = ctx.desk.next_issue_id();
        let issue = crate::model::Issue::new(id, meta);
        if ctx.perform(Command::NewIssue { issue }) {
            ctx.issue = Some(id);
            ctx.outline = ListPane::default();
        }
        return Outcome::Close;
    }
    let Some(issue) = ctx.need_issue() else {
        return Outcome::Close;
    };
    match st.purpose.clone() {
        EditPurpose::EditBullet(path) => {
            if ctx
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.as_str())
                == Some(text.as_str())
            {
                ctx.info("no change");
                return Outcome::Close;
            }
            ctx.perform(Command::EditBullet { issue, path, text });
        }
        EditPurpose::NewBullet(path) => {
            ctx.perform(Command::NewBullet { issue, path, text });
        }
        EditPurpose::RenameSection(index) => {
            ctx.perform(Command::RenameSection {
                issue,
                index,
                name: text,
            });
        }
        EditPurpose::NewSection(index) => {
            if ctx.perform(Command::NewSection {
                issue,
                index,
                name: text,
            }) {
                ctx.select_section(index);
            }
        }
        EditPurpose::NewIssue => {}
    }
    Outcome::Close
}

fn render_editor(ctx: &Ctx, st: &Editor, frame: &mut Frame, areas: &Areas) {
    let t = &ctx.theme;
    let pane = areas.issue;
    let rect = if st.purpose.inline() {
        // Over the selected row of the outline.
        let rows = ctx.outline_rows().len();
        let inner_h = usize::from(pane.height.saturating_sub(2));
        let cursor = ctx.outline.cursor.min(rows.saturating_sub(1));
        let row = cursor - cells::offset(cursor, inner_h);
        let y = (pane.y + 1 + u16::try_from(row).unwrap_or(0)).saturating_sub(1);
        let y = y.min(pane.bottom().saturating_sub(3));
        Rect {
            x: pane.x,
            y,
            width: pane.width,
            height: 3.min(pane.height),
        }
    } else {
        let full = Rect {
            x: 0,
            y: 0,
            width: areas.status.right(),
            height: areas.status.bottom(),
        };
        cells::centered(full, 60, 3)
    };
    cells::clear_popup(frame, rect);
    let mut ta = st.text.clone();
    ta.set_block(
        cells::block(st.purpose.title(), t.border(true))
            .title_bottom(Line::styled(" Enter keeps · Esc cancels ", t.dim())),
    );
    frame.render_widget(&ta, rect);
}
