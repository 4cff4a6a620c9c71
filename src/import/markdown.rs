//! Markdown written by `briefdesk export --format md`, read back to the same issue. (Stub.)

use crate::model::Issue;

use super::ImportError;

pub fn parse(_text: &str) -> Result<Issue, ImportError> {
    Err(ImportError::Other("stub".into()))
}

/// Does this text look like a briefdesk Markdown export?
pub fn looks_like(_text: &str) -> bool {
    false
}
