use super::*;
use crate::model::{IssueId, IssueMeta, Section, SectionId};
use chrono::TimeZone;

fn at(min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, min, 0)
        .single()
        .unwrap_or_default()
}

fn ev(min: u32, by: &str, kind: EventKind) -> Event {
    Event {
        at: at(min),
        by: by.into(),
        kind,
    }
}

fn status(to: Status, snapshot: Option<&Issue>) -> EventKind {
    EventKind::Status {
        to,
        note: String::new(),
        snapshot: snapshot.map(|i| Box::new(i.clone())),
    }
}

fn issue(text: &str) -> Issue {
    let mut i = Issue::new(IssueId(1), IssueMeta::default());
    let mut s = Section::new(SectionId(1), "Europe");
    s.bullets.push(Bullet::new(BulletId(1), text));
    i.sections.push(s);
    i
}

#[test]
fn status_moves_and_records_who_and_when() {
    let v1 = issue("one");
    // Two logs, given out of time order: the fold sorts by time.
    let r = Review::fold(vec![
        ev(5, "bob", status(Status::Approved, Some(&v1))),
        ev(1, "alice", status(Status::InReview, None)),
    ]);
    assert_eq!(r.status, Status::Approved);
    assert_eq!(r.history.len(), 2);
    assert_eq!(
        (r.history[1].from, r.history[1].by.as_str(), r.history[1].at),
        (Status::InReview, "bob", at(5))
    );
    assert!(r.approved_as(&v1));
    assert!(!r.approved_as(&issue("one, edited")));
    assert_eq!(r.baseline.as_ref().map(|b| b.0), Some(1));
    assert_eq!(r.status_label(&v1), "Approved");
    assert_eq!(
        r.status_label(&issue("one, edited")),
        "Approved (changed since)"
    );
    assert_eq!(
        r.not_approved(&issue("one, edited"), "T", false)
            .unwrap_or_default(),
        "issue 1 \"T\" changed since it was approved by bob at 2026-11-23 10:05 UTC"
    );
    // Exported (in one format, then another) still counts as approved; back in review
    // does not, even with the text unchanged.
    let exported = Review::fold(vec![
        ev(1, "alice", status(Status::InReview, None)),
        ev(5, "bob", status(Status::Approved, Some(&v1))),
        ev(6, "alice", status(Status::Exported, Some(&v1))),
        ev(7, "alice", status(Status::Exported, Some(&v1))),
    ]);
    assert!(exported.approved_as(&v1));
    assert_eq!(exported.baseline.as_ref().map(|b| b.0), Some(3));
    assert_eq!(
        exported.baseline_label().unwrap_or_default(),
        "export by alice at 2026-11-23 10:07 UTC"
    );
    assert!(exported.changes_since(&v1).is_empty());
    assert_eq!(Review::default().changes_since(&v1).len(), 2);
    let mut back = exported.clone();
    back.apply(ev(8, "alice", status(Status::InReview, None)));
    assert!(!back.approved_as(&v1));
    assert_eq!(
        back.not_approved(&v1, "T", false).unwrap_or_default(),
        "issue 1 \"T\" is In review, not approved"
    );
}

#[test]
fn transitions_follow_the_workflow() {
    assert!(Status::Draft.check(Status::InReview).is_ok());
    assert!(Status::InReview.check(Status::Approved).is_ok());
    assert!(Status::Approved.check(Status::InReview).is_ok());
    assert!(Status::Approved.check(Status::ChangesRequested).is_ok());
    assert!(Status::Exported.check(Status::Exported).is_ok());
    let e = Status::Approved
        .check(Status::Approved)
        .err()
        .unwrap_or_default();
    assert_eq!(e, "the issue is already Approved");
    assert!(Status::InReview.check(Status::Draft).is_err());
}

#[test]
fn an_exported_issue_can_be_approved_again_or_sent_back() {
    // #15 point 5: no dead end after an export.
    assert!(Status::Exported.check(Status::Approved).is_ok());
    assert!(Status::Exported.check(Status::InReview).is_ok());
    assert!(Status::Exported.check(Status::ChangesRequested).is_ok());
}

