//! What the command line and the desk both do, written once so the two cannot drift apart:
//! publishing an issue (is it approved as it reads, the atomic write, the record of the
//! export) and who is acting when (the account name, the clock).
//!
//! `ops` uses `model` and `store`; `cli` and `tui` use `ops`, never the other way round.

pub mod feeds;
pub mod identity;
pub mod publish;
