//! Review of an issue: comments, and the status it moves through, as a log of events.
//!
//! Each analyst appends only to their own log (the store keeps one file per author), so a
//! reviewer never writes a file the editor writes. The state (status, history, comments)
//! is a fold over every author's events in time order; nothing here reads a clock or a file.

mod event;
mod status;

use chrono::{DateTime, Utc};

use super::issue::{Bullet, BulletId, Issue};
use super::text::first_words;

pub use event::{Comment, CommentId, Event, EventKind, Target, Transition};
pub use status::Status;

/// The review state of one issue: the fold of every author's events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Review {
    pub status: Status,
    pub history: Vec<Transition>,
    /// In the order they were written.
    pub comments: Vec<Comment>,
    /// The issue as last approved or exported, and by which transition (index in history).
    pub baseline: Option<(usize, Box<Issue>)>,
    /// The issue as approved, while that approval stands: exports keep it, a return to
    /// review or a request for changes ends it.
    pub approval: Option<(usize, Box<Issue>)>,
    /// Who changed the issue since its last approval (or since it began): each `Edited`
    /// author and whoever sent it for review. The four-eyes rule keeps them from approving.
    pub changed_by: Vec<String>,
    /// The standing approval was given by one of `changed_by` (allowed while the rule was
    /// off; it does not count once the rule is on).
    pub approved_by_a_changer: bool,
}

impl Review {
    /// Fold events, from any number of authors' logs, in time order. Ties (same instant)
    /// keep the order given, which is each log's own order.
    pub fn fold(mut events: Vec<Event>) -> Review {
        events.sort_by_key(|e| e.at);
        let mut r = Review::default();
        for ev in events {
            r.apply(ev);
        }
        r
    }

    fn apply(&mut self, ev: Event) {
        match ev.kind {
            EventKind::Comment { n, on, text } => {
                let id = CommentId { by: ev.by, n };
                if !self.comments.iter().any(|c| c.id == id) {
                    self.comments.push(Comment {
                        id,
                        at: ev.at,
                        on,
                        text,
                        resolved: None,
                    });
                }
            }
            EventKind::Resolve { comment } => {
                if let Some(c) = self.comments.iter_mut().find(|c| c.id == comment)
                    && c.resolved.is_none()
                {
                    c.resolved = Some((ev.by, ev.at));
                }
            }
            EventKind::Edited => self.note_changer(ev.by),
            EventKind::Status { to, note, snapshot } => {
                match to {
                    // The sender vouches for the text as sent: one of its authors.
                    Status::InReview => self.note_changer(ev.by.clone()),
                    Status::Approved => {
                        self.approved_by_a_changer = self.changed_by.contains(&ev.by);
                        self.changed_by.clear();
                    }
                    _ => {}
                }
                self.history.push(Transition {
                    from: self.status,
                    to,
                    by: ev.by,
                    at: ev.at,
                    note,
                });
                self.status = to;
                let k = self.history.len() - 1;
                match to {
                    Status::Approved => self.approval = snapshot.clone().map(|s| (k, s)),
                    Status::Exported => {}
                    _ => self.approval = None,
                }
                if let Some(s) = snapshot
                    && matches!(to, Status::Approved | Status::Exported)
                {
                    self.baseline = Some((k, s));
                }
            }
        }
    }

    fn note_changer(&mut self, by: String) {
        if !self.changed_by.contains(&by) {
            self.changed_by.push(by);
        }
    }

    /// The four-eyes rule (`review.require_other_approver`, when `on`): nobody who changed
    /// the issue since its last approval, or sent it for review, may approve it. The error
    /// is the one line the desk and `briefdesk review approve` show.
    pub fn four_eyes(&self, by: &str, on: bool) -> Result<(), String> {
        if on && self.changed_by.iter().any(|c| c == by) {
            return Err(format!(
                "four-eyes rule: {by} last changed this issue; another reviewer must approve it"
            ));
        }
        Ok(())
    }

