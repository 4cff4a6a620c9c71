//! The item form (headline + body) and the one-line editor (inline edit, names, titles).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;

use super::app::{App, Areas, EditorState, FormField, FormState};
use super::cells;

pub fn render_form(app: &App, st: &FormState, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let rect = cells::centered(area, 72, 16);
    cells::clear_popup(frame, rect);
    let title = if st.item.is_some() {
        "Edit item"
    } else {
        "New item"
    };
    let block = cells::block(title, t.border(true)).title_bottom(Line::styled(
        " Tab next field · Ctrl-s saves · Esc cancels ",
        t.dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [head, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(inner);
    let mut h = st.headline.clone();
    h.set_block(cells::block(
        "Headline",
        t.border(st.field == FormField::Headline),
    ));
    h.set_cursor_line_style(ratatui::style::Style::new());
    let mut b = st.body.clone();
    b.set_block(cells::block(
        "Body (one paragraph a line)",
        t.border(st.field == FormField::Body),
    ));
    b.set_cursor_line_style(ratatui::style::Style::new());
    frame.render_widget(&h, head);
    frame.render_widget(&b, body);
}

pub fn render_editor(app: &App, st: &EditorState, frame: &mut Frame, areas: &Areas) {
    let t = &app.theme;
    let pane = areas.issue;
    let rect = if st.purpose.inline() {
        // Over the selected row of the outline.
        let rows = super::outline::rows(app).len();
        let inner_h = usize::from(pane.height.saturating_sub(2));
        let cursor = app.outline.cursor.min(rows.saturating_sub(1));
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
