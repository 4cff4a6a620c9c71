//! Finding estimative terms in a bullet's text: whole words, any case, several words
//! ("roughly even chance") longest first, outside quotation marks (a quoted word is the
//! source's, not ours), and in their estimative sense only ("a remote village" is not
//! "remote", "the remote chance" is).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use super::ladders::Row;
use super::sentences::sentences;

/// What a term says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sense {
    /// A likelihood: its step on ICD 203 (row and step) and on PHIA, if it is on them, and
    /// the range it stands for (for the nearest term on the other ladder).
    Likelihood {
        icd203: Option<(Row, usize)>,
        phia: Option<usize>,
        low: u8,
        high: u8,
    },
    /// A confidence level ("high confidence").
    Confidence,
    /// A hedge on no ladder ("could", "surely"); the range of the ladder term nearest it,
    /// where one is.
    Hedge { near: Option<(u8, u8)> },
}

pub struct Term {
    pub phrase: &'static str,
    pub sense: Sense,
}

const fn likely(
    phrase: &'static str,
    icd203: Option<(Row, usize)>,
    phia: Option<usize>,
    low: u8,
    high: u8,
) -> Term {
    Term {
        phrase,
        sense: Sense::Likelihood {
            icd203,
            phia,
            low,
            high,
        },
    }
}

const fn hedge(phrase: &'static str, near: Option<(u8, u8)>) -> Term {
    Term {
        phrase,
        sense: Sense::Hedge { near },
    }
}

const fn confidence(phrase: &'static str) -> Term {
    Term {
        phrase,
        sense: Sense::Confidence,
    }
}

use Row::{A, B};

/// Every term the checker knows, lower case.
pub static TERMS: &[Term] = &[
    // ICD 203, row A.
    likely("almost no chance", Some((A, 0)), None, 1, 5),
    likely("very unlikely", Some((A, 1)), None, 5, 20),
    likely("unlikely", Some((A, 2)), Some(2), 20, 45),
    likely("roughly even chance", Some((A, 3)), None, 45, 55),
    likely("likely", Some((A, 4)), Some(4), 55, 80),
    likely("very likely", Some((A, 5)), None, 80, 95),
    likely("almost certain", Some((A, 6)), Some(6), 95, 99),
    likely("almost certainly", Some((A, 6)), Some(6), 95, 99),
    // ICD 203, row B.
    likely("remote", Some((B, 0)), None, 1, 5),
    likely("remote chance", Some((B, 0)), Some(0), 1, 5),
    likely("highly improbable", Some((B, 1)), None, 5, 20),
    likely("improbable", Some((B, 2)), None, 20, 45),
    likely("improbably", Some((B, 2)), None, 20, 45),
    likely("roughly even odds", Some((B, 3)), None, 45, 55),
    likely("probable", Some((B, 4)), None, 55, 80),
    likely("probably", Some((B, 4)), Some(4), 55, 80),
    likely("highly probable", Some((B, 5)), None, 80, 95),
    likely("nearly certain", Some((B, 6)), None, 95, 99),
    likely("nearly certainly", Some((B, 6)), None, 95, 99),
    // PHIA only.
    likely("highly unlikely", None, Some(1), 10, 20),
    likely("realistic possibility", None, Some(3), 40, 50),
    likely("highly likely", None, Some(5), 80, 90),
    // Confidence levels.
    confidence("high confidence"),
    confidence("moderate confidence"),
    confidence("medium confidence"),
    confidence("low confidence"),
    // Hedges on no ladder.
    hedge("could", None),
    hedge("may", None),
    hedge("might", None),
    hedge("possibly", None),
    hedge("perhaps", None),
    hedge("conceivably", None),
    hedge("presumably", Some((55, 80))),
    hedge("surely", Some((95, 99))),
    hedge("apparently", None),
    hedge("seemingly", None),
];

/// A term's words, and its index in [`TERMS`].
type Phrase = (Vec<&'static str>, usize);

/// The terms by their first word, longest first: built once.
static BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<Phrase>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<Phrase>> = HashMap::new();
    for (i, t) in TERMS.iter().enumerate() {
        let words: Vec<&'static str> = t.phrase.split(' ').collect();
        map.entry(words[0]).or_default().push((words, i));
    }
    for v in map.values_mut() {
        v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    }
    map
});

