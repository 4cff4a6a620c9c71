//! `--format html`: one self-contained page, fit to paste into a mail: no external CSS,
//! scripts or fonts, inline styles only, `<meta charset="utf-8">`.
//!
//! `<h1>` title, tagline paragraph, `<h2>` group heading, `<h3>` sections (`<h2>` when there
//! is no group heading, as in md), nested `<ul>`/`<li>` bullets. Assessments are marked
//! `<strong>Assessment:</strong>` (label) or set in `<em>` (italic). Every text is escaped
//! (`& < > " '`) and carries `dir="auto"`, so Hebrew and Persian lines read right to left.
//! The page holds no control characters other than its line breaks.
//!
//! `read` takes such a page back to the same issue (as Markdown does); `syntax` holds the
//! styles and escaping both share (the styles mark a page as the desk's own, any other HTML
//! is refused); `write` writes it.

mod read;
mod syntax;
mod write;

pub use read::{looks_like, parse};
pub use syntax::escape;
pub(crate) use write::render;
