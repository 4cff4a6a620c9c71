//! The bodies Preview reads from their chunk files (issue #19: bodies read when shown): a
//! small cache, so moving back and forth over a few drafts reads each chunk file once.
//!
//! A body left on disk never changes while it is on disk (any edit of it reads it in
//! first), so a body kept here by draft id stays true until the draft is read in.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use crate::model::{Item, ItemId};
use crate::store::BodyFiles;

/// Bodies kept: more than a screen of drafts moved over.
const KEEP: usize = 64;

/// What a read gave: the paragraphs, or the one line saying why not.
type Read = Result<Rc<[String]>, String>;

/// Preview's reader of bodies on disk, with what it read last.
#[derive(Debug, Default)]
pub struct Bodies {
    files: Option<BodyFiles>,
    /// Newest last; drawing only reads `&Ctx`, hence the cell.
    kept: RefCell<VecDeque<(ItemId, Read)>>,
}

impl Bodies {
    pub fn new(files: BodyFiles) -> Bodies {
        Bodies {
            files: Some(files),
            kept: RefCell::default(),
        }
    }

    /// The body of `item`, whose body is on disk: from the cache, else read from its chunk
    /// file. A file that does not read is one line (what, which file, what to do), kept
    /// like a body so a broken file is not read again at every frame.
    pub fn read(&self, item: &Item) -> Read {
        if let Some((_, read)) = self.kept.borrow().iter().find(|(id, _)| *id == item.id) {
            return read.clone();
        }
        let read: Read = match &self.files {
            Some(files) => files
                .body(item.id)
                .map(Rc::from)
                .map_err(|e| format!("the text did not read: {e}")),
            None => Err("the text is in its chunk file, and this desk has no files to read".into()),
        };
        let mut kept = self.kept.borrow_mut();
        if kept.len() >= KEEP {
            kept.pop_front();
        }
        kept.push_back((item.id, read.clone()));
        read
    }
}
