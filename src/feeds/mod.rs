//! Feeds: the pool fills itself from the sources the shop follows (RSS, Atom, JSON Feed;
//! the list exchanged as OPML).
//!
//! Pure parts and the network apart: `list` (the feed list and its checks), `rules` (spike
//! or drop on arrival), `entry` (feed bytes to entries), `canon` (a link's canonical form),
//! `near` (near-identical headlines), `merge` (entries to new drafts, what the desk already
//! holds recognised through hash maps, never a scan per entry), `opml`, and `http` (the one
//! module that talks to the network). `ops::feeds` puts them together for the command line.

pub mod canon;
pub mod entry;
pub mod http;
pub mod list;
pub mod merge;
pub mod near;
pub mod opml;
pub mod rules;

pub use entry::{Entry, FeedError};
pub use list::{Feed, FeedList};

/// The feed list's file in the desk.
pub const FEEDS_FILE: &str = "feeds.json";
