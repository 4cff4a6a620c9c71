//! Review of the current issue: comments, status decisions, the changes since the last
//! approval or export, and following the disk (the other side's saves and review logs).
//!
//! Every write here is one event appended to the user's own review log, through
//! [`ReviewIo`] (the store in the app, a fake in tests). A reviewer (`briefdesk review`)
//! writes nothing else; the editor writes its issue as before.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::action::Action;
use super::app::{App, Focus, Overlay};
use super::cells;
use super::events;
use super::events::Input::{self, Action as Do, Typed};
use super::outline::RowKind;
use crate::model::review::{self, Comment, CommentId, Event, Review, Status, Target, when};
use crate::model::text::for_display;
use crate::model::{Issue, IssueId, Touch, diff};
use crate::store;

/// What the poller saw change on disk since it last looked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// A review log of the issue (someone commented or decided).
    pub review: bool,
    /// The issue file (the editor saved).
    pub issue: bool,
    /// Drafts the editor saved (a reader only), read whole, chunk by chunk.
    pub drafts: Vec<store::follow::Chunk>,
    /// Why the editor's saved drafts could not be read (tried again at the next look).
    pub problem: Option<String>,
}

impl Changes {
    pub fn any(&self) -> bool {
        self.review || self.issue || !self.drafts.is_empty() || self.problem.is_some()
    }
}

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
        Utc::now()
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

/// The comments list: open first, then resolved.
pub struct CommentsState {
    pub cursor: usize,
}

/// A y/n question before a status change.
pub struct ConfirmState {
    pub issue: IssueId,
    pub question: String,
    pub to: Status,
    pub note: String,
}

/// What the one-field note form is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotePurpose {
    Comment(Target),
    RequestChanges,
}

pub struct NoteState {
    pub issue: IssueId,
    pub purpose: NotePurpose,
    pub title: String,
    pub text: TextArea<'static>,
}

/// Comments of a review in list order: open first, then resolved, each in written order.
pub fn ordered(r: &Review) -> Vec<&Comment> {
    let mut out: Vec<&Comment> = r.comments.iter().filter(|c| c.is_open()).collect();
    out.extend(r.comments.iter().filter(|c| !c.is_open()));
    out
}

impl App {
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
                        if n == 1 { "" } else { "s" },
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

    pub(super) fn apply_disk_changes(&mut self, ch: Changes) {
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
    fn select_target(&mut self, t: Target, unfilter: bool) -> bool {
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
        let find = |app: &App| {
            super::outline::rows(app)
                .iter()
                .position(|r| r.kind == kind)
        };
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

    fn append_event(&mut self, issue: IssueId, ev: &Event) -> Result<(), String> {
        let Some(io) = self.review.io.as_mut() else {
            return Err("no desk on disk to keep the review in".into());
        };
        io.append(issue, ev)?;
        if self.review.loaded == Some(issue) {
            self.reload_review();
        }
        Ok(())
    }

    fn now(&self) -> DateTime<Utc> {
        self.review.io.as_ref().map_or_else(Utc::now, |io| io.now())
    }

    /// The review of `issue`: the one in hand when it is the current issue, else read.
    fn with_review<T>(&self, issue: IssueId, f: impl FnOnce(&Review) -> T) -> Option<T> {
        if self.review.loaded == Some(issue) {
            return Some(f(&self.review.current));
        }
        let (r, _) = self.review.io.as_ref()?.load(issue).ok()?;
        Some(f(&r))
    }

    /// After an edit: an approved or exported issue that was edited goes back to review,
    /// said in its log and on the status line. A failed append is an error on the status
    /// line; the edit stays.
    pub(super) fn reopen_edited(&mut self, touched: &[Touch]) {
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
                    _ => return None,
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
                Ok(()) => self.info(format!("{note}: back to In review")),
                Err(e) => self.error(format!(
                    "{note}, but the review log was not written: {e} (the edit is kept)"
                )),
            }
        }
    }

    /// A successful export to a file: the warning when the issue is not approved as it
    /// reads now, and the Exported transition in the log (or why it is not there).
    pub(super) fn record_export(&mut self, id: IssueId) -> Vec<String> {
        let Some(issue) = self.desk.issue(id) else {
            return Vec::new();
        };
        let at = self.now();
        let user = &self.review.user;
        let made = self.with_review(id, |r| {
            let warning = if r.approved_as(issue) {
                None
            } else if r.status == Status::Approved {
                Some(format!(
                    "issue {id} \"{}\" changed after its approval, not approved",
                    issue.meta.title
                ))
            } else {
                Some(format!(
                    "issue {id} \"{}\" is {}, not approved",
                    issue.meta.title,
                    r.status.label()
                ))
            };
            (
                warning,
                r.status_event(issue, user, at, Status::Exported, ""),
            )
        });
        let (mut warnings, ev) = match made {
            Some((w, ev)) => (w.into_iter().collect::<Vec<_>>(), ev),
            None => (
                Vec::new(),
                Err("the review log could not be read".to_string()),
            ),
        };
        if let Err(e) = ev.and_then(|ev| self.append_event(id, &ev)) {
            warnings.push(format!("the export is not in the review log: {e}"));
        }
        warnings
    }
}

