//! A y/n question before a change to the desk where work is at stake: removing a section
//! that has bullets, updating a bullet from its edited draft. Whatever the answer, what
//! runs is one command: one undo step.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::dialog::{Dialog, Outcome, Unsaved};
use crate::model::Command;
use crate::model::text::for_display;
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::events::Input::{self, Action as Do};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// The question, the command `y` runs, and the one `n` (or Esc) runs, if any.
pub struct Ask {
    pub question: String,
    pub yes: Command,
    pub no: Option<Command>,
}

impl Ask {
    /// `d` on a section with bullets: removed only on `y`.
    pub fn remove_section(name: &str, bullets: usize, yes: Command) -> Ask {
        let plural = crate::model::text::plural(bullets);
        Ask {
            question: format!(
                "Remove the section \"{name}\" and its {bullets} bullet{plural}? Their drafts go back to the pool. (y/n)"
            ),
            yes,
            no: None,
        }
    }

    /// The edit of a used draft: `y` saves it and updates its bullet, `n` saves it alone.
    pub fn update_bullet(headline: &str, edited: crate::model::Item) -> Ask {
        Ask {
            question: format!(
                "The draft {} is in an issue. Update its bullet from the new text (the lead)? (y/n)",
                super::quote(headline, 40)
            ),
            yes: Command::EditItemAndBullet {
                item: edited.clone(),
            },
            no: Some(Command::EditItem { item: edited }),
        }
    }
}

impl Dialog for Ask {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        match input {
            Do(Action::Confirm) => {
                // The draft's edit is never lost: if the bullet cannot follow, it is saved alone.
                if !ctx.perform(self.yes.clone())
                    && let Some(no) = self.no.clone()
                    && ctx.perform(no)
                {
                    ctx.error("the bullet could not be updated: the draft is saved alone");
                }
            }
            Do(Action::Cancel) => match self.no.clone() {
                Some(no) => {
                    if ctx.perform(no) {
                        ctx.info("draft saved; its bullet keeps its text");
                    }
                }
                None => ctx.info("nothing changed"),
            },
            _ => return Outcome::Stay,
        }
        Outcome::Close
    }

    /// The edited draft waiting on the bullet question is typed text not yet kept: a
    /// hang-up keeps it as a recovered draft, as the form would have.
    fn unsaved(&self, _ctx: &Ctx) -> Unsaved {
        match &self.no {
            Some(Command::EditItem { item }) => {
                let mut lines = vec![item.headline.clone()];
                lines.extend(item.body.lines().iter().cloned());
                Unsaved::Text {
                    what: format!("edit of item #{} {}", item.id, super::quote(&item.headline, 40)),
                    lines,
                }
            }
            _ => Unsaved::NoText,
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let t = &ctx.theme;
        let rect = cells::centered(frame.area(), 64, 5);
        cells::clear_popup(frame, rect);
        let block = cells::block("Confirm", t.border(true))
            .title_bottom(Line::styled(" y yes · n or Esc no ", t.dim()));
        let line = Line::raw(for_display(&self.question).into_owned());
        frame.render_widget(
            Paragraph::new(line).block(block).wrap(Wrap { trim: false }),
            rect,
        );
    }
}
