//! The word search over a whole desk: the drafts' texts in list order ([`Texts`], each
//! shared, so a new desk revision copies only the drafts that changed), and folded once
//! per draft text ([`Folds`]: a draft is folded again only when its text changed), so a
//! keystroke only scans folded text.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Search, fold};
use crate::filter::Haystacks;
use crate::model::{Item, ItemId};
use crate::store::{Missing, Probes, WordIndex};

/// The headline and body of every draft of a list, in its order: taken on the key loop
/// (shared texts, no folding), folded later where there is time (the worker).
#[derive(Default)]
pub struct Texts {
    ids: Vec<ItemId>,
    texts: Vec<Arc<str>>,
    /// The list's headlines, row for row with `ids`: an entry of `texts` that is the
    /// shared [`on_disk_mark`] stands for its row's headline here and its body on disk
    /// (issue #19: the key loop copies no headline of a draft whose body is on disk).
    heads: Option<Arc<Haystacks>>,
    /// Where the bodies left in their chunk files are read (issue #19).
    reader: Option<ChunkReader>,
    /// Only the list's first drafts (their texts taken so far): a search of them answers
    /// its first rows early, never the whole (issue #19).
    part: bool,
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Texts")
            .field("ids", &self.ids.len())
            .field("reader", &self.reader.is_some())
            .field("part", &self.part)
            .finish()
    }
}

/// Reads the bodies of chunk file `k` (issue #19: bodies read when shown), each with its
/// draft; `None` when it does not read (the drafts' headlines are searched alone;
/// Preview says why).
#[derive(Clone)]
pub struct ChunkReader {
    read: Arc<ReadChunk>,
    /// The desk whose word index may rule chunks out (issue #19); none: every chunk read.
    words: Option<Arc<std::path::Path>>,
}

type ReadChunk = dyn Fn(u64) -> Option<Vec<(ItemId, Vec<String>)>> + Send + Sync;

impl ChunkReader {
    pub fn new(
        read: impl Fn(u64) -> Option<Vec<(ItemId, Vec<String>)>> + Send + Sync + 'static,
    ) -> Self {
        ChunkReader {
            read: Arc::new(read),
            words: None,
        }
    }

    /// The same reader, and the word index of the desk in `dir` asked before a chunk is
    /// read (`store::WordIndex`: it only ever lets a chunk be skipped that holds no hit).
    pub fn with_word_index(mut self, dir: &std::path::Path) -> Self {
        self.words = Some(Arc::from(dir));
        self
    }
}

impl std::fmt::Debug for ChunkReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChunkReader")
    }
}

/// Ends the text of a draft whose body is in its chunk file: the folding reads it there.
/// A NUL never comes in (the sanitizer drops it), so a real text does not end so.
const ON_DISK: &str = "\n\0";

/// The text the key loop hands over for a draft whose body is on disk, when the list's
/// headlines go with the texts ([`Texts::with_heads`]): one shared allocation, the worker
/// reads the headline from the headlines (at a million drafts, a copy of each headline on
/// the key loop after `Ctrl-f` was most of the wait for a rare word).
pub fn on_disk_mark() -> Arc<str> {
    Arc::clone(mark())
}

fn mark() -> &'static Arc<str> {
    static MARK: std::sync::OnceLock<Arc<str>> = std::sync::OnceLock::new();
    MARK.get_or_init(|| Arc::from(ON_DISK))
}

/// A draft's text as [`Texts`] holds it: taken whole, or its headline among the list's
/// headlines and its body on disk (the text is then the headline and [`ON_DISK`]).
#[derive(Clone, Copy)]
enum Text<'a> {
    Taken(&'a Arc<str>),
    Headline(&'a str),
}

impl<'a> Text<'a> {
    /// The headline, when the body is on disk.
    fn on_disk(self) -> Option<&'a str> {
        match self {
            Text::Taken(t) => t.strip_suffix(ON_DISK),
            Text::Headline(h) => Some(h),
        }
    }

    /// Is this the text `was` (the one a fold was made of)?
    fn is(self, was: &Arc<str>) -> bool {
        match self {
            Text::Taken(t) => Arc::ptr_eq(was, t) || was == t,
            Text::Headline(h) => was.strip_suffix(ON_DISK) == Some(h),
        }
    }

    /// The text, as `text_of` gives it.
    fn to_arc(self) -> Arc<str> {
        match self {
            Text::Taken(t) => Arc::clone(t),
            Text::Headline(h) => Arc::from([h, ON_DISK].concat()),
        }
    }

    /// The text to fold when there is no reader: the headline alone for a body on disk.
    fn foldable(self) -> &'a str {
        match self {
            Text::Taken(t) => t.strip_suffix(ON_DISK).unwrap_or(t),
            Text::Headline(h) => h,
        }
    }
}

/// A draft's text as the search reads it: the headline, then each paragraph, one a line
/// (a body in its chunk file: the headline and a mark, the body read when folded).
pub fn text_of(it: &Item) -> Arc<str> {
    // One allocation a draft (the text is put together in a buffer kept per thread, then
    // copied once into its `Arc`): at a million drafts the key loop takes every text
    // after `Ctrl-f`, and a `String` then an `Arc` cost two allocations each (issue #19).
    thread_local! {
        static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUF.with_borrow_mut(|t| {
        t.clear();
        t.push_str(&it.headline);
        if it.body.is_on_disk() {
            t.push_str(ON_DISK);
        }
        for p in &it.body {
            t.push('\n');
            t.push_str(p);
        }
        let text = Arc::from(t.as_str());
        // A huge body once does not keep its buffer for ever.
        if t.capacity() > 1 << 16 {
            *t = String::new();
        }
        text
    })
}

/// Chunk files read and their drafts folded ahead of the fold loop, a batch at a time on
/// a few threads: at a million drafts the first fold reads every chunk file (~590 MB),
/// and one thread parsing and folding them in turn held the first `Ctrl-f` for seconds.
#[derive(Default)]
struct ReadAhead {
    folded: HashMap<ItemId, String>,
    /// The chunks read (or that did not read) in this batch.
    read: std::collections::HashSet<u64>,
    /// Batches read so far: the first ones are small, so the newest chunks' drafts (the
    /// first screen of a common word) are in before a whole batch is (issue #19).
    batches: u32,
}

/// Chunk files read per batch, and the threads that read and fold them.
const BATCH: usize = 64;
const READERS: usize = 2;

/// A chunk to read, and the drafts of it to fold (id, headline).
type Wanted<'a> = (u64, Vec<(ItemId, &'a str)>);

