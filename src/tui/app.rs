//! The desk's state and the one function that changes it.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::action::Action;
use super::dialogs::editor::{EditPurpose, Editor};
use super::dialogs::export::Export;
use super::dialogs::form::Form;
use super::dialogs::help::Help;
use super::dialogs::palette::Palette;
use super::dialogs::picker::{PickPurpose, Picker};
use super::dialogs::{Dialog, Outcome, edit_line};
use super::events::Event;
use super::events::Input::{self, Action as Do, Typed};
use super::keymap::{Context, Keymap};
use super::review::{ReviewIo, ReviewState};
use super::theme::Theme;
use super::{drafts, outline, preview, review, status};
use crate::filter::Matcher;
use crate::model::{
    BulletPath, Command, Desk, Done, Edit, History, IssueId, Item, ItemState, Touch,
};
use crate::store::{SaveReport, Store};

/// Where autosave writes. The real [`Store`] in the app, a fake in tests.
pub trait Saver {
    /// Make one user action durable at once (the store's journal, fsynced), before any
    /// snapshot file is rewritten: kill -9 right after a key press loses nothing.
    fn journal(&mut self, edits: &[Edit]) -> Result<(), String>;
    fn save_touched(&mut self, desk: &Desk, touched: &[Touch]) -> Result<SaveReport, String>;
}

impl Saver for Store {
    fn journal(&mut self, edits: &[Edit]) -> Result<(), String> {
        self.append_journal(edits).map_err(|e| e.to_string())
    }

    fn save_touched(&mut self, desk: &Desk, touched: &[Touch]) -> Result<SaveReport, String> {
        self.save(desk, touched).map_err(|e| e.to_string())
    }
}

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
    /// A problem with the user's keymap file, shown at start.
    pub keymap_error: Option<String>,
    /// `briefdesk review`: labelled as such, following the issue on disk.
    pub review_mode: bool,
    /// Who signs comments and decisions (the login name).
    pub user: String,
    /// Where review events go (none: review keys say so).
    pub review_io: Option<Box<dyn ReviewIo>>,
}

pub struct App {
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
    pub preview_scroll: u16,
    /// Rows of a page, from the last terminal size.
    pub page: usize,
    /// The dialog on top of the panes, if any.
    pub dialog: Option<Box<dyn Dialog>>,
    pub status: Option<(String, Level)>,
    pub save_state: SaveState,
    /// Touched by edits not yet written (a save failed).
    pending: Vec<Touch>,
    /// User actions not yet in the journal (a write failed), oldest first.
    unjournaled: Vec<Vec<Edit>>,
    /// Quit was pressed once over unsaved edits; the next quit goes through.
    quit_armed: bool,
    /// The bullet being edited in `$EDITOR`.
    external: Option<(IssueId, BulletPath)>,
    pub quit: bool,
    /// Bumped on every change to `desk` made here (command, undo, redo): the Drafts list
    /// is recomputed when it moves. Code that changes `desk` directly calls
    /// [`App::desk_changed`].
    desk_rev: u64,
    /// The Drafts list for the current desk revision and query (see [`drafts::DraftsCache`]):
    /// brought up to date in `update` (and wherever the state changes outside it), only
    /// read by `draw`.
    pub(crate) drafts_cache: drafts::DraftsCache,
    /// The current issue's review, and who we are in it.
    pub review: ReviewState,
    /// Only the newest drafts are in `desk` yet (a desk opened newest first): the counts
    /// read "…". Set and cleared by [`Loading`](super::Loading), before any action.
    pub loading: bool,
}

