//! The vocabulary of the desk: every thing a key press can ask for.
//!
//! One row per action: its variant, its name (the palette, `keymap.toml`), whether it
//! changes the desk (`edit`: refused when read-only; `safe`: allowed, also read-only), and the line help
//! and the palette show. Things that happen to the desk without a key naming them (a
//! resize, a ranking done, a change on disk) are not actions: see [`super::events`].

/// Whether a row's action changes the desk.
macro_rules! is_edit {
    (edit) => {
        true
    };
    (safe) => {
        false
    };
}

macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident: $name:literal, $kind:ident, $description:literal;)*) => {
        /// One user intent. The keymap maps keys to these; `update` is the only place that
        /// acts on them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        impl Action {
            /// Every action, in table order: each may be bound to a key, and the palette
            /// and the user keymap file name them.
            pub const BINDABLE: &'static [Action] = &[$(Action::$variant,)*];

            /// The name used in the palette and in `keymap.toml`.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// One line for the help overlay and the palette.
            pub fn description(&self) -> &'static str {
                match self {
                    $(Action::$variant => $description,)*
                }
            }

            /// Does this action change the desk (refused in read-only mode)?
            pub fn is_edit(&self) -> bool {
                match self {
                    $(Action::$variant => is_edit!($kind),)*
                }
            }
        }
    };
}

actions! {
    // Everywhere.
    Quit: "quit", safe, "quit (everything is already saved)";
    NextPane: "next_pane", safe, "next pane";
    PrevPane: "prev_pane", safe, "previous pane";
    FocusDrafts: "focus_drafts", safe, "go to Drafts";
    FocusIssue: "focus_issue", safe, "go to Issue";
    FocusPreview: "focus_preview", safe, "go to Preview";
    Up: "up", safe, "cursor up";
    Down: "down", safe, "cursor down";
    Top: "top", safe, "first row";
    Bottom: "bottom", safe, "last row";
    PageUp: "page_up", safe, "page up";
    PageDown: "page_down", safe, "page down";
    Filter: "filter", safe, "fuzzy filter this list (Enter keeps, Esc clears)";
    Palette: "palette", safe, "command palette";
    Help: "help", safe, "this help";
    Undo: "undo", edit, "undo the last edit";
    Redo: "redo", edit, "redo";
    Export: "export", safe, "export the issue to a file";
    SwitchIssue: "switch_issue", safe, "switch to another issue";
    NewIssue: "new_issue", edit, "start a new issue";
    EditIssue: "edit_issue", edit, "edit the issue's title, tagline, group, date";
    DeleteIssue: "delete_issue", edit, "delete the issue (asks y/n)";
    // Drafts.
    Assign: "assign", edit, "assign the item to a section (picker)";
    Spike: "spike", edit, "spike / unspike the item";
    Hold: "hold", edit, "hold / release the item";
    NewItem: "new_item", edit, "new item";
    EditItem: "edit_item", edit, "edit the item";
    // Issue.
    MoveUp: "move_up", edit, "move bullet (or section) up";
    MoveDown: "move_down", edit, "move bullet (or section) down";
    Indent: "indent", edit, "make sub-point of the bullet above";
    Outdent: "outdent", edit, "promote the sub-point";
    ToggleAssessment: "toggle_assessment", edit, "toggle assessment";
    MoveToSection: "move_to_section", edit, "move bullet to another section";
    EditInline: "edit", edit, "edit in a box (Enter keeps, Esc asks first)";
    EditExternal: "edit_in_editor", edit, "edit text in $EDITOR";
    NewBullet: "new_bullet", edit, "new bullet";
    NewSection: "new_section", edit, "new section";
    Rename: "rename", edit, "rename section or bullet";
    Remove: "remove", edit, "remove bullet or section (items back to the pool)";
    // Preview.
    RawMarkdown: "raw_markdown", safe, "Preview: raw Markdown or the digest as read";
    // Review (both modes: each writes only its author's own review log).
    Comment: "comment", safe, "comment on the selected bullet or section";
    Comments: "comments", safe, "list comments (Enter jumps, r resolves)";
    SendForReview: "send_for_review", safe, "send the issue for review (asks y/n)";
    Approve: "approve", safe, "approve the issue (asks y/n)";
    RequestChanges: "request_changes", safe, "request changes: a note, then y/n";
    Changes: "changes", safe, "changes since the last approval or export";
    Resolve: "resolve", safe, "resolve the selected comment";
    // Dialogs.
    Confirm: "confirm", safe, "confirm";
    Cancel: "cancel", safe, "cancel, close, or clear the filter";
    NextField: "next_field", safe, "next field";
    // What a bullet starts from; pulling more of its item in.
    BulletFrom: "bullet_from", safe, "bullet from: lead, whole body or headline (picker)";
    PullParagraph: "pull_paragraph", edit, "pull in the item's next paragraph";
    // State views, marks and bulk actions (issue #15).
    StateView: "state_view", safe, "Drafts: next state view (all, pool, …)";
    Mark: "mark", safe, "Drafts: mark / unmark (s, h, a act on all)";
    // Import from inside the desk (issue #15).
    Import: "import", edit, "import a file (Tab completes its path)";
    // Export dialog (issue #15).
    AssessmentStyle: "assessment_style", safe, "export: next assessment style (label, italic, plain)";
    // Tradecraft (issue #16).
    Check: "check", safe, "tradecraft findings (Enter jumps)";
    MarkChecked: "mark_checked", edit, "mark checked: quiet its tradecraft findings";
    LadderLegend: "ladder_legend", safe, "export: append the ladder legend (on / off)";
    // Word search in headlines and bodies (issue #15).
    Search: "search", safe, "Drafts: word search in headline and body";
    // Sources and markings (issue #17).
    Sources: "sources", edit, "a bullet's sources: outlet, URL (form)";
    BulletTlp: "bullet_tlp", edit, "the bullet's own TLP marking, one step up";
    // Feeds in the desk (issue #18).
    Fetch: "fetch", edit, "fetch the desk's feeds (in the background)";
}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::BINDABLE.iter().find(|a| a.name() == name).copied()
    }

    /// Can it run while the older drafts of a desk opened newest first still load? Only
    /// what looks at the desk without changing it or needing the store (moving, panes,
    /// filter, word search, views, marks, help, palette, quit); anything else waits for
    /// the whole desk (see `Ctx::wait_for_desk`). A list, not `!is_edit()`: export, review
    /// and the findings are "safe" but need the store or the desk's settings.
    pub fn works_while_loading(&self) -> bool {
        use Action as A;
        matches!(
            self,
            A::Quit
                | A::NextPane
                | A::PrevPane
                | A::FocusDrafts
                | A::FocusIssue
                | A::FocusPreview
                | A::Up
                | A::Down
                | A::Top
                | A::Bottom
                | A::PageUp
                | A::PageDown
                | A::Filter
                | A::Palette
                | A::Help
                | A::Cancel
                | A::Confirm
                | A::NextField
                | A::RawMarkdown
                | A::StateView
                | A::Mark
                | A::Search
                | A::SwitchIssue
        )
    }
}
