//! The bullet editor: Enter keeps, Esc and Ctrl-c ask before throwing changed text away,
//! undo and redo inside the box, a long bullet wraps whole in view, and a hang-up while the
//! question is open still keeps the text.

use super::*;

/// About 1,000 characters of one paragraph, words of many lengths.
const LONG: &str = "Israeli and Hamas negotiators returned to Doha on Tuesday for indirect talks on a \
phased exchange, mediated by Qatar and Egypt, after three weeks in which neither side would \
send a delegation. Families of the remaining hostages held a vigil outside the prime \
minister's office in Jerusalem as the delegations arrived, and the defence minister said the \
army would keep up its operations in the south until a deal was signed. Egyptian officials \
said the first phase would last six weeks and would see the release of women, children and \
the sick in exchange for prisoners held in Israeli jails, while aid convoys would be allowed \
through the Rafah crossing at a rate of two hundred trucks a day. Qatar's prime minister, who \
met both delegations separately, said the gaps were narrower than at any time since the \
spring but that the sequence of the later phases was still disputed. The talks are expected \
to continue through the weekend, with American envoys joining on Saturday.";

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// The desk with its first bullet's text replaced by `text`.
fn desk_with_first_bullet(text: &str) -> Desk {
    let mut d = desk();
    if let Some(issue) = d.issues.get_mut(&IssueId(1)) {
        issue.sections[0].bullets[0].text = text.to_string();
    }
    d
}

/// The app with the editor open on the first bullet.
fn editing(d: Desk) -> (App, Calls) {
    let (mut app, calls, _) = app_with(d, Config::default());
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'e');
    assert!(app.dialog::<Editor>().is_some());
    (app, calls)
}

fn first_bullet(app: &App) -> String {
    issue(app).sections[0].bullets[0].text.clone()
}

fn in_box(app: &App) -> String {
    app.dialog::<Editor>().expect("the editor").text()
}

#[test]
fn enter_keeps_the_typed_text_as_one_undo_step() {
    let (mut app, calls) = editing(desk());
    typ(&mut app, " Twelve more");
    press(&mut app, KeyCode::Enter);
    assert!(app.dialog.is_none());
    assert_eq!(
        first_bullet(&app),
        "Washington adds twelve firms to the list. Twelve more"
    );
    assert_eq!(calls.borrow().len(), 1);
    ch(&mut app, 'u');
    assert_eq!(
        first_bullet(&app),
        "Washington adds twelve firms to the list."
    );
}

#[test]
fn esc_on_unchanged_text_closes_at_once() {
    let (mut app, calls) = editing(desk());
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none());
    // Typed and taken back: unchanged too.
    ch(&mut app, 'e');
    typ(&mut app, "x");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none());
    assert!(calls.borrow().is_empty());
}

#[test]
fn esc_on_changed_text_asks_and_y_throws_it_away() {
    let (mut app, calls) = editing(desk());
    typ(&mut app, " Twelve more");
    press(&mut app, KeyCode::Esc);
    let editor = app.dialog::<Editor>().expect("still open: it asks");
    assert!(editor.asking());
    let s = screen(&app, 80, 24);
    assert!(s.contains("Throw away the changes?"), "{s}");
    // A key other than y or n changes nothing, types nothing.
    ch(&mut app, 'x');
    assert_eq!(
        in_box(&app),
        "Washington adds twelve firms to the list. Twelve more"
    );
    ch(&mut app, 'y');
    assert!(app.dialog.is_none());
    assert_eq!(
        first_bullet(&app),
        "Washington adds twelve firms to the list."
    );
    assert!(calls.borrow().is_empty());
}

#[test]
fn n_or_esc_at_the_question_goes_back_to_the_text() {
    let (mut app, _) = editing(desk());
    typ(&mut app, " Twelve");
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'n');
    let editor = app.dialog::<Editor>().expect("back to the text");
    assert!(!editor.asking());
    typ(&mut app, " more");
    assert_eq!(
        in_box(&app),
        "Washington adds twelve firms to the list. Twelve more"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(!app.dialog::<Editor>().expect("open").asking());
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        first_bullet(&app),
        "Washington adds twelve firms to the list. Twelve more"
    );
}

#[test]
fn ctrl_c_is_esc_it_asks_before_throwing_changes_away() {
    let (mut app, _) = editing(desk());
    ctrl(&mut app, 'c');
    assert!(app.dialog.is_none(), "unchanged: closes at once");
    ch(&mut app, 'e');
    typ(&mut app, " more");
    ctrl(&mut app, 'c');
    assert!(app.dialog::<Editor>().expect("asks").asking());
    ch(&mut app, 'y');
    assert!(app.dialog.is_none());
    assert_eq!(
        first_bullet(&app),
        "Washington adds twelve firms to the list."
    );
}

