//! The current issue's comments: open first, then resolved; Enter jumps to the bullet or
//! section, `r` resolves.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::dialog::{Dialog, Outcome};
use crate::model::review::{self, CommentId, Target, when};
use crate::model::text::for_display;
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::events::Input::{self, Action as Do};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;
use crate::tui::review::ordered;

/// The highlighted comment, in list order.
#[derive(Default)]
pub struct Comments {
    pub cursor: usize,
}

impl Dialog for Comments {
    fn context(&self) -> Context {
        Context::Comments
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        let n = ctx.review.current.comments.len();
        match input {
            Do(Action::Cancel) => return Outcome::Close,
            Do(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Do(Action::Down) => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Do(Action::Confirm) => {
                let target = ordered(&ctx.review.current).get(self.cursor).map(|c| c.on);
                match target {
                    None => ctx.error("no comment selected"),
                    Some(Target::Issue) => {
                        ctx.info("that comment is on the whole issue");
                        return Outcome::Close;
                    }
                    Some(t) => {
                        if ctx.select_target(t, true) {
                            ctx.set_focus_issue();
                            return Outcome::Close;
                        }
                        ctx.error("that bullet or section is no longer in the issue");
                    }
                }
            }
            Do(Action::Resolve) => resolve(ctx, self),
            _ => {}
        }
        self.cursor = self
            .cursor
            .min(ctx.review.current.comments.len().saturating_sub(1));
        Outcome::Stay
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let area = frame.area();
        render_comments(ctx, self, frame, area);
    }
}

fn resolve(ctx: &mut Ctx, st: &Comments) {
    let Some(issue) = ctx.review.loaded else {
        return;
    };
    let id: Option<CommentId> = ordered(&ctx.review.current)
        .get(st.cursor)
        .map(|c| c.id.clone());
    let Some(id) = id else {
        ctx.error("no comment selected");
        return;
    };
    let at = ctx.now();
    let result = ctx
        .review
        .current
        .resolve_event(&ctx.review.user, at, &id)
        .and_then(|ev| ctx.append_event(issue, &ev));
    match result {
        Ok(()) => ctx.info(format!("resolved {id}")),
        Err(e) => ctx.error(format!("cannot resolve: {e}")),
    }
}

fn render_comments(ctx: &Ctx, st: &Comments, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let r = &ctx.review.current;
    let rect = cells::centered(area, 76, area.height.saturating_sub(2));
    cells::clear_popup(frame, rect);
    let title = format!(
        "Comments: {} open, {} resolved",
        r.open_count(),
        r.comments.len() - r.open_count()
    );
    let block = cells::block(&title, t.border(true)).title_bottom(Line::styled(
        " Enter jumps · r resolves · Esc closes ",
        t.dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let list = ordered(r);
    if list.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                cells::fit("no comments yet: c on a bullet or section adds one", w),
                t.dim(),
            )),
            inner,
        );
        return;
    }
    let [top, bottom] = Layout::vertical([Constraint::Min(2), Constraint::Length(5)]).areas(inner);
    let issue = ctx.current_issue();
    let cursor = st.cursor.min(list.len() - 1);
    let per = 2;
    let h = usize::from(top.height) / per;
    let off = cells::offset(cursor, h.max(1));
    let mut lines = Vec::new();
    for (i, c) in list.iter().enumerate().skip(off).take(h.max(1)) {
        let target =
            issue.map_or_else(|| "?".to_string(), |iss| review::describe_target(iss, c.on));
        let (mark, style) = if c.is_open() {
            ("● ", t.plain())
        } else {
            ("✓ ", t.dim())
        };
        let head = format!("{}  {}  {}", c.id.by, when(c.at), target);
        let mut l1 = Line::from(vec![
            Span::styled(mark, style),
            Span::styled(cells::fit(&head, w.saturating_sub(2)), style),
        ]);
        let mut l2 = Line::styled(
            format!("  {}", cells::fit(&c.text, w.saturating_sub(2))),
            style,
        );
        if i == cursor {
            l1 = cells::pad(l1, w).style(t.selected(true));
            l2 = cells::pad(l2, w).style(t.selected(true));
        }
        lines.push(l1);
        lines.push(l2);
    }
    frame.render_widget(Paragraph::new(lines), top);
    // The selected comment in full.
    let Some(c) = list.get(cursor) else {
        return;
    };
    let mut detail = vec![Line::styled("─".repeat(w), t.dim())];
    detail.extend(
        c.text
            .lines()
            .map(|l| Line::raw(for_display(l).into_owned())),
    );
    if let Some((by, at)) = &c.resolved {
        detail.push(Line::styled(
            format!("resolved by {} at {}", for_display(by), when(*at)),
            t.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(detail).wrap(Wrap { trim: false }), bottom);
}
