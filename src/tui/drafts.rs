//! The Drafts pane: the pool, newest first, with state marks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Focus};
use super::cells;
use crate::model::{Item, ItemId, ItemState};

/// A visible row: the item and the matched char positions of its headline.
pub struct Row {
    pub id: ItemId,
    pub positions: Vec<usize>,
}

/// The rows the list shows now: every item newest first, or the filter's hits best first.
pub fn rows(app: &App) -> Vec<Row> {
    let items: Vec<&Item> = app.desk.items_newest_first().collect();
    let q = app.drafts.filter.query.trim();
    if q.is_empty() {
        return items
            .iter()
            .map(|i| Row {
                id: i.id,
                positions: Vec::new(),
            })
            .collect();
    }
    app.matcher
        .filter(items.iter().map(|i| i.headline.as_str()), q)
        .into_iter()
        .filter_map(|h| {
            items.get(h.index).map(|i| Row {
                id: i.id,
                positions: h.positions,
            })
        })
        .collect()
}

/// A one-cell mark for the item's state: used, spiked, held, or blank in the pool.
pub fn mark(state: ItemState) -> &'static str {
    match state {
        ItemState::Pool => " ",
        ItemState::Used => "U",
        ItemState::Spiked => "S",
        ItemState::Held => "H",
    }
}

pub fn stamp(item: &Item) -> String {
    if let Some(s) = &item.stamp {
        return s.written.clone();
    }
    item.date.map(|d| d.to_string()).unwrap_or_default()
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Drafts;
    let t = &app.theme;
    let rows = rows(app);
    let mut title = format!("1 Drafts ({})", app.desk.items.len());
    if !app.drafts.filter.query.is_empty() || app.drafts.filter.editing {
        title = format!("1 Drafts ({} of {})", rows.len(), app.desk.items.len());
    }
    let mut block = cells::block(&title, t.border(focused));
    if app.drafts.filter.active() {
        block = block.title_bottom(filter_label(app, &app.drafts.filter));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    if rows.is_empty() {
        let msg = if app.desk.items.is_empty() {
            "no drafts yet: n adds one"
        } else {
            "no draft matches the filter (Esc clears)"
        };
        frame.render_widget(
            Paragraph::new(Line::styled(cells::fit(msg, w), t.dim())),
            inner,
        );
        return;
    }
    let cursor = app.drafts.cursor.min(rows.len() - 1);
    let off = cells::offset(cursor, h);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(off)
        .take(h)
        .filter_map(|(i, r)| {
            let item = app.desk.item(r.id)?;
            let base = match item.state {
                ItemState::Pool => t.plain(),
                ItemState::Used => t.used(),
                ItemState::Spiked => t.spiked(),
                ItemState::Held => t.held(),
            };
            let stamp = cells::fit(&stamp(item), 12.min(w / 3));
            let stamp_w = cells::width(&stamp);
            let head_w = w.saturating_sub(2 + stamp_w + usize::from(stamp_w > 0));
            let mut spans = vec![Span::styled(mark(item.state), base), Span::raw(" ")];
            spans.extend(cells::highlighted(
                &item.headline,
                &r.positions,
                head_w,
                base,
                t.matched(),
            ));
            let used: usize = spans.iter().map(Span::width).sum();
            let gap = w.saturating_sub(used + stamp_w);
            spans.push(Span::raw(" ".repeat(gap)));
            spans.push(Span::styled(stamp, t.dim()));
            let mut line = Line::from(spans);
            if i == cursor {
                line = line.style(t.selected(focused));
            }
            Some(line)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `/query▏` while typing, `filter: query` once kept.
pub fn filter_label(app: &App, f: &super::app::Filter) -> Line<'static> {
    let q = cells::fit(&f.query, 40);
    if f.editing {
        Line::from(vec![
            Span::styled(" /", app.theme.key()),
            Span::raw(q),
            Span::styled("▏", app.theme.key()),
            Span::raw(" "),
        ])
    } else {
        Line::from(vec![
            Span::styled(" filter: ", app.theme.key()),
            Span::raw(q),
            Span::raw(" "),
        ])
    }
}