impl App {
    pub fn new(desk: Desk, saver: Option<Box<dyn Saver>>, config: Config) -> App {
        let issue = desk.newest_issue().map(|i| i.id);
        let status = config.keymap_error.map(|e| (e, Level::Error));
        let mut app = App {
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
            page: 10,
            dialog: None,
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
            review: ReviewState::new(config.review_mode, config.user, config.review_io),
            loading: false,
        };
        app.sync_review();
        app.refresh_drafts();
        app
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
    /// (at the next [`App::refresh_drafts`]).
    pub fn desk_changed(&mut self) {
        self.desk_rev += 1;
    }

    /// Bring the Drafts list up to date with the desk and the filter, or hand a long
    /// ranking to the worker. `update` ends with it; `draw` only reads the list.
    pub fn refresh_drafts(&mut self) {
        self.drafts_cache.refresh(
            &self.desk,
            self.desk_rev,
            &self.drafts.filter.query,
            &self.matcher,
        );
    }

    /// The context keys are read in now: the open dialog, a filter being typed, or the pane.
    pub fn context(&self) -> Context {
        match &self.dialog {
            Some(d) => d.context(),
            None => match self.focus {
                Focus::Drafts if self.drafts.filter.editing => Context::Filter,
                Focus::Issue if self.outline.filter.editing => Context::Filter,
                Focus::Drafts => Context::Drafts,
                Focus::Issue => Context::Issue,
                Focus::Preview => Context::Preview,
            },
        }
    }

    /// A key press: the table names the action; a dialog's text field takes the rest.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        let ctx = self.context();
        match self.keymap.lookup(ctx, &key) {
            Some(action) => update(self, action),
            None if !ctx.is_pane() => update(self, Event::Typed(key)),
            None => None,
        }
    }

    pub fn current_issue(&self) -> Option<&crate::model::Issue> {
        self.issue.and_then(|id| self.desk.issue(id))
    }

    pub fn selected_item(&self) -> Option<&Item> {
        let n = drafts::count(self);
        let id = drafts::row_id(self, self.drafts.cursor.min(n.saturating_sub(1)))?;
        self.desk.item(id)
    }

