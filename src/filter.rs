//! The one fuzzy matcher, shared by the TUI filter and `list --filter`.
//!
//! Backed by `nucleo-matcher` (the helix editor's matcher, fzf's scoring): 2-5x faster
//! than skim's on the 100,000 generated headlines (`cargo bench --bench matcher`, see
//! docs/benchmarks.md). The whole query is one fuzzy pattern, spaces included (no fzf
//! syntax: `!`, `^`, `'` are plain characters), smart case (an upper-case letter in the
//! query makes it case-sensitive), Latin letters with accents match plain ones, and of
//! two equal matches the one nearer the start of the headline ranks first. A one-word query
//! ranks headlines where it is a word or starts one above scattered-letter matches (the
//! word pass: `/iran` puts the Iran headlines before "Iraq Ransomware Attack").

use std::cell::RefCell;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Utf32Str};

pub mod feed;
pub mod screen;
mod words;
use words::{Query, WORD_BONUS, with_word, with_word_ascii};

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

/// Scores candidates `lo..hi` of a list into rank keys; `None` when told to stop.
type ScorePart<'a> = dyn Fn(&mut Scratch, usize, usize) -> Option<Vec<u64>> + Sync + 'a;

/// nucleo's matcher and its scratch space (`&mut` to match): one per thread that matches.
struct Scratch {
    matcher: nucleo_matcher::Matcher,
    /// Chars of a non-ASCII candidate (an ASCII one is matched in place).
    chars: Vec<char>,
    indices: Vec<u32>,
}

impl Scratch {
    fn new() -> Scratch {
        // A headline that starts with the query is most likely the one meant: nucleo's
        // small bonus for an early match (ties otherwise go to the newest draft).
        let mut config = Config::DEFAULT;
        config.prefer_prefix = true;
        Scratch {
            matcher: nucleo_matcher::Matcher::new(config),
            chars: Vec::new(),
            indices: Vec::new(),
        }
    }

    fn score(&mut self, q: &Query, candidate: &str) -> Option<u32> {
        let hay = Utf32Str::new(candidate, &mut self.chars);
        let s = q.atom.score(hay, &mut self.matcher)?;
        // An ASCII headline's word pass compares its bytes in place, as `Haystacks::key`
        // does (the same answer as the scan of every char, a tenth of `list --filter`'s
        // time at a million drafts otherwise).
        Some(match hay {
            Utf32Str::Ascii(bytes) if candidate.is_ascii() => with_word_ascii(s, q, bytes),
            _ => with_word(s, q, hay),
        })
    }
}

/// A query ready to match: `None` when it is empty (after trimming).
fn pattern(query: &str) -> Option<Query> {
    let query = query.trim();
    (!query.is_empty()).then(|| {
        let atom = Atom::new(
            query,
            CaseMatching::Smart,
            Normalization::Smart,
            AtomKind::Fuzzy,
            false,
        );
        Query::new(atom, query)
    })
}

/// Sort key of a scored candidate: best score first, then lowest index (newest first).
fn rank_key(score: u32, index: u32) -> u64 {
    (u64::from((WORD_BONUS | u32::from(u16::MAX)) - score) << 32) | u64::from(index)
}

/// The score a rank key was made of.
fn score_of(key: u64) -> u32 {
    (WORD_BONUS | u32::from(u16::MAX)) - (key >> 32) as u32
}

pub struct Matcher {
    scratch: RefCell<Scratch>,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            scratch: RefCell::new(Scratch::new()),
        }
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matcher")
    }
}

