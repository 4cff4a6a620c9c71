//! The desk on disk. (Contract stub: the store helper replaces the bodies.)
//!
//! Layout, one file per thing that changes together, so one edit rewrites a few KB:
//! `desk.json` (schema version), `items/NNNNNN.json` (chunks of items by id),
//! `issues/<id>.json` (one issue each). Every write is atomic.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{Desk, Touch};

/// Every store error reads as one line: what went wrong, where, and what to do.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0}")]
    Other(String),
}

/// Write a file so that it is either the old or the new content, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// What a save wrote, for the status bar and the benchmarks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    pub files: usize,
    pub bytes: u64,
}

/// An open desk directory.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// `--desk DIR`, else `$BRIEFDESK_DIR`, else the platform data directory.
    pub fn resolve_dir(flag: Option<&Path>) -> Result<PathBuf, StoreError> {
        flag.map(Path::to_path_buf)
            .ok_or_else(|| StoreError::Other("stub".into()))
    }

    /// Open the desk in `dir`, creating an empty one if the directory has no desk yet.
    pub fn open(dir: &Path) -> Result<(Store, Desk), StoreError> {
        Ok((
            Store {
                dir: dir.to_path_buf(),
            },
            Desk::new(),
        ))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Write what the touched items and issues need, atomically, file by file.
    pub fn save(&mut self, _desk: &Desk, _touched: &[Touch]) -> Result<SaveReport, StoreError> {
        Ok(SaveReport::default())
    }

    /// Write every file of the desk (a new desk, or after a repair).
    pub fn save_all(&mut self, _desk: &Desk) -> Result<SaveReport, StoreError> {
        Ok(SaveReport::default())
    }
}
