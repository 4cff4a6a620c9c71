//! The Drafts list: the pool, newest first, or the filter's hits best first; ranked at
//! once or on the worker. The pane that draws it is `panes::drafts`.

use std::os::fd::BorrowedFd;
use std::sync::Arc;

use super::events::Event;
use super::ranker::{Job, Ranked, Ranker, What};
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

/// The Drafts list, computed once per desk revision and query, not once per frame.
///
/// At 100,000 drafts, matching every headline costs tens of milliseconds: the candidates
/// (ids and headlines, newest first) are copied once per desk revision, and a query that
/// extends the last one (`ran` -> `rans`) only re-matches the last query's hits (a
/// headline that holds `rans` in order holds `ran`). A long ranking is handed to a worker
/// thread: the list keeps showing the last result until the new one comes back as an
/// [`Event::DraftsRanked`] (see [`ranker`](super::ranker)). Positions to highlight are
/// computed for the rows on screen only.
#[derive(Debug)]
pub struct DraftsCache {
    /// The desk the candidates were taken from: (revision, item count, newest id), and
    /// the state view they were filtered by.
    desk: Option<(u64, usize, Option<ItemId>, StateView)>,
    /// Every item, newest first, and its headline (prepared for matching).
    ids: Vec<ItemId>,
    heads: Arc<Haystacks>,
    /// The trimmed query `hits` answers (what the list shows); `None` before the first filter.
    query: Option<String>,
    /// Indices into `ids`, best first. Unused (every item in order) for an empty query.
    hits: Arc<[u32]>,
    /// The request on the worker, not answered yet: its generation and query.
    wanted: Option<(u64, String)>,
    /// Numbers requests; a result is kept only if it answers the newest.
    generation: u64,
    /// The worker, started with the first long ranking; `Err` if it could not start
    /// (then every ranking is done at once, as on a small desk).
    pub(crate) ranker: Option<Result<Ranker, ()>>,
    pub(crate) off_loop_from: usize,
    /// The query is a word search over headlines and bodies (`Ctrl-f`), not the fuzzy
    /// filter: the hits are the drafts holding every word, in list order.
    words: bool,
    /// The drafts' texts for the word search, copied once per desk revision (word search
    /// only), and their folds for a search done at once (the worker keeps its own).
    texts: Option<Arc<Texts>>,
    folds: Folds,
}

