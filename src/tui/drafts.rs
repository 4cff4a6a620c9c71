//! The Drafts list: the pool, newest first, or the filter's hits best first; ranked at
//! once or on the worker. The pane that draws it is `panes::drafts`.

use std::os::fd::BorrowedFd;
use std::sync::Arc;

use super::events::Event;
use super::ranker::{Job, Ranked, Ranker, What};
use crate::filter::feed::FeedQuery;
use crate::filter::{Haystacks, Matcher};
use crate::model::{Desk, Item, ItemId, StateView};
use crate::search::{Folds, Search, Texts};

/// A visible row: the item and the matched char positions of its headline.
pub struct Row {
    pub id: ItemId,
    pub positions: Vec<usize>,
}

/// A ranking that scores at least this many headlines runs on the worker thread
/// ([`Ranker`]); a shorter one (a small desk, a query narrowed to a few thousand hits)
/// is done at once, in the key's own update.
const OFF_LOOP_FROM: usize = 20_000;

/// A word search on a desk of at least this many drafts runs on the worker: the first one
/// folds every draft's text (about 4 ms per 1,000 drafts in a release build on a busy
/// machine: docs/benchmarks.md).
const WORDS_OFF_LOOP_FROM: usize = 2_000;

/// The rows of a fuzzy ranking or a word search the worker sends first, before the whole
/// ranking: more than a terminal shows (issue #19).
pub const FIRST_SCREEN: usize = 100;

/// What the candidates were taken from: the desk (revision, item count, newest id), the
/// state view, and the filter's `feed:` words.
type Candidates = (u64, usize, Option<ItemId>, StateView, Vec<String>);

/// The Drafts list, computed once per desk revision and query, not once per frame.
///
/// At 100,000 drafts, matching every headline costs tens of milliseconds: the candidates
/// (ids and headlines, newest first) are taken once, then patched per edit from the drafts
/// it touched ([`DraftsCache::touched`]; a change we are not told of draft by draft takes
/// them all again), and a query that extends the last one (`ran` -> `rans`) only
/// re-matches the last query's hits (a headline that holds `rans` in order holds `ran`).
/// A long ranking is handed to a worker thread: the list keeps showing the last result
/// until the new one comes back as an [`Event::DraftsRanked`] (see
/// [`ranker`](super::ranker)). Positions to highlight are computed for the rows on screen
/// only.
#[derive(Debug)]
pub struct DraftsCache {
    /// The desk the candidates were taken from: (revision, item count, newest id), the
    /// state view and the filter's `feed:` words they were filtered by.
    desk: Option<Candidates>,
    /// Every item, newest first, and its headline (prepared for matching).
    ids: Vec<ItemId>,
    heads: Arc<Haystacks>,
    /// The trimmed query `hits` answers (what the list shows); `None` before the first filter.
    query: Option<String>,
    /// Indices into `ids`, best first. Unused (every item in order) for an empty query.
    hits: Arc<[u32]>,
    /// The hits' scores when the worker gave them (else empty): the next, longer query's
    /// first screen starts from them.
    scores: Arc<[u32]>,
    /// The first screen of the ranking on the worker (its query, its rows): shown instead
    /// of `hits` until the whole ranking comes. Never narrowed from (it is not every hit).
    screen: Option<(String, Arc<[u32]>)>,
    /// The hits were carried through an edit (the drafts it removed dropped, the others
    /// moved to their new rows) and are shown until the query is answered again.
    stale: bool,
    /// The request on the worker, not answered yet: its generation and query.
    wanted: Option<(u64, String)>,
    /// The word search on the worker is of the first this many texts only, for its first
    /// screen (issue #19); true once the worker searched them all without finding one.
    part: Option<(usize, bool)>,
    /// Numbers requests; a result is kept only if it answers the newest.
    generation: u64,
    /// The worker, started with the first long ranking; `Err` if it could not start
    /// (then every ranking is done at once, as on a small desk).
    pub(crate) ranker: Option<Result<Ranker, ()>>,
    pub(crate) off_loop_from: usize,
    /// The query is a word search over headlines and bodies (`Ctrl-f`), not the fuzzy
    /// filter: the hits are the drafts holding every word, in list order.
    words: bool,
    /// The word search's texts of `ids[..texts.len()]`, taken a slice per turn of the
    /// event loop from the first `Ctrl-f` on (copying 100,000 at once held the key loop
    /// half a second), then patched per edit like the headlines. `None`: no word search
    /// since the candidates were taken.
    texts: Option<Vec<Arc<str>>>,
    /// Every text taken, as the worker reads them (made once they are all in).
    shared: Option<Arc<Texts>>,
    /// A word search waits for its texts: the list shows the last result meanwhile.
    waiting: bool,
    /// Folds for a search done at once (the worker keeps its own).
    folds: Folds,
    /// The drafts edits touched since the candidates were taken at revision `.0`, the desk
    /// being at revision `.1` after them.
    told: Option<(u64, u64, Vec<ItemId>)>,
    /// How many times every candidate was taken again (the tests tell a patch by it).
    pub(crate) rebuilds: u64,
    /// How many times candidates built off the key loop were taken (`adopt`).
    pub(crate) adopted: u64,
    /// Reads the bodies left in their chunk files for the word search (issue #19).
    pub(crate) reader: Option<crate::search::ChunkReader>,
}

