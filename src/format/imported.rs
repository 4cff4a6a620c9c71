//! What a file held, or why it could not be read: the readers' common answer.

use thiserror::Error;

use super::mojibake::Repairs;
use crate::model::{Issue, Item};

/// What a file held. Ids inside are placeholders until [`plan`](super::import::plan) gives
/// them real ids.
#[derive(Clone, Debug, PartialEq)]
pub enum Imported {
    Issue(Issue),
    /// Several issues: what `briefdesk list issues --json` prints.
    Issues(Vec<Issue>),
    Items(Vec<Item>),
}

/// A file read: what it held, and the mis-decoded characters put back on the way in.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub what: Imported,
    pub repaired: Repairs,
}

/// One line: what is wrong, where (line, column), what to do. The caller prefixes the file
/// path. Lines and columns count from 1; columns count characters, not bytes.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("the file is empty: nothing to import; check that this is the file you meant")]
    Empty,
    #[error(
        "binary data (a NUL byte) at line {line}, column {column}: not a text file; import digest or live-updates text, Markdown or briefdesk JSON"
    )]
    Binary { line: usize, column: usize },
    #[error("UTF-16 text: briefdesk reads UTF-8; save the file as UTF-8 and import it again")]
    Utf16,
    #[error(
        "not UTF-8 text: invalid byte 0x{byte:02X} at line {line}, column {column}; save the file as UTF-8 and import it again"
    )]
    NotUtf8 {
        line: usize,
        column: usize,
        byte: u8,
    },
    #[error("could not tell the format; pass --format digest|live|markdown|json|html")]
    Undetected,
    #[error(
        "invalid JSON at line {line}, column {column}: {message}; fix the file or export it again from briefdesk"
    )]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "not a briefdesk file: JSON without a \"briefdesk\" key{found}; import a file written by `briefdesk export --format json` or `briefdesk list drafts|issues --json`"
    )]
    Foreign { found: String },
    #[error(
        "written by a newer briefdesk (schema {found}, this one reads up to {supported}): upgrade briefdesk to import it"
    )]
    NewerSchema { found: u64, supported: u32 },
    #[error(
        "not a briefdesk schema: {at}\"schema\" {found} (schema numbers start at 1); export the file again from briefdesk"
    )]
    BadSchema { at: String, found: String },
    #[error("{message} at line {line}; {hint}")]
    Structure {
        line: usize,
        message: String,
        hint: &'static str,
    },
    #[error(
        "a sub-point {depth} levels deep at line {line}, column {column}: {}; move it up a level (indent it less)",
        crate::model::TOO_DEEP
    )]
    TooDeep {
        line: usize,
        column: usize,
        depth: usize,
    },
    #[error("{what}; {hint}")]
    Nothing {
        what: &'static str,
        hint: &'static str,
    },
    #[error("{0}")]
    Other(String),
}