    pub fn selected_row(&self) -> Option<outline::RowKind> {
        let rows = outline::rows(self);
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
    fn save(&mut self) {
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

    fn after(&mut self, done: Done, verb: &str) {
        self.desk_changed();
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

    /// Open a dialog over the panes (in place of any other).
    pub fn open(&mut self, dialog: impl Dialog) {
        self.dialog = Some(Box::new(dialog));
    }

    /// The open dialog, when it is a `T`.
    pub fn dialog<T: Dialog>(&self) -> Option<&T> {
        self.dialog.as_deref()?.downcast_ref()
    }

    pub fn dialog_mut<T: Dialog>(&mut self) -> Option<&mut T> {
        self.dialog.as_deref_mut()?.downcast_mut()
    }

    fn refuse_read_only(&mut self) {
        self.error("read-only: this desk is open for review, edits are off");
    }

    fn select_path(&mut self, path: &BulletPath) {
        let rows = outline::rows(self);
        if let Some(i) = rows
            .iter()
            .position(|r| r.kind == outline::RowKind::Bullet(path.clone()))
        {
            self.outline.cursor = i;
        }
    }

    pub(super) fn select_section(&mut self, index: usize) {
        let rows = outline::rows(self);
        if let Some(i) = rows
            .iter()
            .position(|r| r.kind == outline::RowKind::Section(index))
        {
            self.outline.cursor = i;
        }
    }

    pub(super) fn clamp(&mut self) {
        self.refresh_drafts();
        let n = drafts::count(self);
        self.drafts.cursor = self.drafts.cursor.min(n.saturating_sub(1));
        let n = outline::rows(self).len();
        self.outline.cursor = self.outline.cursor.min(n.saturating_sub(1));
    }

    pub(super) fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        if focus != Focus::Preview {
            self.preview_of = focus;
            self.preview_scroll = 0;
        }
    }

    fn pane_len(&self) -> usize {
        match self.focus {
            Focus::Drafts => drafts::count(self),
            Focus::Issue => outline::rows(self).len(),
            Focus::Preview => 0,
        }
    }

    fn move_cursor(&mut self, action: &Action) {
        let page = self.page.max(1);
        if self.focus == Focus::Preview {
            let s = self.preview_scroll as usize;
            let s = match action {
                Action::Up => s.saturating_sub(1),
                Action::Down => s + 1,
                Action::Top => 0,
                Action::Bottom => preview::line_count(self).saturating_sub(page),
                Action::PageUp => s.saturating_sub(page),
                Action::PageDown => s + page,
                _ => s,
            };
            let max = preview::line_count(self).saturating_sub(1);
            self.preview_scroll = u16::try_from(s.min(max)).unwrap_or(u16::MAX);
            return;
        }
        let n = self.pane_len();
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
        }
    }

    fn focused_filter(&mut self) -> Option<&mut ListPane> {
        match self.focus {
            Focus::Drafts => Some(&mut self.drafts),
            Focus::Issue => Some(&mut self.outline),
            Focus::Preview => None,
        }
    }

    fn section_names(&self) -> Vec<String> {
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
}

/// The only place the state changes.
pub fn update(app: &mut App, event: impl Into<Event>) -> Option<Effect> {
    let effect = update_inner(app, event.into());
    // The issue may have changed (switch, new issue): its review comes with it.
    app.sync_review();
    app.refresh_drafts();
    effect
}

fn update_inner(app: &mut App, event: Event) -> Option<Effect> {
    match event {
        Event::DiskChanged(changes) => {
            app.apply_disk_changes(changes);
            return None;
        }
        Event::Resize(_, h) => {
            app.page = usize::from(h.saturating_sub(10)).max(1);
            return None;
        }
        Event::DraftsRanked(ranked) => {
            app.drafts_cache.accept(ranked);
            app.clamp();
            return None;
        }
        Event::ExternalEdited(_) | Event::Action(_) | Event::Typed(_) => {}
    }
    // A failed save is retried on the next action.
    if matches!(app.save_state, SaveState::Failed(_)) {
        app.save();
    }
    let input = match event {
        Event::ExternalEdited(result) => {
            external_done(app, result);
            return None;
        }
        Event::Action(action) => Do(action),
        Event::Typed(key) => Typed(key),
        Event::DiskChanged(_) | Event::Resize(..) | Event::DraftsRanked(_) => return None,
    };
    if let Some(mut dialog) = app.dialog.take() {
        return match dialog.handle(app, input) {
            Outcome::Stay => {
                app.dialog = Some(dialog);
                None
            }
            Outcome::Close => None,
            Outcome::Open(next) => {
                app.dialog = Some(next);
                None
            }
            Outcome::Run(action) => update(app, action),
        };
    }
    if app.context() == Context::Filter {
        filter_update(app, input);
        return None;
    }
    match input {
        Do(action) => main_update(app, action),
        // Keys no binding claims are typed only into a dialog or a filter.
        Typed(_) => None,
    }
}

fn external_done(app: &mut App, result: Result<String, String>) {
    let Some((issue, path)) = app.external.take() else {
        return;
    };
    match result {
        Ok(text) => {
            let text = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let same = app
                .desk
                .issue(issue)
                .and_then(|i| i.bullet(&path))
                .is_some_and(|b| b.text == text);
            if text.is_empty() {
                app.error("the editor left the text empty: nothing changed");
            } else if same {
                app.info("no change");
            } else {
                app.perform(Command::EditBullet { issue, path, text });
            }
        }
        Err(e) => app.error(format!("$EDITOR: {e}")),
    }
}

fn filter_update(app: &mut App, input: Input) {
    let Some(pane) = app.focused_filter() else {
        return;
    };
    match input {
        Do(Action::Confirm) => pane.filter.editing = false,
        Do(Action::Cancel) => {
            pane.filter = Filter::default();
            pane.cursor = 0;
        }
        Do(Action::Up) => pane.cursor = pane.cursor.saturating_sub(1),
        Do(Action::Down) => pane.cursor += 1,
        Typed(key) => {
            pane.cursor = if edit_line(&mut pane.filter.query, &key) {
                0
            } else {
                pane.cursor
            };
        }
        _ => {}
    }
    app.clamp();
}

fn main_update(app: &mut App, action: Action) -> Option<Effect> {
    if action != Action::Quit {
        app.quit_armed = false;
    }
    if action.is_edit() && app.read_only {
        app.refuse_read_only();
        return None;
    }
    match action {
        Action::Quit => {
            // Never quit silently over edits that are not on disk: say so, and take a
            // second quit as the answer.
            if matches!(app.save_state, SaveState::Failed(_)) && !app.quit_armed {
                app.quit_armed = true;
                app.error(
                    "edits are NOT saved (the last save failed): fix the disk and keep working, \
                     or quit again to lose them",
                );
                return None;
            }
            app.quit = true;
            return Some(Effect::Quit);
        }
        Action::NextPane | Action::PrevPane => {
            let order = [Focus::Drafts, Focus::Issue, Focus::Preview];
            let i = order.iter().position(|f| *f == app.focus).unwrap_or(0);
            let next = if action == Action::NextPane {
                (i + 1) % 3
            } else {
                (i + 2) % 3
            };
            app.set_focus(order[next]);
        }
        Action::FocusDrafts => app.set_focus(Focus::Drafts),
        Action::FocusIssue => app.set_focus(Focus::Issue),
        Action::FocusPreview => app.set_focus(Focus::Preview),
        Action::Up
        | Action::Down
        | Action::Top
        | Action::Bottom
        | Action::PageUp
        | Action::PageDown => app.move_cursor(&action),
        Action::Filter => match app.focused_filter() {
            Some(pane) => pane.filter.editing = true,
            None => app.info("Preview has nothing to filter: / works in Drafts and Issue"),
        },
        Action::Cancel => {
            if let Some(pane) = app.focused_filter() {
                pane.filter = Filter::default();
            }
            app.status = None;
        }
        Action::Palette => app.open(Palette::default()),
        Action::Help => app.open(Help::default()),
        Action::Undo | Action::Redo => {
            let undo = action == Action::Undo;
            let r = if undo {
                app.history.undo(&mut app.desk)
            } else {
                app.history.redo(&mut app.desk)
            };
            app.desk_changed();
            match r {
                None => app.info(if undo {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                }),
                Some(Ok(done)) => app.after(done, if undo { "undid: " } else { "redid: " }),
                Some(Err(e)) => app.error(format!("cannot {}: {e}", action.name())),
            }
        }
        Action::Export => {
            if let Some(issue) = app.current_issue() {
                let dialog = Export::new(issue);
                app.open(dialog);
            } else {
                app.error("no issue to export: press I to start one");
            }
        }
        Action::SwitchIssue => {
            let mut issues: Vec<_> = app.desk.issues.values().collect();
            issues.sort_by_key(|i| std::cmp::Reverse((i.meta.date, i.id)));
            if issues.is_empty() {
                app.error("no issues yet: press I to start one");
            } else {
                let ids = issues.iter().map(|i| i.id).collect();
                let names = issues
                    .iter()
                    .map(|i| match i.meta.date {
                        Some(d) => format!("{} · {d}", i.meta.title),
                        None => i.meta.title.clone(),
                    })
                    .collect();
                app.open(Picker::new(PickPurpose::SwitchIssue(ids), names));
            }
        }
        Action::NewIssue => app.open(Editor::new(EditPurpose::NewIssue, "")),
        Action::Assign => {
            let Some(item) = app.selected_item().map(|i| (i.id, i.state)) else {
                app.error("no draft selected");
                return None;
            };
            if item.1 == ItemState::Used {
                app.error("that item is already in an issue");
                return None;
            }
            if app.need_issue().is_some() {
                let names = app.section_names();
                app.open(Picker::new(PickPurpose::Assign(item.0), names));
            }
        }
        Action::Spike | Action::Hold => {
            let Some(id) = app.selected_item().map(|i| i.id) else {
                app.error("no draft selected");
                return None;
            };
            let cmd = if action == Action::Spike {
                Command::ToggleSpike { item: id }
            } else {
                Command::ToggleHold { item: id }
            };
            app.perform(cmd);
        }
        Action::NewItem => app.open(Form::new_item()),
        Action::EditItem => {
            let Some(item) = app.selected_item() else {
                app.error("no draft selected");
                return None;
            };
            let form = Form::edit(item);
            app.open(form);
        }
        a if review::main_action(app, &a) => {}
        _ => return issue_update(app, action),
    }
    None
}

fn issue_update(app: &mut App, action: Action) -> Option<Effect> {
    let issue = app.need_issue()?;
    let row = app.selected_row();
    use outline::RowKind as R;
    let bullet_only = |app: &mut App| app.error("select a bullet first (this is a section row)");
    match (action, row) {
        (Action::MoveUp | Action::MoveDown, None)
        | (
            Action::Indent
            | Action::Outdent
            | Action::ToggleAssessment
            | Action::MoveToSection
            | Action::EditInline
            | Action::EditExternal
            | Action::Rename
            | Action::Remove,
            None,
        ) => app.error("nothing selected"),
        (a @ (Action::MoveUp | Action::MoveDown), Some(R::Section(index))) => {
            let up = a == Action::MoveUp;
            let cmd = if up {
                Command::MoveSectionUp { issue, index }
            } else {
                Command::MoveSectionDown { issue, index }
            };
            if app.perform(cmd) {
                app.select_section(if up { index - 1 } else { index + 1 });
            }
        }
        (a @ (Action::MoveUp | Action::MoveDown), Some(R::Bullet(path))) => {
            app.perform(if a == Action::MoveUp {
                Command::MoveBulletUp { issue, path }
            } else {
                Command::MoveBulletDown { issue, path }
            });
        }
        (Action::Indent, Some(R::Bullet(path))) => {
            app.perform(Command::Indent { issue, path });
        }
        (Action::Outdent, Some(R::Bullet(path))) => {
            app.perform(Command::Outdent { issue, path });
        }
        (Action::ToggleAssessment, Some(R::Bullet(path))) => {
            app.perform(Command::ToggleAssessment { issue, path });
        }
        (Action::MoveToSection, Some(R::Bullet(path))) => {
            let names = app.section_names();
            app.open(Picker::new(PickPurpose::MoveBullet(path), names));
        }
        (Action::EditInline | Action::Rename, Some(R::Bullet(path))) => {
            let text = app
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.clone())
                .unwrap_or_default();
            app.open(Editor::new(EditPurpose::EditBullet(path), &text));
        }
        (Action::EditInline | Action::Rename, Some(R::Section(index))) => {
            let name = app.section_names().get(index).cloned().unwrap_or_default();
            app.open(Editor::new(EditPurpose::RenameSection(index), &name));
        }
        (Action::EditExternal, Some(R::Bullet(path))) => {
            let text = app
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.clone())
                .unwrap_or_default();
            app.external = Some((issue, path));
            return Some(Effect::EditExternal { text });
        }
        (Action::Remove, Some(R::Bullet(path))) => {
            app.perform(Command::RemoveBullet { issue, path });
        }
        (Action::Remove, Some(R::Section(index))) => {
            app.perform(Command::RemoveSection { issue, index });
        }
        (Action::NewBullet, row) => {
            let sections = app.current_issue().map(|i| i.sections.len()).unwrap_or(0);
            let path = match row {
                Some(R::Bullet(p)) => Some(p.with_last(p.last() + 1)),
                Some(R::Section(s)) => app
                    .current_issue()
                    .and_then(|i| i.sections.get(s))
                    .map(|sec| BulletPath::top(s, sec.bullets.len())),
                None if sections > 0 => app
                    .current_issue()
                    .and_then(|i| i.sections.last())
                    .map(|sec| BulletPath::top(sections - 1, sec.bullets.len())),
                None => None,
            };
            match path {
                Some(p) => app.open(Editor::new(EditPurpose::NewBullet(p), "")),
                None => app.error("the issue has no section yet: S adds one"),
            }
        }
        (Action::NewSection, row) => {
            let n = app.current_issue().map(|i| i.sections.len()).unwrap_or(0);
            let index = match row {
                Some(R::Section(s)) => s + 1,
                Some(R::Bullet(p)) => p.section + 1,
                None => n,
            };
            app.open(Editor::new(EditPurpose::NewSection(index.min(n)), ""));
        }
        (_, Some(R::Section(_))) => bullet_only(app),
        _ => {}
    }
    None
}

