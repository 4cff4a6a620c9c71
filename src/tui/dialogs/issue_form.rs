//! The issue-details form: title, tagline, group heading, date and TLP marking, for a new issue (`I`,
//! which also chooses whether it starts with the newest issue's sections) or the current
//! one (`T`). Saving is one command, one undo step; a bad date or an empty title is said on
//! the form's own line and the form stays open with what was typed.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::{CursorMove, TextArea};

use super::dialog::{Dialog, Outcome, Unsaved, quote};
use crate::model::details::{self, StartWith};
use crate::model::text::{date_in, for_display, one_line};
use crate::model::{Command, IssueId, IssueMeta, Tlp};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::{Ctx, ListPane};
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// The form's fields, in Tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Tagline,
    Group,
    Date,
    /// The issue's TLP marking, typed as `issue edit --tlp` takes it (blank: none).
    Tlp,
    /// A new issue only: start with the newest issue's sections, or none.
    Sections,
}

const TEXT_FIELDS: [Field; 5] = [
    Field::Title,
    Field::Tagline,
    Field::Group,
    Field::Date,
    Field::Tlp,
];

pub struct IssueForm {
    /// `None`: a new issue.
    pub issue: Option<IssueId>,
    fields: [TextArea<'static>; 5],
    pub field: Field,
    /// A new issue: the newest issue's section names, which it starts with while `sections`.
    newest_sections: Vec<String>,
    pub sections: bool,
    /// Why the last Ctrl-s did not save, shown in the form.
    pub problem: Option<String>,
}

/// A one-line field holding `text`, the cursor at its end (the issue form's and the
/// sources form's fields).
pub(super) fn one_line_area(text: &str) -> TextArea<'static> {
    let mut ta = TextArea::new(vec![text.to_string()]);
    ta.move_cursor(CursorMove::End);
    ta.set_cursor_line_style(Style::new());
    ta
}

/// `I`: a new issue, starting with the newest issue's sections.
pub fn new_issue(ctx: &mut Ctx) -> Option<IssueForm> {
    let newest_sections: Vec<String> = ctx
        .desk
        .newest_issue()
        .map(|i| i.sections.iter().map(|s| s.name.clone()).collect())
        .unwrap_or_default();
    Some(IssueForm {
        issue: None,
        fields: TEXT_FIELDS.map(|_| one_line_area("")),
        field: Field::Title,
        sections: !newest_sections.is_empty(),
        newest_sections,
        problem: None,
    })
}

/// `T`: the current issue's details.
pub fn edit(ctx: &mut Ctx) -> Option<IssueForm> {
    let Some(issue) = ctx.current_issue() else {
        ctx.error("no issue yet: press I to start one");
        return None;
    };
    let m = &issue.meta;
    let date = m.date.map(|d| d.to_string()).unwrap_or_default();
    Some(IssueForm {
        issue: Some(issue.id),
        fields: [
            one_line_area(&m.title),
            one_line_area(&m.tagline),
            one_line_area(m.group.as_deref().unwrap_or("")),
            one_line_area(&date),
            one_line_area(m.tlp.map_or("", |t| t.word())),
        ],
        field: Field::Title,
        newest_sections: Vec::new(),
        sections: false,
        problem: None,
    })
}

impl IssueForm {
    /// What is typed in `field`, on one line.
    pub fn text(&self, field: Field) -> String {
        TEXT_FIELDS
            .iter()
            .position(|f| *f == field)
            .and_then(|i| self.fields.get(i))
            .map(|ta| ta.lines().join(" ").trim().to_string())
            .unwrap_or_default()
    }

    fn area_mut(&mut self) -> Option<&mut TextArea<'static>> {
        let i = TEXT_FIELDS.iter().position(|f| *f == self.field)?;
        self.fields.get_mut(i)
    }

    fn next_field(&mut self) {
        self.field = match self.field {
            Field::Title => Field::Tagline,
            Field::Tagline => Field::Group,
            Field::Group => Field::Date,
            Field::Date => Field::Tlp,
            Field::Tlp if self.issue.is_none() => Field::Sections,
            Field::Tlp | Field::Sections => Field::Title,
        };
    }

    /// The details as typed, or why they cannot be kept. A blank date is the title's date,
    /// else today; an edited title with a date dates the issue unless the date was changed
    /// too (the one date rule, as `issue new` and `issue edit`).
    fn meta(&self, ctx: &Ctx) -> Result<IssueMeta, String> {
        let title = self.text(Field::Title);
        let today = crate::ops::identity::day_of(ctx.now());
        let date = match self.text(Field::Date) {
            d if d.is_empty() => Some(date_in(&title).unwrap_or(today)),
            d => Some(details::parse_date(&d).map_err(|e| format!("date: {e}"))?),
        };
        let tlp = match self.text(Field::Tlp) {
            t if t.is_empty() => None,
            t => Some(Tlp::parse(&t).map_err(|e| format!("TLP: {e} (blank: none)"))?),
        };
        let mut meta = match self.issue.and_then(|id| ctx.desk.issue(id)) {
            Some(old) => details::edited(
                &old.meta,
                Some(&title),
                Some(&self.text(Field::Tagline)),
                Some(&self.text(Field::Group)),
                date,
            )?,
            None => details::meta(
                &self.text(Field::Title),
                &self.text(Field::Tagline),
                &self.text(Field::Group),
                date,
                today,
            )?,
        };
        meta.tlp = tlp;
        Ok(meta)
    }

    /// Ctrl-s: save, or say why not and stay open.
    fn save(&mut self, ctx: &mut Ctx) -> Outcome {
        let meta = match self.meta(ctx) {
            Ok(m) => m,
            Err(e) => {
                self.problem = Some(e);
                return Outcome::Stay;
            }
        };
        let Some(id) = self.issue else {
            let start = if self.sections {
                StartWith::NewestIssuesSections
            } else {
                StartWith::These(Vec::new())
            };
            let issue = match details::new_issue(&ctx.desk, meta, start) {
                Ok(i) => i,
                Err(e) => {
                    self.problem = Some(e);
                    return Outcome::Stay;
                }
            };
            let id = issue.id;
            if ctx.perform(Command::NewIssue { issue }) {
                ctx.issue = Some(id);
                ctx.outline = ListPane::default();
                ctx.preview_scroll = 0;
            }
            return Outcome::Close;
        };
        if ctx.desk.issue(id).is_some_and(|i| i.meta == meta) {
            ctx.info("no change");
        } else {
            ctx.perform(Command::SetIssueMeta { issue: id, meta });
        }
        Outcome::Close
    }
}

