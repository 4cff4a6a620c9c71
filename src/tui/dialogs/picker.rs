//! The fuzzy picker: sections (assign, move) and issues (switch).

use crate::model::text::one_line;
use crossterm::event::MouseEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::dialog::{Dialog, Outcome};
use crate::tui::events::edit_line;
use crate::filter::{Hit, Matcher};
use crate::model::{BulletFrom, BulletPath, Command, IssueId, ItemId};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::ctx::ListPane;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::hit::{self, OnList};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickPurpose {
    /// Assign this item to the picked section (or a new one named by the query).
    Assign(ItemId),
    /// Assign these marked drafts, in the order they were marked, to the picked section
    /// (or a new one named by the query): one undo step.
    AssignMarked(Vec<ItemId>),
    /// Move this bullet to the picked section.
    MoveBullet(BulletPath),
    /// Switch to the picked issue; the ids in the order of the candidates.
    SwitchIssue(Vec<IssueId>),
}

pub struct Picker {
    pub purpose: PickPurpose,
    pub candidates: Vec<String>,
    pub query: String,
    pub cursor: usize,
    /// Assigning: what the bullet starts from (Tab cycles: lead, whole body, headline).
    pub from: BulletFrom,
}

impl Picker {
    pub fn new(purpose: PickPurpose, candidates: Vec<String>) -> Picker {
        Picker {
            purpose,
            candidates,
            query: String::new(),
            cursor: 0,
            from: BulletFrom::default(),
        }
    }

    pub fn hits(&self, matcher: &Matcher) -> Vec<Hit> {
        matcher.filter(self.candidates.iter().map(String::as_str), &self.query)
    }

    fn title(&self) -> &'static str {
        match self.purpose {
            PickPurpose::Assign(_) => "Assign to section",
            PickPurpose::AssignMarked(_) => "Assign the marked drafts to section",
            PickPurpose::MoveBullet(_) => "Move bullet to section",
            PickPurpose::SwitchIssue(_) => "Switch issue",
        }
    }
}

impl Dialog for Picker {
    fn paste(&mut self, text: &str) -> bool {
        self.query.push_str(&one_line(text));
        self.cursor = 0;
        true
    }

