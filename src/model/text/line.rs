//! Small rules on lines of text: one-line fields, layout padding, sentence ends, short
//! quotes.

/// Line and column (from 1, columns in characters) of the position just after `before`:
/// where an error is, for every reader that names one.
pub fn position(before: &[u8]) -> (usize, usize) {
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// `s` after a count that is not one (`1 draft`, `3 drafts`): one rule for every message.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Text for a one-line field: line breaks and tabs become spaces (a paste into a headline,
/// a filter, a path).
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if matches!(c, '\n' | '\t') { ' ' } else { c })
        .collect()
}

/// Trim layout whitespace from both ends of a line: spaces, tabs and no-break spaces that only
/// pad. No-break spaces inside the text are kept.
pub fn trim_layout(s: &str) -> &str {
    s.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{feff}')
}

/// Does the line end a sentence: `.`, `!`, `?`, `…`, `:`, `;` (or their CJK/Arabic forms),
/// possibly followed by closing quotes or brackets?
pub fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '”' | '’' | '"' | '\'' | '»' | ')' | ']' | '」' | '』')
    });
    t.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？', '؟', '۔'])
}

/// The first `n` words of `text`, with "..." when there is more.
pub fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{}...", words[..n].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_nbsp_padding_only() {
        assert_eq!(
            trim_layout("\u{a0} Israel\u{a0}– Gaza\u{a0} "),
            "Israel\u{a0}– Gaza"
        );
    }
}
