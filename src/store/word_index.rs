//! The word index (issue #19): per chunk file, a Bloom filter of the starts of its drafts'
//! headline and body words, and a hash of each draft's headline as the file has it, kept
//! beside the chunks as `items/.words-NNNN`, so that a rare word's search need not read
//! and fold every chunk file (~590 MB at a million drafts), nor fold every headline.
//!
//! It is derived, never the truth: the trust rule, the dating and the atomic write are the
//! headlines index's (`derived`). An entry is used only while its chunk file keeps the key
//! it had when the entry was made from its bytes; a missing, unreadable, planted or
//! garbled file is no index. It only ever lets a chunk be read: a chunk is skipped for a
//! draft only when the filter says a query word cannot be in the chunk's headlines and
//! bodies, and the draft's headline as the desk holds it is the file's (its hash is the
//! entry's) or has no word starting so either.
//!
//! The words are `search::fold`'s, each word's first 3, 5 and 8 characters; a query word
//! of 3 or more asks for its longest such start. The hash is FNV-1a 64, written here: it
//! is on disk, so it must never change with a crate's version (a filter is 10 bits per
//! start, 7 probes by double hashing: ~1% false positives, which only cost a read). The
//! headline hash is fixed here too ([`headline_hash`]).

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::derived::{self, StatKey};
use super::deskfs::Dir;
use super::doc::parse_chunk_of;
use super::error::StoreError;
use super::faults::Faults;
use super::layout::{ITEMS_DIR, ITEMS_PER_CHUNK, chunk_name};
use crate::model::ItemId;

/// Chunk files per index file: a save that refreshes one chunk's entry rewrites one file
/// of 64 entries (~100 KB for the generated drafts, two thirds of it the drafts' ids and
/// headline hashes; more for real text's words), not the whole index (25 MB at a million
/// generated drafts).
pub(crate) const RUN: u64 = 64;

/// `BDWORDS1` (the bodies' words alone, no headline hashes) reads as no index.
const MAGIC: &[u8; 8] = b"BDWORDS2";
const STARTS: [usize; 3] = [3, 5, 8];
const BITS_PER_START: usize = 10;
const PROBES: u64 = 7;
/// A filter never has more bits than this (a chunk of 64 huge drafts): 8 MB.
const MAX_BITS: usize = 64 << 20;

/// The index file of run `r`: chunks `[r*RUN, (r+1)*RUN)`.
pub(crate) fn index_name(run: u64) -> String {
    format!(".words-{run:04}")
}

/// FNV-1a, 64 bits: fixed, so a filter written once reads the same with any build.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A headline's hash as an entry holds it: 8 bytes at a time (a million headlines are
/// hashed per rare word, so FNV-1a's byte at a time would cost more than the rest), each
/// mixed by a multiply and rotate, the length first and a final avalanche (splitmix64's).
/// Fixed: it is on disk. Not proof against a crafted collision: an edit that collides with
/// its file's headline (2^-64 by chance) would be ruled out on the file's words.
pub fn headline_hash(headline: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = headline.as_bytes();
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(31);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(last))
        .wrapping_mul(K)
        .rotate_left(31);
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The bits a start sets in a filter of `n_bits`.
fn probes(hash: u64, n_bits: usize) -> impl Iterator<Item = usize> {
    let (a, b) = (hash & 0xffff_ffff, (hash >> 32) | 1);
    let n = n_bits.max(1) as u64;
    (0..PROBES).map(move |i| (a.wrapping_add(i.wrapping_mul(b)) % n) as usize)
}

/// The starts (first 3, 5, 8 characters) of every word of a folded text.
fn starts_of(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').flat_map(|w| {
        STARTS.iter().filter_map(move |&n| {
            w.char_indices()
                .nth(n - 1)
                .map(|(i, c)| &w[..i + c.len_utf8()])
        })
    })
}

/// A query word's longest indexed start; `None` for a word under 3 characters.
pub fn start_of(word: &str) -> Option<&str> {
    starts_of(word).last()
}

/// One chunk's filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bloom {
    bits: Vec<u8>,
}

impl Bloom {
    /// The filter of a chunk's bodies, each paragraph folded as the search folds it: what
    /// an entry holds (`examples/word_index.rs` builds them in memory with it).
    pub fn of_bodies<'a>(bodies: impl Iterator<Item = &'a [String]>) -> Bloom {
        bloom_of_bodies(bodies)
    }

    /// Its size on disk, in bytes.
    pub fn bytes(&self) -> usize {
        self.bits.len()
    }

    /// The starts of `probes` it cannot hold (see [`Missing`]; no headline hashes).
    pub fn missing(&self, probes: &Probes) -> Missing {
        Missing {
            starts: probes
                .starts
                .iter()
                .filter(|(_, h)| !self.may_hold(*h))
                .map(|(s, _)| s.clone())
                .collect(),
            heads: None,
        }
    }

    fn of<'a>(starts: impl IntoIterator<Item = &'a str>) -> Bloom {
        let set: HashSet<&str> = starts.into_iter().collect();
        let n_bits = (set.len() * BITS_PER_START)
            .clamp(64, MAX_BITS)
            .next_multiple_of(8);
        let mut bits = vec![0u8; n_bits / 8];
        for s in set {
            for p in probes(fnv1a(s.as_bytes()), n_bits) {
                bits[p / 8] |= 1 << (p % 8);
            }
        }
        Bloom { bits }
    }

    fn may_hold(&self, hash: u64) -> bool {
        let n_bits = self.bits.len() * 8;
        n_bits > 0
            && probes(hash, n_bits).all(|p| {
                self.bits
                    .get(p / 8)
                    .is_some_and(|b| b & (1 << (p % 8)) != 0)
            })
    }
}

