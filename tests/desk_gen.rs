//! The test-desk generator (tests/support/desk_gen.rs) is deterministic and its shapes hold.

#[path = "support/desk_gen.rs"]
mod desk_gen;

use briefdesk::model::Issue;
use desk_gen::*;

#[test]
fn same_seed_same_desk_and_shapes_hold() {
    let a = desk(200);
    assert_eq!(a, desk(200));
    assert_eq!(a.issues.len(), 53);
    assert_eq!(
        big_issue(&a).map(Issue::bullet_count),
        Some(BIG_ISSUE_BULLETS)
    );
    for it in a.items.values() {
        let words = it.headline.split(' ').count();
        assert!((6..=14).contains(&words), "{}", it.headline);
        let body: usize = it.body.iter().map(|p| p.split(' ').count()).sum();
        assert!((30..=70).contains(&body));
        assert_eq!(it.stamp.is_some(), it.id.0 % 4 == 0);
    }
}

#[test]
fn the_live_text_imports_back_to_the_same_items() {
    let items = items(50);
    let parsed = briefdesk::format::import::parse(live_text(&items).as_bytes(), None);
    let Ok(briefdesk::format::import::Imported::Items(got)) = parsed else {
        panic!("not items: {parsed:?}");
    };
    assert_eq!(got.len(), 50);
    // Page order is newest first.
    assert_eq!(got[0].headline, items[49].headline);
    assert_eq!(got[0].body, items[49].body);
    assert_eq!(got[0].stamp, items[49].stamp);
}
