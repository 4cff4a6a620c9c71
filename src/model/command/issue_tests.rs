//! Editing an issue's details and deleting an issue: one undo step each, exactly undone.

use super::*;
use crate::model::{Bullet, BulletId, Desk, EditError, History, ItemState, Section, SectionId};

/// Issue 1 with a bullet made from item 1 (used) and a sub-point made from item 2 (used).
fn desk() -> Desk {
    let mut d = Desk::new();
    for id in [1, 2, 3] {
        let mut it = Item::new(ItemId(id), format!("item {id}"), vec![]);
        if id < 3 {
            it.state = ItemState::Used;
        }
        d.items.insert(it.id, it);
    }
    let mut issue = Issue::new(
        IssueId(1),
        IssueMeta {
            title: "Digest – May 12, 2026".into(),
            ..IssueMeta::default()
        },
    );
    let mut s = Section::new(SectionId(1), "World");
    let mut b = Bullet::new(BulletId(1), "one");
    b.item = Some(ItemId(1));
    let mut sub = Bullet::new(BulletId(2), "two");
    sub.item = Some(ItemId(2));
    b.sub_points.push(sub);
    s.bullets.push(b);
    issue.sections.push(s);
    d.issues.insert(issue.id, issue);
    d
}

#[test]
fn deleting_an_issue_sends_its_items_back_and_undo_gives_it_back() {
    let start = desk();
    let mut d = start.clone();
    let mut h = History::new();
    let done = h
        .perform(&mut d, &Command::DeleteIssue { issue: IssueId(1) })
        .unwrap();
    assert_eq!(done.label, "delete issue");
    assert!(d.issue(IssueId(1)).is_none());
    for id in [1, 2] {
        assert_eq!(d.item(ItemId(id)).unwrap().state, ItemState::Pool);
    }
    assert_eq!(h.undo(&mut d).unwrap().unwrap().label, "delete issue");
    assert_eq!(d, start);
    h.redo(&mut d).unwrap().unwrap();
    assert!(d.issue(IssueId(1)).is_none());
    // Its id is spent: the next issue never takes it (nor its review logs).
    assert_eq!(d.next_issue_id(), IssueId(2));
    assert_eq!(
        Command::DeleteIssue { issue: IssueId(9) }.plan(&d),
        Err(EditError::NoIssue(IssueId(9)))
    );
}

#[test]
fn editing_an_issue_s_details_is_one_step_and_a_title_is_required() {
    let start = desk();
    let mut d = start.clone();
    let mut h = History::new();
    let meta = IssueMeta {
        title: "Digest – May 19, 2026".into(),
        tagline: "Brief".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 5, 19),
        group: Some("Global Security Matters".into()),
        tlp: None,
    };
    h.perform(
        &mut d,
        &Command::SetIssueMeta {
            issue: IssueId(1),
            meta: meta.clone(),
        },
    )
    .unwrap();
    assert_eq!(d.issue(IssueId(1)).unwrap().meta, meta);
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(d, start);
    let blank = Command::SetIssueMeta {
        issue: IssueId(1),
        meta: IssueMeta {
            title: "  ".into(),
            ..meta
        },
    };
    assert_eq!(
        blank.plan(&d),
        Err(EditError::Refused("an issue needs a title".into()))
    );
}
