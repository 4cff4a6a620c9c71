//! The one date rule: the first date written in a text.

use chrono::NaiveDate;

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

    #[test]
    fn dates_in_three_shapes() {
        let d = NaiveDate::from_ymd_opt(2024, 7, 2).unwrap();
        assert_eq!(find_date("Digest - July 2, 2024").map(|x| x.0), Some(d));
        assert_eq!(find_date("Digest 2 July 2024").map(|x| x.0), Some(d));
        assert_eq!(find_date("Digest 2024-07-02").map(|x| x.0), Some(d));
        assert_eq!(find_date("Digest Jul 2nd 2024").map(|x| x.0), Some(d));
        assert_eq!(
            find_date("Lugano, Switzerland—October 19, 2024: x").map(|x| x.0),
            NaiveDate::from_ymd_opt(2024, 10, 19)
        );
        assert_eq!(find_date("May the force 2 be 2024"), None);
        assert_eq!(find_date("February 30, 2024"), None);
    }
}
