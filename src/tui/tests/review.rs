//! Review: comments, decisions, edits after approval, following the disk. The review logs
//! and the issue file are a fake disk here; the time is fixed.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{app_with, ch, desk, press, render_buf, screen, snap, typ};
use crate::model::review::{Event, EventKind, Review, Status, Target};
use crate::model::{Bullet, BulletId, Issue, IssueId, SectionId};
use crate::tui::app::{App, Config, Focus};
use crate::tui::dialogs::changes::Changes as ChangesDialog;
use crate::tui::dialogs::comments::Comments;
use crate::tui::dialogs::confirm::Confirm;
use crate::tui::dialogs::export::{Export, Stage};
use crate::tui::dialogs::note::Note;
use crate::tui::review::{Changes, ReviewIo};
use crate::tui::{events, update};

mod changes_colour;
mod export_all;
mod export_dialog;
mod follow;
mod four_eyes;
mod publish;

fn at(min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, min, 0)
        .single()
        .unwrap_or_default()
}

/// What the fake disk holds: every event appended, the issue file, and a version of each
/// that moves on every write (what the stat-based stamps see).
#[derive(Default)]
pub(super) struct Disk {
    events: Vec<(IssueId, Event)>,
    issue: Option<Issue>,
    review_v: u64,
    issue_v: u64,
    fail: bool,
    /// Drafts chunks the editor saved, not yet seen; or why they do not read.
    drafts: Vec<crate::store::follow::Chunk>,
    drafts_error: Option<String>,
    /// The minute past 10:00 the clock shows (30 unless a test moves it).
    minute: u32,
    /// desk.json's `review.require_other_approver`.
    four_eyes: bool,
    /// Why desk.json's settings do not read, when they do not.
    settings_error: Option<String>,
}

impl Disk {
    fn push(&mut self, issue: IssueId, ev: Event) {
        self.events.push((issue, ev));
        self.review_v += 1;
    }

    fn save_issue(&mut self, issue: Issue) {
        self.issue = Some(issue);
        self.issue_v += 1;
    }

    fn review(&self) -> Review {
        Review::fold(self.events.iter().map(|(_, e)| e.clone()).collect())
    }

    fn last(&self) -> Option<&Event> {
        self.events.last().map(|(_, e)| e)
    }
}

struct FakeReview {
    disk: Rc<RefCell<Disk>>,
    seen: Option<(IssueId, u64, u64)>,
}

impl ReviewIo for FakeReview {
    fn load(&self, issue: IssueId) -> Result<(Review, Vec<String>), String> {
        let d = self.disk.borrow();
        let events = d
            .events
            .iter()
            .filter(|(i, _)| *i == issue)
            .map(|(_, e)| e.clone())
            .collect();
        Ok((Review::fold(events), Vec::new()))
    }

    fn append(&mut self, issue: IssueId, ev: &Event) -> Result<(), String> {
        let mut d = self.disk.borrow_mut();
        if d.fail {
            return Err("disk full".into());
        }
        d.push(issue, ev.clone());
        Ok(())
    }

    fn read_issue(&self, _issue: IssueId) -> Result<Issue, String> {
        self.disk
            .borrow()
            .issue
            .clone()
            .ok_or_else(|| "no issue file".to_string())
    }

    fn changes(&mut self, issue: IssueId) -> Changes {
        let d = self.disk.borrow();
        let out = match self.seen {
            Some((i, r, f)) if i == issue => Changes {
                review: r != d.review_v,
                issue: f != d.issue_v,
                ..Changes::default()
            },
            _ => Changes::default(),
        };
        self.seen = Some((issue, d.review_v, d.issue_v));
        out
    }

    fn now(&self) -> DateTime<Utc> {
        at(self.disk.borrow().minute)
    }

    fn settings(&self) -> Result<crate::model::settings::Settings, String> {
        let d = self.disk.borrow();
        if let Some(e) = &d.settings_error {
            return Err(e.clone());
        }
        Ok(crate::model::settings::Settings {
            require_other_approver: d.four_eyes,
            ..Default::default()
        })
    }

