//! A draft item: one headline with its text, waiting in the pool.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
pub use thin_vec::ThinVec;

pub use super::body::Body;
use super::text::without_dateline;

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

impl ItemState {
    /// Every state, in the order the desk names them.
    pub const ALL: [ItemState; 4] = [
        ItemState::Pool,
        ItemState::Used,
        ItemState::Spiked,
        ItemState::Held,
    ];
}

/// Which drafts a list shows by state: the one filter behind `list drafts --state` and the
/// desk's state views (`v`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateView {
    shown: [bool; 4],
}

impl Default for StateView {
    fn default() -> Self {
        StateView { shown: [true; 4] }
    }
}

impl StateView {
    /// The views `v` steps through, in order: all, pool, pool and held, used, spiked.
    pub const CYCLE: [&'static [ItemState]; 5] = [
        &ItemState::ALL,
        &[ItemState::Pool],
        &[ItemState::Pool, ItemState::Held],
        &[ItemState::Used],
        &[ItemState::Spiked],
    ];

    pub fn of(states: &[ItemState]) -> Self {
        let mut shown = [false; 4];
        for s in states {
            shown[*s as usize] = true;
        }
        StateView { shown }
    }

    /// `pool,held`: states by name, comma-separated; an unknown name is refused, naming it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut states = Vec::new();
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match ItemState::ALL.iter().find(|s| s.as_str() == name) {
                Some(s) => states.push(*s),
                None => {
                    return Err(format!(
                        "no draft state '{name}': the states are pool, used, spiked, held"
                    ));
                }
            }
        }
        if states.is_empty() {
            return Err("no draft state given: the states are pool, used, spiked, held".into());
        }
        Ok(StateView::of(&states))
    }

    pub fn shows(self, state: ItemState) -> bool {
        self.shown[state as usize]
    }

    pub fn is_all(self) -> bool {
        self.shown.iter().all(|s| *s)
    }

    /// The next view in [`StateView::CYCLE`] (after a view not in it: all).
    pub fn next(self) -> Self {
        let at = Self::CYCLE.iter().position(|v| StateView::of(v) == self);
        let next = at.map_or(0, |i| (i + 1) % Self::CYCLE.len());
        StateView::of(Self::CYCLE[next])
    }

    /// `pool+held`, `all`: what a pane title says.
    pub fn label(self) -> String {
        if self.is_all() {
            return "all".into();
        }
        let names: Vec<&str> = ItemState::ALL
            .iter()
            .filter(|s| self.shows(**s))
            .map(|s| s.as_str())
            .collect();
        names.join("+")
    }
}

pub use super::source::Source;

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
    /// The paragraphs, or "left in its chunk file" in the desk the TUI opens (issue #19).
    #[serde(default)]
    pub body: Body,
    /// Where it came from; an item written before there could be several has one object
    /// under `source`, read into this list.
    ///
    /// `ThinVec` and a boxed stamp (issue #19): most drafts have no tag and no stamp, and
    /// a million drafts each held three empty `Vec`s and a stamp's room (64 bytes) for
    /// them; a `ThinVec` is one pointer, and none is allocated while it is empty.
    #[serde(
        default,
        alias = "source",
        deserialize_with = "super::source::one_or_many",
        skip_serializing_if = "ThinVec::is_empty"
    )]
    pub sources: ThinVec<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<Box<Stamp>>,
    /// The date the item's dateline gives (`Lugano, Switzerland—October 19, 2024:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub tags: ThinVec<String>,
    #[serde(default)]
    pub state: ItemState,
}

impl Item {
    pub fn new(id: ItemId, headline: impl Into<String>, body: Vec<String>) -> Self {
        Item {
            id,
            headline: headline.into(),
            body: Body::from(body),
            sources: ThinVec::new(),
            stamp: None,
            date: None,
            tags: ThinVec::new(),
            state: ItemState::Pool,
        }
    }

    /// The text a bullet made from this item starts with: its lead (see [`BulletFrom`]).
    pub fn bullet_text(&self) -> String {
        self.bullet_from(BulletFrom::Lead)
    }