impl ReadAhead {
    /// The fold of the draft at `i` (its headline and its body from its chunk file); a
    /// chunk not read yet is read with the next ones the list needs from `i` on (drafts on
    /// disk and not folded yet: `folded` says which are).
    fn fold_at(
        &mut self,
        reader: &ChunkReader,
        texts: &Texts,
        i: usize,
        folded: &dyn Fn(usize, ItemId, Text) -> bool,
    ) -> String {
        let Some((id, text)) = texts.get(i) else {
            return String::new();
        };
        let chunk_of = |id: ItemId| id.0 / crate::store::ITEMS_PER_CHUNK;
        if !self.read.contains(&chunk_of(id)) {
            let mut wanted: Vec<Wanted> = Vec::new();
            for j in i..texts.len() {
                let Some((jid, t)) = texts.get(j) else {
                    continue;
                };
                let Some(headline) = t.on_disk() else {
                    continue;
                };
                if j > i && folded(j, jid, t) {
                    continue;
                }
                let k = chunk_of(jid);
                // Newest first, a chunk's drafts come together: the last one is the likely one.
                match wanted.iter().rposition(|(wk, _)| *wk == k) {
                    Some(x) => wanted[x].1.push((jid, headline)),
                    None if wanted.len() < self.batch() => wanted.push((k, vec![(jid, headline)])),
                    None => break,
                }
            }
            self.fetch(reader, &wanted);
        }
        match self.folded.remove(&id) {
            Some(f) => f,
            None => fold(text.foldable()),
        }
    }

    /// Chunks in the next batch: 4, then twice as many each time, up to [`BATCH`].
    fn batch(&self) -> usize {
        BATCH.min(4 << self.batches.min(8))
    }

    fn fetch(&mut self, reader: &ChunkReader, wanted: &[Wanted]) {
        self.batches = self.batches.saturating_add(1);
        self.folded.clear();
        self.read = wanted.iter().map(|(k, _)| *k).collect();
        let per = wanted.len().div_ceil(READERS).max(1);
        let runs: Vec<Vec<(ItemId, String)>> = std::thread::scope(|s| {
            let runs: Vec<_> = wanted
                .chunks(per)
                .map(|run| s.spawn(move || read_and_fold(reader, run)))
                .collect();
            // A reader that panicked gives nothing: its drafts' headlines are searched.
            runs.into_iter().filter_map(|r| r.join().ok()).collect()
        });
        self.folded.extend(runs.into_iter().flatten());
    }
}

/// Each chunk of `run` read, and its wanted drafts folded as `text_of` gives them with
/// their body in memory (a chunk that does not read: their headlines alone).
fn read_and_fold(reader: &ChunkReader, run: &[Wanted]) -> Vec<(ItemId, String)> {
    let mut out = Vec::new();
    for (k, drafts) in run {
        let mut bodies: HashMap<ItemId, Vec<String>> =
            (reader.read)(*k).unwrap_or_default().into_iter().collect();
        for (id, headline) in drafts {
            let mut t = headline.to_string();
            for p in bodies.remove(id).unwrap_or_default() {
                t.push('\n');
                t.push_str(&p);
            }
            out.push((*id, fold(&t)));
        }
    }
    out
}

impl Texts {
    /// Every text copied.
    pub fn new<'a>(items: impl IntoIterator<Item = &'a Item>) -> Texts {
        Texts::of(items.into_iter().map(|it| (it.id, text_of(it))))
    }

    /// Texts already taken (kept from an earlier revision for drafts that did not change).
    pub fn of(drafts: impl IntoIterator<Item = (ItemId, Arc<str>)>) -> Texts {
        let (ids, texts) = drafts.into_iter().unzip();
        Texts {
            ids,
            texts,
            heads: None,
            reader: None,
            part: false,
        }
    }

    /// The same texts, `heads` being the list's headlines row for row: each entry that is
    /// the [`on_disk_mark`] is its row's headline with its body on disk.
    pub fn with_heads(mut self, heads: Arc<Haystacks>) -> Texts {
        self.heads = Some(heads);
        self
    }

    /// The texts of the list's first drafts (taken so far, the rest to come): searched
    /// for the first rows only, and the other drafts' folds kept meanwhile.
    pub fn part(mut self) -> Texts {
        self.part = true;
        self
    }

    /// These are only the list's first drafts ([`part`](Self::part)).
    pub fn is_part(&self) -> bool {
        self.part
    }

    /// The same texts, bodies on disk read by `reader` when folded.
    pub fn with_reader(mut self, reader: Option<ChunkReader>) -> Texts {
        self.reader = reader;
        self
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The drafts, in list order.
    pub fn ids(&self) -> &[ItemId] {
        &self.ids
    }

    /// Each draft and its text as held, in list order: with headlines beside
    /// ([`with_heads`](Self::with_heads)), the mark stands for a headline there.
    pub fn drafts(&self) -> impl Iterator<Item = (ItemId, &Arc<str>)> {
        self.ids.iter().copied().zip(&self.texts)
    }

    /// Each draft and its text as `text_of` gives it, in list order (a copy of each
    /// headline a mark stands for).
    pub fn whole(&self) -> impl Iterator<Item = (ItemId, Arc<str>)> + '_ {
        (0..self.len()).filter_map(|i| self.get(i).map(|(id, t)| (id, t.to_arc())))
    }

    fn get(&self, i: usize) -> Option<(ItemId, Text<'_>)> {
        let id = *self.ids.get(i)?;
        let t = self.texts.get(i)?;
        match &self.heads {
            Some(heads) if Arc::ptr_eq(t, mark()) => Some((id, Text::Headline(heads.get(i)?))),
            _ => Some((id, Text::Taken(t))),
        }
    }
}

/// Folded texts kept from one desk revision to the next, by draft: a draft whose text is
/// the same (the same shared text, or equal to it) is not folded again.
#[derive(Debug, Default)]
pub struct Folds {
    /// By draft: the text folded, and its fold. Looked up for every draft of a search
    /// (a million at #19's desk): foldhash, seeded per process, not SipHash.
    by_id: foldhash::HashMap<ItemId, (Arc<str>, Arc<str>)>,
    /// The folded texts of the last [`Texts`] brought up to date, in its order, and
    /// whether every draft is folded (else the word index ruled some out for that search:
    /// an empty text in their place, and they are not in `by_id`).
    last: Option<(Arc<Texts>, Vec<Arc<str>>, bool)>,
    /// The word index, read while drafts are left unfolded (a search session); dropped
    /// once every draft is folded.
    words: Option<WordIndex>,
    /// Headlines the word index's rule folded (the tests count them).
    #[cfg(test)]
    headlines_folded: usize,
}

