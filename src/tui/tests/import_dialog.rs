//! Issue #15: `:` import opens a path prompt; Tab completes directories and files (`~/` the
//! home directory); Enter imports the file as one undo step; a bad path or a file that does
//! not parse is one line in the dialog, and the desk is left as it was.

use crossterm::event::KeyCode;

use super::{app_with, ch, press, screen, typ};
use crate::model::Desk;
use crate::tui::app::{App, Config};
use crate::tui::dialogs::import::Import;

const LIVE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 9:15 PM CEST
Coastal Guard Reports Drone Swarm Near Offshore Platform
Operators of a gas platform reported a swarm of small drones circling the site on Sunday night.
Ministry Confirms Breach of Payroll Provider
The finance ministry confirmed that a payroll contractor was breached last week.
";

/// A directory to complete in: two digests, a live page and a folder.
fn files() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("digest-april.txt"), "x").unwrap();
    std::fs::write(t.path().join("digest-march.txt"), "x").unwrap();
    std::fs::write(t.path().join("live.txt"), LIVE).unwrap();
    std::fs::write(t.path().join("garbage.json"), "{\"briefdesk\": ").unwrap();
    std::fs::create_dir(t.path().join("notes")).unwrap();
    std::fs::write(t.path().join("notes").join("week.txt"), "x").unwrap();
    t
}

/// The desk with the import dialog open from the palette, `~` being `home`.
fn opened(home: &std::path::Path) -> App {
    let (mut app, _, _) = app_with(Desk::new(), Config::default());
    ch(&mut app, ':');
    typ(&mut app, "import");
    press(&mut app, KeyCode::Enter);
    let d = app
        .dialog_mut::<Import>()
        .expect("the palette opens the import dialog");
    d.home = Some(home.to_path_buf());
    app
}

fn path(app: &App) -> String {
    app.dialog::<Import>().expect("still open").path.clone()
}

fn tab(app: &mut App) {
    press(app, KeyCode::Tab);
}

#[test]
fn tab_completes_directories_and_files_and_expands_the_home_directory() {
    let t = files();
    let dir = t.path().to_str().unwrap().to_string();
    let mut app = opened(t.path());
    typ(&mut app, &format!("{dir}/no"));
    tab(&mut app);
    assert_eq!(
        path(&app),
        format!("{dir}/notes/"),
        "a directory gets its /"
    );
    tab(&mut app);
    assert_eq!(path(&app), format!("{dir}/notes/week.txt"));

    // Several fit: as far as they agree, and listed.
    let mut app = opened(t.path());
    typ(&mut app, "~/dig");
    tab(&mut app);
    assert_eq!(path(&app), "~/digest-", "~ kept as typed");
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("digest-april.txt") && s.contains("digest-march.txt"),
        "{s}"
    );
    typ(&mut app, "m");
    tab(&mut app);
    assert_eq!(path(&app), "~/digest-march.txt");

    // Nothing fits: one line, the path as it was.
    let mut app = opened(t.path());
    typ(&mut app, "~/zz");
    tab(&mut app);
    assert_eq!(path(&app), "~/zz");
    assert!(screen(&app, 80, 24).contains("starts with \"zz\""));
}

#[test]
fn enter_imports_the_file_as_one_undo_step() {
    let t = files();
    let mut app = opened(t.path());
    typ(&mut app, "~/live.txt");
    press(&mut app, KeyCode::Enter);
    assert!(app.dialog::<Import>().is_none(), "closed once imported");
    assert_eq!(app.desk.items.len(), 2);
    let msg = app.status.clone().unwrap().0;
    assert!(
        msg.starts_with("imported 2 drafts from ") && msg.ends_with("live.txt: u undoes"),
        "{msg}"
    );
    ch(&mut app, 'u');
    assert!(app.desk.items.is_empty(), "one u takes it all back");
}

#[test]
fn a_bad_path_or_a_file_that_does_not_parse_is_one_line_and_changes_nothing() {
    let t = files();
    for (typed, says) in [
        ("~/missing.txt", "no such file: check the path"),
        ("~/garbage.json", "line 1"),
        ("~/notes", "is a directory: Tab lists what is in it"),
        ("", "give a file's path"),
    ] {
        let mut app = opened(t.path());
        let before = app.desk.clone();
        typ(&mut app, typed);
        press(&mut app, KeyCode::Enter);
        let d = app.dialog::<Import>().expect("stays open");
        let problem = d.problem.clone().unwrap_or_default();
        assert!(problem.contains(says), "{typed:?}: {problem}");
        assert!(!problem.contains('\n'));
        assert!(screen(&app, 80, 24).contains("Import a file"));
        assert_eq!(app.desk, before, "{typed:?} changed the desk");
        assert!(!app.history.can_undo());
    }
}

#[test]
fn a_read_only_desk_does_not_open_the_import_dialog() {
    let t = files();
    let config = Config {
        read_only: true,
        ..Config::default()
    };
    let (mut app, _, _) = app_with(Desk::new(), config);
    let _ = t;
    ch(&mut app, ':');
    typ(&mut app, "import");
    press(&mut app, KeyCode::Enter);
    assert!(app.dialog::<Import>().is_none());
    assert!(app.status.clone().unwrap().0.contains("read-only"));
}
