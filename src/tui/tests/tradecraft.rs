//! Tradecraft in the desk (issue #16): flagged bullets carry a mark, `!` lists the findings
//! (Enter jumps), the status line explains the finding under the cursor, `z` quiets a
//! bullet (one undo step), the findings follow every edit, and the reviewer sees the same.

use super::{app_with, ch, screen, snap};
use crate::model::{
    Bullet, BulletId, BulletKind, BulletPath, Desk, Issue, IssueId, IssueMeta, Section, SectionId,
};
use crate::tui::app::{App, Config, Focus};
use crate::tui::outline::RowKind;

fn bullet(id: u64, text: &str, kind: BulletKind, subs: Vec<Bullet>) -> Bullet {
    let mut b = Bullet::new(BulletId(id), text);
    b.kind = kind;
    b.sub_points = subs;
    b
}

/// The seed digest's shape: a judgment in a fact bullet, hedged assessments, clean bullets.
fn tradecraft_desk() -> Desk {
    use BulletKind::{Assessment, Fact};
    let mut d = Desk::new();
    let mut s1 = Section::new(SectionId(1), "International Affairs");
    s1.bullets.push(bullet(
        1,
        "Talks broke down in Doha. This impasse suggests that an agreement is unlikely.",
        Fact,
        vec![],
    ));
    s1.bullets.push(bullet(
        2,
        "The U.S. struck a depot near the border.",
        Fact,
        vec![
            bullet(
                3,
                "Strikes would almost certainly antagonize Gulf partners, and Riyadh could choose to wait.",
                Assessment,
                vec![],
            ),
            bullet(4, "Hardliners are surely hoping for a walkout.", Assessment, vec![]),
        ],
    ));
    let mut s2 = Section::new(SectionId(2), "Cyber / Defense Technology");
    s2.bullets.push(bullet(
        5,
        "A ransomware group claimed an attack on a hospital chain.",
        Fact,
        vec![bullet(
            6,
            "A second attack this month is likely.",
            Assessment,
            vec![],
        )],
    ));
    let mut issue = Issue::new(
        IssueId(1),
        IssueMeta {
            title: "Weekly Security Digest".into(),
            ..IssueMeta::default()
        },
    );
    issue.sections = vec![s1, s2];
    d.issues.insert(issue.id, issue);
    d
}

fn tradecraft_app(config: Config) -> App {
    let mut app = app_with(tradecraft_desk(), config).0;
    ch(&mut app, '2');
    app
}

/// The Issue pane's rows that carry the mark, by their first words.
fn marked_rows(app: &App) -> Vec<String> {
    screen(app, 160, 48)
        .lines()
        .filter_map(|l| l.split('│').nth(3))
        .filter(|cell| cell.contains('⚑'))
        .map(|cell| cell.trim().chars().skip(2).take(12).collect())
        .collect()
}

#[test]
fn flagged_bullets_carry_a_mark_and_clean_ones_do_not() {
    let app = tradecraft_app(Config::default());
    assert_eq!(
        marked_rows(&app),
        ["Talks broke ", "Strikes woul", "Hardliners a"]
    );
    snap("tradecraft_marked", &app);
}

#[test]
fn the_findings_list_lists_them_and_enter_jumps_to_the_bullet() {
    let mut app = tradecraft_app(Config::default());
    ch(&mut app, '!');
    let s = screen(&app, 80, 24);
    assert!(s.contains("Tradecraft (icd203): 4 findings"), "{s}");
    snap("tradecraft_findings", &app);
    // The third finding is on 1.2.2 ("surely hoping": no-estimate, then the hedge).
    ch(&mut app, 'j');
    ch(&mut app, 'j');
    app.handle_key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Enter,
    ));
    assert!(app.dialog.is_none());
    assert_eq!(app.focus, Focus::Issue);
    assert_eq!(
        app.selected_row(),
        Some(RowKind::Bullet(BulletPath::new(0, vec![1, 1])))
    );
}