#[test]
fn comments_are_per_author_and_resolve_once() {
    let c = |n, by: &str, min| {
        ev(
            min,
            by,
            EventKind::Comment {
                n,
                on: Target::Bullet(BulletId(1)),
                text: format!("{by} {n}"),
            },
        )
    };
    let bob1 = CommentId {
        by: "bob".into(),
        n: 1,
    };
    let r = Review::fold(vec![
        c(1, "bob", 1),
        c(1, "alice", 2),
        c(2, "bob", 3),
        ev(
            4,
            "alice",
            EventKind::Resolve {
                comment: bob1.clone(),
            },
        ),
        ev(5, "carol", EventKind::Resolve { comment: bob1 }),
        // A line repeated (a log copied by hand) does not make a second comment.
        c(1, "bob", 6),
    ]);
    assert_eq!(r.comments.len(), 3);
    assert_eq!(r.open_on(Target::Bullet(BulletId(1))), 2);
    assert_eq!(r.open_count(), 2);
    assert_eq!(
        r.comments[0].resolved.as_ref().map(|(by, _)| by.as_str()),
        Some("alice")
    );
    assert_eq!(r.next_comment_n("bob"), 3);
    assert_eq!(r.next_comment_n("dave"), 1);
}

#[test]
fn events_round_trip_as_json_lines() -> Result<(), serde_json::Error> {
    let e = ev(
        1,
        "bob",
        EventKind::Comment {
            n: 1,
            on: Target::Section(SectionId(2)),
            text: "Source?".into(),
        },
    );
    let line = serde_json::to_string(&e)?;
    assert_eq!(
        line,
        r#"{"at":"2026-11-23T10:01:00Z","by":"bob","event":"comment","n":1,"on":{"section":2},"text":"Source?"}"#
    );
    assert_eq!(serde_json::from_str::<Event>(&line)?, e);
    Ok(())
}

#[test]
fn events_are_checked_before_they_are_written() {
    let v1 = issue("one");
    let r = Review::default();
    let e = r.status_event(&v1, "bob", at(1), Status::ChangesRequested, "  ");
    assert_eq!(
        e.err().unwrap_or_default(),
        "say what should change: the note is empty"
    );
    let ok = r.status_event(&v1, "bob", at(1), Status::Approved, "");
    let Ok(ev) = ok else {
        panic!("approval refused: {ok:?}");
    };
    assert!(matches!(&ev.kind, EventKind::Status { snapshot: Some(s), .. } if **s == v1));
    let r = Review::fold(vec![ev]);
    assert!(
        r.status_event(&v1, "bob", at(2), Status::Approved, "")
            .is_err()
    );
    assert!(
        r.comment_event("bob", at(2), Target::Issue, " \n ")
            .is_err()
    );
    let c = r.comment_event("bob", at(2), Target::Issue, "Source?\u{1b}[2J");
    assert!(
        matches!(&c, Ok(Event { kind: EventKind::Comment { n: 1, text, .. }, .. }) if !text.contains('\u{1b}'))
    );
    let missing = CommentId {
        by: "bob".into(),
        n: 7,
    };
    assert!(r.resolve_event("alice", at(3), &missing).is_err());
}

#[test]
fn targets_are_described_in_words() {
    let i = issue("Ukraine says drones struck a depot near the border overnight");
    assert_eq!(
        describe_target(&i, Target::Bullet(BulletId(1))),
        "\"Ukraine says drones struck a depot near the...\""
    );
    assert_eq!(
        describe_target(&i, Target::Section(SectionId(1))),
        "section \"Europe\""
    );
    assert_eq!(
        describe_target(&i, Target::Bullet(BulletId(9))),
        "a removed bullet"
    );
}

fn edited(min: u32, by: &str) -> Event {
    ev(min, by, EventKind::Edited)
}