    /// The event moving the issue to `to` as `by` decides it: the workflow's check, the
    /// four-eyes rule for an approval, then [`Review::status_event`]. The one rule the
    /// desk's keys and the command line both go through.
    pub fn decision_event(
        &self,
        issue: &Issue,
        by: &str,
        at: DateTime<Utc>,
        to: Status,
        note: &str,
        four_eyes: bool,
    ) -> Result<Event, String> {
        self.status.check(to)?;
        if to == Status::Approved {
            self.four_eyes(by, four_eyes)?;
        }
        self.status_event(issue, by, at, to, note)
    }

    /// The `Edited` event for `by`'s change to the issue, unless the review already counts
    /// `by` among those who changed it since its last approval.
    pub fn edited_event(&self, by: &str, at: DateTime<Utc>) -> Option<Event> {
        (!self.changed_by.iter().any(|c| c == by)).then(|| Event {
            at,
            by: by.into(),
            kind: EventKind::Edited,
        })
    }

    /// The next comment number for `by` (numbers are per author, so logs never collide).
    pub fn next_comment_n(&self, by: &str) -> u64 {
        self.comments
            .iter()
            .filter(|c| c.id.by == by)
            .map(|c| c.id.n)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Open comments on this bullet or section.
    pub fn open_on(&self, target: Target) -> usize {
        self.comments
            .iter()
            .filter(|c| c.on == target && c.is_open())
            .count()
    }

    pub fn open_count(&self) -> usize {
        self.comments.iter().filter(|c| c.is_open()).count()
    }

    pub fn comment(&self, id: &CommentId) -> Option<&Comment> {
        self.comments.iter().find(|c| &c.id == id)
    }

    /// The last transition, if any: who approved, when.
    pub fn last(&self) -> Option<&Transition> {
        self.history.last()
    }

    /// The event that moves the issue to `to`, if the workflow allows it. Approval and
    /// export keep the issue as it is now; a request for changes needs a note saying what.
    pub fn status_event(
        &self,
        issue: &Issue,
        by: &str,
        at: DateTime<Utc>,
        to: Status,
        note: &str,
    ) -> Result<Event, String> {
        self.status.check(to)?;
        let note = super::text::sanitize(note.trim());
        if to == Status::ChangesRequested && note.is_empty() {
            return Err("say what should change: the note is empty".into());
        }
        let snapshot =
            matches!(to, Status::Approved | Status::Exported).then(|| Box::new(issue.clone()));
        Ok(Event {
            at,
            by: by.into(),
            kind: EventKind::Status { to, note, snapshot },
        })
    }

    /// A new comment by `by` on `on`.
    pub fn comment_event(
        &self,
        by: &str,
        at: DateTime<Utc>,
        on: Target,
        text: &str,
    ) -> Result<Event, String> {
        let text = super::text::sanitize(text.trim());
        if text.is_empty() {
            return Err("the comment is empty".into());
        }
        Ok(Event {
            at,
            by: by.into(),
            kind: EventKind::Comment {
                n: self.next_comment_n(by),
                on,
                text,
            },
        })
    }

    /// Resolve an open comment.
    pub fn resolve_event(
        &self,
        by: &str,
        at: DateTime<Utc>,
        id: &CommentId,
    ) -> Result<Event, String> {
        match self.comment(id) {
            None => Err(format!("no comment {id}")),
            Some(c) if !c.is_open() => Err(format!("comment {id} is already resolved")),
            Some(_) => Ok(Event {
                at,
                by: by.into(),
                kind: EventKind::Resolve {
                    comment: id.clone(),
                },
            }),
        }
    }

    /// Does `issue` still read as it did when approved? An approval only counts for the text
    /// that was approved; exporting it (again, in another format) keeps it.
    pub fn approved_as(&self, issue: &Issue) -> bool {
        self.approval
            .as_ref()
            .is_some_and(|(_, s)| same_content(s, issue))
    }

    /// What the changes are counted from, in words: `approval by bob at 2026-11-23
    /// 10:15 UTC`; `None` before any approval or export.
    pub fn baseline_label(&self) -> Option<String> {
        let (k, _) = self.baseline.as_ref()?;
        let t = self.history.get(*k)?;
        let what = if t.to == Status::Exported {
            "export"
        } else {
            "approval"
        };
        Some(format!("{what} by {} at {}", t.by, when(t.at)))
    }

    /// What changed in `issue` since the last approval or export; before any, everything
    /// in it is new.
    pub fn changes_since(&self, issue: &Issue) -> Vec<super::diff::Change> {
        match &self.baseline {
            Some((_, old)) => super::diff::diff(old, issue),
            None => super::diff::diff(&Issue::new(issue.id, issue.meta.clone()), issue),
        }
    }

    /// The status as a reader should see it: `Approved (changed since)` when the text no
    /// longer reads as it was approved (an edit that no log has caught up with yet), and
    /// the same for Exported.
    pub fn status_label(&self, issue: &Issue) -> String {
        let changed = match self.status {
            Status::Approved => !self.approved_as(issue),
            Status::Exported => self
                .baseline
                .as_ref()
                .is_some_and(|(_, s)| !same_content(s, issue)),
            _ => false,
        };
        if changed {
            format!("{} (changed since)", self.status.label())
        } else {
            self.status.label().to_string()
        }
    }

    /// Why `issue` cannot be published as approved, or `None` when it can. With the
    /// four-eyes rule on, an approval given by one of the issue's own changers (before the
    /// rule was turned on) does not count.
    pub fn not_approved(&self, issue: &Issue, title: &str, four_eyes: bool) -> Option<String> {
        if self.approved_as(issue) {
            if four_eyes && self.approved_by_a_changer {
                let by = (self.approval.as_ref())
                    .and_then(|(k, _)| self.history.get(*k))
                    .map(|t| t.by.as_str());
                return Some(format!(
                    "issue {} \"{title}\" was approved by {}, who changed it: the four-eyes rule asks another reviewer to approve it",
                    issue.id,
                    by.unwrap_or("its editor")
                ));
            }
            return None;
        }
        match &self.approval {
            Some((k, _)) => {
                let t = &self.history[*k];
                Some(format!(
                    "issue {} \"{title}\" changed since it was approved by {} at {}",
                    issue.id,
                    t.by,
                    when(t.at)
                ))
            }
            None => Some(format!(
                "issue {} \"{title}\" is {}, not approved",
                issue.id, self.status
            )),
        }
    }
}

/// A time as briefdesk shows it: `2026-11-23 10:15 UTC`.
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The parts of an issue a reader sees (ids and the issue's number aside).
pub fn same_content(a: &Issue, b: &Issue) -> bool {
    a.meta == b.meta && a.sections == b.sections
}

/// Where a comment points, in words, for lists: the bullet's first words, or the section.
pub fn describe_target(issue: &Issue, target: Target) -> String {
    match target {
        Target::Issue => "the issue".to_string(),
        Target::Section(id) => match issue.sections.iter().find(|s| s.id == id) {
            Some(s) => format!("section \"{}\"", s.name),
            None => "a removed section".to_string(),
        },
        Target::Bullet(id) => match find_bullet(issue, id) {
            Some(b) => format!("\"{}\"", first_words(&b.text, 8)),
            None => "a removed bullet".to_string(),
        },
    }
}

/// The bullet with this id, at any depth.
pub fn find_bullet(issue: &Issue, id: BulletId) -> Option<&Bullet> {
    issue
        .sections
        .iter()
        .flat_map(|s| s.bullets.iter())
        .flat_map(|b| b.walk())
        .find(|b| b.id == id)
}

#[cfg(test)]
mod tests;
