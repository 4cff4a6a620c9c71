//! Where the panes and the bars go on the screen.

use ratatui::layout::{Constraint, Layout, Rect};

/// Screen regions, shared by draw and by dialogs placed over a pane.
pub struct Areas {
    pub title: Rect,
    pub drafts: Rect,
    pub issue: Rect,
    pub preview: Rect,
    pub status: Rect,
}

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn areas(area: Rect) -> Areas {
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    // Wide: three panes side by side; else Drafts and Issue above the Preview.
    let (drafts, issue, preview) = if area.width >= 120 {
        let [drafts, issue, preview] = Layout::horizontal([
            Constraint::Percentage(33),
            Constraint::Percentage(34),
            Constraint::Percentage(33),
        ])
        .areas(body);
        (drafts, issue, preview)
    } else {
        let [top, preview] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
        let [drafts, issue] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(top);
        (drafts, issue, preview)
    };
    Areas {
        title,
        drafts,
        issue,
        preview,
        status,
    }
}
