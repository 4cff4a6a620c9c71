//! Which row of a list is under a point on the screen: the mouse's side of the drawing.
//! Every list scrolls the same way (`cells::offset`: the cursor on the last row once it
//! is past the first page), so a row found here is the row drawn there.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Block;

use super::action::Action;
use super::cells;

/// What the desk does with a mouse event: a left click, or a wheel notch (`Up` or
/// `Down`), at a cell. Releases, drags, moves and the other buttons do nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gesture {
    Click(Position),
    Wheel(Position, Action),
}

pub fn gesture(event: &MouseEvent) -> Option<Gesture> {
    let at = Position::new(event.column, event.row);
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Gesture::Click(at)),
        MouseEventKind::ScrollUp => Some(Gesture::Wheel(at, Action::Up)),
        MouseEventKind::ScrollDown => Some(Gesture::Wheel(at, Action::Down)),
        _ => None,
    }
}

/// The inside of a pane's or a dialog's box, as [`cells::block`] borders it.
pub fn inside(area: Rect) -> Rect {
    Block::bordered().inner(area)
}

/// The index of the row at `at` in a list of `len` rows drawn in `rows`, scrolled to show
/// `cursor`; none when `at` is outside `rows` or below the last row.
pub fn row_at(rows: Rect, cursor: usize, len: usize, at: Position) -> Option<usize> {
    if len == 0 || !rows.contains(at) {
        return None;
    }
    let off = cells::offset(cursor.min(len - 1), usize::from(rows.height));
    let row = off + usize::from(at.y - rows.y);
    (row < len).then_some(row)
}

/// The rows of a list dialog (the picker, the palette): inside its box, under the query
/// line. One function for their drawing and their clicks.
pub fn under_query(boxed: Rect) -> Rect {
    let inner = inside(boxed);
    Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    }
}

/// What a mouse event asks of a list of `len` rows drawn in `rows` scrolled to `cursor`:
/// a wheel notch as its key (`Up`, `Down`), a click as the row under it. `None`: nothing
/// (a click beside the list, another button).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnList {
    Key(Action),
    Row(usize),
}

pub fn on_list(event: &MouseEvent, rows: Rect, cursor: usize, len: usize) -> Option<OnList> {
    match gesture(event)? {
        Gesture::Wheel(_, action) => Some(OnList::Key(action)),
        Gesture::Click(at) => row_at(rows, cursor, len, at).map(OnList::Row),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_counted_from_the_list_scrolled_to_its_cursor() {
        let rows = Rect::new(2, 5, 20, 4);
        // Not scrolled: the first row is at the top.
        assert_eq!(row_at(rows, 0, 10, Position::new(3, 5)), Some(0));
        assert_eq!(row_at(rows, 3, 10, Position::new(3, 8)), Some(3));
        // Cursor on row 6 of a 4-row list: rows 3..=6 are shown.
        assert_eq!(row_at(rows, 6, 10, Position::new(3, 5)), Some(3));
        assert_eq!(row_at(rows, 6, 10, Position::new(21, 8)), Some(6));
        // Outside the list, or below its last row.
        assert_eq!(row_at(rows, 0, 10, Position::new(1, 5)), None);
        assert_eq!(row_at(rows, 0, 10, Position::new(3, 9)), None);
        assert_eq!(row_at(rows, 0, 2, Position::new(3, 7)), None);
        assert_eq!(row_at(rows, 0, 0, Position::new(3, 5)), None);
    }
}
