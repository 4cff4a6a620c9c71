//! Issue #19: keys before the whole desk. A desk opened newest first is worked on while
//! its older drafts load; what would change the desk waits for them, in order, and runs on
//! the draft it was asked for; the whole desk comes in with its candidates built off the
//! key loop and the cursor on the same draft.

use super::{big_desk_dir, screen};
use crate::model::{ItemState, StateView};
use crate::store::{Opened, Store};
use crate::tui::app::{App, Focus, SaveState};
use crate::tui::events::Waiting;
use crate::tui::{Action, Loading, Options, start, update};

fn loading_app(dir: &std::path::Path) -> (App, Loading) {
    let opened = Store::open_newest_first(dir).expect("open");
    assert!(matches!(opened, Opened::Newest(..)));
    let (app, loading) = start(opened, Options::default());
    (app, loading.expect("still loading"))
}

/// A filter query that the newest drafts and the older ones both answer: the first word of
/// the newest draft's headline.
fn common_query(app: &App) -> String {
    let newest = app.desk.items.values().next_back().expect("a draft");
    newest
        .headline
        .split_whitespace()
        .next()
        .expect("a word")
        .to_string()
}

#[test]
fn an_edit_while_the_older_drafts_load_waits_and_runs_on_its_draft_by_id() {
    let tmp = big_desk_dir();
    let (mut app, loading) = loading_app(tmp.path());
    // A filtered list, the cursor two rows down: the row will hold another draft once the
    // older drafts are ranked in.
    app.drafts.filter.query = common_query(&app);
    app.refresh_drafts();
    update(&mut app, Action::Down);
    update(&mut app, Action::Down);
    let row = app.drafts.cursor;
    let picked = app
        .selected_item()
        .map(|i| (i.id, i.state))
        .expect("a draft");
    assert_eq!(picked.1, ItemState::Pool);
    let before = app.desk.clone();

    update(&mut app, Action::Spike);
    // Not applied to the part of the desk, not dropped: waiting, with its draft.
    assert_eq!(app.desk, before, "nothing changes a part of the desk");
    assert_eq!(
        app.waits.queue,
        vec![Waiting::Action {
            action: Action::Spike,
            draft: Some(picked.0)
        }]
    );
    let said = screen(&app, 120, 40);
    assert!(said.contains("spike waits for the older drafts"), "{said}");
    assert!(said.contains("loading older drafts:"), "{said}");

    loading.finish(&mut app).expect("finish");
    assert!(app.settle_drafts(std::time::Duration::from_secs(60)));
    // The older drafts are ranked in: the row the cursor was on holds another draft now
    // (the cursor itself followed its draft).
    let on_row = app.drafts_cache.id(row);
    assert_ne!(on_row, Some(picked.0), "the test needs the row to move");
    let waiting = std::mem::take(&mut app.waits.queue);
    for w in waiting {
        if let Waiting::Action { action, draft } = w {
            app.run_waiting_action(action, draft);
        }
    }
    assert_eq!(
        app.desk.item(picked.0).map(|i| i.state),
        Some(ItemState::Spiked),
        "the draft picked, by id"
    );
    assert!(
        matches!(app.save_state, SaveState::Saved(_)),
        "{:?}",
        app.save_state
    );
    let (_, mut on_disk) = Store::open(tmp.path()).expect("reopen");
    assert_eq!(
        on_disk.item(picked.0).map(|i| i.state),
        Some(ItemState::Spiked)
    );
    // The desk the TUI opens leaves the bodies it did not need in their chunk files.
    on_disk
        .items
        .values_mut()
        .for_each(crate::model::Item::leave_body_on_disk);
    let mut held = app.desk.clone();
    held.items
        .values_mut()
        .for_each(crate::model::Item::leave_body_on_disk);
    assert_eq!(on_disk, held);
}

