//! `D` shows an edit's removed words red and its added words green, the `[-…-]` and
//! `{+…+}` marks kept so a terminal without colour still shows them.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::*;
use crate::tui::theme::Theme;

/// A reviewer's desk with issue 1 approved by bob, then one word of a bullet changed.
fn edited_since_approval() -> App {
    let (mut app, disk) = setup(true, "rita", vec![]);
    let approved = issue1(&app);
    disk.borrow_mut().push(
        IssueId(1),
        status("bob", 7, Status::Approved, Some(&approved)),
    );
    let mut edited = approved.clone();
    edited.sections[0].bullets[1].text = "Hezbollah drone strikes stopped.".into();
    disk.borrow_mut().save_issue(edited);
    let action = app.poll_disk().expect("changes seen");
    update(&mut app, action);
    ch(&mut app, 'D');
    assert!(app.dialog::<ChangesDialog>().is_some());
    app
}

/// The foreground of each cell of `needle`, where it first shows on the screen.
fn colours_of(buf: &Buffer, needle: &str) -> Vec<Color> {
    let area = buf.area;
    for y in 0..area.height {
        let row: Vec<&str> = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        let text: String = row.concat();
        if let Some(at) = text.find(needle) {
            // One char a cell on these rows (borders, ASCII): the char count is the column.
            let x0 = u16::try_from(text[..at].chars().count()).unwrap_or(0);
            let n = u16::try_from(needle.len()).unwrap_or(0);
            return (x0..x0 + n).map(|x| buf[(x, y)].fg).collect();
        }
    }
    panic!("{needle:?} is not on the screen");
}

#[test]
fn removed_words_are_red_and_added_words_green_with_their_marks() {
    let app = edited_since_approval();
    let s = screen(&app, 80, 24);
    assert!(s.contains("[-continue.-]{+stopped.+}"), "{s}");
    insta::assert_snapshot!("changes_words_80x24", s);
    let buf = render_buf(&app, 80, 24);
    assert!(
        colours_of(&buf, "[-continue.-]")
            .iter()
            .all(|c| *c == Color::Red)
    );
    assert!(
        colours_of(&buf, "{+stopped.+}")
            .iter()
            .all(|c| *c == Color::Green)
    );
    // The kept words and the place are neither.
    let plain = "~ Middle East, bullet 2: Hezbollah drone strikes ";
    let cs = colours_of(&buf, plain);
    assert!(
        cs.iter().all(|c| *c != Color::Red && *c != Color::Green),
        "{plain}: {cs:?}"
    );
}

#[test]
fn without_colour_the_marks_still_show_the_change() {
    let mut app = edited_since_approval();
    app.theme = Theme::no_color();
    let buf = render_buf(&app, 80, 24);
    assert!(
        colours_of(&buf, "[-continue.-]{+stopped.+}")
            .iter()
            .all(|c| *c == Color::Reset)
    );
}
