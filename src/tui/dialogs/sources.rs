//! Issue #17: the sources form for the selected bullet: the outlet and the URL of its first
//! source (its other sources are kept after it). Saving is one command, one undo step; a
//! refused URL is said on the form's own line and the form stays open with what was typed.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use super::dialog::{Dialog, Outcome, Unsaved};
use super::issue_form::one_line_area;
use crate::model::text::{for_display, one_line};
use crate::model::{BulletPath, Command, IssueId, Source};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;
use crate::tui::outline::RowKind;

pub struct Sources {
    issue: IssueId,
    path: BulletPath,
    /// Outlet, then URL.
    fields: [TextArea<'static>; 2],
    pub field: usize,
    /// The bullet's sources as they were.
    was: Vec<Source>,
    /// Why the last Ctrl-s did not save, shown in the form.
    pub problem: Option<String>,
}

/// The form for the selected bullet; on a section row or no issue, the status line says
/// why not.
pub fn open(ctx: &mut Ctx) -> Option<Sources> {
    let Some(issue) = ctx.current_issue().map(|i| i.id) else {
        ctx.error("no issue yet: press I to start one");
        return None;
    };
    let Some(RowKind::Bullet(path)) = ctx.selected_row() else {
        ctx.error("select a bullet first: sources belong to a bullet");
        return None;
    };
    let was = ctx
        .current_issue()
        .and_then(|i| i.bullet(&path))
        .map(|b| b.sources.clone())
        .unwrap_or_default();
    let first = was.first().cloned().unwrap_or_default();
    Some(Sources {
        issue,
        path,
        fields: [
            one_line_area(first.outlet.as_deref().unwrap_or("")),
            one_line_area(first.url.as_deref().unwrap_or("")),
        ],
        field: 0,
        was,
        problem: None,
    })
}

impl Sources {
    fn text(&self, i: usize) -> String {
        self.fields
            .get(i)
            .map(|ta| ta.lines().join(" ").trim().to_string())
            .unwrap_or_default()
    }

    /// The sources as typed: the first one replaced (or removed when both fields are
    /// blank), the others kept; or why the URL is refused.
    fn sources(&self) -> Result<Vec<Source>, String> {
        let first = Source::new(&self.text(0), &self.text(1)).map_err(|e| format!("URL: {e}"))?;
        let mut out: Vec<Source> = first.into_iter().collect();
        out.extend(self.was.iter().skip(1).cloned());
        // A source typed again as it was keeps its published time.
        if let (Some(new), Some(old)) = (out.first_mut(), self.was.first())
            && new.outlet == old.outlet
            && new.url == old.url
        {
            new.published = old.published;
        }
        Ok(out)
    }

    fn save(&mut self, ctx: &mut Ctx) -> Outcome {
        let sources = match self.sources() {
            Ok(s) => s,
            Err(e) => {
                self.problem = Some(e);
                return Outcome::Stay;
            }
        };
        if sources == self.was {
            ctx.info("no change");
        } else {
            ctx.perform(Command::SetBulletSources {
                issue: self.issue,
                path: self.path.clone(),
                sources,
            });
        }
        Outcome::Close
    }
}

impl Dialog for Sources {
    fn context(&self) -> Context {
        Context::Form
    }

    fn paste(&mut self, text: &str) -> bool {
        match self.fields.get_mut(self.field) {
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
            Do(Action::NextField) => self.field = (self.field + 1) % 2,
            Do(Action::Confirm) => return self.save(ctx),
            Typed(key) if key.code == KeyCode::Enter => self.field = (self.field + 1) % 2,
            Typed(key) => {
                if let Some(ta) = self.fields.get_mut(self.field) {
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
        let rect = cells::centered(frame.area(), 76, 10);
        let title = match self.was.len() {
            0 | 1 => "Bullet: source".to_string(),
            n => format!("Bullet: source 1 of {n} (the others are kept)"),
        };
        let bottom = Line::styled(cells::FORM_HINT, t.dim());
        let inner = cells::form_box(frame, rect, &title, t.border(true), bottom);
        let rows = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .split(inner);
        let names = [
            "Outlet (Reuters)",
            "URL (http, https or mailto become links; blank both: no source)",
        ];
        for (i, (ta, name)) in self.fields.iter().zip(names).enumerate() {
            let mut ta = ta.clone();
            ta.set_block(cells::block(name, t.border(self.field == i)));
            if let Some(area) = rows.get(i) {
                frame.render_widget(&ta, *area);
            }
        }
        if let Some(p) = &self.problem {
            let w = usize::from(inner.width);
            frame.render_widget(
                Paragraph::new(Line::styled(cells::fit(&for_display(p), w), t.error())),
                rows[3],
            );
        }
    }

    fn unsaved(&self, _ctx: &Ctx) -> Unsaved {
        let lines = vec![self.text(0), self.text(1)];
        let first = self.was.first().cloned().unwrap_or_default();
        let was = [
            first.outlet.unwrap_or_default(),
            first.url.unwrap_or_default(),
        ];
        if lines == was {
            return Unsaved::Unchanged;
        }
        Unsaved::Text {
            what: "a bullet's source".to_string(),
            lines,
        }
    }
}
