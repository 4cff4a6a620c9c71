//! briefdesk JSON: an issue or a list of drafts, read by `import` and written by `export`
//! and `list --json`.

mod depth;
mod read;
mod write;

pub use read::{parse, parse_repairing};
pub(crate) use write::render;
pub use write::{TerminalSafe, to_string_pretty, to_writer_pretty};
