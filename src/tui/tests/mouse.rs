//! Issue #15's mouse: a click selects the row drawn under it and focuses its pane, the
//! wheel moves the pane under the pointer, a click in a picker or the palette takes the
//! row; everything else a click can hit does nothing. Positions are read off the drawn
//! screen, so each test also checks that the hit test and the draw agree.

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;
use unicode_width::UnicodeWidthStr;

use super::{app, app_with, ch, desk, render_buf, screen, section_items};
use crate::model::{BulletPath, Desk, Item, ItemId};
use crate::tui::app::{App, Config, Focus, update};
use crate::tui::dialogs::help::Help;
use crate::tui::dialogs::picker::Picker;
use crate::tui::events::Event;
use crate::tui::outline::RowKind;

const W: u16 = 80;
const H: u16 = 24;

fn mouse(app: &mut App, kind: MouseEventKind, at: Position) {
    update(
        app,
        Event::Mouse(MouseEvent {
            kind,
            column: at.x,
            row: at.y,
            modifiers: KeyModifiers::NONE,
        }),
    );
}

/// A click as a terminal sends it: the press, then the release.
fn click(app: &mut App, at: Position) {
    mouse(app, MouseEventKind::Down(MouseButton::Left), at);
    mouse(app, MouseEventKind::Up(MouseButton::Left), at);
}

/// The app as the desk runs it on an 80x24 terminal.
fn sized(mut app: App) -> App {
    update(&mut app, Event::Resize(W, H));
    app
}

/// Where `text` is drawn on the 80x24 screen, at or right of column `from` (a wide
/// character counts its columns): the cell of its first character.
fn find(app: &App, text: &str, from: u16) -> Position {
    let buf = render_buf(app, W, H);
    for y in 0..H {
        let mut line = String::new();
        let mut columns = Vec::new();
        let mut x = 0;
        while x < W {
            let sym = buf[(x, y)].symbol();
            for _ in sym.chars() {
                columns.push(x);
            }
            line.push_str(sym);
            x += u16::try_from(sym.width().max(1)).unwrap_or(1);
        }
        for (i, _) in line.match_indices(text) {
            let col = columns[line[..i].chars().count()];
            if col >= from {
                return Position::new(col, y);
            }
        }
    }
    panic!("{text:?} is not on the screen:\n{}", screen(app, W, H));
}

/// The headline drawn on row `y` of the Drafts pane (its first 20 columns of text).
fn drafts_row_text(app: &App, y: u16) -> String {
    let buf = render_buf(app, W, H);
    (3..23).map(|x| buf[(x, y)].symbol()).collect()
}

#[test]
fn a_click_on_a_draft_selects_it_and_focuses_drafts() {
    let mut app = sized(app());
    ch(&mut app, '2');
    assert_eq!(app.focus, Focus::Issue);
    let at = find(&app, "Ransomware gang hits", 0);
    click(&mut app, at);
    assert_eq!(app.focus, Focus::Drafts);
    let item = app.selected_item().expect("a draft selected");
    assert_eq!(item.id, ItemId(6), "{}", item.headline);
    // Preview shows the draft clicked.
    assert!(screen(&app, W, H).contains("3 Preview"));
}

/// A list scrolled down (cursor on its last row): the click takes the row drawn there,
/// not the row with that number from the top.
#[test]
fn a_click_in_a_scrolled_list_takes_the_row_drawn_there() {
    let mut d = Desk::new();
    for i in 1..=40u64 {
        let it = Item::new(ItemId(i), format!("Draft number {i:02} headline"), vec![]);
        d.items.insert(it.id, it);
    }
    let mut app = sized(app_with(d, Config::default()).0);
    ch(&mut app, 'G');
    let at = find(&app, "Draft number 05", 0);
    let drawn = drafts_row_text(&app, at.y);
    click(&mut app, Position::new(at.x + 5, at.y));
    let item = app.selected_item().expect("a draft selected");
    assert_eq!(item.id, ItemId(5), "{}", item.headline);
    assert!(drawn.contains(&item.headline[..15]), "{drawn}");
}

#[test]
fn a_click_on_an_issue_row_selects_it_and_focuses_the_issue() {
    let mut app = sized(app());
    let at = find(&app, "Hezbollah drone", 36);
    click(&mut app, at);
    assert_eq!(app.focus, Focus::Issue);
    assert_eq!(
        app.selected_row(),
        Some(RowKind::Bullet(BulletPath::top(0, 1)))
    );
    let at = find(&app, "Cyber", 36);
    click(&mut app, at);
    assert_eq!(app.selected_row(), Some(RowKind::Section(1)));
}

#[test]
fn a_click_in_the_preview_focuses_it() {
    let mut app = sized(app());
    let at = find(&app, "3 Preview", 0);
    click(&mut app, Position::new(at.x, at.y + 2));
    assert_eq!(app.focus, Focus::Preview);
    // It still shows what it showed: the draft.
    assert_eq!(app.preview_of, Focus::Drafts);
}

#[test]
fn the_wheel_scrolls_the_preview_under_the_pointer_not_the_focused_pane() {
    let mut app = sized(app());
    ch(&mut app, '2');
    let before = screen(&app, W, H);
    let at = find(&app, "3 Preview", 0);
    let inside = Position::new(at.x + 2, at.y + 3);
    mouse(&mut app, MouseEventKind::ScrollDown, inside);
    assert_eq!(app.focus, Focus::Issue, "the focus stays");
    assert_eq!(app.outline.cursor, 0, "the Issue pane did not move");
    assert!(app.preview_scroll > 0, "Preview scrolled");
    assert!(!app.preview_follows);
    assert_ne!(screen(&app, W, H), before);
    let scrolled = app.preview_scroll;
    mouse(&mut app, MouseEventKind::ScrollUp, inside);
    assert!(app.preview_scroll < scrolled);
}

