//! The text box: a bullet's text (one paragraph, wrapped at the box's width), a section's
//! name, a new issue's title.

use crate::model::text::one_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::dialog::quote;
use super::dialog::{Dialog, Outcome, Unsaved, answer_discard};
use crate::model::{BulletPath, Command};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// What the one-line editor is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditPurpose {
    EditBullet(BulletPath),
    NewBullet(BulletPath),
    RenameSection(usize),
    NewSection(usize),
}

impl EditPurpose {
    pub fn title(&self) -> &'static str {
        match self {
            EditPurpose::EditBullet(_) => "Edit bullet",
            EditPurpose::NewBullet(_) => "New bullet",
            EditPurpose::RenameSection(_) => "Rename section",
            EditPurpose::NewSection(_) => "New section",
        }
    }
}

pub struct Editor {
    pub purpose: EditPurpose,
    pub text: TextArea<'static>,
    /// The text it opened with: Esc closes at once while the text is back to it.
    original: String,
    /// Esc (or Ctrl-c) on changed text: the y/n question is open.
    asking: bool,
    /// The box's own undo and redo, a word at a time (the field's history is a char at a
    /// time).
    undo: Vec<Kept>,
    redo: Vec<Kept>,
    /// What the last key did, to group a run of typing into one undo step.
    run: Run,
}

/// The text and cursor before a change, for undo.
struct Kept {
    text: String,
    cursor: (usize, usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    None,
    Typing,
    Deleting,
}

/// A one-line text field that wraps at its width.
fn field(text: &str) -> TextArea<'static> {
    let mut ta = TextArea::new(vec![text.to_string()]);
    ta.set_cursor_line_style(ratatui::style::Style::new());
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    // Undo is the box's own (a word at a time); the field's would fight it.
    ta.set_max_histories(0);
    ta
}

impl Editor {
    /// The editor for `purpose`, holding `text`, the cursor at its end. The text wraps at
    /// the box's width (a bullet is one paragraph: no key breaks the line).
    pub fn new(purpose: EditPurpose, text: &str) -> Editor {
        let mut ta = field(text);
        ta.move_cursor(CursorMove::End);
        Editor {
            purpose,
            text: ta,
            original: text.to_string(),
            asking: false,
            undo: Vec::new(),
            redo: Vec::new(),
            run: Run::None,
        }
    }

    fn kept(&self) -> Kept {
        let cursor = self.text.cursor();
        Kept {
            text: self.text(),
            cursor: (cursor.0, cursor.1),
        }
    }

    fn restore(&mut self, kept: Kept) {
        let mut ta = field(&kept.text);
        let (row, col) = kept.cursor;
        ta.move_cursor(CursorMove::Jump(
            u16::try_from(row).unwrap_or(u16::MAX),
            u16::try_from(col).unwrap_or(u16::MAX),
        ));
        self.text = ta;
        self.run = Run::None;
    }

    /// Undo (`back`) or redo one step of the box's history.
    fn step(&mut self, back: bool) {
        let now = self.kept();
        let (from, to) = if back {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        if let Some(kept) = from.pop() {
            to.push(now);
            self.restore(kept);
        }
    }

    /// A key for the text field. A new undo step starts at each change of kind (typing,
    /// deleting, anything else) and at each space typed: undo takes back a word.
    fn type_key(&mut self, key: KeyEvent) {
        let before = self.kept();
        if !self.text.input(key) {
            self.run = Run::None;
            return;
        }
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let run = match key.code {
            KeyCode::Char(_) if plain => Run::Typing,
            KeyCode::Backspace | KeyCode::Delete if plain => Run::Deleting,
            _ => Run::None,
        };
        let space = matches!(key.code, KeyCode::Char(c) if c.is_whitespace());
        if run == Run::None || run != self.run || space {
            self.undo.push(before);
            self.redo.clear();
        }
        self.run = run;
    }

    /// The text in the box, as typed.
    pub fn text(&self) -> String {
        self.text.lines().join(" ")
    }

    /// Whether the "throw away the changes?" question is open.
    pub fn asking(&self) -> bool {
        self.asking
    }

    fn changed(&self) -> bool {
        self.text() != self.original
    }
}

/// Keys the text field would read as a line break, or a tab: a bullet, a section name and
/// a title are one line each.
fn breaks_line(key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter | KeyCode::Tab => true,
        KeyCode::Char('\n' | '\r') => true,
        KeyCode::Char('m') => ctrl,
        _ => false,
    }
}

