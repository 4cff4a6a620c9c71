//! Issue details in the desk: the form (`T`, `I`), deleting an issue (`X`), and the issue
//! picker, pane title and status line naming issues by date, status and the part of the
//! title that tells them apart.

use super::*;
use crate::tui::dialogs::issue_form::IssueForm;

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Empty the focused one-line field.
fn clear(app: &mut App) {
    for _ in 0..80 {
        press(app, KeyCode::Backspace);
    }
}

/// The test desk with two more issues whose titles share all but their date.
fn similar() -> App {
    let mut d = desk();
    for (id, day) in [(2, 14), (3, 28)] {
        let issue = Issue::new(
            IssueId(id),
            IssueMeta {
                title: format!(
                    "Harbor Lane Advisory’s Weekly Security Digest – October {day}, 2024"
                ),
                date: NaiveDate::from_ymd_opt(2024, 10, day),
                ..IssueMeta::default()
            },
        );
        d.issues.insert(issue.id, issue);
    }
    if let Some(i) = d.issues.get_mut(&IssueId(1)) {
        i.meta.title = "Harbor Lane Advisory’s Weekly Security Digest – October 21, 2024".into();
    }
    app_with(d, Config::default()).0
}

#[test]
fn the_details_form_edits_every_field_in_one_undo_step() {
    let mut app = app();
    let before = app.desk.clone();
    ch(&mut app, 'T');
    snap("issue_details_form", &app);
    clear(&mut app);
    typ(&mut app, "Weekly Security Brief – October 28, 2024");
    press(&mut app, KeyCode::Tab);
    clear(&mut app);
    typ(&mut app, "New tagline");
    press(&mut app, KeyCode::Enter); // Enter goes on to the next field
    clear(&mut app);
    typ(&mut app, "World");
    press(&mut app, KeyCode::Tab);
    clear(&mut app); // a blank date: the title's
    ctrl(&mut app, 's');
    assert!(app.dialog.is_none(), "the form closes on a good save");
    let m = &issue(&app).meta;
    assert_eq!(m.title, "Weekly Security Brief – October 28, 2024");
    assert_eq!(m.tagline, "New tagline");
    assert_eq!(m.group.as_deref(), Some("World"));
    assert_eq!(m.date, NaiveDate::from_ymd_opt(2024, 10, 28));
    ch(&mut app, 'u');
    assert_eq!(app.desk, before, "one undo gives every detail back");
}

#[test]
fn a_bad_date_is_refused_in_the_form_and_changes_nothing() {
    let mut app = app();
    let before = app.desk.clone();
    ch(&mut app, 'T');
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    clear(&mut app);
    typ(&mut app, "2026-13-40");
    ctrl(&mut app, 's');
    let Some(form) = app.dialog::<IssueForm>() else {
        panic!("the form stays open");
    };
    assert_eq!(
        form.problem.as_deref(),
        Some("date: \"2026-13-40\" is not a date: write it as YYYY-MM-DD, e.g. 2024-07-02")
    );
    snap("issue_details_bad_date", &app);
    assert_eq!(app.desk, before);
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none());
    // An empty title is refused the same way.
    ch(&mut app, 'T');
    clear(&mut app);
    ctrl(&mut app, 's');
    let problem = app.dialog::<IssueForm>().and_then(|f| f.problem.clone());
    assert_eq!(problem.as_deref(), Some("an issue needs a title"));
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none());
    assert_eq!(app.desk, before);
}

#[test]
fn the_details_form_sets_the_tlp_marking_in_one_undo_step_and_refuses_an_unknown_word() {
    let mut app = app();
    let before = app.desk.clone();
    ch(&mut app, 'T');
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    typ(&mut app, "amber+strict");
    ctrl(&mut app, 's');
    assert!(app.dialog.is_none(), "the form closes on a good save");
    assert_eq!(issue(&app).meta.tlp, Some(crate::model::Tlp::AmberStrict));
    ch(&mut app, 'u');
    assert_eq!(app.desk, before, "one undo takes the marking off");
    ch(&mut app, 'T');
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    typ(&mut app, "white");
    ctrl(&mut app, 's');
    let problem = app.dialog::<IssueForm>().and_then(|f| f.problem.clone());
    assert!(
        problem
            .as_deref()
            .is_some_and(|p| p.starts_with("TLP: \"white\" is not a TLP marking")),
        "{problem:?}"
    );
    assert_eq!(app.desk, before);
}

