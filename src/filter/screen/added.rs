//! A tighter bound for a query typed on (`ransm` after `rans`), headline by headline: what
//! the added chars can bring to an ASCII headline, from where they occur in it, found by a
//! byte scan (far cheaper than nucleo's score).
//!
//! nucleo's matrix scores char `i` of the needle at column `j` as 16 plus a bonus, either
//! right after char `i - 1` (at most 16 + 10) or after a gap (the gap costs at least 3, and
//! the bonus is the column's own: a word start 8-10, a camelCase hump 5, inside a word 0).
//! So the new score is at most the last one plus, for each added char, its best place:
//! `m` after `rans` on "Ransomware" comes after an `o`, inside a word: 13, not 26. The last
//! score and the new one may each come from nucleo's single-place path instead of its
//! matrix, whose prefix bonuses differ by at most 4 (`PREFIX_SLACK`, by where the match
//! starts). The word pass's bonus is tested exactly. `filter::screen::tests` checks the
//! bound against nucleo's scores.

use nucleo_matcher::Utf32Str;

use super::super::words::{Query, WORD_BONUS, starts_a_word_ascii};

// nucleo-matcher 0.3's constants (private there: src/score.rs, and src/config.rs's
// `Config::DEFAULT`, which the filter uses but for `prefer_prefix`).
const SCORE_MATCH: u32 = 16;
const PENALTY_GAP_START: u32 = 3;
const BONUS_BOUNDARY: u32 = 8;
const BONUS_BOUNDARY_WHITE: u32 = BONUS_BOUNDARY + 2;
const BONUS_BOUNDARY_DELIMITER: u32 = BONUS_BOUNDARY + 1;
const BONUS_CAMEL123: u32 = BONUS_BOUNDARY - PENALTY_GAP_START;
const BONUS_NON_WORD: u32 = BONUS_BOUNDARY;
const DELIMITERS: &[u8] = b"/,:;|";

/// A char matched right after the needle's previous one: 16 and at most the best bonus.
const CONSECUTIVE_MOST: u32 = SCORE_MATCH + BONUS_BOUNDARY_WHITE;

/// By where the match starts (the first place of the needle's first char): how much
/// nucleo's single-place path and its matrix differ in their prefix bonus (`8 - 3s/2` and
/// `(14 - s)/2`); none from 13 on.
const PREFIX_SLACK: [u32; 13] = [0, 1, 1, 1, 3, 3, 4, 3, 3, 2, 2, 1, 1];

/// nucleo's char classes of an ASCII byte, in its order (which its bonus compares).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Number,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        _ if b.is_ascii_whitespace() => Class::Whitespace,
        _ if DELIMITERS.contains(&b) => Class::Delimiter,
        _ => Class::NonWord,
    }
}

/// nucleo's `Config::bonus_for`.
fn bonus(prev: Class, class: Class) -> u32 {
    if class > Class::Delimiter {
        match prev {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => (),
        }
    }
    if prev == Class::Lower && class == Class::Upper
        || prev != Class::Number && class == Class::Number
    {
        BONUS_CAMEL123
    } else if class == Class::Whitespace {
        BONUS_BOUNDARY_WHITE
    } else if class == Class::NonWord {
        BONUS_NON_WORD
    } else {
        0
    }
}

/// The chars a query adds to the last one, ready to bound ASCII headlines.
pub(super) struct Added {
    needle: Vec<u8>,
    /// Where the added chars start in `needle` (at least 2: the last needle's length).
    from: usize,
    /// nucleo compares case-sensitively (an upper-case letter in the query).
    sensitive: bool,
    /// The word pass's word (ASCII lower case), for a one-word query.
    word: Option<Vec<u8>>,
}

impl Added {
    /// For `p`, which adds chars to a needle of `from` chars; `None` when only the plain
    /// bound holds: a needle that is not ASCII, or whose case matching the added chars
    /// changed (an upper-case letter typed after a lower-case query).
    pub(super) fn new(p: &Query, from: usize) -> Option<Added> {
        let Utf32Str::Ascii(needle) = p.atom.needle_text() else {
            return None;
        };
        let upper = |s: &[u8]| s.iter().any(u8::is_ascii_uppercase);
        let (was, added) = (needle.get(..from)?, needle.get(from..)?);
        if from < 2 || added.is_empty() || upper(added) && !upper(was) {
            return None;
        }
        let word = match (&p.word, &p.word_ascii) {
            (None, _) => None,
            (Some(_), Some(w)) => Some(w.as_bytes().to_vec()),
            (Some(_), None) => return None,
        };
        Some(Added {
            needle: needle.to_vec(),
            from,
            sensitive: upper(needle),
            word,
        })
    }

    /// The most ASCII headline `h` can score (with the word pass) given `was`, its score
    /// for the last query; `None` when it cannot match.
    pub(super) fn bound(&self, h: &[u8], was: u32) -> Option<u32> {
        let first = *self.needle.first()?;
        let start = h.iter().position(|&b| match self.sensitive {
            true => b == first,
            false => b.eq_ignore_ascii_case(&first),
        })?;
        let mut most = PREFIX_SLACK.get(start).copied().unwrap_or(0);
        // Each added char right after the one before it somewhere: the query may be there.
        let mut together = true;
        for w in self.needle.get(self.from - 1..)?.windows(2) {
            let place = best_place(h, w[0], w[1])?;
            together &= place == CONSECUTIVE_MOST;
            most += place;
        }
        let word = match &self.word {
            Some(w) if together && starts_a_word_ascii(h, w) => WORD_BONUS,
            _ => 0,
        };
        Some((was & (WORD_BONUS - 1)) + most + word)
    }
}

/// The most needle char `c` can add to a match in `h` when the needle's char before it is
/// `before`: 26 where it comes right after one, else its best place after a gap; `None`
/// when it is not in `h` (compared case-blind: never less than nucleo finds).
fn best_place(h: &[u8], before: u8, c: u8) -> Option<u32> {
    let mut best = None;
    for (j, &b) in h.iter().enumerate() {
        if !b.eq_ignore_ascii_case(&c) {
            continue;
        }
        let prev = j.checked_sub(1).and_then(|p| h.get(p)).copied();
        if prev.is_some_and(|p| p.eq_ignore_ascii_case(&before)) {
            return Some(CONSECUTIVE_MOST);
        }
        let at = SCORE_MATCH + bonus(prev.map_or(Class::Whitespace, class), class(b));
        best = best.max(Some(at - PENALTY_GAP_START));
    }
    best
}
