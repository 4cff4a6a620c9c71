//! The rows of the Issue pane: the outline of the current issue, sections and bullets,
//! filtered. The pane that draws them is `panes::outline`.

use crate::filter::Matcher;
use crate::model::{BulletKind, BulletPath, Issue};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKind {
    Section(usize),
    Bullet(BulletPath),
}

pub struct Row {
    pub kind: RowKind,
    pub positions: Vec<usize>,
}

/// Glyph of a bullet: a plain dot for a fact, a diamond for an assessment.
pub fn glyph(kind: BulletKind) -> &'static str {
    match kind {
        BulletKind::Fact => "•",
        BulletKind::Assessment => "◆",
    }
}

/// Rows in reading order: each section, then its bullets and sub-points; filtered when a
/// filter is set (a bullet row matches on its text, a section row on its name).
pub fn rows(issue: Option<&Issue>, query: &str, matcher: &Matcher) -> Vec<Row> {
    let Some(issue) = issue else {
        return Vec::new();
    };
    let outline = issue.outline();
    let mut all: Vec<(RowKind, &str)> = Vec::new();
    let mut next = 0;
    for (s, section) in issue.sections.iter().enumerate() {
        all.push((RowKind::Section(s), section.name.as_str()));
        while let Some((path, b)) = outline.get(next) {
            if path.section != s {
                break;
            }
            all.push((RowKind::Bullet(path.clone()), b.text.as_str()));
            next += 1;
        }
    }
    let q = query.trim();
    if q.is_empty() {
        return all
            .into_iter()
            .map(|(kind, _)| Row {
                kind,
                positions: Vec::new(),
            })
            .collect();
    }
    // Keep reading order so the outline still reads as an outline.
    let mut hits = matcher.filter(all.iter().map(|(_, t)| *t), q);
    hits.sort_by_key(|h| h.index);
    hits.into_iter()
        .filter_map(|h| {
            all.get(h.index).map(|(kind, _)| Row {
                kind: kind.clone(),
                positions: h.positions,
            })
        })
        .collect()
}
