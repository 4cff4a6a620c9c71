//! `StoreError`: every store error reads as one line: what went wrong, where, what to do.

use std::path::{Path, PathBuf};

use thiserror::Error;

/// Every store error reads as one line: what went wrong, where, and what to do.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "cannot find a directory for the desk (no --desk, no $BRIEFDESK_DIR, no home directory): pass --desk DIR"
    )]
    NoDeskDir,
    #[error(
        "{} is not a briefdesk desk (no desk.json): pass --desk with a desk directory or an empty one",
        dir.display()
    )]
    NotADesk { dir: PathBuf },
    #[error(
        "{}, line {line}, column {column}: {msg}: fix the file, or restore it from .backup with `briefdesk doctor`",
        path.display()
    )]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        msg: String,
    },
    #[error(
        "{}, line {line}, column {column}: the file ends early (truncated): restore it from .backup with `briefdesk doctor`",
        path.display()
    )]
    Truncated {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error(
        "{}: not a briefdesk {expected} file ({found}): move it out of the desk directory",
        path.display()
    )]
    Foreign {
        path: PathBuf,
        expected: &'static str,
        found: String,
    },
    #[error("{}: written by a newer briefdesk (schema {schema}): upgrade briefdesk", path.display())]
    Newer { path: PathBuf, schema: u64 },
    #[error(
        "{}: {msg}: fix the file, or restore it from .backup with `briefdesk doctor`",
        path.display()
    )]
    Invalid { path: PathBuf, msg: String },
    // The OS reason is in the message, so it is not also a `source` (printed twice).
    #[error("{}: cannot {action}: {cause}: check the path, its permissions and free space", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        cause: std::io::Error,
    },
    #[error(
        "{}: missing: desk.json lists it but it is gone: run `briefdesk doctor --restore` to bring it back from .backup; nothing was changed",
        path.display()
    )]
    Missing { path: PathBuf },
    #[error(
        "{}, line {line}: damaged journal ({msg}); kept as it is{}: nothing was written: run `briefdesk doctor` (then `briefdesk doctor --restore` to replay what can be replayed)",
        path.display(),
        kept.as_ref().map(|k| format!(" and copied to {}", k.display())).unwrap_or_default()
    )]
    JournalDamaged {
        path: PathBuf,
        line: usize,
        msg: String,
        kept: Option<PathBuf>,
    },
    #[error(
        "{} changed on disk by another program: reload (your edit is kept in the journal)",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    /// Test fault injection stopped a write here, as a crash would.
    #[cfg(feature = "crash-points")]
    #[doc(hidden)]
    #[error("{}: simulated crash {point}", path.display())]
    Crashed { point: &'static str, path: PathBuf },
    #[error("{}: opened read-only (review, or another session holds the desk): nothing was written", dir.display())]
    ReadOnly { dir: PathBuf },
    /// Something other than a regular file (a symlink, a FIFO) where a desk file should be.
    #[error(
        "{} is {found}, not a {expected}: someone replaced a desk {expected}; move it away and run `briefdesk doctor`",
        path.display()
    )]
    NotPlain {
        path: PathBuf,
        found: &'static str,
        expected: &'static str,
    },
    /// A file only its owner may write (a review log) belongs to someone else.
    #[error(
        "{} belongs to {owner}, not to {me}: only its author writes a review log; move it away and run `briefdesk doctor`",
        path.display()
    )]
    NotYours {
        path: PathBuf,
        owner: String,
        me: String,
    },
    #[error("{0}")]
    Other(String),
}

impl StoreError {
    /// The disk (or the user's quota) is full: the write can succeed later as it is.
    pub fn is_out_of_space(&self) -> bool {
        matches!(self, StoreError::Io { cause, .. }
            if cause.raw_os_error() == Some(libc::ENOSPC)
                || cause.raw_os_error() == Some(libc::EDQUOT))
    }
}

pub(crate) fn io_err(path: &Path, action: &'static str, cause: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        action,
        cause,
    }
}

/// A serde error in one of our files, as the one-line error naming line and column.
pub(crate) fn json_error(path: &Path, e: &serde_json::Error) -> StoreError {
    let (line, column) = (e.line(), e.column());
    if e.classify() == serde_json::error::Category::Eof {
        return StoreError::Truncated {
            path: path.to_path_buf(),
            line,
            column,
        };
    }
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let msg = if e.classify() == serde_json::error::Category::Syntax {
        format!("not valid JSON ({msg})")
    } else {
        msg
    };
    StoreError::Json {
        path: path.to_path_buf(),
        line,
        column,
        msg,
    }
}
