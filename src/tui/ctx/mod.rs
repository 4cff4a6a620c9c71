//! What the panes, their keys and the dialogs work on: the desk, its history and saver,
//! the theme and the key table, the cursors and filters of the panes, the status line and
//! the review. [`App`](super::app::App) adds the open dialog on top.

mod bodies;
mod fetch;
mod inbox;
mod issues;
mod loading;
mod review;
mod saver;
mod search;
mod settle;
mod tradecraft;

pub use saver::Saver;
pub use search::WordSearch;

use super::action::Action;
use super::drafts;
use super::keymap::Keymap;
use super::outline;
use super::panes::preview;
use super::ranker::Ranked;
use super::review::{ReviewIo, ReviewState};
use super::theme::Theme;
use crate::filter::Matcher;
use crate::model::{BulletPath, Command, Desk, Done, Edit, History, IssueId, Item, Touch};
use crate::store::SaveReport;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Drafts,
    Issue,
    Preview,
}

/// The fuzzy filter of one list: the query, and whether keys still type into it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: String,
    pub editing: bool,
}

impl Filter {
    pub fn active(&self) -> bool {
        self.editing || !self.query.is_empty()
    }
}

/// Cursor of a list pane, with its filter.
#[derive(Clone, Debug, Default)]
pub struct ListPane {
    pub cursor: usize,
    pub filter: Filter,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing changed since opening.
    Clean,
    Saved(SaveReport),
    /// The last save failed; the edits are in memory and the next action retries.
    Failed(String),
    ReadOnly,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// What `update` asks the shell around it to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Suspend the terminal, edit this text in `$EDITOR`, send back `Action::ExternalEdited`.
    EditExternal {
        text: String,
    },
}

#[derive(Default)]
pub struct Config {
    pub read_only: bool,
    pub theme: Theme,
    pub keymap: Keymap,
    /// A problem with the user's keymap or config file, shown at start.
    pub keymap_error: Option<String>,
    /// `briefdesk review`: labelled as such, following the issue on disk.
    pub review_mode: bool,
    /// Who signs comments and decisions (the login name).
    pub user: String,
    /// Where review events go (none: review keys say so).
    pub review_io: Option<Box<dyn ReviewIo>>,
    /// The desk directory whose `inbox/` this session takes in (the lock holder's only).
    pub inbox: Option<std::path::PathBuf>,
}

/// The desk's state, and what dialogs and the keys of the panes may change.
pub struct Ctx {
    pub desk: Desk,
    pub history: History,
    saver: Option<Box<dyn Saver>>,
    pub read_only: bool,
    pub theme: Theme,
    pub keymap: Keymap,
    pub matcher: Matcher,
    pub focus: Focus,
    /// What Preview shows: the item (Drafts) or the digest (Issue).
    pub preview_of: Focus,
    pub issue: Option<IssueId>,
    pub drafts: ListPane,
    pub outline: ListPane,
    /// Lines Preview is scrolled down, once the user scrolls it (see `preview_follows`).
    pub preview_scroll: u16,
    /// Preview is scrolled to the Issue pane's row (till the user scrolls it).
    pub preview_follows: bool,
    /// Preview shows the digest's raw Markdown instead of the digest as read.
    pub preview_raw: bool,
    /// The inside of the Preview pane (columns, rows), from the last terminal size.
    pub preview_size: (u16, u16),
    /// Rows of a page, from the last terminal size.
    pub page: usize,
    pub status: Option<(String, Level)>,
    pub save_state: SaveState,
    /// Touched by edits not yet written (a save failed).
    pending: Vec<Touch>,
    /// User actions not yet in the journal (a write failed), oldest first.
    unjournaled: Vec<Vec<Edit>>,
    /// Quit was pressed once over unsaved edits; the next quit goes through.
    pub(super) quit_armed: bool,
    /// The bullet being edited in `$EDITOR`.
    pub(super) external: Option<(IssueId, BulletPath)>,
    pub quit: bool,
    /// Bumped on every change to `desk` made here (command, undo, redo): the Drafts list
    /// is recomputed when it moves. Code that changes `desk` directly calls
    /// [`Ctx::desk_changed`].
    desk_rev: u64,
    /// The Drafts list for the current desk revision and query (see [`drafts::DraftsCache`]):
    /// brought up to date in `update` (and wherever the state changes outside it), only
    /// read by `draw`.
    pub(crate) drafts_cache: drafts::DraftsCache,
    /// The current issue's tradecraft findings (issue #16), checked per revision.
    pub findings: super::findings::FindingsCache,
    /// Which drafts the Drafts pane shows by state (`V` cycles).
    pub drafts_view: crate::model::StateView,
    /// The marked drafts, in the order they were marked (`Space`); `s` and `h` act on all.
    pub marked: Vec<crate::model::ItemId>,
    /// The word search of the Drafts pane (`Ctrl-f`), in place of its filter while on.
    pub search: WordSearch,
    /// The current issue's review, and who we are in it.
    pub review: ReviewState,
    /// Only the newest drafts are in `desk` yet (a desk opened newest first): the counts
    /// read "…", and actions that change the desk or need the store wait (`waits`). Set
    /// and cleared by [`Loading`](super::Loading).
    pub loading: bool,
    /// While `loading`: its progress, what waits for the whole desk, the draft to follow.
    pub waits: super::events::Waits,
    /// Imports other processes queue for this desk (none: not the lock holder).
    pub inbox: Option<super::inbox::Inbox>,
    /// A fetch of the desk's feeds under way (issue #18).
    pub fetch: Option<super::fetch::Fetching>,
    /// Bodies left in their chunk files, read when Preview shows them (issue #19).
    pub bodies: preview::Bodies,
}

