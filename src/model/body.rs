//! A draft's body: its paragraphs, or "left in its chunk file" (issue #19).
//!
//! At a million drafts the bodies are ~80% of the desk's text; the desk the TUI opens keeps
//! only headlines and metadata in memory and reads a body when it is shown or when a
//! command needs it. A body left on disk holds no text, only what the rest of the desk
//! needs of it without reading it (the import fingerprint). The chunk file is `id / 64`,
//! so it needs no number of its own.
//!
//! The model stays pure: it never reads a file. A command whose plan reads or replaces a
//! body names the drafts in [`Command::drafts_needed`](super::Command::drafts_needed); the
//! store fills them in first (`Store::fill_bodies`). A body still on disk is refused by
//! the plan and by the edits whose inverse must hold the whole draft, and it cannot be
//! written (serializing it is an error), so a forgotten fill-in is an error, never a lost
//! text.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thin_vec::ThinVec;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// The paragraphs, in memory. A `ThinVec` (one pointer): with the tag of `OnDisk`
    /// beside it the body is 16 bytes, not 24, in each of a million drafts (issue #19).
    Text(ThinVec<String>),
    /// Left in the draft's chunk file; `fingerprint` is the draft's
    /// [`Item::fingerprint`](super::Item::fingerprint) as it was read.
    OnDisk { fingerprint: u64 },
}

impl Default for Body {
    fn default() -> Self {
        Body::Text(ThinVec::new())
    }
}

impl From<Vec<String>> for Body {
    fn from(paragraphs: Vec<String>) -> Self {
        Body::Text(paragraphs.into())
    }
}

impl PartialEq<Vec<String>> for Body {
    fn eq(&self, other: &Vec<String>) -> bool {
        matches!(self, Body::Text(p) if p == other)
    }
}

impl PartialEq<Vec<&str>> for Body {
    fn eq(&self, other: &Vec<&str>) -> bool {
        matches!(self, Body::Text(p) if p.iter().map(String::as_str).eq(other.iter().copied()))
    }
}

/// The paragraphs in memory as a slice (none while on disk), as the `Vec` it was gave
/// them: `len`, `iter`, `first`, `join`. Code that must have the text checks
/// [`Body::is_on_disk`] first (the plan and the edits refuse a body on disk).
impl std::ops::Deref for Body {
    type Target = [String];
    fn deref(&self) -> &[String] {
        self.lines()
    }
}

impl std::ops::DerefMut for Body {
    fn deref_mut(&mut self) -> &mut [String] {
        self.lines_mut()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Body {
    fn eq(&self, other: &[&str; N]) -> bool {
        matches!(self, Body::Text(p) if p.iter().map(String::as_str).eq(other.iter().copied()))
    }
}

impl Body {
    pub fn is_on_disk(&self) -> bool {
        matches!(self, Body::OnDisk { .. })
    }

    /// The paragraphs; `None` while the body is on disk.
    pub fn text(&self) -> Option<&[String]> {
        match self {
            Body::Text(p) => Some(p),
            Body::OnDisk { .. } => None,
        }
    }

    /// The paragraphs, none while the body is on disk: for what reads a body only when it
    /// is there (a search over what is in memory, the sanitizer of incoming text). Code
    /// that must have the text checks [`Body::is_on_disk`] or uses [`Body::text`].
    pub fn lines(&self) -> &[String] {
        self.text().unwrap_or(&[])
    }

    /// The paragraphs to change in place; none while on disk.
    pub fn lines_mut(&mut self) -> &mut [String] {
        match self {
            Body::Text(p) => p,
            Body::OnDisk { .. } => &mut [],
        }
    }

    /// Add a paragraph (a reader building a draft); a body on disk becomes this text.
    pub fn push(&mut self, paragraph: String) {
        match self {
            Body::Text(p) => p.push(paragraph),
            Body::OnDisk { .. } => *self = Body::Text(thin_vec::thin_vec![paragraph]),
        }
    }

    /// No paragraph in memory and none on disk (a body on disk is not empty).
    pub fn is_empty(&self) -> bool {
        matches!(self, Body::Text(p) if p.is_empty())
    }
}

/// The paragraphs in memory (none while on disk): what the sanitizer walks.
impl<'a> IntoIterator for &'a Body {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.lines().iter()
    }
}

impl<'a> IntoIterator for &'a mut Body {
    type Item = &'a mut String;
    type IntoIter = std::slice::IterMut<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.lines_mut().iter_mut()
    }
}

/// A body on disk is never written: a chunk, a journal line or an export made from it
/// would drop the text. The store fills it in first; reaching here is a bug, and it fails
/// the write instead of losing the text.
impl Serialize for Body {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Body::Text(p) => p.serialize(s),
            Body::OnDisk { .. } => Err(serde::ser::Error::custom(
                "a draft's text was not read in from its chunk file before writing",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ThinVec::<String>::deserialize(d).map(Body::Text)
    }
}

#[cfg(test)]
mod tests {
    use super::Body;
    use crate::model::{Item, ItemId};