/// The review keys of the panes. False when `action` is not one of them.
pub(super) fn main_action(app: &mut App, action: &Action) -> bool {
    match action {
        Action::Comment => open_comment(app),
        Action::Comments => app.overlay = Overlay::Comments(CommentsState { cursor: 0 }),
        Action::Changes => app.overlay = Overlay::Changes { scroll: 0 },
        Action::SendForReview => ask_status(app, Status::InReview, String::new()),
        Action::Approve => ask_status(app, Status::Approved, String::new()),
        Action::RequestChanges => {
            if let Some(issue) = checked(app, Status::ChangesRequested) {
                app.overlay = Overlay::Note(Box::new(NoteState {
                    issue,
                    purpose: NotePurpose::RequestChanges,
                    title: "Request changes: what should change?".into(),
                    text: TextArea::default(),
                }));
            }
        }
        _ => return false,
    }
    true
}

fn open_comment(app: &mut App) {
    let Some(issue) = app.current_issue() else {
        app.error("no issue yet: nothing to comment on");
        return;
    };
    let target = match app.selected_target() {
        Some(t) => t,
        None if super::outline::rows(app).is_empty() && !app.outline.filter.active() => {
            Target::Issue
        }
        None => {
            app.error("nothing selected to comment on");
            return;
        }
    };
    let title = format!("Comment on {}", review::describe_target(issue, target));
    let id = issue.id;
    app.overlay = Overlay::Note(Box::new(NoteState {
        issue: id,
        purpose: NotePurpose::Comment(target),
        title,
        text: TextArea::default(),
    }));
}

/// The current issue when the workflow lets it become `to`; else the reason, on the status
/// line.
fn checked(app: &mut App, to: Status) -> Option<IssueId> {
    let id = app.current_issue().map(|i| i.id);
    let Some(id) = id else {
        app.error("no issue yet: press I to start one");
        return None;
    };
    let from = app.review.current.status;
    let verb = verb(to);
    let check = if to == Status::InReview && matches!(from, Status::Approved | Status::Exported) {
        Err(format!(
            "the issue is {}: v sends a Draft or a Changes requested issue for review \
             (an edit sends it back by itself)",
            from.label()
        ))
    } else {
        from.check(to)
    };
    match check {
        Ok(()) => Some(id),
        Err(e) => {
            app.error(format!("cannot {verb}: {e}"));
            None
        }
    }
}

fn verb(to: Status) -> &'static str {
    match to {
        Status::InReview => "send for review",
        Status::Approved => "approve",
        Status::ChangesRequested => "request changes",
        Status::Exported => "record the export",
        Status::Draft => "make it a draft",
    }
}

fn ask_status(app: &mut App, to: Status, note: String) {
    let Some(id) = checked(app, to) else {
        return;
    };
    let title = app
        .current_issue()
        .map(|i| i.meta.title.clone())
        .unwrap_or_default();
    let user = app.review.user.clone();
    let question = match to {
        Status::Approved => format!("Approve \"{title}\" as {user}? (y/n)"),
        Status::ChangesRequested => {
            format!("Request changes on \"{title}\" as {user}? (y/n)")
        }
        _ => format!("Send \"{title}\" for review as {user}? (y/n)"),
    };
    app.overlay = Overlay::Confirm(ConfirmState {
        issue: id,
        question,
        to,
        note,
    });
}

fn decide(app: &mut App, st: &ConfirmState) {
    let Some(issue) = app.desk.issue(st.issue) else {
        app.error("the issue is gone");
        return;
    };
    let at = app.now();
    let user = &app.review.user;
    let ev = app
        .with_review(st.issue, |r| {
            r.status_event(issue, user, at, st.to, &st.note)
        })
        .unwrap_or_else(|| Err("the review log could not be read".into()));
    let result = ev.and_then(|ev| app.append_event(st.issue, &ev));
    match result {
        Ok(()) => {
            let msg = format!("{} by {}", st.to.label(), app.review.user);
            app.info(msg);
        }
        Err(e) => app.error(format!("cannot {}: {e}", verb(st.to))),
    }
}