#[test]
fn undo_and_redo_inside_the_box() {
    let (mut app, calls) = editing(desk());
    typ(&mut app, " more");
    ctrl(&mut app, 'z');
    assert_eq!(in_box(&app), "Washington adds twelve firms to the list.");
    ctrl(&mut app, 'y');
    assert_eq!(
        in_box(&app),
        "Washington adds twelve firms to the list. more"
    );
    // The desk's own history is untouched by the box's undo.
    assert!(calls.borrow().is_empty());
    assert_eq!(
        first_bullet(&app),
        "Washington adds twelve firms to the list."
    );
}

#[test]
fn a_bullet_is_one_paragraph_no_key_or_paste_breaks_the_line() {
    let (mut app, _) = editing(desk());
    app.handle_key(KeyEvent::new(KeyCode::Char('m'), KeyModifiers::CONTROL));
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    update(&mut app, Event::Paste(" one\ntwo".into()));
    assert_eq!(
        in_box(&app),
        "Washington adds twelve firms to the list. one two"
    );
}

#[test]
fn the_box_counts_words_and_characters() {
    let (mut app, _) = editing(desk());
    let s = screen(&app, 80, 24);
    assert!(s.contains("7 words · 41 chars"), "{s}");
    typ(&mut app, " 日本");
    let s = screen(&app, 80, 24);
    assert!(s.contains("8 words · 44 chars"), "{s}");
}

/// Every word of a 1,000-character bullet is on the 80x24 screen while it is edited, and
/// the row being edited is not hidden: the box is below it, and names it.
#[test]
fn a_long_bullet_is_visible_whole_at_80x24() {
    assert!((950..1100).contains(&LONG.chars().count()));
    let (app, _) = editing(desk_with_first_bullet(LONG));
    let s = screen(&app, 80, 24);
    let on_screen: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for word in LONG.split_whitespace() {
        assert!(on_screen.contains(word), "{word} missing:\n{s}");
    }
    let joined: String = s
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains(&LONG[..200]), "not in reading order:\n{s}");
    assert!(s.contains("Middle East"), "{s}");
}

#[test]
fn snapshots_the_editor_on_a_long_and_a_short_bullet() {
    let (app, _) = editing(desk_with_first_bullet(LONG));
    snap("editor_long", &app);
    let (mut app, _) = editing(desk());
    typ(&mut app, " 日本語 🚀");
    snap("editor_short", &app);
    press(&mut app, KeyCode::Esc);
    snap("editor_asks", &app);
}

/// A hang-up while the question is open keeps the text, as it does in the box.
#[test]
fn a_hang_up_at_the_question_keeps_the_text() {
    let (mut app, _) = editing(desk());
    typ(&mut app, " Vote was 301 to 250");
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog::<Editor>().expect("asks").asking());
    assert!(app.rescue_unsaved());
    let item = app.desk.items.values().last().expect("the rescued item");
    assert_eq!(
        item.body,
        vec!["Washington adds twelve firms to the list. Vote was 301 to 250".to_string()]
    );
}

/// The box goes below the row it edits when there is room, and the row stays on screen;
/// when neither side has room it goes over the row, and its title names the row.
#[test]
fn the_row_being_edited_stays_in_view_or_is_named() {
    let mut d = desk();
    if let Some(issue) = d.issues.get_mut(&IssueId(1)) {
        issue.sections[1].bullets[0].text = LONG.to_string();
    }
    let (mut app, _, _) = app_with(d, Config::default());
    ch(&mut app, '2');
    // Rows: Middle East, its three bullets, Hezbollah, Cyber, then Cyber's bullet.
    for _ in 0..6 {
        ch(&mut app, 'j');
    }
    // A short text first: the box is below the row, the row is whole above it.
    ch(&mut app, 'e');
    press(&mut app, KeyCode::Home);
    app.handle_key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL));
    typ(&mut app, "Short now.");
    let s = screen(&app, 80, 24);
    let lines: Vec<&str> = s.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains("• Israeli and Hamas"))
        .expect("the row on screen");
    assert!(
        lines[row + 1].contains("Edit bullet 1 of 1 in Cyber"),
        "{s}"
    );
    // The long text again (undo " now.", "Short", then Ctrl-k): no room either side at
    // 80x24, the title names the row.
    ctrl(&mut app, 'z');
    assert_eq!(in_box(&app), "Short");
    ctrl(&mut app, 'z');
    ctrl(&mut app, 'z');
    assert_eq!(in_box(&app), LONG);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Edit bullet 1 of 1 in Cyber"), "{s}");
    let on_screen: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(on_screen.contains("envoys joining on Saturday."), "{s}");
}

/// A bullet longer than the screen scrolls in the box, the cursor always in view: its end
/// when the box opens, its start after `Home`.
#[test]
fn a_bullet_longer_than_the_screen_scrolls_with_the_cursor() {
    let text = format!("Opening words here. {LONG} {LONG} Closing words there.");
    let (mut app, _) = editing(desk_with_first_bullet(&text));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Closing words there."), "{s}");
    assert!(!s.contains("Opening words here."), "{s}");
    press(&mut app, KeyCode::Home);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Opening words here."), "{s}");
    assert!(!s.contains("Closing words there."), "{s}");
}