    fn item() -> Item {
        Item::new(
            ItemId(70),
            "Port Strike Ends",
            vec!["Rotterdam—Workers voted.".into(), "Ships wait.".into()],
        )
    }

    #[test]
    fn a_body_left_on_disk_keeps_the_fingerprint_and_no_text() {
        let mut it = item();
        let fingerprint = it.fingerprint();
        it.leave_body_on_disk();
        assert_eq!(it.body, Body::OnDisk { fingerprint });
        assert_eq!(
            it.fingerprint(),
            fingerprint,
            "import de-duplication unchanged"
        );
        assert!(it.body.text().is_none() && it.body.lines().is_empty());
        assert!(!it.body.is_empty(), "on disk is not an empty body");
        // Left on disk twice: still the fingerprint of the text.
        it.leave_body_on_disk();
        assert_eq!(it.fingerprint(), fingerprint);
    }

    #[test]
    fn a_body_on_disk_cannot_be_written_and_a_read_body_writes_as_before() {
        let it = item();
        let json = serde_json::to_string(&it).expect("a body in memory writes");
        assert!(json.contains(r#""body":["Rotterdam—Workers voted.","Ships wait."]"#));
        let back: Item = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, it);
        let mut lean = it.clone();
        lean.leave_body_on_disk();
        let e = serde_json::to_string(&lean).expect_err("on disk: refused");
        assert!(e.to_string().contains("not read in"), "{e}");
    }

    #[test]
    fn filling_in_gives_back_the_very_same_draft() {
        let it = item();
        let mut lean = it.clone();
        lean.leave_body_on_disk();
        assert_ne!(lean, it);
        assert!(lean.fill_body(it.body.clone()));
        assert_eq!(lean, it);
        // A body already in memory is never replaced by what a file says.
        assert!(!lean.fill_body(Body::from(vec!["other".to_string()])));
        assert_eq!(lean, it);
    }

    #[test]
    fn a_body_on_disk_is_never_planned_from_removed_or_replaced() {
        use crate::model::{
            BulletFrom, Command, Desk, Edit, EditError, History, Issue, IssueId, IssueMeta, Section,
        };
        let mut desk = Desk::new();
        let mut lean = item();
        lean.leave_body_on_disk();
        desk.items.insert(lean.id, lean.clone());
        let mut issue = Issue::new(IssueId(1), IssueMeta::default());
        issue
            .sections
            .push(Section::new(crate::model::SectionId(1), "Europe"));
        desk.issues.insert(issue.id, issue);
        let assign = Command::Assign {
            item: ItemId(70),
            issue: IssueId(1),
            section: 0,
            from: BulletFrom::Lead,
        };
        assert_eq!(assign.drafts_needed(&desk), [ItemId(70)]);
        let before = desk.clone();
        let mut history = History::new();
        // The bullet would say the headline: refused, nothing changed.
        assert_eq!(
            history.perform(&mut desk, &assign).err(),
            Some(EditError::TextNotRead(ItemId(70)))
        );
        let purge = Command::Purge {
            items: vec![ItemId(70)],
        };
        assert_eq!(purge.drafts_needed(&desk), [ItemId(70)]);
        assert!(history.perform(&mut desk, &purge).is_err());
        // The edits themselves refuse too: their inverse must hold the whole draft.
        assert_eq!(
            Edit::RemoveItem { id: ItemId(70) }.apply(&mut desk).err(),
            Some(EditError::TextNotRead(ItemId(70)))
        );
        assert_eq!(
            Edit::ReplaceItem { item: item() }.apply(&mut desk).err(),
            Some(EditError::TextNotRead(ItemId(70)))
        );
        assert_eq!(desk, before);
        // A spike needs no body.
        let spike = Command::ToggleSpike { item: ItemId(70) };
        assert!(spike.drafts_needed(&desk).is_empty());
        assert!(history.perform(&mut desk, &spike).is_ok());
        // Read in, the assign makes its bullet from the lead.
        let mut desk = before;
        if let Some(it) = desk.items.get_mut(&ItemId(70)) {
            it.fill_body(item().body);
        }
        history.perform(&mut desk, &assign).expect("assign");
        let bullet = &desk.issues[&IssueId(1)].sections[0].bullets[0];
        assert_eq!(bullet.text, "Rotterdam—Workers voted.");
    }

    #[test]
    fn a_body_costs_no_more_than_the_vec_it_replaced() {
        // A million drafts hold a million of these: "on disk" must not widen the Item
        // (and the `ThinVec` made it narrower: 16 bytes).
        assert!(std::mem::size_of::<Body>() <= std::mem::size_of::<Vec<String>>());
        assert_eq!(std::mem::size_of::<Body>(), 16);
    }
}