    fn saved_drafts(&mut self) -> Result<Vec<crate::store::follow::Chunk>, String> {
        let mut d = self.disk.borrow_mut();
        match d.drafts_error.take() {
            Some(e) => Err(e),
            None => Ok(std::mem::take(&mut d.drafts)),
        }
    }
}

/// A reviewer (`review_mode`, read-only) or the editor, signed `user`, on the test desk.
pub(super) fn setup(review_mode: bool, user: &str, events: Vec<Event>) -> (App, Rc<RefCell<Disk>>) {
    let d = desk();
    let disk = Rc::new(RefCell::new(Disk {
        issue: d.issue(IssueId(1)).cloned(),
        minute: 30,
        ..Disk::default()
    }));
    for ev in events {
        disk.borrow_mut().push(IssueId(1), ev);
    }
    let config = Config {
        read_only: review_mode,
        review_mode,
        user: user.into(),
        review_io: Some(Box::new(FakeReview {
            disk: disk.clone(),
            seen: None,
        })),
        ..Config::default()
    };
    let (app, _, _) = app_with(d, config);
    (app, disk)
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn message(app: &App) -> String {
    app.status
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default()
}

fn comment(by: &str, n: u64, min: u32, on: Target, text: &str) -> Event {
    Event {
        at: at(min),
        by: by.into(),
        kind: EventKind::Comment {
            n,
            on,
            text: text.into(),
        },
    }
}

pub(super) fn status(by: &str, min: u32, to: Status, snapshot: Option<&Issue>) -> Event {
    Event {
        at: at(min),
        by: by.into(),
        kind: EventKind::Status {
            to,
            note: String::new(),
            snapshot: snapshot.map(|i| Box::new(i.clone())),
        },
    }
}

fn issue1(app: &App) -> Issue {
    app.desk.issue(IssueId(1)).cloned().unwrap_or_else(|| {
        panic!("issue 1 is gone");
    })
}

#[test]
fn c_comments_on_the_selected_bullet_and_section_signed_by_the_user() {
    let (mut app, disk) = setup(true, "rita", vec![]);
    ch(&mut app, '2');
    ch(&mut app, 'j'); // the first bullet
    ch(&mut app, 'c');
    let Some(st) = app.dialog::<Note>() else {
        panic!("no comment form");
    };
    assert_eq!(
        st.title,
        "Comment on \"Washington adds twelve firms to the list.\""
    );
    typ(&mut app, "Which list? Name it.");
    ctrl(&mut app, 's');
    assert!(app.dialog.is_none());
    assert_eq!(message(&app), "commented as rita");
    let ev = disk.borrow().last().cloned().expect("an event");
    assert_eq!(ev.by, "rita");
    assert_eq!(ev.at, at(30));
    assert_eq!(
        ev.kind,
        EventKind::Comment {
            n: 1,
            on: Target::Bullet(BulletId(1)),
            text: "Which list? Name it.".into()
        }
    );

    // A section row; an empty comment is refused and the form stays.
    ch(&mut app, 'g');
    ch(&mut app, 'c');
    ctrl(&mut app, 's');
    assert!(app.dialog::<Note>().is_some());
    assert!(
        message(&app).contains("the comment is empty"),
        "{}",
        message(&app)
    );
    typ(&mut app, "Too long");
    ctrl(&mut app, 's');
    let ev = disk.borrow().last().cloned().expect("an event");
    assert!(matches!(
        ev.kind,
        EventKind::Comment {
            n: 2,
            on: Target::Section(SectionId(1)),
            ..
        }
    ));
    // Esc cancels: nothing appended.
    ch(&mut app, 'c');
    typ(&mut app, "never mind");
    press(&mut app, KeyCode::Esc);
    assert_eq!(disk.borrow().events.len(), 2);

    // The markers: one open comment on the section row and one on the bullet.
    assert_eq!(app.review.current.open_count(), 2);
    let s = screen(&app, 80, 24);
    assert!(s.contains("▸ Middle East (4) [1]"), "{s}");
    assert!(s.contains("[1]│"), "{s}");
    assert!(s.contains("REVIEW (read-only)"), "{s}");
    assert!(s.contains("Draft · 2 open · read-only"), "{s}");
    snap("review_markers", &app);
}

#[test]
fn markers_follow_the_bullet_when_it_moves() {
    let (mut app, _disk) = setup(
        false,
        "ed",
        vec![comment(
            "rita",
            1,
            1,
            Target::Bullet(BulletId(4)),
            "source?",
        )],
    );
    ch(&mut app, '2');
    // Rows: section, b1, b2, b3, b4 (Hezbollah). Move b4 up above b1.
    for _ in 0..4 {
        ch(&mut app, 'j');
    }
    ch(&mut app, 'K');
    let s = screen(&app, 80, 24);
    let line = s
        .lines()
        .find(|l| l.contains("Hezbollah"))
        .unwrap_or_default();
    assert!(line.contains("[1]"), "{s}");
    assert!(
        !s.lines()
            .any(|l| l.contains("Washington") && l.contains("[1]")),
        "{s}"
    );
}

#[test]
fn comments_list_jumps_and_resolves() {
    let hostile = "look \u{1b}]52;c;ZXZpbA==\u{7} here \u{1b}[2J";
    let (mut app, disk) = setup(
        true,
        "rita",
        vec![
            comment("bob", 1, 1, Target::Bullet(BulletId(5)), hostile),
            comment(
                "ana",
                1,
                2,
                Target::Section(SectionId(2)),
                "Cyber is thin this week.",
            ),
            comment("bob", 2, 3, Target::Bullet(BulletId(3)), "Fix the emoji."),
        ],
    );
    // Resolve bob#2 first: it goes to the end of the list.
    disk.borrow_mut().push(
        IssueId(1),
        Event {
            at: at(4),
            by: "ana".into(),
            kind: EventKind::Resolve {
                comment: crate::model::review::CommentId {
                    by: "bob".into(),
                    n: 2,
                },
            },
        },
    );
    update(
        &mut app,
        events::Event::DiskChanged(Changes {
            review: true,
            ..Changes::default()
        }),
    );
    ch(&mut app, 'C');
    assert!(app.dialog::<Comments>().is_some());
    let buf = render_buf(&app, 80, 24);
    assert!(
        buf.content()
            .iter()
            .all(|c| !c.symbol().chars().any(char::is_control)),
        "a control character reached a cell"
    );
    snap("comments_overlay", &app);
    // The second open comment is on the Cyber section: Enter jumps there.
    ch(&mut app, 'j');
    press(&mut app, KeyCode::Enter);
    assert!(app.dialog.is_none());
    assert_eq!(app.focus, Focus::Issue);
    assert_eq!(app.selected_target(), Some(Target::Section(SectionId(2))));
    // Resolve the first one (bob#1): signed by the user.
    ch(&mut app, 'C');
    ch(&mut app, 'r');
    assert_eq!(message(&app), "resolved bob#1");
    let ev = disk.borrow().last().cloned().expect("an event");
    assert_eq!(ev.by, "rita");
    assert!(
        matches!(ev.kind, EventKind::Resolve { ref comment } if comment.by == "bob" && comment.n == 1)
    );
    assert_eq!(app.review.current.open_count(), 1);
    // Open first (ana#1), then the resolved ones; resolving one again is refused.
    ch(&mut app, 'j');
    ch(&mut app, 'j');
    ch(&mut app, 'r');
    assert!(
        message(&app).contains("already resolved"),
        "{}",
        message(&app)
    );
    ch(&mut app, 'k');
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_target(), Some(Target::Bullet(BulletId(5))));
}

