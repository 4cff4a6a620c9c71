//! The word pass of the fuzzy filter: a one-word query that is a word of the headline, or
//! the start of one, ranks above scattered-letter matches (`/iran`: the Iran headlines
//! before "Iraq Ransomware Attack"). nucleo still decides what matches and the order
//! within each rank.

use nucleo_matcher::Utf32Str;
use nucleo_matcher::pattern::Atom;

/// A query ready to match: nucleo's pattern, and the query's letters folded when it is one
/// word (for the word pass).
pub(super) struct Query {
    pub(super) atom: Atom,
    pub(super) word: Option<Vec<char>>,
    /// `word` as a string when it is all ASCII, for ASCII headlines (a word with any other
    /// letter is never in one).
    pub(super) word_ascii: Option<String>,
}

impl Query {
    /// nucleo's pattern for `query` (trimmed, not empty), with the word pass's word when
    /// the query is one word.
    pub(super) fn new(atom: Atom, query: &str) -> Query {
        let word: Option<Vec<char>> =
            (!query.contains(char::is_whitespace)).then(|| query.chars().map(fold).collect());
        let word_ascii = word
            .as_ref()
            .filter(|w| w.iter().all(char::is_ascii))
            .map(|w| w.iter().collect());
        Query {
            atom,
            word,
            word_ascii,
        }
    }
}

/// Added to nucleo's score (at most `u16::MAX`) when a one-word query is a whole word or
/// the start of one in the headline: such headlines rank above scattered-letter matches,
/// and among themselves in nucleo's order.
pub(super) const WORD_BONUS: u32 = 1 << 16;

/// nucleo's score, with the word pass's bonus.
pub(super) fn with_word(score: u16, q: &Query, hay: Utf32Str<'_>) -> u32 {
    let word = q.word.as_deref().is_some_and(|w| starts_a_word(hay, w));
    u32::from(score) + if word { WORD_BONUS } else { 0 }
}

/// [`with_word`] for an ASCII headline, given as its bytes: the word compared case-blind
/// where it may be (the same answer as the scan of every char, with no lower-case copy).
pub(super) fn with_word_ascii(score: u16, q: &Query, ascii: &[u8]) -> u32 {
    let word = match (&q.word, &q.word_ascii) {
        (Some(_), Some(w)) => starts_a_word_ascii(ascii, w.as_bytes()),
        _ => false,
    };
    u32::from(score) + if word { WORD_BONUS } else { 0 }
}

/// Does `word` (ASCII lower case) start a word of `hay`, case-blind: at its start or after
/// a byte that is not a letter or digit. Every place is looked at, overlapping ones too.
pub(super) fn starts_a_word_ascii(hay: &[u8], word: &[u8]) -> bool {
    if word.is_empty() {
        return true;
    }
    hay.windows(word.len()).enumerate().any(|(i, w)| {
        w.eq_ignore_ascii_case(word) && (i == 0 || !hay[i - 1].is_ascii_alphanumeric())
    })
}

/// A letter as nucleo compares it: accents off ("ü" is "u"), lower case.
pub(super) fn fold(c: char) -> char {
    nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(c))
}

/// Does `word` (folded) start a word of `hay`: at its start or after a char that is not a
/// letter or digit.
fn starts_a_word(hay: Utf32Str<'_>, word: &[char]) -> bool {
    fn scan(n: usize, at: impl Fn(usize) -> char, word: &[char]) -> bool {
        (0..n.saturating_sub(word.len().saturating_sub(1))).any(|i| {
            (i == 0 || !at(i - 1).is_alphanumeric())
                && word.iter().enumerate().all(|(k, &w)| fold(at(i + k)) == w)
        })
    }
    match hay {
        Utf32Str::Ascii(b) => scan(b.len(), |i| char::from(b[i]), word),
        Utf32Str::Unicode(cs) => scan(cs.len(), |i| cs[i], word),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Haystacks, Matcher};
    use super::starts_a_word_ascii;

    #[test]
    fn the_word_search_in_place_ranks_as_the_scan_of_every_char() {
        let m = Matcher::default();
        let heads: Vec<String> = crate::desk_gen::items(3_000)
            .into_iter()
            .map(|it| it.headline)
            .chain(
                [
                    "Iran-Iraq Talks",
                    "a-a-a ba-a",
                    "Café Attack in Zürich",
                    "Cafe\u{301} Raid",
                ]
                .map(String::from),
            )
            .collect();
        let fast = Haystacks::new(heads.iter().map(String::as_str));
        let slow = Haystacks::new(heads.iter().map(String::as_str)).scanning_words();
        for q in [
            "r", "iran", "Iran", "ransom", "a-a", "port", "zur", "caf", "é", "x",
        ] {
            assert_eq!(
                m.rank_prepared(&fast, None, q, &|| false),
                m.rank_prepared(&slow, None, q, &|| false),
                "query {q:?}"
            );
        }
        // An overlapping find that starts a word is not missed.
        assert!(starts_a_word_ascii(b"ba-a-a", b"a-a"));
        assert!(!starts_a_word_ascii(b"banana", b"ana"));
        // Case-blind, in place.
        assert!(starts_a_word_ascii(b"Tehran IRAN", b"iran"));
    }

    #[test]
    fn a_one_word_query_ranks_headlines_with_the_word_above_scattered_letters() {
        let m = Matcher::default();
        let c = [
            "Iraq Ransomware Attack Hits Oil Ministry", // i-r-a, then the n of "Ransomware"
            "Treasury Sanctions Tanker Network Shipping Iranian Oil",
            "Rights Group Says Executions in Iran Reached Highest Level",
            "Iran’s Pensioners Return to the Streets in Ahvaz",
            "Café Attack in Zürich",
        ];
        let order: Vec<usize> = m.filter(c, "iran").iter().map(|h| h.index).collect();
        assert_eq!(order.len(), 4, "{order:?}");
        assert_eq!(
            order.last(),
            Some(&0),
            "the scattered match last: {order:?}"
        );
        // Every path ranks alike: rank, and prepared headlines.
        let got = m.rank(c.iter().enumerate().map(|(i, s)| (i as u32, *s)), "iran");
        assert_eq!(got, order.iter().map(|&i| i as u32).collect::<Vec<_>>());
        let hay = Haystacks::new(c);
        assert_eq!(m.rank_prepared(&hay, None, "iran", &|| false), Some(got));
        // A word start with accents folded ("zur" starts "Zürich").
        let c = ["Zebra Unit Raid", "Attack in Zürich"];
        let order: Vec<usize> = m.filter(c, "zur").iter().map(|h| h.index).collect();
        assert_eq!(order, [1, 0]);
    }
}
