//! What the Markdown reader and writer share: the escaping, the assessment label, and the
//! date a title names.

use chrono::NaiveDate;

use crate::model::text;

/// The label written before an assessment in `label` style.
pub const ASSESSMENT_LABEL: &str = "**Assessment:**";

/// Characters escaped with a backslash wherever they are: CommonMark inline syntax, GFM
/// tables, strikethrough, mentions and autolinks, pandoc math, superscript, attributes and
/// citations.
const ALWAYS: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '(', ')', '<', '>', '#', '|', '~', '&', '$', '^', '{', '}', '@',
];

/// Escape a one-line text so that CommonMark, GitHub and pandoc show it as the same text.
///
/// - a backslash before each of ``\ ` * _ [ ] ( ) < > # | ~ & $ ^ { } @`` anywhere;
/// - a backslash before a leading `-`, `+`, `=`, `:` (list items, setext underlines,
///   pandoc definitions) and before the `.` of a leading ordered-list marker (`1.`, pandoc's
///   `a.` and `iv.`) when a space or the end follows;
/// - a backslash before the second and later `-` or `.` of a run, so pandoc's smart
///   punctuation does not turn `--` into a dash or `...` into an ellipsis;
/// - `://` becomes `\://` and a word-initial `www.` becomes `www\.`, so GitHub does not turn
///   a URL into a link (and markdownlint MD034 stays quiet).
///
/// [`unescape`] undoes it exactly.
pub fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let marker_dot = leading_marker_dot(&chars);
    for (i, &c) in chars.iter().enumerate() {
        let escape_here = ALWAYS.contains(&c)
            || (i == 0 && matches!(c, '-' | '+' | '=' | ':'))
            || Some(i) == marker_dot
            || (i > 0 && matches!(c, '-' | '.') && chars[i - 1] == c)
            || (c == ':' && chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/'))
            || (c == '.'
                && i >= 3
                && chars[i - 3..i].iter().all(|w| w.eq_ignore_ascii_case(&'w'))
                && (i == 3 || !chars[i - 4].is_alphanumeric()));
        if escape_here {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The index of the `.` in a leading `12.`, `a.` or `iv.` followed by a space or the end.
fn leading_marker_dot(chars: &[char]) -> Option<usize> {
    let dot = chars.iter().position(|&c| c == '.')?;
    if dot == 0 || dot > 10 {
        return None;
    }
    let head = &chars[..dot];
    let digits = head.iter().all(|c| c.is_ascii_digit());
    let letter = head.len() == 1 && head[0].is_ascii_alphabetic();
    let roman = head.iter().all(|c| "ivxlcdmIVXLCDM".contains(*c));
    let followed = matches!(chars.get(dot + 1), None | Some(' '));
    ((digits || letter || roman) && followed).then_some(dot)
}

/// Undo [`escape`]: a backslash before ASCII punctuation stands for that character; any
/// other backslash is itself.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// The date a title names, by the desk's one rule ([`text::date_in`]: `July 2, 2024`,
/// `2 July 2024`, `Jul. 2, 2024`, `2024-07-02`), so Markdown import, `issue new` and the
/// export's warning agree. `None` when the title names none.
pub fn date_from_title(title: &str) -> Option<NaiveDate> {
    text::date_in(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md_escape_round_trips() {
        for s in ["1. x", "- x", "a\\*b", "www.x --- ...", "@a #b $c ^d {e}"] {
            assert_eq!(unescape(&escape(s)), s);
        }
    }
}
