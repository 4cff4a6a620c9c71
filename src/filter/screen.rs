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

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::words::WORD_BONUS;
use super::{Haystacks, Matcher, Query, Scratch, offset, pattern, rank_key};

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
        let mut best = best_possible(&p);
        // A one-char query: only a one-char headline can have nucleo's prefix bonus.
        // Those are scored first, so that the bound for the rest is the one they reach.
        let one_char = p.atom.needle_text().len() == 1;
        let mut first = Vec::new();
        if one_char {
            best = BEST_ONE_CHAR + word_bonus(&p);
            first = (0..offset(hay.len()))
                .filter(|&i| hay.chars_len(i as usize) == 1)
                .filter(|&i| marks.as_ref().is_none_or(|m| m[i as usize]))
                .collect();
        }
        let order = candidates
            .filter(|&i| !(one_char && hay.chars_len(i as usize) == 1))
            .map(|i| (i, best));
        search(hay, &p, k, budget, &first, order, &loose, false)
    }
}

/// A tighter bound for candidate `i` than the one it is visited with (`loose`): `Some`
/// bound (at most `loose`), or `None` when it cannot match at all. [`Loose`] gives `loose`.
pub(super) type Tighten<'a> = dyn Fn(u32, u32) -> Option<u32> + Sync + 'a;

/// The bound a candidate is visited with, as it is.
fn loose(_: u32, bound: u32) -> Option<u32> {
    Some(bound)
}

/// Candidates looked at (their tight bound known) but not scored yet, at most this many:
/// past it the best is scored (in any order the result is the same; the order only saves
/// scoring).
const WAITING_MAX: usize = 1 << 16;

/// One thread's search: the `k` best keys of `first` (scored whatever their bound) and of
/// `order`, candidates with a bound on their score, visited so that the key their bound
/// makes never goes down; each is looked at with `tighten` (cheaper than scoring), then
/// scored best tight bound first, and the search ends once no candidate left, by its
/// tight bound or by the bound of the next one to look at, can beat the `k`-th best.
/// `None`: more than `budget` candidates scored. `.1`: every candidate was scored.
fn search_part(
    hay: &Haystacks,
    p: &Query,
    k: usize,
    budget: usize,
    first: &[u32],
    order: impl Iterator<Item = (u32, u32)>,
    tighten: &Tighten<'_>,
) -> Option<(BinaryHeap<u64>, bool)> {
    let mut matcher = Scratch::new().matcher;
    // The `k` best keys so far, the worst on top.
    let mut top: BinaryHeap<u64> = BinaryHeap::with_capacity(k + 1);
    // Every hit kept so far (none pushed out of `top`, none left unscored).
    let all = std::cell::Cell::new(true);
    let keep = |top: &mut BinaryHeap<u64>, key: u64| {
        top.push(key);
        if top.len() > k {
            top.pop();
            all.set(false);
        }
    };
    for &i in first {
        if let Some(key) = hay.key(p, &mut matcher, i) {
            keep(&mut top, key);
        }
    }
    // Looked at, not scored: the keys their tight bounds make, the best on top.
    let mut waiting: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
    let mut order = order.peekable();
    let mut scored = 0;
    loop {
        let worst = if top.len() == k {
            top.peek().copied()
        } else {
            None
        };
        let next = order.peek().map(|&(i, bound)| rank_key(bound, i));
        let wait = waiting.peek().map(|w| w.0);
        // The best key any candidate not scored yet can have.
        let Some(best) = next.into_iter().chain(wait).min() else {
            return Some((top, all.get()));
        };
        if worst.is_some_and(|w| best > w) {
            // No candidate left, even at its bound, comes before the screen's last row.
            return Some((top, false));
        }
        match wait {
            // The best looked at, or any while the screen is not full (its worst row is
            // what lets the next ones wait or go unscored).
            Some(w) if w == best || worst.is_none() || waiting.len() > WAITING_MAX => {
                waiting.pop();
                if scored >= budget {
                    return None;
                }
                scored += 1;
                let i = w as u32;
                if let Some(key) = hay.key(p, &mut matcher, i) {
                    debug_assert!(
                        key >= w,
                        "{:?} on {:?} over its bound {}",
                        p.atom.needle_text(),
                        hay.get(i as usize),
                        super::score_of(w)
                    );
                    keep(&mut top, key);
                }
            }
            _ => {
                let Some((i, bound)) = order.next() else {
                    continue;
                };
                if let Some(tight) = tighten(i, bound) {
                    let key = rank_key(tight.min(bound), i);
                    if worst.is_some_and(|w| key > w) {
                        // A hit maybe, but never on this screen.
                        all.set(false);
                    } else {
                        waiting.push(Reverse(key));
                    }
                }
            }
        }
    }
}

