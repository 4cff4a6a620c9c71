//! Bulk assign: the drafts in the order given, one undo step, exactly undone; a refusal
//! changes nothing.

use super::*;
use crate::model::{Desk, EditError, History, ItemState, Section, SectionId};

fn desk() -> Desk {
    let mut d = Desk::new();
    for id in 1..=4u64 {
        let it = Item::new(
            ItemId(id),
            format!("item {id}"),
            vec![format!("Lead {id}.")],
        );
        d.items.insert(it.id, it);
    }
    let mut is = Issue::new(IssueId(1), IssueMeta::default());
    let mut s = Section::new(SectionId(1), "Cyber");
    s.bullets
        .push(crate::model::Bullet::new(crate::model::BulletId(1), "Old."));
    is.sections.push(s);
    d.issues.insert(is.id, is);
    d
}

fn many(items: &[u64], new_section: Option<&str>) -> Command {
    Command::AssignMany {
        items: items.iter().map(|&i| ItemId(i)).collect(),
        issue: IssueId(1),
        section: 0,
        new_section: new_section.map(String::from),
        from: BulletFrom::default(),
    }
}

fn texts(d: &Desk, section: usize) -> Vec<String> {
    d.issues[&IssueId(1)].sections[section]
        .bullets
        .iter()
        .map(|b| b.text.clone())
        .collect()
}

#[test]
fn assigns_in_the_order_given_in_one_step_and_undo_gives_back_the_desk() {
    let mut d = desk();
    let before = d.clone();
    let mut h = History::new();
    h.perform(&mut d, &many(&[3, 1, 4], None)).unwrap();
    assert_eq!(texts(&d, 0), ["Old.", "Lead 3.", "Lead 1.", "Lead 4."]);
    for id in [1, 3, 4] {
        assert_eq!(d.items[&ItemId(id)].state, ItemState::Used);
    }
    assert_eq!(d.items[&ItemId(2)].state, ItemState::Pool);
    // Every bullet has an id of its own and links its draft.
    let bullets = &d.issues[&IssueId(1)].sections[0].bullets;
    let ids: Vec<u64> = bullets.iter().map(|b| b.id.0).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    assert_eq!(bullets[1].item, Some(ItemId(3)));
    let after = d.clone();
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(d, before);
    assert!(h.undo(&mut d).is_none(), "one step");
    h.redo(&mut d).unwrap().unwrap();
    assert_eq!(d, after);
}

#[test]
fn to_a_new_section_at_the_end() {
    let mut d = desk();
    let before = d.clone();
    let mut h = History::new();
    h.perform(&mut d, &many(&[2, 1], Some(" Europe "))).unwrap();
    let is = &d.issues[&IssueId(1)];
    assert_eq!(is.sections[1].name, "Europe");
    assert_eq!(texts(&d, 1), ["Lead 2.", "Lead 1."]);
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(d, before);
}

#[test]
fn a_used_draft_a_twice_listed_one_or_none_is_refused_and_nothing_changes() {
    let mut d = desk();
    d.items.get_mut(&ItemId(2)).unwrap().state = ItemState::Used;
    let before = d.clone();
    let mut h = History::new();
    for cmd in [
        many(&[1, 2], None),
        many(&[1, 3, 1], None),
        many(&[], None),
        many(&[1], Some("  ")),
        many(&[1, 99], None),
    ] {
        let e = h.perform(&mut d, &cmd).unwrap_err();
        assert!(
            matches!(e, EditError::Refused(_) | EditError::NoItem(_)),
            "{e:?}"
        );
        assert_eq!(d, before);
    }
}

#[test]
fn each_bullet_carries_its_drafts_sources_as_a_single_assign_does() {
    let mut d = desk();
    let src = crate::model::Source {
        outlet: Some("Reuters".into()),
        url: Some("https://example.com/a".into()),
        ..Default::default()
    };
    if let Some(it) = d.items.get_mut(&ItemId(2)) {
        it.sources = vec![src.clone()].into();
    }
    let mut h = History::new();
    h.perform(&mut d, &many(&[2, 1], None)).unwrap();
    let bullets = &d.issues[&IssueId(1)].sections[0].bullets;
    assert_eq!(bullets[1].sources, vec![src]);
    assert!(bullets[2].sources.is_empty());
}
