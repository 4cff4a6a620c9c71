//! The help overlay: every binding of the global keys and the current pane, from the table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::dialog::{Outcome, Overlay};
use crate::tui::action::Action;
use crate::tui::cells;
use super::reading::Reading;
use crate::tui::ctx::Focus;
use crate::tui::events::Input::{self, Action as Do};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// Scrolled by j/k; closed by Esc, `?` or `q`.
#[derive(Default)]
pub struct Help {
    pub scroll: u16,
}

impl Overlay for Help {
    fn context(&self) -> Context {
        Context::Help
    }

    fn handle(&mut self, seen: Reading<'_>, input: Input) -> Outcome {
        match input {
            Do(Action::Cancel) => return Outcome::Close,
            Do(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Do(Action::Down) => self.scroll = self.scroll.saturating_add(1).min(max_scroll(seen)),
            _ => {}
        }
        Outcome::Stay
    }

    fn render(&self, seen: Reading<'_>, frame: &mut Frame, _areas: &Areas) {
        render(seen, frame, frame.area(), self.scroll);
    }
}

fn pane_context(seen: Reading<'_>) -> Context {
    match seen.focus {
        Focus::Drafts => Context::Drafts,
        Focus::Issue => Context::Issue,
        Focus::Preview => Context::Preview,
    }
}

pub fn lines(seen: Reading<'_>) -> Vec<Line<'static>> {
    let t = seen.theme;
    let mut out = Vec::new();
    let pane = pane_context(seen);
    for (heading, c) in [(pane.name(), pane), ("everywhere", Context::Global)] {
        let entries = seen.keymap.entries(c);
        if entries.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(
            format!("{}{}", heading[..1].to_uppercase(), &heading[1..]),
            t.section(),
        ));
        for (action, keys) in entries {
            let keys = cells::fit(&keys, 22);
            let pad = 23usize.saturating_sub(cells::width(&keys));
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(keys, t.key()),
                Span::raw(" ".repeat(pad)),
                Span::raw(action.description()),
            ]));
        }
    }
    if pane == Context::Drafts {
        out.push(Line::raw(""));
        out.push(Line::styled("Marks", t.section()));
        out.push(Line::raw("  U used in an issue · S spiked · H held"));
    }
    if pane == Context::Issue {
        out.push(Line::raw(""));
        out.push(Line::styled("Marks", t.section()));
        out.push(Line::raw("  • fact · ◆ assessment · ▸ section (bullets)"));
        out.push(Line::raw("  [n] open comments on the row (C lists them)"));
    }
    out
}

pub fn max_scroll(seen: Reading<'_>) -> u16 {
    u16::try_from(lines(seen).len().saturating_sub(1)).unwrap_or(u16::MAX)
}

fn render(seen: Reading<'_>, frame: &mut Frame, area: Rect, scroll: u16) {
    let rect = cells::centered(area, 72, area.height.saturating_sub(2));
    cells::clear_popup(frame, rect);
    let block = cells::block("Help", seen.theme.border(true))
        .title_bottom(Line::styled(" j/k scroll · Esc closes ", seen.theme.dim()));
    frame.render_widget(
        Paragraph::new(lines(seen)).block(block).scroll((scroll, 0)),
        rect,
    );
}
