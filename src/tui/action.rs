//! The vocabulary of the desk: every thing a key press can ask for.

use crossterm::event::KeyEvent;

/// One user intent. The keymap maps keys to these; `update` is the only place that acts on
/// them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    // Everywhere.
    Quit,
    NextPane,
    PrevPane,
    FocusDrafts,
    FocusIssue,
    FocusPreview,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Filter,
    Palette,
    Help,
    Undo,
    Redo,
    Export,
    SwitchIssue,
    NewIssue,
    // Drafts.
    Assign,
    Spike,
    Hold,
    NewItem,
    EditItem,
    // Issue.
    MoveUp,
    MoveDown,
    Indent,
    Outdent,
    ToggleAssessment,
    MoveToSection,
    EditInline,
    EditExternal,
    NewBullet,
    NewSection,
    Rename,
    Remove,
    // Review (both modes: each writes only its author's own review log).
    Comment,
    Comments,
    SendForReview,
    Approve,
    RequestChanges,
    Changes,
    Resolve,
    // Dialogs.
    Confirm,
    Cancel,
    NextField,
    /// A key no binding claimed, for the text field of an open dialog.
    Input(KeyEvent),
    /// The terminal changed size: rows available for a list page.
    Resize(u16, u16),
    /// `$EDITOR` came back with this text (or an error).
    ExternalEdited(Result<String, String>),
    /// The poller saw the issue file or its review logs change on disk.
    DiskChanged(super::review::Changes),
    /// The Drafts ranking done off the key loop (see `tui::ranker`).
    DraftsRanked(super::ranker::Ranked),
}

impl Action {
    /// Every action a key may be bound to, for the palette and the user keymap file.
    pub const BINDABLE: &'static [Action] = &[
        Action::Quit,
        Action::NextPane,
        Action::PrevPane,
        Action::FocusDrafts,
        Action::FocusIssue,
        Action::FocusPreview,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Filter,
        Action::Palette,
        Action::Help,
        Action::Undo,
        Action::Redo,
        Action::Export,
        Action::SwitchIssue,
        Action::NewIssue,
        Action::Assign,
        Action::Spike,
        Action::Hold,
        Action::NewItem,
        Action::EditItem,
        Action::MoveUp,
        Action::MoveDown,
        Action::Indent,
        Action::Outdent,
        Action::ToggleAssessment,
        Action::MoveToSection,
        Action::EditInline,
        Action::EditExternal,
        Action::NewBullet,
        Action::NewSection,
        Action::Rename,
        Action::Remove,
        Action::Comment,
        Action::Comments,
        Action::SendForReview,
        Action::Approve,
        Action::RequestChanges,
        Action::Changes,
        Action::Resolve,
        Action::Confirm,
        Action::Cancel,
        Action::NextField,
    ];

    /// The name used in the palette and in `keymap.toml`.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::FocusDrafts => "focus_drafts",
            Action::FocusIssue => "focus_issue",
            Action::FocusPreview => "focus_preview",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Filter => "filter",
            Action::Palette => "palette",
            Action::Help => "help",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Export => "export",
            Action::SwitchIssue => "switch_issue",
            Action::NewIssue => "new_issue",
            Action::Assign => "assign",
            Action::Spike => "spike",
            Action::Hold => "hold",
            Action::NewItem => "new_item",
            Action::EditItem => "edit_item",
            Action::MoveUp => "move_up",
            Action::MoveDown => "move_down",
            Action::Indent => "indent",
            Action::Outdent => "outdent",
            Action::ToggleAssessment => "toggle_assessment",
            Action::MoveToSection => "move_to_section",
            Action::EditInline => "edit",
            Action::EditExternal => "edit_in_editor",
            Action::NewBullet => "new_bullet",
            Action::NewSection => "new_section",
            Action::Rename => "rename",
            Action::Remove => "remove",
            Action::Comment => "comment",
            Action::Comments => "comments",
            Action::SendForReview => "send_for_review",
            Action::Approve => "approve",
            Action::RequestChanges => "request_changes",
            Action::Changes => "changes",
            Action::Resolve => "resolve",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::NextField => "next_field",
            Action::Input(_) => "input",
            Action::Resize(..) => "resize",
            Action::ExternalEdited(_) => "external_edited",
            Action::DiskChanged(_) => "disk_changed",
            Action::DraftsRanked(_) => "drafts_ranked",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::BINDABLE.iter().find(|a| a.name() == name).cloned()
    }

    /// One line for the help overlay and the palette.
    pub fn description(&self) -> &'static str {
        match self {
            Action::Quit => "quit (everything is already saved)",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::FocusDrafts => "go to Drafts",
            Action::FocusIssue => "go to Issue",
            Action::FocusPreview => "go to Preview",
            Action::Up => "cursor up",
            Action::Down => "cursor down",
            Action::Top => "first row",
            Action::Bottom => "last row",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Filter => "fuzzy filter this list (Enter keeps, Esc clears)",
            Action::Palette => "command palette",
            Action::Help => "this help",
            Action::Undo => "undo the last edit",
            Action::Redo => "redo",
            Action::Export => "export the issue to a file",
            Action::SwitchIssue => "switch to another issue",
            Action::NewIssue => "start a new issue",
            Action::Assign => "assign the item to a section (picker)",
            Action::Spike => "spike / unspike the item",
            Action::Hold => "hold / release the item",
            Action::NewItem => "new item",
            Action::EditItem => "edit the item",
            Action::MoveUp => "move bullet (or section) up",
            Action::MoveDown => "move bullet (or section) down",
            Action::Indent => "make sub-point of the bullet above",
            Action::Outdent => "promote the sub-point",
            Action::ToggleAssessment => "toggle assessment",
            Action::MoveToSection => "move bullet to another section",
            Action::EditInline => "edit text inline (Enter keeps, Esc cancels)",
            Action::EditExternal => "edit text in $EDITOR",
            Action::NewBullet => "new bullet",
            Action::NewSection => "new section",
            Action::Rename => "rename section or bullet",
            Action::Remove => "remove bullet or section (items back to the pool)",
            Action::Comment => "comment on the selected bullet or section",
            Action::Comments => "list comments (Enter jumps, r resolves)",
            Action::SendForReview => "send the issue for review (asks y/n)",
            Action::Approve => "approve the issue (asks y/n)",
            Action::RequestChanges => "request changes: a note, then y/n",
            Action::Changes => "changes since the last approval or export",
            Action::Resolve => "resolve the selected comment",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel, close, or clear the filter",
            Action::NextField => "next field",
            Action::Input(_)
            | Action::Resize(..)
            | Action::ExternalEdited(_)
            | Action::DiskChanged(_)
            | Action::DraftsRanked(_) => "",
        }
    }

    /// Does this action change the desk (refused in read-only mode)?
    pub fn is_edit(&self) -> bool {
        matches!(
            self,
            Action::Undo
                | Action::Redo
                | Action::NewIssue
                | Action::Assign
                | Action::Spike
                | Action::Hold
                | Action::NewItem
                | Action::EditItem
                | Action::MoveUp
                | Action::MoveDown
                | Action::Indent
                | Action::Outdent
                | Action::ToggleAssessment
                | Action::MoveToSection
                | Action::EditInline
                | Action::EditExternal
                | Action::NewBullet
                | Action::NewSection
                | Action::Rename
                | Action::Remove
        )
    }
}
