//! The digest as a reader sees it, wrapped to the pane: the title, tagline and group
//! heading, each section's heading, then its bullets with hanging indents (sub-points two
//! columns further in, as the house layout writes them), assessments marked as the
//! Markdown export marks them. The text is the desk's own, never escaped Markdown.
//!
//! Wrapped here (textwrap, widths by unicode-width) rather than by the `Paragraph`: a
//! wrapped bullet's later lines hang under its text, not under its glyph, and each row of
//! the outline knows which lines are its own (to scroll to it and highlight it).

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::Line;

use crate::model::text::{for_display, one_line, sanitize};
use crate::model::{BulletKind, Issue};
use crate::tui::outline::RowKind;
use crate::tui::theme::Theme;

/// The word the Markdown export puts before an assessment, as a reader reads it.
const ASSESSMENT: &str = "Assessment: ";

/// The rendered digest, and which lines each outline row (section or bullet) owns.
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub rows: Vec<(RowKind, Range<usize>)>,
}

impl Rendered {
    /// The lines of one outline row, if it is shown.
    pub fn lines_of(&self, row: &RowKind) -> Option<Range<usize>> {
        self.rows
            .iter()
            .find(|(kind, _)| kind == row)
            .map(|(_, r)| r.clone())
    }
}

/// A text as the exports write it (sanitized, on one line), then made safe to display.
fn clean(text: &str) -> String {
    for_display(one_line(&sanitize(text)).trim()).into_owned()
}

/// `text` wrapped to `width`, the first line after `first`, the others after `rest`.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

struct Out {
    lines: Vec<Line<'static>>,
    rows: Vec<(RowKind, Range<usize>)>,
    width: usize,
}

impl Out {
    fn blank(&mut self) {
        self.lines.push(Line::raw(""));
    }

    /// A paragraph, wrapped; returns its lines.
    fn para(&mut self, text: &str, first: &str, rest: &str, style: Style) -> Range<usize> {
        let start = self.lines.len();
        for l in wrap(text, self.width, first, rest) {
            self.lines.push(Line::styled(l, style));
        }
        start..self.lines.len()
    }
}

/// The issue rendered at `width` columns, `mark` (the outline's selected row) highlighted.
pub fn render(issue: &Issue, width: usize, theme: &Theme, mark: Option<&RowKind>) -> Rendered {
    let mut out = Out {
        lines: Vec::new(),
        rows: Vec::new(),
        width,
    };
    // Issue #17: the marking the export would carry (the strictest of the issue's and its
    // bullets'), first and last, as the txt export has it.
    let marking = crate::format::marking::strictest_of(issue).map(|t| t.label());
    if let Some(m) = marking {
        out.para(m, "", "", theme.key());
        out.blank();
    }
    out.para(&clean(&issue.meta.title), "", "", theme.section());
    let tagline = clean(&issue.meta.tagline);
    if !tagline.is_empty() {
        out.blank();
        out.para(&tagline, "", "", theme.dim());
    }
    let group = issue.meta.group.as_deref().map(clean).unwrap_or_default();
    if !group.is_empty() {
        out.blank();
        out.para(&group, "", "", theme.section());
    }
    let outline = issue.outline();
    let mut next = 0;
    for (s, section) in issue.sections.iter().enumerate() {
        out.blank();
        let heading = out.para(&clean(&section.name), "", "", theme.section());
        out.rows.push((RowKind::Section(s), heading));
        out.blank();
        if section.bullets.is_empty() {
            out.para(
                "(no bullets yet: left out of the export)",
                "  ",
                "  ",
                theme.dim(),
            );
        }
        while let Some((path, b)) = outline.get(next) {
            if path.section != s {
                break;
            }
            next += 1;
            // Two columns per level, as the house layout; capped so deep sub-points keep
            // half the pane for their text.
            let indent = (2 * path.index.len()).min(width / 2);
            let first = format!("{}• ", " ".repeat(indent));
            let rest = " ".repeat(indent + 2);
            let (mut text, style) = match b.kind {
                BulletKind::Fact => (clean(&b.text), theme.plain()),
                BulletKind::Assessment => (
                    format!("{ASSESSMENT}{}", clean(&b.text)),
                    theme.assessment(),
                ),
            };
            // Issue #17: its own marking before, its sources after (outlets, as txt).
            if let Some(t) = b.tlp {
                text = format!("({t}) {text}");
            }
            if !b.sources.is_empty() {
                let names: Vec<String> = b
                    .sources
                    .iter()
                    .map(|s| clean(s.outlet.as_deref().or(s.url.as_deref()).unwrap_or("")))
                    .collect();
                text = format!("{text} ({})", names.join("; "));
            }
            let lines = out.para(&text, &first, &rest, style);
            out.rows.push((RowKind::Bullet(path.clone()), lines));
        }
    }
    if let Some(m) = marking {
        out.blank();
        out.para(m, "", "", theme.key());
    }
    let mut rendered = Rendered {
        lines: out.lines,
        rows: out.rows,
    };
    if let Some(range) = mark.and_then(|m| rendered.lines_of(m)) {
        for line in &mut rendered.lines[range] {
            let styled = std::mem::take(line);
            *line = styled.patch_style(theme.selected(true));
        }
    }
    rendered
}

/// Where to scroll so `lines` (a row's lines) are on screen in a pane `height` rows
/// high: two lines of what comes before it when they fit, the row's start when it is
/// taller than the pane. Never past the last page (`total` lines in all).
pub fn follow(lines: &Range<usize>, total: usize, height: usize) -> usize {
    let len = lines.len();
    let context = 2.min(height.saturating_sub(len));
    lines
        .start
        .saturating_sub(context)
        .min(total.saturating_sub(height))
}
