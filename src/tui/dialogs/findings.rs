//! The tradecraft findings of the current issue (`!`, the palette's `check`): one a line in
//! reading order; Enter jumps to the bullet, `z` marks it checked (quieting its findings).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::dialog::{Dialog, Outcome};
use crate::model::Command;
use crate::model::review::Target;
use crate::model::text::for_display;
use crate::model::tradecraft::Severity;
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::events::Input::{self, Action as Do};
use crate::tui::findings::{explain, path_of};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// The highlighted finding, in list order.
#[derive(Default)]
pub struct Findings {
    pub cursor: usize,
}

impl Dialog for Findings {
    fn context(&self) -> Context {
        Context::Findings
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        let n = ctx.findings.findings().len();
        match input {
            Do(Action::Cancel) => return Outcome::Close,
            Do(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Do(Action::Down) => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Do(Action::Confirm) if jump(ctx, self.cursor) => return Outcome::Close,
            Do(Action::MarkChecked) => mark(ctx, self.cursor),
            _ => {}
        }
        ctx.refresh_findings();
        self.cursor = self
            .cursor
            .min(ctx.findings.findings().len().saturating_sub(1));
        Outcome::Stay
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let area = frame.area();
        render_findings(ctx, self, frame, area);
    }
}

/// The bullet's id at the finding's place, if it is still there.
fn target(ctx: &Ctx, i: usize) -> Option<(crate::model::BulletPath, Target)> {
    let path = ctx.findings.findings().get(i).and_then(path_of)?;
    let id = ctx.current_issue()?.bullet(&path)?.id;
    Some((path, Target::Bullet(id)))
}

fn jump(ctx: &mut Ctx, i: usize) -> bool {
    match target(ctx, i) {
        Some((_, t)) if ctx.select_target(t, true) => {
            ctx.set_focus_issue();
            true
        }
        _ => {
            ctx.error("no finding selected");
            false
        }
    }
}

fn mark(ctx: &mut Ctx, i: usize) {
    if ctx.read_only {
        ctx.refuse_read_only();
        return;
    }
    let (Some((path, _)), Some(issue)) = (target(ctx, i), ctx.issue) else {
        ctx.error("no finding selected");
        return;
    };
    ctx.perform(Command::ToggleChecked { issue, path });
}

fn render_findings(ctx: &Ctx, st: &Findings, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let all = ctx.findings.findings();
    let rect = cells::centered(area, 76, area.height.saturating_sub(2));
    cells::clear_popup(frame, rect);
    let quieted = match ctx.findings.checked.quieted {
        0 => String::new(),
        q => format!(", {q} quieted"),
    };
    let title = format!(
        "Tradecraft ({}): {} finding{}{quieted}",
        ctx.findings.ladder.name(),
        all.len(),
        crate::model::text::plural(all.len())
    );
    let block = cells::block(&title, t.border(true)).title_bottom(Line::styled(
        " Enter jumps · z marks checked · Esc closes ",
        t.dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    if all.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                cells::fit("no findings: the estimative language reads clean", w),
                t.dim(),
            )),
            inner,
        );
        return;
    }
    let [top, bottom] = Layout::vertical([Constraint::Min(2), Constraint::Length(4)]).areas(inner);
    let cursor = st.cursor.min(all.len() - 1);
    let h = usize::from(top.height).max(1);
    let off = cells::offset(cursor, h);
    let mut lines = Vec::new();
    for (i, f) in all.iter().enumerate().skip(off).take(h) {
        let style = match f.severity {
            Severity::Error => t.error(),
            Severity::Warning => t.plain(),
        };
        let term = if f.term.is_empty() { "-" } else { &f.term };
        let head = format!("{:<8} {}  {term}", f.place(), f.rule.id());
        let mut l = Line::from(vec![
            Span::styled("⚑ ", style),
            Span::styled(cells::fit(&head, w.saturating_sub(2)), style),
        ]);
        if i == cursor {
            l = cells::pad(l, w).style(t.selected(true));
        }
        lines.push(l);
    }
    frame.render_widget(Paragraph::new(lines), top);
    let Some(f) = all.get(cursor) else {
        return;
    };
    let detail = vec![
        Line::styled("─".repeat(w), t.dim()),
        Line::raw(for_display(&explain(f)).into_owned()),
    ];
    frame.render_widget(Paragraph::new(detail).wrap(Wrap { trim: false }), bottom);
}
