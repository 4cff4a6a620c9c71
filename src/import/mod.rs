//! Bringing text in: digest text (seed 000 shape), live-updates pages (seed 003 shape),
//! Markdown exported by briefdesk, and briefdesk JSON. (Contract stub.)

pub mod markdown;

use thiserror::Error;

use crate::model::{Command, Desk, Issue, Item};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A finished digest as plain text: title, tagline, sections, `•` bullets.
    Digest,
    /// A live-updates page: headlines newest first, `UPDATE:` stamps.
    Live,
    /// Markdown written by `briefdesk export`.
    Markdown,
    /// briefdesk JSON (an issue, or a list of items).
    Json,
}

/// What a file held. Ids inside are placeholders until [`plan`] gives them real ones.
#[derive(Clone, Debug, PartialEq)]
pub enum Imported {
    Issue(Issue),
    Items(Vec<Item>),
}

/// One line: what is wrong, where (line, column), what to do.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{0}")]
    Other(String),
}

/// What an import will do, to tell the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub items_added: usize,
    pub items_skipped_duplicate: usize,
    pub issues_added: usize,
    pub issues_skipped_duplicate: usize,
}

/// Guess the format from the text.
pub fn detect(_text: &str) -> Option<Format> {
    None
}

/// Read raw bytes (a file, or stdin) as `format`, or the detected format.
pub fn parse(_bytes: &[u8], _format: Option<Format>) -> Result<Imported, ImportError> {
    Err(ImportError::Other("stub".into()))
}

/// Give the imported things real ids on this desk and drop what the desk already has.
pub fn plan(_desk: &Desk, _imported: Imported) -> (Vec<Command>, ImportReport) {
    (Vec::new(), ImportReport::default())
}