/// Every word the checker compares a word with (the terms' words and the words around
/// them that decide their sense), so a word of the text is looked up without allocating.
static VOCABULARY: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    TERMS
        .iter()
        .flat_map(|t| t.phrase.split(' '))
        .chain(COPULAS.iter().chain(CHANCES).chain(MIGHT_NOUN).copied())
        .map(|w| (w, w))
        .collect()
});

/// The longest word in [`VOCABULARY`] is shorter than this.
const LONGEST: usize = 16;

/// A word of the text in lower case, if the checker knows it.
fn known(word: &str) -> Option<&'static str> {
    if word.len() >= LONGEST || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; LONGEST];
    for (b, c) in buf.iter_mut().zip(word.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(&buf[..word.len()]).ok()?;
    VOCABULARY.get(lower).copied()
}

/// One term found: which (an index into [`TERMS`]), where (bytes), in which sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub term: usize,
    pub at: Range<usize>,
    pub sentence: usize,
}

impl Found {
    pub fn sense(&self) -> Sense {
        TERMS[self.term].sense
    }
}

/// A word of the text: where, lower case, and what surrounds it.
struct Word {
    at: Range<usize>,
    /// In lower case, when the checker knows the word (else it matches nothing).
    lower: Option<&'static str>,
    capital: bool,
    digit: bool,
    quoted: bool,
    sentence: usize,
}

/// Every estimative term in `text` outside quotation marks, in order.
pub fn find(text: &str) -> Vec<Found> {
    let words = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let hit = if w.quoted {
            None
        } else {
            w.lower
                .and_then(|l| BY_FIRST_WORD.get(l))
                .and_then(|cands| {
                    cands.iter().find(|(phrase, _)| {
                        let end = i + phrase.len();
                        end <= words.len()
                            && words[i..end].iter().zip(phrase).all(|(w, p)| {
                                !w.quoted && w.lower == Some(*p) && w.sentence == words[i].sentence
                            })
                    })
                })
        };
        match hit {
            Some((phrase, term)) if estimative(&words, i, phrase.len()) => {
                let last = &words[i + phrase.len() - 1];
                out.push(Found {
                    term: *term,
                    at: w.at.start..last.at.end,
                    sentence: w.sentence,
                });
                i += phrase.len();
            }
            _ => i += 1,
        }
    }
    out
}

/// Words after which "remote" states a likelihood ("the chance is remote").
const COPULAS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "remains",
    "remain",
    "seems",
    "seem",
    "appears",
    "appear",
    "looks",
    "look",
    "very",
    "extremely",
];
/// Nouns after which "remote" states a likelihood ("a remote possibility").
const CHANCES: &[&str] = &[
    "possibility",
    "possibilities",
    "prospect",
    "prospects",
    "likelihood",
    "probability",
    "odds",
];
/// Words before "might" that make it the noun ("military might").
const MIGHT_NOUN: &[&str] = &[
    "the",
    "its",
    "his",
    "her",
    "their",
    "our",
    "military",
    "economic",
    "naval",
    "industrial",
    "full",
    "all",
    "of",
    "with",
];

/// Is the term of `len` words at word `i` used in its estimative sense?
fn estimative(words: &[Word], i: usize, len: usize) -> bool {
    let prev = i
        .checked_sub(1)
        .map(|p| &words[p])
        .filter(|p| p.sentence == words[i].sentence);
    let next = words
        .get(i + len)
        .filter(|n| n.sentence == words[i].sentence);
    let first_of_sentence = prev.is_none();
    let is_in = |w: Option<&Word>, list: &[&str]| {
        w.and_then(|w| w.lower).is_some_and(|l| list.contains(&l))
    };
    match (words[i].lower.unwrap_or(""), len) {
        ("remote", 1) => is_in(prev, COPULAS) || is_in(next, CHANCES),
        // "May" inside a sentence, or before a number, is the month (or a name).
        ("may", 1) => (first_of_sentence || !words[i].capital) && !next.is_some_and(|n| n.digit),
        ("might", 1) => !is_in(prev, MIGHT_NOUN),
        _ => true,
    }
}