impl Dialog for IssueForm {
    fn context(&self) -> Context {
        Context::Form
    }

    fn paste(&mut self, text: &str) -> bool {
        match self.area_mut() {
            Some(ta) => {
                ta.insert_str(one_line(text));
                true
            }
            None => false,
        }
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        match input {
            Do(Action::Cancel) => {
                ctx.info("nothing changed");
                return Outcome::Close;
            }
            Do(Action::NextField) => self.next_field(),
            Do(Action::Confirm) => return self.save(ctx),
            // One line each: Enter goes on to the next field.
            Typed(key) if key.code == KeyCode::Enter => self.next_field(),
            Typed(key) if self.field == Field::Sections => {
                if key.code == KeyCode::Char(' ') {
                    self.sections = !self.sections;
                }
            }
            Typed(key) => {
                if let Some(ta) = self.area_mut() {
                    ta.input(key);
                }
                self.problem = None;
            }
            Do(_) => {}
        }
        Outcome::Stay
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let t = &ctx.theme;
        let rect = cells::centered(frame.area(), 76, 19);
        let title = match self.issue {
            Some(id) => format!("Issue {id}: details"),
            None => "New issue".to_string(),
        };
        let bottom = Line::styled(cells::FORM_HINT, t.dim());
        let inner = cells::form_box(frame, rect, &title, t.border(true), bottom);
        let rows = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(3),
            Constraint::Length(3),
            Constraint::Length(3),
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .split(inner);
        let names = [
            "Title",
            "Tagline",
            "Group heading",
            "Date (YYYY-MM-DD; blank: the title's date, else today)",
            "TLP (CLEAR, GREEN, AMBER, AMBER+STRICT, RED; blank: none)",
        ];
        for (i, (ta, name)) in self.fields.iter().zip(names).enumerate() {
            let mut ta = ta.clone();
            ta.set_block(cells::block(name, t.border(self.field == TEXT_FIELDS[i])));
            if let Some(area) = rows.get(i) {
                frame.render_widget(&ta, *area);
            }
        }
        let w = usize::from(inner.width);
        if self.issue.is_none() {
            let names = self.newest_sections.join(", ");
            let line = match (self.sections, names.is_empty()) {
                (_, true) => "[ ] sections: none on the desk yet (S adds one)".to_string(),
                (true, false) => format!("[x] start with the newest issue's sections: {names}"),
                (false, false) => "[ ] start with no sections (Space: the newest issue's)".into(),
            };
            let style = if self.field == Field::Sections {
                t.selected(true)
            } else {
                t.plain()
            };
            frame.render_widget(
                Paragraph::new(Line::styled(cells::fit(&for_display(&line), w), style)),
                rows[5],
            );
        }
        if let Some(p) = &self.problem {
            frame.render_widget(
                Paragraph::new(Line::styled(cells::fit(&for_display(p), w), t.error())),
                rows[6],
            );
        }
    }

    fn unsaved(&self, ctx: &Ctx) -> Unsaved {
        let lines: Vec<String> = TEXT_FIELDS.iter().map(|f| self.text(*f)).collect();
        let what = match self.issue.and_then(|id| ctx.desk.issue(id)) {
            Some(old) => {
                let m = &old.meta;
                let was = [
                    m.title.clone(),
                    m.tagline.clone(),
                    m.group.clone().unwrap_or_default(),
                    m.date.map(|d| d.to_string()).unwrap_or_default(),
                    m.tlp.map_or("", |t| t.word()).to_string(),
                ];
                if lines == was {
                    return Unsaved::Unchanged;
                }
                format!("details of issue {} {}", old.id, quote(&m.title, 40))
            }
            None if lines.iter().all(String::is_empty) => return Unsaved::Unchanged,
            None => "new issue's details".to_string(),
        };
        Unsaved::Text { what, lines }
    }
}