impl Matcher {
    /// Score and matched char positions of `candidate`, `None` when it does not match.
    /// `query` is trimmed; an empty query matches with score 0 and no positions.
    pub fn hit(&self, candidate: &str, query: &str) -> Option<(i64, Vec<usize>)> {
        let Some(p) = pattern(query) else {
            return Some((0, Vec::new()));
        };
        let mut s = self.scratch.borrow_mut();
        let Scratch {
            matcher,
            chars,
            indices,
        } = &mut *s;
        indices.clear();
        let hay = Utf32Str::new(candidate, chars);
        let score = with_word(p.atom.indices(hay, matcher, indices)?, &p, hay);
        let mut positions: Vec<usize> = indices.iter().map(|&i| i as usize).collect();
        positions.sort_unstable();
        positions.dedup();
        Some((i64::from(score), positions))
    }

    /// The score alone (no positions: cheaper), `None` when `candidate` does not match.
    pub fn score(&self, candidate: &str, query: &str) -> Option<i64> {
        let Some(p) = pattern(query) else {
            return Some(0);
        };
        self.scratch
            .borrow_mut()
            .score(&p, candidate)
            .map(i64::from)
    }

    /// The indices of the candidates that match, best first; equal scores keep the index
    /// order. The same order as [`Matcher::filter`], without the positions: for long lists,
    /// where only the few rows on screen need them. `query` is trimmed; an empty query
    /// keeps every candidate in index order.
    pub fn rank<'a, I>(&self, candidates: I, query: &str) -> Vec<u32>
    where
        I: IntoIterator<Item = (u32, &'a str)>,
    {
        self.rank_until(candidates, query, &|| false)
            .unwrap_or_default()
    }

    /// [`Matcher::rank`], giving up (`None`) as soon as `stop` says so: it is asked every
    /// few thousand candidates, so a ranking nobody wants any more ends early.
    pub fn rank_until<'a, I>(
        &self,
        candidates: I,
        query: &str,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<u32>>
    where
        I: IntoIterator<Item = (u32, &'a str)>,
    {
        let Some(p) = pattern(query) else {
            let mut all: Vec<u32> = candidates.into_iter().map(|(i, _)| i).collect();
            all.sort_unstable();
            return Some(all);
        };
        let all: Vec<(u32, &str)> = candidates.into_iter().collect();
        let p = &p;
        let all = &all;
        self.ranked_in_parts(all.len(), &|scratch, lo, hi| {
            rank_part(scratch, p, &all[lo..hi], stop)
        })
    }

    /// Candidates that match, best first; equal scores keep the input order (newest first).
    pub fn filter<'a, I>(&self, candidates: I, query: &str) -> Vec<Hit>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut hits: Vec<Hit> = candidates
            .into_iter()
            .enumerate()
            .filter_map(|(index, c)| {
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

/// Headlines prepared for matching once (per desk revision), so that a key only scores.
///
/// All the text in one buffer (no pointer to chase per headline: at 100,000 headlines that
/// alone cost ~7 ms a ranking), and the chars of every headline `Utf32Str::new` would
/// split into graphemes (non-ASCII) already split, exactly as it splits them. Matching a
/// prepared headline gives the score matching its `&str` gives. The text is held once (no
/// lower-case copy: the word pass compares ASCII case-blind in place), which at a million
/// drafts is ~76 MB of the idle desk (issue #19).
#[derive(Clone, Debug, Default)]
pub struct Haystacks {
    text: String,
    chars: Vec<char>,
    spans: Vec<Span>,
    /// The word pass scans each headline's chars, even an ASCII one (for the benchmark
    /// and the test that the in-place search ranks alike).
    scan_words: bool,
    /// The most chars nucleo sees in any headline (at least: a patch only raises it).
    longest: usize,
}

/// Where one headline is: its text in `Haystacks::text`, and, when nucleo matches it as
/// chars, the chars in `Haystacks::chars`. 16 bytes (a million of them: 16 MB).
#[derive(Clone, Copy, Debug)]
struct Span {
    text: (u32, u32),
    /// `(start, end)` in `chars`; empty: matched as its bytes, either ASCII text (`start`
    /// is where the chars would go) or text whose graphemes are all ASCII (a combining
    /// accent: `NOT_ASCII`, which `Utf32Str::new` also gives as bytes).
    chars: (u32, u32),
}

/// `Span::chars` of a headline matched as bytes that are not all ASCII.
const NOT_ASCII: (u32, u32) = (u32::MAX, u32::MAX);

impl Span {
    /// nucleo matches it as its bytes (`Utf32Str::Ascii`).
    fn as_bytes(&self) -> bool {
        self.chars.0 == self.chars.1
    }

    /// Its text is ASCII (the word pass may search its bytes).
    fn ascii(&self) -> bool {
        self.as_bytes() && self.chars != NOT_ASCII
    }
}

impl Haystacks {
    /// Prepare `heads` (at most 4 GiB of text and chars in all).
    pub fn new<'a>(heads: impl IntoIterator<Item = &'a str>) -> Haystacks {
        let mut h = Haystacks::default();
        let mut buf = Vec::new();
        for head in heads {
            h.push(head, &mut buf);
        }
        // Sized to what they hold: a million headlines leave up to half a buffer spare.
        h.text.shrink_to_fit();
        h.chars.shrink_to_fit();
        h.spans.shrink_to_fit();
        h.longest = (0..h.len()).map(|i| h.chars_len(i)).max().unwrap_or(0);
        h
    }

    /// Add `head` at the end (`buf`: scratch space for its chars).
    fn push(&mut self, head: &str, buf: &mut Vec<char>) {
        let start = self.text.len();
        self.text.push_str(head);
        let c0 = offset(self.chars.len());
        let chars = match Utf32Str::new(head, buf) {
            Utf32Str::Unicode(cs) => {
                self.chars.extend_from_slice(cs);
                (c0, offset(self.chars.len()))
            }
            Utf32Str::Ascii(_) if head.is_ascii() => (c0, c0),
            Utf32Str::Ascii(_) => NOT_ASCII,
        };
        self.spans.push(Span {
            text: (offset(start), offset(self.text.len())),
            chars,
        });
    }

    /// For the benchmark: the word pass scans each headline's chars, as it did before the
    /// search in place (the same ranking, slower).
    pub fn scanning_words(mut self) -> Haystacks {
        self.scan_words = true;
        self
    }

    /// Headline `i`'s bytes when it is ASCII (and the word pass does not scan chars).
    fn ascii(&self, i: usize) -> Option<&[u8]> {
        let s = self
            .spans
            .get(i)
            .filter(|s| s.ascii() && !self.scan_words)?;
        self.text
            .as_bytes()
            .get(s.text.0 as usize..s.text.1 as usize)
    }

    /// Does ASCII headline `i` start with `lower` (ASCII lower case), case-blind?
    fn starts_with_lower(&self, i: usize, lower: &str) -> bool {
        self.spans
            .get(i)
            .filter(|s| s.ascii())
            .and_then(|s| {
                self.text
                    .as_bytes()
                    .get(s.text.0 as usize..s.text.1 as usize)
            })
            .and_then(|h| h.get(..lower.len()))
            .is_some_and(|h| h.eq_ignore_ascii_case(lower.as_bytes()))
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The bytes these headlines hold on the heap (for the memory test and benchmark).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.chars.capacity() * std::mem::size_of::<char>()
            + self.spans.capacity() * std::mem::size_of::<Span>()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Headline `i` as given.
    pub fn get(&self, i: usize) -> Option<&str> {
        let s = self.spans.get(i)?;
        self.text.get(s.text.0 as usize..s.text.1 as usize)
    }

    /// How many chars nucleo sees in headline `i` (0 when there is none).
    fn chars_len(&self, i: usize) -> usize {
        self.spans.get(i).map_or(0, |s| {
            if s.as_bytes() {
                (s.text.1 - s.text.0) as usize
            } else {
                (s.chars.1 - s.chars.0) as usize
            }
        })
    }

    /// Headline `i` as nucleo matches it: what `Utf32Str::new` gives for it.
    fn haystack(&self, i: usize) -> Option<Utf32Str<'_>> {
        let s = self.spans.get(i)?;
        Some(if s.as_bytes() {
            Utf32Str::Ascii(
                self.text
                    .as_bytes()
                    .get(s.text.0 as usize..s.text.1 as usize)?,
            )
        } else {
            Utf32Str::Unicode(self.chars.get(s.chars.0 as usize..s.chars.1 as usize)?)
        })
    }
}

/// Where a headline of a patched list comes from: the old list's headline `i`, or a new
/// one (a draft an edit touched).
#[derive(Clone, Copy, Debug)]
pub enum Head<'a> {
    Kept(usize),
    New(&'a str),
}

impl Haystacks {
    /// The list made of `heads`, in order, preparing only the new headlines: an edit at
    /// 100,000 drafts touches a few, and preparing them all again cost tens of
    /// milliseconds on the key loop. The kept headlines' text stays where it is; the new
    /// ones go at the end of the buffers, which are compacted once more text is dead
    /// than alive. The same ranking as [`Haystacks::new`] over the same headlines.
    pub fn patch<'a>(&mut self, heads: impl IntoIterator<Item = Head<'a>>) {
        let old = std::mem::take(&mut self.spans);
        let mut buf = Vec::new();
        for head in heads {
            match head {
                Head::Kept(i) => self.spans.extend(old.get(i).copied()),
                Head::New(head) => {
                    self.push(head, &mut buf);
                    self.longest = self.longest.max(self.chars_len(self.spans.len() - 1));
                }
            }
        }
        let alive: usize = self
            .spans
            .iter()
            .map(|s| (s.text.1 - s.text.0) as usize)
            .sum();
        if self.text.len() > 2 * alive + 4096 {
            let mut fresh = Haystacks::new((0..self.len()).filter_map(|i| self.get(i)));
            fresh.scan_words = self.scan_words;
            *self = fresh;
        }
    }
}

impl Haystacks {
    /// Headline `i`'s rank key for `p`, `None` when it does not match (or is not there):
    /// every ranking of prepared headlines scores through here.
    fn key(&self, p: &Query, matcher: &mut nucleo_matcher::Matcher, i: u32) -> Option<u64> {
        let h = self.haystack(i as usize)?;
        let s = p.atom.score(h, matcher)?;
        let score = match self.ascii(i as usize) {
            Some(ascii) => with_word_ascii(s, p, ascii),
            None => with_word(s, p, h),
        };
        Some(rank_key(score, i))
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Matcher {
    /// [`Matcher::rank_until`] over prepared headlines: all of them, or those listed in
    /// `within` (indices into `hay`, in any order; ones out of range are skipped). The same
    /// result as `rank_until` over the same `(index, headline)` pairs.
    pub fn rank_prepared(
        &self,
        hay: &Haystacks,
        within: Option<&[u32]>,
        query: &str,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<u32>> {
        self.rank_prepared_scored(hay, within, query, stop)
            .map(|(hits, _)| hits)
    }

    /// [`Matcher::rank_prepared`], with each hit's score (empty for an empty query): what
    /// [`Matcher::first_screen_after`] starts from for a longer query.
    pub fn rank_prepared_scored(
        &self,
        hay: &Haystacks,
        within: Option<&[u32]>,
        query: &str,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<(Vec<u32>, Vec<u32>)> {
        let Some(p) = pattern(query) else {
            let mut all: Vec<u32> = match within {
                Some(w) => w
                    .iter()
                    .copied()
                    .filter(|&i| (i as usize) < hay.len())
                    .collect(),
                None => (0..offset(hay.len())).collect(),
            };
            all.sort_unstable();
            return Some((all, Vec::new()));
        };
        // A narrowed list comes best first: scored in index order, the headlines are read
        // front to back instead of all over the buffer (the keys carry the index, so the
        // order of scoring does not change the result).
        let sorted: Option<Vec<u32>> = within.map(|w| {
            let mut w = w.to_vec();
            w.sort_unstable();
            w
        });
        let within = sorted.as_deref();
        let n = within.map_or(hay.len(), <[u32]>::len);
        // One part: candidates `lo..hi` of the list (positions in `within`, or indices).
        let part = |scratch: &mut Scratch, lo: usize, hi: usize| -> Option<Vec<u64>> {
            let mut keys = Vec::new();
            let mut at = lo;
            while at < hi {
                if stop() {
                    return None;
                }
                let end = (at + STOP_EVERY).min(hi);
                for pos in at..end {
                    let i = match within {
                        Some(w) => w[pos],
                        None => pos as u32,
                    };
                    keys.extend(hay.key(&p, &mut scratch.matcher, i));
                }
                at = end;
            }
            Some(keys)
        };
        let keys = self.keys_in_parts(n, &part)?;
        Some(keys.iter().map(|&k| (k as u32, score_of(k))).unzip())
    }

    /// Score candidates `0..n` with `part` (one range each), on every core when the list is
    /// long (matching is the whole cost of a keystroke), each thread with its own scratch
    /// space; then best first. `None` when a part was told to stop.
    fn ranked_in_parts(&self, n: usize, part: &ScorePart<'_>) -> Option<Vec<u32>> {
        let keys = self.keys_in_parts(n, part)?;
        Some(keys.into_iter().map(|k| k as u32).collect())
    }

    /// The rank keys of [`Matcher::ranked_in_parts`], sorted.
    fn keys_in_parts(&self, n: usize, part: &ScorePart<'_>) -> Option<Vec<u64>> {
        let threads = if n >= PARALLEL_FROM {
            std::thread::available_parallelism().map_or(1, |t| t.get().min(MAX_THREADS))
        } else {
            1
        };
        let mut keys = if threads > 1 {
            let size = n.div_ceil(threads).max(1);
            std::thread::scope(|s| {
                let parts: Vec<_> = (0..threads)
                    .map(|t| {
                        let (lo, hi) = ((t * size).min(n), ((t + 1) * size).min(n));
                        s.spawn(move || part(&mut Scratch::new(), lo, hi))
                    })
                    .collect();
                let mut keys = Vec::new();
                let mut stopped = false;
                for handle in parts {
                    match handle.join() {
                        Ok(Some(k)) => keys.extend(k),
                        Ok(None) => stopped = true,
                        Err(e) => std::panic::resume_unwind(e),
                    }
                }
                (!stopped).then_some(keys)
            })?
        } else {
            part(&mut self.scratch.borrow_mut(), 0, n)?
        };
        // One u64 per hit: an unstable sort of plain integers, with ties already broken.
        keys.sort_unstable();
        Some(keys)
    }
}

/// Candidates scored between two looks at `stop`.
const STOP_EVERY: usize = 4096;

fn rank_part(
    scratch: &mut Scratch,
    p: &Query,
    part: &[(u32, &str)],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<u64>> {
    let mut keys = Vec::new();
    for block in part.chunks(STOP_EVERY) {
        if stop() {
            return None;
        }
        keys.extend(
            block
                .iter()
                .filter_map(|&(i, c)| scratch.score(p, c).map(|s| rank_key(s, i))),
        );
    }
    Some(keys)
}

/// Headline `i` of a made-up list (for tests): five words of seven, in an order that varies,
/// so many headlines match a query and their scores differ.
#[cfg(test)]
pub(crate) fn test_headline(i: usize) -> String {
    const WORDS: [&str; 7] = [
        "Ransomware",
        "Gang",
        "Hits",
        "Iran",
        "Sanctions",
        "Port",
        "Russia",
    ];
    (0..5)
        .map(|k| WORDS[(i * 7 + k * 3 + i / 11) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
