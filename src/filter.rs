//! The one fuzzy matcher, shared by the TUI filter and `list --filter`.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// A hit: the candidate's index, its score, and the char positions that matched (to highlight).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
    pub positions: Vec<usize>,
}

/// Lists at least this long are scored on several threads.
const PARALLEL_FROM: usize = 20_000;
/// At most this many.
const MAX_THREADS: usize = 4;

pub struct Matcher {
    inner: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            inner: SkimMatcherV2::default().smart_case(),
        }
    }
}

impl Matcher {
    pub fn hit(&self, candidate: &str, query: &str) -> Option<(i64, Vec<usize>)> {
        self.inner.fuzzy_indices(candidate, query)
    }

    /// The score alone (no positions: cheaper), `None` when `candidate` does not match.
    pub fn score(&self, candidate: &str, query: &str) -> Option<i64> {
        self.inner.fuzzy_match(candidate, query)
    }

    /// The indices of the candidates that match, best first; equal scores keep the index
    /// order. The same order as [`Matcher::filter`], without the positions: for long lists,
    /// where only the few rows on screen need them. `query` is trimmed; an empty query
    /// keeps every candidate in index order.
    pub fn rank<'a, I>(&self, candidates: I, query: &str) -> Vec<u32>
    where
        I: IntoIterator<Item = (u32, &'a str)>,
    {
        let query = query.trim();
        if query.is_empty() {
            let mut all: Vec<u32> = candidates.into_iter().map(|(i, _)| i).collect();
            all.sort_unstable();
            return all;
        }
        let all: Vec<(u32, &str)> = candidates.into_iter().collect();
        // A long list is scored on every core: matching is the whole cost of a keystroke.
        let threads = if all.len() >= PARALLEL_FROM {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
        } else {
            1
        };
        let mut hits = if threads > 1 {
            let size = all.len().div_ceil(threads);
            std::thread::scope(|s| {
                let parts: Vec<_> = all
                    .chunks(size)
                    .map(|part| {
                        // A matcher of its own: the matcher's scratch space is fast only
                        // for the thread that first used it.
                        s.spawn(move || Matcher::default().rank_part(part, query))
                    })
                    .collect();
                let mut hits = Vec::new();
                for p in parts {
                    match p.join() {
                        Ok(h) => hits.extend(h),
                        Err(e) => std::panic::resume_unwind(e),
                    }
                }
                hits
            })
        } else {
            self.rank_part(&all, query)
        };
        hits.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.into_iter().map(|(_, i)| i).collect()
    }

    fn rank_part(&self, part: &[(u32, &str)], query: &str) -> Vec<(i64, u32)> {
        part.iter()
            .filter_map(|&(i, c)| self.score(c, query).map(|s| (s, i)))
            .collect()
    }

    /// Candidates that match, best first; equal scores keep the input order (newest first).
    pub fn filter<'a, I>(&self, candidates: I, query: &str) -> Vec<Hit>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let query = query.trim();
        let mut hits: Vec<Hit> = candidates
            .into_iter()
            .enumerate()
            .filter_map(|(index, c)| {
                if query.is_empty() {
                    return Some(Hit {
                        index,
                        score: 0,
                        positions: Vec::new(),
                    });
                }
                self.hit(c, query).map(|(score, positions)| Hit {
                    index,
                    score,
                    positions,
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_match_first_and_positions_given() {
        let m = Matcher::default();
        let hits = m.filter(
            ["Iran sanctions", "Israel – Gaza", "Russia and Iran"],
            "iran",
        );
        assert_eq!(hits.first().map(|h| h.index), Some(0));
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].positions, vec![0, 1, 2, 3]);
    }

    #[test]
    fn rank_gives_the_order_of_filter() {
        let m = Matcher::default();
        let c = [
            "Ransomware Attack",
            "Treasury Sanctions Iran",
            "Iran sanctions",
            "Russia and Iran",
            "nothing here",
            "Iran sanctions",
        ];
        for q in ["iran", "an", "Iran", "s", " ra ", ""] {
            let want: Vec<u32> = m.filter(c, q).iter().map(|h| h.index as u32).collect();
            let got = m.rank(c.iter().enumerate().map(|(i, s)| (i as u32, *s)), q);
            assert_eq!(got, want, "query {q:?}");
        }
    }

    #[test]
    fn empty_query_keeps_everything_in_order() {
        let m = Matcher::default();
        let hits = m.filter(["b", "a"], "  ");
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![0, 1]);
    }
}