/// One chunk's entry: the filter of its drafts' headline and body words, and each
/// draft's headline hash as the chunk file has it, by id ascending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Words {
    bloom: Bloom,
    heads: std::sync::Arc<[(u64, u64)]>,
}

/// The bytes of run `run`'s index file: `(chunk, key, entry)` in chunk order.
fn encode(run: u64, entries: &[(u64, StatKey, Words)]) -> Vec<u8> {
    derived::encode(MAGIC, run, entries, |words, out| {
        out.extend_from_slice(&(words.bloom.bits.len() as u64).to_le_bytes());
        out.extend_from_slice(&words.bloom.bits);
        out.extend_from_slice(&(words.heads.len() as u64).to_le_bytes());
        for (id, hash) in words.heads.iter() {
            out.extend_from_slice(&id.to_le_bytes());
            out.extend_from_slice(&hash.to_le_bytes());
        }
    })
}

/// The entries of an index file of run `run`, every chunk in the run, ascending, each
/// chunk's drafts of that chunk, ascending; `None` on anything else (a cut, foreign,
/// older or garbled file).
fn decode(bytes: &[u8], run: u64) -> Option<HashMap<u64, (StatKey, Words)>> {
    derived::decode(bytes, MAGIC, run, RUN, |r, k| {
        let len = usize::try_from(r.u64()?).ok()?;
        if len == 0 || len > MAX_BITS / 8 {
            return None;
        }
        let bits = r.take(len)?.to_vec();
        let n = r.u64()?;
        if n > ITEMS_PER_CHUNK {
            return None;
        }
        let mut heads = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let (id, hash) = (r.u64()?, r.u64()?);
            let after_last = heads.last().is_none_or(|&(last, _)| id > last);
            if id / ITEMS_PER_CHUNK != k || !after_last {
                return None;
            }
            heads.push((id, hash));
        }
        Some(Words {
            bloom: Bloom { bits },
            heads: heads.into(),
        })
    })
}

/// A query's word starts, as the index asks for them.
#[derive(Clone, Debug, Default)]
pub struct Probes {
    /// Each start with a space in front (how a folded headline is searched for it), and
    /// its hash.
    starts: Vec<(String, u64)>,
}

impl Probes {
    /// The starts of `words` (folded query words) of 3 characters or more.
    pub fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Probes {
        let mut starts: Vec<(String, u64)> = words
            .into_iter()
            .filter_map(start_of)
            .map(|s| (format!(" {s}"), fnv1a(s.as_bytes())))
            .collect();
        starts.sort();
        starts.dedup();
        Probes { starts }
    }

    /// No word long enough: the index skips nothing.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// The starts a chunk's headlines and bodies cannot hold (asked of
/// [`WordIndex::missing`]), and its drafts' headline hashes: a draft of it is no hit
/// unless its headline was changed since the file (in memory: an unsaved or replayed
/// edit) and has a word with each of them.
#[derive(Clone, Debug, Default)]
pub struct Missing {
    starts: Vec<String>,
    heads: Option<std::sync::Arc<[(u64, u64)]>>,
}

impl Missing {
    /// Is draft `id`'s headline, as the desk holds it, the one its chunk's entry was made
    /// from (its hash the entry's)? Then its words are in the filter, which misses a
    /// query start: no hit, without folding it. No allocation.
    pub fn rules_out_as_filed(&self, id: ItemId, headline: &str) -> bool {
        let Some(heads) = self.heads.as_deref().filter(|_| !self.starts.is_empty()) else {
            return false;
        };
        heads
            .binary_search_by_key(&id.0, |&(i, _)| i)
            .is_ok_and(|x| heads[x].1 == headline_hash(headline))
    }

