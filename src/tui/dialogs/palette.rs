//! The command palette: every action of the key table, by name, fuzzy.

use crate::model::text::one_line;
use crossterm::event::MouseEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::dialog::{Dialog, Outcome};
use crate::tui::events::edit_line;
use crate::filter::Hit;
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::ctx::Focus;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::hit::{self, OnList};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// The query typed and the highlighted hit.
#[derive(Default)]
pub struct Palette {
    pub query: String,
    pub cursor: usize,
}

impl Dialog for Palette {
    fn paste(&mut self, text: &str) -> bool {
        self.query.push_str(&one_line(text));
        self.cursor = 0;
        true
    }

    fn context(&self) -> Context {
        Context::Palette
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        match input {
            Do(Action::Cancel) => return Outcome::Close,
            Do(Action::Confirm) => {
                let entries = entries(ctx);
                let hits = hits(ctx, &entries, &self.query);
                let Some(hit) = hits.get(self.cursor.min(hits.len().saturating_sub(1))) else {
                    ctx.error("no command matches");
                    return Outcome::Close;
                };
                let Some(e) = entries.get(hit.index) else {
                    return Outcome::Close;
                };
                match e.context {
                    Context::Drafts => ctx.set_focus(Focus::Drafts),
                    Context::Issue => ctx.set_focus(Focus::Issue),
                    _ => {}
                }
                return Outcome::Run(e.action);
            }
            Do(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Do(Action::Down) => self.cursor += 1,
            Typed(key) => {
                if edit_line(&mut self.query, &key) {
                    self.cursor = 0;
                }
            }
            Do(_) => {}
        }
        let n = hits(ctx, &entries(ctx), &self.query).len();
        self.cursor = self.cursor.min(n.saturating_sub(1));
        Outcome::Stay
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        render(ctx, self, frame, frame.area());
    }

    /// A click on a command runs it, as Enter would on it; the wheel moves the
    /// highlight. A click anywhere else does nothing.
    fn mouse(&mut self, ctx: &mut Ctx, screen: Rect, event: &MouseEvent) -> Outcome {
        let n = hits(ctx, &entries(ctx), &self.query).len();
        match hit::on_list(event, list_rows(screen), self.cursor, n) {
            Some(OnList::Key(action)) => self.handle(ctx, Do(action)),
            Some(OnList::Row(row)) => {
                self.cursor = row;
                self.handle(ctx, Do(Action::Confirm))
            }
            None => Outcome::Stay,
        }
    }
}

/// The palette's box on the screen.
fn boxed(screen: Rect) -> Rect {
    cells::centered(screen, 76, 18)
}

/// Where its commands are drawn: inside the box, under the query line.
fn list_rows(screen: Rect) -> Rect {
    hit::under_query(boxed(screen))
}

pub struct Entry {
    pub context: Context,
    pub action: Action,
    pub keys: String,
    /// What the matcher sees: name and description.
    pub text: String,
}

/// Every action bound in a pane context, once, with its keys.
pub fn entries(ctx: &Ctx) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for context in [
        Context::Global,
        Context::Drafts,
        Context::Issue,
        Context::Preview,
    ] {
        for (action, keys) in ctx.keymap.entries(context) {
            if matches!(action, Action::Palette | Action::Cancel) {
                continue;
            }
            if out
                .iter()
                .any(|e| e.action == action && e.context == context)
            {
                continue;
            }
            let text = format!("{} {}", action.name(), action.description());
            out.push(Entry {
                context,
                action,
                keys,
                text,
            });
        }
    }
    out
}

pub fn hits(ctx: &Ctx, entries: &[Entry], query: &str) -> Vec<Hit> {
    ctx.matcher
        .filter(entries.iter().map(|e| e.text.as_str()), query)
}

fn render(ctx: &Ctx, st: &Palette, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let rect = boxed(area);
    cells::clear_popup(frame, rect);
    let block = cells::block("Command palette", t.border(true))
        .title_bottom(Line::styled(" Enter runs · Esc closes ", t.dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let entries = entries(ctx);
    let hits = hits(ctx, &entries, &st.query);
    let mut lines = vec![Line::from(vec![
        Span::styled(": ", t.key()),
        Span::raw(cells::fit(&st.query, w.saturating_sub(3))),
        Span::styled("▏", t.key()),
    ])];
    if hits.is_empty() {
        lines.push(Line::styled("no command matches", t.dim()));
    }
    let h = usize::from(list_rows(area).height);
    let cursor = st.cursor.min(hits.len().saturating_sub(1));
    let off = cells::offset(cursor, h);
    for (i, hit) in hits.iter().enumerate().skip(off).take(h) {
        let Some(e) = entries.get(hit.index) else {
            continue;
        };
        let name_len = e.action.name().chars().count();
        let name_pos: Vec<usize> = hit
            .positions
            .iter()
            .copied()
            .filter(|p| *p < name_len)
            .collect();
        let mut spans = cells::highlighted(e.action.name(), &name_pos, 20, t.plain(), t.matched());
        let used: usize = spans.iter().map(Span::width).sum();
        spans.push(Span::raw(" ".repeat(20usize.saturating_sub(used) + 1)));
        let keys = cells::fit(&e.keys, 14);
        let kw = cells::width(&keys);
        spans.push(Span::styled(keys, t.key()));
        spans.push(Span::raw(" ".repeat(15usize.saturating_sub(kw))));
        spans.push(Span::styled(
            cells::fit(e.action.description(), w.saturating_sub(36)),
            t.dim(),
        ));
        let mut line = Line::from(spans);
        if i == cursor {
            line = cells::pad(line, w).style(t.selected(true));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
