//! The word search's hits in Preview: the matched words and phrases of a draft styled
//! (underlined and reversed, so they show without colour too), and the line of the first.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::model::text::for_display;
use crate::search::Search;

/// `text` as shown (through `for_display`), its hits in `hit` style, the rest in `base`.
pub fn line(text: &str, search: Option<&Search>, base: Style, hit: Style) -> Line<'static> {
    let shown = for_display(text).into_owned();
    let Some(search) = search else {
        return Line::styled(shown, base);
    };
    let mut spans = Vec::new();
    let mut at = 0;
    for r in search.hits_in(&shown) {
        if r.start > at {
            spans.push(Span::styled(shown[at..r.start].to_string(), base));
        }
        spans.push(Span::styled(shown[r.clone()].to_string(), hit));
        at = r.end;
    }
    if at < shown.len() {
        spans.push(Span::styled(shown[at..].to_string(), base));
    }
    Line::from(spans)
}

/// The drawn line (wrapped at `width`) of the first hit in `lines`, as a range of one.
/// `count` counts the lines drawn from some lines at a width (the pane's own count).
pub fn first(
    lines: &[Line<'static>],
    search: &Search,
    width: usize,
    count: fn(&[Line<'static>], usize) -> usize,
) -> Option<Range<usize>> {
    lines.iter().enumerate().find_map(|(k, l)| {
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        let hit = search.hits_in(&text).into_iter().next()?;
        // Wrapping is greedy from the start: the text up to the hit's end wraps as it does
        // in the whole line, so its drawn lines end on the hit's.
        let upto = [Line::raw(text[..hit.end].to_string())];
        let row = count(&lines[..k], width) + count(&upto, width).saturating_sub(1);
        Some(row..row + 1)
    })
}
