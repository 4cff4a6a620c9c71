//! What reaches `update`: an action a key (or the palette) asked for, or something that
//! happened to the desk without a key naming it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent};

use super::action::Action;
use super::ranker::Ranked;
use crate::store;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// What a bound key, or the palette, asks for.
    Action(Action),
    /// A key no binding claimed, for the text field of the open dialog or filter.
    Typed(KeyEvent),
    /// The terminal changed size: rows available for a list page.
    Resize(u16, u16),
    /// `$EDITOR` came back with this text (or an error).
    ExternalEdited(Result<String, String>),
    /// The poller saw the issue file or its review logs change on disk.
    DiskChanged(Changes),
    /// The Drafts ranking done off the key loop (see `tui::ranker`).
    DraftsRanked(Ranked),
    /// Text the terminal pasted (bracketed paste): one insertion into the open text field.
    Paste(String),
    /// A click or the wheel (see `tui::mouse`); nothing when the mouse is off.
    Mouse(MouseEvent),
    /// Imports another process queued in the desk's `inbox/` (see `ctx/inbox.rs`).
    Inbox(super::inbox::Arrived),
    /// The feeds fetch's progress, or its end (see `ctx/fetch.rs`).
    Fetched(super::fetch::Fetched),
    /// A turn for the word search's texts, taken a slice at a time between keys (see
    /// `DraftsCache::taking_texts`).
    TakeTexts,
}

impl From<Action> for Event {
    fn from(action: Action) -> Event {
        Event::Action(action)
    }
}

/// What a dialog or a filter being typed gets: a bound action, or a key to type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Action(Action),
    Typed(KeyEvent),
}

/// What the poller saw change on disk since it last looked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// A review log of the issue (someone commented or decided).
    pub review: bool,
    /// The issue file (the editor saved).
    pub issue: bool,
    /// Drafts the editor saved (a reader only), read whole, chunk by chunk.
    pub drafts: Vec<store::follow::Chunk>,
    /// Why the editor's saved drafts could not be read (tried again at the next look).
    pub problem: Option<String>,
}

impl Changes {
    pub fn any(&self) -> bool {
        self.review || self.issue || !self.drafts.is_empty() || self.problem.is_some()
    }
}

/// Typing into a one-line field: printable chars and Backspace. True when it changed.
pub fn edit_line(s: &mut String, key: &KeyEvent) -> bool {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return false;
    }
    match key.code {
        KeyCode::Char(c) if !c.is_control() => {
            s.push(c);
            true
        }
        KeyCode::Backspace => s.pop().is_some(),
        _ => false,
    }
}

/// What waits for the whole desk while the older drafts of a desk opened newest first
/// still load: run in order, once they are in (see `Ctx::wait_for_desk`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// An action that changes the desk or needs the store, and the draft selected when it
    /// was asked for: it runs on that draft (by id), wherever the draft's row is by then.
    Action {
        action: Action,
        draft: Option<crate::model::ItemId>,
    },
    /// A key, paste or click that came after it: in order, as the terminal sent it (it may
    /// type into the dialog the action opens).
    Input(crossterm::event::Event),
}

/// The desk's state while its older drafts load, and just after.
#[derive(Default)]
pub struct Waits {
    /// How far the older drafts are (for the status line), while `loading`.
    pub progress: Option<std::sync::Arc<store::Progress>>,
    /// What waits for the whole desk, in order (see `Ctx::wait_for_desk`).
    pub queue: Vec<Waiting>,
    /// A waiting action runs on this draft (the one selected when it was asked for).
    pub(in crate::tui) acting_on: Option<crate::model::ItemId>,
    /// Put the Drafts cursor back on this draft once the list answers (the older drafts
    /// just arrived, the filter's ranking still on the worker).
    pub(in crate::tui) follow: Option<crate::model::ItemId>,
}