/// [`search_part`], on two threads when `split`: each takes half the candidates, picked
/// by a hash of their place (a pattern in the list never gives one thread all the good
/// ones), and the `k` best of the two halves' `k` best are the `k` best. Two threads
/// halve a search that must score every candidate whose bound reaches the screen (a
/// query typed on); one that ends after `k` hits reach the best score gains nothing.
// The search's inputs, each used as it comes (a struct would only rename them).
#[allow(clippy::too_many_arguments)]
fn search(
    hay: &Haystacks,
    p: &Query,
    k: usize,
    budget: usize,
    first: &[u32],
    order: impl Iterator<Item = (u32, u32)> + Clone + Send,
    tighten: &Tighten<'_>,
    split: bool,
) -> Option<Screen> {
    if !split {
        let (top, all) = search_part(hay, p, k, budget, first, order, tighten)?;
        return Some(Screen {
            whole: all,
            rows: top
                .into_sorted_vec()
                .into_iter()
                .map(|k| k as u32)
                .collect(),
        });
    }
    let half = |t: u64| {
        order
            .clone()
            .enumerate()
            .filter(move |&(n, _)| (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 63 == t)
            .map(|(_, c)| c)
    };
    let (a, b) = std::thread::scope(|s| {
        let odd = half(1);
        let other = s.spawn(move || search_part(hay, p, k, budget / 2, &[], odd, tighten));
        let mine = search_part(hay, p, k, budget / 2, first, half(0), tighten);
        (mine, other.join())
    });
    let (a, b) = match b {
        Ok(b) => (a?, b?),
        Err(e) => std::panic::resume_unwind(e),
    };
    let mut keys: Vec<u64> = a.0.into_iter().chain(b.0).collect();
    keys.sort_unstable();
    let whole = a.1 && b.1 && keys.len() <= k;
    keys.truncate(k);
    Some(Screen {
        rows: keys.into_iter().map(|k| k as u32).collect(),
        whole,
    })
}

/// The whole ranking of a query the new one extends (`ran` for `rans`): its hits, best
/// first, and their scores.
#[derive(Clone, Copy, Debug)]
pub struct Prior<'a> {
    pub query: &'a str,
    pub hits: &'a [u32],
    pub scores: &'a [u32],
}

/// What one more char of query can add to a headline's score: nucleo's best for a char
/// (16 + the bonus 10), and, once, the prefix bonus (8), which nucleo's ways of scoring
/// (one char, a single place, the optimal matrix) each count a little differently.
const PER_CHAR: u32 = 26;
const PREFIX_SLACK: u32 = 8;

/// Whether a query's scores bound those of a longer one. Not a one-char needle: nucleo's
/// one-char path need not score the char's best place (found by the proptest: `r` then
/// `r&` on "Iran R&D Zürich"), so after it the search goes in index order instead.
fn scores_bound(p: &Query) -> bool {
    p.atom.needle_text().len() > 1
}

/// Headlines this long (in chars, or chars times the query's) may be matched greedily by
/// nucleo (past its matrix), whose score bounds nothing: scored first, as one-char ones are.
fn maybe_greedy(chars: usize, needle: usize) -> bool {
    chars > 1024 || chars.saturating_mul(needle) > 50_000
}

