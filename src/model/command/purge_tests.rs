//! Purging spiked drafts: only spiked ones, one undo step, exactly undone.

use super::*;
use crate::model::{Desk, EditError, History, ItemState};

fn desk() -> Desk {
    let mut d = Desk::new();
    for (id, state) in [
        (1, ItemState::Spiked),
        (2, ItemState::Pool),
        (3, ItemState::Spiked),
    ] {
        let mut it = Item::new(ItemId(id), format!("item {id}"), vec!["body".into()]);
        it.state = state;
        d.items.insert(it.id, it);
    }
    d
}

#[test]
fn purge_removes_the_spiked_drafts_in_one_step_and_undo_brings_them_back() {
    let mut d = desk();
    let before = d.clone();
    let mut h = History::new();
    h.perform(
        &mut d,
        &Command::Purge {
            items: vec![ItemId(3), ItemId(1)],
        },
    )
    .unwrap();
    assert_eq!(d.items.keys().copied().collect::<Vec<_>>(), [ItemId(2)]);
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(d, before);
    assert!(h.undo(&mut d).is_none(), "one step");
}

#[test]
fn purge_refuses_a_draft_that_is_not_spiked_and_changes_nothing() {
    let mut d = desk();
    let before = d.clone();
    let mut h = History::new();
    let e = h
        .perform(
            &mut d,
            &Command::Purge {
                items: vec![ItemId(1), ItemId(2)],
            },
        )
        .unwrap_err();
    assert!(matches!(e, EditError::Refused(_)), "{e:?}");
    assert_eq!(d, before);
}

#[test]
fn spiking_many_is_one_step_and_undo_gives_back_each_state() {
    let mut d = desk();
    let before = d.clone();
    let mut h = History::new();
    h.perform(
        &mut d,
        &Command::SetStates {
            items: vec![ItemId(2), ItemId(3)],
            state: ItemState::Held,
        },
    )
    .unwrap();
    assert_eq!(d.items[&ItemId(2)].state, ItemState::Held);
    assert_eq!(d.items[&ItemId(3)].state, ItemState::Held);
    assert_eq!(d.items[&ItemId(1)].state, ItemState::Spiked);
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(d, before);
    assert!(h.undo(&mut d).is_none(), "one step");
}

#[test]
fn setting_many_states_refuses_a_used_draft_and_changes_nothing() {
    let mut d = desk();
    d.items.get_mut(&ItemId(2)).unwrap().state = ItemState::Used;
    let before = d.clone();
    let e = History::new()
        .perform(
            &mut d,
            &Command::SetStates {
                items: vec![ItemId(1), ItemId(2)],
                state: ItemState::Spiked,
            },
        )
        .unwrap_err();
    assert!(matches!(e, EditError::Refused(_)), "{e:?}");
    assert_eq!(d, before);
}
