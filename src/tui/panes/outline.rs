//! The Issue pane: the outline of the current issue, sections and bullets.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::drafts::filter_label;
use crate::filter::Matcher;
use crate::model::review::{Review, Target};
use crate::model::{BulletKind, Issue};
use crate::tui::cells;
use crate::tui::ctx::ListPane;
use crate::tui::outline::{RowKind, glyph, rows};
use crate::tui::review;
use crate::tui::theme::Theme;

/// What the Issue pane draws.
pub struct View<'a> {
    pub issue: Option<&'a Issue>,
    /// Its date, status and the part of its title that tells it from the other issues.
    pub title: Option<String>,
    /// Its review: the open comments marked on the rows.
    pub review: &'a Review,
    pub matcher: &'a Matcher,
    /// Its cursor and filter.
    pub pane: &'a ListPane,
    /// The tradecraft findings: a flagged bullet carries a mark.
    pub findings: &'a crate::tui::findings::FindingsCache,
    pub focused: bool,
    pub theme: &'a Theme,
}

pub fn render(v: &View, frame: &mut Frame, area: Rect) {
    let focused = v.focused;
    let t = v.theme;
    // Issue #17: the issue's marking first, where it is always seen.
    let tlp = v.issue.and_then(|i| i.meta.tlp).map(|t| format!("{t} · "));
    let title = match &v.title {
        Some(t) => format!("2 Issue: {}{t}", tlp.unwrap_or_default()),
        None => "2 Issue".to_string(),
    };
    let title = cells::fit(&title, usize::from(area.width.saturating_sub(4)));
    let mut block = cells::block(&title, t.border(focused));
    if v.pane.filter.active() {
        block = block.title_bottom(filter_label(t, &v.pane.filter));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let Some(issue) = v.issue else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                cells::fit("no issue yet: I starts one", w),
                t.dim(),
            )),
            inner,
        );
        return;
    };
    let rows = rows(v.issue, &v.pane.filter.query, v.matcher);
    if rows.is_empty() {
        let msg = if issue.sections.is_empty() {
            "no sections yet: S adds one"
        } else {
            "nothing matches the filter (Esc clears)"
        };
        frame.render_widget(
            Paragraph::new(Line::styled(cells::fit(msg, w), t.dim())),
            inner,
        );
        return;
    }
    let cursor = v.pane.cursor.min(rows.len() - 1);
    let off = cells::offset(cursor, h);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(off)
        .take(h)
        .map(|(i, r)| {
            let mut line = match &r.kind {
                RowKind::Section(s) => {
                    let sec = issue.sections.get(*s);
                    let name = sec.map(|x| x.name.as_str()).unwrap_or("");
                    let count = format!(" ({})", sec.map_or(0, |x| x.bullet_count()));
                    let mark = sec
                        .and_then(|x| review::marker(v.review, Target::Section(x.id)))
                        .unwrap_or_default();
                    let mut spans = vec![Span::styled("▸ ", t.section())];
                    spans.extend(cells::highlighted(
                        name,
                        &r.positions,
                        w.saturating_sub(2 + count.len() + mark.len()),
                        t.section(),
                        t.matched(),
                    ));
                    spans.push(Span::styled(count, t.dim()));
                    spans.push(Span::styled(mark, t.error()));
                    Line::from(spans)
                }
                RowKind::Bullet(path) => {
                    let b = issue.bullet(path);
                    let mut mark = b
                        .and_then(|b| review::marker(v.review, Target::Bullet(b.id)))
                        .unwrap_or_default();
                    if v.findings.at(path).next().is_some() {
                        mark.push_str(crate::tui::findings::MARK);
                    }
                    let kind = b.map(|b| b.kind).unwrap_or_default();
                    let text = b.map(|b| b.text.as_str()).unwrap_or("");
                    let indent = "  ".repeat(path.depth() + 1);
                    let style = if kind == BulletKind::Assessment {
                        t.assessment()
                    } else {
                        t.plain()
                    };
                    let mut spans = vec![
                        Span::raw(indent.clone()),
                        Span::styled(format!("{} ", glyph(kind)), style),
                    ];
                    // Issue #17: the bullet's own marking, as a tag before its text.
                    let tag = b.and_then(|b| b.tlp).map(|t| format!("{t} "));
                    let tag_w = tag.as_ref().map_or(0, String::len);
                    if let Some(tag) = tag {
                        spans.push(Span::styled(tag, t.key()));
                    }
                    spans.extend(cells::highlighted(
                        text,
                        &r.positions,
                        w.saturating_sub(indent.len() + 2 + cells::width(&mark) + tag_w),
                        style,
                        t.matched(),
                    ));
                    spans.push(Span::styled(mark, t.error()));
                    Line::from(spans)
                }
            };
            if i == cursor {
                line = cells::pad(line, w).style(t.selected(focused));
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
