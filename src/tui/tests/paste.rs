//! A paste is one insertion into the open text field, cleaned; a one-line field takes line
//! breaks as spaces; outside a text field nothing is typed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{app, ch, press};
use crate::model::ItemId;
use crate::tui::app::{App, update};
use crate::tui::dialogs::palette::Palette;
use crate::tui::events::Event;

fn paste(app: &mut App, text: &str) {
    update(app, Event::Paste(text.into()));
}

const PASTED: &str = "First line\x1b[31m red\r\nsecond\tline";

#[test]
fn a_paste_goes_into_the_form_the_filter_and_the_palette_as_one_insertion() {
    let mut app = app();
    // The form: the headline is one line, the body keeps its lines.
    ch(&mut app, 'n');
    paste(&mut app, PASTED);
    press(&mut app, KeyCode::Tab);
    paste(&mut app, PASTED);
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let new = app.desk.items.get(&ItemId(9)).expect("new item");
    assert_eq!(new.headline, "First line red second line");
    assert_eq!(new.body, ["First line red", "second\tline"]);

    // The Drafts filter: one line.
    ch(&mut app, '/');
    paste(&mut app, "Iran\nsanctions");
    assert_eq!(app.drafts.filter.query, "Iran sanctions");
    press(&mut app, KeyCode::Esc);

    // The palette.
    ch(&mut app, ':');
    paste(&mut app, "quit\n");
    let Some(st) = app.dialog::<Palette>() else {
        panic!("the palette is open")
    };
    assert_eq!(st.query, "quit ");
}

#[test]
fn a_paste_outside_a_text_field_types_nothing() {
    let mut app = app();
    let before = app.desk.clone();
    // Each of these letters is a command in the Drafts pane (spike, hold, new issue...).
    paste(&mut app, "shIx");
    assert_eq!(app.desk, before);
    assert!(app.dialog.is_none());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|(m, _)| m.contains("open one first")),
        "{:?}",
        app.status
    );
}
