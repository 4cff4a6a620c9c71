//! Bodies read when shown (issue #19): the desk the TUI opens keeps headlines and metadata
//! in memory and leaves each body in its chunk file (`model::Body::OnDisk`). This is where
//! they are read back: for the preview and the word search ([`BodyFiles`], no store
//! needed), before a command that needs them ([`Store::fill_bodies`]) and by a save of a
//! chunk whose other drafts' bodies are on disk (`save.rs`): the file is the truth for
//! every body not in memory.
//!
//! Every read goes through `deskfs` (directories and the file opened without following a
//! link, regular files only) and the one chunk parser, so a planted symlink or a foreign
//! file is refused with one line naming it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::deskfs;
use super::doc::{ChunkItem, parse_chunk, parse_chunk_of};
use super::error::StoreError;
use super::layout::{FileKey, ITEMS_DIR, ITEMS_PER_CHUNK, chunk_name};
use super::open::Store;
use crate::model::{Body, Desk, Item, ItemId};

/// Reads the drafts of a desk's chunk files, for whoever shows a body.
#[derive(Clone, Debug)]
pub struct BodyFiles {
    dir: PathBuf,
}

impl BodyFiles {
    pub fn new(dir: &Path) -> BodyFiles {
        BodyFiles {
            dir: dir.to_path_buf(),
        }
    }

    fn path(&self, k: u64) -> PathBuf {
        self.dir.join(ITEMS_DIR).join(chunk_name(k))
    }

    /// Every draft of chunk file `k` as the file says now, read without following a link.
    pub fn chunk(&self, k: u64) -> Result<Vec<Item>, StoreError> {
        let rel = Path::new(ITEMS_DIR).join(chunk_name(k));
        let path = self.path(k);
        let bytes = deskfs::read_under(&self.dir, &rel)?
            .ok_or(StoreError::Missing { path: path.clone() })?;
        Ok(parse_chunk(&path, &bytes, k)?.1)
    }

    /// The bodies of chunk file `k`, each with its draft, and nothing else of them (every
    /// other field skipped, not kept): what the word search folds.
    pub fn bodies(&self, k: u64) -> Result<Vec<(ItemId, Vec<String>)>, StoreError> {
        let rel = Path::new(ITEMS_DIR).join(chunk_name(k));
        let path = self.path(k);
        let bytes = deskfs::read_under(&self.dir, &rel)?
            .ok_or(StoreError::Missing { path: path.clone() })?;
        let (_, items) = parse_chunk_of::<BodyOf>(&path, &bytes, k)?;
        Ok(items.into_iter().map(|b| (b.id, b.body)).collect())
    }

    /// The body of draft `id`, from its chunk file.
    pub fn body(&self, id: ItemId) -> Result<Vec<String>, StoreError> {
        let k = id.0 / ITEMS_PER_CHUNK;
        let found = self.chunk(k)?.into_iter().find(|it| it.id == id);
        match found.map(|it| it.body) {
            Some(Body::Text(p)) => Ok(p.into()),
            _ => Err(not_in_file(&self.path(k), id)),
        }
    }
}

/// A draft of a chunk file as the word search reads it: its id and its body.
#[derive(serde::Deserialize)]
pub(crate) struct BodyOf {
    id: ItemId,
    #[serde(default)]
    pub(crate) body: Vec<String>,
}

impl ChunkItem for BodyOf {
    fn id(&self) -> ItemId {
        self.id
    }
}

/// A draft the desk holds with its body on disk, and its chunk file does not have it.
fn not_in_file(path: &Path, id: ItemId) -> StoreError {
    StoreError::Invalid {
        path: path.to_path_buf(),
        msg: format!("draft {id} is not in it (its text is kept there)"),
    }
}

impl Store {
    /// The reader of this desk's chunk files, for the preview and the word search.
    pub fn body_files(&self) -> BodyFiles {
        BodyFiles::new(&self.dir)
    }

    /// Read in the bodies of `ids` still on disk, one chunk file read for each chunk they
    /// are in; how many were read. A file another program changed since we read or wrote
    /// it is refused (its bodies may not be the ones the desk holds): nothing is planned
    /// from it. Bodies already read stay read.
    pub fn fill_bodies(&self, desk: &mut Desk, ids: &[ItemId]) -> Result<usize, StoreError> {
        let mut by_chunk: BTreeMap<u64, Vec<ItemId>> = BTreeMap::new();
        for &id in ids {
            if desk.item(id).is_some_and(|it| it.body.is_on_disk()) {
                by_chunk.entry(id.0 / ITEMS_PER_CHUNK).or_default().push(id);
            }
        }
        let files = self.body_files();
        let mut read = 0;
        for (k, wanted) in by_chunk {
            let path = self.key_path(FileKey::Chunk(k));
            if self.changed(&path) {
                return Err(StoreError::ChangedOnDisk { path });
            }
            let mut bodies: BTreeMap<ItemId, Body> = files
                .chunk(k)?
                .into_iter()
                .map(|it| (it.id, it.body))
                .collect();
            for id in wanted {
                let body = bodies.remove(&id).ok_or_else(|| not_in_file(&path, id))?;
                if let Some(it) = desk.items.get_mut(&id)
                    && it.fill_body(body)
                {
                    read += 1;
                }
            }
        }
        Ok(read)
    }

    /// The drafts of chunk `k` ready to write: those whose body is on disk get it from the
    /// file (which the caller checked is as we last saw it). One line naming the file and
    /// `doctor` when it does not read: nothing is written then.
    pub(super) fn whole_items<'a>(
        &self,
        k: u64,
        items: Vec<&'a Item>,
    ) -> Result<Vec<std::borrow::Cow<'a, Item>>, StoreError> {
        use std::borrow::Cow;
        if !items.iter().any(|it| it.body.is_on_disk()) {
            return Ok(items.into_iter().map(Cow::Borrowed).collect());
        }
        let path = self.key_path(FileKey::Chunk(k));
        let cannot = |e: StoreError| {
            StoreError::Other(format!(
                "{}: cannot save: the text of drafts not in memory is read from this file, and it did not read ({e}); nothing was written: run `briefdesk doctor`",
                path.display()
            ))
        };
        let mut bodies: BTreeMap<ItemId, Body> = self
            .body_files()
            .chunk(k)
            .map_err(cannot)?
            .into_iter()
            .map(|it| (it.id, it.body))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            if !it.body.is_on_disk() {
                out.push(Cow::Borrowed(it));
                continue;
            }
            let body = bodies
                .remove(&it.id)
                .ok_or_else(|| cannot(not_in_file(&path, it.id)))?;
            let mut whole = it.clone();
            whole.fill_body(body);
            out.push(Cow::Owned(whole));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