#[test]
fn approve_asks_first_and_names_the_user() {
    let (mut app, disk) = setup(true, "rita", vec![]);
    ch(&mut app, 'Y');
    let Some(st) = app.dialog::<Confirm>() else {
        panic!("no question");
    };
    assert_eq!(
        st.question,
        "Approve \"Weekly Security Brief\" as rita? (y/n)"
    );
    snap("confirm_approve", &app);
    // No, by n or by Esc: nothing written.
    ch(&mut app, 'n');
    ch(&mut app, 'Y');
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none());
    assert!(disk.borrow().events.is_empty());
    // Yes.
    ch(&mut app, 'Y');
    ch(&mut app, 'y');
    assert_eq!(message(&app), "Approved by rita");
    let ev = disk.borrow().last().cloned().expect("an event");
    assert_eq!(ev.by, "rita");
    assert!(
        matches!(&ev.kind, EventKind::Status { to: Status::Approved, snapshot: Some(s), .. } if **s == issue1(&app))
    );
    assert_eq!(app.review.current.status, Status::Approved);
    assert!(screen(&app, 80, 24).contains("Approved · read-only"));
    // The workflow refuses a second approval, with the reason.
    ch(&mut app, 'Y');
    assert!(app.dialog.is_none());
    assert_eq!(
        message(&app),
        "cannot approve: the issue is already Approved"
    );
    // And v does not send an approved issue back: an edit does.
    ch(&mut app, 'v');
    assert!(message(&app).starts_with("cannot send for review: the issue is Approved"));
    assert_eq!(disk.borrow().events.len(), 1);
}

