//! Text to cells: sanitized, measured and cut by display width, never by bytes.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::text::for_display;

/// Display width of a string (after making it safe).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(for_display(s).as_ref())
}

/// Safe text cut to `max` columns; an ellipsis marks the cut.
pub fn fit(s: &str, max: usize) -> String {
    let safe = for_display(s);
    if UnicodeWidthStr::width(safe.as_ref()) <= max {
        return safe.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in safe.chars() {
        let cw = UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Safe text with the chars at `positions` (char indices, as the matcher gives) highlighted,
/// cut to `max` columns.
pub fn highlighted(
    s: &str,
    positions: &[usize],
    max: usize,
    base: Style,
    hit: Style,
) -> Vec<Span<'static>> {
    let safe = for_display(s);
    let total = UnicodeWidthStr::width(safe.as_ref());
    let limit = if total > max {
        max.saturating_sub(1)
    } else {
        max
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut cur = String::new();
    let mut cur_hit = false;
    let mut w = 0;
    for (i, c) in safe.chars().enumerate() {
        let cw = UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > limit {
            break;
        }
        w += cw;
        let is_hit = positions.contains(&i);
        if is_hit != cur_hit && !cur.is_empty() {
            let style = if cur_hit { base.patch(hit) } else { base };
            spans.push(Span::styled(std::mem::take(&mut cur), style));
        }
        cur_hit = is_hit;
        cur.push(c);
    }
    if !cur.is_empty() {
        let style = if cur_hit { base.patch(hit) } else { base };
        spans.push(Span::styled(cur, style));
    }
    if total > max && max > 0 {
        spans.push(Span::styled("…", base));
    }
    spans
}

/// A line padded with spaces to `width` columns (so a selection bar fills the row).
pub fn pad(mut line: Line<'static>, width: usize) -> Line<'static> {
    let w = line.width();
    if w < width {
        line.spans.push(Span::raw(" ".repeat(width - w)));
    }
    line
}

/// First visible row so that `cursor` is on screen in `height` rows.
pub fn offset(cursor: usize, height: usize) -> usize {
    if height == 0 {
        return 0;
    }
    cursor.saturating_sub(height - 1)
}

/// A rectangle of at most `w` x `h` in the middle of `area`.
pub fn centered(area: ratatui::layout::Rect, w: u16, h: u16) -> ratatui::layout::Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    ratatui::layout::Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clear a popup's rectangle, and the wide char (CJK, emoji) that a popup edge would cut in
/// half: a terminal would show a broken glyph there.
pub fn clear_popup(frame: &mut ratatui::Frame, rect: ratatui::layout::Rect) {
    frame.render_widget(ratatui::widgets::Clear, rect);
    if rect.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in rect.top()..rect.bottom() {
        let left = rect.x - 1;
        if let Some(cell) = buf.cell_mut((left, y))
            && UnicodeWidthStr::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// What the bottom edge of every form (item, issue details, sources) says.
pub const FORM_HINT: &str = " Tab next field · Ctrl-s saves · Esc cancels ";

/// A form's box at `rect`: cleared, bordered in `border`, titled, `bottom` on its lower
/// edge; the inside, where the fields go.
pub fn form_box(
    frame: &mut ratatui::Frame,
    rect: ratatui::layout::Rect,
    title: &str,
    border: Style,
    bottom: ratatui::text::Line<'static>,
) -> ratatui::layout::Rect {
    clear_popup(frame, rect);
    let block = block(title, border).title_bottom(bottom);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// A bordered block for a pane or dialog, its title made safe.
pub fn block(title: &str, style: Style) -> ratatui::widgets::Block<'static> {
    ratatui::widgets::Block::bordered()
        .border_style(style)
        .title(Span::styled(format!(" {} ", for_display(title)), style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_columns_not_bytes() {
        assert_eq!(fit("你好世界", 5), "你好…");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit("x\u{1b}[2J", 10), "x␛[2J");
        assert_eq!(fit("anything", 0), "");
    }

    #[test]
    fn highlight_keeps_width() {
        let spans = highlighted("👩‍💻 iran", &[2, 3], 4, Style::new(), Style::new());
        let w: usize = spans.iter().map(|s| s.width()).sum();
        assert!(w <= 4);
    }
}
