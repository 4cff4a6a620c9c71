//! The headlines index (issue #19): what `list drafts` prints of every draft of a run of
//! chunk files, kept beside them as `items/.heads-NNNN`, so the quick read need not parse
//! 590 MB of chunk JSON at a million drafts.
//!
//! It is derived, never the truth. Each chunk's entry carries the chunk file's stat key
//! (length, mtime and ctime in nanoseconds, inode) as it was when the entry was made from
//! its bytes; an entry is used only when the chunk file is still a regular file with that
//! very key, else that chunk is read and parsed as before. A missing, unreadable, planted
//! (symlink, FIFO) or garbled index file is the same as none: never an error, never a
//! different answer. An entry is made only for a chunk whose ctime is older than the
//! index's own temp file (the same file system's clock): a change to the chunk after that
//! moves its ctime, so a same-length rewrite in the same clock tick cannot keep the key.
//!
//! Written atomically (temp, fsync, rename, fsync of `items/`) through `deskfs`, never
//! through a symlink, by `doctor` (`heads::rebuild_index`, through `derived::rebuild`),
//! and by a save or a streamed import for the runs of the chunks it wrote
//! (`derived::refresh`: a run with no file is started). A chunk written any other way keeps a stale entry, which costs its read.

use std::collections::HashMap;
use std::path::Path;

use super::derived;
pub(crate) use super::derived::StatKey;
use super::layout::ITEMS_PER_CHUNK;
use crate::model::{ItemId, ItemState};

/// One line of `list drafts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftHead {
    pub id: ItemId,
    pub headline: String,
    pub state: ItemState,
    /// The stamp as the page wrote it.
    pub stamp: Option<String>,
}

/// Chunk files per index file: a million drafts make 977 files of ~95 KB, so a save
/// rewrites ~95 KB of index for the chunk it wrote (`heads::refresh_index`).
pub(crate) const RUN: u64 = 16;

const MAGIC: &[u8; 8] = b"BDHEADS1";
const NO_STAMP: u32 = u32::MAX;

/// The index file of run `r`: chunks `[r*RUN, (r+1)*RUN)`.
pub(crate) fn index_name(run: u64) -> String {
    format!(".heads-{run:04}")
}

/// One chunk's entry: its key and its drafts, in file order.
pub(crate) type Entry = (StatKey, Vec<DraftHead>);

/// The entries of run `run`'s index file in the desk `dir`, by chunk number; empty when the
/// file is missing, not a regular file, unreadable, or does not decode whole.
pub(crate) fn read_run(dir: &Path, run: u64) -> HashMap<u64, Entry> {
    derived::read(dir, &index_name(run))
        .and_then(|b| decode(&b, run))
        .unwrap_or_default()
}

/// The bytes of run `run`'s index file: `(chunk, key, drafts)` in chunk order.
pub(crate) fn encode(run: u64, entries: &[(u64, StatKey, &[DraftHead])]) -> Vec<u8> {
    derived::encode(MAGIC, run, entries, |heads, out| {
        out.extend_from_slice(&(heads.len() as u64).to_le_bytes());
        for h in *heads {
            out.extend_from_slice(&h.id.0.to_le_bytes());
            let state = ItemState::ALL.iter().position(|s| *s == h.state);
            out.push(state.map_or(u8::MAX, |s| s as u8));
            match &h.stamp {
                Some(s) => put_str(out, s),
                None => out.extend_from_slice(&NO_STAMP.to_le_bytes()),
            }
            put_str(out, &h.headline);
        }
    })
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Longer texts are never in an index (the entry is left out before encoding).
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Can `heads` go in an index (every text shorter than the length marker)?
pub(crate) fn encodable(heads: &[DraftHead]) -> bool {
    heads.iter().all(|h| {
        h.headline.len() < NO_STAMP as usize
            && h.stamp.as_ref().is_none_or(|s| s.len() < NO_STAMP as usize)
    })
}

/// The entries of an index file of run `run`, checked as a chunk's ids are (each in its
/// chunk, ascending) and every chunk in the run, ascending; `None` on anything else.
pub(crate) fn decode(bytes: &[u8], run: u64) -> Option<HashMap<u64, Entry>> {
    derived::decode(bytes, MAGIC, run, RUN, |r, k| {
        let count = r.u64()?;
        if count > ITEMS_PER_CHUNK {
            return None;
        }
        let mut heads = Vec::with_capacity(usize::try_from(count).ok()?);
        let mut last_id = None;
        for _ in 0..count {
            let id = r.u64()?;
            if id / ITEMS_PER_CHUNK != k || last_id.is_some_and(|l| l >= id) {
                return None;
            }
            last_id = Some(id);
            let state = *ItemState::ALL.get(usize::from(*r.take(1)?.first()?))?;
            let stamp = match r.u32()? {
                NO_STAMP => None,
                len => Some(r.text(len)?),
            };
            let len = r.u32()?;
            let headline = r.text(len)?;
            heads.push(DraftHead {
                id: ItemId(id),
                headline,
                state,
                stamp,
            });
        }
        Some(heads)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(id: u64, stamp: Option<&str>) -> DraftHead {
        DraftHead {
            id: ItemId(id),
            headline: format!("Headline {id} — é"),
            state: ItemState::Held,
            stamp: stamp.map(str::to_owned),
        }
    }

    #[test]
    fn an_index_reads_back_and_garbage_reads_as_none() {
        let key = StatKey {
            len: 10,
            mtime_ns: 1,
            ino: 2,
            ctime_ns: 3,
        };
        let a = [head(64, Some("2026-01-01T00:00:00Z")), head(70, None)];
        let b = [head(130, None)];
        let bytes = encode(0, &[(1, key, &a), (2, key, &b)]);
        let got = decode(&bytes, 0).expect("decodes");
        assert_eq!(got.get(&1), Some(&(key, a.to_vec())));
        assert_eq!(got.get(&2), Some(&(key, b.to_vec())));
        // Another run's file, a cut file, any byte changed in the frame: nothing.
        assert!(decode(&bytes, 1).is_none());
        for cut in [0, 8, 20, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], 0).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, 0).is_none());
        // An id outside its chunk.
        let wrong = [head(5, None)];
        assert!(decode(&encode(0, &[(1, key, &wrong)]), 0).is_none());
    }
}
