//! Markdown: what `briefdesk export --format md` writes and `import` reads back.

mod cite;
mod read;
mod syntax;
mod write;

pub use read::{looks_like, parse};
pub use syntax::{ASSESSMENT_LABEL, date_from_title, escape, unescape};
pub(crate) use write::render;
