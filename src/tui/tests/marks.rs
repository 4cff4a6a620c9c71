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
