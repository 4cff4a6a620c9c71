//! Where autosave writes: the store's journal and files in the app, a fake in tests.

use crate::model::{Desk, Edit, ItemId, Touch};
use crate::store::{SaveReport, Store};

/// Where autosave writes. The real [`Store`] in the app, a fake in tests.
pub trait Saver {
    /// Make one user action durable at once (the store's journal, fsynced), before any
    /// snapshot file is rewritten: kill -9 right after a key press loses nothing.
    fn journal(&mut self, edits: &[Edit]) -> Result<(), String>;
    fn save_touched(&mut self, desk: &Desk, touched: &[Touch]) -> Result<SaveReport, String>;
    /// Read in the bodies of `ids` left in their chunk files (issue #19), before a command
    /// that needs them is planned. A saver with no files has none on disk.
    fn fill_bodies(&mut self, _desk: &mut Desk, _ids: &[ItemId]) -> Result<(), String> {
        Ok(())
    }
}

impl Saver for Store {
    fn journal(&mut self, edits: &[Edit]) -> Result<(), String> {
        self.append_journal(edits).map_err(|e| e.to_string())
    }

    fn save_touched(&mut self, desk: &Desk, touched: &[Touch]) -> Result<SaveReport, String> {
        self.save(desk, touched).map_err(|e| e.to_string())
    }

    fn fill_bodies(&mut self, desk: &mut Desk, ids: &[ItemId]) -> Result<(), String> {
        Store::fill_bodies(self, desk, ids)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
