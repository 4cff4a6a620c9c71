//! Text typed but not yet kept when the session ends without the user (SIGHUP from a
//! dropped SSH connection, SIGTERM, a terminal that stops answering): it becomes a draft
//! item in the pool, tagged [`RECOVERED_TAG`], through the same journal and save as any
//! edit. The next start says so, and the text is there in Drafts to take back.

use super::app::App;
use super::dialogs::Unsaved;
use super::dialogs::editor::{EditPurpose, Editor};
use crate::model::{Command, Item, ItemState};

/// The tag a rescued text carries while it waits in the pool.
pub const RECOVERED_TAG: &str = "recovered";

impl App {
    /// Keep the text of an open inline editor or item form as a recovered draft item.
    /// Returns whether something was kept. Nothing happens when nothing was typed, when the
    /// text is what was there already, or when the desk is read-only.
    pub fn rescue_unsaved(&mut self) -> bool {
        if self.read_only {
            return false;
        }
        let Some(dialog) = self.dialog.take() else {
            return false;
        };
        let (what, body) = match dialog.unsaved(&self.ctx) {
            Unsaved::Text { what, lines } => (what, lines),
            Unsaved::Unchanged => return false,
            Unsaved::NoText => {
                self.dialog = Some(dialog);
                return false;
            }
        };
        let body: Vec<String> = body.into_iter().filter(|l| !l.is_empty()).collect();
        if body.is_empty() {
            return false;
        }
        let mut item = Item::new(
            self.desk.next_item_id(),
            format!("Unsaved {what} (recovered)"),
            body,
        );
        item.tags.push(RECOVERED_TAG.to_string());
        self.perform(Command::AddItems { items: vec![item] })
    }

    /// `$EDITOR` was cut off with the session after it wrote `written`: the text goes into
    /// the bullet's editor box, as if typed there, so [`App::rescue_unsaved`] keeps it.
    pub fn external_cut(&mut self, written: &str) {
        let Some((_, path)) = self.ctx.external.take() else {
            return;
        };
        let text = super::ctx::external_text(written);
        self.dialog = Some(Box::new(Editor::new(EditPurpose::EditBullet(path), &text)));
    }

    /// What to tell the user at start when rescued texts wait in the pool.
    pub fn recovered_notice(&self) -> Option<String> {
        recovered_in(self.desk.items.values())
    }
}

/// What [`App::recovered_notice`] says of these drafts (every draft of a desk: the loading
/// thread counts a million of them off the key loop).
pub fn recovered_in<'a>(items: impl Iterator<Item = &'a Item>) -> Option<String> {
    {
        let n = items
            .filter(|i| i.state == ItemState::Pool && i.tags.iter().any(|t| t == RECOVERED_TAG))
            .count();
        match n {
            0 => None,
            1 => Some("recovered: an unsaved edit is in Drafts, marked (recovered)".to_string()),
            n => Some(format!(
                "recovered: {n} unsaved edits are in Drafts, marked (recovered)"
            )),
        }
    }
}
