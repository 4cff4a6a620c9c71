//! A y/n question before a status change (send for review, approve, request changes).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::dialog::{Dialog, Outcome};
use crate::model::IssueId;
use crate::model::review::Status;
use crate::model::text::for_display;
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::events::Input::{self, Action as Do};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// The question, and the change it asks about.
pub struct Confirm {
    pub issue: IssueId,
    pub question: String,
    pub to: Status,
    pub note: String,
}

impl Dialog for Confirm {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        match input {
            Do(Action::Confirm) => decide(ctx, self),
            Do(Action::Cancel) => ctx.info("nothing changed"),
            _ => return Outcome::Stay,
        }
        Outcome::Close
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let area = frame.area();
        render_confirm(ctx, self, frame, area);
    }
}

/// The current issue when the workflow lets it become `to`; else the reason, on the status
/// line.
pub fn checked(ctx: &mut Ctx, to: Status) -> Option<IssueId> {
    let id = ctx.current_issue().map(|i| i.id);
    let Some(id) = id else {
        ctx.error("no issue yet: press I to start one");
        return None;
    };
    let from = ctx.review.current.status;
    let verb = verb(to);
    let check = if to == Status::InReview && matches!(from, Status::Approved | Status::Exported) {
        Err(format!(
            "the issue is {}: v sends a Draft or a Changes requested issue for review \
             (an edit sends it back by itself)",
            from.label()
        ))
    } else {
        from.check(to)
    };
    // The four-eyes rule, before the question is asked (and again as it is answered).
    let check = check.and_then(|()| {
        if to != Status::Approved {
            return Ok(());
        }
        let on = ctx.four_eyes()?;
        ctx.review.current.four_eyes(&ctx.review.user, on)
    });
    match check {
        Ok(()) => Some(id),
        Err(e) if e.starts_with("four-eyes rule") => {
            ctx.error(e);
            None
        }
        Err(e) => {
            ctx.error(format!("cannot {verb}: {e}"));
            None
        }
    }
}

fn verb(to: Status) -> &'static str {
    match to {
        Status::InReview => "send for review",
        Status::Approved => "approve",
        Status::ChangesRequested => "request changes",
        Status::Exported => "record the export",
        Status::Draft => "make it a draft",
    }
}

/// The question before `to`, when the workflow allows it; else the reason, on the status
/// line.
pub fn ask(ctx: &mut Ctx, to: Status, note: String) -> Option<Confirm> {
    let id = checked(ctx, to)?;
    let title = ctx
        .current_issue()
        .map(|i| i.meta.title.clone())
        .unwrap_or_default();
    let user = ctx.review.user.clone();
    let question = match to {
        Status::Approved => format!("Approve \"{title}\" as {user}? (y/n)"),
        Status::ChangesRequested => {
            format!("Request changes on \"{title}\" as {user}? (y/n)")
        }
        _ => format!("Send \"{title}\" for review as {user}? (y/n)"),
    };
    Some(Confirm {
        issue: id,
        question,
        to,
        note,
    })
}

fn decide(ctx: &mut Ctx, st: &Confirm) {
    let Some(issue) = ctx.desk.issue(st.issue) else {
        ctx.error("the issue is gone");
        return;
    };
    let at = ctx.now();
    let user = &ctx.review.user;
    // Only an approval needs the rule (a request for changes never waits on desk.json).
    let four_eyes = if st.to == Status::Approved {
        ctx.four_eyes()
    } else {
        Ok(false)
    };
    let ev = four_eyes.and_then(|four_eyes| {
        ctx.with_review(st.issue, |r| {
            r.decision_event(issue, user, at, st.to, &st.note, four_eyes)
        })
        .unwrap_or_else(|| Err("the review log could not be read".into()))
    });
    let result = ev.and_then(|ev| ctx.append_event(st.issue, &ev));
    match result {
        Ok(()) => {
            let msg = format!("{} by {}", st.to.label(), ctx.review.user);
            ctx.info(msg);
        }
        Err(e) => ctx.error(format!("cannot {}: {e}", verb(st.to))),
    }
}

fn render_confirm(ctx: &Ctx, st: &Confirm, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let rect = cells::centered(area, 64, 5);
    cells::clear_popup(frame, rect);
    let block = cells::block("Confirm", t.border(true))
        .title_bottom(Line::styled(" y yes · n or Esc no ", t.dim()));
    let mut lines = vec![Line::raw(for_display(&st.question).into_owned())];
    if !st.note.is_empty() {
        lines.push(Line::styled(
            format!("note: {}", for_display(&st.note)),
            t.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
