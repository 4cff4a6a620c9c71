//! A quick read of what `list drafts` prints: id, state, stamp and headline of every
//! draft, without keeping bodies, sources or tags in memory.
//!
//! Every field is still read and type-checked as [`Store::open`](super::Store::open)
//! does (a body must be strings, a date a date), the headers and ids are checked the
//! same way, and the issue files are parsed too: the quick read succeeds only on a desk
//! the full open loads. It gives up (`None`) on anything else, and on a desk whose
//! journal holds edits not saved yet, which only a full open can replay; the caller then
//! opens the desk in full, which gives the same list or the same error as ever.

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{Deserializer, Visitor};

use super::chunks::{self, read_file};
use super::doc::{ChunkItem, parse_chunk_of, parse_issue};
use super::layout::{DESK_FILE, ISSUES_DIR, ITEMS_DIR, JOURNAL_FILE, list_numbered};
use super::manifest::{check_listed, parse_desk_file};
use crate::model::{ItemId, ItemState, Stamp};

/// One line of `list drafts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftHead {
    pub id: ItemId,
    pub headline: String,
    pub state: ItemState,
    /// The stamp as the page wrote it.
    pub stamp: Option<String>,
}

/// A JSON string, checked as a `String` field would be, and not kept.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Checked;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
                Ok(Checked)
            }
        }
        d.deserialize_str(V)
    }
}

/// `Item`, field for field (the same names, defaults and types), keeping what `list`
/// prints.
#[derive(Deserialize)]
#[allow(dead_code)] // body, source, date and tags are read for the checks only
struct ItemHead {
    id: ItemId,
    headline: String,
    #[serde(default)]
    body: Vec<Checked>,
    #[serde(
        default,
        alias = "source",
        deserialize_with = "crate::model::source::one_or_many"
    )]
    sources: Vec<crate::model::Source>,
    #[serde(default)]
    stamp: Option<Stamp>,
    #[serde(default)]
    date: Option<NaiveDate>,
    #[serde(default)]
    tags: Vec<Checked>,
    #[serde(default)]
    state: ItemState,
}

impl ChunkItem for ItemHead {
    fn id(&self) -> ItemId {
        self.id
    }
}

impl ItemHead {
    fn into_head(self) -> DraftHead {
        DraftHead {
            id: self.id,
            headline: self.headline,
            state: self.state,
            stamp: self.stamp.map(|s| s.written),
        }
    }
}

/// Every draft of the desk in `dir`, newest first, as `list drafts` prints them; `None`
/// when only a full open can tell (see the module documentation).
pub fn draft_heads(dir: &Path) -> Option<Vec<DraftHead>> {
    match std::fs::metadata(dir.join(JOURNAL_FILE)) {
        Ok(meta) if meta.len() == 0 => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        _ => return None,
    }
    let desk_path = dir.join(DESK_FILE);
    let (bytes, _) = read_file(&desk_path).ok()?;
    let desk_file = parse_desk_file(&desk_path, &bytes).ok()?;
    let mut odd = Vec::new();
    let chunk_files = list_numbered(&dir.join(ITEMS_DIR), &mut odd).ok()?;
    let issue_files = list_numbered(&dir.join(ISSUES_DIR), &mut odd).ok()?;
    // A missing file: the full open names it.
    check_listed(dir, &desk_file, &chunk_files, &issue_files).ok()?;
    let files: Vec<_> = chunk_files.into_iter().collect();
    let chunks = chunks::read_chunks(&files, parse_chunk_of::<ItemHead>).ok()?;
    // A damaged issue file stops `list drafts` after a full open too.
    for (id, path) in issue_files {
        let (bytes, _) = read_file(&path).ok()?;
        parse_issue(&path, &bytes, id).ok()?;
    }
    let mut heads: Vec<DraftHead> = chunks
        .into_iter()
        .flat_map(|c| c.doc.1.into_iter().map(ItemHead::into_head))
        .collect();
    // Chunks come in id order, and ids sorted in each as written: reversed, newest first.
    heads.reverse();
    heads.sort_by_key(|h| std::cmp::Reverse(h.id));
    Some(heads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn heads_of_full_open(dir: &Path) -> Vec<DraftHead> {
        let (_store, desk, _) = Store::open_read_only(dir).expect("open");
        desk.items_newest_first()
            .map(|i| DraftHead {
                id: i.id,
                headline: i.headline.clone(),
                state: i.state,
                stamp: i.stamp.as_ref().map(|s| s.written.clone()),
            })
            .collect()
    }

    /// A desk of `n` generated drafts (some stamped, some used) and its issues.
    fn desk(n: u64) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().expect("tempdir");
        crate::desk_gen::write_desk(tmp.path(), &crate::desk_gen::desk(n)).expect("write desk");
        tmp
    }

    #[test]
    fn the_quick_read_gives_what_a_full_open_gives() {
        // 5,000 drafts: 79 chunk files, read on several threads.
        let tmp = desk(5_000);
        let quick = draft_heads(tmp.path()).expect("quick read");
        assert_eq!(quick.len(), 5_000);
        assert_eq!(quick, heads_of_full_open(tmp.path()));
        assert!(quick.iter().any(|h| h.stamp.is_some()));
        assert!(quick.iter().any(|h| h.state != ItemState::Pool));
    }

    #[test]
    fn a_journal_with_edits_or_a_damaged_file_needs_the_full_open() {
        let tmp = desk(200);
        assert!(draft_heads(tmp.path()).is_some());
        let journal = tmp.path().join(JOURNAL_FILE);
        std::fs::write(&journal, "{\"seq\":9,\"edits\":[]}\n").expect("write");
        assert!(draft_heads(tmp.path()).is_none());
        std::fs::write(&journal, "").expect("write");
        assert!(draft_heads(tmp.path()).is_some());
        // A body that is not text: the full open refuses the file, so does the quick read.
        let chunk = tmp.path().join(ITEMS_DIR).join("000001.json");
        let text = std::fs::read_to_string(&chunk).expect("read");
        let broken = text.replacen("\"body\": [", "\"body\": [42, ", 1);
        assert_ne!(broken, text);
        std::fs::write(&chunk, broken).expect("write");
        assert!(Store::open_read_only(tmp.path()).is_err());
        assert!(draft_heads(tmp.path()).is_none());
    }

    #[test]
    fn a_damaged_issue_file_needs_the_full_open() {
        let tmp = desk(100);
        let issue = std::fs::read_dir(tmp.path().join(ISSUES_DIR))
            .expect("issues")
            .flatten()
            .map(|e| e.path())
            .next()
            .expect("an issue file");
        std::fs::write(&issue, "{\"briefdesk\": \"issue\"").expect("write");
        assert!(draft_heads(tmp.path()).is_none());
    }
}
