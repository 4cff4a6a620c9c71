//! The four-eyes rule in the desk: the editor's edit is recorded once in its own log, and
//! `Y` by whoever changed the issue is refused with one line while the setting is on.

use super::*;

#[test]
fn the_editors_first_edit_is_recorded_once_in_its_own_log() {
    let (mut app, disk) = setup(false, "ed", vec![status("ed", 1, Status::InReview, None)]);
    // ed sent it: already among its changers, so an edit records nothing more.
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'A');
    assert_eq!(disk.borrow().events.len(), 1);

    let (mut app, disk) = setup(
        false,
        "carol",
        vec![status("ed", 1, Status::InReview, None)],
    );
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'A');
    ch(&mut app, 'A');
    let d = disk.borrow();
    let edited: Vec<&Event> = d
        .events
        .iter()
        .map(|(_, e)| e)
        .filter(|e| e.kind == EventKind::Edited)
        .collect();
    assert_eq!(edited.len(), 1, "once until the next approval");
    assert_eq!(edited[0].by, "carol");
    assert_eq!(d.review().changed_by, ["ed", "carol"]);
    // The edit's own line stays on the status line.
    assert!(!message(&app).contains("review log"), "{}", message(&app));
}

#[test]
fn y_by_whoever_changed_the_issue_is_refused_while_the_rule_is_on() {
    let sent = vec![
        Event {
            at: at(1),
            by: "ed".into(),
            kind: EventKind::Edited,
        },
        status("ed", 2, Status::InReview, None),
    ];
    // ed, in a review session of his own issue: refused before any question.
    let (mut app, disk) = setup(true, "ed", sent.clone());
    disk.borrow_mut().four_eyes = true;
    ch(&mut app, 'Y');
    assert!(app.dialog.is_none());
    assert_eq!(
        message(&app),
        "four-eyes rule: ed last changed this issue; another reviewer must approve it"
    );
    assert_eq!(disk.borrow().events.len(), 2, "nothing written");

    // The rule turned on while the question is open is still kept as it is answered.
    let (mut app, disk) = setup(true, "ed", sent.clone());
    ch(&mut app, 'Y');
    assert!(app.dialog::<Confirm>().is_some());
    disk.borrow_mut().four_eyes = true;
    ch(&mut app, 'y');
    assert!(
        message(&app).contains("four-eyes rule: ed last changed"),
        "{}",
        message(&app)
    );
    assert_eq!(disk.borrow().events.len(), 2);

    // rita did not change it: she approves.
    let (mut app, disk) = setup(true, "rita", sent.clone());
    disk.borrow_mut().four_eyes = true;
    ch(&mut app, 'Y');
    ch(&mut app, 'y');
    assert_eq!(message(&app), "Approved by rita");
    assert_eq!(disk.borrow().review().status, Status::Approved);

    // With the rule off, ed may approve his own, as before.
    let (mut app, disk) = setup(true, "ed", sent);
    ch(&mut app, 'Y');
    ch(&mut app, 'y');
    assert_eq!(message(&app), "Approved by ed");
    assert_eq!(disk.borrow().review().status, Status::Approved);
}

#[test]
fn an_export_under_the_rule_records_no_approval_its_editor_gave_himself() {
    let (app0, _) = setup(false, "ed", vec![]);
    let approved = issue1(&app0);
    let events = vec![
        Event {
            at: at(1),
            by: "ed".into(),
            kind: EventKind::Edited,
        },
        status("ed", 2, Status::Approved, Some(&approved)),
    ];
    let (mut app, disk) = setup(false, "ed", events);
    disk.borrow_mut().four_eyes = true;
    let tmp = tempfile::tempdir().expect("a temp dir");
    let file = tmp.path().join("d.md");
    let warnings = app.record_export(IssueId(1), &file);
    assert_eq!(
        warnings,
        [
            "issue 1 \"Weekly Security Brief\" was approved by ed, who changed it: the four-eyes rule asks another reviewer to approve it"
        ]
    );
    assert_eq!(disk.borrow().events.len(), 2, "no Exported recorded");
}

#[test]
fn settings_that_do_not_read_stop_an_approval_but_never_a_request_for_changes() {
    let sent = vec![status("ed", 2, Status::InReview, None)];
    let (mut app, disk) = setup(true, "rita", sent);
    disk.borrow_mut().settings_error = Some("desk.json: \"review\" is true, not an object".into());
    ch(&mut app, 'Y');
    assert!(app.dialog.is_none());
    assert!(
        message(&app).starts_with("cannot approve: desk.json"),
        "{}",
        message(&app)
    );
    ch(&mut app, 'N');
    typ(&mut app, "Source the Cyber bullet.");
    ctrl(&mut app, 's');
    ch(&mut app, 'y');
    assert_eq!(disk.borrow().review().status, Status::ChangesRequested);
}
