//! The Preview pane: the selected draft in full, or the digest as a reader sees it
//! (scrolled to the Issue pane's row and highlighting it), or its raw Markdown.
//!
//! Every scroll limit counts the lines as drawn, wrapped to the pane's width
//! ([`total_lines`]), so the last line is reachable at every size.

mod bodies;
mod digest;
mod hits;

pub use bodies::Bodies;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::format::export::{self, Format};
use crate::model::text::for_display;
use crate::model::{Issue, Item};
use crate::tui::cells;
use crate::tui::outline::RowKind;
use crate::tui::theme::Theme;

pub use digest::follow;

/// What Preview shows.
pub enum Showing<'a> {
    /// The current issue (none yet): as read, or its raw Markdown; `at` is the Issue
    /// pane's row to scroll to and highlight (none: Preview is not following it).
    Digest {
        issue: Option<&'a Issue>,
        raw: bool,
        at: Option<RowKind>,
    },
    /// The selected draft (none selected).
    Draft(Option<&'a Item>),
    /// The selected draft whose body is in its chunk file (issue #19), and that body as
    /// read ([`Bodies`]), or why it did not read (one line).
    DraftFromDisk {
        item: &'a Item,
        body: Result<std::rc::Rc<[String]>, String>,
    },
}

/// Where the pane is scrolled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scroll {
    /// To the Issue pane's row (the top when there is none).
    Follow,
    /// This many lines down, as the user scrolled.
    At(usize),
}

/// What the Preview pane draws.
pub struct View<'a> {
    pub showing: Showing<'a>,
    pub scroll: Scroll,
    pub focused: bool,
    pub theme: &'a Theme,
    /// The word search: its words highlighted in the draft, Preview scrolled (when
    /// following) to the first.
    pub words: Option<crate::search::Search>,
}

/// What the pane holds at one width: its title, its lines, and the lines of the row it
/// follows.
pub struct Content {
    pub title: String,
    pub lines: Vec<Line<'static>>,
    pub followed: Option<std::ops::Range<usize>>,
}

/// The lines to show at `width` columns (the pane's inside), made safe, and the title.
pub fn content(v: &View, width: usize) -> Content {
    let t = v.theme;
    let (title, lines) = match &v.showing {
        Showing::Digest {
            issue: Some(issue),
            raw: false,
            at,
        } => {
            let r = digest::render(issue, width, t, at.as_ref());
            let followed = at.as_ref().and_then(|row| r.lines_of(row));
            return Content {
                title: "3 Preview: digest".into(),
                lines: r.lines,
                followed,
            };
        }
        Showing::Digest { issue, .. } => {
            let Some(issue) = issue else {
                return Content {
                    title: "3 Preview".into(),
                    lines: vec![Line::styled("no issue to preview", t.dim())],
                    followed: None,
                };
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
        Showing::Draft(_) | Showing::DraftFromDisk { .. } => {
            let (item, read) = match &v.showing {
                Showing::DraftFromDisk { item, body } => (Some(*item), Some(body)),
                Showing::Draft(item) => (*item, None),
                Showing::Digest { .. } => (None, None),
            };
            let Some(item) = item else {
                return Content {
                    title: "3 Preview".into(),
                    lines: vec![Line::styled("no draft selected", t.dim())],
                    followed: None,
                };
            };
            let hit = t.matched().add_modifier(ratatui::style::Modifier::REVERSED);
            let mark = |text: &str, base| hits::line(text, v.words.as_ref(), base, hit);
            let mut lines = vec![mark(&item.headline, t.section())];
            let mut meta = vec![format!("#{} · {}", item.id, item.state.as_str())];
            let stamp = crate::tui::drafts::stamp(item);
            if !stamp.is_empty() {
                meta.push(stamp);
            }
            lines.push(Line::styled(
                for_display(&meta.join(" · ")).into_owned(),
                t.dim(),
            ));
            // Where it came from, one line a source (issue #18): a feed's draft says
            // which feed, when the feed published it, and its link.
            for src in &item.sources {
                lines.push(Line::styled(
                    for_display(&source_line(src)).into_owned(),
                    t.dim(),
                ));
            }
            let body = match read {
                Some(Ok(body)) => body,
                Some(Err(e)) => {
                    lines.push(Line::raw(""));
                    lines.push(Line::styled(for_display(e).into_owned(), t.error()));
                    &[][..]
                }
                None => item.body.lines(),
            };
            for p in body {
                lines.push(Line::raw(""));
                lines.push(mark(p, t.plain()));
            }
            if !item.tags.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    for_display(&format!("tags: {}", item.tags.join(", "))).into_owned(),
                    t.dim(),
                ));
            }
            if let Some(search) = &v.words {
                // Following, the pane scrolls to the first hit.
                let followed = hits::first(&lines, search, width, total_of);
                return Content {
                    title: "3 Preview: draft (word search)".into(),
                    lines,
                    followed,
                };
            }
            ("3 Preview: draft".into(), lines)
        }
    };
    Content {
        title,
        lines,
        followed: None,
    }
}

