//! `last-import.json`: what the last `briefdesk import` into a closed desk added, so that
//! `briefdesk import --undo-last` can take exactly that back (the desk's undo history lives
//! only in a session). Written after the import is saved, removed once taken back.
//!
//! It names each draft with its fingerprint (headline and body) and holds each issue as it
//! was added, and the desk's next ids just after the import: a draft edited, an issue
//! changed, or anything added since (the ids moved) means the import is no longer the last
//! thing that happened, and taking it back is refused.

use std::ffi::OsStr;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::atomic::replace_in_desk;
use super::deskfs::{Dir, read_plain};
use super::error::{StoreError, io_err, json_error};
use crate::model::{Issue, ItemId};

/// The file's name in the desk directory.
pub const LAST_IMPORT: &str = "last-import.json";

/// What the last import added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastImport {
    /// Always `"last-import"`: the file says what it is, as every desk file does.
    pub briefdesk: String,
    pub schema: u32,
    pub at: DateTime<Utc>,
    /// Who imported (the account of the process's uid).
    pub by: String,
    /// The files as named on the command line.
    pub files: Vec<String>,
    /// Each draft added, with its [`Item::fingerprint`](crate::model::Item::fingerprint).
    pub items: Vec<(ItemId, u64)>,
    /// Each issue added, as it was added.
    pub issues: Vec<Issue>,
    /// The desk's next ids just after the import.
    pub next_item_id: u64,
    pub next_issue_id: u64,
}

impl LastImport {
    pub const KIND: &'static str = "last-import";
}

/// Write the record (atomically, through the desk's directory, never through a link).
pub fn write(desk: &Path, record: &LastImport) -> Result<(), StoreError> {
    let mut bytes = serde_json::to_vec_pretty(record)
        .map_err(|e| StoreError::Other(format!("{LAST_IMPORT}: {e}")))?;
    bytes.push(b'\n');
    replace_in_desk(desk, &desk.join(LAST_IMPORT), &bytes)
}

/// The record, `None` when there is none.
pub fn read(desk: &Path) -> Result<Option<LastImport>, StoreError> {
    let path = desk.join(LAST_IMPORT);
    let Some(bytes) = read_plain(desk, LAST_IMPORT)? else {
        return Ok(None);
    };
    let record: LastImport = serde_json::from_slice(&bytes).map_err(|e| json_error(&path, &e))?;
    if record.briefdesk != LastImport::KIND || record.schema != 1 {
        return Err(StoreError::Other(format!(
            "{}: not a record of an import this briefdesk wrote: remove it",
            path.display()
        )));
    }
    Ok(Some(record))
}

/// Remove the record once its import is taken back.
pub fn clear(desk: &Path) -> Result<(), StoreError> {
    let dir = Dir::open(desk)?;
    match dir.unlink(OsStr::new(LAST_IMPORT)) {
        Ok(()) => dir.sync(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_err(&desk.join(LAST_IMPORT), "remove", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> LastImport {
        LastImport {
            briefdesk: LastImport::KIND.into(),
            schema: 1,
            at: Utc::now(),
            by: "ana".into(),
            files: vec!["live.txt".into()],
            items: vec![(ItemId(3), 42)],
            issues: Vec::new(),
            next_item_id: 4,
            next_issue_id: 1,
        }
    }

    #[test]
    fn the_record_reads_back_and_is_cleared() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(read(tmp.path()).unwrap(), None);
        let r = record();
        write(tmp.path(), &r).unwrap();
        assert_eq!(read(tmp.path()).unwrap(), Some(r));
        clear(tmp.path()).unwrap();
        assert_eq!(read(tmp.path()).unwrap(), None);
    }

    #[test]
    fn a_planted_link_is_refused_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let secret = tmp.path().join("secret");
        std::fs::write(&secret, "private").unwrap();
        let desk = tmp.path().join("desk");
        std::fs::create_dir(&desk).unwrap();
        std::os::unix::fs::symlink(&secret, desk.join(LAST_IMPORT)).unwrap();
        assert!(read(&desk).is_err());
        assert!(write(&desk, &record()).is_err());
        assert_eq!(std::fs::read_to_string(&secret).unwrap(), "private");
    }
}