/// Screen regions, shared by draw and by dialogs placed over a pane.
pub struct Areas {
    pub title: Rect,
    pub drafts: Rect,
    pub issue: Rect,
    pub preview: Rect,
    pub status: Rect,
}

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn areas(area: Rect) -> Areas {
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    // Wide: three panes side by side; else Drafts and Issue above the Preview.
    let (drafts, issue, preview) = if area.width >= 120 {
        let [drafts, issue, preview] = Layout::horizontal([
            Constraint::Percentage(33),
            Constraint::Percentage(34),
            Constraint::Percentage(33),
        ])
        .areas(body);
        (drafts, issue, preview)
    } else {
        let [top, preview] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
        let [drafts, issue] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(top);
        (drafts, issue, preview)
    };
    Areas {
        title,
        drafts,
        issue,
        preview,
        status,
    }
}

/// Draw the whole screen. Reads the state only.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        status::too_small(app, frame, area);
        return;
    }
    let a = areas(area);
    status::title_bar(app, frame, a.title);
    drafts::render(app, frame, a.drafts);
    outline::render(app, frame, a.issue);
    preview::render(app, frame, a.preview);
    status::status_bar(app, frame, a.status);
    if let Some(dialog) = &app.dialog {
        dialog.render(app, frame, &a);
    }
}
