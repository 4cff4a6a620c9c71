//! The fuzzy picker: sections (assign, move) and issues (switch).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;
use super::cells;
use crate::filter::{Hit, Matcher};
use crate::model::{BulletPath, IssueId, ItemId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickPurpose {
    /// Assign this item to the picked section (or a new one named by the query).
    Assign(ItemId),
    /// Move this bullet to the picked section.
    MoveBullet(BulletPath),
    /// Switch to the picked issue; the ids in the order of the candidates.
    SwitchIssue(Vec<IssueId>),
}

pub struct PickerState {
    pub purpose: PickPurpose,
    pub candidates: Vec<String>,
    pub query: String,
    pub cursor: usize,
}

impl PickerState {
    pub fn new(purpose: PickPurpose, candidates: Vec<String>) -> PickerState {
        PickerState {
            purpose,
            candidates,
            query: String::new(),
            cursor: 0,
        }
    }

    pub fn hits(&self, matcher: &Matcher) -> Vec<Hit> {
        matcher.filter(self.candidates.iter().map(String::as_str), &self.query)
    }

    fn title(&self) -> &'static str {
        match self.purpose {
            PickPurpose::Assign(_) => "Assign to section",
            PickPurpose::MoveBullet(_) => "Move bullet to section",
            PickPurpose::SwitchIssue(_) => "Switch issue",
        }
    }
}

pub fn render(app: &App, st: &PickerState, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let rect = cells::centered(area, 60, 16);
    cells::clear_popup(frame, rect);
    let block = cells::block(st.title(), t.border(true))
        .title_bottom(Line::styled(" Enter takes · Esc cancels ", t.dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", t.key()),
        Span::raw(cells::fit(&st.query, w.saturating_sub(3))),
        Span::styled("▏", t.key()),
    ])];
    let hits = st.hits(&app.matcher);
    let h = usize::from(inner.height).saturating_sub(1);
    if hits.is_empty() {
        let q = st.query.trim();
        let msg = match st.purpose {
            PickPurpose::Assign(_) if !q.is_empty() => {
                format!("Enter creates the section “{q}”")
            }
            PickPurpose::Assign(_) => "no sections yet: type a name for a new one".into(),
            _ => "nothing matches".into(),
        };
        lines.push(Line::styled(cells::fit(&msg, w), t.dim()));
    }
    let cursor = st.cursor.min(hits.len().saturating_sub(1));
    let off = cells::offset(cursor, h);
    for (i, hit) in hits.iter().enumerate().skip(off).take(h) {
        let name = st
            .candidates
            .get(hit.index)
            .map(String::as_str)
            .unwrap_or("");
        let mut line = Line::from(cells::highlighted(
            name,
            &hit.positions,
            w,
            t.plain(),
            t.matched(),
        ));
        if i == cursor {
            line = cells::pad(line, w).style(t.selected(true));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
