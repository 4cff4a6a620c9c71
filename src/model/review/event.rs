//! What a review log holds: one event a line (a comment, a resolve, a status change), and
//! the comments and transitions they fold into.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::status::Status;
use crate::model::issue::{BulletId, Issue, SectionId};

/// What a comment is about. Bullets and sections are named by id, so a comment stays with
/// its bullet when the bullet moves, is indented or its section is renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Bullet(BulletId),
    Section(SectionId),
    Issue,
}

/// A comment, named by its author and a number in the author's own log.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CommentId {
    pub by: String,
    pub n: u64,
}

impl std::fmt::Display for CommentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.by, self.n)
    }
}

/// What one event records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    Comment {
        n: u64,
        on: Target,
        text: String,
    },
    Resolve {
        comment: CommentId,
    },
    /// A status change. Approval and export carry the issue as it was, so "what changed
    /// since" can be shown later.
    Status {
        to: Status,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        snapshot: Option<Box<Issue>>,
    },
    /// Its author changed the issue (written once per author until the next approval):
    /// who the four-eyes rule keeps from approving it.
    Edited,
}

/// One line of an author's review log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub by: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: CommentId,
    pub at: DateTime<Utc>,
    pub on: Target,
    pub text: String,
    /// Who resolved it, and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<(String, DateTime<Utc>)>,
}

impl Comment {
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }
}

/// One recorded status change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}