    fn context(&self) -> Context {
        Context::Picker
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        match input {
            Do(Action::Cancel) => return Outcome::Close,
            Do(Action::Confirm) => return self.confirm(ctx),
            Do(Action::BulletFrom) => match self.purpose {
                PickPurpose::Assign(_) | PickPurpose::AssignMarked(_) => {
                    self.from = self.from.next();
                }
                _ => ctx.error("the bullet's start is chosen when assigning a draft"),
            },
            Do(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Do(Action::Down) => {
                let n = self.hits(&ctx.matcher).len();
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
            }
            Typed(key) => {
                if edit_line(&mut self.query, &key) {
                    self.cursor = 0;
                }
            }
            Do(_) => {}
        }
        Outcome::Stay
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let area = frame.area();
        render(ctx, self, frame, area);
    }

    /// A click on a candidate takes it, as Enter would on it; the wheel moves the
    /// highlight. A click anywhere else does nothing.
    fn mouse(&mut self, ctx: &mut Ctx, screen: Rect, event: &MouseEvent) -> Outcome {
        let n = self.hits(&ctx.matcher).len();
        match hit::on_list(event, list_rows(screen), self.cursor, n) {
            Some(OnList::Key(action)) => self.handle(ctx, Do(action)),
            Some(OnList::Row(row)) => {
                self.cursor = row;
                self.confirm(ctx)
            }
            None => Outcome::Stay,
        }
    }
}

/// The picker's box on the screen.
fn boxed(screen: Rect) -> Rect {
    cells::centered(screen, 60, 16)
}

/// Where its candidates are drawn: inside the box, under the query line.
fn list_rows(screen: Rect) -> Rect {
    hit::under_query(boxed(screen))
}

impl Picker {
    /// Enter: the highlighted candidate, or (assigning) a new section named by the query.
    fn confirm(&self, ctx: &mut Ctx) -> Outcome {
        let hits = self.hits(&ctx.matcher);
        let chosen = hits
            .get(self.cursor.min(hits.len().saturating_sub(1)))
            .map(|h| h.index);
        let query = self.query.trim().to_string();
        match &self.purpose {
            PickPurpose::Assign(item) => {
                let item = *item;
                let Some(issue) = ctx.need_issue() else {
                    return Outcome::Close;
                };
                let cmd = match chosen {
                    Some(section) => Command::Assign {
                        item,
                        issue,
                        section,
                        from: self.from,
                    },
                    None if !query.is_empty() => Command::AssignToNewSection {
                        item,
                        issue,
                        name: query,
                        from: self.from,
                    },
                    None => {
                        ctx.error("type a section name");
                        return Outcome::Stay;
                    }
                };
                ctx.perform(cmd);
            }
            PickPurpose::AssignMarked(items) => {
                let Some(issue) = ctx.need_issue() else {
                    return Outcome::Close;
                };
                let (section, new_section) = match chosen {
                    Some(section) => (section, None),
                    None if !query.is_empty() => (0, Some(query)),
                    None => {
                        ctx.error("type a section name");
                        return Outcome::Stay;
                    }
                };
                let n = items.len();
                let cmd = Command::AssignMany {
                    items: items.clone(),
                    issue,
                    section,
                    new_section,
                    from: self.from,
                };
                // Marks are cleared once they are used; a refusal keeps them to fix.
                if ctx.perform(cmd) {
                    ctx.marked.clear();
                    ctx.info(format!("{n} drafts assigned, in the order marked"));
                }
            }
            PickPurpose::MoveBullet(path) => {
                let path = path.clone();
                let Some(issue) = ctx.need_issue() else {
                    return Outcome::Close;
                };
                match chosen {
                    Some(section) => {
                        ctx.perform(Command::MoveToSection {
                            issue,
                            path,
                            section,
                        });
                    }
                    None => ctx.error("no section matches"),
                }
            }
            PickPurpose::SwitchIssue(ids) => match chosen.and_then(|i| ids.get(i)) {
                Some(id) => {
                    ctx.issue = Some(*id);
                    ctx.outline = ListPane::default();
                    ctx.preview_scroll = 0;
                    let title = ctx
                        .current_issue()
                        .map(|i| i.meta.title.clone())
                        .unwrap_or_default();
                    ctx.info(format!("issue: {title}"));
                }
                None => ctx.error("no issue matches"),
            },
        }
        Outcome::Close
    }
}

fn render(ctx: &Ctx, st: &Picker, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let rect = boxed(area);
    cells::clear_popup(frame, rect);
    let hint = match st.purpose {
        PickPurpose::Assign(_) | PickPurpose::AssignMarked(_) => format!(
            " Enter takes · Tab bullet from: {} · Esc cancels ",
            st.from.label()
        ),
        _ => " Enter takes · Esc cancels ".to_string(),
    };
    let block = cells::block(st.title(), t.border(true)).title_bottom(Line::styled(hint, t.dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", t.key()),
        Span::raw(cells::fit(&st.query, w.saturating_sub(3))),
        Span::styled("▏", t.key()),
    ])];
    let hits = st.hits(&ctx.matcher);
    let h = usize::from(list_rows(area).height);
    if hits.is_empty() {
        let q = st.query.trim();
        let msg = match st.purpose {
            PickPurpose::Assign(_) | PickPurpose::AssignMarked(_) if !q.is_empty() => {
                format!("Enter creates the section “{q}”")
            }
            PickPurpose::Assign(_) | PickPurpose::AssignMarked(_) => {
                "no sections yet: type a name for a new one".into()
            }
            _ => "nothing matches".into(),
        };
        lines.push(Line::styled(cells::fit(&msg, w), t.dim()));
    }
    let cursor = st.cursor.min(hits.len().saturating_sub(1));
    let off = cells::offset(cursor, h);
    for (i, hit) in hits.iter().enumerate().skip(off).take(h) {
        let name = st
            .candidates
            .get(hit.index)
            .map(String::as_str)
            .unwrap_or("");
        let mut line = Line::from(cells::highlighted(
            name,
            &hit.positions,
            w,
            t.plain(),
            t.matched(),
        ));
        if i == cursor {
            line = cells::pad(line, w).style(t.selected(true));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