    /// The paragraphs a bullet can take, in order: the body without the dateline the
    /// first one opens with (the item keeps its date), empty ones left out.
    pub fn paragraphs(&self) -> Vec<&str> {
        self.body
            .lines()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i == 0 {
                    without_dateline(p)
                } else {
                    p.as_str()
                }
            })
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// The text a bullet made from this item says, as the analyst chose: the lead
    /// paragraph, the whole body, or the headline (each without its dateline). An item
    /// with no body gives its headline.
    pub fn bullet_from(&self, from: BulletFrom) -> String {
        let paragraphs = self.paragraphs();
        let headline = without_dateline(&self.headline).trim().to_string();
        match (from, paragraphs.first()) {
            (BulletFrom::Headline, _) | (_, None) => headline,
            (BulletFrom::Lead, Some(lead)) => lead.to_string(),
            (BulletFrom::Body, Some(_)) => paragraphs.join(" "),
        }
    }

    /// The paragraph a bullet saying `text` would pull in next: the one after the last of
    /// this item's paragraphs the bullet holds. A bullet that holds none of them was
    /// edited after it was made from the lead, so it goes on with the second paragraph;
    /// one that says the headline goes on with the lead. `None`: no paragraph is left.
    pub fn next_paragraph(&self, text: &str) -> Option<&str> {
        let paragraphs = self.paragraphs();
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = flat(text);
        let held = paragraphs.iter().rposition(|p| text.contains(&flat(p)));
        let next = match held {
            Some(i) => i + 1,
            None if text == flat(&self.bullet_from(BulletFrom::Headline)) => 0,
            None => 1,
        };
        paragraphs.get(next).copied()
    }

    /// Identity for de-duplication on import: same headline and body is the same item.
    /// A body left on disk kept the fingerprint it had when read.
    pub fn fingerprint(&self) -> u64 {
        let paragraphs = match &self.body {
            Body::Text(p) => p,
            Body::OnDisk { fingerprint } => return *fingerprint,
        };
        let mut h = Fnv::default();
        h.write(self.headline.trim().as_bytes());
        for p in paragraphs {
            h.write(&[0]);
            h.write(p.trim().as_bytes());
        }
        h.0
    }

    /// Drop the body's text, keeping what the desk needs of it (issue #19): the chunk
    /// parser of the desk the TUI opens does this as it reads.
    pub fn leave_body_on_disk(&mut self) {
        if !self.body.is_on_disk() {
            let fingerprint = self.fingerprint();
            self.body = Body::OnDisk { fingerprint };
        }
    }

    /// Put back the text of a body left on disk (read from its chunk file); `false`, and
    /// nothing changed, when the body is already in memory or `body` is not text.
    pub fn fill_body(&mut self, body: Body) -> bool {
        if self.body.is_on_disk() && !body.is_on_disk() {
            self.body = body;
            return true;
        }
        false
    }
}

/// What a bullet made from an item starts from, chosen when assigning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BulletFrom {
    /// The lead paragraph without its dateline: one tight paragraph, as the digest reads.
    #[default]
    Lead,
    /// Every paragraph of the body, joined (without the dateline).
    Body,
    /// The headline alone (without a dateline).
    Headline,
}

impl BulletFrom {
    /// The next choice, for the picker's key: lead, whole body, headline, lead.
    pub fn next(self) -> Self {
        match self {
            BulletFrom::Lead => BulletFrom::Body,
            BulletFrom::Body => BulletFrom::Headline,
            BulletFrom::Headline => BulletFrom::Lead,
        }
    }

    /// In the analyst's words, for the picker's hint line.
    pub fn label(self) -> &'static str {
        match self {
            BulletFrom::Lead => "lead",
            BulletFrom::Body => "whole body",
            BulletFrom::Headline => "headline",
        }
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

#[cfg(test)]
mod state_view_tests {
    use super::{ItemState, StateView};

    #[test]
    fn a_view_shows_the_states_named_and_refuses_unknown_ones() {
        let v = StateView::parse("pool, held").unwrap();
        assert!(v.shows(ItemState::Pool) && v.shows(ItemState::Held));
        assert!(!v.shows(ItemState::Used) && !v.shows(ItemState::Spiked));
        assert_eq!(v.label(), "pool+held");
        let e = StateView::parse("pool,gone").unwrap_err();
        assert!(
            e.contains("'gone'") && e.contains("pool, used, spiked, held"),
            "{e}"
        );
        assert!(StateView::parse(" , ").is_err());
    }

    #[test]
    fn the_cycle_goes_all_pool_pool_held_used_spiked_and_back() {
        let mut v = StateView::default();
        let mut seen = vec![v.label()];
        for _ in 0..5 {
            v = v.next();
            seen.push(v.label());
        }
        assert_eq!(seen, ["all", "pool", "pool+held", "used", "spiked", "all"]);
    }
}

#[cfg(test)]
mod compact_tests {
    use super::*;

    #[test]
    fn a_compact_draft_writes_and_reads_the_same_bytes_as_before() {
        // Issue #19: tags, sources and the body in `ThinVec`s and a boxed stamp are a
        // memory layout only; the chunk files' bytes are those the `Vec`s wrote.
        let mut it = Item::new(ItemId(7), "Port Strike Ends", vec!["Ships wait.".into()]);
        it.tags = vec!["ports".to_string()].into();
        it.sources = vec![Source {
            outlet: Some("Reuters".into()),
            url: Some("https://r.com/a".into()),
            published: None,
            entry: None,
        }]
        .into();
        it.stamp = Some(Box::new(Stamp {
            written: "10:30 PM CEST".into(),
            utc: NaiveTime::from_hms_opt(20, 30, 0),
        }));
        let json = serde_json::to_string(&it).expect("writes");
        assert_eq!(
            json,
            r#"{"id":7,"headline":"Port Strike Ends","body":["Ships wait."],"sources":[{"outlet":"Reuters","url":"https://r.com/a"}],"stamp":{"written":"10:30 PM CEST","utc":"20:30:00"},"tags":["ports"],"state":"pool"}"#
        );
        let back: Item = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, it);
        // Empty ones are still left out, and a draft written before there could be several
        // sources (one object under `source`) still reads into a list of one.
        let bare = Item::new(ItemId(8), "h", Vec::new());
        let json = serde_json::to_string(&bare).expect("writes");
        assert_eq!(json, r#"{"id":8,"headline":"h","body":[],"state":"pool"}"#);
        let old: Item = serde_json::from_str(
            r#"{"id":9,"headline":"h","source":{"publication":"Reuters"},"state":"used"}"#,
        )
        .expect("an old draft reads");
        assert_eq!(old.sources.len(), 1);
        assert_eq!(old.sources[0].outlet.as_deref(), Some("Reuters"));
        assert!(
            std::mem::size_of::<Item>() <= 80,
            "{}",
            std::mem::size_of::<Item>()
        );
    }
}
