//! Undo and redo: each user action is one step holding the inverse of every edit it made.

use super::command::Command;
use super::desk::Desk;
use super::edit::{Edit, EditError, Touch};
use super::issue::BulletPath;

/// One user action, ready to be undone (and, once undone, redone).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub label: String,
    /// Inverses, in the order they must be applied (last edit's inverse first).
    edits: Vec<Edit>,
}

impl Step {
    pub fn touches(&self) -> Vec<Touch> {
        touches(&self.edits)
    }
}

/// What a performed, undone or redone action did.
#[derive(Clone, Debug, PartialEq)]
pub struct Done {
    pub label: String,
    pub touched: Vec<Touch>,
    pub select: Option<BulletPath>,
    /// The edits as applied, in order: what the store's journal records, so replaying them
    /// over the last saved desk gives this desk.
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// Apply edits in order; on the first failure, roll back what was applied. Returns inverses
/// in undo order.
fn apply_all(desk: &mut Desk, edits: Vec<Edit>) -> Result<Vec<Edit>, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for e in edits {
        match e.apply(desk) {
            Ok(inv) => inverses.push(inv),
            Err(err) => {
                for inv in inverses.into_iter().rev() {
                    // Inverses of edits that just applied cannot fail on the same desk.
                    let _ = inv.apply(desk);
                }
                return Err(err);
            }
        }
    }
    inverses.reverse();
    Ok(inverses)
}

impl History {
    pub fn new() -> Self {
        History::default()
    }

    /// Plan and apply a command as one undoable step. On error the desk is unchanged.
    pub fn perform(&mut self, desk: &mut Desk, cmd: &Command) -> Result<Done, EditError> {
        let plan = cmd.plan(desk)?;
        let touched = touches(&plan.edits);
        let edits = plan.edits.clone();
        let inverses = apply_all(desk, plan.edits)?;
        self.undo.push(Step {
            label: cmd.label().to_string(),
            edits: inverses,
        });
        self.redo.clear();
        Ok(Done {
            label: cmd.label().to_string(),
            touched,
            select: plan.select,
            edits,
        })
    }

    /// Undo the last step; `None` when there is nothing to undo.
    pub fn undo(&mut self, desk: &mut Desk) -> Option<Result<Done, EditError>> {
        let step = self.undo.pop()?;
        Some(self.replay(desk, step, true))
    }

    pub fn redo(&mut self, desk: &mut Desk) -> Option<Result<Done, EditError>> {
        let step = self.redo.pop()?;
        Some(self.replay(desk, step, false))
    }

    fn replay(&mut self, desk: &mut Desk, step: Step, undoing: bool) -> Result<Done, EditError> {
        let touched = step.touches();
        match apply_all(desk, step.edits.clone()) {
            Ok(inverses) => {
                let Step { label, edits } = step;
                let back = Step {
                    label: label.clone(),
                    edits: inverses,
                };
                if undoing {
                    self.redo.push(back)
                } else {
                    self.undo.push(back)
                }
                Ok(Done {
                    label,
                    touched,
                    select: None,
                    edits,
                })
            }
            Err(e) => {
                // The desk no longer fits this step (changed outside the history): keep it
                // so nothing is silently dropped, and say so.
                if undoing {
                    self.undo.push(step)
                } else {
                    self.redo.push(step)
                }
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Forget everything (the desk was reloaded from disk).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

fn touches(edits: &[Edit]) -> Vec<Touch> {
    let mut t: Vec<Touch> = edits.iter().map(Edit::touches).collect();
    t.sort();
    t.dedup();
    t
}