impl Default for DraftsCache {
    fn default() -> Self {
        DraftsCache {
            desk: None,
            ids: Vec::new(),
            heads: Arc::default(),
            query: None,
            hits: Arc::from(Vec::new()),
            scores: Arc::from(Vec::new()),
            screen: None,
            stale: false,
            wanted: None,
            part: None,
            generation: 0,
            ranker: None,
            off_loop_from: OFF_LOOP_FROM,
            words: false,
            texts: None,
            shared: None,
            waiting: false,
            folds: Folds::default(),
            told: None,
            rebuilds: 0,
            adopted: 0,
            reader: None,
        }
    }
}

impl DraftsCache {
    /// Bring the list up to date with the desk and the query (or ask the worker to).
    pub fn refresh(&mut self, desk: &Desk, rev: u64, query: &str, matcher: &Matcher) {
        self.refresh_in(desk, rev, StateView::default(), query, matcher);
    }

    /// As [`refresh`](Self::refresh), the candidates being the drafts `view` shows (the
    /// filter then ranks only those).
    pub fn refresh_in(
        &mut self,
        desk: &Desk,
        rev: u64,
        view: StateView,
        query: &str,
        matcher: &Matcher,
    ) {
        self.refresh_as(desk, rev, view, query, false, matcher);
    }

