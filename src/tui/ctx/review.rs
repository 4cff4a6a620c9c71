//! The review side of the state: following the disk, comments' targets, appending to the
//! user's own review log, and what an edit or an export says in it.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::{Ctx, Focus};
use crate::model::review::{Event, Review, Status, Target};
use crate::model::{IssueId, Touch};
use crate::ops::publish;
use crate::store;
use crate::tui::events::{self, Changes};
use crate::tui::outline::RowKind;

impl Ctx {
    /// Read the review again when the current issue is another than the one read (start,
    /// switch, new issue). A reviewer also takes the issue as saved now.
    pub fn sync_review(&mut self) {
        if self.review.loaded == self.issue {
            return;
        }
        if let (Some(id), Some(io)) = (self.issue, self.review.io.as_mut()) {
            // Start watching this issue before reading it: nothing saved after is missed.
            io.changes(id);
        }
        self.reload_review();
        if self.read_only {
            self.reload_issue();
        }
    }

    fn reload_review(&mut self) {
        self.review.loaded = self.issue;
        let (Some(id), Some(io)) = (self.issue, self.review.io.as_ref()) else {
            self.review.current = Review::default();
            self.review.problems.clear();
            return;
        };
        match io.load(id) {
            Ok((r, problems)) => {
                if !problems.is_empty() && problems != self.review.problems {
                    let n = problems.len();
                    self.error(format!(
                        "review log: {n} line{} skipped: {}",
                        crate::model::text::plural(n),
                        problems[0]
                    ));
                }
                self.review.current = r;
                self.review.problems = problems;
            }
            Err(e) => self.error(format!("cannot read the review log: {e}")),
        }
    }

    /// A reviewer follows the editor's saves: the issue as on disk replaces ours, the cursor
    /// stays on the same bullet or section when it is still there.
    fn reload_issue(&mut self) {
        let (Some(id), Some(io)) = (self.issue, self.review.io.as_ref()) else {
            return;
        };
        let issue = match io.read_issue(id) {
            Ok(i) => i,
            Err(e) => {
                self.error(format!("cannot reload the issue: {e}"));
                return;
            }
        };
        if self.desk.issue(id) == Some(&issue) {
            return;
        }
        let keep = self.selected_target();
        self.desk.issues.insert(id, issue);
        self.desk_changed();
        if let Some(t) = keep {
            // Keep the reader's filter: a row it now hides just leaves the cursor in range.
            self.select_target(t, false);
        }
        self.clamp();
    }

    /// Look at the disk (a few stats): the action to apply when something changed.
    pub fn poll_disk(&mut self) -> Option<events::Event> {
        let id = self.issue?;
        let io = self.review.io.as_mut()?;
        let mut ch = io.changes(id);
        // The editor's own issue file and drafts are ours: only a reader follows them.
        if !self.read_only {
            ch.issue = false;
        } else {
            match io.saved_drafts() {
                Ok(chunks) => ch.drafts = chunks,
                Err(e) => ch.problem = Some(e),
            }
        }
        ch.any().then_some(events::Event::DiskChanged(ch))
    }

    pub(in crate::tui) fn apply_disk_changes(&mut self, ch: Changes) {
        if ch.issue && self.read_only {
            self.reload_issue();
        }
        if !ch.drafts.is_empty() && self.read_only {
            store::follow::apply(&mut self.desk, ch.drafts);
            self.desk_changed();
            self.clamp();
        }
        if let Some(e) = ch.problem {
            self.error(format!(
                "the drafts shown are as last read: {e} (tried again in a moment)"
            ));
        }
        if ch.review {
            self.reload_review();
        }
    }

    /// The bullet or section under the cursor, as a comment target.
    pub fn selected_target(&self) -> Option<Target> {
        let issue = self.current_issue()?;
        match self.selected_row()? {
            RowKind::Bullet(p) => issue.bullet(&p).map(|b| Target::Bullet(b.id)),
            RowKind::Section(s) => issue.sections.get(s).map(|s| Target::Section(s.id)),
        }
    }

    /// Put the cursor on a bullet or section by id; `unfilter`: clear a filter that hides it.
    pub(in crate::tui) fn select_target(&mut self, t: Target, unfilter: bool) -> bool {
        let Some(issue) = self.current_issue() else {
            return false;
        };
        let kind = match t {
            Target::Bullet(id) => issue
                .outline()
                .into_iter()
                .find(|(_, b)| b.id == id)
                .map(|(p, _)| RowKind::Bullet(p)),
            Target::Section(id) => issue
                .sections
                .iter()
                .position(|s| s.id == id)
                .map(RowKind::Section),
            Target::Issue => None,
        };
        let Some(kind) = kind else {
            return false;
        };
        let find = |ctx: &Ctx| ctx.outline_rows().iter().position(|r| r.kind == kind);
        let at = find(self).or_else(|| {
            if !unfilter {
                return None;
            }
            self.outline.filter = Default::default();
            find(self)
        });
        match at {
            Some(i) => {
                self.outline.cursor = i;
                true
            }
            None => false,
        }
    }

