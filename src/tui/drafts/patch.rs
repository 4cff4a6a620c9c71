//! Keeping the Drafts list's candidates without taking them all again: an edit patches
//! the drafts it touched, and the word search's texts are taken a slice at a time. At
//! 100,000 drafts either, done whole, held the key loop for tens or hundreds of
//! milliseconds (docs/benchmarks.md).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{DraftsCache, WORDS_OFF_LOOP_FROM};
use crate::filter::Head;
use crate::model::{Desk, ItemId, StateView};
use crate::search::{Texts, on_disk_mark, text_of};

/// The most drafts whose texts one turn of the event loop copies (a draft whose body is
/// on disk costs no copy: the mark), and the longest it spends on them: well under a
/// frame (16 ms) on a busy machine.
const TEXTS_PER_TURN: usize = 4096;
const TURN: Duration = Duration::from_millis(4);

impl DraftsCache {
    /// The candidates with the drafts in `touched` taken again from `desk` (in, out or
    /// changed, as `view` shows them now), the others kept; the hits carried to the rows
    /// their drafts moved to. One pass over the list, no headline prepared but the touched.
    pub(super) fn patch(&mut self, desk: &Desk, view: StateView, touched: &mut Vec<ItemId>) {
        // Newest first, as the list.
        touched.sort_unstable_by(|a, b| b.cmp(a));
        touched.dedup();
        let old = std::mem::take(&mut self.ids);
        let old_texts = self.texts.take();
        let filled = old_texts.as_ref().map_or(0, Vec::len);
        let mut texts = old_texts.as_ref().map(|_| Vec::with_capacity(filled));
        // Moved, not cloned: at 100,000 drafts a count up and down each is milliseconds.
        let mut old_texts = old_texts.map(Vec::into_iter);
        // The text of old row `i` (rows are read in order, each once).
        let mut text_at = |i: usize| -> Option<Arc<str>> {
            let all = old_texts.as_mut()?;
            (i < filled).then(|| all.next())?
        };
        let mut ids = Vec::with_capacity(old.len() + touched.len());
        let mut heads = Vec::with_capacity(old.len() + touched.len());
        // Every row so far has its text: a touched draft's is taken while this holds, so
        // the texts stay those of the list's first rows.
        let mut prefix = true;
        // Old row -> new row (`u32::MAX`: gone).
        let mut moved = vec![u32::MAX; old.len()];
        let (mut i, mut k) = (0, 0);
        loop {
            let next = old.get(i).copied();
            let keep = match (next, touched.get(k)) {
                (None, None) => break,
                (Some(id), Some(&t)) => id > t,
                (Some(_), None) => true,
                (None, Some(_)) => false,
            };
            if keep {
                moved[i] = row(ids.len());
                ids.extend(next);
                heads.push(Head::Kept(i));
                if let Some(texts) = &mut texts {
                    match text_at(i) {
                        Some(text) if prefix => texts.push(text),
                        _ => prefix = false,
                    }
                }
                i += 1;
                continue;
            }
            let Some(&t) = touched.get(k) else { break };
            k += 1;
            let was = (next == Some(t)).then_some(i);
            if let Some(w) = was {
                // Its old text is not kept: taken from the desk below, if still listed.
                text_at(w);
                i += 1;
            }
            let Some(item) = desk.item(t).filter(|it| view.shows(it.state)) else {
                continue;
            };
            if let Some(w) = was {
                moved[w] = row(ids.len());
            }
            ids.push(t);
            heads.push(Head::New(&item.headline));
            if let Some(texts) = texts.as_mut().filter(|_| prefix) {
                texts.push(text_of(item));
            }
        }
        Arc::make_mut(&mut self.heads).patch(heads);
        self.ids = ids;
        self.texts = texts;
        let hits: Vec<u32> = self
            .hits
            .iter()
            .filter_map(|&h| moved.get(h as usize).copied().filter(|&r| r != u32::MAX))
            .collect();
        self.hits = hits.into();
        self.scores = Arc::from(Vec::new());
    }

    /// Take the next slice of the word search's texts (all of them on a small desk), and
    /// share them with the worker once they are all in.
    pub(super) fn take_texts(&mut self, desk: &Desk) {
        let texts = self.texts.get_or_insert_with(Vec::new);
        let small = self.ids.len() < WORDS_OFF_LOOP_FROM;
        let start = Instant::now();
        let mut copied = 0;
        while texts.len() < self.ids.len() {
            let from = texts.len();
            let to = (from + 256).min(self.ids.len());
            // The list is newest first: the desk's drafts walked down from the first id in
            // step with it (a million lookups in the map cost more than the texts' copies);
            // a few drafts skipped at most per row (a sparse view looks the rest up).
            let mut walk = self
                .ids
                .get(from)
                .map(|&first| desk.items.range(..=first).rev().peekable());
            texts.extend(self.ids[from..to].iter().map(|&id| {
                let walked = walk.as_mut().and_then(|w| {
                    for _ in 0..8 {
                        if w.next_if(|(at, _)| **at > id).is_none() {
                            break;
                        }
                    }
                    w.next_if(|(at, _)| **at == id).map(|(_, it)| it)
                });
                match walked.or_else(|| desk.item(id)) {
                    // Its headline is the list's (`heads`, shared with the worker): no copy
                    // (issue #19: a million headlines copied here held a rare word's
                    // first results for hundreds of milliseconds).
                    Some(it) if it.body.is_on_disk() => on_disk_mark(),
                    Some(it) => {
                        copied += 1;
                        text_of(it)
                    }
                    // Not on the desk: the list is taken again at the next revision.
                    None => Arc::from(""),
                }
            }));
            if !small && (copied >= TEXTS_PER_TURN || start.elapsed() >= TURN) {
                break;
            }
        }
        if texts.len() == self.ids.len() && self.shared.is_none() {
            let all = self.ids.iter().copied().zip(texts.iter().cloned());
            let texts = Texts::of(all).with_heads(Arc::clone(&self.heads));
            self.shared = Some(Arc::new(texts.with_reader(self.reader.clone())));
        }
    }
}

fn row(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The candidates as the tests compare them: ids, headlines, the worker's texts.
#[cfg(test)]
type Candidates = (Vec<ItemId>, Vec<String>, Option<Vec<(ItemId, String)>>);

#[cfg(test)]
impl DraftsCache {
    /// What the list holds to rank and search: the ids, their headlines, and the texts
    /// the worker would get (once all are taken).
    pub(crate) fn candidates(&self) -> Candidates {
        let heads = (0..self.heads.len())
            .map(|i| self.heads.get(i).unwrap_or_default().to_string())
            .collect();
        let texts = self
            .shared
            .as_ref()
            .map(|t| t.whole().map(|(id, text)| (id, text.to_string())).collect());
        (self.ids.clone(), heads, texts)
    }

    /// How many drafts' texts are taken so far.
    pub(crate) fn texts_taken(&self) -> usize {
        self.texts.as_ref().map_or(0, Vec::len)
    }
}

#[cfg(test)]
mod tests;