#[test]
fn request_changes_needs_a_note_then_asks() {
    let (mut app, disk) = setup(true, "rita", vec![status("ed", 1, Status::InReview, None)]);
    ch(&mut app, 'N');
    assert!(app.dialog::<Note>().is_some());
    ctrl(&mut app, 's');
    assert!(app.dialog::<Note>().is_some());
    assert!(message(&app).starts_with("say what should change"));
    typ(&mut app, "Source the Cyber bullet.");
    ctrl(&mut app, 's');
    let Some(st) = app.dialog::<Confirm>() else {
        panic!("no question");
    };
    assert_eq!(
        st.question,
        "Request changes on \"Weekly Security Brief\" as rita? (y/n)"
    );
    ch(&mut app, 'y');
    let ev = disk.borrow().last().cloned().expect("an event");
    assert_eq!(
        ev.kind,
        EventKind::Status {
            to: Status::ChangesRequested,
            note: "Source the Cyber bullet.".into(),
            snapshot: None
        }
    );
    assert_eq!(app.review.current.status, Status::ChangesRequested);
    // The editor sends it back: v, y.
    ch(&mut app, 'v');
    ch(&mut app, 'y');
    assert_eq!(app.review.current.status, Status::InReview);
    ch(&mut app, 'v');
    assert_eq!(
        message(&app),
        "cannot send for review: the issue is already In review"
    );
    assert_eq!(disk.borrow().events.len(), 3);
}

#[test]
fn an_edit_after_approval_sends_the_issue_back_to_review() {
    let approved = issue1(&setup(false, "ed", vec![]).0);
    let (mut app, disk) = setup(
        false,
        "ed",
        vec![status("rita", 1, Status::Approved, Some(&approved))],
    );
    assert_eq!(app.review.current.status, Status::Approved);
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'A'); // toggle assessment: an edit of issue 1
    assert_eq!(message(&app), "edited after approval: back to In review");
    let ev = disk.borrow().last().cloned().expect("an event");
    assert_eq!(ev.by, "ed");
    assert_eq!(
        ev.kind,
        EventKind::Status {
            to: Status::InReview,
            note: "edited after approval".into(),
            snapshot: None
        }
    );
    assert_eq!(app.review.current.status, Status::InReview);
    // Further edits (and undo) change nothing in the log: the issue is in review already.
    ch(&mut app, 'u');
    assert_eq!(disk.borrow().events.len(), 2);
    // An edit of the drafts only is not an edit of the issue.
    ch(&mut app, '1');
    ch(&mut app, 's');
    assert_eq!(disk.borrow().events.len(), 2);
}

