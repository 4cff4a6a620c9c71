//! The dialogs over the panes, one file each with its state, its keys and its drawing.
//!
//! At most one is open (`App::dialog`). `update` takes it out, hands it the key, and puts
//! back what the [`Outcome`] says: the same dialog, none, or the next one. Adding a dialog
//! is a file here and its row in the `dialogs!` table below.

use super::action::Action;
use super::ctx::Ctx;
use crate::model::review::Status;

mod dialog;
mod reading;
pub use dialog::{Dialog, Outcome, Overlay, Unsaved, quote};
pub use reading::Reading;

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
    ask;
    changes: Changes => |_| Some(changes::Changes::default());
    comments: Comments => |_| Some(comments::Comments::default());
    confirm: SendForReview => |ctx| confirm::ask(ctx, Status::InReview, String::new()),
        Approve => |ctx| confirm::ask(ctx, Status::Approved, String::new());
    delete_issue: DeleteIssue => delete_issue::ask;
    editor;
    export;
    findings: Check => |_| Some(findings::Findings::default());
    form;
    issue_form: NewIssue => issue_form::new_issue, EditIssue => issue_form::edit;
    help: Help => |_| Some(help::Help::default());
    import: Import => |_| Some(import::Import::default());
    note: Comment => note::comment, RequestChanges => note::request_changes;
    palette: Palette => |_| Some(palette::Palette::default());
    picker;
    // Issue #17: the selected bullet's sources.
    sources: Sources => sources::open;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Desk;
    use crate::tui::ctx::Config;
    use crate::tui::keymap::Context;

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
