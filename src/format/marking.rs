//! Issue #17: the TLP marking an export goes out under, and the `--max-tlp` ceiling.
//!
//! A bullet's own marking covers its sub-points. Under a ceiling every bullet marked above
//! it is left out with its sub-points; the export's marking is then the strictest of the
//! issue's and those of the bullets kept, so no bullet ever goes out under a marking looser
//! than its own.

use std::borrow::Cow;

use crate::model::{Bullet, Issue, Tlp};

/// The issue as it goes out under `max`, what it is marked, and what was left out.
#[derive(Debug)]
pub struct Marked<'a> {
    pub issue: Cow<'a, Issue>,
    /// The strictest of the issue's marking and its kept bullets' (none: unmarked).
    pub tlp: Option<Tlp>,
    /// Bullets marked above the ceiling, left out.
    pub left_out: usize,
    /// Those bullets with their sub-points.
    pub left_out_with_sub_points: usize,
}

/// The strictest marking a bullet list carries, walked without recursion.
fn strictest(bullets: &[Bullet]) -> Option<Tlp> {
    let mut most = None;
    let mut stack = vec![bullets];
    while let Some(list) = stack.pop() {
        for b in list {
            most = most.max(b.tlp);
            stack.push(&b.sub_points);
        }
    }
    most
}

/// The marking `issue` goes out with when nothing is left out: the strictest of its own
/// and its bullets' (without copying the issue, for the Preview's every frame).
pub fn strictest_of(issue: &Issue) -> Option<Tlp> {
    let bullets = issue
        .sections
        .iter()
        .map(|s| strictest(&s.bullets))
        .max()
        .flatten();
    issue.meta.tlp.max(bullets)
}

/// Leave out of `bullets` (at every level) those marked above `max`: (marked, with their
/// sub-points).
fn cut(bullets: &mut Vec<Bullet>, max: Tlp) -> (usize, usize) {
    let (mut marked, mut all) = (0, 0);
    let mut stack = vec![bullets];
    while let Some(list) = stack.pop() {
        list.retain(|b| {
            let keep = b.tlp.is_none_or(|t| t <= max);
            if !keep {
                marked += 1;
                all += b.walk().len();
            }
            keep
        });
        stack.extend(list.iter_mut().map(|b| &mut b.sub_points));
    }
    (marked, all)
}

/// `issue` as it is exported under the ceiling `max` (none: everything goes out).
pub fn marked(issue: &Issue, max: Option<Tlp>) -> Marked<'_> {
    let mut out = Cow::Borrowed(issue);
    let (mut left_out, mut with_subs) = (0, 0);
    if let Some(max) = max
        && issue
            .sections
            .iter()
            .any(|s| strictest(&s.bullets) > Some(max))
    {
        let owned = out.to_mut();
        for s in &mut owned.sections {
            let (m, a) = cut(&mut s.bullets, max);
            left_out += m;
            with_subs += a;
        }
    }
    let tlp = strictest_of(&out);
    if out.meta.tlp != tlp {
        out.to_mut().meta.tlp = tlp;
    }
    Marked {
        issue: out,
        tlp,
        left_out,
        left_out_with_sub_points: with_subs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BulletId, IssueId, IssueMeta, Section, SectionId};

    fn b(id: u64, tlp: Option<Tlp>, subs: Vec<Bullet>) -> Bullet {
        let mut b = Bullet::new(BulletId(id), format!("b{id}"));
        b.tlp = tlp;
        b.sub_points = subs;
        b
    }

    fn issue(tlp: Option<Tlp>) -> Issue {
        let mut i = Issue::new(
            IssueId(1),
            IssueMeta {
                tlp,
                ..IssueMeta::default()
            },
        );
        let mut s = Section::new(SectionId(1), "S");
        s.bullets = vec![
            b(
                1,
                None,
                vec![b(2, Some(Tlp::Red), vec![b(3, None, vec![])])],
            ),
            b(
                4,
                Some(Tlp::Amber),
                vec![b(5, None, vec![]), b(6, None, vec![])],
            ),
            b(7, Some(Tlp::Green), vec![]),
        ];
        i.sections.push(s);
        i
    }

    fn ids(i: &Issue) -> Vec<u64> {
        i.outline().iter().map(|(_, b)| b.id.0).collect()
    }

    #[test]
    fn the_marking_is_the_strictest_of_the_issue_and_its_bullets() {
        let green = issue(Some(Tlp::Green));
        let m = marked(&green, None);
        assert_eq!((m.tlp, m.left_out), (Some(Tlp::Red), 0));
        assert_eq!(m.issue.meta.tlp, Some(Tlp::Red));
        let plain = Issue::new(IssueId(1), IssueMeta::default());
        let m = marked(&plain, None);
        assert!(matches!(m.issue, Cow::Borrowed(_)) && m.tlp.is_none());
    }

    #[test]
    fn a_ceiling_leaves_out_exactly_the_stricter_bullets_with_their_sub_points() {
        let green = issue(Some(Tlp::Green));
        let m = marked(&green, Some(Tlp::Green));
        assert_eq!(ids(&m.issue), [1, 7]);
        assert_eq!((m.left_out, m.left_out_with_sub_points), (2, 5));
        assert_eq!(m.tlp, Some(Tlp::Green));
        let unmarked = issue(None);
        let m = marked(&unmarked, Some(Tlp::Amber));
        assert_eq!(ids(&m.issue), [1, 4, 5, 6, 7]);
        assert_eq!((m.left_out, m.tlp), (1, Some(Tlp::Amber)));
    }
}
