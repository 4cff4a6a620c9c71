//! A comment, or the note of a request for changes: one text field, Ctrl-s saves.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui_textarea::TextArea;

use super::confirm;
use super::dialog::{Dialog, Outcome};
use crate::model::IssueId;
use crate::model::review::{self, Status, Target};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// What the one-field note form is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotePurpose {
    Comment(Target),
    RequestChanges,
}

pub struct Note {
    pub issue: IssueId,
    pub purpose: NotePurpose,
    pub title: String,
    pub text: TextArea<'static>,
}

impl Dialog for Note {
    fn paste(&mut self, text: &str) -> bool {
        self.text.insert_str(text);
        true
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        match input {
            Do(Action::Cancel) => {
                ctx.info("cancelled");
                Outcome::Close
            }
            Do(Action::Confirm) => save_note(ctx, self),
            Typed(key) => {
                self.text.input(key);
                Outcome::Stay
            }
            Do(_) => Outcome::Stay,
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let area = frame.area();
        render_note(ctx, self, frame, area);
    }
}

/// A comment on the selected bullet or section (the issue, when it has no rows yet).
pub fn comment(ctx: &mut Ctx) -> Option<Note> {
    let Some(issue) = ctx.current_issue() else {
        ctx.error("no issue yet: nothing to comment on");
        return None;
    };
    let target = match ctx.selected_target() {
        Some(t) => t,
        None if ctx.outline_rows().is_empty() && !ctx.outline.filter.active() => Target::Issue,
        None => {
            ctx.error("nothing selected to comment on");
            return None;
        }
    };
    let title = format!("Comment on {}", review::describe_target(issue, target));
    let id = issue.id;
    Some(Note {
        issue: id,
        purpose: NotePurpose::Comment(target),
        title,
        text: TextArea::default(),
    })
}

/// The note a request for changes needs, when the workflow allows one.
pub fn request_changes(ctx: &mut Ctx) -> Option<Note> {
    let issue = confirm::checked(ctx, Status::ChangesRequested)?;
    Some(Note {
        issue,
        purpose: NotePurpose::RequestChanges,
        title: "Request changes: what should change?".into(),
        text: TextArea::default(),
    })
}

fn save_note(ctx: &mut Ctx, st: &Note) -> Outcome {
    let text = st.text.lines().join("\n");
    match &st.purpose {
        NotePurpose::RequestChanges => {
            if text.trim().is_empty() {
                ctx.error("say what should change: the note is empty (Esc cancels)");
                return Outcome::Stay;
            }
            match confirm::ask(ctx, Status::ChangesRequested, text.trim().to_string()) {
                Some(next) => Outcome::Open(Box::new(next)),
                None => Outcome::Close,
            }
        }
        NotePurpose::Comment(target) => {
            let at = ctx.now();
            let result = ctx
                .review
                .current
                .comment_event(&ctx.review.user, at, *target, &text)
                .and_then(|ev| ctx.append_event(st.issue, &ev));
            match result {
                Ok(()) => {
                    ctx.info(format!("commented as {}", ctx.review.user));
                    Outcome::Close
                }
                Err(e) => {
                    ctx.error(format!("comment not saved: {e}"));
                    Outcome::Stay
                }
            }
        }
    }
}

fn render_note(ctx: &Ctx, st: &Note, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let rect = cells::centered(area, 72, 8);
    cells::clear_popup(frame, rect);
    let title = cells::fit(&st.title, usize::from(rect.width.saturating_sub(4)));
    let mut ta = st.text.clone();
    ta.set_block(
        cells::block(&title, t.border(true))
            .title_bottom(Line::styled(" Ctrl-s saves · Esc cancels ", t.dim())),
    );
    ta.set_cursor_line_style(ratatui::style::Style::new());
    frame.render_widget(&ta, rect);
}
