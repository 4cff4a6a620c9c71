//! The item form: headline and body, for a new item or an edit of one.

use crate::model::text::one_line;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui_textarea::TextArea;

use super::ask::Ask;
use super::dialog::quote;
use super::dialog::{Dialog, Outcome, Unsaved, answer_discard};
use crate::model::{Command, Item, ItemId, ItemState};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::ctx::Filter;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Headline,
    Body,
}

/// New item / edit item: headline and body.
pub struct Form {
    /// `None`: a new item.
    pub item: Option<ItemId>,
    pub headline: TextArea<'static>,
    pub body: TextArea<'static>,
    pub field: FormField,
    /// The "throw away what you typed?" question is open (Esc or Ctrl-c on changed text).
    pub asking: bool,
}

impl Form {
    /// The headline as typed, on one line.
    pub fn headline_text(&self) -> String {
        self.headline.lines().join(" ").trim().to_string()
    }

    /// The body's non-blank lines, each a paragraph.
    pub fn paragraphs(&self) -> Vec<String> {
        self.body
            .lines()
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

impl Form {
    /// A new item: both fields empty.
    pub fn new_item() -> Form {
        Form {
            item: None,
            headline: TextArea::default(),
            body: TextArea::default(),
            field: FormField::Headline,
            asking: false,
        }
    }

    /// An edit of `item`: its headline and body to change.
    pub fn edit(item: &Item) -> Form {
        let mut headline = TextArea::new(vec![item.headline.clone()]);
        headline.move_cursor(ratatui_textarea::CursorMove::End);
        // Opened only on a body read in (`Ctx::read_bodies`): one still on disk would show
        // empty here, and the plan refuses to edit it.
        let body = TextArea::new(match item.body.text() {
            Some(p) if !p.is_empty() => p.to_vec(),
            _ => vec![String::new()],
        });
        Form {
            item: Some(item.id),
            headline,
            body,
            field: FormField::Headline,
            asking: false,
        }
    }

    /// Typed text that is not what the item already says (any text, for a new item).
    fn changed(&self, ctx: &Ctx) -> bool {
        let headline = self.headline_text();
        let body = self.paragraphs();
        match self.item.and_then(|id| ctx.desk.item(id)) {
            Some(old) => old.headline != headline || old.body != body,
            None => !headline.is_empty() || !body.is_empty(),
        }
    }
}

impl Dialog for Form {
    fn paste(&mut self, text: &str) -> bool {
        if self.asking {
            return false;
        }
        match self.field {
            FormField::Body => self.body.insert_str(text),
            FormField::Headline => self.headline.insert_str(one_line(text)),
        };
        true
    }

    fn context(&self) -> Context {
        // The question reads y/n like every other question.
        if self.asking {
            Context::Confirm
        } else {
            Context::Form
        }
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        if self.asking {
            return answer_discard(ctx, &mut self.asking, input);
        }
        match input {
            // Typed text is thrown away only when the analyst says so.
            Do(Action::Cancel) if self.changed(ctx) => {
                self.asking = true;
            }
            Do(Action::Cancel) => {
                ctx.info("edit cancelled");
                return Outcome::Close;
            }
            Do(Action::NextField) => {
                self.field = match self.field {
                    FormField::Headline => FormField::Body,
                    FormField::Body => FormField::Headline,
                };
            }
            Do(Action::Confirm) => {
                if let Some(ask) = ask_about_bullet(ctx, self) {
                    return Outcome::Open(Box::new(ask));
                }
                if form_confirm(ctx, self) {
                    return Outcome::Close;
                }
            }
            Typed(key) => {
                // Enter in the headline goes on to the body; the headline is one line.
                if self.field == FormField::Headline && key.code == KeyCode::Enter {
                    self.field = FormField::Body;
                } else if self.field == FormField::Headline {
                    self.headline.input(key);
                } else {
                    self.body.input(key);
                }
            }
            Do(_) => {}
        }
        Outcome::Stay
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let area = frame.area();
        render_form(ctx, self, frame, area);
    }

    fn unsaved(&self, ctx: &Ctx) -> Unsaved {
        let st = self;
        let headline = st.headline_text();
        let body = st.paragraphs();
        let what = match st.item.and_then(|id| ctx.desk.item(id)) {
            Some(old) => {
                if old.headline == headline && old.body == body {
                    return Unsaved::Unchanged;
                }
                format!("edit of item #{} {}", old.id, quote(&old.headline, 40))
            }
            None => "new item".to_string(),
        };
        let mut all = vec![headline];
        all.extend(body);
        Unsaved::Text { what, lines: all }
    }
}

/// The edit of a used draft whose text changed: ask whether its bullet follows (the
/// draft is saved either way, by the question's answer).
fn ask_about_bullet(ctx: &Ctx, st: &Form) -> Option<Ask> {
    let old = st.item.and_then(|id| ctx.desk.item(id))?;
    let headline = st.headline_text();
    let body = st.paragraphs();
    if old.state != ItemState::Used
        || headline.is_empty()
        || (old.headline == headline && old.body == body)
    {
        return None;
    }
    let mut item = old.clone();
    item.headline = headline;
    item.body = body.into();
    Some(Ask::update_bullet(&old.headline, item))
}

fn form_confirm(ctx: &mut Ctx, st: &Form) -> bool {
    let headline = st.headline_text();
    if headline.is_empty() {
        ctx.error("an item needs a headline");
        return false;
    }
    let body = st.paragraphs();
    let cmd = match st.item.and_then(|id| ctx.desk.item(id)) {
        Some(old) => {
            let mut item = old.clone();
            item.headline = headline;
            item.body = body.into();
            Command::EditItem { item }
        }
        None => Command::AddItems {
            items: vec![Item::new(ctx.desk.next_item_id(), headline, body)],
        },
    };
    let new = st.item.is_none();
    let ok = ctx.perform(cmd);
    if ok && new {
        // The new item is the newest: first in the list.
        ctx.drafts.filter = Filter::default();
        ctx.drafts.cursor = 0;
    }
    ok
}

fn render_form(ctx: &Ctx, st: &Form, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let rect = cells::centered(area, 72, 16);
    let title = if st.item.is_some() {
        "Edit item"
    } else {
        "New item"
    };
    let bottom = if st.asking {
        Line::styled(
            " Throw away what you typed? y discards · n goes back ",
            t.error(),
        )
    } else {
        Line::styled(cells::FORM_HINT, t.dim())
    };
    let inner = cells::form_box(frame, rect, title, t.border(true), bottom);
    let [head, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(inner);
    let mut h = st.headline.clone();
    h.set_block(cells::block(
        "Headline",
        t.border(st.field == FormField::Headline),
    ));
    h.set_cursor_line_style(ratatui::style::Style::new());
    let mut b = st.body.clone();
    b.set_block(cells::block(
        "Body (one paragraph a line)",
        t.border(st.field == FormField::Body),
    ));
    b.set_cursor_line_style(ratatui::style::Style::new());
    frame.render_widget(&h, head);
    frame.render_widget(&b, body);
}
