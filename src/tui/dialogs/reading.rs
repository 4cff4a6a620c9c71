//! What a dialog that only shows text sees (kept beside the dialogs, so `ctx` does not
//! import back from a child of its own): a read-only view of the [`Ctx`], with no desk
//! to change, no saver, no status line to write.

use crate::model::Issue;
use crate::model::review::Review;
use crate::tui::ctx::{Ctx, Focus};
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;

/// The theme, the key table, the focused pane, and the current issue with its review.
#[derive(Clone, Copy)]
pub struct Reading<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    /// The pane under the dialog (help lists its keys).
    pub focus: Focus,
    pub issue: Option<&'a Issue>,
    /// The current issue's review, as last read.
    pub review: &'a Review,
}

impl Ctx {
    /// The read-only view for a dialog that only shows text.
    pub fn reading(&self) -> Reading<'_> {
        Reading {
            theme: &self.theme,
            keymap: &self.keymap,
            focus: self.focus,
            issue: self.current_issue(),
            review: &self.review.current,
        }
    }
}
