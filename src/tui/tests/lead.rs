//! What a bullet starts from (the picker's Tab), pulling the next paragraph in, and the
//! two questions where work is at stake: removing a section with bullets, and updating a
//! bullet after its draft is edited.

use super::*;
use crate::tui::dialogs::ask::Ask;
use crate::tui::outline::RowKind;

const LEAD: &str = "Estonian and Finnish authorities said three cables were damaged.";
const SECOND: &str = "The ship sails under the flag of Cameroon.";

/// The test desk with a newest draft (id 9) whose lead opens with a dateline.
fn app_with_dateline_item() -> App {
    let mut d = desk();
    let item = Item::new(
        ItemId(9),
        "Subsea Cables Between Finland and Estonia Damaged",
        vec![
            format!("Tallinn, Estonia—October 12, 2026: {LEAD}"),
            SECOND.into(),
        ],
    );
    d.items.insert(item.id, item);
    app_with(d, Config::default()).0
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn select_row(app: &mut App, kind: RowKind) {
    ch(app, '2');
    let rows = app.outline_rows();
    app.outline.cursor = rows.iter().position(|r| r.kind == kind).expect("row");
}

fn europe_texts(app: &App) -> Vec<String> {
    issue(app).sections[2]
        .bullets
        .iter()
        .map(|b| b.text.clone())
        .collect()
}

#[test]
fn assigning_takes_the_lead_after_the_dateline() {
    let mut app = app_with_dateline_item();
    assert_eq!(app.selected_item().map(|i| i.id), Some(ItemId(9)));
    ch(&mut app, 'a');
    typ(&mut app, "europe");
    assert!(screen(&app, 80, 24).contains("Tab bullet from: lead"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(europe_texts(&app), vec![LEAD.to_string()]);
    // The item keeps its whole text.
    assert!(app.desk.items[&ItemId(9)].body[0].starts_with("Tallinn, Estonia—October 12, 2026:"));
}

#[test]
fn tab_in_the_picker_chooses_the_whole_body_then_the_headline() {
    let mut app = app_with_dateline_item();
    ch(&mut app, 'a');
    typ(&mut app, "europe");
    press(&mut app, KeyCode::Tab);
    assert!(screen(&app, 80, 24).contains("Tab bullet from: whole body"));
    press(&mut app, KeyCode::Tab);
    assert!(screen(&app, 80, 24).contains("Tab bullet from: headline"));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert!(screen(&app, 80, 24).contains("Tab bullet from: whole body"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(europe_texts(&app), vec![format!("{LEAD} {SECOND}")]);
}

#[test]
fn p_on_a_bullet_pulls_the_next_paragraph_then_says_there_is_none() {
    let mut app = app_with_dateline_item();
    ch(&mut app, 'a');
    typ(&mut app, "europe");
    press(&mut app, KeyCode::Enter);
    select_row(&mut app, RowKind::Bullet(BulletPath::top(2, 0)));
    ch(&mut app, 'p');
    assert_eq!(europe_texts(&app), vec![format!("{LEAD} {SECOND}")]);
    ch(&mut app, 'p');
    assert_eq!(europe_texts(&app), vec![format!("{LEAD} {SECOND}")]);
    let status = app.status.clone().map(|s| s.0).unwrap_or_default();
    assert!(status.contains("no next paragraph"), "{status}");
    ch(&mut app, 'u');
    assert_eq!(europe_texts(&app), vec![LEAD.to_string()]);
    // A bullet typed in has no item to pull from.
    select_row(&mut app, RowKind::Bullet(BulletPath::top(0, 1)));
    let before = issue(&app).clone();
    ch(&mut app, 'p');
    assert_eq!(issue(&app), &before);
    let status = app.status.clone().map(|s| s.0).unwrap_or_default();
    assert!(status.contains("not made from a draft"), "{status}");
}

#[test]
fn d_on_a_section_with_bullets_asks_first_and_an_empty_one_goes_at_once() {
    let mut app = app();
    let before = issue(&app).clone();
    select_row(&mut app, RowKind::Section(0));
    ch(&mut app, 'd');
    assert!(
        app.dialog
            .as_ref()
            .is_some_and(|d| d.downcast_ref::<Ask>().is_some())
    );
    assert!(screen(&app, 80, 24).contains("Remove the section"));
    ch(&mut app, 'n');
    assert!(app.dialog.is_none());
    assert_eq!(issue(&app), &before);
    ch(&mut app, 'd');
    press(&mut app, KeyCode::Esc);
    assert_eq!(issue(&app), &before);
    ch(&mut app, 'd');
    ch(&mut app, 'y');
    assert_eq!(issue(&app).sections.len(), 2);
    assert_eq!(app.desk.items[&ItemId(1)].state, ItemState::Pool);
    ch(&mut app, 'u');
    assert_eq!(issue(&app), &before);
    // Europe has no bullets: no question.
    select_row(&mut app, RowKind::Section(2));
    ch(&mut app, 'd');
    assert!(app.dialog.is_none());
    assert_eq!(issue(&app).sections.len(), 2);
}

/// `e` on the used draft (id 1), "Update: " typed at the start of its body, Ctrl-s.
fn edit_used_draft(app: &mut App) {
    ch(app, '1');
    let at = (0..20)
        .find(|c| {
            app.drafts.cursor = *c;
            app.selected_item().map(|i| i.id) == Some(ItemId(1))
        })
        .expect("draft 1 listed");
    app.drafts.cursor = at;
    ch(app, 'e');
    press(app, KeyCode::Tab);
    typ(app, "Update: ");
    ctrl(app, 's');
}

#[test]
fn editing_a_used_draft_offers_to_update_its_bullet_yes() {
    let mut app = app();
    let before = app.desk.clone();
    edit_used_draft(&mut app);
    assert!(screen(&app, 80, 24).contains("Update its bullet"));
    ch(&mut app, 'y');
    assert_eq!(
        app.desk.items[&ItemId(1)].body[0],
        "Update: Washington adds twelve firms to the list."
    );
    assert_eq!(
        issue(&app).sections[0].bullets[0].text,
        "Update: Washington adds twelve firms to the list."
    );
    // One undo step gives back both.
    ch(&mut app, 'u');
    assert_eq!(app.desk, before);
}

#[test]
fn editing_a_used_draft_offers_to_update_its_bullet_no() {
    let mut app = app();
    let before = app.desk.clone();
    edit_used_draft(&mut app);
    ch(&mut app, 'n');
    assert_eq!(
        app.desk.items[&ItemId(1)].body[0],
        "Update: Washington adds twelve firms to the list."
    );
    assert_eq!(
        issue(&app).sections[0].bullets[0].text,
        "Washington adds twelve firms to the list."
    );
    ch(&mut app, 'u');
    assert_eq!(app.desk, before);
}

#[test]
fn a_hang_up_while_the_bullet_question_is_open_keeps_the_edited_draft() {
    let mut app = app();
    edit_used_draft(&mut app);
    assert!(
        app.dialog
            .as_ref()
            .is_some_and(|d| d.downcast_ref::<Ask>().is_some())
    );
    assert!(app.rescue_unsaved());
    let kept = app.desk.items.values().last().expect("the rescued item");
    assert!(
        kept.headline.starts_with("Unsaved edit of item #1"),
        "{}",
        kept.headline
    );
    assert_eq!(
        kept.body,
        vec![
            "Iran sanctions tightened on drone exports".to_string(),
            "Update: Washington adds twelve firms to the list.".to_string()
        ]
    );
}

#[test]
fn a_hang_up_while_the_section_question_is_open_keeps_nothing_and_removes_nothing() {
    let mut app = app();
    let before = app.desk.clone();
    select_row(&mut app, RowKind::Section(0));
    ch(&mut app, 'd');
    assert!(!app.rescue_unsaved());
    assert_eq!(app.desk, before);
}

#[test]
fn snapshots_of_the_two_questions() {
    let mut app = app();
    select_row(&mut app, RowKind::Section(0));
    ch(&mut app, 'd');
    snap("ask_remove_section", &app);
    let mut app = self::app();
    edit_used_draft(&mut app);
    snap("ask_update_bullet", &app);
}
