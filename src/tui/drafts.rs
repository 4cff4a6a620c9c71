//! The Drafts pane: the pool, newest first, with state marks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Focus};
use super::cells;
use crate::filter::Matcher;
use crate::model::{Desk, Item, ItemId, ItemState};

/// A visible row: the item and the matched char positions of its headline.
pub struct Row {
    pub id: ItemId,
    pub positions: Vec<usize>,
}

/// The Drafts list, computed once per desk revision and query, not once per frame.
///
/// At 100,000 drafts, matching every headline costs tens of milliseconds: the candidates
/// (ids and headlines, newest first) are copied once per desk revision, and a query that
/// extends the last one (`ran` -> `rans`) only re-matches the last query's hits (a
/// headline that holds `rans` in order holds `ran`). Positions to highlight are computed
/// for the rows on screen only.
#[derive(Debug, Default)]
pub struct DraftsCache {
    /// The desk the candidates were taken from: (revision, item count, newest id).
    desk: Option<(u64, usize, Option<ItemId>)>,
    /// Every item, newest first, and its headline.
    ids: Vec<ItemId>,
    heads: Vec<Box<str>>,
    /// The trimmed query `hits` answers; `None` before the first filter.
    query: Option<String>,
    /// Indices into `ids`, best first. Unused (every item in order) for an empty query.
    hits: Vec<u32>,
}

impl DraftsCache {
    /// Bring the list up to date with the desk and the query.
    pub fn refresh(&mut self, desk: &Desk, rev: u64, query: &str, matcher: &Matcher) {
        let key = (
            rev,
            desk.items.len(),
            desk.items.keys().next_back().copied(),
        );
        if self.desk != Some(key) {
            self.desk = Some(key);
            self.ids = desk.items.keys().rev().copied().collect();
            self.heads = desk
                .items_newest_first()
                .map(|i| Box::from(i.headline.as_str()))
                .collect();
            self.query = None;
            self.hits = Vec::new();
        }
        let q = query.trim();
        if q.is_empty() {
            self.query = Some(String::new());
            self.hits = Vec::new();
            return;
        }
        if self.query.as_deref() == Some(q) {
            return;
        }
        let heads = &self.heads;
        self.hits = match self.query.as_deref() {
            // Narrow: only the last hits can match a longer query.
            Some(last) if !last.is_empty() && q.starts_with(last) => matcher.rank(
                self.hits.iter().map(|&i| (i, heads[i as usize].as_ref())),
                q,
            ),
            _ => matcher.rank(
                heads
                    .iter()
                    .enumerate()
                    .map(|(i, h)| (i as u32, h.as_ref())),
                q,
            ),
        };
        self.query = Some(q.to_string());
    }

    fn filtered(&self) -> bool {
        self.query.as_deref().is_some_and(|q| !q.is_empty())
    }

    /// How many rows the list has.
    pub fn len(&self) -> usize {
        if self.filtered() {
            self.hits.len()
        } else {
            self.ids.len()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Index into the candidates of row `row`.
    fn candidate(&self, row: usize) -> Option<usize> {
        if self.filtered() {
            self.hits.get(row).map(|&i| i as usize)
        } else {
            (row < self.ids.len()).then_some(row)
        }
    }

    /// The item on row `row`.
    pub fn id(&self, row: usize) -> Option<ItemId> {
        self.candidate(row).and_then(|i| self.ids.get(i).copied())
    }
}

/// Run `f` on the up-to-date list.
fn with_list<R>(app: &App, f: impl FnOnce(&DraftsCache) -> R) -> R {
    let mut cache = app.drafts_cache.borrow_mut();
    cache.refresh(
        &app.desk,
        app.desk_rev(),
        &app.drafts.filter.query,
        &app.matcher,
    );
    f(&cache)
}

/// How many rows the list shows now.
pub fn count(app: &App) -> usize {
    with_list(app, DraftsCache::len)
}

/// The item on row `row`.
pub fn row_id(app: &App, row: usize) -> Option<ItemId> {
    with_list(app, |c| c.id(row))
}

/// Rows `off .. off + n`, with the positions to highlight.
pub fn visible(app: &App, off: usize, n: usize) -> Vec<Row> {
    let q = app.drafts.filter.query.trim();
    with_list(app, |c| {
        (off..off.saturating_add(n).min(c.len()))
            .filter_map(|row| {
                let i = c.candidate(row)?;
                let positions = if q.is_empty() {
                    Vec::new()
                } else {
                    app.matcher
                        .hit(&c.heads[i], q)
                        .map(|(_, p)| p)
                        .unwrap_or_default()
                };
                Some(Row {
                    id: c.ids[i],
                    positions,
                })
            })
            .collect()
    })
}

/// Every row the list shows now: every item newest first, or the filter's hits best first.
pub fn rows(app: &App) -> Vec<Row> {
    visible(app, 0, usize::MAX)
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
    let n = count(app);
    let mut title = format!("1 Drafts ({})", app.desk.items.len());
    if !app.drafts.filter.query.is_empty() || app.drafts.filter.editing {
        title = format!("1 Drafts ({} of {})", n, app.desk.items.len());
    }
    let mut block = cells::block(&title, t.border(focused));
    if app.drafts.filter.active() {
        block = block.title_bottom(filter_label(app, &app.drafts.filter));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    if n == 0 {
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
    let cursor = app.drafts.cursor.min(n - 1);
    let off = cells::offset(cursor, h);
    let lines: Vec<Line> = visible(app, off, h)
        .iter()
        .enumerate()
        .map(|(i, r)| (i + off, r))
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