#[test]
fn the_wheel_in_drafts_moves_the_list_and_leaves_the_focus() {
    let mut app = sized(app());
    ch(&mut app, '2');
    let at = find(&app, "1 Drafts", 0);
    let inside = Position::new(at.x, at.y + 3);
    mouse(&mut app, MouseEventKind::ScrollDown, inside);
    mouse(&mut app, MouseEventKind::ScrollDown, inside);
    assert_eq!(app.drafts.cursor, 2);
    assert_eq!(app.focus, Focus::Issue);
    mouse(&mut app, MouseEventKind::ScrollUp, inside);
    assert_eq!(app.drafts.cursor, 1);
    // Over the Issue pane the wheel moves the Issue list.
    let at = find(&app, "Middle East", 36);
    mouse(&mut app, MouseEventKind::ScrollDown, at);
    assert_eq!(app.outline.cursor, 1);
    assert_eq!(app.drafts.cursor, 1);
}

#[test]
fn a_click_on_a_section_in_the_picker_assigns_to_it() {
    let mut app = sized(app());
    let id = app.selected_item().expect("a draft").id;
    ch(&mut app, 'a');
    assert!(app.dialog::<Picker>().is_some());
    let at = find(&app, "Europe", 10);
    click(&mut app, at);
    assert!(app.dialog.is_none(), "the picker closed");
    assert_eq!(section_items(&app, 2), vec![Some(id)]);
    // One undo step, as with Enter.
    ch(&mut app, 'u');
    assert!(section_items(&app, 2).is_empty());
}

#[test]
fn a_click_outside_the_picker_or_on_its_query_does_nothing() {
    let mut app = sized(app());
    ch(&mut app, 'a');
    let before = app.desk.clone();
    let query = find(&app, "> ", 10);
    click(&mut app, query);
    click(&mut app, Position::new(0, 0));
    click(&mut app, Position::new(1, H - 1));
    assert!(app.dialog::<Picker>().is_some(), "still open");
    assert_eq!(app.desk, before);
    // The wheel moves its highlight.
    let at = find(&app, "Europe", 10);
    mouse(&mut app, MouseEventKind::ScrollDown, at);
    assert_eq!(app.dialog::<Picker>().map(|p| p.cursor), Some(1));
}

#[test]
fn a_click_on_a_command_in_the_palette_runs_it() {
    let mut app = sized(app());
    ch(&mut app, ':');
    super::typ(&mut app, "focus_pre");
    let at = find(&app, "focus_preview", 0);
    click(&mut app, at);
    assert!(app.dialog.is_none());
    assert_eq!(app.focus, Focus::Preview);
}

#[test]
fn a_click_on_the_title_or_status_line_changes_nothing() {
    let mut app = sized(app());
    ch(&mut app, 'j');
    let (focus, cursor, before) = (app.focus, app.drafts.cursor, app.desk.clone());
    for at in [
        Position::new(5, 0),
        Position::new(5, H - 2),
        Position::new(40, H - 1),
    ] {
        click(&mut app, at);
        mouse(&mut app, MouseEventKind::ScrollDown, at);
    }
    assert_eq!((app.focus, app.drafts.cursor), (focus, cursor));
    assert_eq!(app.desk, before);
}

#[test]
fn with_the_mouse_off_a_click_and_the_wheel_do_nothing() {
    let mut app = sized(app());
    app.mouse.on = false;
    ch(&mut app, '2');
    let at = find(&app, "Ransomware gang hits", 0);
    click(&mut app, at);
    mouse(&mut app, MouseEventKind::ScrollDown, at);
    assert_eq!(app.focus, Focus::Issue);
    assert_eq!(app.drafts.cursor, 0);
    // The same click with the mouse on takes the row.
    app.mouse.on = true;
    click(&mut app, at);
    assert_eq!(app.selected_item().map(|i| i.id), Some(ItemId(6)));
}

#[test]
fn on_a_screen_too_small_for_the_panes_a_click_does_nothing() {
    let mut app = app_with(desk(), Config::default()).0;
    update(&mut app, Event::Resize(30, 8));
    click(&mut app, Position::new(3, 3));
    mouse(&mut app, MouseEventKind::ScrollDown, Position::new(3, 3));
    assert_eq!((app.focus, app.drafts.cursor), (Focus::Drafts, 0));
}

#[test]
fn the_wheel_scrolls_help_and_a_click_leaves_it_open() {
    let mut app = sized(app());
    ch(&mut app, '?');
    let before = screen(&app, W, H);
    let middle = Position::new(W / 2, H / 2);
    mouse(&mut app, MouseEventKind::ScrollDown, middle);
    mouse(&mut app, MouseEventKind::ScrollDown, middle);
    assert_eq!(app.dialog::<Help>().map(|h| h.scroll), Some(2));
    assert_ne!(screen(&app, W, H), before);
    mouse(&mut app, MouseEventKind::ScrollUp, middle);
    assert_eq!(app.dialog::<Help>().map(|h| h.scroll), Some(1));
    click(&mut app, middle);
    click(&mut app, Position::new(0, 0));
    assert!(app.dialog::<Help>().is_some(), "still open");
    assert_eq!(app.focus, Focus::Drafts);
}
