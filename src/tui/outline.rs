//! The Issue pane: the outline of the current issue, sections and bullets.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ctx::{Ctx as App, Focus};
use super::{cells, review};
use crate::model::review::Target;
use crate::model::{BulletKind, BulletPath};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKind {
    Section(usize),
    Bullet(BulletPath),
}

pub struct Row {
    pub kind: RowKind,
    pub positions: Vec<usize>,
}

/// Glyph of a bullet: a plain dot for a fact, a diamond for an assessment.
pub fn glyph(kind: BulletKind) -> &'static str {
    match kind {
        BulletKind::Fact => "•",
        BulletKind::Assessment => "◆",
    }
}

/// Rows in reading order: each section, then its bullets and sub-points; filtered when a
/// filter is set (a bullet row matches on its text, a section row on its name).
pub fn rows(app: &App) -> Vec<Row> {
    let Some(issue) = app.current_issue() else {
        return Vec::new();
    };
    let outline = issue.outline();
    let mut all: Vec<(RowKind, &str)> = Vec::new();
    let mut next = 0;
    for (s, section) in issue.sections.iter().enumerate() {
        all.push((RowKind::Section(s), section.name.as_str()));
        while let Some((path, b)) = outline.get(next) {
            if path.section != s {
                break;
            }
            all.push((RowKind::Bullet(path.clone()), b.text.as_str()));
            next += 1;
        }
    }
    let q = app.outline.filter.query.trim();
    if q.is_empty() {
        return all
            .into_iter()
            .map(|(kind, _)| Row {
                kind,
                positions: Vec::new(),
            })
            .collect();
    }
    // Keep reading order so the outline still reads as an outline.
    let mut hits = app.matcher.filter(all.iter().map(|(_, t)| *t), q);
    hits.sort_by_key(|h| h.index);
    hits.into_iter()
        .filter_map(|h| {
            all.get(h.index).map(|(kind, _)| Row {
                kind: kind.clone(),
                positions: h.positions,
            })
        })
        .collect()
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Issue;
    let t = &app.theme;
    let title = match app.current_issue() {
        Some(i) => format!("2 Issue: {}", i.meta.title),
        None => "2 Issue".to_string(),
    };
    let title = cells::fit(&title, usize::from(area.width.saturating_sub(4)));
    let mut block = cells::block(&title, t.border(focused));
    if app.outline.filter.active() {
        block = block.title_bottom(super::drafts::filter_label(app, &app.outline.filter));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let Some(issue) = app.current_issue() else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                cells::fit("no issue yet: I starts one", w),
                t.dim(),
            )),
            inner,
        );
        return;
    };
    let rows = rows(app);
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
    let cursor = app.outline.cursor.min(rows.len() - 1);
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
                        .and_then(|x| review::marker(&app.review.current, Target::Section(x.id)))
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
                    let mark = b
                        .and_then(|b| review::marker(&app.review.current, Target::Bullet(b.id)))
                        .unwrap_or_default();
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
                    spans.extend(cells::highlighted(
                        text,
                        &r.positions,
                        w.saturating_sub(indent.len() + 2 + mark.len()),
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
