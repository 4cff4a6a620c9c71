//! A desk opened newest first, its older drafts still loading (issue #19): what waits for
//! the whole desk, and the cursor kept on its draft when the whole desk arrives.

use super::Ctx;
use crate::tui::action::Action;
use crate::tui::events::Waiting;

impl Ctx {
    /// The Drafts cursor back on the draft it was on before the older drafts arrived,
    /// once the list is ranked (now, or when the worker answers).
    pub(in crate::tui) fn follow_draft(&mut self) {
        let Some(id) = self.waits.follow else {
            return;
        };
        if self.drafts_cache.ranking() {
            return;
        }
        self.waits.follow = None;
        if let Some(row) = self.drafts_cache.row_of(id) {
            self.drafts.cursor = row;
        }
    }

    /// An action that changes the desk or needs the store, asked for while the older
    /// drafts load: it waits, in order, with every key after it, and runs on the draft
    /// selected now once the whole desk is in. Never applied to a part of the desk, never
    /// dropped (a hang-up meanwhile ends the session with nothing written, as before).
    pub(in crate::tui) fn wait_for_desk(&mut self, action: Action) {
        let draft = self.selected_item().map(|i| i.id);
        self.waits.queue.push(Waiting::Action { action, draft });
        self.info(format!(
            "{} waits for the older drafts: it runs once they are in (keys typed meanwhile follow it)",
            action.name().replace('_', " ")
        ));
    }
}
