//! The Drafts pane: the pool, newest first, with state marks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::filter::Matcher;
use crate::model::{Desk, ItemId, ItemState, StateView};
use crate::tui::cells;
use crate::tui::ctx::{Filter, ListPane, WordSearch};
use crate::tui::drafts::{DraftsCache, short_stamp, visible};
use crate::tui::theme::Theme;

/// What the Drafts pane draws.
pub struct View<'a> {
    pub desk: &'a Desk,
    /// The list as last brought up to date (see `Ctx::refresh_drafts`).
    pub list: &'a DraftsCache,
    pub matcher: &'a Matcher,
    /// Its cursor and filter.
    pub pane: &'a ListPane,
    /// Which states it shows.
    pub view: StateView,
    /// The marked drafts (`Space`).
    pub marked: &'a [ItemId],
    /// The word search (`Ctrl-f`), in place of the filter while on.
    pub search: &'a WordSearch,
    pub focused: bool,
    /// Only the newest drafts are in yet.
    pub loading: bool,
    pub theme: &'a Theme,
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

/// What an empty desk says: how to add a draft, and how to import a file.
pub const EMPTY_DESK: &str = "no drafts yet: n adds one, : import loads a file";

pub fn render(v: &View, frame: &mut Frame, area: Rect) {
    let focused = v.focused;
    let t = v.theme;
    let n = v.list.len();
    let mut title = format!("1 Drafts ({})", v.desk.items.len());
    if v.loading {
        // Only the newest drafts are in yet: the count comes with the rest of the desk.
        title = "1 Drafts (…)".to_string();
    } else if v.list.ranking() {
        // The rows below answer the last query; the count of the new one is coming.
        title = format!("1 Drafts (… of {})", v.desk.items.len());
    } else if !v.view.is_all() {
        title = format!(
            "1 Drafts ({} of {}, {})",
            n,
            v.desk.items.len(),
            v.view.label()
        );
    } else if !v.pane.filter.query.is_empty() || v.pane.filter.editing {
        title = format!("1 Drafts ({} of {})", n, v.desk.items.len());
    }
    if v.search.on && !v.loading {
        title = search_title(v, n);
    }
    if !v.marked.is_empty() {
        title = format!("{title} · {} marked", v.marked.len());
    }
    let mut block = cells::block(&title, t.border(focused));
    if v.search.on {
        block = block.title_bottom(search_label(t, v.search));
    } else if v.pane.filter.active() {
        block = block.title_bottom(filter_label(t, &v.pane.filter));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    if n == 0 {
        let msg = if v.desk.items.is_empty() {
            EMPTY_DESK
        } else if v.search.on {
            "no draft holds every word (Esc leaves the search)"
        } else if !v.view.is_all() && v.pane.filter.query.is_empty() {
            "no draft in this view (V shows the others)"
        } else {
            "no draft matches the filter (Esc clears)"
        };
        // Too wide for the pane (80 columns): one clause a line, none cut.
        let lines: Vec<Line> = if cells::width(msg) <= w {
            vec![Line::styled(msg, t.dim())]
        } else {
            let parts: Vec<&str> = msg.split_inclusive(", ").map(str::trim_end).collect();
            parts
                .into_iter()
                .map(|p| Line::styled(cells::fit(p, w), t.dim()))
                .collect()
        };
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let cursor = v.pane.cursor.min(n - 1);
    let off = cells::offset(cursor, h);
    let lines: Vec<Line> = visible(v.list, v.matcher, off, h)
        .iter()
        .enumerate()
        .map(|(i, r)| (i + off, r))
        .filter_map(|(i, r)| {
            let item = v.desk.item(r.id)?;
            let base = match item.state {
                ItemState::Pool => t.plain(),
                ItemState::Used => t.used(),
                ItemState::Spiked => t.spiked(),
                ItemState::Held => t.held(),
            };
            // Headlines get the width: the stamp in its short form, at most 8 columns.
            let stamp = cells::fit(&short_stamp(item), 8.min(w / 4));
            let stamp_w = cells::width(&stamp);
            let head_w = w.saturating_sub(2 + stamp_w + usize::from(stamp_w > 0));
            // The cell after the state mark says whether the draft is marked.
            let marked = if v.marked.contains(&item.id) {
                Span::styled("*", t.key())
            } else {
                Span::raw(" ")
            };
            let mut spans = vec![Span::styled(mark(item.state), base), marked];
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

/// The title in a word search: what it is, the query, and how many drafts hold it.
fn search_title(v: &View, n: usize) -> String {
    let total = v.desk.items.len();
    let q = cells::fit(v.search.query.trim(), 30);
    let count = if v.list.ranking() {
        // The rows answer the last query; the count of the new one is coming.
        format!("… of {total}")
    } else if q.is_empty() {
        format!("{total}")
    } else {
        format!("{n} of {total}")
    };
    // The count before the query: a narrow pane cuts the title's end.
    if q.is_empty() {
        format!("1 Word search ({count})")
    } else {
        format!("1 Word search ({count}): “{q}”")
    }
}

/// `search: words▏` while typing, `search: words · Esc leaves` once kept.
fn search_label(theme: &Theme, s: &WordSearch) -> Line<'static> {
    let q = cells::fit(&s.query, 40);
    let mut spans = vec![Span::styled(" search: ", theme.key()), Span::raw(q)];
    if s.editing {
        spans.push(Span::styled("▏", theme.key()));
    } else {
        spans.push(Span::styled(" · Esc leaves", theme.dim()));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// `/query▏` while typing, `filter: query` once kept.
pub fn filter_label(theme: &Theme, f: &Filter) -> Line<'static> {
    let q = cells::fit(&f.query, 40);
    if f.editing {
        Line::from(vec![
            Span::styled(" /", theme.key()),
            Span::raw(q),
            Span::styled("▏", theme.key()),
            Span::raw(" "),
        ])
    } else {
        Line::from(vec![
            Span::styled(" filter: ", theme.key()),
            Span::raw(q),
            Span::raw(" "),
        ])
    }
}
