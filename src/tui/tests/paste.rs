//! A paste is one insertion into the open text field, cleaned; a one-line field takes line
//! breaks as spaces; outside a text field nothing is typed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{app, ch, press};
use crate::model::ItemId;
use crate::tui::app::Overlay;

const PASTED: &str = "First line\x1b[31m red\r\nsecond\tline";

#[test]
fn a_paste_goes_into_the_form_the_filter_and_the_palette_as_one_insertion() {
    let mut app = app();
    // The form: the headline is one line, the body keeps its lines.
    ch(&mut app, 'n');
    app.paste(PASTED);
    press(&mut app, KeyCode::Tab);
    app.paste(PASTED);
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let new = app.desk.items.get(&ItemId(9)).expect("new item");
    assert_eq!(new.headline, "First line red second line");
    assert_eq!(new.body, ["First line red", "second\tline"]);

    // The Drafts filter: one line.
    ch(&mut app, '/');
    app.paste("Iran\nsanctions");
    assert_eq!(app.drafts.filter.query, "Iran sanctions");
    press(&mut app, KeyCode::Esc);

    // The palette.
    ch(&mut app, ':');
    app.paste("quit\n");
    let Overlay::Palette(st) = &app.overlay else {
        panic!("the palette is open")
    };
    assert_eq!(st.query, "quit ");
}

#[test]
fn a_paste_outside_a_text_field_types_nothing() {
    let mut app = app();
    let before = app.desk.clone();
    // Each of these letters is a command in the Drafts pane (spike, hold, new issue...).
    app.paste("shIx");
    assert_eq!(app.desk, before);
    assert!(matches!(app.overlay, Overlay::None));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|(m, _)| m.contains("open one first")),
        "{:?}",
        app.status
    );
}
