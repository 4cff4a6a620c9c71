//! What a bullet starts from: the lead without its dateline, the whole body or the
//! headline; pulling the next paragraph in; a used draft's edit carried to its bullet.

use super::*;
use crate::model::{Desk, EditError, History, Issue, IssueMeta, ItemState, Section, SectionId};

const HEADLINE: &str = "Subsea Cables Between Finland and Estonia Damaged";
const LEAD: &str =
    "Estonian and Finnish authorities said on Monday that three cables were damaged.";
const SECOND: &str = "The ship sails under the flag of Cameroon.";
const THIRD: &str = "Repairs could take up to three months.";

fn desk() -> Desk {
    let mut desk = Desk::new();
    let item = Item::new(
        ItemId(1),
        HEADLINE,
        vec![
            format!("Tallinn, Estonia—October 12, 2026: {LEAD}"),
            SECOND.into(),
            THIRD.into(),
        ],
    );
    desk.items.insert(item.id, item);
    let mut issue = Issue::new(IssueId(1), IssueMeta::default());
    issue.sections.push(Section::new(SectionId(1), "Europe"));
    desk.issues.insert(issue.id, issue);
    desk
}

fn assign(from: BulletFrom) -> Command {
    Command::Assign {
        item: ItemId(1),
        issue: IssueId(1),
        section: 0,
        from,
    }
}

fn first_bullet(desk: &Desk) -> String {
    desk.issue(IssueId(1)).unwrap().sections[0].bullets[0]
        .text
        .clone()
}

fn refused(r: Result<Plan, EditError>) -> String {
    match r {
        Err(EditError::Refused(msg)) => msg,
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn a_bullet_starts_from_the_lead_after_the_dateline_and_the_item_keeps_its_text() {
    let mut desk = desk();
    let before = desk.item(ItemId(1)).unwrap().clone();
    History::default()
        .perform(&mut desk, &assign(BulletFrom::Lead))
        .unwrap();
    assert_eq!(first_bullet(&desk), LEAD);
    let item = desk.item(ItemId(1)).unwrap();
    assert_eq!(item.body, before.body);
    assert_eq!(item.state, ItemState::Used);
}

#[test]
fn the_whole_body_or_the_headline_when_chosen() {
    let mut desk = desk();
    History::default()
        .perform(&mut desk, &assign(BulletFrom::Body))
        .unwrap();
    assert_eq!(first_bullet(&desk), format!("{LEAD} {SECOND} {THIRD}"));
    let mut desk = self::desk();
    History::default()
        .perform(&mut desk, &assign(BulletFrom::Headline))
        .unwrap();
    assert_eq!(first_bullet(&desk), HEADLINE);
}

#[test]
fn pulling_takes_the_next_paragraph_each_time_one_undo_step_then_refuses() {
    let mut desk = desk();
    let mut history = History::default();
    history
        .perform(&mut desk, &assign(BulletFrom::Lead))
        .unwrap();
    let pull = Command::PullParagraph {
        issue: IssueId(1),
        path: BulletPath::top(0, 0),
    };
    history.perform(&mut desk, &pull).unwrap();
    assert_eq!(first_bullet(&desk), format!("{LEAD} {SECOND}"));
    history.perform(&mut desk, &pull).unwrap();
    assert_eq!(first_bullet(&desk), format!("{LEAD} {SECOND} {THIRD}"));
    let msg = refused(pull.plan(&desk));
    assert!(msg.starts_with("no next paragraph"), "{msg}");
    history.undo(&mut desk).unwrap().unwrap();
    assert_eq!(first_bullet(&desk), format!("{LEAD} {SECOND}"));
}

#[test]
fn a_headline_bullet_pulls_the_lead_and_an_edited_one_the_second_paragraph() {
    let mut desk = desk();
    let mut history = History::default();
    history
        .perform(&mut desk, &assign(BulletFrom::Headline))
        .unwrap();
    let pull = Command::PullParagraph {
        issue: IssueId(1),
        path: BulletPath::top(0, 0),
    };
    history.perform(&mut desk, &pull).unwrap();
    assert_eq!(first_bullet(&desk), format!("{HEADLINE} {LEAD}"));
    // Rewritten by the analyst: none of the item's paragraphs are in it any more.
    let edit = Command::EditBullet {
        issue: IssueId(1),
        path: BulletPath::top(0, 0),
        text: "Three Baltic cables were cut.".into(),
    };
    history.perform(&mut desk, &edit).unwrap();
    history.perform(&mut desk, &pull).unwrap();
    assert_eq!(
        first_bullet(&desk),
        format!("Three Baltic cables were cut. {SECOND}")
    );
}

#[test]
fn a_bullet_with_no_item_has_nothing_to_pull() {
    let mut desk = desk();
    let mut history = History::default();
    let new = Command::NewBullet {
        issue: IssueId(1),
        path: BulletPath::top(0, 0),
        text: "Typed in.".into(),
    };
    history.perform(&mut desk, &new).unwrap();
    let pull = Command::PullParagraph {
        issue: IssueId(1),
        path: BulletPath::top(0, 0),
    };
    let msg = refused(pull.plan(&desk));
    assert!(msg.contains("not made from a draft"), "{msg}");
}

#[test]
fn editing_a_used_draft_and_its_bullet_is_one_undo_step() {
    let mut desk = desk();
    let mut history = History::default();
    history
        .perform(&mut desk, &assign(BulletFrom::Lead))
        .unwrap();
    let before = desk.clone();
    let mut edited = desk.item(ItemId(1)).unwrap().clone();
    edited.body[0] = "Tallinn, Estonia—October 12, 2026: Four cables were damaged.".into();
    history
        .perform(
            &mut desk,
            &Command::EditItemAndBullet {
                item: edited.clone(),
            },
        )
        .unwrap();
    assert_eq!(first_bullet(&desk), "Four cables were damaged.");
    assert_eq!(desk.item(ItemId(1)).unwrap(), &edited);
    history.undo(&mut desk).unwrap().unwrap();
    assert_eq!(desk, before);
}
