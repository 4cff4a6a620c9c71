//! What every dialog is: the [`Dialog`] trait (keys in, an [`Outcome`] out, drawing), the
//! read-only [`Overlay`] kind, and what a dialog leaves unsaved. Kept apart from the table of
//! dialogs in `mod.rs`, so that no dialog imports from the module that names it.

use std::any::Any;

use crossterm::event::MouseEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::reading::Reading;
use crate::model::text::for_display;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::events::Input;
use crate::tui::hit::{self, Gesture};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

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
    /// A click or the wheel anywhere on `screen` (the dialog is drawn over it). Most
    /// dialogs take no mouse: the event does nothing, wherever it is.
    fn mouse(&mut self, _ctx: &mut Ctx, _screen: Rect, _event: &MouseEvent) -> Outcome {
        Outcome::Stay
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

    /// The wheel scrolls the text, as `j` and `k` do; a click does nothing.
    fn mouse(&mut self, ctx: &mut Ctx, _screen: Rect, event: &MouseEvent) -> Outcome {
        match hit::gesture(event) {
            Some(Gesture::Wheel(_, action)) => {
                Overlay::handle(self, ctx.reading(), Input::Action(action))
            }
            _ => Outcome::Stay,
        }
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

/// The answer to "throw away what you typed?" (the editor box and the item form): `y`
/// closes and says so, `n` or `Esc` goes back to the text (`asking` cleared).
pub fn answer_discard(ctx: &mut Ctx, asking: &mut bool, input: Input) -> Outcome {
    match input {
        Input::Action(Action::Confirm) => {
            ctx.info("edit thrown away");
            Outcome::Close
        }
        Input::Action(Action::Cancel) => {
            *asking = false;
            Outcome::Stay
        }
        _ => Outcome::Stay,
    }
}
