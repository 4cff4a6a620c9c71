//! The mouse over the panes: a click selects the row under it and focuses its pane (a
//! click in Preview focuses Preview), the wheel moves the list or scrolls the Preview
//! under the pointer, whichever pane has the focus. The title and status lines take no
//! clicks. Rows are found from the layout the draw uses (`layout::areas` of the screen,
//! each pane's box, the list scrolled to its cursor: `hit::row_at`), so a click takes the
//! row drawn under it. The open dialog takes the mouse instead (`Dialog::mouse`).

use crossterm::event::MouseEvent;
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::ctx::{Ctx, Focus};
use super::hit::{self, Gesture};
use super::layout::{Areas, MIN_HEIGHT, MIN_WIDTH, areas};

/// Lines Preview scrolls for one notch of the wheel.
const WHEEL_LINES: usize = 3;

/// Whether the desk takes the mouse, and the screen it points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mouse {
    /// Off (`mouse = false` in the user's `config.toml`): the terminal keeps the mouse
    /// for its own selection, and a mouse event that still arrives does nothing.
    pub on: bool,
    /// The screen as last sized (`Event::Resize`): the draw lays out the same rectangle.
    pub screen: Rect,
}

impl Default for Mouse {
    fn default() -> Self {
        Mouse {
            on: true,
            screen: Rect::new(0, 0, MIN_WIDTH, MIN_HEIGHT),
        }
    }
}

impl Mouse {
    /// Is the screen drawn as panes (not the "too small" notice), with what the mouse
    /// points at?
    pub fn drawn(&self) -> bool {
        self.screen.width >= MIN_WIDTH && self.screen.height >= MIN_HEIGHT
    }
}

/// A mouse event with no dialog open.
pub fn on_panes(ctx: &mut Ctx, screen: Rect, event: &MouseEvent) {
    let a = areas(screen);
    match hit::gesture(event) {
        Some(Gesture::Click(at)) => click(ctx, &a, at),
        Some(Gesture::Wheel(at, action)) => wheel(ctx, &a, at, action),
        None => {}
    }
}

fn pane_at(a: &Areas, at: Position) -> Option<Focus> {
    [
        (a.drafts, Focus::Drafts),
        (a.issue, Focus::Issue),
        (a.preview, Focus::Preview),
    ]
    .into_iter()
    .find(|(area, _)| area.contains(at))
    .map(|(_, pane)| pane)
}

fn click(ctx: &mut Ctx, a: &Areas, at: Position) {
    let Some(pane) = pane_at(a, at) else {
        return;
    };
    ctx.quit_armed = false;
    // A filter being typed is kept, as Enter keeps it: the click says typing is over.
    ctx.drafts.filter.editing = false;
    ctx.outline.filter.editing = false;
    ctx.set_focus(pane);
    match pane {
        Focus::Drafts => {
            let n = ctx.drafts_cache.len();
            if let Some(row) = hit::row_at(hit::inside(a.drafts), ctx.drafts.cursor, n, at) {
                ctx.drafts.cursor = row;
                ctx.preview_scroll = 0;
            }
        }
        Focus::Issue => {
            let n = ctx.outline_rows().len();
            if let Some(row) = hit::row_at(hit::inside(a.issue), ctx.outline.cursor, n, at) {
                ctx.outline.cursor = row;
                ctx.preview_follows = true;
            }
        }
        Focus::Preview => {}
    }
}

/// One row a notch in a list (the cursor moves, and the list scrolls with it, as with
/// the arrow keys); three lines in Preview. The focus stays where it is.
fn wheel(ctx: &mut Ctx, a: &Areas, at: Position, action: Action) {
    let step = |cursor: usize, len: usize| match action {
        Action::Up => cursor.saturating_sub(1),
        _ => (cursor + 1).min(len.saturating_sub(1)),
    };
    match pane_at(a, at) {
        Some(Focus::Drafts) => {
            ctx.drafts.cursor = step(ctx.drafts.cursor, ctx.drafts_cache.len());
            if ctx.preview_of == Focus::Drafts {
                ctx.preview_scroll = 0;
            }
        }
        Some(Focus::Issue) => {
            ctx.outline.cursor = step(ctx.outline.cursor, ctx.outline_rows().len());
            ctx.preview_follows = true;
        }
        Some(Focus::Preview) => ctx.scroll_preview(&action, WHEEL_LINES),
        None => {}
    }
}
