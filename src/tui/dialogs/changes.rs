//! What changed since the last approval or export, by whom and when.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::dialog::{Outcome, Overlay};
use crate::model::diff;
use crate::model::word_diff::Mark;
use crate::model::text::for_display;
use crate::tui::action::Action;
use crate::tui::cells;
use super::reading::Reading;
use crate::tui::events::Input::{self, Action as Do};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// Scrolled by j/k.
#[derive(Default)]
pub struct Changes {
    pub scroll: u16,
}

impl Overlay for Changes {
    fn context(&self) -> Context {
        Context::Changes
    }

    fn handle(&mut self, seen: Reading<'_>, input: Input) -> Outcome {
        let max = changes_lines(seen).len().saturating_sub(1);
        let max = u16::try_from(max).unwrap_or(u16::MAX);
        match input {
            Do(Action::Cancel) => return Outcome::Close,
            Do(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Do(Action::Down) => self.scroll = self.scroll.saturating_add(1).min(max),
            _ => {}
        }
        Outcome::Stay
    }

    fn render(&self, seen: Reading<'_>, frame: &mut Frame, _areas: &Areas) {
        let area = frame.area();
        render_changes(seen, self.scroll, frame, area);
    }
}

/// The header and the change lines of the Changes overlay.
pub fn changes_lines(seen: Reading<'_>) -> Vec<String> {
    changes_marked(seen)
        .into_iter()
        .map(|pieces| pieces.into_iter().map(|(_, t)| t).collect())
        .collect()
}

/// The same lines in pieces, an edit's removed and added words marked for colour.
fn changes_marked(seen: Reading<'_>) -> Vec<Vec<(Mark, String)>> {
    let plain = |t: String| vec![(Mark::Same, t)];
    let Some(issue) = seen.issue else {
        return vec![plain("no issue".into())];
    };
    let r = seen.review;
    let mut out = vec![plain(match r.baseline_label() {
        Some(since) => format!("Changes since {since}"),
        None => "No approval or export yet: everything is new".into(),
    })];
    out.push(Vec::new());
    let changes = r.changes_since(issue);
    if changes.is_empty() {
        out.push(plain("no changes: the issue reads as it did then".into()));
    }
    out.extend(changes.iter().map(diff::Change::describe_marked));
    out
}

fn render_changes(seen: Reading<'_>, scroll: u16, frame: &mut Frame, area: Rect) {
    let t = seen.theme;
    let rect = cells::centered(area, 76, area.height.saturating_sub(2));
    cells::clear_popup(frame, rect);
    let block = cells::block("Changes", t.border(true))
        .title_bottom(Line::styled(" j/k scroll · Esc closes ", t.dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    // Removed words red, added green; the [-…-] and {+…+} marks stay for NO_COLOR.
    let lines: Vec<Line> = changes_marked(seen)
        .into_iter()
        .enumerate()
        .map(|(i, pieces)| {
            let spans: Vec<Span> = pieces
                .into_iter()
                .map(|(mark, text)| {
                    let style = match mark {
                        _ if i == 0 => t.section(),
                        Mark::Same => t.plain(),
                        Mark::Removed => t.removed(),
                        Mark::Added => t.added(),
                    };
                    Span::styled(for_display(&text).into_owned(), style)
                })
                .collect();
            Line::from(spans)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}
