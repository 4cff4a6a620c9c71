//! The documents on disk (chunk files, issue files) and their one parser: the header
//! checked (ours, a schema we know), then the body read and checked.

use std::collections::BTreeSet;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::error::{StoreError, json_error};
use super::layout::{ITEMS_DIR, ITEMS_PER_CHUNK, chunk_name};
use crate::model::doc::SCHEMA;
use crate::model::{Issue, Item, ItemId};

#[derive(Deserialize)]
pub(crate) struct Header {
    briefdesk: Option<serde_json::Value>,
    schema: Option<serde_json::Value>,
}

#[derive(Serialize)]
pub(crate) struct ChunkOut<'a> {
    pub briefdesk: &'static str,
    pub schema: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub seq: u64,
    pub items: Vec<&'a Item>,
}

/// What a chunk file holds an item as: the whole `Item`, or the quick list's head of it
/// (every field type-checked, only some kept).
pub(crate) trait ChunkItem: DeserializeOwned + Send {
    fn id(&self) -> ItemId;
}

impl ChunkItem for Item {
    fn id(&self) -> ItemId {
        self.id
    }
}

/// A chunk file's body: its sequence number and its items.
#[derive(Deserialize)]
#[serde(bound = "I: DeserializeOwned")]
pub(crate) struct ChunkOf<I> {
    #[serde(default)]
    pub seq: u64,
    pub items: Vec<I>,
}

/// A chunk of whole items (the tests read one with `parse_doc`).
#[cfg(test)]
pub(crate) type ChunkIn = ChunkOf<Item>;

/// A chunk and its header in one pass: the fast path of [`parse_chunk_of`].
#[derive(Deserialize)]
#[serde(bound = "I: DeserializeOwned")]
struct ChunkWithHeader<I> {
    briefdesk: Option<serde_json::Value>,
    schema: Option<serde_json::Value>,
    #[serde(default)]
    seq: u64,
    items: Vec<I>,
}

#[derive(Serialize)]
pub(crate) struct IssueOut<'a> {
    pub briefdesk: &'static str,
    pub schema: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub seq: u64,
    #[serde(flatten)]
    pub issue: &'a Issue,
}

#[derive(Deserialize)]
struct IssueIn {
    #[serde(default)]
    seq: u64,
    #[serde(flatten)]
    issue: Issue,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Parse one of our documents: check it is a briefdesk `kind` file of a schema we know,
/// then read it as `T`.
pub(crate) fn parse_doc<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    kind: &'static str,
) -> Result<T, StoreError> {
    // A JSON array or string would pass for a struct in serde: only an object is ours.
    if let Some(&first) = bytes.iter().find(|b| !b.is_ascii_whitespace())
        && first != b'{'
        && matches!(first, b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
    {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            expected: kind,
            found: "not a JSON object".into(),
        });
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        if e.classify() == serde_json::error::Category::Data {
            StoreError::Foreign {
                path: path.to_path_buf(),
                expected: kind,
                found: "not a JSON object".into(),
            }
        } else {
            json_error(path, &e)
        }
    })?;
    check_header(path, kind, &header)?;
    serde_json::from_slice(bytes).map_err(|e| json_error(path, &e))
}

/// Is this a briefdesk `kind` file of a schema we know?
pub(crate) fn check_header(
    path: &Path,
    kind: &'static str,
    header: &Header,
) -> Result<(), StoreError> {
    let foreign = |found: String| StoreError::Foreign {
        path: path.to_path_buf(),
        expected: kind,
        found,
    };
    match &header.briefdesk {
        Some(serde_json::Value::String(s)) if s == kind => {}
        Some(v) => return Err(foreign(format!("\"briefdesk\" is {v}"))),
        None => return Err(foreign("no \"briefdesk\" key".into())),
    }
    let schema = header
        .schema
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| StoreError::Invalid {
            path: path.to_path_buf(),
            msg: "no schema number".into(),
        })?;
    if schema > u64::from(SCHEMA) {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            schema,
        });
    }
    Ok(())
}

/// A chunk file, checked: every item in it belongs to chunk `k`, no id twice.
pub(crate) fn parse_chunk(
    path: &Path,
    bytes: &[u8],
    k: u64,
) -> Result<(u64, Vec<Item>), StoreError> {
    parse_chunk_of(path, bytes, k)
}

/// The one chunk parser: `parse_chunk` for items of type `I`.
pub(crate) fn parse_chunk_of<I: ChunkItem>(
    path: &Path,
    bytes: &[u8],
    k: u64,
) -> Result<(u64, Vec<I>), StoreError> {
    // One pass when the file is well formed (every chunk of a healthy desk); only a file
    // that does not read goes through `parse_doc`, for the same error as ever (a foreign or
    // newer file is named as such before its content is judged).
    let object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let fast = if object {
        serde_json::from_slice::<ChunkWithHeader<I>>(bytes).ok()
    } else {
        None
    };
    let doc = match fast {
        Some(full) => {
            let header = Header {
                briefdesk: full.briefdesk,
                schema: full.schema,
            };
            check_header(path, "items", &header)?;
            ChunkOf {
                seq: full.seq,
                items: full.items,
            }
        }
        None => parse_doc::<ChunkOf<I>>(path, bytes, "items")?,
    };
    // Ids come sorted in a file we wrote: check order and range in one walk, no set.
    let mut prev: Option<ItemId> = None;
    let mut sorted = true;
    for item in &doc.items {
        if item.id().0 / ITEMS_PER_CHUNK != k {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                msg: format!(
                    "item {} belongs in {}/{}, not in this chunk",
                    item.id(),
                    ITEMS_DIR,
                    chunk_name(item.id().0 / ITEMS_PER_CHUNK)
                ),
            });
        }
        sorted &= prev.is_none_or(|p| p < item.id());
        prev = Some(item.id());
    }
    if sorted {
        return Ok((doc.seq, doc.items));
    }
    let mut ids = BTreeSet::new();
    for item in &doc.items {
        if !ids.insert(item.id()) {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                msg: format!("item {} is in the file twice", item.id()),
            });
        }
    }
    Ok((doc.seq, doc.items))
}

/// An issue file, checked: its name is its id.
pub(crate) fn parse_issue(path: &Path, bytes: &[u8], id: u64) -> Result<(u64, Issue), StoreError> {
    let doc: IssueIn = parse_doc(path, bytes, "issue")?;
    if doc.issue.id.0 != id {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            msg: format!("holds issue {} but is named for issue {id}", doc.issue.id),
        });
    }
    Ok((doc.seq, doc.issue))
}