    /// As [`refresh_in`](Self::refresh_in); `words`: the query is a word search over
    /// headlines and bodies (every word, any order), its hits in list order.
    pub fn refresh_as(
        &mut self,
        desk: &Desk,
        rev: u64,
        view: StateView,
        query: &str,
        words: bool,
        matcher: &Matcher,
    ) {
        // The fuzzy filter's `feed:` words pick the candidates; the rest ranks them
        // (issue #18). The word search takes its query whole.
        let feed = match words {
            true => FeedQuery::parse(""),
            false => FeedQuery::parse(query),
        };
        let query = if words { query } else { feed.text.as_str() };
        let key = (
            rev,
            desk.items.len(),
            desk.items.keys().next_back().copied(),
            view,
            feed.feeds.clone(),
        );
        if self.desk.as_ref() != Some(&key) {
            self.take_candidates(desk, key, &feed);
        }
        if self.words != words {
            // Another kind of query: the last hits answer nothing now.
            self.words = words;
            self.query = None;
            self.hits = Arc::from(Vec::new());
            self.scores = Arc::from(Vec::new());
            self.stale = false;
            self.forget_wanted();
        }
        self.waiting = false;
        if words {
            self.take_texts(desk);
        }
        let q = query.trim();
        if q.is_empty() {
            self.query = Some(String::new());
            self.hits = Arc::from(Vec::new());
            self.scores = Arc::from(Vec::new());
            self.stale = false;
            self.forget_wanted();
            return;
        }
        if self.query.as_deref() == Some(q) && !self.stale {
            self.forget_wanted();
            return;
        }
        if self.wanted.as_ref().is_some_and(|(_, w)| w == q) {
            match self.part {
                None => return,
                // Of the texts taken so far: a longer part, or wait.
                Some(part) if self.shared.is_none() => {
                    self.waiting = true;
                    if !self.longer_part(part) {
                        return;
                    }
                }
                // Every text in: the whole search (below), its first screen still shown.
                Some(_) => {}
            }
        }
        if words && self.shared.is_none() {
            // Texts still being taken: a first screen from those taken so far, if any.
            self.waiting = true;
            if !self.search_part(q) {
                self.forget_wanted();
            }
            return;
        }
        // Narrow: only the last hits can match a longer query.
        let within = match self.query.as_deref() {
            Some(last) if !self.stale && !last.is_empty() && searching::narrows(words, q, last) => {
                Some(Arc::clone(&self.hits))
            }
            _ => None,
        };
        let n = within.as_ref().map_or(self.heads.len(), |w| w.len());
        // A word search folds every draft first (once per changed draft, then kept): on a
        // desk of more than a few thousand drafts that is the worker's work, however few
        // the last hits were.
        let off_loop = if words {
            self.heads.len() >= self.off_loop_from.min(WORDS_OFF_LOOP_FROM)
        } else {
            n >= self.off_loop_from
        };
        if off_loop && self.ranker().is_some() {
            self.generation += 1;
            let what = match &self.shared {
                Some(texts) if words => What::Search(Arc::clone(texts)),
                _ => What::Rank(Arc::clone(&self.heads)),
            };
            let job = Job {
                generation: self.generation,
                query: q.to_string(),
                what,
                prior: within
                    .as_ref()
                    .filter(|w| !words && w.len() == self.scores.len())
                    .and(self.query.clone())
                    .map(|last| (last, Arc::clone(&self.scores))),
                within,
                screen: FIRST_SCREEN,
            };
            if let Some(Ok(r)) = &self.ranker {
                r.request(job);
            }
            self.wanted = Some((self.generation, q.to_string()));
            self.part = None;
            return;
        }
        self.hits = match (&self.shared, Search::parse(q)) {
            (Some(texts), Some(search)) if words => {
                self.folds
                    .search(texts, &search, within.as_deref(), &|| false)
            }
            // A word search with no word in it (`"`, `,`) finds nothing.
            _ if words => Some(Vec::new()),
            _ => matcher.rank_prepared(&self.heads, within.as_deref(), q, &|| false),
        }
        .unwrap_or_default()
        .into();
        // Ranked at once, without scores: a longer query's first screen starts over.
        self.scores = Arc::from(Vec::new());
        self.query = Some(q.to_string());
        self.stale = false;
        self.forget_wanted();
    }

    /// The candidates of the desk as `key` says it is: patched from the drafts edits
    /// touched since they were taken, or (a change we were not told of) all taken again.
    fn take_candidates(&mut self, desk: &Desk, key: Candidates, feed: &FeedQuery) {
        let told = self.told.take();
        // A `feed:` filter takes the list whole: the patch knows the state views only.
        let patch = match (&self.desk, told) {
            (Some((was, .., view, feeds)), Some((from, to, items)))
                if *was == from
                    && to == key.0
                    && *view == key.3
                    && feeds.is_empty()
                    && key.4.is_empty() =>
            {
                Some(items)
            }
            _ => None,
        };
        let view = key.3;
        self.desk = Some(key);
        match patch {
            // Only issues changed: the list is the same, and so is any answer on its way.
            Some(items) if items.is_empty() => {}
            Some(mut items) => {
                self.patch(desk, view, &mut items);
                self.shared = None;
                self.stale = self.query.as_deref().is_some_and(|q| !q.is_empty());
                self.forget_wanted();
            }
            None => {
                let shown = || {
                    desk.items_newest_first()
                        .filter(|i| view.shows(i.state) && feed.keeps(i))
                };
                self.ids = shown().map(|i| i.id).collect();
                self.heads = Arc::new(Haystacks::new(shown().map(|i| i.headline.as_str())));
                // Taken again (a slice per turn) if the word search wanted them.
                if self.texts.is_some() {
                    self.texts = Some(Vec::new());
                }
                self.shared = None;
                self.query = None;
                self.hits = Arc::from(Vec::new());
                self.scores = Arc::from(Vec::new());
                self.stale = false;
                self.forget_wanted();
                self.rebuilds += 1;
            }
        }
    }