#[test]
fn the_status_line_explains_the_finding_under_the_cursor() {
    let mut app = tradecraft_app(Config::default());
    ch(&mut app, 'j');
    app.status = None;
    let s = screen(&app, 160, 48);
    let last = s.lines().rev().nth(1).unwrap_or_default();
    assert!(
        s.contains("⚑ judgment-in-fact: \"unlikely\" is a judgment in a fact bullet"),
        "{s}"
    );
    assert!(!last.is_empty());
    // On a clean bullet, nothing is explained.
    ch(&mut app, 'j');
    app.status = None;
    assert!(!screen(&app, 160, 48).contains("judgment-in-fact"));
}

#[test]
fn z_quiets_a_bullet_in_one_undo_step() {
    let mut app = tradecraft_app(Config::default());
    ch(&mut app, 'j');
    ch(&mut app, 'z');
    assert_eq!(marked_rows(&app), ["Strikes woul", "Hardliners a"]);
    assert_eq!(app.findings.checked.quieted, 1);
    assert!(
        app.desk
            .issue(IssueId(1))
            .is_some_and(|i| i.sections[0].bullets[0].checked)
    );
    ch(&mut app, 'u');
    assert_eq!(marked_rows(&app).len(), 3);
    assert_eq!(app.findings.checked.quieted, 0);
    // From the list too.
    ch(&mut app, '!');
    ch(&mut app, 'z');
    let s = screen(&app, 80, 24);
    assert!(s.contains("3 findings, 1 quieted"), "{s}");
}

#[test]
fn the_findings_follow_every_edit() {
    let mut app = tradecraft_app(Config::default());
    // The fact bullet with a judgment, made an assessment: the judgment is now in place.
    ch(&mut app, 'j');
    ch(&mut app, 'A');
    assert_eq!(marked_rows(&app), ["Strikes woul", "Hardliners a"]);
    assert_eq!(app.findings.findings().len(), 3);
}

#[test]
fn the_reviewer_sees_the_same_marks_and_cannot_quiet_them() {
    let mut app = tradecraft_app(Config {
        read_only: true,
        review_mode: true,
        ..Config::default()
    });
    assert_eq!(
        marked_rows(&app),
        ["Talks broke ", "Strikes woul", "Hardliners a"]
    );
    ch(&mut app, 'j');
    ch(&mut app, 'z');
    assert_eq!(marked_rows(&app).len(), 3);
    assert!(
        app.desk
            .issue(IssueId(1))
            .is_some_and(|i| !i.sections[0].bullets[0].checked)
    );
}

#[test]
fn an_export_from_the_desk_warns_of_the_findings_as_the_command_line_does() {
    use crate::tui::dialogs::export::{Export, Stage};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = tradecraft_app(Config::default());
    ch(&mut app, 'x');
    let Some(st) = app.dialog_mut::<Export>() else {
        panic!("export dialog not open");
    };
    st.path = dir.path().join("d.md").display().to_string();
    app.handle_key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Enter,
    ));
    match app.dialog::<Export>().map(|st| st.stage.clone()) {
        Some(Stage::Written { warnings, .. }) => assert!(
            warnings.contains(
                &"4 tradecraft findings (icd203 ladder): see `briefdesk check`".to_string()
            ),
            "{warnings:?}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ctrl_l_in_the_export_dialog_appends_the_ladder_legend() {
    use crate::tui::dialogs::export::{Export, Stage};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("d.txt");
    let mut app = tradecraft_app(Config::default());
    ch(&mut app, 'x');
    app.handle_key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Legend: the icd203 ladder is appended"), "{s}");
    let Some(st) = app.dialog_mut::<Export>() else {
        panic!("export dialog not open");
    };
    assert!(st.legend);
    st.format = crate::format::export::Format::Txt;
    st.path = file.display().to_string();
    app.handle_key(KeyEvent::from(KeyCode::Enter));
    assert!(matches!(
        app.dialog::<Export>().map(|st| st.stage.clone()),
        Some(Stage::Written { .. })
    ));
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(
        text.contains("Estimative language (ICD 203)\n  almost no chance / remote: 1-5%"),
        "{text}"
    );
    // Off again: the next export has none.
    app.handle_key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL));
    assert!(app.dialog::<Export>().is_some_and(|st| !st.legend));
}
