//! Scenarios of the panes' keys through the key table: filter, assign, indent, assess,
//! undo and redo; the Issue pane's edits; Drafts' spike, hold, new and edit; quitting over
//! unsaved edits; the palette; `$EDITOR`.

use super::*;

#[test]
fn scenario_filter_assign_indent_assess_undo_redo() {
    let saver = FakeSaver::default();
    let (calls, journal) = (saver.calls.clone(), saver.journal.clone());
    let mut app = App::new(desk(), Some(Box::new(saver)), Config::default());
    // Filter drafts to "iran": the Russia-and-Iran item (id 8) is a hit; keep the filter.
    ch(&mut app, '/');
    typ(&mut app, "russia");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.drafts.filter.query, "russia");
    assert_eq!(app.selected_item().map(|i| i.id), Some(ItemId(8)));
    // Assign it to "Cyber" via the picker.
    ch(&mut app, 'a');
    typ(&mut app, "cyb");
    press(&mut app, KeyCode::Enter);
    assert!(app.dialog.is_none());
    assert_eq!(section_items(&app, 1), vec![None, Some(ItemId(8))]);
    assert_eq!(app.desk.items[&ItemId(8)].state, ItemState::Used);
    // Clear the filter; assign the ransomware item (id 6) into a new section.
    press(&mut app, KeyCode::Esc);
    assert!(app.drafts.filter.query.is_empty());
    app.drafts.cursor = 2; // newest first: 8, 7, 6
    assert_eq!(app.selected_item().map(|i| i.id), Some(ItemId(6)));
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "Health sector");
    press(&mut app, KeyCode::Enter);
    assert_eq!(issue(&app).sections.len(), 4);
    assert_eq!(issue(&app).sections[3].name, "Health sector");
    assert_eq!(section_items(&app, 3), vec![Some(ItemId(6))]);
    // Third: the Persian item (id 5) into Europe (the picker's fuzzy match).
    app.drafts.cursor = 3;
    assert_eq!(app.selected_item().map(|i| i.id), Some(ItemId(5)));
    ch(&mut app, 'a');
    typ(&mut app, "europe");
    press(&mut app, KeyCode::Enter);
    assert_eq!(section_items(&app, 2), vec![Some(ItemId(5))]);
    // Issue pane: select the second Cyber bullet, indent it under the first, assess it.
    ch(&mut app, '2');
    assert_eq!(app.focus, Focus::Issue);
    let rows = app.outline_rows();
    let target = rows
        .iter()
        .position(|r| r.kind == crate::tui::outline::RowKind::Bullet(BulletPath::top(1, 1)))
        .expect("row of the assigned bullet");
    app.outline.cursor = target;
    ch(&mut app, '>');
    let cyber = &issue(&app).sections[1];
    assert_eq!(cyber.bullets.len(), 1);
    assert_eq!(cyber.bullets[0].sub_points[0].item, Some(ItemId(8)));
    ch(&mut app, 'A');
    let path = BulletPath::new(1, vec![0, 0]);
    assert_eq!(
        issue(&app).bullet(&path).map(|b| b.kind),
        Some(BulletKind::Assessment)
    );
    let after_all = app.desk.clone();
    // Undo the assessment, then the indent: one step each.
    ch(&mut app, 'u');
    assert_eq!(
        issue(&app).bullet(&path).map(|b| b.kind),
        Some(BulletKind::Fact)
    );
    ch(&mut app, 'u');
    assert_eq!(section_items(&app, 1), vec![None, Some(ItemId(8))]);
    // Redo both: the desk is exactly as before.
    app.handle_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    app.handle_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    assert_eq!(app.desk, after_all);
    // Every action saved once: 3 assigns, indent, assess, 2 undos, 2 redos.
    assert_eq!(calls.borrow().len(), 9);
    assert!(calls.borrow()[1].contains(&Touch::Item(ItemId(6))));
    // The journal holds one entry per action; replayed over the desk we started from (what
    // the store does after a crash) it gives exactly the desk on screen.
    assert_eq!(journal.borrow().len(), 9);
    let mut replayed = desk();
    for edits in journal.borrow().iter() {
        for e in edits {
            e.clone()
                .apply(&mut replayed)
                .expect("journal entry replays");
        }
    }
    assert_eq!(replayed, app.desk);
}