    /// The desk went from revision `from` to `to` by changing only these drafts (a
    /// command, an undo or a redo): the candidates of the others stay true.
    pub fn touched(&mut self, from: u64, to: u64, items: impl IntoIterator<Item = ItemId>) {
        match &mut self.told {
            Some((_, at, told)) if *at == from => {
                told.extend(items);
                *at = to;
            }
            _ => match &self.desk {
                Some((rev, ..)) if *rev == from => {
                    self.told = Some((from, to, items.into_iter().collect()));
                }
                // Changed since, untold: the next refresh takes every candidate.
                _ => self.told = None,
            },
        }
    }

    /// The worker, started on first use.
    fn ranker(&mut self) -> Option<&Ranker> {
        self.ranker
            .get_or_insert_with(|| Ranker::start().map_err(|_| ()))
            .as_ref()
            .ok()
    }

    /// The request on the worker is not wanted any more: its result will be dropped (and
    /// its first screen no longer shown).
    fn forget_wanted(&mut self) {
        self.screen = None;
        self.part = None;
        if self.wanted.take().is_some() {
            self.generation += 1;
            if let Some(Ok(r)) = &self.ranker {
                r.cancel(self.generation);
            }
        }
    }

    /// A ranking from the worker: kept when it answers the newest request (true), dropped
    /// when the query or the desk moved on since.
    pub fn accept(&mut self, ranked: Ranked) -> bool {
        if self
            .wanted
            .as_ref()
            .is_none_or(|(g, _)| *g != ranked.generation)
        {
            return false;
        }
        if !ranked.whole && ranked.hits.is_empty() {
            // A part of the texts searched without a first screen: a longer part next.
            if let Some((_, searched)) = &mut self.part {
                *searched = true;
            }
            return false;
        }
        if !ranked.whole {
            // The whole ranking is still to come: the request stays wanted.
            self.screen = Some((ranked.query, ranked.hits.into()));
            return true;
        }
        self.wanted = None;
        self.part = None;
        self.screen = None;
        self.stale = false;
        self.query = Some(ranked.query);
        self.hits = ranked.hits.into();
        self.scores = ranked.scores.into();
        true
    }

    /// The rows answer the newest query: the worker's first screen of it, or its whole
    /// ranking.
    pub fn shows_newest(&self) -> bool {
        match &self.wanted {
            Some((_, q)) => self.screen.as_ref().is_some_and(|(s, _)| s == q),
            None => !self.waiting,
        }
    }

    /// The query the rows answer is a word search.
    pub fn words(&self) -> bool {
        self.words
    }

    /// A ranking is on the worker, or a word search waits for its texts: the list shows
    /// the last one meanwhile.
    pub fn ranking(&self) -> bool {
        self.wanted.is_some() || self.waiting
    }

    /// The word search's texts are still being taken: the event loop gives the list a
    /// turn ([`Event::TakeTexts`]) without waiting for a key.
    pub fn taking_texts(&self) -> bool {
        self.words
            && self
                .texts
                .as_ref()
                .is_some_and(|t| t.len() < self.ids.len())
    }

    fn filtered(&self) -> bool {
        self.shown_query().is_some_and(|q| !q.is_empty())
    }

    /// The query the rows answer: the first screen's, or the last whole ranking's.
    fn shown_query(&self) -> Option<&str> {
        match &self.screen {
            Some((q, _)) => Some(q),
            None => self.query.as_deref(),
        }
    }

    /// The rows shown when filtered: the first screen, or the whole ranking.
    fn shown_hits(&self) -> &[u32] {
        match &self.screen {
            Some((_, rows)) => rows,
            None => &self.hits,
        }
    }

