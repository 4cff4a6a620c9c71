//! Untrusted text: what may come in from an import, and what may go out to a terminal.

/// Bidi embedding, override and isolate controls. They can make a line read other than it is
/// stored (the "Trojan Source" trick), so imports drop them; the letters of every script stay.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Clean text from an import: drop terminal escape sequences whole (CSI, OSC, DCS, SOS, PM,
/// APC, and two-byte ESC forms), C0 and C1 control characters except newline and tab, DEL,
/// and bidi controls. `\r\n` and lone `\r` become `\n`. Every printable character is kept.
pub fn sanitize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI, and C1 string introducers (DCS, SOS, OSC, PM, APC): drop the sequence.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // Intermediate bytes then one final byte (e.g. `ESC ( B`, `ESC c`).
        Some(_) => {
            while let Some(&c) = chars.peek() {
                chars.next();
                if !('\u{20}'..='\u{2f}').contains(&c) {
                    break;
                }
            }
        }
        None => {}
    }
}

/// CSI: parameter and intermediate bytes up to a final byte in `@`..`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            // Not a CSI byte: the sequence is malformed; stop dropping here.
            break;
        }
    }
}

/// String sequences end at BEL, ST (`ESC \`) or C1 ST; a newline also ends a broken one, so a
/// stray OSC never swallows the rest of a document.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        if c == '\n' {
            break;
        }
        chars.next();
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// Text made safe to put on a terminal cell by cell: any control character left (from a
/// hand-edited desk file, say) is shown as a visible symbol instead of acting.
pub fn for_display(input: &str) -> std::borrow::Cow<'_, str> {
    if !input.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return std::borrow::Cow::Borrowed(input);
    }
    std::borrow::Cow::Owned(
        input
            .chars()
            .map(|c| match c {
                '\t' | '\n' => ' ',
                '\u{1b}' => '␛',
                c if c.is_control() || is_bidi_control(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// Trim layout whitespace from both ends of a line: spaces, tabs and no-break spaces that only
/// pad. No-break spaces inside the text are kept.
pub fn trim_layout(s: &str) -> &str {
    s.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{feff}')
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(w) && (w.len() == m.len() || w.len() == 3 || w == "sept"))
        .map(|i| i as u32 + 1)
}

/// The first date written in a text: `July 2, 2024`, `2 July 2024`, `Jul. 2, 2024` or
/// `2024-07-02`. Titles and datelines carry their date this way.
pub fn date_in(text: &str) -> Option<chrono::NaiveDate> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '–' | '—' | '|' | '(' | ')' | ':'))
        .filter(|w| !w.is_empty())
        .collect();
    let num = |w: &str| {
        w.trim_end_matches(|c: char| c.is_alphabetic())
            .parse::<u32>()
            .ok()
    };
    for (i, w) in words.iter().enumerate() {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d") {
            return Some(d);
        }
        let next = |k: usize| words.get(i + k).copied();
        let year = |k: usize| next(k).and_then(|y| y.parse::<i32>().ok());
        let found = if let Some(m) = month(w) {
            // Month D, YYYY
            next(1)
                .and_then(num)
                .zip(year(2))
                .and_then(|(d, y)| chrono::NaiveDate::from_ymd_opt(y, m, d))
        } else {
            // D Month YYYY
            num(w)
                .zip(next(1).and_then(month))
                .zip(year(2))
                .and_then(|((d, m), y)| chrono::NaiveDate::from_ymd_opt(y, m, d))
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_escape_sequences_whole() {
        let s = "a\u{1b}]0;pwned\u{7}b\u{1b}]52;c;ZXZpbA==\u{1b}\\c\u{1b}[2Jd\u{1b}[1;31me";
        assert_eq!(sanitize(s), "abcde");
    }

    #[test]
    fn keeps_scripts_and_layout() {
        let s = "שלום — سلام 你好 👩‍💻 café\tnext\nline";
        assert_eq!(sanitize(s), s);
    }

    #[test]
    fn drops_c1_and_bidi_controls() {
        assert_eq!(sanitize("a\u{9b}31mb\u{85}c\u{202e}d\u{2066}e"), "abcde");
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(sanitize("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn unterminated_osc_stops_at_newline() {
        assert_eq!(sanitize("a\u{1b}]0;title\nrest"), "a\nrest");
    }

    #[test]
    fn display_makes_controls_visible() {
        assert_eq!(for_display("a\u{1b}[2Jb"), "a␛[2Jb");
        assert_eq!(for_display("plain"), "plain");
    }

    #[test]
    fn trims_nbsp_padding_only() {
        assert_eq!(
            trim_layout("\u{a0} Israel\u{a0}– Gaza\u{a0} "),
            "Israel\u{a0}– Gaza"
        );
    }

    #[test]
    fn dates_in_titles() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 7, 2);
        assert_eq!(
            date_in("Interfor’s Weekly Security Digest - July 2, 2024"),
            d
        );
        assert_eq!(date_in("Digest – 2 July 2024"), d);
        assert_eq!(date_in("Digest (2024-07-02)"), d);
        assert_eq!(
            date_in("Lugano, Switzerland—October 19, 2024: MEK"),
            chrono::NaiveDate::from_ymd_opt(2024, 10, 19)
        );
        assert_eq!(
            date_in("Digest – Sept. 3, 2024"),
            chrono::NaiveDate::from_ymd_opt(2024, 9, 3)
        );
        assert_eq!(date_in("May we have 2 more, 2024"), None);
        assert_eq!(date_in("February 30, 2024"), None);
        assert_eq!(date_in("no date here"), None);
    }
}
