//! The Preview pane: the selected draft in full, or the digest as Markdown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::format::export::{self, Format};
use crate::model::text::for_display;
use crate::model::{Issue, Item};
use crate::tui::cells;
use crate::tui::theme::Theme;

/// What Preview shows.
pub enum Showing<'a> {
    /// The current issue as a digest (none yet).
    Digest(Option<&'a Issue>),
    /// The selected draft (none selected).
    Draft(Option<&'a Item>),
}

/// What the Preview pane draws.
pub struct View<'a> {
    pub showing: Showing<'a>,
    pub scroll: u16,
    pub focused: bool,
    pub theme: &'a Theme,
}

/// The lines to show, made safe, and the pane's title.
pub fn content(v: &View) -> (String, Vec<Line<'static>>) {
    let t = v.theme;
    match v.showing {
        Showing::Digest(issue) => {
            let Some(issue) = issue else {
                return (
                    "3 Preview".into(),
                    vec![Line::styled("no issue to preview", t.dim())],
                );
            };
            let out = export::export(issue, Format::Md, &export::Options::default());
            let mut lines: Vec<Line> = out
                .text
                .lines()
                .map(|l| Line::raw(for_display(l).into_owned()))
                .collect();
            if out.text.trim().is_empty() {
                lines.push(Line::styled("(the digest renders empty)", t.dim()));
            }
            for w in &out.warnings {
                lines.push(Line::styled(
                    format!("warning: {}", for_display(w)),
                    t.error(),
                ));
            }
            ("3 Preview: digest (Markdown)".into(), lines)
        }
        Showing::Draft(item) => {
            let Some(item) = item else {
                return (
                    "3 Preview".into(),
                    vec![Line::styled("no draft selected", t.dim())],
                );
            };
            let mut lines = vec![Line::styled(
                for_display(&item.headline).into_owned(),
                t.section(),
            )];
            let mut meta = vec![format!("#{} · {}", item.id, item.state.as_str())];
            let stamp = crate::tui::drafts::stamp(item);
            if !stamp.is_empty() {
                meta.push(stamp);
            }
            if let Some(src) = &item.source {
                if let Some(p) = &src.publication {
                    meta.push(p.clone());
                }
                if let Some(u) = &src.url {
                    meta.push(u.clone());
                }
            }
            lines.push(Line::styled(
                for_display(&meta.join(" · ")).into_owned(),
                t.dim(),
            ));
            for p in &item.body {
                lines.push(Line::raw(""));
                lines.push(Line::raw(for_display(p).into_owned()));
            }
            if !item.tags.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    for_display(&format!("tags: {}", item.tags.join(", "))).into_owned(),
                    t.dim(),
                ));
            }
            ("3 Preview: draft".into(), lines)
        }
    }
}

pub fn line_count(v: &View) -> usize {
    content(v).1.len()
}

pub fn render(v: &View, frame: &mut Frame, area: Rect) {
    let (title, lines) = content(v);
    let block = cells::block(&title, v.theme.border(v.focused));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((v.scroll, 0)),
        area,
    );
}
