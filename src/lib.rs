//! briefdesk: a terminal editorial desk for a weekly security digest.
//!
//! `model` is the pure core; `store` and `format` move it to and from files;
//! `ops` is what the shells both do (publishing, identity, the clock);
//! `tui` and `cli` are the shells around it.

pub mod cli;
pub mod feeds;
pub mod filter;
pub mod format;
pub mod malloc;
pub mod model;
pub mod ops;
pub mod search;
pub mod store;
pub mod tui;

// Test desks for the unit tests: the generator lives with the test support, outside the
// shipped library; it names the crate `briefdesk`, as the benches and examples do.
#[cfg(test)]
extern crate self as briefdesk;
#[cfg(test)]
#[path = "../tests/support/desk_gen.rs"]
pub(crate) mod desk_gen;
