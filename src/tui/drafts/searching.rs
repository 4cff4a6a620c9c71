//! The word search's part of the Drafts list: its first screen asked of the texts taken
//! so far (issue #19), whether a query narrows the last one, what a row highlights.

use std::sync::Arc;

use super::{DraftsCache, FIRST_SCREEN, WORDS_OFF_LOOP_FROM};
use crate::search::{Search, Texts};
use crate::tui::ranker::{Job, What};

impl DraftsCache {
    /// A longer part of the texts is to be asked for, `part` (its length, searched) being
    /// on the worker: once the worker searched it without finding a first screen, when the
    /// texts taken have doubled (a part is never stopped for a longer one, so its work is
    /// kept, and the parts cost at most twice the last). Else the last part's first
    /// screen, or the whole answer once every text is in, is to come.
    pub(super) fn longer_part(&self, (n, searched): (usize, bool)) -> bool {
        let taken = self.texts.as_ref().map_or(0, Vec::len);
        searched && taken >= n.saturating_mul(2)
    }

    /// Ask the worker for the word search's first screen among the texts taken so far
    /// (the list's first drafts: newest first, a common word's first screen is there long
    /// before every text is taken at a million drafts). False when it is not worth it (a
    /// small desk, no text yet, no worker).
    pub(super) fn search_part(&mut self, q: &str) -> bool {
        let taken = self.texts.as_ref().map_or(0, Vec::len);
        let small = self.heads.len() < self.off_loop_from.min(WORDS_OFF_LOOP_FROM);
        if taken == 0 || small || Search::parse(q).is_none() || self.ranker().is_none() {
            return false;
        }
        let Some(texts) = &self.texts else {
            return false;
        };
        // `texts` holds the texts of `ids[..taken]`, in the list's order.
        let first = self.ids.iter().copied().zip(texts.iter().cloned());
        let part = Texts::of(first).with_heads(Arc::clone(&self.heads));
        let part = part.with_reader(self.reader.clone()).part();
        self.generation += 1;
        let job = Job {
            generation: self.generation,
            query: q.to_string(),
            what: What::Search(Arc::new(part)),
            within: None,
            prior: None,
            screen: FIRST_SCREEN,
        };
        if let Some(Ok(r)) = &self.ranker {
            r.request(job);
        }
        self.wanted = Some((self.generation, q.to_string()));
        self.part = Some((taken, false));
        true
    }
}

/// Does the query `q` only find what `last` found, so that only `last`'s hits need a look?
pub(super) fn narrows(words: bool, q: &str, last: &str) -> bool {
    if words {
        matches!((Search::parse(q), Search::parse(last)), (Some(n), Some(o)) if n.narrows(&o))
    } else {
        q.starts_with(last)
    }
}

/// The char positions of `headline` a word search for `q` matches, to highlight.
pub(super) fn word_positions(headline: &str, q: &str) -> Vec<usize> {
    let Some(search) = Search::parse(q) else {
        return Vec::new();
    };
    let hits = search.hits_in(headline);
    headline
        .char_indices()
        .enumerate()
        .filter(|(_, (b, _))| hits.iter().any(|h| h.contains(b)))
        .map(|(k, _)| k)
        .collect()
}
