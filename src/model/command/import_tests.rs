//! An import is one step; taking it back removes exactly its drafts and issues, refusing a
//! draft used since.

use super::*;
use crate::model::{Desk, History, IssueMeta, ItemState};

fn imported() -> (Vec<Item>, Vec<Issue>) {
    let items = (10..13)
        .map(|id| Item::new(ItemId(id), format!("imported {id}"), vec!["body".into()]))
        .collect();
    let issue = Issue::new(
        IssueId(5),
        IssueMeta {
            title: "Imported digest".into(),
            ..IssueMeta::default()
        },
    );
    (items, vec![issue])
}

fn desk() -> Desk {
    let mut d = Desk::new();
    let it = Item::new(ItemId(1), "already here", vec!["body".into()]);
    d.items.insert(it.id, it);
    d
}

#[test]
fn an_import_is_one_step_and_taking_it_back_removes_exactly_what_it_added() {
    let mut d = desk();
    let start = d.clone();
    let (items, issues) = imported();
    let mut h = History::new();
    h.perform(&mut d, &Command::Import { items, issues })
        .unwrap();
    assert_eq!((d.items.len(), d.issues.len()), (4, 1));
    let after = d.clone();
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(d.items, start.items);
    assert!(d.issues.is_empty());
    assert!(h.undo(&mut d).is_none(), "one step");
    h.redo(&mut d).unwrap().unwrap();
    assert_eq!(d, after);

    let take_back = Command::RemoveImport {
        items: vec![ItemId(10), ItemId(11), ItemId(12)],
        issues: vec![IssueId(5)],
    };
    h.perform(&mut d, &take_back).unwrap();
    assert_eq!(d.items, start.items, "only the imported drafts went");
    assert!(d.issues.is_empty());
    // The ids are not handed out again.
    assert_eq!(d.next_item_id(), ItemId(13));
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(d, after);
}

#[test]
fn taking_back_an_import_refuses_a_draft_used_since_and_changes_nothing() {
    let mut d = desk();
    let (items, issues) = imported();
    let mut h = History::new();
    h.perform(&mut d, &Command::Import { items, issues })
        .unwrap();
    d.items.get_mut(&ItemId(11)).unwrap().state = ItemState::Used;
    let before = d.clone();
    let e = h
        .perform(
            &mut d,
            &Command::RemoveImport {
                items: vec![ItemId(10), ItemId(11), ItemId(12)],
                issues: vec![],
            },
        )
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("draft 11") && e.contains("used in an issue"),
        "{e}"
    );
    assert_eq!(d, before);
}