/// Drafts folded or searched between two looks at `stop`.
const STOP_EVERY: usize = 4096;

/// From this many drafts, the word index's rule-out is split between two threads (the
/// tests split their small desks, so the proptests check the split's answers).
const SPLIT_FROM: usize = if cfg!(test) { 64 } else { 1 << 15 };

impl Folds {
    /// Fold what `texts` holds that is not folded yet; `None` when told to stop (what was
    /// folded so far is kept for the next try).
    /// `seen` is shown each draft's fold as it is folded, in list order (none when
    /// `texts` was folded already).
    /// `probes` are the search's word starts: a draft on disk that the word index rules
    /// out for them is not read nor folded (an empty text stands for it).
    fn update(
        &mut self,
        texts: &Arc<Texts>,
        probes: &Probes,
        stop: &dyn Fn() -> bool,
        seen: &mut dyn FnMut(usize, &str),
    ) -> Option<()> {
        if self
            .last
            .as_ref()
            .is_some_and(|(t, _, whole)| *whole && Arc::ptr_eq(t, texts))
        {
            return Some(());
        }
        let ruled_out = self.ruled_out(texts, probes, stop)?;
        let nothing: Arc<str> = Arc::from("");
        let mut folded = Vec::with_capacity(texts.len());
        let mut ahead = ReadAhead::default();
        for i in 0..texts.len() {
            if i % STOP_EVERY == 0 && stop() {
                return None;
            }
            let Some((id, text)) = texts.get(i) else {
                continue;
            };
            // Ruled out (never a draft folded already): no hit, and not folded (another
            // search may need it).
            let out = ruled_out.get(i).is_some_and(|&r| r);
            let kept = if out { None } else { self.by_id.get(&id) };
            let f = match kept {
                Some((was, f)) if text.is(was) => Arc::clone(f),
                _ if out => Arc::clone(&nothing),
                _ => {
                    let f: Arc<str> = match (text.on_disk(), &texts.reader) {
                        (Some(_), Some(reader)) => {
                            let by_id = &self.by_id;
                            let ruled_out = &ruled_out;
                            let folded = |j: usize, id: ItemId, t: Text| {
                                ruled_out.get(j).is_some_and(|&r| r)
                                    || by_id.get(&id).is_some_and(|(was, _)| t.is(was))
                            };
                            Arc::from(ahead.fold_at(reader, texts, i, &folded))
                        }
                        _ => Arc::from(fold(text.foldable())),
                    };
                    self.by_id.insert(id, (text.to_arc(), Arc::clone(&f)));
                    f
                }
            };
            seen(i, &f);
            folded.push(f);
        }
        // Drafts no longer listed are dropped, so the map does not grow for ever (a part
        // of the list says nothing of the drafts after it).
        if !texts.part && self.by_id.len() > texts.len() {
            let listed: std::collections::HashSet<ItemId> = texts.ids.iter().copied().collect();
            self.by_id.retain(|id, _| listed.contains(id));
        }
        let whole = !ruled_out.contains(&true);
        if whole {
            self.words = None;
        }
        self.last = Some((Arc::clone(texts), folded, whole));
        Some(())
    }