    pub(in crate::tui) fn append_event(
        &mut self,
        issue: IssueId,
        ev: &Event,
    ) -> Result<(), String> {
        let Some(io) = self.review.io.as_mut() else {
            return Err("no desk on disk to keep the review in".into());
        };
        io.append(issue, ev)?;
        if self.review.loaded == Some(issue) {
            self.reload_review();
        }
        Ok(())
    }

    /// The desk's one clock: its `ReviewIo`'s (a fixed one in tests), never read elsewhere
    /// in `update`.
    pub(in crate::tui) fn now(&self) -> DateTime<Utc> {
        self.review
            .io
            .as_ref()
            .map_or_else(crate::ops::identity::now, |io| io.now())
    }

    /// `f` of the review of `issue` ([`Ctx::review_of`]); `None` when it cannot be read.
    pub(in crate::tui) fn with_review<T>(
        &self,
        issue: IssueId,
        f: impl FnOnce(&Review) -> T,
    ) -> Option<T> {
        self.review_of(issue).ok().map(|r| f(&r))
    }

    /// After an edit: an approved or exported issue that was edited goes back to review,
    /// said in its log and on the status line. A failed append is an error on the status
    /// line; the edit stays.
    pub(in crate::tui) fn reopen_edited(&mut self, touched: &[Touch]) {
        if self.read_only || self.review.io.is_none() {
            return;
        }
        let mut ids: Vec<IssueId> = touched
            .iter()
            .filter_map(|t| match t {
                Touch::Issue(id) => Some(*id),
                Touch::Item(_) => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let at = self.now();
        for id in ids {
            let Some(issue) = self.desk.issue(id) else {
                continue;
            };
            let user = &self.review.user;
            let made = self.with_review(id, |r| {
                let note = match r.status {
                    Status::Approved => "edited after approval",
                    Status::Exported => "edited after export",
                    // Who changed it, once until the next approval: the four-eyes rule's
                    // record (the edit itself is said on the status line already).
                    _ => return r.edited_event(user, at).map(|ev| ("edited", Ok(ev))),
                };
                Some((
                    note,
                    r.status_event(issue, user, at, Status::InReview, note),
                ))
            });
            let Some(Some((note, ev))) = made else {
                continue;
            };
            match ev.and_then(|ev| self.append_event(id, &ev)) {
                Ok(()) if note == "edited" => {}
                Ok(()) => self.info(format!("{note}: back to In review")),
                Err(e) => self.error(format!(
                    "{note}, but the review log was not written: {e} (the edit is kept)"
                )),
            }
        }
    }

    /// Is the four-eyes rule on (`review.require_other_approver`, as desk.json says now)?
    pub(in crate::tui) fn four_eyes(&self) -> Result<bool, String> {
        match self.review.io.as_ref() {
            Some(io) => io.settings().map(|s| s.require_other_approver),
            None => Ok(false),
        }
    }

    /// A successful export to `file`: the warning when the issue is not approved as it
    /// reads now, and the Exported transition in the log (or why it is not there), as
    /// `briefdesk export -o` says and records them (`ops::publish`).
    pub(in crate::tui) fn record_export(&mut self, id: IssueId, file: &Path) -> Vec<String> {
        let Some(issue) = self.desk.issue(id) else {
            return Vec::new();
        };
        let review = self.review_of(id);
        let review = review.as_deref().map_err(String::as_str);
        let mut warnings = Vec::new();
        // Unreadable settings: the rule counts as on, so no approval is taken for more
        // than it is.
        let four_eyes = self.four_eyes().unwrap_or_else(|e| {
            warnings.push(e);
            true
        });
        warnings.extend(publish::not_approved(issue, review, four_eyes));
        let ev = publish::export_record(
            issue,
            review,
            &self.review.user,
            self.now(),
            file,
            four_eyes,
        );
        let appended = ev.and_then(|ev| ev.map_or(Ok(()), |ev| self.append_event(id, &ev)));
        if let Err(e) = appended {
            warnings.push(format!("the export is not in the review log: {e}"));
        }
        warnings
    }

    /// The review of `issue`: the one in hand when it is the current issue, else read; or
    /// why it cannot be.
    fn review_of(&self, issue: IssueId) -> Result<std::borrow::Cow<'_, Review>, String> {
        if self.review.loaded == Some(issue) {
            return Ok(std::borrow::Cow::Borrowed(&self.review.current));
        }
        let io = self
            .review
            .io
            .as_ref()
            .ok_or("no desk on disk to keep the review in")?;
        Ok(std::borrow::Cow::Owned(io.load(issue)?.0))
    }
}

impl Ctx {
    pub(in crate::tui) fn set_focus_issue(&mut self) {
        self.focus = Focus::Issue;
        self.preview_of = Focus::Issue;
    }
}
