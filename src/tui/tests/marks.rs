//! Issue #15's state views: `V` cycles which drafts the Drafts pane shows, and its title
//! says which.

use super::{app_with, ch, screen, snap};
use crate::model::{Desk, Item, ItemId, ItemState};
use crate::tui::app::{App, Config};

/// Six drafts, one or more in each state, newest (highest id) first on screen.
fn states_desk() -> Desk {
    let mut d = Desk::new();
    let drafts = [
        ("Pool: Grid operator restores power", ItemState::Pool),
        ("Held: Port strike enters third day", ItemState::Held),
        ("Spiked: Rumour of a dam breach denied", ItemState::Spiked),
        ("Used: Ministry confirms payroll breach", ItemState::Used),
        ("Pool: Drone swarm near offshore platform", ItemState::Pool),
        ("Held: Ferry operator hit by ransomware", ItemState::Held),
    ];
    for (i, (head, state)) in drafts.into_iter().enumerate() {
        let mut it = Item::new(ItemId(i as u64 + 1), head, vec!["Body.".into()]);
        it.state = state;
        d.items.insert(it.id, it);
    }
    d
}

fn states_app() -> App {
    app_with(states_desk(), Config::default()).0
}

/// The headlines the Drafts pane lists, read off the 160x48 screen.
fn shown(app: &App) -> Vec<&'static str> {
    let s = screen(app, 160, 48);
    let all = [
        "Pool: Grid operator",
        "Held: Port strike",
        "Spiked: Rumour",
        "Used: Ministry",
        "Pool: Drone swarm",
        "Held: Ferry operator",
    ];
    all.into_iter().filter(|h| s.contains(h)).collect()
}

#[test]
fn v_cycles_the_state_views_and_the_title_says_which() {
    let mut app = states_app();
    assert_eq!(shown(&app).len(), 6);
    assert!(screen(&app, 80, 24).contains("1 Drafts (6)"));

    ch(&mut app, 'V');
    assert_eq!(shown(&app), ["Pool: Grid operator", "Pool: Drone swarm"]);
    assert!(screen(&app, 80, 24).contains("1 Drafts (2 of 6, pool)"));

    ch(&mut app, 'V');
    assert_eq!(
        shown(&app),
        [
            "Pool: Grid operator",
            "Held: Port strike",
            "Pool: Drone swarm",
            "Held: Ferry operator"
        ]
    );
    assert!(screen(&app, 80, 24).contains("1 Drafts (4 of 6, pool+held)"));
    snap("drafts_state_view_pool_held", &app);

    ch(&mut app, 'V');
    assert_eq!(shown(&app), ["Used: Ministry"]);
    ch(&mut app, 'V');
    assert_eq!(shown(&app), ["Spiked: Rumour"]);
    ch(&mut app, 'V');
    assert_eq!(shown(&app).len(), 6);
    assert!(screen(&app, 80, 24).contains("1 Drafts (6)"));
}

#[test]
fn a_draft_spiked_in_the_pool_view_leaves_it() {
    let mut app = states_app();
    ch(&mut app, 'V');
    // The cursor is on the newest pool draft; spiking it takes it out of the view.
    ch(&mut app, 's');
    assert_eq!(shown(&app), ["Pool: Grid operator"]);
    ch(&mut app, 'u');
    assert_eq!(shown(&app), ["Pool: Grid operator", "Pool: Drone swarm"]);
}

// ---- Marks and bulk actions ----

