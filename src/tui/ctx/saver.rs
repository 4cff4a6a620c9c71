//! Where autosave writes: the store's journal and files in the app, a fake in tests.

use crate::model::{Desk, Edit, Touch};
use crate::store::{SaveReport, Store};

/// Where autosave writes. The real [`Store`] in the app, a fake in tests.
pub trait Saver {
    /// Make one user action durable at once (the store's journal, fsynced), before any
    /// snapshot file is rewritten: kill -9 right after a key press loses nothing.
    fn journal(&mut self, edits: &[Edit]) -> Result<(), String>;
    fn save_touched(&mut self, desk: &Desk, touched: &[Touch]) -> Result<SaveReport, String>;
}

impl Saver for Store {
    fn journal(&mut self, edits: &[Edit]) -> Result<(), String> {
        self.append_journal(edits).map_err(|e| e.to_string())
    }

    fn save_touched(&mut self, desk: &Desk, touched: &[Touch]) -> Result<SaveReport, String> {
        self.save(desk, touched).map_err(|e| e.to_string())
    }
}