impl Ctx {
    pub fn new(desk: Desk, saver: Option<Box<dyn Saver>>, config: Config) -> Ctx {
        let issue = desk.newest_issue().map(|i| i.id);
        let status = config.keymap_error.map(|e| (e, Level::Error));
        let mut ctx = Ctx {
            desk,
            history: History::new(),
            saver,
            read_only: config.read_only,
            theme: config.theme,
            keymap: config.keymap,
            matcher: Matcher::default(),
            focus: Focus::Drafts,
            preview_of: Focus::Drafts,
            issue,
            drafts: ListPane::default(),
            outline: ListPane::default(),
            preview_scroll: 0,
            preview_follows: true,
            preview_raw: false,
            preview_size: preview::size_in(80, 24),
            page: 10,
            status,
            save_state: if config.read_only {
                SaveState::ReadOnly
            } else {
                SaveState::Clean
            },
            pending: Vec::new(),
            unjournaled: Vec::new(),
            quit_armed: false,
            external: None,
            quit: false,
            desk_rev: 0,
            drafts_cache: drafts::DraftsCache::default(),
            findings: Default::default(),
            drafts_view: crate::model::StateView::default(),
            marked: Vec::new(),
            search: WordSearch::default(),
            review: ReviewState::new(config.review_mode, config.user, config.review_io),
            loading: false,
            waits: super::events::Waits::default(),
            inbox: config.inbox.map(super::inbox::Inbox::new),
            fetch: None,
            bodies: preview::Bodies::default(),
        };
        ctx.sync_review();
        ctx.refresh_drafts();
        ctx.refresh_findings();
        ctx
    }

    /// The revision of `desk`: it moves whenever the desk changes.
    pub fn desk_rev(&self) -> u64 {
        self.desk_rev
    }

    /// Where saves go from now on (the store, once a desk opened newest first is in).
    pub(super) fn set_saver(&mut self, saver: Box<dyn Saver>) {
        self.saver = Some(saver);
    }

    /// Say that `desk` was changed from outside `update`: lists computed from it are redone
    /// (at the next [`Ctx::refresh_drafts`]).
    pub fn desk_changed(&mut self) {
        self.desk_rev += 1;
    }

    /// A ranking from the worker: kept when it answers the newest query on this desk.
    pub fn ranked(&mut self, ranked: Ranked) {
        self.drafts_cache.accept(ranked);
        self.clamp();
        self.follow_draft();
    }

    /// The rows of the Issue pane now: the current issue's outline, filtered.
    pub fn outline_rows(&self) -> Vec<outline::Row> {
        outline::rows(
            self.current_issue(),
            &self.outline.filter.query,
            &self.matcher,
        )
    }

