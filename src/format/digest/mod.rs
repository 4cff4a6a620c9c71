//! The digest as plain text, in the house layout (seed 000): read by `import`, written by
//! `export --format txt`.

mod read;
mod write;

pub use read::{Glyph, bullet_glyph, looks_like, parse};
pub(crate) use write::render;
