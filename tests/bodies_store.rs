//! Issue #19, bodies read when shown: a save from the desk the TUI opens (bodies left in
//! their chunk files) crashed at every step loses no body, and the journal replays it.

use briefdesk::model::{Command, Desk, History, Item, ItemId};
use briefdesk::store::{Opened, Store, StoreError};

fn saved_desk(dir: &std::path::Path) -> Desk {
    let mut desk = Desk::new();
    for i in 0..150 {
        let item = Item::new(
            ItemId(i),
            format!("Headline {i}"),
            vec![format!("Lead of {i}."), format!("More of {i}.")],
        );
        desk.items.insert(item.id, item);
    }
    let (mut store, _) = Store::open(dir).expect("open");
    store.save_all(&desk).expect("save");
    desk
}

#[test]
fn crash_at_every_step_of_a_save_with_bodies_on_disk_loses_no_body() {
    let mut crash_at = 1;
    loop {
        let tmp = tempfile::tempdir().expect("tempdir");
        let whole = saved_desk(tmp.path());
        let Opened::Full(mut store, mut desk, _) =
            Store::open_newest_first(tmp.path()).expect("open")
        else {
            panic!("a small desk opens in full");
        };
        assert!(desk.items.values().all(|it| it.body.is_on_disk()));
        // Two chunks touched: a spike (its chunk's bodies all on disk) and an edit of a
        // draft read in first (the rest of its chunk on disk).
        let mut history = History::new();
        let spike = Command::ToggleSpike { item: ItemId(70) };
        let mut edited = whole.items[&ItemId(5)].clone();
        edited.body = vec!["A new lead.".to_string()].into();
        let edit = Command::EditItem {
            item: edited.clone(),
        };
        let needed = edit.drafts_needed(&desk);
        store.fill_bodies(&mut desk, &needed).expect("read in");
        let mut edits = Vec::new();
        let mut touched = Vec::new();
        for cmd in [&spike, &edit] {
            let done = history.perform(&mut desk, cmd).expect("perform");
            edits.extend(done.edits);
            touched.extend(done.touched);
        }
        store.append_journal(&edits).expect("journal");
        store.set_crash_at(Some(crash_at));
        let finished = match store.save(&desk, &touched) {
            Ok(_) => true,
            Err(StoreError::Crashed { .. }) => false,
            Err(e) => panic!("crash {crash_at}: unexpected error: {e}"),
        };
        drop(store);
        let (_, back) = Store::open(tmp.path()).expect("reopen after the crash");
        let mut want = whole.clone();
        if let Some(it) = want.items.get_mut(&ItemId(70)) {
            it.state = briefdesk::model::ItemState::Spiked;
        }
        want.items.insert(ItemId(5), edited);
        assert_eq!(back, want, "crash {crash_at}: a body or an edit was lost");
        if finished {
            break;
        }
        crash_at += 1;
    }
    assert!(crash_at > 3, "the save has crash points: {crash_at}");
}
