//! What reaches `update`: an action a key (or the palette) asked for, or something that
//! happened to the desk without a key naming it.

use crossterm::event::KeyEvent;

use super::action::Action;
use super::ranker::Ranked;
use super::review::Changes;

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