impl Dialog for Editor {
    fn paste(&mut self, text: &str) -> bool {
        if self.asking {
            return false;
        }
        let before = self.kept();
        if self.text.insert_str(one_line(text)) {
            self.undo.push(before);
            self.redo.clear();
            self.run = Run::None;
        }
        true
    }

    fn context(&self) -> Context {
        // The question reads y/n like every other question.
        if self.asking {
            Context::Confirm
        } else {
            Context::Editor
        }
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        if self.asking {
            return answer_discard(ctx, &mut self.asking, input);
        }
        match input {
            Do(Action::Cancel) if self.changed() => {
                self.asking = true;
                Outcome::Stay
            }
            Do(Action::Cancel) => {
                ctx.info("edit cancelled");
                Outcome::Close
            }
            Do(Action::Confirm) => editor_confirm(ctx, self),
            // The box's own history: the desk's undo is for kept edits.
            Do(Action::Undo) => {
                self.step(true);
                Outcome::Stay
            }
            Do(Action::Redo) => {
                self.step(false);
                Outcome::Stay
            }
            Typed(key) => {
                if !breaks_line(&key) {
                    self.type_key(key);
                }
                Outcome::Stay
            }
            Do(_) => Outcome::Stay,
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, areas: &Areas) {
        render_editor(ctx, self, frame, areas);
    }

    fn unsaved(&self, ctx: &Ctx) -> Unsaved {
        let st = self;
        let text = st.text.lines().join(" ").trim().to_string();
        let issue = ctx.current_issue();
        let what = match &st.purpose {
            EditPurpose::EditBullet(path) => {
                let old = issue.and_then(|i| i.bullet(path)).map(|b| b.text.as_str());
                if old == Some(text.as_str()) {
                    return Unsaved::Unchanged;
                }
                format!("edit of bullet {}", quote(old.unwrap_or(""), 40))
            }
            EditPurpose::NewBullet(path) => {
                let name = issue
                    .and_then(|i| i.sections.get(path.section))
                    .map_or(String::new(), |s| s.name.clone());
                format!("new bullet in {}", quote(&name, 40))
            }
            EditPurpose::RenameSection(index) | EditPurpose::NewSection(index) => {
                let name = issue
                    .and_then(|i| i.sections.get(*index))
                    .map_or(String::new(), |s| s.name.clone());
                if matches!(st.purpose, EditPurpose::RenameSection(_)) {
                    if name == text {
                        return Unsaved::Unchanged;
                    }
                    format!("name of section {}", quote(&name, 40))
                } else {
                    "new section name".to_string()
                }
            }
        };
        Unsaved::Text {
            what,
            lines: vec![text],
        }
    }
}

fn editor_confirm(ctx: &mut Ctx, st: &Editor) -> Outcome {
    let text = st.text.lines().join(" ").trim().to_string();
    if text.is_empty() {
        ctx.error("empty text: nothing changed (Esc cancels)");
        return Outcome::Stay;
    }
    let Some(issue) = ctx.need_issue() else {
        return Outcome::Close;
    };
    match st.purpose.clone() {
        EditPurpose::EditBullet(path) => {
            if ctx
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.as_str())
                == Some(text.as_str())
            {
                ctx.info("no change");
                return Outcome::Close;
            }
            ctx.perform(Command::EditBullet { issue, path, text });
        }
        EditPurpose::NewBullet(path) => {
            ctx.perform(Command::NewBullet { issue, path, text });
        }
        EditPurpose::RenameSection(index) => {
            ctx.perform(Command::RenameSection {
                issue,
                index,
                name: text,
            });
        }
        EditPurpose::NewSection(index) => {
            if ctx.perform(Command::NewSection {
                issue,
                index,
                name: text,
            }) {
                ctx.select_section(index);
            }
        }
    }
    Outcome::Close
}

/// The widest the box grows: lines longer than this are hard to read.
const MAX_WIDTH: u16 = 100;

