//! Following the drafts another session saves, for a reader (a reviewer, a desk opened
//! read-only): which item chunk files changed since the last look, read again.
//!
//! The editor appends to `journal.jsonl` before it saves anything, and empties it after,
//! so the journal's stamp moves with every action. A poll is then one stat while nothing
//! happens; only when the journal moved are the chunk files stat'ed, and only the chunks
//! that changed are read. Chunk files are replaced atomically, so a read sees a whole file.

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::chunks::read_chunk;
use super::error::{StoreError, io_err};
use super::layout::{ITEMS_DIR, ITEMS_PER_CHUNK, JOURNAL_FILE, chunk_name, numbered_json};
use crate::model::{Desk, Item, ItemId};

/// Inode, size, modification time: what a writer changes at least one of.
type Stamp = (u64, u64, i64, i64);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = fs::metadata(path).ok()?;
    Some((m.ino(), m.len(), m.mtime(), m.mtime_nsec()))
}

pub struct DraftsFollower {
    dir: PathBuf,
    journal: Option<Stamp>,
    chunks: HashMap<u64, Stamp>,
}

impl DraftsFollower {
    /// Start following from the desk as it is on disk now (call it right after the open).
    pub fn new(dir: &Path) -> DraftsFollower {
        let mut f = DraftsFollower {
            dir: dir.to_path_buf(),
            journal: stamp(&dir.join(JOURNAL_FILE)),
            chunks: HashMap::new(),
        };
        f.chunks = f.chunk_stamps().unwrap_or_default();
        f
    }

    fn chunk_stamps(&self) -> Result<HashMap<u64, Stamp>, StoreError> {
        let items = self.dir.join(ITEMS_DIR);
        let rd = match fs::read_dir(&items) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
            Err(e) => return Err(io_err(&items, "list", e)),
        };
        let mut out = HashMap::new();
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(k) = numbered_json(&name)
                && let Some(s) = stamp(&entry.path())
            {
                out.insert(k, s);
            }
        }
        Ok(out)
    }

    /// The chunks that changed on disk since the last look, read whole (an empty list of
    /// items for a chunk file that is gone); nothing when the journal did not move. On an
    /// error (a chunk that does not read) nothing is taken as seen: the next poll tries
    /// again. Give what it returns to [`apply`].
    pub fn poll(&mut self) -> Result<Vec<Chunk>, StoreError> {
        let journal = stamp(&self.dir.join(JOURNAL_FILE));
        if journal == self.journal {
            return Ok(Vec::new());
        }
        let now = self.chunk_stamps()?;
        let mut changed: Vec<u64> = now
            .iter()
            .filter(|(k, s)| self.chunks.get(k) != Some(s))
            .map(|(k, _)| *k)
            .collect();
        changed.extend(self.chunks.keys().filter(|k| !now.contains_key(k)));
        changed.sort_unstable();
        let mut read = Vec::new();
        for k in changed {
            let path = self.dir.join(ITEMS_DIR).join(chunk_name(k));
            let items = read_chunk::<Item>(&path, k)?.map_or_else(Vec::new, |c| c.doc.1);
            read.push(Chunk { k, items });
        }
        self.journal = journal;
        self.chunks = now;
        Ok(read)
    }
}

/// One chunk file's items as read from disk: the drafts with ids in `[k*64, (k+1)*64)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub k: u64,
    pub items: Vec<Item>,
}

/// Put chunks read by [`DraftsFollower::poll`] into the desk, each replacing every draft
/// of its id range.
pub fn apply(desk: &mut Desk, chunks: Vec<Chunk>) {
    for Chunk { k, items } in chunks {
        let range = ItemId(k * ITEMS_PER_CHUNK)..ItemId((k + 1) * ITEMS_PER_CHUNK);
        let old: Vec<ItemId> = desk.items.range(range).map(|(id, _)| *id).collect();
        for id in old {
            desk.items.remove(&id);
        }
        for item in items {
            desk.items.insert(item.id, item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, ItemState};
    use crate::store::Store;

    #[test]
    fn a_reader_follows_the_editors_saved_drafts() -> Result<(), Box<dyn std::error::Error>> {
        let t = tempfile::tempdir()?;
        let dir = t.path().join("desk");
        let (mut editor, mut desk) = Store::open(&dir)?;
        let save = |store: &mut Store, desk: &mut Desk, edit: Edit| -> Result<(), StoreError> {
            let touch = edit.touches();
            store.append_journal(std::slice::from_ref(&edit))?;
            edit.apply(desk)
                .map_err(|e| StoreError::Other(e.to_string()))?;
            store.save(desk, &[touch])?;
            Ok(())
        };
        for i in 1..=70 {
            let item = Item::new(ItemId(i), format!("Headline {i}"), vec!["Body.".into()]);
            save(&mut editor, &mut desk, Edit::InsertItem { item })?;
        }
        let (_reader, mut seen, _) = Store::open_read_only(&dir)?;
        let mut follow = DraftsFollower::new(&dir);
        assert!(follow.poll()?.is_empty(), "nothing changed yet");

        // The editor spikes one draft, removes another, adds one in a new chunk.
        let mut spiked = desk.items[&ItemId(3)].clone();
        spiked.state = ItemState::Spiked;
        save(&mut editor, &mut desk, Edit::ReplaceItem { item: spiked })?;
        save(&mut editor, &mut desk, Edit::RemoveItem { id: ItemId(66) })?;
        let item = Item::new(ItemId(130), "Late news", vec!["Body.".into()]);
        save(&mut editor, &mut desk, Edit::InsertItem { item })?;

        let chunks = follow.poll()?;
        assert_eq!(
            chunks.iter().map(|c| c.k).collect::<Vec<_>>(),
            [0, 1, 2],
            "the three chunks written, no other"
        );
        apply(&mut seen, chunks);
        assert_eq!(seen.items, desk.items);
        assert!(follow.poll()?.is_empty(), "and then quiet again");

        // A chunk that does not read: an error, and nothing taken as seen.
        let mut held = desk.items[&ItemId(5)].clone();
        held.state = ItemState::Held;
        save(&mut editor, &mut desk, Edit::ReplaceItem { item: held })?;
        fs::write(
            dir.join(ITEMS_DIR).join("000000.json"),
            "{\"briefdesk\": \"items\"",
        )?;
        assert!(follow.poll().is_err());
        assert!(follow.poll().is_err(), "tried again, not taken as seen");
        Ok(())
    }
}
