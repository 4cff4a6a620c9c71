//! The lines a command tells (`tell!` on stderr, `report!` on stdout, defined in `cli/mod.rs`).

use std::io::Write;

/// Write one line made safe for a terminal ([`crate::model::text::for_display`]: controls
/// shown as symbols, newlines as spaces, so it stays one line).
pub(super) fn line(to: &mut dyn Write, line: &str) {
    let _ = writeln!(to, "{}", crate::model::text::for_display(line));
}