fn render_editor(ctx: &Ctx, st: &Editor, frame: &mut Frame, areas: &Areas) {
    let t = &ctx.theme;
    let full = frame.area();
    // Every edit is of the outline: drawn by the row it edits.
    let rect = inline_rect(ctx, st, full, areas);
    cells::clear_popup(frame, rect);
    let text = st.text();
    let count = format!(" {} ", counts(&text));
    let room = usize::from(rect.width).saturating_sub(cells::width(&count) + 6);
    let title = cells::fit(&where_it_goes(ctx, &st.purpose), room);
    let keys = |context, action| {
        let keys = ctx.keymap.keys_for(context, &action);
        keys.split(", ").next().unwrap_or_default().to_string()
    };
    let bottom = if st.asking {
        Line::styled(
            format!(
                " Throw away the changes? {} discards · {} goes back ",
                keys(Context::Confirm, Action::Confirm),
                keys(Context::Confirm, Action::Cancel)
            ),
            t.error(),
        )
    } else {
        Line::styled(
            format!(
                " {} keeps · {} cancels · {} undo ",
                keys(Context::Editor, Action::Confirm),
                keys(Context::Editor, Action::Cancel),
                keys(Context::Editor, Action::Undo)
            ),
            t.dim(),
        )
    };
    let block = cells::block(&title, t.border(true))
        .title_top(Line::styled(count, t.dim()).right_aligned())
        .title_bottom(bottom);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    // The box itself, not a copy: its scroll is kept from frame to frame, so the cursor
    // stays in view as it moves.
    frame.render_widget(&st.text, inner);
}

/// Where the box goes for an edit in the outline: as wide as the screen allows (up to
/// [`MAX_WIDTH`]), as tall as the wrapped text, below the row being edited, else above it,
/// else over it (the title then says which row it is).
fn inline_rect(ctx: &Ctx, st: &Editor, full: Rect, areas: &Areas) -> Rect {
    let width = full.width.min(MAX_WIDTH);
    let x = areas.issue.x.min(full.width - width);
    let top = areas.title.bottom();
    let bottom = areas.status.y.max(top);
    let most = bottom - top;
    let rows = text_rows(&st.text, width.saturating_sub(2));
    let height = rows.saturating_add(2).min(most);
    let pane = areas.issue;
    let count = ctx.outline_rows().len();
    let inner_h = usize::from(pane.height.saturating_sub(2));
    let cursor = ctx.outline.cursor.min(count.saturating_sub(1));
    let row = cursor - cells::offset(cursor, inner_h);
    let row_y = pane.y + 1 + u16::try_from(row).unwrap_or(0);
    let y = if row_y.saturating_add(1).saturating_add(height) <= bottom {
        row_y + 1
    } else if row_y >= top.saturating_add(height) {
        row_y - height
    } else {
        bottom - height
    };
    Rect {
        x,
        y,
        width,
        height,
    }
}

/// How many screen rows `text` takes wrapped at `width` columns, the cursor at its end
/// included: the text field's own wrapping, measured by drawing a copy off screen.
fn text_rows(text: &TextArea<'static>, width: u16) -> u16 {
    let mut probe = text.clone();
    probe.move_cursor(CursorMove::Bottom);
    probe.move_cursor(CursorMove::End);
    let area = Rect::new(0, 0, width.max(1), 1);
    (&probe).render(area, &mut Buffer::empty(area));
    let end = probe.screen_cursor();
    let rows = end.row + 1 + usize::from(end.col >= usize::from(width));
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// "12 words · 80 chars".
fn counts(text: &str) -> String {
    let plural = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    format!(
        "{} · {}",
        plural(text.split_whitespace().count(), "word"),
        plural(text.chars().count(), "char")
    )
}

/// The box's title: what it edits and where, so the row under it is never lost.
fn where_it_goes(ctx: &Ctx, purpose: &EditPurpose) -> String {
    let issue = ctx.current_issue();
    let section = |index: usize| {
        issue
            .and_then(|i| i.sections.get(index))
            .map_or(String::new(), |s| s.name.clone())
    };
    match purpose {
        EditPurpose::EditBullet(path) if path.depth() > 0 => {
            format!("Edit sub-point in {}", section(path.section))
        }
        EditPurpose::EditBullet(path) => {
            let of = issue
                .and_then(|i| i.siblings(path))
                .map_or(0, std::vec::Vec::len);
            format!(
                "Edit bullet {} of {of} in {}",
                path.last() + 1,
                section(path.section)
            )
        }
        EditPurpose::NewBullet(path) => format!("New bullet in {}", section(path.section)),
        EditPurpose::RenameSection(index) => format!("Rename section {}", section(*index)),
        other => other.title().to_string(),
    }
}
