//! Issue #15: imports another process queued in `inbox/`, taken in on the desk's poll: one
//! undo step each, saved before the file goes; a bad file told once and left; a read-only
//! session never takes anything in.

use super::ch;
use crate::model::{Desk, Item, ItemId};
use crate::store::{Store, inbox};
use crate::tui::app::{App, Config, Level};
use crate::tui::update;

const LIVE: &[u8] = b"THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 9:15 PM CEST
Coastal Guard Reports Drone Swarm Near Offshore Platform
Operators of a gas platform reported a swarm of small drones circling the site on Sunday night.
Ministry Confirms Breach of Payroll Provider
The finance ministry confirmed that a payroll contractor was breached last week.
";

/// A desk on disk with one draft, open as its editor (the lock holder) would have it.
fn editor(read_only: bool) -> (tempfile::TempDir, App) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let (mut store, mut desk) = Store::open(&dir).unwrap();
    let it = Item::new(ItemId(1), "Already on the desk", vec!["Body.".into()]);
    desk.items.insert(it.id, it);
    store
        .save(&desk, &[crate::model::Touch::Item(ItemId(1))])
        .unwrap();
    let config = Config {
        read_only,
        inbox: Some(dir),
        ..Config::default()
    };
    let saver: Option<Box<dyn crate::tui::app::Saver>> =
        (!read_only).then(|| Box::new(store) as Box<dyn crate::tui::app::Saver>);
    (tmp, App::new(desk, saver, config))
}

fn on_disk(app_dir: &std::path::Path) -> Desk {
    Store::open_read_only(app_dir).unwrap().1
}

fn status(app: &App) -> (String, Level) {
    app.status.clone().expect("a status line")
}

#[test]
fn a_queued_import_is_taken_in_on_the_poll_as_one_undo_step_then_removed() {
    let (tmp, mut app) = editor(false);
    let dir = tmp.path();
    assert!(app.poll_inbox().is_none(), "nothing queued, nothing to do");
    inbox::queue(dir, LIVE, None).unwrap();
    let event = app.poll_inbox().expect("the poll sees the queued file");
    update(&mut app, event);

    assert_eq!(app.desk.items.len(), 3);
    let (msg, level) = status(&app);
    assert_eq!(msg, "imported 2 drafts from another process: u undoes");
    assert_eq!(level, Level::Info);
    assert_eq!(on_disk(dir).items.len(), 3, "saved");
    assert!(
        inbox::waiting(dir).unwrap().0.is_empty(),
        "removed once saved"
    );
    assert!(app.poll_inbox().is_none());
    // The cursor stays on the draft it was on, though two newer ones came in above it.
    assert_eq!(
        app.selected_item().map(|i| i.headline.as_str()),
        Some("Already on the desk")
    );

    ch(&mut app, 'u');
    assert_eq!(app.desk.items.len(), 1, "one u takes the whole import back");
    assert_eq!(on_disk(dir).items.len(), 1);
}

#[test]
fn a_bad_inbox_file_is_told_once_and_left_and_the_next_one_still_comes_in() {
    let (tmp, mut app) = editor(false);
    let dir = tmp.path();
    let bad = inbox::queue(dir, b"{\"briefdesk\": \"issue\", ", None).unwrap();
    inbox::queue(dir, LIVE, Some("live")).unwrap();
    let event = app.poll_inbox().expect("two files");
    update(&mut app, event);

    assert_eq!(app.desk.items.len(), 3, "the good file came in");
    assert!(bad.exists(), "the bad file is left where it is");
    let name = bad.file_name().unwrap().to_string_lossy().into_owned();
    let (msg, level) = status(&app);
    // What came in, then the bad file named: an error line.
    assert_eq!(level, Level::Error, "{msg}");
    assert!(
        msg.starts_with("imported 2 drafts from another process: u undoes; ")
            && msg.contains(&name)
            && msg.contains("not imported")
            && msg.contains("line 1"),
        "{msg}"
    );
    // Told once: the next polls do not bring it up again.
    assert!(app.poll_inbox().is_none());
    assert!(bad.exists());
}

#[test]
fn a_read_only_session_ignores_the_inbox() {
    let (tmp, mut app) = editor(true);
    let dir = tmp.path();
    inbox::queue(dir, LIVE, None).unwrap();
    assert!(app.poll_inbox().is_none(), "a reader does not look");
    // Even handed the files, it takes nothing in.
    let (files, _) = inbox::waiting(dir).unwrap();
    update(
        &mut app,
        crate::tui::events::Event::Inbox(crate::tui::inbox::Arrived {
            files,
            problems: Vec::new(),
        }),
    );
    assert_eq!(app.desk.items.len(), 1);
    assert_eq!(
        inbox::waiting(dir).unwrap().0.len(),
        1,
        "left for the editor"
    );
}

#[test]
fn an_empty_desk_says_how_to_add_a_draft_and_how_to_import() {
    let app = App::new(Desk::new(), None, Config::default());
    for (w, h) in [(80, 24), (160, 48)] {
        let s = super::screen(&app, w, h);
        assert!(
            s.contains("no drafts yet: n adds one,") && s.contains(": import loads a file"),
            "{w}x{h}:\n{s}"
        );
    }
}
