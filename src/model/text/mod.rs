//! Untrusted text: what may come in from an import, and what may go out to a terminal; and
//! the dates written in it.
//!
//! One sanitizer in ([`sanitize`], and [`Command::sanitized`](crate::model::Command::sanitized)
//! on every command that brings text in), one display filter out ([`for_display`]).

mod date;
mod dateline;
mod display;
mod line;
mod sanitize;
mod walks;

pub use date::{date_in, find_date};
pub use dateline::{dateline, without_dateline};
pub use display::for_display;
pub use line::{ends_sentence, first_words, one_line, plural, position, trim_layout};
pub use sanitize::{is_bidi_control, is_clean, sanitize, sanitize_in_place};
