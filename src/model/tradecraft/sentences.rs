//! Sentences, as an editor reads them: a full stop after "U.S.", "N.G.A.", "Dr." or "e.g."
//! does not end one, nor does the point of "3.5"; a sentence ending inside quotation marks
//! ends after them.

use std::ops::Range;

/// Words that end in a full stop without ending a sentence (compared without the dots,
/// any case). "etc." is not here: it ends sentences as often as not.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "gen", "col", "lt", "sgt", "st", "jr", "sr", "vs", "inc",
    "ltd", "co", "corp", "gov", "sen", "rep", "adm", "capt", "maj", "cmdr", "mt", "ft", "approx",
    "eg", "ie", "cf", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "pres", "amb", "dept",
];

/// What may close a sentence after its stop: quotation marks and brackets.
fn closes(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn stops(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The byte ranges of the sentences of `text`, trimmed, in order; none for blank text.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if !stops(c) {
            i += 1;
            continue;
        }
        // The run of stops and closers: "?!", ".”", ".)".
        let mut j = i + 1;
        while j < chars.len() && (stops(chars[j].1) || closes(chars[j].1)) {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let next = chars[j..].iter().find(|(_, c)| !c.is_whitespace());
        let spaced = j == chars.len() || chars[j].1.is_whitespace();
        let boundary = spaced
            && match next {
                None => true,
                // A lower-case word goes on the same sentence ("U.S. officials").
                Some(&(_, n)) if n.is_lowercase() => false,
                Some(&(_, n)) => c != '.' || !abbreviated(text, at, n),
            };
        if boundary {
            push(&mut out, text, start..end);
            start = next.map_or(text.len(), |&(b, _)| b);
        }
        i = j;
    }
    push(&mut out, text, start..text.len());
    out
}

fn push(out: &mut Vec<Range<usize>>, text: &str, r: Range<usize>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// Does the full stop at byte `dot` end an abbreviation or an initialism, not a sentence?
/// `next` is the first character after the spaces that follow.
fn abbreviated(text: &str, dot: usize, next: char) -> bool {
    let before = &text[..dot];
    // The word the stop ends, dots inside it kept: "U.S", "N.G.A", "e.g", "Dr".
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(b, c)| b + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let parts: Vec<&str> = word.split('.').collect();
    // An initial or an initialism: single letters between dots ("J", "U.S", "N.G.A").
    if parts.iter().all(|p| p.chars().count() == 1) && word.starts_with(char::is_alphabetic) {
        return true;
    }
    let bare: String = word
        .chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect();
    // "No. 5", but "She said no. Then…".
    ABBREVIATIONS.contains(&bare.as_str()) || (bare == "no" && next.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_initialisms_and_decimals_do_not_end_a_sentence() {
        assert_eq!(
            split("U.S. officials met Dr. Reyes of the N.G.A. They left. Growth was 3.5 percent."),
            vec![
                "U.S. officials met Dr. Reyes of the N.G.A. They left.",
                "Growth was 3.5 percent."
            ]
        );
        assert_eq!(
            split("Some states, e.g. Iran, object. Others do not."),
            vec!["Some states, e.g. Iran, object.", "Others do not."]
        );
        assert_eq!(
            split("Talks with Gen. Haftar stalled at No. 10. Why? Nobody knows!"),
            vec![
                "Talks with Gen. Haftar stalled at No. 10.",
                "Why?",
                "Nobody knows!"
            ]
        );
    }

    #[test]
    fn a_sentence_ending_inside_quotes_ends_after_them() {
        assert_eq!(
            split("He said “we will win.” Analysts disagree. She said \"no.\" Then left."),
            vec![
                "He said “we will win.”",
                "Analysts disagree.",
                "She said \"no.\"",
                "Then left."
            ]
        );
    }

    #[test]
    fn blank_text_has_no_sentences_and_text_without_a_stop_is_one() {
        assert!(split("   ").is_empty());
        assert_eq!(split(" no stop here "), vec!["no stop here"]);
    }
}