    /// Can the draft whose folded headline is `headline` (edited since its file) not be a
    /// hit? True when a start missing from its chunk's headlines and bodies starts no word
    /// of the headline either.
    pub fn rules_out(&self, headline_folded: &str) -> bool {
        self.starts
            .iter()
            .any(|s| !headline_folded.contains(s.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// The word index of a desk, read a run at a time as the search asks (not held by the
/// idle desk: the search session holds it).
#[derive(Debug)]
pub struct WordIndex {
    dir: PathBuf,
    runs: HashMap<u64, HashMap<u64, (StatKey, Words)>>,
    /// `items/`, opened once (no link followed) for the chunk files' stats; `None` inside
    /// when it does not open (then no entry is trusted).
    items: Option<Option<Dir>>,
}

impl WordIndex {
    /// The index of the desk in `dir`; nothing is read yet.
    pub fn new(dir: &Path) -> WordIndex {
        WordIndex {
            dir: dir.to_path_buf(),
            runs: HashMap::new(),
            items: None,
        }
    }

    /// The starts of `probes` that chunk `k`'s bodies cannot hold; empty when the chunk
    /// has no entry, its entry is not trusted (the chunk's key differs now: stale,
    /// planted, renamed in), or the filter may hold them all. The chunk file is stat'ed
    /// only when something is missing.
    pub fn missing(&mut self, k: u64, probes: &Probes) -> Missing {
        let dir = &self.dir;
        let run = self.runs.entry(k / RUN).or_insert_with(|| {
            derived::read(dir, &index_name(k / RUN))
                .and_then(|b| decode(&b, k / RUN))
                .unwrap_or_default()
        });
        let Some((key, words)) = run.get(&k) else {
            return Missing::default();
        };
        let missing = words.bloom.missing(probes);
        if missing.is_empty() {
            return Missing::default();
        }
        let items = self
            .items
            .get_or_insert_with(|| Dir::under(dir, Path::new(ITEMS_DIR), false).ok().flatten());
        if !items
            .as_ref()
            .is_some_and(|items| derived::fresh_in(items, &chunk_name(k), key))
        {
            return Missing::default();
        }
        Missing {
            heads: Some(std::sync::Arc::clone(&words.heads)),
            ..missing
        }
    }
}

/// What `rebuild` made.
pub type WordsIndexed = derived::Rebuilt;

/// Make the word index of the desk in `dir` again, whole, from its chunk files (`doctor`).
pub fn rebuild(dir: &Path) -> Result<WordsIndexed, StoreError> {
    rebuild_with(dir, &mut Faults::from_env())
}

pub(crate) fn rebuild_with(dir: &Path, faults: &mut Faults) -> Result<WordsIndexed, StoreError> {
    derived::rebuild::<WordsIndex>(dir, faults)
}

/// The word index's parts for `derived::refresh`.
struct WordsIndex;

impl derived::Index for WordsIndex {
    type Entry = Words;
    const RUN: u64 = RUN;
    fn name(run: u64) -> String {
        index_name(run)
    }
    fn decode(bytes: &[u8], run: u64) -> Option<HashMap<u64, (StatKey, Words)>> {
        decode(bytes, run)
    }
    fn entry(items: &Dir, k: u64, mark_ns: i128, buf: &mut Vec<u8>) -> Option<(StatKey, Words)> {
        entry(items, k, mark_ns, buf)
    }
    fn encode(run: u64, entries: &[(u64, StatKey, Words)]) -> Vec<u8> {
        encode(run, entries)
    }
}

/// After a save or a streamed import wrote chunks `ks`: their entries made again where
/// their run has an index file (`derived::refresh`).
pub(crate) fn refresh(dir: &Path, ks: &[u64], faults: &mut Faults) {
    derived::refresh::<WordsIndex>(dir, ks, faults);
}

/// What an entry reads of a draft in its chunk file.
#[derive(serde::Deserialize)]
struct WordsOf {
    id: ItemId,
    #[serde(default)]
    headline: String,
    #[serde(default)]
    body: Vec<String>,
}

impl super::doc::ChunkItem for WordsOf {
    fn id(&self) -> ItemId {
        self.id
    }
}

/// Chunk `k`'s entry: its headlines' and bodies' word starts and its headline hashes,
/// from the bytes `derived::read_dated` read and dated; `None` when it does not read or
/// parse, was changed too recently, or holds a draft of another chunk or one id twice.
fn entry(items: &Dir, k: u64, mark_ns: i128, buf: &mut Vec<u8>) -> Option<(StatKey, Words)> {
    let key = derived::read_dated(items, k, mark_ns, buf)?;
    let path = items.join(OsStr::new(&chunk_name(k)));
    let (_, drafts) = parse_chunk_of::<WordsOf>(&path, buf, k).ok()?;
    let mut heads: Vec<(u64, u64)> = drafts
        .iter()
        .map(|d| (d.id.0, headline_hash(&d.headline)))
        .collect();
    heads.sort_unstable();
    let n = heads.len();
    heads.dedup_by_key(|(id, _)| *id);
    if heads.len() != n || heads.iter().any(|(id, _)| id / ITEMS_PER_CHUNK != k) {
        return None;
    }
    let headlines: Vec<String> = drafts.iter().map(|d| d.headline.clone()).collect();
    let texts =
        std::iter::once(headlines.as_slice()).chain(drafts.iter().map(|d| d.body.as_slice()));
    Some((
        key,
        Words {
            bloom: bloom_of_bodies(texts),
            heads: heads.into(),
        },
    ))
}

/// The filter of a chunk's bodies, each folded as the search folds it (paragraphs apart).
fn bloom_of_bodies<'a>(bodies: impl Iterator<Item = &'a [String]>) -> Bloom {
    let folded: Vec<String> = bodies.flatten().map(|p| crate::search::fold(p)).collect();
    Bloom::of(folded.iter().flat_map(|f| starts_of(f)))
}

#[cfg(test)]
mod tests;