/// `source: outlet · published · URL`, each part there only when the source has it.
fn source_line(src: &crate::model::Source) -> String {
    let published = src
        .published
        .map(|p| p.format("%Y-%m-%d %H:%M %:z").to_string());
    let parts: Vec<String> = (src.outlet.iter().cloned())
        .chain(published)
        .chain(src.url.iter().cloned())
        .collect();
    format!("source: {}", parts.join(" · "))
}

/// The lines as drawn at `width` columns: long ones wrap (ratatui's own count, so it
/// matches what `render` shows).
fn total_of(lines: &[Line<'static>], width: usize) -> usize {
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width)
}

/// How many lines the pane holds when its inside is `width` columns wide, wrapped.
pub fn total_lines(v: &View, width: usize) -> usize {
    total_of(&content(v, width).lines, width)
}

/// The furthest the pane scrolls with its inside `width` x `height`: the last line at
/// the bottom.
pub fn max_scroll(v: &View, width: usize, height: usize) -> usize {
    total_lines(v, width).saturating_sub(height)
}

/// Where the pane is scrolled with its inside `width` x `height` (following resolved),
/// and the furthest it scrolls ([`max_scroll`]): the digest laid out and counted once.
pub fn scroll_and_max(v: &View, width: usize, height: usize) -> (usize, usize) {
    let c = content(v, width);
    let total = total_of(&c.lines, width);
    (
        scroll_of(v.scroll, &c, total, height),
        total.saturating_sub(height),
    )
}

fn scroll_of(scroll: Scroll, c: &Content, total: usize, height: usize) -> usize {
    let max = total.saturating_sub(height);
    match (scroll, &c.followed) {
        (Scroll::At(n), _) => n.min(max),
        (Scroll::Follow, Some(lines)) => follow(lines, total, height),
        (Scroll::Follow, None) => 0,
    }
}

/// The inside of the pane drawn in `area` (its border taken off).
pub fn inner(area: Rect) -> Rect {
    cells::block("", ratatui::style::Style::new()).inner(area)
}

pub fn render(v: &View, frame: &mut Frame, area: Rect) {
    let inside = inner(area);
    let (w, h) = (usize::from(inside.width), usize::from(inside.height));
    let c = content(v, w);
    let total = total_of(&c.lines, w);
    let scroll = scroll_of(v.scroll, &c, total, h);
    let block = cells::block(&c.title, v.theme.border(v.focused));
    frame.render_widget(
        Paragraph::new(c.lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
}

/// The inside of the Preview pane (columns, rows) on a `width` x `height` terminal.
pub fn size_in(width: u16, height: u16) -> (u16, u16) {
    let a = crate::tui::layout::areas(Rect::new(0, 0, width, height));
    let inside = inner(a.preview);
    (inside.width, inside.height)
}

#[cfg(test)]
mod tests;