#[test]
fn a_new_issue_starts_with_the_newest_issues_sections_and_the_title_s_date() {
    let mut app = app();
    ch(&mut app, 'I');
    typ(&mut app, "Weekly Security Brief – October 28, 2024");
    snap("new_issue_form", &app);
    ctrl(&mut app, 's');
    let new = app
        .current_issue()
        .expect("the new issue is current")
        .clone();
    assert_eq!(new.id, IssueId(2));
    assert_eq!(new.meta.date, NaiveDate::from_ymd_opt(2024, 10, 28));
    let names: Vec<_> = new.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Middle East", "Cyber", "Europe"]);
    assert!(new.sections.iter().all(|s| s.bullets.is_empty()));
    // Space on the sections line: a bare issue.
    ch(&mut app, 'I');
    typ(&mut app, "Bare");
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    ch(&mut app, ' ');
    ctrl(&mut app, 's');
    let bare = app.current_issue().expect("the bare issue");
    assert_eq!(bare.meta.title, "Bare");
    assert!(bare.sections.is_empty());
    // One undo takes the new issue away.
    ch(&mut app, 'u');
    assert!(app.desk.issue(IssueId(3)).is_none());
}

#[test]
fn deleting_the_issue_asks_sends_drafts_back_and_undo_gives_it_back() {
    let mut app = app();
    let before = app.desk.clone();
    ch(&mut app, 'X');
    assert!(screen(&app, 80, 24).contains("Delete issue 1"));
    ch(&mut app, 'n');
    assert_eq!(app.desk, before, "n changes nothing");
    ch(&mut app, 'X');
    ch(&mut app, 'y');
    assert!(app.desk.issue(IssueId(1)).is_none());
    assert_eq!(app.desk.items[&ItemId(1)].state, ItemState::Pool);
    assert!(app.current_issue().is_none());
    ch(&mut app, 'u');
    assert_eq!(app.desk, before, "undo gives the issue and its drafts back");
}

#[test]
fn the_picker_pane_and_status_line_show_date_status_and_what_tells_titles_apart() {
    let mut app = similar();
    app.issue = Some(IssueId(1));
    let s = screen(&app, 160, 48);
    assert!(
        s.contains("2 Issue: 2024-10-21 · Draft · …October 21, 2024"),
        "{s}"
    );
    assert!(s.contains(" 2024-10-21 · …October 21, 2024"), "{s}");
    ch(&mut app, 'i');
    snap("issue_picker_similar_titles", &app);
    let s = screen(&app, 80, 24);
    for line in [
        "2024-10-28  Draft  …October 28, 2024",
        "2024-10-21  Draft  …October 21, 2024",
        "2024-10-14  Draft  …October 14, 2024",
    ] {
        assert!(s.contains(line), "{line} not in\n{s}");
    }
    // The date matches too.
    typ(&mut app, "10-14");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.issue, Some(IssueId(2)));
}

#[test]
fn details_typed_when_the_session_ends_are_kept_as_a_recovered_draft() {
    let mut app = app();
    ch(&mut app, 'T');
    // Opened and left as it was: nothing to keep.
    assert!(!app.rescue_unsaved());
    ch(&mut app, 'T');
    typ(&mut app, ", second edition");
    let meta = issue(&app).meta.clone();
    assert!(app.rescue_unsaved());
    let item = app.desk.items.values().last().expect("the rescued item");
    assert!(
        item.headline.starts_with("Unsaved details of issue 1"),
        "{}",
        item.headline
    );
    assert_eq!(item.body[0], "Weekly Security Brief, second edition");
    assert_eq!(issue(&app).meta, meta, "the issue itself is unchanged");
}

#[test]
fn an_issue_in_review_is_deleted_only_on_a_question_that_says_so() {
    use crate::model::review::Status;
    let (mut app, _disk) = super::review::setup(
        false,
        "ed",
        vec![super::review::status("ed", 1, Status::InReview, None)],
    );
    // The picker reads each issue's status from its review logs.
    ch(&mut app, 'i');
    assert!(screen(&app, 80, 24).contains("2024-10-21  In review  Weekly Security Brief"));
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'X');
    let s = screen(&app, 80, 24);
    assert!(s.contains("It is In review."), "{s}");
    ch(&mut app, 'n');
    assert!(app.desk.issue(IssueId(1)).is_some());
}