#[test]
fn space_marks_then_s_spikes_all_marked_in_one_undo_step() {
    let mut app = states_app();
    // The newest rows: Held: Ferry (6), Pool: Drone swarm (5), Used (4), Spiked (3), ...
    ch(&mut app, ' ');
    ch(&mut app, 'j');
    ch(&mut app, ' ');
    assert!(
        screen(&app, 80, 24).contains("2 marked"),
        "{}",
        screen(&app, 80, 24)
    );
    snap("drafts_marked", &app);
    ch(&mut app, 's');
    let state = |app: &App, id: u64| app.desk.items[&ItemId(id)].state;
    assert_eq!(state(&app, 6), ItemState::Spiked);
    assert_eq!(state(&app, 5), ItemState::Spiked);
    // The marks are cleared after the action.
    assert!(!screen(&app, 80, 24).contains("marked"));
    // One `u` gives back both.
    ch(&mut app, 'u');
    assert_eq!(state(&app, 6), ItemState::Held);
    assert_eq!(state(&app, 5), ItemState::Pool);
}

#[test]
fn space_twice_unmarks_and_esc_clears_the_marks() {
    let mut app = states_app();
    ch(&mut app, ' ');
    ch(&mut app, ' ');
    assert!(!screen(&app, 80, 24).contains("marked"));
    ch(&mut app, ' ');
    ch(&mut app, 'j');
    ch(&mut app, ' ');
    super::press(&mut app, crossterm::event::KeyCode::Esc);
    assert!(!screen(&app, 80, 24).contains("marked"));
    // With no marks, h holds only the draft under the cursor (as before).
    ch(&mut app, 'h');
    assert_eq!(app.desk.items[&ItemId(5)].state, ItemState::Held);
    assert_eq!(app.desk.items[&ItemId(6)].state, ItemState::Held);
}

#[test]
fn a_used_draft_among_the_marked_is_refused_and_nothing_changes() {
    let mut app = states_app();
    ch(&mut app, ' ');
    ch(&mut app, 'j');
    ch(&mut app, 'j');
    ch(&mut app, ' ');
    let before = app.desk.clone();
    ch(&mut app, 'h');
    assert_eq!(app.desk, before);
    let s = screen(&app, 80, 24);
    assert!(s.contains("in an issue"), "{s}");
}

#[test]
fn a_assigns_every_marked_draft_in_the_order_marked_and_one_u_undoes_it() {
    use super::{app, section_items, typ};
    use crossterm::event::KeyCode;
    let mut app = app();
    let before = app.desk.clone();
    let first = section_items(&app, 0);
    // Newest first: 8, 7, 6, ... Mark 6 (third row), then 8 (first row).
    ch(&mut app, 'j');
    ch(&mut app, 'j');
    ch(&mut app, ' ');
    ch(&mut app, 'g');
    ch(&mut app, ' ');
    assert!(screen(&app, 80, 24).contains("2 marked"));
    ch(&mut app, 'a');
    let s = screen(&app, 80, 24);
    assert!(s.contains("Assign the marked drafts"), "{s}");
    typ(&mut app, "middle");
    super::press(&mut app, KeyCode::Enter);
    let mut want = first.clone();
    want.extend([Some(ItemId(6)), Some(ItemId(8))]);
    assert_eq!(section_items(&app, 0), want);
    for id in [6, 8] {
        assert_eq!(app.desk.items[&ItemId(id)].state, ItemState::Used);
    }
    assert!(app.marked.is_empty());
    let s = screen(&app, 80, 24);
    assert!(!s.contains("marked ·") && !s.contains("· 2 marked"), "{s}");
    assert!(s.contains("2 drafts assigned"), "{s}");
    // One `u` gives back both drafts and the section as it was.
    ch(&mut app, 'u');
    assert_eq!(app.desk, before);
}

#[test]
fn without_marks_a_assigns_the_draft_under_the_cursor_as_before() {
    use super::{app, section_items};
    use crossterm::event::KeyCode;
    let mut app = app();
    let first = section_items(&app, 0);
    ch(&mut app, 'a');
    assert!(screen(&app, 80, 24).contains("Assign to section"));
    super::press(&mut app, KeyCode::Enter);
    let mut want = first;
    want.push(Some(ItemId(8)));
    assert_eq!(section_items(&app, 0), want);
}
