//! briefdesk: a terminal editorial desk for a weekly security digest.
//!
//! `model` is the pure core; `store`, `import` and `export` move it to and from files;
//! `tui` and `cli` are the shells around it.

#[doc(hidden)]
pub mod bench_support;
pub mod cli;
pub mod export;
pub mod filter;
pub mod import;
pub mod malloc;
pub mod model;
pub mod store;
pub mod tui;
