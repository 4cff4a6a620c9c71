//! A draft item: one headline with its text, waiting in the pool.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// Stable id of an item in the desk. Higher ids were added later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(pub u64);

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where an item is in its life: waiting, in an issue, rejected, or kept for later.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemState {
    #[default]
    Pool,
    Used,
    Spiked,
    Held,
}

impl ItemState {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Pool => "pool",
            ItemState::Used => "used",
            ItemState::Spiked => "spiked",
            ItemState::Held => "held",
        }
    }
}

/// Where an item came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A time stamp as the page wrote it (`10:30 PM CEST`) and, when the zone is known, in UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub written: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc: Option<NaiveTime>,
}

/// A draft: headline, body paragraphs, and what we know of its origin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    pub headline: String,
    #[serde(default)]
    pub body: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<Stamp>,
    /// The date the item's dateline gives (`Lugano, Switzerland—October 19, 2024:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub state: ItemState,
}

impl Item {
    pub fn new(id: ItemId, headline: impl Into<String>, body: Vec<String>) -> Self {
        Item {
            id,
            headline: headline.into(),
            body,
            source: None,
            stamp: None,
            date: None,
            tags: Vec::new(),
            state: ItemState::Pool,
        }
    }

    /// The text a bullet made from this item starts with: the body's paragraphs, or the
    /// headline when there is no body.
    pub fn bullet_text(&self) -> String {
        if self.body.is_empty() {
            self.headline.clone()
        } else {
            self.body.join(" ")
        }
    }

    /// Identity for de-duplication on import: same headline and body is the same item.
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fnv::default();
        h.write(self.headline.trim().as_bytes());
        for p in &self.body {
            h.write(&[0]);
            h.write(p.trim().as_bytes());
        }
        h.0
    }
}

/// FNV-1a: a fingerprint that is stable across runs and Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
