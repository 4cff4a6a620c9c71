//! What changed in an issue between two versions: bullets added, removed, edited, moved;
//! sections added, removed, renamed, moved. Bullets and sections are matched by id, so a
//! moved bullet is one move, not a removal and an addition.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use serde::Serialize;

use super::issue::{Bullet, BulletId, BulletKind, Issue, SectionId};
use super::word_diff::Mark;

/// Where a bullet sits: its section, its parent bullet (for a sub-point), its place there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub section: String,
    #[serde(skip)]
    section_id: SectionId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<BulletId>,
    /// 1-based, among its siblings.
    pub position: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    SectionAdded {
        name: String,
    },
    SectionRemoved {
        name: String,
    },
    SectionRenamed {
        from: String,
        to: String,
    },
    SectionMoved {
        name: String,
        from: usize,
        to: usize,
    },
    Added {
        id: BulletId,
        at: Place,
        text: String,
    },
    Removed {
        id: BulletId,
        from: Place,
        text: String,
    },
    Edited {
        id: BulletId,
        at: Place,
        before: String,
        after: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<(BulletKind, BulletKind)>,
    },
    Moved {
        id: BulletId,
        from: Place,
        to: Place,
        text: String,
    },
}

/// Where a bullet is, in words: `Europe, bullet 2` or `Europe, sub-point 1`.
fn place_words(p: &Place) -> String {
    match p.parent {
        Some(_) => format!("{}, sub-point {}", p.section, p.position),
        None => format!("{}, bullet {}", p.section, p.position),
    }
}

impl Change {
    /// One line, for the terminal and `briefdesk diff`.
    pub fn describe(&self) -> String {
        self.describe_marked().into_iter().map(|(_, t)| t).collect()
    }

    /// [`Change::describe`]'s line in pieces, the changed words of an edit marked (and
    /// still bracketed), for a screen that colours them (`D`).
    pub fn describe_marked(&self) -> Vec<(Mark, String)> {
        if let Change::Edited {
            at, before, after, ..
        } = self
            && before != after
        {
            let mut out = vec![(Mark::Same, format!("~ {}: ", place_words(at)))];
            out.extend(super::word_diff::pieces(before, after));
            let whole = self.describe_plain();
            let said: usize = out.iter().map(|(_, t)| t.len()).sum();
            // What follows the words (`(now an assessment)`), as plain text.
            if let Some(rest) = whole.get(said..)
                && !rest.is_empty()
            {
                out.push((Mark::Same, rest.to_string()));
            }
            return out;
        }
        vec![(Mark::Same, self.describe_plain())]
    }

    fn describe_plain(&self) -> String {
        let short = |t: &str| super::text::first_words(t, 12);
        let place = place_words;
        match self {
            Change::SectionAdded { name } => format!("+ section \"{name}\""),
            Change::SectionRemoved { name } => format!("- section \"{name}\""),
            Change::SectionRenamed { from, to } => {
                format!("~ section \"{from}\" renamed \"{to}\"")
            }
            Change::SectionMoved { name, from, to } => {
                format!("> section \"{name}\" moved from {from} to {to}")
            }
            Change::Added { at, text, .. } => format!("+ {}: {}", place(at), short(text)),
            Change::Removed { from, text, .. } => format!("- {}: {}", place(from), short(text)),
            Change::Edited {
                at,
                before,
                after,
                kind,
                ..
            } => {
                // The changed words themselves, with their neighbours (#15 point 6).
                let text = if before == after {
                    short(after)
                } else {
                    super::word_diff::inline(before, after)
                };
                let mut s = format!("~ {}: {text}", place(at));
                if let Some((_, to)) = kind {
                    s.push_str(match to {
                        BulletKind::Assessment => " (now an assessment)",
                        BulletKind::Fact => " (now a reported fact)",
                    });
                }
                s
            }
            Change::Moved { from, to, text, .. } => {
                format!("> {} -> {}: {}", place(from), place(to), short(text))
            }
        }
    }

    /// The bullet this change is about, if it is about one.
    pub fn bullet(&self) -> Option<BulletId> {
        match self {
            Change::Added { id, .. }
            | Change::Removed { id, .. }
            | Change::Edited { id, .. }
            | Change::Moved { id, .. } => Some(*id),
            _ => None,
        }
    }
}

/// A bullet's parent: its section, and its bullet when it is a sub-point.
type Parent = (SectionId, Option<BulletId>);

struct Seen<'a> {
    bullet: &'a Bullet,
    place: Place,
    order: usize,
}

fn index(issue: &Issue) -> HashMap<BulletId, Seen<'_>> {
    fn walk<'a>(
        bullets: &'a [Bullet],
        section: &str,
        section_id: SectionId,
        parent: Option<BulletId>,
        out: &mut HashMap<BulletId, Seen<'a>>,
    ) {
        for (i, b) in bullets.iter().enumerate() {
            let order = out.len();
            out.insert(
                b.id,
                Seen {
                    bullet: b,
                    place: Place {
                        section: section.to_string(),
                        section_id,
                        parent,
                        position: i + 1,
                    },
                    order,
                },
            );
            walk(&b.sub_points, section, section_id, Some(b.id), out);
        }
    }
    let mut out = HashMap::new();
    for s in &issue.sections {
        walk(&s.bullets, &s.name, s.id, None, &mut out);
    }
    out
}

