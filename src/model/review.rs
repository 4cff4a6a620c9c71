//! Review of an issue: comments, and the status it moves through, as a log of events.
//!
//! Each analyst appends only to their own log (the store keeps one file per author), so a
//! reviewer never writes a file the editor writes. The state (status, history, comments)
//! is a fold over every author's events in time order; nothing here reads a clock or a file.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::issue::{Bullet, BulletId, Issue, SectionId};
use super::text::first_words;

/// Where an issue is on its way to the readers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Draft,
    InReview,
    Approved,
    ChangesRequested,
    Exported,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InReview => "In review",
            Status::Approved => "Approved",
            Status::ChangesRequested => "Changes requested",
            Status::Exported => "Exported",
        }
    }

    /// Can an analyst move an issue from `self` to `to`? Export is always allowed (it warns
    /// when the issue is not approved); the rest follow Draft -> In review -> Approved or
    /// Changes requested -> Exported.
    pub fn check(self, to: Status) -> Result<(), String> {
        use Status::*;
        let ok = match to {
            Draft => false,
            InReview => matches!(self, Draft | ChangesRequested | Approved | Exported),
            Approved => matches!(self, Draft | InReview | ChangesRequested),
            ChangesRequested => matches!(self, Draft | InReview | Approved),
            Exported => true,
        };
        if ok {
            Ok(())
        } else if self == to {
            Err(format!("the issue is already {}", to.label()))
        } else {
            Err(format!(
                "an issue that is {} cannot become {}",
                self.label(),
                to.label()
            ))
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// What a comment is about. Bullets and sections are named by id, so a comment stays with
/// its bullet when the bullet moves, is indented or its section is renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Bullet(BulletId),
    Section(SectionId),
    Issue,
}

/// A comment, named by its author and a number in the author's own log.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CommentId {
    pub by: String,
    pub n: u64,
}

impl std::fmt::Display for CommentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.by, self.n)
    }
}

/// What one event records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    Comment {
        n: u64,
        on: Target,
        text: String,
    },
    Resolve {
        comment: CommentId,
    },
    /// A status change. Approval and export carry the issue as it was, so "what changed
    /// since" can be shown later.
    Status {
        to: Status,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        snapshot: Option<Box<Issue>>,
    },
}

/// One line of an author's review log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub by: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: CommentId,
    pub at: DateTime<Utc>,
    pub on: Target,
    pub text: String,
    /// Who resolved it, and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<(String, DateTime<Utc>)>,
}

impl Comment {
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }
}

