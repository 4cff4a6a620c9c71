//! The file formats: what the desk reads in and writes out.
//!
//! One folder (or file) per format, its reader and writer side by side with the syntax they
//! share: `markdown/` (`syntax`, `read`, `write`), `digest/` (the house text layout: `read`,
//! and `write` for `--format txt`), `json/` (`read` with its `depth` check, `write`),
//! `live.rs` (read only) and `html/` (`syntax`, `read`, `write`: the desk's own pages only).
//!
//! The entry points sit above the formats and nothing under them imports them back:
//! [`import`] decodes, detects, parses and plans an import into commands; [`export`] renders
//! an issue. The readers answer in `imported.rs`'s types (`Imported`, `ImportError`), the writers
//! in `render.rs`'s (`Exported`, `Options`); `import` and `export` name them for callers.

pub mod digest;
pub mod export;
pub mod html;
pub mod import;
mod imported;
pub mod json;
pub mod legend;
pub mod live;
pub mod markdown;
pub mod marking;
pub mod mojibake;
mod render;
pub mod stream;