/// The words of `text` (letters and digits, an apostrophe inside a word kept; a hyphen
/// separates), each with its sentence and whether it stands inside quotation marks.
fn words(text: &str) -> Vec<Word> {
    let quoted = quoted_spans(text);
    let sentences = sentences(text);
    let mut out: Vec<Word> = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut sentence = 0;
    for (k, &(at, c)) in chars.iter().enumerate() {
        let inner_apostrophe = matches!(c, '\'' | '’')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        let in_word = c.is_alphanumeric() || inner_apostrophe;
        match (in_word, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                push_word(&mut out, text, s..at, &quoted, &sentences, &mut sentence);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push_word(
            &mut out,
            text,
            s..text.len(),
            &quoted,
            &sentences,
            &mut sentence,
        );
    }
    out
}

fn push_word(
    out: &mut Vec<Word>,
    text: &str,
    at: Range<usize>,
    quoted: &[Range<usize>],
    sentences: &[Range<usize>],
    sentence: &mut usize,
) {
    while sentences.get(*sentence).is_some_and(|s| s.end <= at.start)
        && *sentence + 1 < sentences.len()
    {
        *sentence += 1;
    }
    let word = &text[at.clone()];
    out.push(Word {
        lower: known(word),
        capital: word.starts_with(char::is_uppercase),
        digit: word.starts_with(|c: char| c.is_ascii_digit()),
        quoted: quoted
            .iter()
            .any(|q| q.start <= at.start && at.end <= q.end),
        sentence: *sentence,
        at,
    });
}

/// The byte ranges inside quotation marks: “…”, "…", ‘…’ and '…' (an apostrophe inside a
/// word, "Iran's", is not a quotation mark). A mark that never closes quotes nothing.
fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut double: Option<usize> = None;
    let mut single: Option<usize> = None;
    for (k, &(at, c)) in chars.iter().enumerate() {
        let before = k.checked_sub(1).map(|p| chars[p].1);
        let after = chars.get(k + 1).map(|&(_, n)| n);
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        match c {
            '“' if double.is_none() => double = Some(at),
            '”' => {
                if let Some(s) = double.take() {
                    out.push(s..at);
                }
            }
            '"' => match double.take() {
                Some(s) => out.push(s..at),
                None => double = Some(at),
            },
            '‘' if single.is_none() => single = Some(at),
            '\'' | '’' if alnum(before) && alnum(after) => {}
            '\'' | '’' => match single {
                Some(s) if !alnum(after) => {
                    out.push(s..at);
                    single = None;
                }
                None if !alnum(before) && alnum(after) => single = Some(at),
                _ => {}
            },
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|f| &text[f.at]).collect()
    }

    #[test]
    fn multi_word_terms_longest_first_any_case() {
        assert_eq!(
            found("It is Very Likely, and almost certainly not highly unlikely."),
            vec!["Very Likely", "almost certainly", "highly unlikely"]
        );
        assert_eq!(found("a roughly even chance"), vec!["roughly even chance"]);
    }

    #[test]
    fn whole_words_only() {
        assert!(found("The likelihood of talks; a mayor; mighty; couldn't").is_empty());
        assert_eq!(found("They couldn't, but could."), vec!["could"]);
    }

    #[test]
    fn remote_counts_only_in_its_estimative_sense() {
        assert!(found("Troops reached a remote village by remote control.").is_empty());
        assert_eq!(found("The remote chance of a deal"), vec!["remote chance"]);
        assert_eq!(found("The chance of a deal is remote."), vec!["remote"]);
        assert_eq!(found("a remote possibility"), vec!["remote"]);
    }

    #[test]
    fn may_the_month_and_might_the_noun_are_not_hedges() {
        assert!(found("Elections in May 2025 showed the military might of the state.").is_empty());
        assert_eq!(found("May they win? They may."), vec!["May", "may"]);
    }

    #[test]
    fn quoted_words_are_the_sources_not_ours() {
        assert!(found("He said the deal was \"probably dead\" and “very likely” off.").is_empty());
        assert!(found("The minister called it ‘unlikely’.").is_empty());
        assert!(found("The minister called it 'unlikely'.").is_empty());
        assert_eq!(
            found("Iran's envoy said \"no\"; talks are unlikely."),
            vec!["unlikely"]
        );
        // A mark that never closes hides nothing.
        assert_eq!(found("an \"odd claim that is likely"), vec!["likely"]);
    }

    #[test]
    fn confidence_levels_including_hyphenated() {
        assert_eq!(
            found("We have high-confidence and Low Confidence; investor confidence fell."),
            vec!["high-confidence", "Low Confidence"]
        );
    }

    #[test]
    fn a_term_does_not_run_across_sentences() {
        assert!(found("It was very. Likely").len() == 1);
        assert_eq!(found("It was very. Likely")[0].len(), "Likely".len());
    }
}
