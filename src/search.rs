//! The word search: drafts whose headline or body hold every word of the query, in any
//! order, case and accents aside ("zurich" finds "Zürich"), and quoted phrases as they
//! stand ("fire is out"). For `list drafts --search`; the fuzzy filter (`filter.rs`) stays
//! for headlines.
//!
//! Text is folded once (`fold`): NFD through `unicode-normalization`, combining marks
//! dropped, lower case, every run of other than letters and digits one space. A word of
//! the query matches a word of the text or its start ("sanction" finds "Sanctions"); a
//! phrase matches its words in a row, the last one or its start.

use std::ops::Range;

mod index;
pub use index::{ChunkReader, Folds, Texts, on_disk_mark, text_of};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A parsed query: each term a word or a phrase, folded, each with a space in front (so a
/// term matches where a word starts in a folded text, which starts with a space too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    terms: Vec<String>,
}

impl Search {
    /// `None` when the query has no word.
    pub fn parse(query: &str) -> Option<Search> {
        let mut terms = Vec::new();
        // Outside quotes, each word is a term; inside, the words together are one. An
        // unclosed quote runs to the end.
        for (k, part) in query.split('"').enumerate() {
            if k % 2 == 1 {
                let phrase = fold(part);
                if !phrase.trim().is_empty() {
                    terms.push(phrase.trim_end().to_string());
                }
            } else {
                terms.extend(fold(part).split_whitespace().map(|w| format!(" {w}")));
            }
        }
        (!terms.is_empty()).then_some(Search { terms })
    }

    /// Are this query's hits among `older`'s? True when every term of `older` starts a
    /// term of this one (typing on: `rotter` after `rot`, `fire is` after `fire`): a text
    /// holding the longer term holds its start. Then only `older`'s hits need a look.
    pub fn narrows(&self, older: &Search) -> bool {
        older
            .terms
            .iter()
            .all(|o| self.terms.iter().any(|t| t.starts_with(o.as_str())))
    }

    /// Every word of every term (each word of a phrase too), folded.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().flat_map(|t| t.split_whitespace())
    }

    /// Does a text folded by [`fold`] hold every term?
    pub fn matches_folded(&self, folded: &str) -> bool {
        self.terms.iter().all(|t| folded.contains(t.as_str()))
    }

    /// Does the draft (headline and body paragraphs) hold every term?
    pub fn matches(&self, headline: &str, body: &[String]) -> bool {
        self.matches_folded(&fold_draft(headline, body))
    }

    /// The byte ranges of `text` where a term matches, in order, not overlapping: what
    /// the preview highlights.
    pub fn hits_in(&self, text: &str) -> Vec<Range<usize>> {
        let words = words(text);
        let mut hits: Vec<Range<usize>> = Vec::new();
        for term in &self.terms {
            let want: Vec<&str> = term.split_whitespace().collect();
            let Some((last, whole)) = want.split_last() else {
                continue;
            };
            for i in 0..words.len() {
                let Some(run) = words.get(i..i + want.len()) else {
                    break;
                };
                let same = run[..whole.len()]
                    .iter()
                    .zip(whole)
                    .all(|((_, w), t)| w == t);
                if same && run[whole.len()].1.starts_with(last) {
                    hits.push(run[0].0.start..run[whole.len()].0.end);
                }
            }
        }
        hits.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::new();
        for h in hits {
            match merged.last_mut() {
                Some(m) if h.start <= m.end => m.end = m.end.max(h.end),
                _ => merged.push(h),
            }
        }
        merged
    }
}

/// A draft's headline and body as the search reads them: folded, one text.
pub fn fold_draft(headline: &str, body: &[String]) -> String {
    let mut s = fold(headline);
    for p in body {
        // Each folded text starts and ends with a space: one is enough between them.
        s.pop();
        s.push_str(&fold(p));
    }
    s
}

/// Text folded for the search: a space, then its words lower case without accents, each
/// followed by one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    if text.is_ascii() {
        // Most drafts are ASCII: no accents to take off, so byte by byte, the same result
        // as the general path below ~10x faster (the desk folds 100,000 drafts).
        let mut space = true;
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b.to_ascii_lowercase()));
                space = false;
            } else if !space {
                out.push(' ');
                space = true;
            }
        }
        if !space {
            out.push(' ');
        }
        return out;
    }
    fold_any(text, out)
}

