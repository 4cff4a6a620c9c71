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
    fn empty_query_keeps_everything_in_order() {
        let m = Matcher::default();
        let hits = m.filter(["b", "a"], "  ");
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![0, 1]);
    }
}
