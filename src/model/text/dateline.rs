//! The dateline a report starts with (`Lugano, Switzerland—October 19, 2024:`): where it
//! ends, so a bullet can start after it, and the date it gives the item.

use chrono::NaiveDate;

use super::date::find_date;
use super::line::trim_layout;

/// The dateline at the start of `s`: its date and the byte where the text after it starts
/// (past the colon and the spaces). The shapes: `Place, Country—Month D, YYYY:` with an em
/// dash, en dash or hyphen between place and date (spaces around it or not), and the date
/// alone, `Month D, YYYY:` (any date [`find_date`] reads, with its colon). A date later in
/// the text, or a colon with no date right before it, is no dateline.
pub fn dateline(s: &str) -> Option<(NaiveDate, usize)> {
    // No place: the date first (after a dash, when the page kept one).
    let t = s.trim_start();
    let t = t.strip_prefix(['—', '–', '-']).unwrap_or(t);
    if let Some(found) = date_then_colon(s, s.len() - t.len()) {
        return Some(found);
    }
    for (i, c) in s.char_indices() {
        if i > 80 {
            break;
        }
        if !matches!(c, '—' | '–' | '-') {
            continue;
        }
        let place = trim_layout(&s[..i]);
        if place.is_empty()
            || !place.chars().any(char::is_alphabetic)
            || place.contains(['.', ':', ';', '!', '?'])
            || place.split_whitespace().count() > 6
        {
            continue;
        }
        if let Some(found) = date_then_colon(s, i + c.len_utf8()) {
            return Some(found);
        }
    }
    None
}

/// A date starting at `from` (after spaces), then a colon.
fn date_then_colon(s: &str, from: usize) -> Option<(NaiveDate, usize)> {
    let rest = &s[from..];
    let start = from + (rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len());
    let after = &s[start..];
    // The date and its colon are near: look at a short window, not the whole paragraph.
    let window = after
        .char_indices()
        .nth(40)
        .map_or(after, |(end, _)| &after[..end]);
    let (date, 0, end) = find_date(window)? else {
        return None;
    };
    let tail = &after[end..];
    let colon = tail.len() - tail.trim_start_matches([' ', '\t', '\u{a0}']).len();
    if !tail[colon..].starts_with(':') {
        return None;
    }
    let body = &tail[colon + 1..];
    let spaces = body.len() - body.trim_start().len();
    Some((date, start + end + colon + 1 + spaces))
}

/// `s` without the dateline it starts with (the whole of `s` when it has none).
pub fn without_dateline(s: &str) -> &str {
    match dateline(s) {
        Some((_, at)) => &s[at..],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn em_dash_with_place() {
        let s = "Lugano, Switzerland—October 19, 2024: Freedom-loving Iranians rallied.";
        assert_eq!(dateline(s).map(|d| d.0), day(2024, 10, 19));
        assert_eq!(without_dateline(s), "Freedom-loving Iranians rallied.");
    }

    #[test]
    fn hyphen_and_en_dash_with_spaces_or_not() {
        assert_eq!(
            without_dateline("Porto, Portugal - March 4, 2023: Dockers walked out."),
            "Dockers walked out."
        );
        assert_eq!(
            without_dateline("Porto-March 4, 2023:Dockers walked out."),
            "Dockers walked out."
        );
        assert_eq!(
            without_dateline("Porto – 4 March 2023: Dockers walked out."),
            "Dockers walked out."
        );
        assert_eq!(
            dateline("Porto-2023-03-04: Rally").map(|d| d.0),
            day(2023, 3, 4)
        );
    }

    #[test]
    fn no_place() {
        let s = "October 12, 2026: The coast guard said on Monday.";
        assert_eq!(dateline(s).map(|d| d.0), day(2026, 10, 12));
        assert_eq!(without_dateline(s), "The coast guard said on Monday.");
        assert_eq!(
            without_dateline("—October 12, 2026: The coast guard said."),
            "The coast guard said."
        );
    }

    #[test]
    fn no_dateline() {
        let s = "Drones struck a fuel depot in Port Sudan early on Tuesday.";
        assert_eq!(dateline(s), None);
        assert_eq!(without_dateline(s), s);
        // A date with no colon after it is not a dateline.
        assert_eq!(dateline("Porto, Portugal—March 4, 2023 Rally"), None);
    }

    #[test]
    fn a_colon_later_in_the_text_is_no_dateline() {
        for s in [
            "The ministry said on October 19, 2024: no change to the levels.",
            "The talks ended. Then—March 4, 2023: x",
            "Officials said: the attack began on March 4, 2023.",
            "Europol said the operation, which ran from Spain to Ukraine and the Netherlands over many months—March 4, 2023: x",
        ] {
            assert_eq!(dateline(s), None, "{s}");
            assert_eq!(without_dateline(s), s);
        }
    }
}
