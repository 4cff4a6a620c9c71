//! The desk as data: items, issues, sections, bullets, and the edits on them.
//!
//! Pure: no files, no terminal, no clock. Everything the TUI and the command line change
//! goes through [`Command`] -> [`Edit`]s, so undo/redo is exact and the store knows what
//! changed.

pub mod body;
mod command;
mod desk;
pub mod details;
pub mod diff;
pub mod doc;
mod edit;
mod history;
pub(crate) mod issue;
mod item;
pub mod review;
pub mod settings;
pub mod source;
pub mod text;
pub mod tlp;
pub mod tradecraft;
pub mod word_diff;

pub use command::Command;
pub use command::Plan;
pub use desk::{Desk, NextIds};
pub use edit::{Edit, EditError, Touch};
pub use history::{Done, History, Step};
pub use issue::{
    Bullet, BulletId, BulletKind, BulletPath, Issue, IssueId, IssueMeta, Section, SectionId,
};
pub use issue::{MAX_DEPTH, TOO_DEEP, TooDeep};
pub use item::{Body, BulletFrom, Item, ItemId, ItemState, Stamp, StateView};
pub use review::{Review, Status};
pub use source::Source;
pub use tlp::Tlp;

#[cfg(test)]
mod tests;
