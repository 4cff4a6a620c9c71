//! Following the disk: a reviewer takes the editor's saves of the issue and of the drafts,
//! the editor only the review logs; a reload keeps the reader's place.

use super::*;

#[test]
fn a_reviewer_follows_the_editors_saves_and_new_comments() {
    let (mut app, disk) = setup(true, "rita", vec![]);
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'j'); // Tehran (bullet 2)
    assert_eq!(app.selected_target(), Some(Target::Bullet(BulletId(2))));
    // Idle: nothing changed, nothing to do (and nothing to draw).
    assert_eq!(app.poll_disk(), None);

    // The editor adds a bullet at the top of the first section and saves.
    let mut edited = issue1(&app);
    edited.sections[0]
        .bullets
        .insert(0, Bullet::new(BulletId(9), "Breaking: a new first bullet."));
    disk.borrow_mut().save_issue(edited.clone());
    let action = app.poll_disk().expect("a change seen");
    assert_eq!(
        action,
        events::Event::DiskChanged(Changes {
            review: false,
            issue: true,
            ..Changes::default()
        })
    );
    update(&mut app, action);
    assert_eq!(issue1(&app), edited);
    assert!(screen(&app, 80, 24).contains("Breaking: a new first bullet."));
    // The cursor stayed on the same bullet, one row further down now.
    assert_eq!(app.selected_target(), Some(Target::Bullet(BulletId(2))));
    assert_eq!(app.poll_disk(), None);

    // Someone comments: the marker shows.
    disk.borrow_mut().push(
        IssueId(1),
        comment("ana", 1, 5, Target::Bullet(BulletId(9)), "Source?"),
    );
    let action = app.poll_disk().expect("a change seen");
    update(&mut app, action);
    assert_eq!(app.review.current.open_count(), 1);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Breaking: a new first bullet. [1]"), "{s}");

    // The bullet under the cursor is removed by the editor: the cursor stays in range.
    let mut removed = issue1(&app);
    removed.sections[0].bullets.truncate(1);
    disk.borrow_mut().save_issue(removed);
    if let Some(a) = app.poll_disk() {
        update(&mut app, a);
    }
    assert!(app.selected_row().is_some());
}

#[test]
fn a_reader_follows_the_drafts_the_editor_saves() {
    use crate::model::{ItemId, ItemState};
    use crate::store::follow::Chunk;
    let (mut app, disk) = setup(true, "rita", vec![]);
    assert_eq!(app.poll_disk(), None);
    // The editor spikes draft 1 and adds draft 60 (both in chunk 0).
    let mut items: Vec<_> = app.desk.items.values().cloned().collect();
    let first = items
        .iter_mut()
        .find(|i| i.id == ItemId(1))
        .expect("draft 1");
    first.state = ItemState::Spiked;
    items.push(crate::model::Item::new(
        ItemId(60),
        "Late: port strike spreads to the Baltic",
        vec!["Body.".into()],
    ));
    disk.borrow_mut().drafts = vec![Chunk { k: 0, items }];
    let action = app.poll_disk().expect("saved drafts seen");
    update(&mut app, action);
    assert_eq!(app.desk.items[&ItemId(1)].state, ItemState::Spiked);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Late: port strike"), "{s}");
    assert_eq!(app.poll_disk(), None);

    // Drafts that do not read: said on the status line, the old ones kept.
    disk.borrow_mut().drafts_error = Some("items/000000.json: truncated".into());
    let action = app.poll_disk().expect("the problem is told");
    update(&mut app, action);
    let s = screen(&app, 100, 24);
    assert!(s.contains("the drafts shown are as last read"), "{s}");
    assert!(app.desk.items.contains_key(&ItemId(60)));
}

#[test]
fn the_editor_does_not_reload_its_own_issue_but_sees_comments() {
    let (mut app, disk) = setup(false, "ed", vec![]);
    let mine = issue1(&app);
    let mut other = mine.clone();
    other.meta.title = "Someone else's title".into();
    disk.borrow_mut().save_issue(other);
    assert_eq!(app.poll_disk(), None);
    assert_eq!(issue1(&app), mine);
    disk.borrow_mut().push(
        IssueId(1),
        comment(
            "rita",
            1,
            5,
            Target::Section(SectionId(3)),
            "Empty section.",
        ),
    );
    let action = app.poll_disk().expect("a new comment seen");
    update(&mut app, action);
    assert!(screen(&app, 80, 24).contains("▸ Europe (0) [1]"));
    assert_eq!(issue1(&app), mine);
}

#[test]
fn a_reload_keeps_the_readers_filter_and_a_jump_clears_it_when_it_hides_the_target() {
    let (mut app, disk) = setup(
        true,
        "rita",
        vec![comment(
            "ana",
            1,
            1,
            Target::Section(SectionId(3)),
            "Empty.",
        )],
    );
    ch(&mut app, '2');
    ch(&mut app, '/');
    typ(&mut app, "hezbollah");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_target(), Some(Target::Bullet(BulletId(4))));
    let mut edited = issue1(&app);
    edited.sections[0].bullets[1].text = "Hezbollah strikes stopped.".into();
    disk.borrow_mut().save_issue(edited);
    let action = app.poll_disk().expect("a change seen");
    update(&mut app, action);
    assert_eq!(app.outline.filter.query, "hezbollah");
    assert_eq!(app.selected_target(), Some(Target::Bullet(BulletId(4))));
    // The comment is on the Europe section, which the filter hides: the jump clears it.
    ch(&mut app, 'C');
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.outline.filter.query, "");
    assert_eq!(app.selected_target(), Some(Target::Section(SectionId(3))));
}