/// The general fold, for any text, after `out`'s leading space.
fn fold_any(text: &str, mut out: String) -> String {
    for c in text.nfd().filter(|&c| !is_combining_mark(c)) {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The words of `text`: where each is (bytes) and its folded form.
fn words(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric() || is_combining_mark(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let w = fold(&text[s..i]);
                out.push((s..i, w.trim().to_string()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(q: &str, headline: &str, body: &str) -> bool {
        let body: Vec<String> = body.split('\n').map(String::from).collect();
        Search::parse(q).is_some_and(|s| s.matches(headline, &body))
    }

    #[test]
    fn a_word_in_the_body_is_found() {
        let body = "The FBI named the group.\nIt recruited insiders on Telegram.";
        assert!(finds("telegram", "FBI Warns of Insider Recruitment", body));
        assert!(!finds("telegram", "FBI Warns of Insider Recruitment", ""));
    }

    #[test]
    fn every_word_in_any_order_in_headline_or_body() {
        let (h, b) = (
            "Port Strike Ends",
            "Workers at Rotterdam went back on Monday.",
        );
        assert!(finds("rotterdam strike", h, b));
        assert!(finds("monday PORT", h, b));
        assert!(!finds("rotterdam hamburg", h, b));
        // A word's start finds the word; a word's middle does not.
        assert!(finds("rotter", h, b));
        assert!(!finds("otterdam", h, b));
    }

    #[test]
    fn case_and_accents_aside() {
        assert!(finds("zurich", "Café Attack in Zürich", ""));
        assert!(finds("Zurich", "Café Attack in Zürich", ""));
        assert!(finds("ZÜRICH café", "Cafe attack in zurich", ""));
        // A combining accent (e + U+0301) folds as the precomposed one.
        assert!(finds("cafe", "Cafe\u{301} Raid", ""));
    }

    #[test]
    fn a_quoted_phrase_matches_its_words_in_a_row() {
        let b = "Firefighters said the fire is out, but the smoke remains.";
        assert!(finds("\"fire is out\"", "Blaze at Refinery", b));
        assert!(finds("\"Fire,  is out\" smoke", "Blaze at Refinery", b));
        assert!(!finds("\"out is fire\"", "Blaze at Refinery", b));
        assert!(!finds("\"fire is\" hamburg", "Blaze at Refinery", b));
        // The words unquoted, in any order, still match.
        assert!(finds("out is fire", "Blaze at Refinery", b));
        // An unclosed quote runs to the end.
        assert!(finds("\"the smoke rem", "Blaze", b));
        assert_eq!(Search::parse(" \"\" , "), None);
    }

    #[test]
    fn ascii_is_folded_as_the_general_path_folds_it() {
        // The general path, for any text (the fast one is taken for ASCII only).
        fn slow(text: &str) -> String {
            fold_any(text, String::from(" "))
        }
        for text in [
            "",
            " ",
            "Port Strike, Day 3!",
            "  --a--B  c\n\tD9 ",
            "UPDATE: 10:30 PM CEST",
            "x",
            "\u{7f}\u{1}ab",
        ] {
            assert_eq!(fold(text), slow(text), "{text:?}");
        }
        let all: String = (0u8..128).map(char::from).collect();
        assert_eq!(fold(&all), slow(&all));
    }

    #[test]
    fn a_query_typed_on_narrows_the_last_one() {
        let q = |s: &str| Search::parse(s).expect("a query");
        assert!(q("rotter").narrows(&q("rot")));
        assert!(q("fire is").narrows(&q("fire")));
        assert!(q("\"fire is\"").narrows(&q("\"fire i")));
        assert!(q("monday port").narrows(&q("port")));
        assert!(!q("rot").narrows(&q("rotter")));
        assert!(!q("port").narrows(&q("monday port")));
        assert!(!q("fire").narrows(&q("\"fire is\"")));
    }

    #[test]
    fn hits_are_the_matching_words_in_the_text() {
        let s = Search::parse("zurich \"fire is\"").expect("a query");
        let text = "Fire is out in Zürich; the FIRE  IS gone";
        let got: Vec<&str> = s.hits_in(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["Fire is", "Zürich", "FIRE  IS"]);
        let s = Search::parse("cafe").expect("a query");
        let text = "Cafe\u{301} Raid";
        let got: Vec<&str> = s.hits_in(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["Cafe\u{301}"]);
    }
}