    /// For each draft of `texts`, whether the word index rules it out for `probes`: on
    /// disk, not folded yet, a start missing from its chunk's bodies and from its headline
    /// (empty when there is no index or no probe); `None` when told to stop.
    fn ruled_out(
        &mut self,
        texts: &Texts,
        probes: &Probes,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<bool>> {
        let dir = texts.reader.as_ref().and_then(|r| r.words.as_ref());
        let Some(dir) = dir.filter(|_| !probes.is_empty()) else {
            return Some(Vec::new());
        };
        let index = self.words.get_or_insert_with(|| WordIndex::new(dir));
        // The chunks of the drafts on disk asked first, on this thread (the index files
        // read, the chunk files stat'ed); newest first, a chunk's drafts come together.
        let mut by_chunk: HashMap<u64, Missing> = HashMap::new();
        let mut last = None;
        for i in 0..texts.len() {
            if i % STOP_EVERY == 0 && stop() {
                return None;
            }
            let Some((id, text)) = texts.get(i) else {
                continue;
            };
            let k = id.0 / crate::store::ITEMS_PER_CHUNK;
            if last == Some(k) || text.on_disk().is_none() {
                continue;
            }
            last = Some(k);
            by_chunk
                .entry(k)
                .or_insert_with(|| index.missing(k, probes));
        }
        // Then each draft, the list split between two threads (issue #19: a million
        // drafts' headlines hashed on one core held a rare word's results).
        let by_id = &self.by_id;
        let by_chunk = &by_chunk;
        let look = |from: usize, out: &mut [bool]| -> usize {
            let mut folded = 0;
            let mut last: Option<(u64, &Missing)> = None;
            for (j, ruled) in out.iter_mut().enumerate() {
                let Some((id, text)) = texts.get(from + j) else {
                    continue;
                };
                let Some(headline) = text.on_disk() else {
                    continue;
                };
                if by_id.get(&id).is_some_and(|(was, _)| text.is(was)) {
                    continue;
                }
                let k = id.0 / crate::store::ITEMS_PER_CHUNK;
                let missing = match last {
                    Some((lk, m)) if lk == k => m,
                    _ => {
                        let Some(m) = by_chunk.get(&k) else {
                            continue;
                        };
                        last = Some((k, m));
                        m
                    }
                };
                if missing.is_empty() {
                    continue;
                }
                // The headline as its file has it: the filter holds its words (no fold).
                // Else (edited since) its own words are looked at.
                *ruled = missing.rules_out_as_filed(id, headline) || {
                    folded += 1;
                    missing.rules_out(&fold(headline))
                };
            }
            folded
        };
        let mut out = vec![false; texts.len()];
        let half = match texts.len() {
            n if n >= SPLIT_FROM => n / 2,
            n => n,
        };
        let (mine, other) = out.split_at_mut(half);
        let folded = std::thread::scope(|s| {
            let other = (!other.is_empty()).then(|| s.spawn(|| look(half, other)));
            let folded = look(0, mine);
            match other.map(|t| t.join()) {
                None => Some(folded),
                Some(Ok(more)) => Some(folded + more),
                // A panic there: no draft ruled out is always a right answer (each folded).
                Some(Err(_)) => None,
            }
        });
        let Some(_folded) = folded else {
            return Some(Vec::new());
        };
        #[cfg(test)]
        {
            self.headlines_folded += _folded;
        }
        Some(out)
    }

    /// The drafts of `texts` (all, or those listed in `within`: indices into `texts`) whose
    /// headline or body holds every term of `search`, as indices in list order; `None`
    /// when told to stop.
    pub fn search(
        &mut self,
        texts: &Arc<Texts>,
        search: &Search,
        within: Option<&[u32]>,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<u32>> {
        self.search_first(texts, search, within, 0, &mut |_| {}, stop)
    }

    /// As [`search`](Self::search), and the first `first` hits in list order handed to
    /// `early` as soon as they are certain (issue #19).
    pub fn search_first(
        &mut self,
        texts: &Arc<Texts>,
        search: &Search,
        within: Option<&[u32]>,
        first: usize,
        early: &mut dyn FnMut(&[u32]),
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<u32>> {
        let mut ahead = Early {
            first,
            within: within.filter(|w| w.is_sorted()),
            unordered: within.is_some_and(|w| !w.is_sorted()),
            found: Vec::new(),
            next: 0,
            at: 0,
        };
        let probes = match texts.reader.as_ref().and_then(|r| r.words.as_ref()) {
            Some(_) => Probes::of(search.words()),
            None => Probes::default(),
        };
        self.update(texts, &probes, stop, &mut |i, f| {
            ahead.look(i, f, search, early)
        })?;
        let folded = self
            .last
            .as_ref()
            .map(|(_, f, _)| f.as_slice())
            .unwrap_or(&[]);
        let all: Vec<u32>;
        let candidates = match within {
            Some(w) => w,
            None => {
                all = (0..u32::try_from(folded.len()).unwrap_or(u32::MAX)).collect();
                &all
            }
        };
        let mut hits = Vec::new();
        for (k, &i) in candidates.iter().enumerate() {
            if k % STOP_EVERY == 0 && stop() {
                return None;
            }
            let Some(f) = folded.get(i as usize) else {
                continue;
            };
            // Folded already (or a narrowed search): the early answer comes from this scan.
            ahead.look(i as usize, f, search, early);
            if search.matches_folded(f) {
                hits.push(i);
            }
        }
        hits.sort_unstable();
        Some(hits)
    }
}

/// The first hits in list order, found as the drafts are folded or scanned, handed on as
/// soon as there are enough of them: every draft before the last of them was searched,
/// so no later one can come before (issue #19: a common word at a million drafts answers
/// from the newest chunks, the rest of the fold going on).
struct Early<'a> {
    /// How many hits make the early answer (0: none is wanted).
    first: usize,
    /// The candidates when narrowed, in list order.
    within: Option<&'a [u32]>,
    /// Candidates not in list order: no early answer (the whole one still comes).
    unordered: bool,
    found: Vec<u32>,
    /// Where in `within` the next candidate is.
    next: usize,
    /// Drafts before this one were looked at already.
    at: usize,
}

impl Early<'_> {
    fn look(&mut self, i: usize, folded: &str, search: &Search, early: &mut dyn FnMut(&[u32])) {
        if self.first == 0 || self.unordered || self.found.len() >= self.first || i < self.at {
            return;
        }
        self.at = i + 1;
        if let Some(w) = self.within {
            while w.get(self.next).is_some_and(|&c| (c as usize) < i) {
                self.next += 1;
            }
            if w.get(self.next).is_none_or(|&c| c as usize != i) {
                return;
            }
        }
        if !search.matches_folded(folded) {
            return;
        }
        let Ok(i) = u32::try_from(i) else {
            return;
        };
        self.found.push(i);
        if self.found.len() == self.first {
            early(&self.found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    fn item(id: u64, head: &str, body: &[&str]) -> Item {
        Item::new(
            ItemId(id),
            head,
            body.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn finds_what_fold_draft_finds_and_folds_a_changed_draft_again() {
        let mut items = vec![
            item(3, "Port Strike Ends", &["Workers at Rotterdam.", ""]),
            item(
                2,
                "Café Attack in Zürich",
                &["Police said the fire is out."],
            ),
            item(1, "FBI Warns", &["Recruited on Telegram."]),
        ];
        for it in &items {
            assert_eq!(
                fold(&text_of(it)),
                crate::search::fold_draft(&it.headline, it.body.lines())
            );
        }
        let mut folds = Folds::default();
        let q = |s: &str| Search::parse(s).expect("a query");
        let texts = Arc::new(Texts::new(&items));
        let never = || false;
        assert_eq!(
            folds.search(&texts, &q("telegram"), None, &never),
            Some(vec![2])
        );
        assert_eq!(
            folds.search(&texts, &q("zurich \"fire is\""), None, &never),
            Some(vec![1])
        );
        assert_eq!(
            folds.search(&texts, &q("r"), Some(&[2, 0]), &never),
            Some(vec![0, 2])
        );
        // The FBI draft edited: the next revision's texts find the new word, not the old.
        items[2].body = vec!["Recruited on Signal.".into()].into();
        let texts = Arc::new(Texts::new(&items));
        assert_eq!(
            folds.search(&texts, &q("telegram"), None, &never),
            Some(vec![])
        );
        assert_eq!(
            folds.search(&texts, &q("signal"), None, &never),
            Some(vec![2])
        );
        // Told to stop: nothing.
        assert_eq!(folds.search(&texts, &q("port"), None, &|| true), None);
    }

    /// Drafts `1..=n`, newest first, bodies on disk in their chunk files (64 a chunk),
    /// read by a reader that counts the chunks it read.
    fn lean_desk(bodies: &[String]) -> (Arc<Texts>, Arc<std::sync::atomic::AtomicUsize>) {
        let whole: Vec<Item> = (1..=bodies.len() as u64)
            .rev()
            .map(|id| {
                let b = &bodies[(id - 1) as usize];
                item(id, &format!("Draft {id}"), &[b.as_str()])
            })
            .collect();
        let mut lean = whole.clone();
        lean.iter_mut().for_each(Item::leave_body_on_disk);
        let read = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = Arc::clone(&read);
        let reader = ChunkReader::new(move |k| {
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let of_k = whole.iter().filter(|it| it.id.0 / 64 == k);
            Some(of_k.map(|it| (it.id, it.body.to_vec())).collect())
        });
        (Arc::new(Texts::new(&lean).with_reader(Some(reader))), read)
    }

    #[test]
    fn a_common_word_answers_its_first_screen_from_the_newest_chunks_before_the_whole_fold() {
        // 64 chunks of drafts, every other one about a port.
        let bodies: Vec<String> = (0..64 * 64 * 3)
            .map(|i| match i % 2 {
                0 => "Dockers struck at the port.".to_string(),
                _ => "Nothing to see.".to_string(),
            })
            .collect();
        let (texts, read) = lean_desk(&bodies);
        let q = Search::parse("port").expect("a query");
        let mut folds = Folds::default();
        let mut early: Option<(Vec<u32>, usize)> = None;
        let whole = folds.search_first(
            &texts,
            &q,
            None,
            100,
            &mut |rows| {
                let chunks = read.load(std::sync::atomic::Ordering::Relaxed);
                early = Some((rows.to_vec(), chunks));
            },
            &|| false,
        );
        let whole = whole.expect("not stopped");
        let (rows, chunks) = early.expect("an early answer");
        assert_eq!(rows, whole[..100]);
        // Drafts 1..=12288: chunks 0..=192. Newest first, the first screen is in the
        // newest chunks (the first small batches read ahead: 4, then 8), then the fold
        // reads the rest.
        assert!(chunks <= 12, "{chunks} chunks read before the first screen");
        assert_eq!(read.load(std::sync::atomic::Ordering::Relaxed), 193);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// The early answer is the whole answer's first rows, for random desks, queries,
        /// screens and narrowed searches, and from a part of the texts (the list's first
        /// drafts, their texts taken so far: issue #19); it comes only when the whole (or
        /// the part) has that many.
        #[test]
        fn the_early_answer_is_the_first_rows_of_the_whole_answer(
            bodies in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(&["port", "Porto", "fire", "is", "out", "Zürich", "x"][..]),
                    0..5,
                ).prop_map(|w| w.join(" ")),
                1..400,
            ),
            query in proptest::sample::select(&["port", "fire", "\"fire is\"", "zurich out", "p", "x", "is"][..]),
            narrow in proptest::sample::select(&["", "p", "fi", "o"][..]),
            first in 1usize..40,
            folded_before in proptest::bool::ANY,
            taken in proptest::option::of(0.0f64..1.0),
        ) {
            use proptest::prelude::*;
            let (texts, _) = lean_desk(&bodies);
            let q = Search::parse(query).expect("a query");
            let mut folds = Folds::default();
            if folded_before {
                folds.search(&texts, &q, None, &|| false);
            }
            // Narrowed from a shorter query's hits, when it narrows.
            let within = Search::parse(narrow)
                .filter(|n| q.narrows(n))
                .and_then(|n| Folds::default().search(&texts, &n, None, &|| false));
            // The texts of the first `n` drafts only, as the list has taken them so far.
            let part = taken.map(|f| ((bodies.len() as f64 * f) as usize).max(1));
            let searched = match part {
                Some(n) => {
                    let first_drafts = texts.drafts().take(n).map(|(id, t)| (id, Arc::clone(t)));
                    Arc::new(Texts::of(first_drafts).with_reader(texts.reader.clone()).part())
                }
                None => Arc::clone(&texts),
            };
            let mut early: Vec<Vec<u32>> = Vec::new();
            let answer = folds
                .search_first(&searched, &q, within.as_deref(), first, &mut |rows| {
                    early.push(rows.to_vec())
                }, &|| false)
                .expect("not stopped");
            prop_assert!(early.len() <= 1, "one early answer at most");
            let early = early.pop();
            let mut fresh = Folds::default();
            let whole = fresh.search(&texts, &q, None, &|| false).expect("not stopped");
            // What the part holds of the whole answer (all of it, without a part).
            let n = part.unwrap_or(bodies.len());
            let in_part: Vec<u32> = whole.iter().copied().filter(|&i| (i as usize) < n).collect();
            prop_assert_eq!(&answer, &in_part);
            match early {
                Some(rows) => prop_assert_eq!(&rows[..], &whole[..first]),
                None => prop_assert!(in_part.len() < first, "{} hits, no early answer", in_part.len()),
            }
            // Searched whole after a part, the answer is the same.
            if part.is_some() {
                prop_assert_eq!(&folds.search(&texts, &q, None, &|| false).expect("not stopped"), &whole);
            }
        }
    }

    /// A desk in a temp dir of drafts `1..=n` with these headlines and bodies, saved, its
    /// word index made (after the chunks' ctime tick, so they are indexed).
    /// Drafts 1..=n, each "Draft {id}" about dockers at the port.
    fn dockers(n: u64) -> Vec<(String, String)> {
        (1..=n)
            .map(|id| {
                (
                    format!("Draft {id}"),
                    "Dockers struck at the port.".to_string(),
                )
            })
            .collect()
    }

    fn indexed_desk(drafts: &[(String, String)]) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut desk = crate::model::Desk::new();
        for (n, (head, body)) in drafts.iter().enumerate() {
            let it = item(n as u64 + 1, head, &[body.as_str()]);
            desk.items.insert(it.id, it);
        }
        let (mut store, _) = crate::store::Store::open(tmp.path()).expect("open");
        store.save_all(&desk).expect("save");
        drop(store);
        std::thread::sleep(std::time::Duration::from_millis(20));
        crate::store::rebuild_word_index(tmp.path()).expect("word index");
        tmp
    }

    /// The desk's drafts newest first, bodies on disk read from its chunk files as the TUI
    /// reads them, with the word index or without; the chunk files read are counted. The
    /// headlines of `edited` drafts are the desk's in memory, not the file's.
    fn texts_of(
        dir: &std::path::Path,
        index: bool,
        edited: &[(u64, &str)],
    ) -> (Arc<Texts>, Arc<std::sync::atomic::AtomicUsize>) {
        texts_with(dir, index, edited, &[], false)
    }

    /// As [`texts_of`]; the bodies of `in_memory` drafts kept in memory (as given, not as
    /// filed), and `marked`: the texts as the key loop hands them over at `Ctrl-f`, the
    /// shared mark for a body on disk and the list's headlines with them.
    fn texts_with(
        dir: &std::path::Path,
        index: bool,
        edited: &[(u64, &str)],
        in_memory: &[(u64, &str)],
        marked: bool,
    ) -> (Arc<Texts>, Arc<std::sync::atomic::AtomicUsize>) {
        let (_store, desk, _) = crate::store::Store::open_read_only(dir).expect("open");
        let mut lean: Vec<Item> = desk.items_newest_first().cloned().collect();
        for it in &mut lean {
            match in_memory.iter().find(|(id, _)| *id == it.id.0) {
                Some((_, body)) => it.body = vec![body.to_string()].into(),
                None => it.leave_body_on_disk(),
            }
            if let Some((_, h)) = edited.iter().find(|(id, _)| *id == it.id.0) {
                it.headline = h.to_string();
            }
        }
        let files = crate::store::BodyFiles::new(dir);
        let read = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = Arc::clone(&read);
        let mut reader = ChunkReader::new(move |k| {
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            files.bodies(k).ok()
        });
        if index {
            reader = reader.with_word_index(dir);
        }
        let texts = match marked {
            false => Texts::new(&lean),
            true => {
                let heads = Haystacks::new(lean.iter().map(|it| it.headline.as_str()));
                let texts = lean.iter().map(|it| match it.body.is_on_disk() {
                    true => (it.id, on_disk_mark()),
                    false => (it.id, text_of(it)),
                });
                Texts::of(texts).with_heads(Arc::new(heads))
            }
        };
        (Arc::new(texts.with_reader(Some(reader))), read)
    }

    const WORDS: &[&str] = &[
        "port",
        "Porto",
        "Zürich",
        "zurich",
        "CVE-2031-48213",
        "48213",
        "fire",
        "is",
        "out",
        "ransomware",
        "Ransom",
        "Straße",
        "Café",
        "x",
        "12",
        "2031",
        "Europol",
    ];

    /// Mostly a filler word, now and then one of [`WORDS`]: a chunk of 64 drafts then
    /// lacks some words (the index rules it out) and holds others.
    fn sparse_word() -> impl Strategy<Value = &'static str> {
        proptest::prop_oneof![8 => proptest::strategy::Just("dock"), 1 => proptest::sample::select(WORDS)]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// The word index changes nothing of an answer: the hits of every query of a
        /// session (one `Folds`) with it are the hits without it, on random desks (words,
        /// accents, digits; some headlines edited in memory only, some taken again as their
        /// file has them) and queries (words, starts, phrases; in headlines and bodies).
        #[test]
        fn the_word_index_gives_the_answer_the_fold_gives(
            drafts in proptest::collection::vec(
                (
                    proptest::collection::vec(sparse_word(), 0..4).prop_map(|w| w.join(" ")),
                    proptest::collection::vec(sparse_word(), 0..4).prop_map(|w| w.join(" ")),
                ),
                1..400,
            ),
            queries in proptest::collection::vec(
                proptest::sample::select(&[
                    "ransomware", "ransom", "zurich", "cve 2031", "48213", "\"fire is out\"",
                    "\"is out\"", "porto", "port fire", "strasse", "straße", "cafe", "europol",
                    "\"2031 48213\"", "zzqxv", "ransomwarez", "x", "12",
                ][..]),
                1..4,
            ),
            edited in proptest::collection::vec(
                (1u64..400, proptest::option::of(proptest::sample::select(WORDS))),
                0..8,
            ),
        ) {
            use proptest::prelude::*;
            // An edit of none: the file's own headline, taken again (its hash is the entry's).
            let edited: Vec<(u64, &str)> = edited
                .iter()
                .map(|&(id, h)| {
                    let filed = drafts.get(id as usize - 1).map_or("", |(head, _)| head.as_str());
                    (id, h.unwrap_or(filed))
                })
                .collect();
            let tmp = indexed_desk(&drafts);
            let (with, _) = texts_of(tmp.path(), true, &edited);
            let (without, _) = texts_of(tmp.path(), false, &edited);
            let (mut a, mut b) = (Folds::default(), Folds::default());
            for q in &queries {
                let q = Search::parse(q).expect("a query");
                let got = a.search(&with, &q, None, &|| false).expect("not stopped");
                let want = b.search(&without, &q, None, &|| false).expect("not stopped");
                prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn a_rare_word_reads_only_the_chunks_the_index_lets_through_and_a_stale_entry_is_read() {
        // 640 drafts (chunks 0..=10), one with a CVE in its body.
        let drafts: Vec<(String, String)> = (1..=640u64)
            .map(|id| {
                let body = if id == 100 {
                    "Patch CVE-2031-48213 now."
                } else {
                    "Dockers struck at the port."
                };
                (format!("Draft {id}"), body.to_string())
            })
            .collect();
        let tmp = indexed_desk(&drafts);
        let q = Search::parse("48213").expect("a query");
        let (texts, read) = texts_of(tmp.path(), true, &[]);
        let mut folds = Folds::default();
        let hits = folds
            .search(&texts, &q, None, &|| false)
            .expect("not stopped");
        assert_eq!(hits, [540], "draft 100, newest first");
        assert_eq!(
            read.load(std::sync::atomic::Ordering::Relaxed),
            1,
            "chunk 1 alone read"
        );
        // The drafts ruled out were not folded: a common word reads every chunk after.
        let port = Search::parse("port").expect("a query");
        let all = folds
            .search(&texts, &port, None, &|| false)
            .expect("not stopped");
        assert_eq!(all.len(), 639);
        assert_eq!(read.load(std::sync::atomic::Ordering::Relaxed), 11);
        // Chunk 5 rewritten after the index was made (as a save would, the index not
        // refreshed): its entry is stale, so it is read and its new word found.
        let chunk = tmp.path().join("items/000005.json");
        let text = std::fs::read_to_string(&chunk).expect("read");
        let changed = text.replacen("Dockers struck at the port.", "Also CVE-2031-48213.", 1);
        assert_ne!(changed, text);
        std::fs::write(&chunk, changed).expect("write");
        let (texts, read) = texts_of(tmp.path(), true, &[]);
        let hits = Folds::default()
            .search(&texts, &q, None, &|| false)
            .expect("not stopped");
        // Draft 320, the first of chunk 5.
        assert_eq!(hits, [320, 540]);
        assert_eq!(
            read.load(std::sync::atomic::Ordering::Relaxed),
            2,
            "chunks 1 and 5"
        );
    }

    /// The hits of `query` in the desk `dir` (its drafts newest first, bodies on disk, with
    /// the word index), and how many chunk files were read for them.
    fn indexed_search(dir: &std::path::Path, query: &str) -> (Vec<u32>, usize) {
        let (texts, read) = texts_of(dir, true, &[]);
        let q = Search::parse(query).expect("a query");
        let hits = Folds::default()
            .search(&texts, &q, None, &|| false)
            .expect("not stopped");
        (hits, read.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Drafts 1..=640 (chunks 0..=10) about dockers at the port; the word CVE-2031-48213
    /// in draft 400's headline and in the bodies of `in_body`.
    fn cve_drafts(in_body: &[u64]) -> Vec<(String, String)> {
        (1..=640u64)
            .map(|id| {
                let head = match id {
                    400 => "Draft 400 CVE-2031-48213".to_string(),
                    _ => format!("Draft {id}"),
                };
                let body = match in_body.contains(&id) {
                    true => "Patch CVE-2031-48213 now.",
                    false => "Dockers struck at the port.",
                };
                (head, body.to_string())
            })
            .collect()
    }

    #[test]
    fn a_rare_word_folds_no_headline_but_those_edited_in_memory() {
        // 640 drafts (chunks 0..=10): the word in draft 100's body, and in draft 400's
        // headline as its file has it (edited away in memory); draft 200's headline has it
        // in memory only, draft 300's is edited without it.
        let drafts = cve_drafts(&[100]);
        let tmp = indexed_desk(&drafts);
        let edited = [
            (200, "Patch CVE-2031-48213 in memory"),
            (300, "Draft 300 edited"),
            (400, "Draft 400"),
        ];
        let (texts, _) = texts_of(tmp.path(), true, &edited);
        let mut folds = Folds::default();
        let q = Search::parse("48213").expect("a query");
        let hits = folds
            .search(&texts, &q, None, &|| false)
            .expect("not stopped");
        // Newest first: draft 200 (its headline in memory), draft 100 (its body).
        assert_eq!(hits, [440, 540]);
        // The headlines the desk holds as their files have them are ruled out by the
        // index alone; the two edited ones in ruled-out chunks are looked at (draft 400's
        // chunk holds the word in its file's headline: not ruled out, its draft folded).
        assert_eq!(folds.headlines_folded, 2);
        let (without, _) = texts_of(tmp.path(), false, &edited);
        assert_eq!(
            Folds::default().search(&without, &q, None, &|| false),
            Some(hits)
        );
    }

    #[test]
    fn a_search_started_before_any_text_was_taken_finds_what_one_after_finds() {
        // 640 drafts (chunks 0..=10): the word in bodies and headlines, as filed; some
        // headlines edited in memory, some bodies in memory (edited there, unlike their
        // files). The texts handed over at `Ctrl-f` (a mark for each body on disk, the
        // headlines beside) against every text taken, with and without the word index,
        // each with its own folds and then with the other's (the fold cache kept across).
        let drafts = cve_drafts(&[100, 600]);
        let tmp = indexed_desk(&drafts);
        let edited = [
            (200, "Patch CVE-2031-48213 in memory"),
            (300, "Draft 300 edited"),
            (400, "Draft 400"),
            (500, "Draft 500 in memory"),
        ];
        let in_memory = [
            (100, "Nothing to see now."),
            (500, "Recruited on Telegram."),
            (7, "Patch CVE-2031-48213 here too."),
        ];
        for index in [true, false] {
            let (taken, _) = texts_with(tmp.path(), index, &edited, &in_memory, false);
            let (marked, _) = texts_with(tmp.path(), index, &edited, &in_memory, true);
            // Texts' meaning kept: the text of each draft is `text_of` its item.
            assert!(marked.whole().eq(taken.whole()), "index {index}");
            for q in [
                "48213",
                "port",
                "telegram",
                "in memory",
                "draft 4",
                "\"draft 30\"",
            ] {
                let search = Search::parse(q).expect("a query");
                let mut after = Folds::default();
                let want = after.search(&taken, &search, None, &|| false);
                let mut before = Folds::default();
                let got = before.search(&marked, &search, None, &|| false);
                assert_eq!(got, want, "{q:?}, index {index}");
                assert_eq!(before.search(&taken, &search, None, &|| false), want);
                assert_eq!(after.search(&marked, &search, None, &|| false), want);
            }
        }
        let search = Search::parse("48213").expect("a query");
        let (taken, _) = texts_with(tmp.path(), true, &edited, &in_memory, false);
        let hits = Folds::default().search(&taken, &search, None, &|| false);
        // Newest first: 600 (its body as filed), 200 (its headline in memory), 7 (its
        // body in memory); not 100 (its body edited in memory) nor 400 (its headline).
        assert_eq!(hits, Some(vec![40, 440, 633]));
    }

    #[test]
    fn a_save_refreshes_the_word_index_of_the_chunks_it_wrote() {
        let drafts = dockers(640);
        let tmp = indexed_desk(&drafts);
        // Draft 330 (chunk 5) edited and saved: a rare word in its body.
        let (mut store, mut desk) = crate::store::Store::open(tmp.path()).expect("open");
        let id = ItemId(330);
        if let Some(it) = desk.items.get_mut(&id) {
            it.body = vec!["Patch CVE-2031-48213 now.".to_string()].into();
        }
        store
            .save(&desk, &[crate::model::Touch::Item(id)])
            .expect("save");
        drop(store);
        // Its entry follows the file: the word is let through to chunk 5 alone, and a word
        // on no draft reads no chunk (a stale entry would have the chunk read).
        let (hits, read) = indexed_search(tmp.path(), "48213");
        assert_eq!(hits, [310]);
        assert_eq!(read, 1);
        let (hits, read) = indexed_search(tmp.path(), "zzqxv");
        assert!(hits.is_empty());
        assert_eq!(read, 0, "no chunk read: chunk 5's entry is fresh");
    }

    #[test]
    fn a_crash_at_any_point_of_a_save_and_its_index_write_leaves_the_same_answers() {
        let drafts = dockers(640);
        let tmp = indexed_desk(&drafts);
        let answers = |index: bool, n: u64| -> Vec<Vec<u32>> {
            let (texts, _) = texts_of(tmp.path(), index, &[]);
            let mut folds = Folds::default();
            [
                format!("word{n}"),
                "zzqxv".to_string(),
                "port".to_string(),
                "dockers word".to_string(),
            ]
            .iter()
            .map(|q| {
                let q = Search::parse(q).expect("a query");
                folds
                    .search(&texts, &q, None, &|| false)
                    .expect("not stopped")
            })
            .collect()
        };
        let mut crashed_in_the_index = false;
        for n in 1..=24u64 {
            let (mut store, mut desk) = crate::store::Store::open(tmp.path()).expect("open");
            let id = ItemId(330);
            if let Some(it) = desk.items.get_mut(&id) {
                it.body = vec![format!("Dockers struck at the port: word{n}.")].into();
            }
            store.set_crash_at(Some(n));
            let saved = store.save(&desk, &[crate::model::Touch::Item(id)]);
            drop(store);
            // The save ended (its index write may have crashed): a temp file left beside
            // the index is the index write's crash.
            let stray = std::fs::read_dir(tmp.path().join("items"))
                .expect("items")
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(".words-0000.tmp-"));
            crashed_in_the_index |= saved.is_ok() && stray;
            assert_eq!(answers(true, n), answers(false, n), "crash point {n}");
            // The desk's open clears the stray temp files.
            drop(crate::store::Store::open(tmp.path()).expect("reopen"));
        }
        assert!(
            crashed_in_the_index,
            "the index write's crash points were reached"
        );
    }

    #[test]
    fn a_streamed_import_refreshes_the_word_index_of_the_chunks_it_moved_into_place() {
        // Drafts 1..=10 in chunk 0, indexed; 300 more imported: chunks 1..=4 written aside
        // and moved into place (the newest part also through the save).
        let drafts = dockers(10);
        let tmp = indexed_desk(&drafts);
        let (mut store, mut desk) = crate::store::Store::open(tmp.path()).expect("open");
        let mut w = store.begin_import(&desk, 300).expect("begin");
        let top = w.first_id() + 300;
        for j in 0..300u64 {
            let body = if j == 250 {
                "Patch CVE-2031-48213 now."
            } else {
                "Quiet day."
            };
            w.add(item(top - 1 - j, &format!("New {j}"), &[body]))
                .expect("add");
        }
        w.commit(&mut desk).map_err(|e| e.error).expect("commit");
        drop(store);
        let (hits, read) = indexed_search(tmp.path(), "zzqxv");
        assert!(hits.is_empty());
        assert_eq!(read, 0, "every chunk's entry fresh after the import");
        let (hits, read) = indexed_search(tmp.path(), "48213");
        assert_eq!(hits, [250]);
        assert_eq!(read, 1);
    }

    #[test]
    fn a_garbage_or_planted_word_index_is_the_same_as_none() {
        let drafts: Vec<(String, String)> = (1..=200u64)
            .map(|id| (format!("Draft {id}"), format!("Body {} ransomware", id % 7)))
            .collect();
        let tmp = indexed_desk(&drafts);
        let other = indexed_desk(&[("A".to_string(), "nothing".to_string())]);
        let index = tmp.path().join("items/.words-0000");
        let q = Search::parse("ransomware").expect("a query");
        for plant in ["garbage", "cut", "symlink", "other desk's"] {
            let bytes = std::fs::read(&index).unwrap_or_default();
            let _ = std::fs::remove_file(&index);
            match plant {
                "garbage" => std::fs::write(&index, b"BDWORDS1 not an index").expect("write"),
                "cut" => std::fs::write(&index, &bytes[..bytes.len() / 2]).expect("write"),
                "symlink" => {
                    std::os::unix::fs::symlink(other.path().join("items/.words-0000"), &index)
                        .expect("symlink")
                }
                _ => std::fs::copy(other.path().join("items/.words-0000"), &index)
                    .map(|_| ())
                    .expect("copy"),
            }
            let (texts, read) = texts_of(tmp.path(), true, &[]);
            let hits = Folds::default()
                .search(&texts, &q, None, &|| false)
                .expect("not stopped");
            assert_eq!(hits.len(), 200, "{plant}");
            assert_eq!(
                read.load(std::sync::atomic::Ordering::Relaxed),
                4,
                "{plant}: every chunk read"
            );
            let _ = std::fs::remove_file(&index);
            crate::store::rebuild_word_index(tmp.path()).expect("word index");
        }
    }

    #[test]
    fn a_search_of_the_first_texts_keeps_the_other_drafts_folds() {
        // Drafts 1..=512 (chunks 0..=8), one in 5 about a port.
        let bodies: Vec<String> = (0..64 * 8)
            .map(|i| match i % 5 {
                0 => "Dockers struck at the port.".to_string(),
                _ => "Nothing to see.".to_string(),
            })
            .collect();
        let (texts, read) = lean_desk(&bodies);
        let q = Search::parse("port").expect("a query");
        let mut folds = Folds::default();
        let whole = folds
            .search(&texts, &q, None, &|| false)
            .expect("not stopped");
        assert_eq!(read.load(std::sync::atomic::Ordering::Relaxed), 9);
        // The list taken again (an edit), its first 100 texts searched for a first screen.
        let first_drafts = texts.drafts().take(100).map(|(id, t)| (id, Arc::clone(t)));
        let part = Arc::new(
            Texts::of(first_drafts)
                .with_reader(texts.reader.clone())
                .part(),
        );
        assert!(part.is_part());
        let mut early = Vec::new();
        let of_part = folds
            .search_first(
                &part,
                &q,
                None,
                10,
                &mut |rows| early = rows.to_vec(),
                &|| false,
            )
            .expect("not stopped");
        assert_eq!(early, whole[..10]);
        assert_eq!(of_part, whole[..20]);
        // Every text in: no chunk file read again, the folds of the drafts after the part
        // were kept.
        let again = Arc::new(
            Texts::of(texts.drafts().map(|(id, t)| (id, Arc::clone(t))))
                .with_reader(texts.reader.clone()),
        );
        assert_eq!(folds.search(&again, &q, None, &|| false), Some(whole));
        assert_eq!(read.load(std::sync::atomic::Ordering::Relaxed), 9);
    }

    #[test]
    fn a_body_left_on_disk_is_searched_as_its_chunk_file_says() {
        let whole = vec![
            item(70, "Port Strike Ends", &["Workers at Rotterdam."]),
            item(3, "FBI Warns", &["Recruited on Telegram."]),
        ];
        let mut lean = whole.clone();
        lean.iter_mut().for_each(Item::leave_body_on_disk);
        let q = |s: &str| Search::parse(s).expect("a query");
        let never = || false;
        // Chunk 1 holds draft 70, chunk 0 draft 3: each file read when folded.
        let files = whole.clone();
        let read = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = Arc::clone(&read);
        let reader = ChunkReader::new(move |k| {
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let of_k = files.iter().filter(|it| it.id.0 / 64 == k);
            Some(of_k.map(|it| (it.id, it.body.to_vec())).collect())
        });
        let texts = Arc::new(Texts::new(&lean).with_reader(Some(reader)));
        let mut folds = Folds::default();
        assert_eq!(
            folds.search(&texts, &q("rotterdam"), None, &never),
            Some(vec![0])
        );
        assert_eq!(
            folds.search(&texts, &q("telegram"), None, &never),
            Some(vec![1])
        );
        assert_eq!(
            read.load(std::sync::atomic::Ordering::Relaxed),
            2,
            "folded once"
        );
        // With nothing to read them, the headlines alone are searched, never a mark.
        let texts = Arc::new(Texts::new(&lean));
        let mut folds = Folds::default();
        assert_eq!(
            folds.search(&texts, &q("rotterdam"), None, &never),
            Some(vec![])
        );
        assert_eq!(folds.search(&texts, &q("fbi"), None, &never), Some(vec![1]));
    }
}