impl Default for DraftsCache {
    fn default() -> Self {
        DraftsCache {
            desk: None,
            ids: Vec::new(),
            heads: Arc::default(),
            query: None,
            hits: Arc::from(Vec::new()),
            wanted: None,
            generation: 0,
            ranker: None,
            off_loop_from: OFF_LOOP_FROM,
            words: false,
            texts: None,
            folds: Folds::default(),
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
        let key = (
            rev,
            desk.items.len(),
            desk.items.keys().next_back().copied(),
            view,
        );
        if self.desk != Some(key) {
            self.desk = Some(key);
            let shown = || desk.items_newest_first().filter(|i| view.shows(i.state));
            self.ids = shown().map(|i| i.id).collect();
            self.heads = Arc::new(Haystacks::new(shown().map(|i| i.headline.as_str())));
            self.texts = None;
            self.query = None;
            self.hits = Arc::from(Vec::new());
            self.forget_wanted();
        }
        if self.words != words {
            // Another kind of query: the last hits answer nothing now.
            self.words = words;
            self.query = None;
            self.hits = Arc::from(Vec::new());
            self.forget_wanted();
        }
        if !words {
            self.texts = None;
        } else if self.texts.is_none() {
            let shown = desk.items_newest_first().filter(|i| view.shows(i.state));
            self.texts = Some(Arc::new(Texts::new(shown)));
        }
        let q = query.trim();
        if q.is_empty() {
            self.query = Some(String::new());
            self.hits = Arc::from(Vec::new());
            self.forget_wanted();
            return;
        }
        if self.query.as_deref() == Some(q) {
            self.forget_wanted();
            return;
        }
        if self.wanted.as_ref().is_some_and(|(_, w)| w == q) {
            return;
        }
        // Narrow: only the last hits can match a longer query.
        let within = match self.query.as_deref() {
            Some(last) if !last.is_empty() && narrows(words, q, last) => {
                Some(Arc::clone(&self.hits))
            }
            _ => None,
        };
        let n = within.as_ref().map_or(self.heads.len(), |w| w.len());
        if n >= self.off_loop_from && self.ranker().is_some() {
            self.generation += 1;
            let what = match &self.texts {
                Some(texts) if words => What::Search(Arc::clone(texts)),
                _ => What::Rank(Arc::clone(&self.heads)),
            };
            let job = Job {
                generation: self.generation,
                query: q.to_string(),
                what,
                within,
            };
            if let Some(Ok(r)) = &self.ranker {
                r.request(job);
            }
            self.wanted = Some((self.generation, q.to_string()));
            return;
        }
        self.hits = match (&self.texts, Search::parse(q)) {
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
        self.query = Some(q.to_string());
        self.forget_wanted();
    }

    /// The worker, started on first use.
    fn ranker(&mut self) -> Option<&Ranker> {
        self.ranker
            .get_or_insert_with(|| Ranker::start().map_err(|_| ()))
            .as_ref()
            .ok()
    }

    /// The request on the worker is not wanted any more: its result will be dropped.
    fn forget_wanted(&mut self) {
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
        self.wanted = None;
        self.query = Some(ranked.query);
        self.hits = ranked.hits.into();
        true
    }

    /// The query the rows answer is a word search.
    pub fn words(&self) -> bool {
        self.words
    }

    /// A ranking is on the worker: the list shows the last one meanwhile.
    pub fn ranking(&self) -> bool {
        self.wanted.is_some()
    }

    fn filtered(&self) -> bool {
        self.query.as_deref().is_some_and(|q| !q.is_empty())
    }

    /// How many rows the list has.
    pub fn len(&self) -> usize {
        if self.filtered() {
            self.hits.len()
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
            self.hits.get(row).map(|&i| i as usize)
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
        let q = c.query.as_deref().unwrap_or("");
        (off..off.saturating_add(n).min(c.len()))
            .filter_map(|row| {
                let i = c.candidate(row)?;
                let head = c.heads.get(i).unwrap_or_default();
                let positions = if q.is_empty() {
                    Vec::new()
                } else if c.words {
                    word_positions(head, q)
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

/// Does the query `q` only find what `last` found, so that only `last`'s hits need a look?
fn narrows(words: bool, q: &str, last: &str) -> bool {
    if words {
        matches!((Search::parse(q), Search::parse(last)), (Some(n), Some(o)) if n.narrows(&o))
    } else {
        q.starts_with(last)
    }
}

/// The char positions of `headline` a word search for `q` matches, to highlight.
fn word_positions(headline: &str, q: &str) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Item, Stamp};
    use crate::tui::app::{App, update};
    use std::time::Duration;

    fn stamped(written: &str) -> Item {
        let mut it = Item::new(ItemId(1), "h", Vec::new());
        it.stamp = Some(Stamp {
            written: written.into(),
            utc: None,
        });
        it
    }

    #[test]
    fn a_short_stamp_is_the_time_on_a_24_hour_clock() {
        for (written, short) in [
            ("UPDATE: 10:30 PM CEST", "22:30"),
            ("10:30 PM CEST", "22:30"),
            ("9:05 am EDT", "09:05"),
            ("12:10 a.m.", "00:10"),
            ("12:45 PM", "12:45"),
            ("09:15 CST", "09:15"),
            ("23:59", "23:59"),
            ("Oct 19, 2024 at 7:00 p.m. GMT", "19:00"),
            ("UPDATE", "UPDATE"),
            ("99:99 then 8:15", "08:15"),
        ] {
            assert_eq!(short_stamp(&stamped(written)), short, "{written}");
        }
        let mut dated = Item::new(ItemId(2), "h", Vec::new());
        dated.date = chrono::NaiveDate::from_ymd_opt(2024, 10, 9);
        assert_eq!(short_stamp(&dated), "Oct 9");
        assert_eq!(short_stamp(&Item::new(ItemId(3), "h", Vec::new())), "");
    }

    fn desk() -> Desk {
        let mut desk = Desk::new();
        for id in 1..=300u64 {
            let head = crate::filter::test_headline(id as usize);
            desk.items
                .insert(ItemId(id), Item::new(ItemId(id), head, Vec::new()));
        }
        desk
    }

    /// Every ranking on the worker, as on a 100k desk.
    fn off_loop() -> DraftsCache {
        DraftsCache {
            off_loop_from: 0,
            ..DraftsCache::default()
        }
    }

    fn ids(c: &DraftsCache) -> Vec<ItemId> {
        (0..c.len()).filter_map(|r| c.id(r)).collect()
    }

    /// The list as a ranking done at once gives it.
    fn at_once(desk: &Desk, query: &str) -> Vec<ItemId> {
        let mut c = DraftsCache::default();
        c.refresh(desk, 0, query, &Matcher::default());
        assert!(!c.ranking());
        ids(&c)
    }

    /// Wait for the worker's next result (a deadlock guard, not a timing).
    fn next_result(c: &DraftsCache) -> Vec<Ranked> {
        let Some(Ok(r)) = &c.ranker else {
            panic!("no worker")
        };
        loop {
            let got = r.finished();
            if !got.is_empty() {
                return got;
            }
            assert!(
                super::super::ranker::wait_readable(r.wake_fd(), Duration::from_secs(30)),
                "the worker never answered"
            );
        }
    }

    #[test]
    fn the_last_result_shows_until_the_worker_answers() {
        let desk = desk();
        let m = Matcher::default();
        let mut c = off_loop();
        c.refresh(&desk, 0, "", &m);
        assert_eq!(c.len(), 300);
        c.refresh(&desk, 0, "ransm", &m);
        assert!(c.ranking());
        // Still every draft, newest first, until the ranking comes back.
        assert_eq!(c.len(), 300);
        assert_eq!(c.id(0), Some(ItemId(300)));
        let mut kept = 0;
        while c.ranking() {
            for r in next_result(&c) {
                kept += usize::from(c.accept(r));
            }
        }
        assert_eq!(kept, 1);
        assert_eq!(ids(&c), at_once(&desk, "ransm"));
    }

    #[test]
    fn a_stale_result_is_dropped() {
        let desk = desk();
        let m = Matcher::default();
        let mut c = off_loop();
        c.refresh(&desk, 0, "ra", &m);
        let first = c.generation;
        c.refresh(&desk, 0, "rans", &m);
        assert!(c.generation > first);
        // An answer to "ra", arriving after "rans" was asked, changes nothing.
        let stale = Ranked {
            generation: first,
            query: "ra".into(),
            hits: vec![0],
        };
        assert!(!c.accept(stale));
        assert!(c.ranking());
        assert_eq!(c.len(), 300);
        while c.ranking() {
            for r in next_result(&c) {
                if c.accept(r.clone()) {
                    assert_eq!(r.query, "rans");
                }
            }
        }
        assert_eq!(ids(&c), at_once(&desk, "rans"));
        // Narrowed on the worker from the last hits: the same list as from scratch.
        c.refresh(&desk, 0, "ransm", &m);
        while c.ranking() {
            for r in next_result(&c) {
                c.accept(r);
            }
        }
        assert_eq!(ids(&c), at_once(&desk, "ransm"));
    }

    #[test]
    fn going_back_to_the_shown_query_or_changing_the_desk_drops_the_request() {
        let mut desk = desk();
        let m = Matcher::default();
        let mut c = off_loop();
        c.refresh(&desk, 0, "ra", &m);
        while c.ranking() {
            for r in next_result(&c) {
                c.accept(r);
            }
        }
        c.refresh(&desk, 0, "ran", &m);
        let asked = c.generation;
        c.refresh(&desk, 0, "ra", &m); // Backspace: "ra" is on screen already
        assert!(!c.ranking());
        let late = Ranked {
            generation: asked,
            query: "ran".into(),
            hits: vec![0],
        };
        assert!(!c.accept(late));
        assert_eq!(ids(&c), at_once(&desk, "ra"));
        // A new draft while a ranking is out: the answer is for the old desk.
        c.refresh(&desk, 0, "ran", &m);
        let asked = c.generation;
        desk.items.insert(
            ItemId(301),
            Item::new(ItemId(301), "Ransom Note Found", Vec::new()),
        );
        c.refresh(&desk, 1, "ran", &m);
        assert!(c.generation > asked);
        let old = Ranked {
            generation: asked,
            query: "ran".into(),
            hits: vec![0],
        };
        assert!(!c.accept(old));
        while c.ranking() {
            for r in next_result(&c) {
                c.accept(r);
            }
        }
        assert_eq!(ids(&c), at_once(&desk, "ran"));
        assert_eq!(c.id(0), Some(ItemId(301)));
    }

    #[test]
    fn the_app_applies_the_answer_as_an_action() {
        let mut app = App::new(desk(), None, super::super::app::Config::default());
        app.drafts_cache.off_loop_from = 0;
        app.drafts.filter.editing = true;
        app.drafts.filter.query = "iran".into();
        app.refresh_drafts();
        assert!(app.drafts_cache.ranking());
        assert!(wake_fd(&app.drafts_cache).is_some());
        assert!(app.settle_drafts(Duration::from_secs(30)));
        let want = at_once(&app.desk, "iran");
        assert_eq!(count(&app.drafts_cache), want.len());
        assert_eq!(row_id(&app.drafts_cache, 0), want.first().copied());
        // A stale answer through update changes nothing.
        let before = count(&app.drafts_cache);
        update(
            &mut app,
            Event::DraftsRanked(Ranked {
                generation: 0,
                query: "x".into(),
                hits: Vec::new(),
            }),
        );
        assert_eq!(count(&app.drafts_cache), before);
    }

    #[test]
    fn drawing_reads_the_list_and_starts_no_ranking() {
        let mut app = App::new(desk(), None, super::super::app::Config::default());
        app.drafts_cache.off_loop_from = 0;
        app.drafts.filter.editing = true;
        app.drafts.filter.query = "iran".into();
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40))
            .expect("test terminal");
        term.draw(|f| super::super::app::draw(&app, f))
            .expect("draw");
        // The query changed outside `update`: the frame shows the list as it was, and no
        // ranking was asked of the worker from inside `draw`.
        assert!(!app.drafts_cache.ranking());
        assert!(wake_fd(&app.drafts_cache).is_none());
        assert_eq!(count(&app.drafts_cache), app.desk.items.len());
    }
}