/// One recorded status change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

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
            EventKind::Status { to, note, snapshot } => {
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

    /// Why `issue` cannot be published as approved, or `None` when it can.
    pub fn not_approved(&self, issue: &Issue, title: &str) -> Option<String> {
        if self.approved_as(issue) {
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
mod tests {
    use super::*;
    use crate::model::{IssueId, IssueMeta, Section};
    use chrono::TimeZone;

    fn at(min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 10, min, 0)
            .single()
            .unwrap_or_default()
    }

    fn ev(min: u32, by: &str, kind: EventKind) -> Event {
        Event {
            at: at(min),
            by: by.into(),
            kind,
        }
    }

    fn status(to: Status, snapshot: Option<&Issue>) -> EventKind {
        EventKind::Status {
            to,
            note: String::new(),
            snapshot: snapshot.map(|i| Box::new(i.clone())),
        }
    }

    fn issue(text: &str) -> Issue {
        let mut i = Issue::new(IssueId(1), IssueMeta::default());
        let mut s = Section::new(SectionId(1), "Europe");
        s.bullets.push(Bullet::new(BulletId(1), text));
        i.sections.push(s);
        i
    }

    #[test]
    fn status_moves_and_records_who_and_when() {
        let v1 = issue("one");
        // Two logs, given out of time order: the fold sorts by time.
        let r = Review::fold(vec![
            ev(5, "bob", status(Status::Approved, Some(&v1))),
            ev(1, "alice", status(Status::InReview, None)),
        ]);
        assert_eq!(r.status, Status::Approved);
        assert_eq!(r.history.len(), 2);
        assert_eq!(
            (r.history[1].from, r.history[1].by.as_str(), r.history[1].at),
            (Status::InReview, "bob", at(5))
        );
        assert!(r.approved_as(&v1));
        assert!(!r.approved_as(&issue("one, edited")));
        assert_eq!(r.baseline.as_ref().map(|b| b.0), Some(1));
        assert_eq!(r.status_label(&v1), "Approved");
        assert_eq!(
            r.status_label(&issue("one, edited")),
            "Approved (changed since)"
        );
        assert_eq!(
            r.not_approved(&issue("one, edited"), "T")
                .unwrap_or_default(),
            "issue 1 \"T\" changed since it was approved by bob at 2026-11-23 10:05 UTC"
        );
        // Exported (in one format, then another) still counts as approved; back in review
        // does not, even with the text unchanged.
        let exported = Review::fold(vec![
            ev(1, "alice", status(Status::InReview, None)),
            ev(5, "bob", status(Status::Approved, Some(&v1))),
            ev(6, "alice", status(Status::Exported, Some(&v1))),
            ev(7, "alice", status(Status::Exported, Some(&v1))),
        ]);
        assert!(exported.approved_as(&v1));
        assert_eq!(exported.baseline.as_ref().map(|b| b.0), Some(3));
        assert_eq!(
            exported.baseline_label().unwrap_or_default(),
            "export by alice at 2026-11-23 10:07 UTC"
        );
        assert!(exported.changes_since(&v1).is_empty());
        assert_eq!(Review::default().changes_since(&v1).len(), 2);
        let mut back = exported.clone();
        back.apply(ev(8, "alice", status(Status::InReview, None)));
        assert!(!back.approved_as(&v1));
        assert_eq!(
            back.not_approved(&v1, "T").unwrap_or_default(),
            "issue 1 \"T\" is In review, not approved"
        );
    }

    #[test]
    fn transitions_follow_the_workflow() {
        assert!(Status::Draft.check(Status::InReview).is_ok());
        assert!(Status::InReview.check(Status::Approved).is_ok());
        assert!(Status::Approved.check(Status::InReview).is_ok());
        assert!(Status::Approved.check(Status::ChangesRequested).is_ok());
        assert!(Status::Exported.check(Status::Exported).is_ok());
        let e = Status::Approved
            .check(Status::Approved)
            .err()
            .unwrap_or_default();
        assert_eq!(e, "the issue is already Approved");
        assert!(Status::Exported.check(Status::Approved).is_err());
        assert!(Status::InReview.check(Status::Draft).is_err());
    }

    #[test]
    fn comments_are_per_author_and_resolve_once() {
        let c = |n, by: &str, min| {
            ev(
                min,
                by,
                EventKind::Comment {
                    n,
                    on: Target::Bullet(BulletId(1)),
                    text: format!("{by} {n}"),
                },
            )
        };
        let bob1 = CommentId {
            by: "bob".into(),
            n: 1,
        };
        let r = Review::fold(vec![
            c(1, "bob", 1),
            c(1, "alice", 2),
            c(2, "bob", 3),
            ev(
                4,
                "alice",
                EventKind::Resolve {
                    comment: bob1.clone(),
                },
            ),
            ev(5, "carol", EventKind::Resolve { comment: bob1 }),
            // A line repeated (a log copied by hand) does not make a second comment.
            c(1, "bob", 6),
        ]);
        assert_eq!(r.comments.len(), 3);
        assert_eq!(r.open_on(Target::Bullet(BulletId(1))), 2);
        assert_eq!(r.open_count(), 2);
        assert_eq!(
            r.comments[0].resolved.as_ref().map(|(by, _)| by.as_str()),
            Some("alice")
        );
        assert_eq!(r.next_comment_n("bob"), 3);
        assert_eq!(r.next_comment_n("dave"), 1);
    }

    #[test]
    fn events_round_trip_as_json_lines() -> Result<(), serde_json::Error> {
        let e = ev(
            1,
            "bob",
            EventKind::Comment {
                n: 1,
                on: Target::Section(SectionId(2)),
                text: "Source?".into(),
            },
        );
        let line = serde_json::to_string(&e)?;
        assert_eq!(
            line,
            r#"{"at":"2026-11-23T10:01:00Z","by":"bob","event":"comment","n":1,"on":{"section":2},"text":"Source?"}"#
        );
        assert_eq!(serde_json::from_str::<Event>(&line)?, e);
        Ok(())
    }

    #[test]
    fn events_are_checked_before_they_are_written() {
        let v1 = issue("one");
        let r = Review::default();
        let e = r.status_event(&v1, "bob", at(1), Status::ChangesRequested, "  ");
        assert_eq!(
            e.err().unwrap_or_default(),
            "say what should change: the note is empty"
        );
        let ok = r.status_event(&v1, "bob", at(1), Status::Approved, "");
        let Ok(ev) = ok else {
            panic!("approval refused: {ok:?}");
        };
        assert!(matches!(&ev.kind, EventKind::Status { snapshot: Some(s), .. } if **s == v1));
        let r = Review::fold(vec![ev]);
        assert!(
            r.status_event(&v1, "bob", at(2), Status::Approved, "")
                .is_err()
        );
        assert!(
            r.comment_event("bob", at(2), Target::Issue, " \n ")
                .is_err()
        );
        let c = r.comment_event("bob", at(2), Target::Issue, "Source?\u{1b}[2J");
        assert!(
            matches!(&c, Ok(Event { kind: EventKind::Comment { n: 1, text, .. }, .. }) if !text.contains('\u{1b}'))
        );
        let missing = CommentId {
            by: "bob".into(),
            n: 7,
        };
        assert!(r.resolve_event("alice", at(3), &missing).is_err());
    }

    #[test]
    fn targets_are_described_in_words() {
        let i = issue("Ukraine says drones struck a depot near the border overnight");
        assert_eq!(
            describe_target(&i, Target::Bullet(BulletId(1))),
            "\"Ukraine says drones struck a depot near the...\""
        );
        assert_eq!(
            describe_target(&i, Target::Section(SectionId(1))),
            "section \"Europe\""
        );
        assert_eq!(
            describe_target(&i, Target::Bullet(BulletId(9))),
            "a removed bullet"
        );
    }
}
