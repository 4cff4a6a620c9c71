//! `desk.json`: the desk's settings, the list of its chunk and issue files, the next ids.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::deskfs;
use super::doc::parse_doc;
use super::error::StoreError;
use super::layout::{DESK_FILE, FileKey, key_path_in};
use crate::model::NextIds;
use crate::model::doc::SCHEMA;
use crate::model::settings::Settings;

/// `desk.json`, read: the settings, and what the store keeps in it.
#[derive(Debug, Default)]
pub(crate) struct DeskFile {
    pub settings: serde_json::Map<String, serde_json::Value>,
    /// `files`: every chunk and issue file the desk holds; `None` in an older desk.json.
    pub listed: Option<Listed>,
    pub next_ids: NextIds,
}

/// The `files` of desk.json, as runs `[first, last]` of chunk numbers and of issue ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Listed {
    pub items: Vec<[u64; 2]>,
    pub issues: Vec<[u64; 2]>,
}

const NEXT_ITEM_KEY: &str = "next_item_id";
const NEXT_ISSUE_KEY: &str = "next_issue_id";
pub(crate) const FILES_KEY: &str = "files";

impl Listed {
    pub(crate) fn of(keys: &BTreeSet<FileKey>) -> Listed {
        fn runs(ns: impl Iterator<Item = u64>) -> Vec<[u64; 2]> {
            let mut out: Vec<[u64; 2]> = Vec::new();
            for n in ns {
                match out.last_mut() {
                    Some(run) if run[1].checked_add(1) == Some(n) => run[1] = n,
                    _ => out.push([n, n]),
                }
            }
            out
        }
        let chunks = keys.iter().filter_map(|k| match k {
            FileKey::Chunk(c) => Some(*c),
            FileKey::Issue(_) => None,
        });
        let issues = keys.iter().filter_map(|k| match k {
            FileKey::Issue(i) => Some(*i),
            FileKey::Chunk(_) => None,
        });
        Listed {
            items: runs(chunks),
            issues: runs(issues),
        }
    }

    /// Every listed file that is not on disk, in order; stops after `limit` (a planted
    /// desk.json may list a run of billions).
    pub(crate) fn missing(
        &self,
        chunks: &BTreeMap<u64, PathBuf>,
        issues: &BTreeMap<u64, PathBuf>,
        limit: usize,
    ) -> Vec<FileKey> {
        let mut out = Vec::new();
        let kinds = [
            (&self.items, chunks, FileKey::Chunk as fn(u64) -> FileKey),
            (&self.issues, issues, FileKey::Issue),
        ];
        for (runs, on_disk, key) in kinds {
            for &[first, last] in runs {
                for n in first..=last {
                    if out.len() >= limit {
                        return out;
                    }
                    if !on_disk.contains_key(&n) {
                        out.push(key(n));
                    }
                }
            }
        }
        out
    }
}

pub(crate) fn parse_desk_file(path: &Path, bytes: &[u8]) -> Result<DeskFile, StoreError> {
    let mut map: serde_json::Map<String, serde_json::Value> = parse_doc(path, bytes, "desk")?;
    map.remove("briefdesk");
    map.remove("schema");
    let invalid = |msg: String| StoreError::Invalid {
        path: path.to_path_buf(),
        msg,
    };
    let mut next = |key: &str| match map.remove(key) {
        None => Ok(0),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| invalid(format!("\"{key}\" is {v}, not a whole number"))),
    };
    let next_ids = NextIds {
        item: next(NEXT_ITEM_KEY)?,
        issue: next(NEXT_ISSUE_KEY)?,
    };
    let listed = match map.remove(FILES_KEY) {
        None => None,
        Some(v) => {
            let listed: Listed = serde_json::from_value(v).map_err(|e| {
                invalid(format!(
                    "\"{FILES_KEY}\" is not the list of the desk's files ({e})"
                ))
            })?;
            if let Some([a, b]) = listed
                .items
                .iter()
                .chain(&listed.issues)
                .find(|[a, b]| a > b)
            {
                return Err(invalid(format!(
                    "\"{FILES_KEY}\" has the run [{a}, {b}], which ends before it starts"
                )));
            }
            Some(listed)
        }
    };
    Ok(DeskFile {
        settings: map,
        listed,
        next_ids,
    })
}

/// desk.json's settings typed; a bad value is one line naming the file and the key.
pub(crate) fn typed_settings(
    path: &Path,
    map: &serde_json::Map<String, serde_json::Value>,
) -> Result<Settings, StoreError> {
    Settings::read(map).map_err(|e| setting_error(path, &e))
}

/// A setting that does not read, as one line naming desk.json.
pub(crate) fn setting_error(path: &Path, e: &str) -> StoreError {
    StoreError::Other(format!(
        "{}: {e}: fix the setting (`briefdesk settings`) and try again",
        path.display()
    ))
}

/// The settings of the desk in `dir`, read from desk.json as it is now, without opening the
/// desk: a reviewer's session and `review approve` read them at the moment they decide.
/// No desk.json: the defaults.
///
/// For the four-eyes decision: only `review.require_other_approver` must read (a bad
/// ladder setting is the tradecraft check's business, and reads as the default here).
pub fn read_settings(dir: &Path) -> Result<Settings, StoreError> {
    let Some(bytes) = deskfs::read_plain(dir, DESK_FILE)? else {
        return Ok(Settings::default());
    };
    let path = dir.join(DESK_FILE);
    let map = parse_desk_file(&path, &bytes)?.settings;
    Ok(Settings {
        require_other_approver: crate::model::settings::four_eyes(&map)
            .map_err(|e| setting_error(&path, &e))?,
        ladder: crate::model::settings::ladder(&map).unwrap_or_default(),
    })
}

/// The first file desk.json lists that is not on disk, as the error every open gives.
pub(crate) fn check_listed(
    dir: &Path,
    desk_file: &DeskFile,
    chunks: &BTreeMap<u64, PathBuf>,
    issues: &BTreeMap<u64, PathBuf>,
) -> Result<(), StoreError> {
    let Some(listed) = &desk_file.listed else {
        return Ok(());
    };
    match listed.missing(chunks, issues, 1).first() {
        Some(&key) => Err(StoreError::Missing {
            path: key_path_in(dir, key),
        }),
        None => Ok(()),
    }
}

/// The bytes of `desk.json` (at `path`, for messages): header, next ids, the file list,
/// then the settings kept as they were.
pub(crate) fn render_desk_file(
    path: &Path,
    settings: &serde_json::Map<String, serde_json::Value>,
    held: &BTreeSet<FileKey>,
    next_ids: NextIds,
) -> Result<Vec<u8>, StoreError> {
    let mut map = serde_json::Map::new();
    map.insert("briefdesk".into(), "desk".into());
    map.insert("schema".into(), SCHEMA.into());
    map.insert(NEXT_ITEM_KEY.into(), next_ids.item.into());
    map.insert(NEXT_ISSUE_KEY.into(), next_ids.issue.into());
    let listed = serde_json::to_value(Listed::of(held))
        .map_err(|e| StoreError::Other(format!("cannot encode the file list: {e}")))?;
    map.insert(FILES_KEY.into(), listed);
    map.extend(settings.clone());
    let mut bytes = serde_json::to_vec_pretty(&map)
        .map_err(|e| StoreError::Other(format!("{}: cannot encode: {e}", path.display())))?;
    bytes.push(b'\n');
    Ok(bytes)
}
