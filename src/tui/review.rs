//! Review of the current issue: where review events are read and appended ([`ReviewIo`]),
//! and the review in hand ([`ReviewState`]). What the desk does with them is in
//! `ctx/review.rs`; the comments, y/n, note and changes dialogs are in `dialogs/`.
//!
//! Every write is one event appended to the user's own review log, through [`ReviewIo`]
//! (the store in the app, a fake in tests). A reviewer (`briefdesk review`) writes nothing
//! else; the editor writes its issue as before.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::model::review::{Comment, Event, Review, Target};
use crate::model::settings::Settings;
use crate::model::{Issue, IssueId};
use crate::store;

pub use super::events::Changes;

/// Where review events are read and appended, and what time it is. The desk on disk in the
/// app; a fake in tests.
pub trait ReviewIo {
    /// Every author's events for the issue, folded; and the problems met reading them.
    fn load(&self, issue: IssueId) -> Result<(Review, Vec<String>), String>;
    /// Append one event to its author's own log.
    fn append(&mut self, issue: IssueId, ev: &Event) -> Result<(), String>;
    /// The issue as saved on disk now.
    fn read_issue(&self, issue: IssueId) -> Result<Issue, String>;
    /// What changed on disk since the last call for this issue (a first call, or a call for
    /// another issue than the last, sees nothing and starts watching). A few stats.
    fn changes(&mut self, issue: IssueId) -> Changes;
    fn now(&self) -> DateTime<Utc>;
    /// The desk's settings as desk.json says now: read when a decision needs them (the
    /// four-eyes rule), so a setting changed while the session is open counts.
    fn settings(&self) -> Result<Settings, String> {
        Ok(Settings::default())
    }
    /// The drafts another session saved since the last call (a reader follows them).
    fn saved_drafts(&mut self) -> Result<Vec<store::follow::Chunk>, String> {
        Ok(Vec::new())
    }
}

/// Review logs and issue files of a desk directory.
pub struct DiskReview {
    dir: PathBuf,
    seen: Option<(IssueId, store::review::Stamp, store::review::Stamp)>,
    drafts: Option<store::follow::DraftsFollower>,
}

impl DiskReview {
    pub fn new(dir: impl Into<PathBuf>) -> DiskReview {
        DiskReview {
            dir: dir.into(),
            seen: None,
            drafts: None,
        }
    }

    /// A reader's: it also follows the drafts the editor saves, from the desk as on disk
    /// now (make it right after the open).
    pub fn following_drafts(dir: impl Into<PathBuf>) -> DiskReview {
        let mut d = DiskReview::new(dir);
        d.drafts = Some(store::follow::DraftsFollower::new(&d.dir));
        d
    }
}

impl ReviewIo for DiskReview {
    fn load(&self, issue: IssueId) -> Result<(Review, Vec<String>), String> {
        store::review::read_review(&self.dir, issue).map_err(|e| e.to_string())
    }

    fn append(&mut self, issue: IssueId, ev: &Event) -> Result<(), String> {
        store::review::append_event(&self.dir, issue, ev).map_err(|e| e.to_string())
    }

    fn read_issue(&self, issue: IssueId) -> Result<Issue, String> {
        store::review::read_issue(&self.dir, issue).map_err(|e| e.to_string())
    }

    fn changes(&mut self, issue: IssueId) -> Changes {
        let review = store::review::review_stamp(&self.dir, issue);
        let file = store::review::issue_stamp(&self.dir, issue);
        let out = match &self.seen {
            Some((id, r, f)) if *id == issue => Changes {
                review: *r != review,
                issue: *f != file,
                ..Changes::default()
            },
            _ => Changes::default(),
        };
        self.seen = Some((issue, review, file));
        out
    }

    fn now(&self) -> DateTime<Utc> {
        crate::ops::identity::now()
    }

    fn settings(&self) -> Result<Settings, String> {
        store::read_settings(&self.dir).map_err(|e| e.to_string())
    }

    fn saved_drafts(&mut self) -> Result<Vec<store::follow::Chunk>, String> {
        match self.drafts.as_mut() {
            Some(f) => f.poll().map_err(|e| e.to_string()),
            None => Ok(Vec::new()),
        }
    }
}

/// The review side of the app: who we are, and the current issue's review.
#[derive(Default)]
pub struct ReviewState {
    /// `briefdesk review`: labelled so, and it follows the issue file on disk.
    pub mode: bool,
    /// Who comments and decides here (the login name).
    pub user: String,
    /// The current issue's review, as last read.
    pub current: Review,
    /// What was wrong in its logs (lines skipped).
    pub problems: Vec<String>,
    /// The issue `current` belongs to.
    pub loaded: Option<IssueId>,
    pub(super) io: Option<Box<dyn ReviewIo>>,
}

impl ReviewState {
    pub fn new(mode: bool, user: String, io: Option<Box<dyn ReviewIo>>) -> ReviewState {
        ReviewState {
            mode,
            user,
            io,
            ..ReviewState::default()
        }
    }
}

/// Comments of a review in list order: open first, then resolved, each in written order.
pub fn ordered(r: &Review) -> Vec<&Comment> {
    let mut out: Vec<&Comment> = r.comments.iter().filter(|c| c.is_open()).collect();
    out.extend(r.comments.iter().filter(|c| !c.is_open()));
    out
}

/// The `[n]` marker of a row: open comments on it.
pub fn marker(review: &Review, target: Target) -> Option<String> {
    match review.open_on(target) {
        0 => None,
        n => Some(format!(" [{n}]")),
    }
}
