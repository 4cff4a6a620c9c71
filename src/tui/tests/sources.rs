//! Issue #17 in the desk: the sources form (`w`), a bullet's own marking (`t`) as a tag on
//! its row, the issue's marking in the status bar and the Issue pane's title, the sources
//! in the preview; every change one undo step, a refused URL said in the form.

use super::*;
use crate::model::{Source, Tlp};
use crate::tui::dialogs::sources::Sources;
use crate::tui::outline::RowKind;

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Focus the Issue pane on the second bullet of Middle East ("Hezbollah drone strikes").
fn on_second_bullet(app: &mut App) {
    ch(app, '2');
    let rows = app.outline_rows();
    let kind = RowKind::Bullet(BulletPath::top(0, 1));
    app.outline.cursor = rows.iter().position(|r| r.kind == kind).expect("row");
}

fn second(app: &App) -> &Bullet {
    &issue(app).sections[0].bullets[1]
}

#[test]
fn the_sources_form_sets_a_source_in_one_undo_step_and_the_preview_cites_it() {
    let mut app = app();
    let before = app.desk.clone();
    on_second_bullet(&mut app);
    ch(&mut app, 'w');
    assert!(
        app.dialog::<Sources>().is_some(),
        "w opens the sources form"
    );
    typ(&mut app, "Reuters");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "https://www.reuters.com/world/a");
    snap("sources_form", &app);
    ctrl(&mut app, 's');
    assert!(app.dialog.is_none(), "the form closes on a good save");
    assert_eq!(
        second(&app).sources,
        vec![
            Source::new("Reuters", "https://www.reuters.com/world/a")
                .unwrap()
                .unwrap()
        ]
    );
    ch(&mut app, '3');
    let s = screen(&app, 160, 48);
    assert!(
        s.contains("Hezbollah drone strikes continue. (Reuters)"),
        "{s}"
    );
    ch(&mut app, 'u');
    assert_eq!(app.desk, before, "one undo takes the source off");
}

#[test]
fn a_script_url_is_refused_in_the_form_and_changes_nothing() {
    let mut app = app();
    let before = app.desk.clone();
    on_second_bullet(&mut app);
    ch(&mut app, 'w');
    typ(&mut app, "Click");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "javascript:alert(1)");
    ctrl(&mut app, 's');
    let problem = app.dialog::<Sources>().and_then(|f| f.problem.clone());
    assert!(
        problem
            .as_deref()
            .is_some_and(|p| p.starts_with("URL: ") && p.contains("javascript:")),
        "{problem:?}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none());
    assert_eq!(app.desk, before);
}

#[test]
fn t_steps_the_bullets_marking_shown_as_a_tag_and_the_issues_in_title_and_status() {
    let mut app = app();
    let before = app.desk.clone();
    if let Some(i) = app.desk.issues.get_mut(&IssueId(1)) {
        i.meta.tlp = Some(Tlp::Green);
    }
    let marked = app.desk.clone();
    on_second_bullet(&mut app);
    for want in [Tlp::Clear, Tlp::Green, Tlp::Amber] {
        ch(&mut app, 't');
        assert_eq!(second(&app).tlp, Some(want));
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains("TLP:AMBER Hezbollah"), "the row's tag\n{s}");
    assert!(s.contains("2 Issue: TLP:GREEN · "), "the pane title\n{s}");
    assert!(s.contains("TLP:GREEN · Draft"), "the status bar\n{s}");
    snap("bullet_tlp_tag", &app);
    for want in [Some(Tlp::AmberStrict), Some(Tlp::Red), None] {
        ch(&mut app, 't');
        assert_eq!(second(&app).tlp, want);
    }
    for _ in 0..6 {
        ch(&mut app, 'u');
    }
    assert_eq!(app.desk, marked, "each step one undo");
    drop(before);
}
