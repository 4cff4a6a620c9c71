//! Untrusted text: what may come in from an import, and what may go out to a terminal; and
//! the dates written in it.

use chrono::NaiveDate;

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

fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(
        suffix.to_ascii_lowercase().as_str(),
        "" | "st" | "nd" | "rd" | "th"
    ) {
        return None;
    }
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(word: &str) -> Option<i32> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse().ok()
    } else {
        None
    }
}

/// A date written in `s`: `July 2, 2024`, `Jul 2nd 2024`, `2 July 2024`, `2024-07-02`.
/// Returns the date and the byte range it spans.
pub fn find_date(s: &str) -> Option<(NaiveDate, usize, usize)> {
    // Alphanumeric words with their byte spans.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            words.push((st, i));
        }
    }
    if let Some(st) = start {
        words.push((st, s.len()));
    }
    let w = |i: usize| &s[words[i].0..words[i].1];
    let gap = |i: usize| &s[words[i].1..words[i + 1].0];
    let soft = |g: &str| {
        !g.is_empty()
            && g.chars().count() <= 3
            && g.chars().all(|c| c == ',' || c == '.' || c.is_whitespace())
    };
    for i in 0..words.len() {
        if i + 2 >= words.len() {
            break;
        }
        let (a, b, c) = (w(i), w(i + 1), w(i + 2));
        let (g1, g2) = (gap(i), gap(i + 1));
        let found = if let (Some(m), Some(d), Some(y)) =
            (month_number(a), day_number(b), year_number(c))
        {
            (soft(g1) && soft(g2))
                .then(|| NaiveDate::from_ymd_opt(y, m, d))
                .flatten()
        } else if let (Some(d), Some(m), Some(y)) = (day_number(a), month_number(b), year_number(c))
        {
            (soft(g1) && soft(g2))
                .then(|| NaiveDate::from_ymd_opt(y, m, d))
                .flatten()
        } else if let Some(y) = year_number(a) {
            (g1 == "-" && g2 == "-" && b.len() == 2 && c.len() == 2)
                .then(|| {
                    let m = b.parse().ok()?;
                    let d = c.parse().ok()?;
                    NaiveDate::from_ymd_opt(y, m, d)
                })
                .flatten()
        } else {
            None
        };
        if let Some(date) = found {
            return Some((date, words[i].0, words[i + 2].1));
        }
    }
    None
}

/// The first date written in a text (see [`find_date`]). Titles and datelines carry their
/// date this way.
pub fn date_in(text: &str) -> Option<NaiveDate> {
    find_date(text).map(|(d, _, _)| d)
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