/// Of the ids in both `old` and `new` (each once in each), those that kept their relative
/// order: a longest increasing subsequence of their old positions taken in new order
/// (patience sorting), O(n log n) time and O(n) memory. For ids that are unique this is
/// the same length as a longest common subsequence, which took O(n·m) memory (1.6 GB at
/// 20,000 bullets in one section).
fn kept_in_order<T: Eq + Hash + Copy>(old: &[T], new: &[T]) -> HashSet<T> {
    let was: HashMap<T, usize> = old.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // (old position, id) of the ids still here, in new order.
    let seq: Vec<(usize, T)> = new
        .iter()
        .filter_map(|id| was.get(id).map(|&p| (p, *id)))
        .collect();
    // `tails[k]`: the index in `seq` of the smallest end of an increasing run of k + 1;
    // `prev[i]`: the element before `seq[i]` in its run.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &(p, _)) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t].0 < p);
        prev[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut kept = HashSet::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept.insert(seq[i].1);
        at = prev[i];
    }
    kept
}

/// The changes from `old` to `new`, sections first, then bullets in `new`'s reading order,
/// then removals in `old`'s order.
pub fn diff(old: &Issue, new: &Issue) -> Vec<Change> {
    let mut out = Vec::new();

    // Sections, by id.
    let old_at: HashMap<SectionId, usize> = old
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let new_ids: HashSet<SectionId> = new.sections.iter().map(|s| s.id).collect();
    let kept = kept_in_order(
        &old.sections.iter().map(|s| s.id).collect::<Vec<_>>(),
        &new.sections.iter().map(|s| s.id).collect::<Vec<_>>(),
    );
    for (i, s) in new.sections.iter().enumerate() {
        match old_at.get(&s.id) {
            None => out.push(Change::SectionAdded {
                name: s.name.clone(),
            }),
            Some(&j) => {
                let o = &old.sections[j];
                if o.name != s.name {
                    out.push(Change::SectionRenamed {
                        from: o.name.clone(),
                        to: s.name.clone(),
                    });
                }
                if !kept.contains(&s.id) {
                    out.push(Change::SectionMoved {
                        name: s.name.clone(),
                        from: j + 1,
                        to: i + 1,
                    });
                }
            }
        }
    }
    for s in &old.sections {
        if !new_ids.contains(&s.id) {
            out.push(Change::SectionRemoved {
                name: s.name.clone(),
            });
        }
    }

    // Bullets, by id. A bullet moved when its parent (section or bullet) changed, or when it
    // is not among the siblings that kept their order.
    let before = index(old);
    let after = index(new);
    let siblings = |idx: &HashMap<BulletId, Seen<'_>>, other: &HashMap<BulletId, Seen<'_>>| {
        let mut groups: HashMap<Parent, Vec<(usize, BulletId)>> = HashMap::new();
        for (id, s) in idx {
            if other.contains_key(id) {
                // Sub-points are grouped by their parent bullet alone, so a parent moved
                // to another section takes its sub-points' order with it.
                let section = match s.place.parent {
                    Some(_) => SectionId(0),
                    None => s.place.section_id,
                };
                groups
                    .entry((section, s.place.parent))
                    .or_default()
                    .push((s.place.position, *id));
            }
        }
        groups
            .into_iter()
            .map(|(k, mut v)| {
                v.sort();
                (k, v.into_iter().map(|(_, id)| id).collect::<Vec<_>>())
            })
            .collect::<HashMap<_, _>>()
    };
    let old_groups = siblings(&before, &after);
    let new_groups = siblings(&after, &before);
    let mut stayed: HashSet<BulletId> = HashSet::new();
    for (key, new_order) in &new_groups {
        if let Some(old_order) = old_groups.get(key) {
            stayed.extend(kept_in_order(old_order, new_order));
        }
    }

    let mut in_order: Vec<(&BulletId, &Seen<'_>)> = after.iter().collect();
    in_order.sort_by_key(|(_, s)| s.order);
    for (id, now) in in_order {
        let b = now.bullet;
        match before.get(id) {
            None => out.push(Change::Added {
                id: *id,
                at: now.place.clone(),
                text: b.text.clone(),
            }),
            Some(was) => {
                // A sub-point that kept its parent bullet travelled with it: the parent's
                // move says it; only its own change of place among siblings counts.
                let new_parent = match (was.place.parent, now.place.parent) {
                    (Some(a), Some(b)) => a != b,
                    (None, None) => was.place.section_id != now.place.section_id,
                    _ => true,
                };
                let moved = new_parent || !stayed.contains(id);
                if moved {
                    out.push(Change::Moved {
                        id: *id,
                        from: was.place.clone(),
                        to: now.place.clone(),
                        text: b.text.clone(),
                    });
                }
                if was.bullet.text != b.text || was.bullet.kind != b.kind {
                    out.push(Change::Edited {
                        id: *id,
                        at: now.place.clone(),
                        before: was.bullet.text.clone(),
                        after: b.text.clone(),
                        kind: (was.bullet.kind != b.kind).then_some((was.bullet.kind, b.kind)),
                    });
                }
            }
        }
    }
    let mut gone: Vec<(&BulletId, &Seen<'_>)> = before
        .iter()
        .filter(|(id, _)| !after.contains_key(id))
        .collect();
    gone.sort_by_key(|(_, s)| s.order);
    for (id, was) in gone {
        out.push(Change::Removed {
            id: *id,
            from: was.place.clone(),
            text: was.bullet.text.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IssueId, IssueMeta, Section};

    fn b(id: u64, text: &str) -> Bullet {
        Bullet::new(BulletId(id), text)
    }

    fn issue(sections: Vec<(u64, &str, Vec<Bullet>)>) -> Issue {
        let mut i = Issue::new(IssueId(1), IssueMeta::default());
        for (id, name, bullets) in sections {
            let mut s = Section::new(SectionId(id), name);
            s.bullets = bullets;
            i.sections.push(s);
        }
        i
    }

    fn lines(old: &Issue, new: &Issue) -> Vec<String> {
        diff(old, new).iter().map(Change::describe).collect()
    }

    #[test]
    fn nothing_changed_is_no_change() {
        let i = issue(vec![(1, "Europe", vec![b(1, "a"), b(2, "b")])]);
        assert!(diff(&i, &i).is_empty());
    }

    #[test]
    fn added_removed_edited() {
        let old = issue(vec![(1, "Europe", vec![b(1, "a"), b(2, "b")])]);
        let new = issue(vec![(1, "Europe", vec![b(1, "a, edited"), b(3, "c")])]);
        assert_eq!(
            lines(&old, &new),
            [
                "~ Europe, bullet 1: [-a-]{+a, edited+}",
                "+ Europe, bullet 2: c",
                "- Europe, bullet 2: b",
            ]
        );
    }

    #[test]
    fn one_bullet_moved_up_is_one_move() {
        let old = issue(vec![(
            1,
            "Europe",
            vec![b(1, "a"), b(2, "b"), b(3, "c"), b(4, "d")],
        )]);
        let new = issue(vec![(
            1,
            "Europe",
            vec![b(4, "d"), b(1, "a"), b(2, "b"), b(3, "c")],
        )]);
        assert_eq!(
            lines(&old, &new),
            ["> Europe, bullet 4 -> Europe, bullet 1: d"]
        );
        // An insertion at the top shifts the others but moves none of them.
        let new = issue(vec![(
            1,
            "Europe",
            vec![b(9, "new"), b(1, "a"), b(2, "b"), b(3, "c"), b(4, "d")],
        )]);
        assert_eq!(lines(&old, &new), ["+ Europe, bullet 1: new"]);
    }

    #[test]
    fn moves_across_sections_and_into_sub_points() {
        let old = issue(vec![
            (1, "Europe", vec![b(1, "a"), b(2, "b")]),
            (2, "Asia", vec![b(3, "c")]),
        ]);
        let mut a = b(1, "a");
        a.sub_points.push(b(2, "b"));
        let mut new = issue(vec![
            (2, "Far East", vec![b(3, "c")]),
            (1, "Europe", vec![a]),
        ]);
        new.sections[1].bullets[0].kind = BulletKind::Assessment;
        let got = lines(&old, &new);
        assert_eq!(
            got,
            [
                "~ section \"Asia\" renamed \"Far East\"",
                "> section \"Far East\" moved from 2 to 1",
                "~ Europe, bullet 1: a (now an assessment)",
                "> Europe, bullet 2 -> Europe, sub-point 1: b",
            ]
        );
    }

    #[test]
    fn sub_points_travel_with_their_bullet() {
        let mut a = b(1, "a");
        a.sub_points = vec![b(2, "a.1"), b(3, "a.2")];
        let old = issue(vec![(1, "Europe", vec![a.clone()]), (2, "Asia", vec![])]);
        let new = issue(vec![(1, "Europe", vec![]), (2, "Asia", vec![a.clone()])]);
        assert_eq!(
            lines(&old, &new),
            ["> Europe, bullet 1 -> Asia, bullet 1: a"]
        );
        // Their own reordering under the same parent still shows.
        a.sub_points.reverse();
        let new = issue(vec![(1, "Europe", vec![]), (2, "Asia", vec![a])]);
        assert_eq!(
            lines(&old, &new),
            [
                "> Europe, bullet 1 -> Asia, bullet 1: a",
                "> Europe, sub-point 2 -> Asia, sub-point 1: a.2"
            ]
        );
    }

    #[test]
    fn sections_added_and_removed() {
        let old = issue(vec![(1, "Europe", vec![b(1, "a")])]);
        let new = issue(vec![(2, "Americas", vec![])]);
        assert_eq!(
            lines(&old, &new),
            [
                "+ section \"Americas\"",
                "- section \"Europe\"",
                "- Europe, bullet 1: a"
            ]
        );
    }
}