#[test]
fn issue_pane_edits_move_rename_new_remove() {
    let mut app = app();
    ch(&mut app, '2');
    // Row 0: section "Middle East"; row 1: its first bullet.
    ch(&mut app, 'j');
    ch(&mut app, 'e');
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "roster");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        issue(&app).sections[0].bullets[0].text,
        "Washington adds twelve firms to the roster"
    );
    // Esc on a changed inline edit asks; y throws it away.
    ch(&mut app, 'e');
    typ(&mut app, "zzz");
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'y');
    assert!(!issue(&app).sections[0].bullets[0].text.contains("zzz"));
    // Move the section down with J on its row, then back with Alt-Up.
    ch(&mut app, 'g');
    ch(&mut app, 'J');
    assert_eq!(issue(&app).sections[1].name, "Middle East");
    assert_eq!(
        app.selected_row(),
        Some(crate::tui::outline::RowKind::Section(1))
    );
    app.handle_key(KeyEvent::new(KeyCode::Up, KeyModifiers::ALT));
    assert_eq!(issue(&app).sections[0].name, "Middle East");
    // New section after it, rename it, new bullet in it, remove the bullet.
    ch(&mut app, 'S');
    typ(&mut app, "Asia");
    press(&mut app, KeyCode::Enter);
    assert_eq!(issue(&app).sections[1].name, "Asia");
    ch(&mut app, 'R');
    typ(&mut app, "-Pacific");
    press(&mut app, KeyCode::Enter);
    assert_eq!(issue(&app).sections[1].name, "Asia-Pacific");
    ch(&mut app, 'o');
    typ(&mut app, "Taiwan drills");
    press(&mut app, KeyCode::Enter);
    assert_eq!(issue(&app).sections[1].bullets[0].text, "Taiwan drills");
    ch(&mut app, 'd');
    assert!(issue(&app).sections[1].bullets.is_empty());
    // Move the first bullet (with its sub-points) to Cyber; its item stays used.
    ch(&mut app, 'g');
    ch(&mut app, 'j');
    ch(&mut app, 'm');
    typ(&mut app, "cyber");
    press(&mut app, KeyCode::Enter);
    let cyber = issue(&app)
        .sections
        .iter()
        .find(|s| s.name == "Cyber")
        .expect("cyber");
    assert_eq!(cyber.bullets.last().map(|b| b.item), Some(Some(ItemId(1))));
    // Remove it: the item goes back to the pool.
    let path = app.selected_row();
    assert!(matches!(
        path,
        Some(crate::tui::outline::RowKind::Bullet(_))
    ));
    ch(&mut app, 'd');
    assert_eq!(app.desk.items[&ItemId(1)].state, ItemState::Pool);
}

#[test]
fn drafts_spike_hold_new_edit() {
    let mut app = app();
    ch(&mut app, 's');
    assert_eq!(app.desk.items[&ItemId(8)].state, ItemState::Spiked);
    ch(&mut app, 's');
    assert_eq!(app.desk.items[&ItemId(8)].state, ItemState::Pool);
    ch(&mut app, 'h');
    assert_eq!(app.desk.items[&ItemId(8)].state, ItemState::Held);
    ch(&mut app, 'n');
    typ(&mut app, "Fresh headline");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "First paragraph.");
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let new = app.desk.items.get(&ItemId(9)).expect("new item");
    assert_eq!(new.headline, "Fresh headline");
    assert_eq!(new.body, vec!["First paragraph.".to_string()]);
    assert_eq!(app.selected_item().map(|i| i.id), Some(ItemId(9)));
    ch(&mut app, 'e');
    typ(&mut app, "!");
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(app.desk.items[&ItemId(9)].headline, "Fresh headline!");
    // A used item cannot be assigned again.
    app.drafts.cursor = 8;
    ch(&mut app, 'a');
    assert!(app.dialog.is_none());
}

#[test]
fn quit_over_unsaved_edits_asks_for_a_second_quit() {
    let (mut app, _, fail) = app_with(desk(), Config::default());
    *fail.borrow_mut() = true;
    ch(&mut app, 's');
    let q = |app: &mut App| app.handle_key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
    // First q: a warning, no quit (the retry inside fails again).
    assert_eq!(q(&mut app), None);
    assert!(!app.quit);
    assert!(screen(&app, 80, 24).contains("NOT saved"));
    // Any other key disarms it; then two quits in a row go through.
    ch(&mut app, 'j');
    assert_eq!(q(&mut app), None);
    assert_eq!(q(&mut app), Some(crate::tui::app::Effect::Quit));
    // Once the disk is back, one quit is enough.
    let (mut app, _, fail) = app_with(desk(), Config::default());
    *fail.borrow_mut() = true;
    ch(&mut app, 's');
    *fail.borrow_mut() = false;
    assert_eq!(q(&mut app), Some(crate::tui::app::Effect::Quit));
}

#[test]
fn palette_runs_an_action_in_its_pane() {
    let mut app = app();
    ch(&mut app, ':');
    typ(&mut app, "toggle_ass");
    press(&mut app, KeyCode::Enter);
    // Issue focus, first row is a section: refused with a message, nothing changed.
    assert_eq!(app.focus, Focus::Issue);
    ch(&mut app, 'j');
    ch(&mut app, ':');
    typ(&mut app, "toggle_ass");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        issue(&app).sections[0].bullets[0].kind,
        BulletKind::Assessment
    );
}

#[test]
fn external_editor_result_is_one_edit() {
    let mut app = app();
    ch(&mut app, '2');
    ch(&mut app, 'j');
    let effect = app.handle_key(KeyEvent::new(KeyCode::Char('E'), KeyModifiers::SHIFT));
    assert!(matches!(
        effect,
        Some(crate::tui::Effect::EditExternal { .. })
    ));
    update(
        &mut app,
        Event::ExternalEdited(Ok("New text\nwrapped\n".into())),
    );
    assert_eq!(issue(&app).sections[0].bullets[0].text, "New text wrapped");
    ch(&mut app, 'u');
    assert_eq!(
        issue(&app).sections[0].bullets[0].text,
        "Washington adds twelve firms to the list."
    );
}
