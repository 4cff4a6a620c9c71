//! The first screen of a ranking before the whole ranking (issue #19): at a million
//! headlines, scoring every one takes hundreds of milliseconds on two cores, but the rows
//! on screen are usually certain long before that.
//!
//! The ranking's order is score first, then the lower index (the newer draft). Scored in
//! index order, once `k` hits have the best score any headline can have for the query, no
//! later headline can come before any of them: the search ends there. The best score is
//! nucleo's highest for a query of that length (the query at a headline's start, each
//! letter consecutive with the best bonus), with the word pass's bonus for a one-word
//! query: a headline that starts with the query reaches it, so `ransom` on a desk where a
//! few hundred of the newest headlines start with "Ransomware" ends after a few thousand.
//! When it does not end within its budget, the caller ranks everything (the whole
//! ranking's first `k` are the same rows).

use std::collections::BinaryHeap;

use super::words::WORD_BONUS;
use super::{Haystacks, Matcher, Query, offset, pattern, rank_key};

/// The first rows of a ranking, best first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Screen {
    /// Indices into the headlines, the first `k` of the whole ranking (or all its hits).
    pub rows: Vec<u32>,
    /// Every candidate was scored and no hit left out: `rows` is the whole ranking.
    pub whole: bool,
}

/// nucleo-matcher 0.3's highest score for a needle of `n` chars (its constants are private
/// there): the first char at the haystack's start, after the start's whitespace class
/// (`SCORE_MATCH` 16 + 2 x the whitespace boundary bonus 10 + the prefix bonus 8), every
/// other char matched consecutively with the best bonus (16 + 10). Saturates as nucleo's
/// `u16` does. `filter::screen::tests` checks that no headline scores more and that a
/// headline starting with the query scores exactly this.
fn best_nucleo(n: usize) -> u32 {
    let n = u32::try_from(n).unwrap_or(u32::MAX).max(1);
    n.saturating_sub(1)
        .saturating_mul(26)
        .saturating_add(44)
        .min(u32::from(u16::MAX))
}

/// nucleo's highest score for a one-char needle in a longer haystack: the char's best
/// place, without the prefix bonus (only a haystack of that one char gets it, matched
/// whole: [`best_nucleo`]).
const BEST_ONE_CHAR: u32 = 36;

/// The best score (nucleo's and the word pass's) any headline can have for `p`.
fn best_possible(p: &Query) -> u32 {
    best_nucleo(p.atom.needle_text().len()) + word_bonus(p)
}

fn word_bonus(p: &Query) -> u32 {
    if p.word.is_some() { WORD_BONUS } else { 0 }
}

impl Matcher {
    /// The first `k` rows of [`Matcher::rank_prepared`]'s ranking over the same
    /// candidates (`within`: distinct indices, as a ranking's hits are), scoring only as many headlines as it takes to be sure of them; `None`
    /// when that took more than `budget` headlines (then rank them all).
    pub fn first_screen(
        &self,
        hay: &Haystacks,
        within: Option<&[u32]>,
        query: &str,
        k: usize,
        budget: usize,
    ) -> Option<Screen> {
        let k = k.max(1);
        // The candidates in index order: a narrowed list marked in a bitmap (a sort of
        // a million hits costs more than the screen's whole search).
        let marks: Option<Vec<bool>> = within.map(|w| {
            let mut m = vec![false; hay.len()];
            for &i in w {
                if let Some(slot) = m.get_mut(i as usize) {
                    *slot = true;
                }
            }
            m
        });
        let mut candidates = (0..offset(hay.len()))
            .filter(|&i| marks.as_ref().is_none_or(|m| m[i as usize]))
            .peekable();
        let Some(p) = pattern(query) else {
            let rows: Vec<u32> = candidates.by_ref().take(k).collect();
            let whole = candidates.peek().is_none();
            return Some(Screen { rows, whole });
        };
        // The `k` best keys so far, the worst on top.
        let mut top: BinaryHeap<u64> = BinaryHeap::with_capacity(k + 1);
        let mut dropped = false;
        let mut scratch = self.scratch.borrow_mut();
        let mut keep = |top: &mut BinaryHeap<u64>, key: u64| {
            top.push(key);
            if top.len() > k {
                top.pop();
                dropped = true;
            }
        };
        let mut best = best_possible(&p);
        // A one-char query: only a one-char headline can have nucleo's prefix bonus.
        // Those are scored first, so that the bound for the rest is the one they reach.
        let one_char = p.atom.needle_text().len() == 1;
        if one_char {
            best = BEST_ONE_CHAR + word_bonus(&p);
            for i in (0..offset(hay.len())).filter(|&i| hay.chars_len(i as usize) == 1) {
                let listed = marks.as_ref().is_none_or(|m| m[i as usize]);
                if let Some(key) = hay.key(&p, &mut scratch.matcher, i).filter(|_| listed) {
                    keep(&mut top, key);
                }
            }
        }
        for (visited, i) in candidates.enumerate() {
            if top.len() == k && top.peek().is_some_and(|&worst| rank_key(best, i) > worst) {
                // Any later headline, even with the best score, comes after the screen.
                return Some(Screen {
                    rows: rows(top),
                    whole: false,
                });
            }
            if visited >= budget {
                return None;
            }
            if one_char && hay.chars_len(i as usize) == 1 {
                continue;
            }
            if let Some(key) = hay.key(&p, &mut scratch.matcher, i) {
                keep(&mut top, key);
            }
        }
        Some(Screen {
            rows: rows(top),
            whole: !dropped,
        })
    }
}

/// The keys' indices, best first.
fn rows(top: BinaryHeap<u64>) -> Vec<u32> {
    top.into_sorted_vec()
        .into_iter()
        .map(|k| k as u32)
        .collect()
}

#[cfg(test)]
mod tests;