fn save_note(app: &mut App, st: &NoteState) -> bool {
    let text = st.text.lines().join("\n");
    match &st.purpose {
        NotePurpose::RequestChanges => {
            if text.trim().is_empty() {
                app.error("say what should change: the note is empty (Esc cancels)");
                return false;
            }
            ask_status(app, Status::ChangesRequested, text.trim().to_string());
            true
        }
        NotePurpose::Comment(target) => {
            let at = app.now();
            let result = app
                .review
                .current
                .comment_event(&app.review.user, at, *target, &text)
                .and_then(|ev| app.append_event(st.issue, &ev));
            match result {
                Ok(()) => {
                    app.info(format!("commented as {}", app.review.user));
                    true
                }
                Err(e) => {
                    app.error(format!("comment not saved: {e}"));
                    false
                }
            }
        }
    }
}

/// Keys of the review dialogs. The dialog was taken out of `app.overlay`; it is put back
/// unless it closes.
pub(super) fn overlay_action(app: &mut App, overlay: Overlay, input: Input) {
    match overlay {
        Overlay::Comments(mut st) => {
            let n = app.review.current.comments.len();
            match input {
                Do(Action::Cancel) => return,
                Do(Action::Up) => st.cursor = st.cursor.saturating_sub(1),
                Do(Action::Down) => st.cursor = (st.cursor + 1).min(n.saturating_sub(1)),
                Do(Action::Confirm) => {
                    let target = ordered(&app.review.current).get(st.cursor).map(|c| c.on);
                    match target {
                        None => app.error("no comment selected"),
                        Some(Target::Issue) => {
                            app.info("that comment is on the whole issue");
                            return;
                        }
                        Some(t) => {
                            if app.select_target(t, true) {
                                app.set_focus_issue();
                                return;
                            }
                            app.error("that bullet or section is no longer in the issue");
                        }
                    }
                }
                Do(Action::Resolve) => resolve(app, &st),
                _ => {}
            }
            st.cursor = st
                .cursor
                .min(app.review.current.comments.len().saturating_sub(1));
            app.overlay = Overlay::Comments(st);
        }
        Overlay::Confirm(st) => match input {
            Do(Action::Confirm) => decide(app, &st),
            Do(Action::Cancel) => app.info("nothing changed"),
            _ => app.overlay = Overlay::Confirm(st),
        },
        Overlay::Changes { scroll } => {
            let max = changes_lines(app).len().saturating_sub(1);
            let max = u16::try_from(max).unwrap_or(u16::MAX);
            app.overlay = match input {
                Do(Action::Cancel) => Overlay::None,
                Do(Action::Up) => Overlay::Changes {
                    scroll: scroll.saturating_sub(1),
                },
                Do(Action::Down) => Overlay::Changes {
                    scroll: scroll.saturating_add(1).min(max),
                },
                _ => Overlay::Changes { scroll },
            };
        }
        Overlay::Note(mut st) => match input {
            Do(Action::Cancel) => app.info("cancelled"),
            Do(Action::Confirm) => {
                if !save_note(app, &st) {
                    app.overlay = Overlay::Note(st);
                }
            }
            Typed(key) => {
                st.text.input(key);
                app.overlay = Overlay::Note(st);
            }
            _ => app.overlay = Overlay::Note(st),
        },
        other => app.overlay = other,
    }
}

fn resolve(app: &mut App, st: &CommentsState) {
    let Some(issue) = app.review.loaded else {
        return;
    };
    let id: Option<CommentId> = ordered(&app.review.current)
        .get(st.cursor)
        .map(|c| c.id.clone());
    let Some(id) = id else {
        app.error("no comment selected");
        return;
    };
    let at = app.now();
    let result = app
        .review
        .current
        .resolve_event(&app.review.user, at, &id)
        .and_then(|ev| app.append_event(issue, &ev));
    match result {
        Ok(()) => app.info(format!("resolved {id}")),
        Err(e) => app.error(format!("cannot resolve: {e}")),
    }
}

// ---- drawing ----