    /// How many rows the list has.
    pub fn len(&self) -> usize {
        if self.filtered() {
            self.shown_hits().len()
        } else {
            self.ids.len()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Index into the candidates of row `row`.
    fn candidate(&self, row: usize) -> Option<usize> {
        if self.filtered() {
            self.shown_hits().get(row).map(|&i| i as usize)
        } else {
            (row < self.ids.len()).then_some(row)
        }
    }

    /// The item on row `row`.
    pub fn id(&self, row: usize) -> Option<ItemId> {
        self.candidate(row).and_then(|i| self.ids.get(i).copied())
    }
}

/// How many rows the list shows now.
pub fn count(list: &DraftsCache) -> usize {
    list.len()
}

/// The item on row `row`.
pub fn row_id(list: &DraftsCache, row: usize) -> Option<ItemId> {
    list.id(row)
}

/// Rankings the worker finished, as events for `update`.
pub fn finished(list: &DraftsCache) -> Vec<Event> {
    match &list.ranker {
        Some(Ok(r)) => r.finished().into_iter().map(Event::DraftsRanked).collect(),
        _ => Vec::new(),
    }
}

/// What the event loop waits on besides the terminal: readable when a ranking is done.
pub fn wake_fd(list: &DraftsCache) -> Option<BorrowedFd<'_>> {
    match &list.ranker {
        Some(Ok(r)) => Some(r.wake_fd()),
        _ => None,
    }
}

/// Rows `off .. off + n`, with the positions to highlight.
pub fn visible(c: &DraftsCache, matcher: &Matcher, off: usize, n: usize) -> Vec<Row> {
    {
        // Highlight what the rows answer: the query of the last ranking, while a newer
        // one is on the worker.
        let q = c.shown_query().unwrap_or("");
        (off..off.saturating_add(n).min(c.len()))
            .filter_map(|row| {
                let i = c.candidate(row)?;
                let head = c.heads.get(i).unwrap_or_default();
                let positions = if q.is_empty() {
                    Vec::new()
                } else if c.words {
                    searching::word_positions(head, q)
                } else {
                    matcher.hit(head, q).map(|(_, p)| p).unwrap_or_default()
                };
                Some(Row {
                    id: c.ids[i],
                    positions,
                })
            })
            .collect()
    }
}

/// Every row the list shows now: every item newest first, or the filter's hits best first.
pub fn rows(list: &DraftsCache, matcher: &Matcher) -> Vec<Row> {
    visible(list, matcher, 0, usize::MAX)
}

/// When a draft was written, as its source gave it (else its date).
pub fn stamp(item: &Item) -> String {
    if let Some(s) = &item.stamp {
        return s.written.clone();
    }
    item.date.map(|d| d.to_string()).unwrap_or_default()
}

/// The stamp as a Drafts row shows it, short so the headline gets the width: the time the
/// page wrote, on a 24-hour clock (`UPDATE: 10:30 PM CEST` is `22:30`), or the date
/// without its year (`Oct 19`); a stamp with no time in it as written (the row cuts it).
pub fn short_stamp(item: &Item) -> String {
    if let Some(s) = &item.stamp {
        return clock_in(&s.written).unwrap_or_else(|| s.written.clone());
    }
    item.date
        .map(|d| d.format("%b %-d").to_string())
        .unwrap_or_default()
}

/// The first `H:MM` in `text` on a 24-hour clock, an `AM` / `PM` after it read.
fn clock_in(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for (i, _) in text.match_indices(':') {
        let digits = |r: std::ops::Range<usize>| {
            b.get(r.clone())
                .filter(|d| d.iter().all(u8::is_ascii_digit))
                .and_then(|_| text.get(r)?.parse::<u32>().ok())
        };
        let Some(min) = digits(i + 1..i + 3) else {
            continue;
        };
        let two = i >= 2 && digits(i - 2..i).is_some() && (i < 3 || !b[i - 3].is_ascii_digit());
        let start = if two { i - 2 } else { i.saturating_sub(1) };
        let Some(mut hour) = digits(start..i) else {
            continue;
        };
        let after = text[i + 3..].trim_start().to_ascii_lowercase();
        let pm = after.starts_with("pm") || after.starts_with("p.m.");
        let am = after.starts_with("am") || after.starts_with("a.m.");
        if (am || pm) && (1..=12).contains(&hour) {
            hour = hour % 12 + if pm { 12 } else { 0 };
        }
        if hour < 24 && min < 60 {
            return Some(format!("{hour:02}:{min:02}"));
        }
    }
    None
}

mod patch;
mod prepared;
mod searching;
pub use prepared::Prepared;
#[cfg(test)]
mod tests;
