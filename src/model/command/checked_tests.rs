//! The per-bullet "checked" flag (issue #16): one undo step, exactly undone, kept when the
//! bullet moves, and not written at all while it is false.

use super::*;
use crate::model::settings::Ladder;
use crate::model::{Bullet, BulletId, BulletKind, Desk, History, Section, SectionId, tradecraft};

/// An issue with two assessment bullets that both draw findings.
fn desk() -> Desk {
    let mut d = Desk::new();
    let mut issue = Issue::new(IssueId(1), IssueMeta::default());
    let mut s = Section::new(SectionId(1), "International Affairs");
    for (id, text) in [(1, "Jalili could win."), (2, "Tehran may stall.")] {
        let mut b = Bullet::new(BulletId(id), text);
        b.kind = BulletKind::Assessment;
        s.bullets.push(b);
    }
    issue.sections.push(s);
    d.issues.insert(issue.id, issue);
    d
}

fn toggle(path: BulletPath) -> Command {
    Command::ToggleChecked {
        issue: IssueId(1),
        path,
    }
}

#[test]
fn marking_checked_is_one_step_and_undo_is_exact() {
    let mut d = desk();
    let before = d.clone();
    let mut h = History::new();
    h.perform(&mut d, &toggle(BulletPath::top(0, 1))).unwrap();
    assert!(d.issues[&IssueId(1)].sections[0].bullets[1].checked);
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(d, before);
    assert!(h.undo(&mut d).is_none(), "one step");
    // Twice is back to unchecked.
    h.perform(&mut d, &toggle(BulletPath::top(0, 0))).unwrap();
    h.perform(&mut d, &toggle(BulletPath::top(0, 0))).unwrap();
    assert_eq!(d, before);
}

#[test]
fn the_flag_stays_with_the_bullet_through_move_and_indent() {
    let mut d = desk();
    let mut h = History::new();
    h.perform(&mut d, &toggle(BulletPath::top(0, 0))).unwrap();
    let move_down = Command::MoveBulletDown {
        issue: IssueId(1),
        path: BulletPath::top(0, 0),
    };
    h.perform(&mut d, &move_down).unwrap();
    let b = &d.issues[&IssueId(1)].sections[0].bullets;
    assert_eq!(
        (b[1].id, b[1].checked, b[0].checked),
        (BulletId(1), true, false)
    );
    let indent = Command::Indent {
        issue: IssueId(1),
        path: BulletPath::top(0, 1),
    };
    h.perform(&mut d, &indent).unwrap();
    let sub = &d.issues[&IssueId(1)].sections[0].bullets[0].sub_points[0];
    assert_eq!((sub.id, sub.checked), (BulletId(1), true));
}

#[test]
fn checked_is_written_only_when_true_and_reads_back() {
    let mut b = Bullet::new(BulletId(7), "x");
    let plain = serde_json::to_string(&b).unwrap();
    assert!(!plain.contains("checked"), "{plain}");
    b.checked = true;
    let json = serde_json::to_string(&b).unwrap();
    assert!(json.contains("\"checked\":true"), "{json}");
    assert_eq!(serde_json::from_str::<Bullet>(&json).unwrap(), b);
    assert!(!serde_json::from_str::<Bullet>(&plain).unwrap().checked);
}

#[test]
fn a_checked_bullet_s_findings_are_quieted_and_counted() {
    let mut d = desk();
    let mut h = History::new();
    let all = tradecraft::check(&d.issues[&IssueId(1)], Ladder::Icd203);
    assert_eq!((all.findings.len(), all.quieted), (4, 0));
    h.perform(&mut d, &toggle(BulletPath::top(0, 0))).unwrap();
    let quiet = tradecraft::check(&d.issues[&IssueId(1)], Ladder::Icd203);
    assert_eq!(quiet.quieted, 2);
    assert!(quiet.findings.iter().all(|f| f.path == [1, 2]), "{quiet:?}");
    assert_eq!(quiet.findings.len(), 2);
}
