//! The JSON documents briefdesk writes and reads back: `export --format json` and
//! `list drafts --json`. A `schema` number lets a newer file be refused with a clear word.

use serde::{Deserialize, Serialize};

use super::issue::Issue;
use super::item::Item;

/// The schema version of the JSON documents (and the desk files) this build writes.
pub const SCHEMA: u32 = 1;

/// `{"briefdesk": "issue", "schema": 1, "id": .., "title": .., "sections": [..]}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueDoc {
    /// Always `"issue"`: tells our files from any other JSON.
    pub briefdesk: String,
    pub schema: u32,
    #[serde(flatten)]
    pub issue: Issue,
}

/// `{"briefdesk": "items", "schema": 1, "items": [..]}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemsDoc {
    /// Always `"items"`.
    pub briefdesk: String,
    pub schema: u32,
    pub items: Vec<Item>,
}

impl IssueDoc {
    pub fn new(issue: Issue) -> Self {
        IssueDoc {
            briefdesk: "issue".into(),
            schema: SCHEMA,
            issue,
        }
    }
}

impl ItemsDoc {
    pub fn new(items: Vec<Item>) -> Self {
        ItemsDoc {
            briefdesk: "items".into(),
            schema: SCHEMA,
            items,
        }
    }
}
