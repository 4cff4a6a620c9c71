//! Bodies left in their chunk files (issue #19), read in before a command or the item form
//! needs them.

use super::Ctx;
use crate::model::ItemId;

impl Ctx {
    /// Read in the bodies of `ids` still in their chunk files (issue #19), for a command or
    /// a form that needs them; `false`, said on the status line, when a file did not read.
    /// Reading in changes no draft's content: the lists are not redone.
    pub(in crate::tui) fn read_bodies(&mut self, ids: &[ItemId]) -> bool {
        let on_disk: Vec<ItemId> = ids
            .iter()
            .copied()
            .filter(|id| self.desk.item(*id).is_some_and(|it| it.body.is_on_disk()))
            .collect();
        if on_disk.is_empty() {
            return true;
        }
        let Some(saver) = self.saver.as_mut() else {
            // The desk is still loading: the plan refuses a body on disk, nothing changes.
            return true;
        };
        match saver.fill_bodies(&mut self.desk, &on_disk) {
            Ok(()) => true,
            Err(e) => {
                self.error(e);
                false
            }
        }
    }
}