    /// What the Preview pane shows now.
    pub fn preview_view(&self) -> preview::View<'_> {
        // Raw Markdown is the digest's: a draft follows its first search hit regardless.
        let follows =
            self.preview_follows && (!self.preview_raw || self.preview_of == Focus::Drafts);
        preview::View {
            showing: match self.preview_of {
                Focus::Issue | Focus::Preview => preview::Showing::Digest {
                    issue: self.current_issue(),
                    raw: self.preview_raw,
                    at: if follows { self.selected_row() } else { None },
                },
                Focus::Drafts => match self.selected_item() {
                    Some(item) if item.body.is_on_disk() => preview::Showing::DraftFromDisk {
                        item,
                        body: self.bodies.read(item),
                    },
                    item => preview::Showing::Draft(item),
                },
            },
            words: match self.preview_of {
                Focus::Drafts => self.search.parsed(),
                _ => None,
            },
            scroll: if follows {
                preview::Scroll::Follow
            } else {
                preview::Scroll::At(usize::from(self.preview_scroll))
            },
            focused: self.focus == Focus::Preview,
            theme: &self.theme,
        }
    }

    /// Bring the Drafts list up to date with the desk and the filter, or hand a long
    /// ranking to the worker. `update` ends with it; `draw` only reads the list.
    pub fn refresh_drafts(&mut self) {
        let (query, words) = match self.search.on {
            true => (&self.search.query, true),
            false => (&self.drafts.filter.query, false),
        };
        self.drafts_cache.refresh_as(
            &self.desk,
            self.desk_rev,
            self.drafts_view,
            query,
            words,
            &self.matcher,
        );
    }

    pub fn current_issue(&self) -> Option<&crate::model::Issue> {
        self.issue.and_then(|id| self.desk.issue(id))
    }

    pub fn selected_item(&self) -> Option<&Item> {
        if let Some(id) = self.waits.acting_on {
            return self.desk.item(id);
        }
        let n = self.drafts_cache.len();
        let id = self
            .drafts_cache
            .id(self.drafts.cursor.min(n.saturating_sub(1)))?;
        self.desk.item(id)
    }

    pub fn selected_row(&self) -> Option<outline::RowKind> {
        let rows = self.outline_rows();
        rows.get(self.outline.cursor.min(rows.len().saturating_sub(1)))
            .map(|r| r.kind.clone())
    }

    /// Tell the user something at start-up (desk held by someone else, journal recovered).
    pub fn notify(&mut self, msg: impl Into<String>) {
        self.info(msg);
    }

    pub(super) fn info(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), Level::Info));
    }

    pub(super) fn error(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), Level::Error));
    }

    /// Write what is pending; a failure keeps it for the next action.
    pub(super) fn save(&mut self) {
        if self.read_only || self.pending.is_empty() {
            return;
        }
        let Some(saver) = self.saver.as_mut() else {
            self.pending.clear();
            self.unjournaled.clear();
            return;
        };
        // Journal first, in order; what fails stays queued for the next try.
        while let Some(edits) = self.unjournaled.first() {
            if let Err(e) = saver.journal(edits) {
                self.error(format!(
                    "not saved: {e} (kept in memory, retried on the next action)"
                ));
                self.save_state = SaveState::Failed(e);
                return;
            }
            self.unjournaled.remove(0);
        }
        match saver.save_touched(&self.desk, &self.pending) {
            Ok(report) => {
                self.pending.clear();
                self.save_state = SaveState::Saved(report);
            }
            Err(e) => {
                self.error(format!(
                    "not saved: {e} (kept in memory, retried on the next action)"
                ));
                self.save_state = SaveState::Failed(e);
            }
        }
    }

    pub(super) fn after(&mut self, done: Done, verb: &str) {
        let rev = self.desk_rev;
        self.desk_changed();
        // Only these drafts changed: the list takes only their headlines and texts again.
        let items = done.touched.iter().filter_map(|t| match t {
            Touch::Item(id) => Some(*id),
            Touch::Issue(_) => None,
        });
        self.drafts_cache.touched(rev, self.desk_rev, items);
        if !done.edits.is_empty() {
            self.unjournaled.push(done.edits.clone());
        }
        self.pending.extend(done.touched.iter().copied());
        self.pending.sort();
        self.pending.dedup();
        self.info(format!("{verb}{}", done.label));
        if let Some(path) = &done.select {
            self.select_path(path);
        }
        self.clamp();
        self.save();
        self.reopen_edited(&done.touched);
    }

    /// One user action, one undo step, then autosave.
    pub(super) fn perform(&mut self, cmd: Command) -> bool {
        if self.read_only {
            self.refuse_read_only();
            return false;
        }
        let needed = cmd.drafts_needed(&self.desk);
        if !self.read_bodies(&needed) {
            return false;
        }
        match self.history.perform(&mut self.desk, &cmd) {
            Ok(done) => {
                self.after(done, "");
                true
            }
            Err(e) => {
                self.error(format!("{}: {e}", cmd.label()));
                false
            }
        }
    }

    pub(super) fn refuse_read_only(&mut self) {
        self.error("read-only: this desk is open for review, edits are off");
    }

    pub(super) fn select_path(&mut self, path: &BulletPath) {
        let rows = self.outline_rows();
        if let Some(i) = rows
            .iter()
            .position(|r| r.kind == outline::RowKind::Bullet(path.clone()))
        {
            self.outline.cursor = i;
        }
    }

    pub(super) fn select_section(&mut self, index: usize) {
        let rows = self.outline_rows();
        if let Some(i) = rows
            .iter()
            .position(|r| r.kind == outline::RowKind::Section(index))
        {
            self.outline.cursor = i;
        }
    }

    pub(super) fn clamp(&mut self) {
        self.refresh_drafts();
        let n = self.drafts_cache.len();
        self.drafts.cursor = self.drafts.cursor.min(n.saturating_sub(1));
        let n = self.outline_rows().len();
        self.outline.cursor = self.outline.cursor.min(n.saturating_sub(1));
    }

    pub(super) fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        if focus != Focus::Preview {
            self.preview_of = focus;
            self.preview_scroll = 0;
            // Back in Drafts during a word search, Preview goes to the draft's first hit.
            self.preview_follows =
                focus == Focus::Issue || (focus == Focus::Drafts && self.search.on);
        }
    }

    pub(super) fn pane_len(&self) -> usize {
        match self.focus {
            Focus::Drafts => self.drafts_cache.len(),
            Focus::Issue => self.outline_rows().len(),
            Focus::Preview => 0,
        }
    }

    pub(super) fn move_cursor(&mut self, action: &Action) {
        let page = self.page.max(1);
        if self.focus == Focus::Preview {
            self.scroll_preview(action, 1);
            return;
        }
        let n = self.pane_len();
        self.waits.follow = None;
        let pane = match self.focus {
            Focus::Drafts => &mut self.drafts,
            _ => &mut self.outline,
        };
        let c = pane.cursor;
        let last = n.saturating_sub(1);
        pane.cursor = match action {
            Action::Up => c.saturating_sub(1),
            Action::Down => (c + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageUp => c.saturating_sub(page),
            Action::PageDown => (c + page).min(last),
            _ => c,
        };
        if self.focus == Focus::Drafts {
            self.preview_scroll = 0;
            // Searching, Preview scrolls to the next draft's first hit.
            self.preview_follows = self.search.on;
        } else {
            self.preview_follows = true;
        }
    }

    /// Scroll Preview (`lines` a step up or down), counted as drawn: wrapped to the pane's
    /// width, so the last line is reachable.
    pub(super) fn scroll_preview(&mut self, action: &Action, lines: usize) {
        let (w, h) = self.preview_size;
        let (w, h) = (usize::from(w), usize::from(h));
        let view = self.preview_view();
        let (s, max) = preview::scroll_and_max(&view, w, h);
        let page = h.max(1);
        let s = match action {
            Action::Up => s.saturating_sub(lines),
            Action::Down => s + lines,
            Action::Top => 0,
            Action::Bottom => max,
            Action::PageUp => s.saturating_sub(page),
            Action::PageDown => s + page,
            _ => s,
        };
        self.preview_scroll = u16::try_from(s.min(max)).unwrap_or(u16::MAX);
        self.preview_follows = false;
    }

    pub(super) fn focused_filter(&mut self) -> Option<&mut ListPane> {
        match self.focus {
            Focus::Drafts => Some(&mut self.drafts),
            Focus::Issue => Some(&mut self.outline),
            Focus::Preview => None,
        }
    }

    pub(super) fn section_names(&self) -> Vec<String> {
        self.current_issue()
            .map(|i| i.sections.iter().map(|s| s.name.clone()).collect())
            .unwrap_or_default()
    }

    pub(super) fn need_issue(&mut self) -> Option<IssueId> {
        let id = self.current_issue().map(|i| i.id);
        if id.is_none() {
            self.error("no issue yet: press I to start one");
        }
        id
    }

    /// `$EDITOR` came back: the bullet's new text, or why not.
    pub(super) fn external_done(&mut self, result: Result<String, String>) {
        let ctx = self;
        let Some((issue, path)) = ctx.external.take() else {
            return;
        };
        match result {
            Ok(text) => {
                let text = external_text(&text);
                let same = ctx
                    .desk
                    .issue(issue)
                    .and_then(|i| i.bullet(&path))
                    .is_some_and(|b| b.text == text);
                if text.is_empty() {
                    ctx.error("the editor left the text empty: nothing changed");
                } else if same {
                    ctx.info("no change");
                } else {
                    ctx.perform(Command::EditBullet { issue, path, text });
                }
            }
            Err(e) => ctx.error(format!("$EDITOR: {e}")),
        }
    }
}

/// The text `$EDITOR` wrote, as a bullet: its non-blank lines, trimmed, joined by spaces.
pub(super) fn external_text(written: &str) -> String {
    written
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