pub fn render_comments(app: &App, st: &CommentsState, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let r = &app.review.current;
    let rect = cells::centered(area, 76, area.height.saturating_sub(2));
    cells::clear_popup(frame, rect);
    let title = format!(
        "Comments: {} open, {} resolved",
        r.open_count(),
        r.comments.len() - r.open_count()
    );
    let block = cells::block(&title, t.border(true)).title_bottom(Line::styled(
        " Enter jumps · r resolves · Esc closes ",
        t.dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let list = ordered(r);
    if list.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                cells::fit("no comments yet: c on a bullet or section adds one", w),
                t.dim(),
            )),
            inner,
        );
        return;
    }
    let [top, bottom] = Layout::vertical([Constraint::Min(2), Constraint::Length(5)]).areas(inner);
    let issue = app.current_issue();
    let cursor = st.cursor.min(list.len() - 1);
    let per = 2;
    let h = usize::from(top.height) / per;
    let off = cells::offset(cursor, h.max(1));
    let mut lines = Vec::new();
    for (i, c) in list.iter().enumerate().skip(off).take(h.max(1)) {
        let target =
            issue.map_or_else(|| "?".to_string(), |iss| review::describe_target(iss, c.on));
        let (mark, style) = if c.is_open() {
            ("● ", t.plain())
        } else {
            ("✓ ", t.dim())
        };
        let head = format!("{}  {}  {}", c.id.by, when(c.at), target);
        let mut l1 = Line::from(vec![
            Span::styled(mark, style),
            Span::styled(cells::fit(&head, w.saturating_sub(2)), style),
        ]);
        let mut l2 = Line::styled(
            format!("  {}", cells::fit(&c.text, w.saturating_sub(2))),
            style,
        );
        if i == cursor {
            l1 = cells::pad(l1, w).style(t.selected(true));
            l2 = cells::pad(l2, w).style(t.selected(true));
        }
        lines.push(l1);
        lines.push(l2);
    }
    frame.render_widget(Paragraph::new(lines), top);
    // The selected comment in full.
    let Some(c) = list.get(cursor) else {
        return;
    };
    let mut detail = vec![Line::styled("─".repeat(w), t.dim())];
    detail.extend(
        c.text
            .lines()
            .map(|l| Line::raw(for_display(l).into_owned())),
    );
    if let Some((by, at)) = &c.resolved {
        detail.push(Line::styled(
            format!("resolved by {} at {}", for_display(by), when(*at)),
            t.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(detail).wrap(Wrap { trim: false }), bottom);
}

pub fn render_confirm(app: &App, st: &ConfirmState, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let rect = cells::centered(area, 64, 5);
    cells::clear_popup(frame, rect);
    let block = cells::block("Confirm", t.border(true))
        .title_bottom(Line::styled(" y yes · n or Esc no ", t.dim()));
    let mut lines = vec![Line::raw(for_display(&st.question).into_owned())];
    if !st.note.is_empty() {
        lines.push(Line::styled(
            format!("note: {}", for_display(&st.note)),
            t.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

pub fn render_note(app: &App, st: &NoteState, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let rect = cells::centered(area, 72, 8);
    cells::clear_popup(frame, rect);
    let title = cells::fit(&st.title, usize::from(rect.width.saturating_sub(4)));
    let mut ta = st.text.clone();
    ta.set_block(
        cells::block(&title, t.border(true))
            .title_bottom(Line::styled(" Ctrl-s saves · Esc cancels ", t.dim())),
    );
    ta.set_cursor_line_style(ratatui::style::Style::new());
    frame.render_widget(&ta, rect);
}

/// The header and the change lines of the Changes overlay.
pub fn changes_lines(app: &App) -> Vec<String> {
    let Some(issue) = app.current_issue() else {
        return vec!["no issue".into()];
    };
    let r = &app.review.current;
    let mut out = vec![match r.baseline_label() {
        Some(since) => format!("Changes since {since}"),
        None => "No approval or export yet: everything is new".into(),
    }];
    out.push(String::new());
    let changes = r.changes_since(issue);
    if changes.is_empty() {
        out.push("no changes: the issue reads as it did then".into());
    }
    out.extend(changes.iter().map(diff::Change::describe));
    out
}

pub fn render_changes(app: &App, scroll: u16, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let rect = cells::centered(area, 76, area.height.saturating_sub(2));
    cells::clear_popup(frame, rect);
    let block = cells::block("Changes", t.border(true))
        .title_bottom(Line::styled(" j/k scroll · Esc closes ", t.dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines: Vec<Line> = changes_lines(app)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == 0 { t.section() } else { t.plain() };
            Line::styled(for_display(&l).into_owned(), style)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

/// The `[n]` marker of a row: open comments on it.
pub fn marker(app: &App, target: Target) -> Option<String> {
    match app.review.current.open_on(target) {
        0 => None,
        n => Some(format!(" [{n}]")),
    }
}

impl App {
    fn set_focus_issue(&mut self) {
        self.focus = Focus::Issue;
        self.preview_of = Focus::Issue;
    }
}