#[test]
fn four_eyes_keeps_whoever_changed_or_sent_the_issue_from_approving_it() {
    let v1 = issue("one");
    // alice writes and sends it; carol edits it while it is in review.
    let r = Review::fold(vec![
        edited(1, "alice"),
        ev(2, "alice", status(Status::InReview, None)),
        edited(3, "carol"),
    ]);
    assert_eq!(r.changed_by, ["alice", "carol"]);
    let refused = |who: &str| r.decision_event(&v1, who, at(4), Status::Approved, "", true);
    assert_eq!(
        refused("alice").err().as_deref(),
        Some("four-eyes rule: alice last changed this issue; another reviewer must approve it")
    );
    assert_eq!(
        refused("carol").err().as_deref(),
        Some("four-eyes rule: carol last changed this issue; another reviewer must approve it")
    );
    // bob did neither: he may.
    let ok = r.decision_event(&v1, "bob", at(4), Status::Approved, "", true);
    assert!(ok.is_ok(), "{ok:?}");
    // With the rule off, the editor may approve their own issue, as before.
    assert!(
        r.decision_event(&v1, "alice", at(4), Status::Approved, "", false)
            .is_ok()
    );
    // The rule is about approving: the editor may still request changes or comment.
    assert!(
        r.decision_event(&v1, "alice", at(4), Status::ChangesRequested, "fix", true)
            .is_ok()
    );
    // The workflow's own check comes first.
    let done = Review::fold(vec![ev(5, "bob", status(Status::Approved, Some(&v1)))]);
    assert_eq!(
        done.decision_event(&v1, "dan", at(6), Status::Approved, "", true)
            .err()
            .as_deref(),
        Some("the issue is already Approved")
    );
}

#[test]
fn an_approval_starts_a_new_round_and_an_edit_after_it_counts_again() {
    let v1 = issue("one");
    let mut r = Review::fold(vec![
        edited(1, "alice"),
        ev(2, "alice", status(Status::InReview, None)),
        ev(3, "bob", status(Status::Approved, Some(&v1))),
    ]);
    assert!(r.changed_by.is_empty());
    assert!(!r.approved_by_a_changer);
    assert_eq!(
        r.edited_event("bob", at(4)).map(|e| e.kind),
        Some(EventKind::Edited)
    );
    // bob edits after approving (back to review, signed by him): now alice may approve.
    r.apply(ev(4, "bob", status(Status::InReview, None)));
    assert_eq!(r.changed_by, ["bob"]);
    assert!(
        r.edited_event("bob", at(5)).is_none(),
        "once a round is enough"
    );
    assert!(r.four_eyes("alice", true).is_ok());
    assert!(r.four_eyes("bob", true).is_err());
}

#[test]
fn an_approval_by_its_own_editor_from_before_the_rule_does_not_publish_under_it() {
    let v1 = issue("one");
    let r = Review::fold(vec![
        edited(1, "alice"),
        ev(2, "alice", status(Status::Approved, Some(&v1))),
    ]);
    assert!(r.approved_by_a_changer);
    assert_eq!(r.not_approved(&v1, "T", false), None);
    assert_eq!(
        r.not_approved(&v1, "T", true).as_deref(),
        Some(
            "issue 1 \"T\" was approved by alice, who changed it: the four-eyes rule asks another reviewer to approve it"
        )
    );
    // An approval by another reviewer is approval under the rule too.
    let other = Review::fold(vec![
        edited(1, "alice"),
        ev(2, "bob", status(Status::Approved, Some(&v1))),
    ]);
    assert_eq!(other.not_approved(&v1, "T", true), None);
}

#[test]
fn an_edited_line_reads_back_from_its_json() {
    let e = edited(1, "alice");
    let line = serde_json::to_string(&e).unwrap_or_default();
    assert_eq!(
        line,
        r#"{"at":"2026-11-23T10:01:00Z","by":"alice","event":"edited"}"#
    );
    assert_eq!(serde_json::from_str::<Event>(&line).ok(), Some(e));
}
