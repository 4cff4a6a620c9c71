//! The item form throws typed text away only when asked to (issue #14 point 10, for the
//! form as for the editor box): `Esc` and `Ctrl-c` on changed text ask first.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{app, ch, press};
use crate::tui::dialogs::form::Form;

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

#[test]
fn esc_on_typed_text_in_the_item_form_asks_and_n_goes_back_y_discards() {
    let mut app = app();
    let before = app.desk.clone();
    ch(&mut app, 'n');
    for c in "Port strike".chars() {
        ch(&mut app, c);
    }
    press(&mut app, KeyCode::Esc);
    let form = app.dialog::<Form>().expect("the form stays open, asking");
    assert!(form.asking);
    assert_eq!(form.headline_text(), "Port strike");
    // n: back to the text, nothing lost.
    ch(&mut app, 'n');
    let form = app.dialog::<Form>().expect("back at the form");
    assert!(!form.asking);
    assert_eq!(form.headline_text(), "Port strike");
    // Ctrl-c asks the same; y throws it away, and the desk is as it was.
    app.handle_key(ctrl('c'));
    assert!(app.dialog::<Form>().is_some_and(|f| f.asking));
    ch(&mut app, 'y');
    assert!(app.dialog.is_none());
    assert_eq!(app.desk, before);
}

#[test]
fn esc_on_an_untouched_form_closes_at_once() {
    let mut app = app();
    ch(&mut app, 'n');
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none());
}