impl Matcher {
    /// [`Matcher::first_screen`] for a query that extends `prior`'s (the last whole
    /// ranking), over its hits: a headline's score for the longer query is at most its
    /// score for the shorter one plus what the added chars can bring (nucleo's score of
    /// the shorter query's part of the match is at most its best; the word pass's bonus
    /// for `ransm` needs `rans` to start a word). The hits are visited best first, and
    /// the search ends once that bound, for the next hit, cannot reach the screen: `ransm`
    /// after `rans` scores the headlines with a good `rans` match, not all of them. `None`
    /// when the query does not extend `prior`'s in that way or after `budget` headlines.
    pub fn first_screen_after(
        &self,
        hay: &Haystacks,
        prior: Prior<'_>,
        query: &str,
        k: usize,
        budget: usize,
    ) -> Option<Screen> {
        let k = k.max(1);
        let (q, last) = (query.trim(), prior.query.trim());
        if !q.starts_with(last) || prior.hits.len() != prior.scores.len() {
            return None;
        }
        let (p, was) = (pattern(q)?, pattern(last)?);
        // One word then several: the old score's word bonus says nothing of the new.
        if p.word.is_some() != was.word.is_some() {
            return None;
        }
        let (n, n0) = (p.atom.needle_text().len(), was.atom.needle_text().len());
        if !scores_bound(&was) {
            return None;
        }
        let added = u32::try_from(n.checked_sub(n0)?).ok()?;
        let most = added.checked_mul(PER_CHAR)?.checked_add(PREFIX_SLACK)?;
        let any_long = maybe_greedy(hay.longest, n);
        let long = |i: u32| any_long && maybe_greedy(hay.chars_len(i as usize), n);
        let first: Vec<u32> = match any_long {
            true => prior.hits.iter().copied().filter(|&i| long(i)).collect(),
            false => Vec::new(),
        };
        // The hits come best first (ties by index), and so do their bounds.
        let order = prior
            .hits
            .iter()
            .zip(prior.scores)
            .filter(move |&(&i, _)| !long(i))
            .map(move |(&i, &was)| (i, was.saturating_add(most)));
        // Each ASCII hit then bounded by where the added chars can go in it.
        match added::Added::new(&p, n0) {
            Some(added) => {
                let tighten = |i: u32, bound: u32| match hay.ascii_text(i as usize) {
                    Some(h) => added.bound(h, bound - most),
                    None => Some(bound),
                };
                search(hay, &p, k, budget, &first, order, &tighten, true)
            }
            None => search(hay, &p, k, budget, &first, order, &loose, true),
        }
    }
}

impl Matcher {
    /// The first screen the quickest way: after a shorter query's whole ranking, from its
    /// scores ([`Matcher::first_screen_after`]), unless `k` of its hits with the best score
    /// for it start with the query (then they reach the best score for the query too, and
    /// the search in index order ends sooner);
    /// else [`Matcher::first_screen`]. The same rows either way.
    pub fn first_screen_from(
        &self,
        hay: &Haystacks,
        prior: Option<Prior<'_>>,
        query: &str,
        k: usize,
        budget: usize,
    ) -> Option<Screen> {
        let q = query.trim().to_ascii_lowercase();
        let starts = |i: &&u32| hay.starts_with_lower(**i as usize, &q);
        // A headline that starts with the query starts with the last one, and had the best
        // score for it: only those hits are looked at (at a million drafts, looking at every
        // hit of `rans` for one starting with `ransm` cost more than the search after it).
        fn at_best<'a>(prior: &Prior<'a>, best: u32) -> &'a [u32] {
            let n = prior.scores.iter().take_while(|&&s| s == best).count();
            prior.hits.get(..n).unwrap_or_default()
        }
        match prior {
            Some(prior)
                if pattern(prior.query.trim()).is_some_and(|was| {
                    scores_bound(&was)
                        && at_best(&prior, best_possible(&was))
                            .iter()
                            .filter(starts)
                            .take(k)
                            .count()
                            < k
                }) =>
            {
                self.first_screen_after(hay, prior, query, k, budget)
            }
            _ => self.first_screen(hay, prior.map(|p| p.hits), query, k, budget),
        }
    }
}

mod added;

#[cfg(test)]
mod tests;
