//! One edition of the digest: sections of bullets, bullets with sub-points.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::item::ItemId;
use super::source::Source;
use super::tlp::Tlp;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IssueId(pub u64);

impl std::fmt::Display for IssueId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Unique within its issue; stays with the bullet when it moves (comments will hang on it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BulletId(pub u64);

/// Unique within its issue; stays with the section when it moves or is renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SectionId(pub u64);

/// A reported fact, or an analytic judgement ("likely", "almost certainly").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BulletKind {
    #[default]
    Fact,
    Assessment,
}

impl BulletKind {
    pub fn toggled(self) -> Self {
        match self {
            BulletKind::Fact => BulletKind::Assessment,
            BulletKind::Assessment => BulletKind::Fact,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bullet {
    pub id: BulletId,
    pub text: String,
    #[serde(default)]
    pub kind: BulletKind,
    /// The draft item this bullet was made from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemId>,
    // Issue #17: where the bullet's statement comes from, and its own marking (with its
    // sub-points), which may be stricter than the issue's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_points: Vec<Bullet>,
    /// The analyst has read the tradecraft findings on this bullet and stands by it: they
    /// are quieted. Not written when false, so a desk that never used it is byte-identical.
    #[serde(default, skip_serializing_if = "is_false")]
    pub checked: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How many levels of sub-points a bullet may have below it: a top-level bullet is level 0,
/// its sub-points level 1, down to level `MAX_DEPTH`. The digest needs 3 or 4; 16 is
/// generous. Every way in (the importers, `>`) refuses deeper, and the store will not save
/// deeper, so every issue file reads back: a level costs 2 JSON nestings, and at 16 the
/// deepest JSON the desk writes (a journal line inserting a whole issue) nests 40 levels,
/// well inside serde_json's limit of 128.
pub const MAX_DEPTH: usize = 16;

/// The one line shown when something would go deeper than [`MAX_DEPTH`].
pub const TOO_DEEP: &str = "sub-points go at most 16 levels deep";

/// An issue with a bullet deeper than [`MAX_DEPTH`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a bullet in section \"{section}\" is {depth} levels deep: {TOO_DEEP}; move it up a level")]
pub struct TooDeep {
    pub section: String,
    pub depth: usize,
}

impl Bullet {
    pub fn new(id: BulletId, text: impl Into<String>) -> Self {
        Bullet {
            id,
            text: text.into(),
            kind: BulletKind::Fact,
            item: None,
            sources: Vec::new(),
            tlp: None,
            sub_points: Vec::new(),
            checked: false,
        }
    }

    /// Levels of sub-points below this bullet: 0 for a bullet without any.
    pub fn height(&self) -> usize {
        self.sub_points
            .iter()
            .map(|s| s.height() + 1)
            .max()
            .unwrap_or(0)
    }

    /// This bullet and every sub-point below it, depth first.
    pub fn walk(&self) -> Vec<&Bullet> {
        let mut out = vec![self];
        for s in &self.sub_points {
            out.extend(s.walk());
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: SectionId,
    pub name: String,
    #[serde(default)]
    pub bullets: Vec<Bullet>,
}

impl Section {
    pub fn new(id: SectionId, name: impl Into<String>) -> Self {
        Section {
            id,
            name: name.into(),
            bullets: Vec::new(),
        }
    }

    /// Bullets and sub-points, counted at every level.
    pub fn bullet_count(&self) -> usize {
        self.bullets.iter().map(|b| b.walk().len()).sum()
    }
}

/// The parts of an issue that are not its sections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueMeta {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tagline: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The heading above the sections ("Global Security Matters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Issue #17: the issue's TLP marking (none by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub id: IssueId,
    #[serde(flatten)]
    pub meta: IssueMeta,
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// Where a bullet is: its section's index, then its index at each level down.
/// `index` is never empty: `[2]` is the third bullet, `[2, 0]` its first sub-point.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BulletPath {
    pub section: usize,
    pub index: Vec<usize>,
}

impl BulletPath {
    pub fn new(section: usize, index: Vec<usize>) -> Self {
        BulletPath { section, index }
    }

    /// The top-level bullet `i` of section `section`.
    pub fn top(section: usize, i: usize) -> Self {
        BulletPath {
            section,
            index: vec![i],
        }
    }

    pub fn depth(&self) -> usize {
        self.index.len().saturating_sub(1)
    }

    /// The path of the bullet that holds this one as a sub-point, if any.
    pub fn parent(&self) -> Option<BulletPath> {
        if self.index.len() < 2 {
            return None;
        }
        let mut p = self.clone();
        p.index.pop();
        Some(p)
    }

    /// Position among its siblings.
    pub fn last(&self) -> usize {
        self.index.last().copied().unwrap_or(0)
    }

    /// The same level, position `i`.
    pub fn with_last(&self, i: usize) -> BulletPath {
        let mut p = self.clone();
        if let Some(l) = p.index.last_mut() {
            *l = i;
        }
        p
    }

    /// The sub-point `i` of this bullet.
    pub fn child(&self, i: usize) -> BulletPath {
        let mut p = self.clone();
        p.index.push(i);
        p
    }
}

impl Issue {
    pub fn new(id: IssueId, meta: IssueMeta) -> Self {
        Issue {
            id,
            meta,
            sections: Vec::new(),
        }
    }

    pub fn bullet(&self, path: &BulletPath) -> Option<&Bullet> {
        let section = self.sections.get(path.section)?;
        let (first, rest) = path.index.split_first()?;
        let mut b = section.bullets.get(*first)?;
        for i in rest {
            b = b.sub_points.get(*i)?;
        }
        Some(b)
    }

    pub fn bullet_mut(&mut self, path: &BulletPath) -> Option<&mut Bullet> {
        let section = self.sections.get_mut(path.section)?;
        let (first, rest) = path.index.split_first()?;
        let mut b = section.bullets.get_mut(*first)?;
        for i in rest {
            b = b.sub_points.get_mut(*i)?;
        }
        Some(b)
    }

    /// The list a bullet at `path` lives in (its siblings), for inserting and removing.
    pub fn siblings_mut(&mut self, path: &BulletPath) -> Option<&mut Vec<Bullet>> {
        let section = self.sections.get_mut(path.section)?;
        match path.parent() {
            None => Some(&mut section.bullets),
            Some(parent) => {
                let (first, rest) = parent.index.split_first()?;
                let mut b = section.bullets.get_mut(*first)?;
                for i in rest {
                    b = b.sub_points.get_mut(*i)?;
                }
                Some(&mut b.sub_points)
            }
        }
    }

    pub fn siblings(&self, path: &BulletPath) -> Option<&Vec<Bullet>> {
        let section = self.sections.get(path.section)?;
        match path.parent() {
            None => Some(&section.bullets),
            Some(parent) => Some(&self.bullet(&parent)?.sub_points),
        }
    }

    /// Every bullet with its path, in reading order (sections, bullets, sub-points).
    pub fn outline(&self) -> Vec<(BulletPath, &Bullet)> {
        fn go<'a>(
            path: BulletPath,
            bullets: &'a [Bullet],
            out: &mut Vec<(BulletPath, &'a Bullet)>,
        ) {
            for (i, b) in bullets.iter().enumerate() {
                let p = path.child(i);
                out.push((p.clone(), b));
                go(p, &b.sub_points, out);
            }
        }
        let mut out = Vec::new();
        for (s, section) in self.sections.iter().enumerate() {
            go(
                BulletPath {
                    section: s,
                    index: Vec::new(),
                },
                &section.bullets,
                &mut out,
            );
        }
        out
    }

    /// A bullet id not used anywhere in this issue.
    pub fn next_bullet_id(&self) -> BulletId {
        let max = self.outline().iter().map(|(_, b)| b.id.0).max();
        BulletId(max.map_or(1, |m| m + 1))
    }

    /// A section id not used in this issue.
    pub fn next_section_id(&self) -> SectionId {
        let max = self.sections.iter().map(|s| s.id.0).max();
        SectionId(max.map_or(1, |m| m + 1))
    }

    pub fn section_index(&self, name: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.name == name)
    }

    pub fn bullet_count(&self) -> usize {
        self.sections.iter().map(Section::bullet_count).sum()
    }

    /// Is every bullet within [`MAX_DEPTH`]? The store checks this before it writes the
    /// issue, so no file it writes is one the desk cannot read back.
    pub fn check(&self) -> Result<(), TooDeep> {
        for s in &self.sections {
            let deepest = s.bullets.iter().map(Bullet::height).max();
            if let Some(depth) = deepest.filter(|&d| d > MAX_DEPTH) {
                return Err(TooDeep {
                    section: s.name.clone(),
                    depth,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One section whose first bullet has sub-points `levels` levels down, one per level.
    pub(crate) fn nested(levels: usize) -> Issue {
        let mut b = Bullet::new(BulletId(levels as u64 + 1), "deepest");
        for i in (1..=levels).rev() {
            let mut up = Bullet::new(BulletId(i as u64), format!("level {}", i - 1));
            up.sub_points.push(b);
            b = up;
        }
        let mut s = Section::new(SectionId(1), "Deep");
        s.bullets.push(b);
        let mut issue = Issue::new(IssueId(1), IssueMeta::default());
        issue.sections.push(s);
        issue
    }

    #[test]
    fn check_allows_max_depth_and_refuses_one_more() {
        assert_eq!(nested(MAX_DEPTH).check(), Ok(()));
        let e = nested(MAX_DEPTH + 1).check().unwrap_err();
        assert_eq!(e.depth, MAX_DEPTH + 1);
        assert_eq!(
            e.to_string(),
            "a bullet in section \"Deep\" is 17 levels deep: sub-points go at most 16 levels deep; move it up a level"
        );
        assert_eq!(
            TOO_DEEP,
            format!("sub-points go at most {MAX_DEPTH} levels deep")
        );
    }
}
