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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_body_is_read_once_and_a_file_that_does_not_read_is_one_line() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let whole = Item::new(ItemId(3), "Port Strike", vec!["Dockers walked out.".into()]);
        let mut desk = crate::model::Desk::new();
        desk.items.insert(whole.id, whole.clone());
        let (mut store, _) = Store::open(tmp.path()).expect("open");
        store.save_all(&desk).expect("save");
        let mut lean = whole.clone();
        lean.leave_body_on_disk();
        let bodies = Bodies::new(store.body_files());
        let read = bodies.read(&lean).expect("reads");
        assert_eq!(&read[..], &whole.body[..]);
        // Kept: the file gone, the body still shows.
        let chunk = tmp.path().join(crate::store::ITEMS_DIR).join("000000.json");
        std::fs::remove_file(&chunk).expect("rm");
        assert!(bodies.read(&lean).is_ok());
        // Another draft of that file: one line naming it.
        let mut other = Item::new(ItemId(4), "Other", Vec::new());
        other.leave_body_on_disk();
        let e = bodies.read(&other).expect_err("gone");
        assert!(e.contains("000000.json") && !e.contains('\n'), "{e}");
        // No files at all (a desk with nothing to read): one line too.
        assert!(Bodies::default().read(&other).is_err());
    }
}
