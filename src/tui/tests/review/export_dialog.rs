//! The export dialog (#15 point 8): the format changeable after a write, `~` expanded, a
//! missing directory said plainly.

use crossterm::event::KeyCode;

use super::setup;
use crate::format::export::Format;
use crate::tui::dialogs::export::{Export, Stage};
use crate::tui::tests::{ch, press};

fn open_at(app: &mut crate::tui::app::App, path: &std::path::Path) {
    ch(app, 'x');
    let Some(st) = app.dialog_mut::<Export>() else {
        panic!("export dialog not open");
    };
    st.path = path.display().to_string();
}

fn stage(app: &crate::tui::app::App) -> Stage {
    match app.dialog::<Export>() {
        Some(st) => st.stage.clone(),
        None => panic!("the dialog closed"),
    }
}

#[test]
fn tab_after_a_write_changes_the_format_and_enter_writes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, _disk) = setup(false, "ed", vec![]);
    open_at(&mut app, &dir.path().join("d.md"));
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(stage(&app), Stage::Written { .. }),
        "{:?}",
        stage(&app)
    );
    press(&mut app, KeyCode::Tab);
    let Some(st) = app.dialog::<Export>() else {
        panic!("Tab after a write closed the dialog");
    };
    assert_eq!((st.format, st.stage.clone()), (Format::Txt, Stage::Editing));
    assert!(st.path.ends_with("d.txt"), "{}", st.path);
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(stage(&app), Stage::Written { .. }),
        "{:?}",
        stage(&app)
    );
    assert!(dir.path().join("d.md").exists() && dir.path().join("d.txt").exists());
}

#[test]
fn a_missing_directory_is_named_plainly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, _disk) = setup(false, "ed", vec![]);
    let sub = dir.path().join("nodir").join("sub");
    open_at(&mut app, &sub.join("d.md"));
    press(&mut app, KeyCode::Enter);
    match stage(&app) {
        Stage::Failed(e) => {
            assert!(
                e.contains(&format!("the directory {} does not exist", sub.display())),
                "{e}"
            );
            assert!(!e.contains(".tmp-"), "{e}");
        }
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn a_tilde_is_the_home_directory() {
    use crate::tui::dialogs::export::resolve_in;
    let home = std::path::Path::new("/home/ed");
    assert_eq!(resolve_in("~/d.md", Some(home)), home.join("d.md"));
    assert_eq!(
        resolve_in(" ~/out/d.md ", Some(home)),
        home.join("out/d.md")
    );
    // `~bob` is not ours to guess, nor a `~` inside a name.
    assert!(resolve_in("~bob/d.md", Some(home)).ends_with("~bob/d.md"));
    assert_eq!(
        resolve_in("/tmp/a~/d.md", Some(home)),
        std::path::Path::new("/tmp/a~/d.md")
    );
}
