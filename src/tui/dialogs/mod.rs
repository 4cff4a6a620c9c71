//! The dialogs over the panes, one file each with its state, its keys and its drawing.
//!
//! At most one is open (`App::dialog`). `update` takes it out, hands it the key, and puts
//! back what the [`Outcome`] says: the same dialog, none, or the next one. Adding a dialog
//! is a file here and its row in the `dialogs!` table below.

use std::any::Any;

use ratatui::Frame;

use super::action::Action;
use super::ctx::{Ctx, Reading};
use super::events::Input;
pub use super::events::edit_line;
use super::keymap::Context;
use super::layout::Areas;
use crate::model::review::Status;
use crate::model::text::for_display;

/// The dialogs, one row each: its module, then the pane actions that open it and how (the
/// dialog, or `None` when it cannot open now and the status line says why). A dialog whose
/// purpose the pane keys choose (picker, editor, form, export) or that another dialog opens
/// has no action here.
macro_rules! dialogs {
    ($($module:ident $(: $($action:ident => $open:expr),+)?;)*) => {
        $(pub mod $module;)*

        /// The dialog the panes open for `action`; `None` when no dialog answers it.
        pub fn opened_by(ctx: &mut Ctx, action: Action) -> Option<Option<Box<dyn Dialog>>> {
            match action {
                $($($(Action::$action => Some(opening(ctx, $open)),)+)?)*
                _ => None,
            }
        }
    };
}

fn opening<D: Dialog>(
    ctx: &mut Ctx,
    open: impl FnOnce(&mut Ctx) -> Option<D>,
) -> Option<Box<dyn Dialog>> {
    open(ctx).map(|d| Box::new(d) as Box<dyn Dialog>)
}

dialogs! {
    changes: Changes => |_| Some(changes::Changes::default());
    comments: Comments => |_| Some(comments::Comments::default());
    confirm: SendForReview => |ctx| confirm::ask(ctx, Status::InReview, String::new()),
        Approve => |ctx| confirm::ask(ctx, Status::Approved, String::new());
    delete_issue: DeleteIssue => delete_issue::ask;
    editor;
    export;
    form;
    issue_form: NewIssue => issue_form::new_issue, EditIssue => issue_form::edit;
    help: Help => |_| Some(help::Help::default());
    note: Comment => note::comment, RequestChanges => note::request_changes;
    palette: Palette => |_| Some(palette::Palette::default());
    picker;
}

/// What a dialog asks for after a key.
pub enum Outcome {
    /// Keep it open.
    Stay,
    /// Close it.
    Close,
    /// Close it and open this one instead.
    Open(Box<dyn Dialog>),
    /// Close it and do this action, as if its key was pressed in the pane.
    Run(Action),
}

/// A dialog's text when the session ends without the user.
pub enum Unsaved {
    /// Not a dialog that edits text: it stays as it is.
    NoText,
    /// The text is what was there already: the dialog closes, nothing is kept.
    Unchanged,
    /// Typed text: what it was (for the rescued draft's headline) and its lines.
    Text { what: String, lines: Vec<String> },
}

pub trait Dialog: Any {
    /// Where its keys are read in the key table.
    fn context(&self) -> Context;
    /// A bound action, or a key for its text field.
    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome;
    /// Draw it over the panes (`areas`: where they are). Reads only.
    fn render(&self, ctx: &Ctx, frame: &mut Frame, areas: &Areas);
    /// A paste (already sanitized) for its text field, as one insertion; false when the
    /// dialog has no field to take it now.
    fn paste(&mut self, _text: &str) -> bool {
        false
    }
    /// What it holds that is typed and not yet kept, for when the session ends without
    /// the user (see `tui::rescue`). Most dialogs hold no such text.
    fn unsaved(&self, _app: &Ctx) -> Unsaved {
        Unsaved::NoText
    }
}

/// A dialog that only shows text (help, changes): it reads a [`Reading`] and can change
/// nothing but itself. Every `Overlay` is a [`Dialog`].
pub trait Overlay: Any {
    /// Where its keys are read in the key table.
    fn context(&self) -> Context;
    /// A bound action (scroll, close).
    fn handle(&mut self, seen: Reading<'_>, input: Input) -> Outcome;
    /// Draw it over the panes. Reads only.
    fn render(&self, seen: Reading<'_>, frame: &mut Frame, areas: &Areas);
}

impl<T: Overlay> Dialog for T {
    fn context(&self) -> Context {
        Overlay::context(self)
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        Overlay::handle(self, ctx.reading(), input)
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, areas: &Areas) {
        Overlay::render(self, ctx.reading(), frame, areas);
    }
}

impl dyn Dialog {
    /// This dialog as its own type, when it is one.
    pub fn downcast_ref<T: Dialog>(&self) -> Option<&T> {
        (self as &dyn Any).downcast_ref()
    }

    pub fn downcast_mut<T: Dialog>(&mut self) -> Option<&mut T> {
        (self as &mut dyn Any).downcast_mut()
    }
}

/// A short quote for a headline: the first words of `s`, at most `max` chars.
pub fn quote(s: &str, max: usize) -> String {
    let s = for_display(s.trim());
    if s.chars().count() <= max {
        return format!("“{s}”");
    }
    let cut: String = s.chars().take(max).collect();
    format!("“{}…”", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Desk;
    use crate::tui::ctx::Config;

    #[test]
    fn the_table_opens_each_dialog_from_its_action_and_nothing_else() {
        let mut ctx = Ctx::new(Desk::default(), None, Config::default());
        for (action, context) in [
            (Action::Help, Context::Help),
            (Action::Palette, Context::Palette),
            (Action::Changes, Context::Changes),
            (Action::Comments, Context::Comments),
        ] {
            let opened = opened_by(&mut ctx, action).flatten().map(|d| d.context());
            assert_eq!(opened, Some(context), "{action:?}");
        }
        // No issue yet: the question is not asked, and the status line says why.
        assert!(matches!(opened_by(&mut ctx, Action::Approve), Some(None)));
        assert!(ctx.status.is_some());
        assert!(opened_by(&mut ctx, Action::Up).is_none());
        assert!(opened_by(&mut ctx, Action::Export).is_none());
    }
}