#[test]
fn the_cursor_stays_on_its_draft_when_the_older_drafts_arrive() {
    let tmp = big_desk_dir();
    let (mut app, loading) = loading_app(tmp.path());
    app.drafts.filter.query = common_query(&app);
    app.refresh_drafts();
    for _ in 0..3 {
        update(&mut app, Action::Down);
    }
    let picked = app.selected_item().map(|i| i.id).expect("a draft");
    let row = app.drafts.cursor;
    loading.finish(&mut app).expect("finish");
    assert!(app.settle_drafts(std::time::Duration::from_secs(60)));
    assert_ne!(app.drafts_cache.id(row), Some(picked), "the row moved");
    assert_eq!(app.selected_item().map(|i| i.id), Some(picked));

    // Unfiltered, newest first: the same row, the same draft.
    let tmp = big_desk_dir();
    let (mut app, loading) = loading_app(tmp.path());
    update(&mut app, Action::Bottom);
    let picked = app.selected_item().map(|i| i.id).expect("a draft");
    loading.finish(&mut app).expect("finish");
    assert_eq!(app.selected_item().map(|i| i.id), Some(picked));
}

#[test]
fn the_whole_desk_comes_in_with_its_list_built_off_the_key_loop() {
    let tmp = big_desk_dir();
    let (mut app, mut loading) = loading_app(tmp.path());
    let taken = app.drafts_cache.rebuilds;
    // Another view asked for while loading: the candidates are built again on the thread.
    update(&mut app, Action::StateView);
    assert_ne!(app.drafts_view, StateView::default());
    let taken_view = app.drafts_cache.rebuilds;
    assert!(
        taken_view > taken,
        "the part of the desk is listed in the view"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !loading.try_finish(&mut app).expect("no error") {
        assert!(std::time::Instant::now() < deadline, "the load never ended");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(!app.loading);
    // No candidate taken on the key loop: the ones built on the thread, in the view asked.
    assert_eq!(app.drafts_cache.rebuilds, taken_view);
    assert_eq!(app.drafts_cache.adopted, 1);
    let (_, mut full) = Store::open(tmp.path()).expect("full open");
    // The desk the TUI opens leaves every body in its chunk file.
    full.items
        .values_mut()
        .for_each(crate::model::Item::leave_body_on_disk);
    let shown = full
        .items
        .values()
        .filter(|i| app.drafts_view.shows(i.state))
        .count();
    assert_eq!(app.drafts_cache.len(), shown);
    assert_eq!(app.desk, full);
}

#[test]
fn viewing_keys_work_on_the_newest_drafts_and_nothing_else_runs() {
    let tmp = big_desk_dir();
    let (mut app, loading) = loading_app(tmp.path());
    let before = app.desk.clone();
    for action in [
        Action::Down,
        Action::FocusIssue,
        Action::FocusPreview,
        Action::FocusDrafts,
        Action::Help,
        Action::Cancel,
        Action::Palette,
        Action::Cancel,
        Action::StateView,
    ] {
        update(&mut app, action);
        assert!(app.waits.queue.is_empty(), "{action:?} runs at once");
    }
    assert_eq!(app.focus, Focus::Drafts);
    for action in [
        Action::Undo,
        Action::NewItem,
        Action::Export,
        Action::Import,
        Action::Fetch,
        Action::Comment,
        Action::Check,
    ] {
        update(&mut app, action);
        assert!(app.dialog.is_none(), "{action:?} opens nothing yet");
    }
    assert_eq!(app.waits.queue.len(), 7, "each waits, in order");
    assert_eq!(app.desk, before);
    drop(loading);
}

#[test]
fn a_recovered_draft_among_the_older_ones_is_told_once_they_are_in() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut desk = crate::desk_gen::desk(5_000);
    let oldest = desk.items.values_mut().next().expect("a draft");
    oldest.state = ItemState::Pool;
    oldest
        .tags
        .push(crate::tui::rescue::RECOVERED_TAG.to_string());
    crate::desk_gen::write_desk(tmp.path(), &desk).expect("write desk");
    let (mut app, loading) = loading_app(tmp.path());
    assert!(
        app.recovered_notice().is_none(),
        "only the newest drafts yet"
    );
    loading.finish(&mut app).expect("finish");
    let said = app
        .status
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default();
    assert!(
        said.contains("recovered: an unsaved edit is in Drafts"),
        "{said}"
    );
}
