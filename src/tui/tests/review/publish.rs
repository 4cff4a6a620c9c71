//! What the desk shares with the command line (`crate::ops`): the approval warning and the
//! record of an export, and the clock a new issue takes its date from.

use crossterm::event::KeyCode;

use super::{at, issue1, message, setup, status};
use crate::model::IssueId;
use crate::model::review::{EventKind, Status};
use crate::tui::dialogs::export::{Export, Stage};
use crate::tui::tests::{ch, press, typ};
use crate::tui::{events, update};

/// Export the current issue to `name` in `dir`: the dialog's warnings.
fn export_to(app: &mut crate::tui::app::App, dir: &std::path::Path, name: &str) -> Vec<String> {
    ch(app, 'x');
    let Some(st) = app.dialog_mut::<Export>() else {
        panic!("export dialog not open");
    };
    st.path = dir.join(name).display().to_string();
    press(app, KeyCode::Enter);
    let Some(st) = app.dialog::<Export>() else {
        panic!("dialog closed too early");
    };
    match &st.stage {
        Stage::Written { warnings, .. } => warnings.clone(),
        other => panic!("not written: {other:?}"),
    }
}

#[test]
fn an_export_changed_since_its_approval_warns_and_records_as_the_command_line_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, disk) = setup(false, "ed", vec![]);
    // Approved as another text reads (an edit the desk did not see as one).
    let mut approved = issue1(&app);
    approved.sections[0].bullets[0].text = "The text bob approved.".into();
    disk.borrow_mut().push(
        IssueId(1),
        status("bob", 7, Status::Approved, Some(&approved)),
    );
    update(
        &mut app,
        events::Event::DiskChanged(crate::tui::review::Changes {
            review: true,
            ..Default::default()
        }),
    );
    let w = export_to(&mut app, dir.path(), "changed.md");
    // The words of `briefdesk export` (docs/cli.md), not a second wording of the rule.
    let want = "issue 1 \"Weekly Security Brief\" changed since it was approved by bob at 2026-11-23 10:07 UTC";
    assert_eq!(w.first().map(String::as_str), Some(want), "{w:?}");
    assert!(message(&app).contains(want), "{}", message(&app));
    // Not approved as it reads, so not recorded: the review still says Approved by bob.
    let ev = disk.borrow().last().cloned().expect("bob's approval");
    assert_eq!(ev.by, "bob");
    assert_eq!(disk.borrow().review().status, Status::Approved);
}

#[test]
fn an_approved_export_is_recorded_as_the_command_line_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, disk) = setup(false, "ed", vec![]);
    let approved = issue1(&app);
    disk.borrow_mut().push(
        IssueId(1),
        status("bob", 7, Status::Approved, Some(&approved)),
    );
    update(
        &mut app,
        events::Event::DiskChanged(crate::tui::review::Changes {
            review: true,
            ..Default::default()
        }),
    );
    let w = export_to(&mut app, dir.path(), "approved.md");
    assert!(!w.iter().any(|w| w.contains("approved")), "{w:?}");
    let ev = disk.borrow().last().cloned().expect("an event");
    // Recorded as `briefdesk export -o` records it: the file's name in the note.
    match &ev.kind {
        EventKind::Status {
            to: Status::Exported,
            note,
            snapshot: Some(_),
        } => assert_eq!(note, "to approved.md"),
        other => panic!("not an export: {other:?}"),
    }
    assert_eq!((ev.by.as_str(), ev.at), ("ed", at(30)));
}

#[test]
fn a_new_issue_is_dated_by_the_desk_clock() {
    // The fake clock reads 2026-11-23 10:30 UTC, whatever day the test runs.
    let (mut app, _disk) = setup(false, "ed", vec![]);
    ch(&mut app, 'I');
    typ(&mut app, "Weekly Security Brief, next week");
    // The details form saves with Ctrl-s (Enter goes on to the next field).
    app.handle_key(crossterm::event::KeyEvent::new(
        KeyCode::Char('s'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    let issue = app
        .desk
        .issues
        .values()
        .find(|i| i.meta.title == "Weekly Security Brief, next week")
        .cloned()
        .expect("the new issue");
    assert_eq!(
        issue.meta.date,
        Some(at(30).with_timezone(&chrono::Local).date_naive())
    );
}
