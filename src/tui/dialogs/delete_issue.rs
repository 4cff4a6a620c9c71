//! `X`: delete the current issue, after a y/n question that says what goes with it (its
//! drafts back to the pool; `u` undoes). An issue In review or Approved is deleted only on a
//! question that says so: the desk's `--force`.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::dialog::{Dialog, Outcome};
use crate::model::details::delete_refused;
use crate::model::{Bullet, Command, IssueId};
use crate::model::text::for_display;
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::{Ctx, ListPane};
use crate::tui::events::Input::{self, Action as Do};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

pub struct DeleteIssue {
    pub issue: IssueId,
    pub question: String,
}

/// The question for the current issue, or (no issue) why not on the status line.
pub fn ask(ctx: &mut Ctx) -> Option<DeleteIssue> {
    let Some(issue) = ctx.current_issue() else {
        ctx.error("no issue to delete");
        return None;
    };
    let drafts = issue
        .sections
        .iter()
        .flat_map(|s| s.bullets.iter().flat_map(Bullet::walk))
        .filter(|b| b.item.is_some())
        .count();
    let warning = delete_refused(issue, ctx.review.current.status, false)
        .map(|_| format!("It is {}. ", ctx.review.current.status.label()))
        .unwrap_or_default();
    let question = format!(
        "{warning}Delete issue {} \"{}\"? Its {drafts} draft{} go back to the pool; u undoes. (y/n)",
        issue.id,
        issue.meta.title,
        crate::model::text::plural(drafts),
    );
    Some(DeleteIssue {
        issue: issue.id,
        question,
    })
}

impl Dialog for DeleteIssue {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        match input {
            Do(Action::Confirm) => {
                if ctx.perform(Command::DeleteIssue { issue: self.issue }) {
                    // The newest issue that is left, as on opening the desk.
                    ctx.issue = ctx.desk.newest_issue().map(|i| i.id);
                    ctx.outline = ListPane::default();
                    ctx.preview_scroll = 0;
                }
            }
            Do(Action::Cancel) => ctx.info("nothing changed"),
            _ => return Outcome::Stay,
        }
        Outcome::Close
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let t = &ctx.theme;
        let rect = cells::centered(frame.area(), 64, 6);
        cells::clear_popup(frame, rect);
        let block = cells::block("Delete issue", t.border(true))
            .title_bottom(Line::styled(" y yes · n or Esc no ", t.dim()));
        frame.render_widget(
            Paragraph::new(Line::raw(for_display(&self.question).into_owned()))
                .block(block)
                .wrap(Wrap { trim: false }),
            rect,
        );
    }
}