#[test]
fn an_edit_after_export_whose_log_cannot_be_written_is_kept_and_told() {
    let exported = issue1(&setup(false, "ed", vec![]).0);
    let (mut app, disk) = setup(
        false,
        "ed",
        vec![status("ed", 1, Status::Exported, Some(&exported))],
    );
    disk.borrow_mut().fail = true;
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'A');
    assert_eq!(
        message(&app),
        "edited after export, but the review log was not written: disk full (the edit is kept)"
    );
    assert_ne!(issue1(&app), exported);
    assert_eq!(disk.borrow().events.len(), 1);
    // Undo is an edit too: with the disk back, it is recorded.
    disk.borrow_mut().fail = false;
    ch(&mut app, 'u');
    assert_eq!(message(&app), "edited after export: back to In review");
}

#[test]
fn changes_since_approval_and_before_any() {
    let (mut app, disk) = setup(true, "rita", vec![]);
    ch(&mut app, 'D');
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("No approval or export yet: everything is new"),
        "{s}"
    );
    // ... and it is listed as such, section by section.
    assert!(s.contains("+ section \"Europe\""), "{s}");
    press(&mut app, KeyCode::Esc);

    let approved = issue1(&app);
    disk.borrow_mut().push(
        IssueId(1),
        status("bob", 7, Status::Approved, Some(&approved)),
    );
    let mut edited = approved.clone();
    edited.sections[0].bullets[1].text = "Hezbollah drone strikes stopped.".into();
    edited.sections[1]
        .bullets
        .push(Bullet::new(BulletId(9), "A new cyber bullet."));
    disk.borrow_mut().save_issue(edited);
    let action = app.poll_disk().expect("changes seen");
    update(&mut app, action);
    ch(&mut app, 'D');
    assert!(app.dialog::<ChangesDialog>().is_some());
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("Changes since approval by bob at 2026-11-23 10:07 UTC"),
        "{s}"
    );
    snap("changes_overlay", &app);
    ch(&mut app, 'q');
    assert!(app.dialog.is_none());
}

#[test]
fn export_warns_when_not_approved_and_records_only_an_approved_issue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, disk) = setup(false, "ed", vec![]);
    let export = |app: &mut App, name: &str| {
        ch(app, 'x');
        let Some(st) = app.dialog_mut::<Export>() else {
            panic!("export dialog not open");
        };
        st.path = dir.path().join(name).display().to_string();
        press(app, KeyCode::Enter);
        let Some(st) = app.dialog::<Export>() else {
            panic!("dialog closed too early");
        };
        match &st.stage {
            Stage::Written { warnings, .. } => warnings.clone(),
            other => panic!("not written: {other:?}"),
        }
    };
    let w = export(&mut app, "draft.md");
    assert!(
        w.iter()
            .any(|w| w == "issue 1 \"Weekly Security Brief\" is Draft, not approved"),
        "{w:?}"
    );
    assert!(message(&app).contains("not approved"));
    // A look at a Draft is not recorded: the issue stays Draft (#15 point 5).
    assert!(disk.borrow().last().is_none(), "{:?}", disk.borrow().last());
    assert_eq!(disk.borrow().review().status, Status::Draft);
    press(&mut app, KeyCode::Enter);

    // Approved as it reads: no warning.
    let approved = issue1(&app);
    disk.borrow_mut().push(
        IssueId(1),
        status("rita", 40, Status::Approved, Some(&approved)),
    );
    update(
        &mut app,
        events::Event::DiskChanged(Changes {
            review: true,
            ..Changes::default()
        }),
    );
    disk.borrow_mut().minute = 50;
    let w = export(&mut app, "approved.md");
    assert!(!w.iter().any(|w| w.contains("approved")), "{w:?}");
    assert_eq!(disk.borrow().review().status, Status::Exported);
}

#[test]
fn review_keys_without_an_issue_say_so() {
    let mut d = desk();
    d.issues.clear();
    let (mut app, _, _) = app_with(d, Config::default());
    for key in ['Y', 'v', 'N'] {
        ch(&mut app, key);
        assert!(app.dialog.is_none());
        assert!(message(&app).contains("no issue yet"), "{}", message(&app));
    }
    ch(&mut app, '2');
    ch(&mut app, 'c');
    assert!(message(&app).contains("no issue yet"), "{}", message(&app));
}
