//! The desk's state and the one function that changes it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui_textarea::TextArea;

use super::action::Action;
use super::export_dialog::ExportState;
use super::keymap::{Context, Keymap};
use super::picker::{PickPurpose, PickerState};
use super::review::{CommentsState, ConfirmState, NoteState, ReviewIo, ReviewState};
use super::theme::Theme;
use super::{drafts, export_dialog, help, outline, palette, picker, preview, review, status};
use crate::filter::Matcher;
use crate::model::{
    BulletPath, Command, Desk, Done, Edit, History, IssueId, IssueMeta, Item, ItemId, ItemState,
    Touch,
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

/// What the one-line editor is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditPurpose {
    EditBullet(BulletPath),
    NewBullet(BulletPath),
    RenameSection(usize),
    NewSection(usize),
    NewIssue,
}

impl EditPurpose {
    pub fn title(&self) -> &'static str {
        match self {
            EditPurpose::EditBullet(_) => "Edit bullet",
            EditPurpose::NewBullet(_) => "New bullet",
            EditPurpose::RenameSection(_) => "Rename section",
            EditPurpose::NewSection(_) => "New section",
            EditPurpose::NewIssue => "New issue: title",
        }
    }

    /// Edits of the outline are drawn over the selected row; the rest centred.
    pub fn inline(&self) -> bool {
        !matches!(self, EditPurpose::NewIssue)
    }
}

pub struct EditorState {
    pub purpose: EditPurpose,
    pub text: TextArea<'static>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Headline,
    Body,
}

/// New item / edit item: headline and body.
pub struct FormState {
    /// `None`: a new item.
    pub item: Option<ItemId>,
    pub headline: TextArea<'static>,
    pub body: TextArea<'static>,
    pub field: FormField,
}

impl FormState {
    /// The headline as typed, on one line.
    pub fn headline_text(&self) -> String {
        self.headline.lines().join(" ").trim().to_string()
    }

    /// The body's non-blank lines, each a paragraph.
    pub fn paragraphs(&self) -> Vec<String> {
        self.body
            .lines()
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

pub struct PaletteState {
    pub query: String,
    pub cursor: usize,
}

/// The dialog or overlay on top of the panes; at most one.
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    Palette(PaletteState),
    Picker(PickerState),
    Export(ExportState),
    Form(Box<FormState>),
    Editor(Box<EditorState>),
    /// The current issue's comments.
    Comments(CommentsState),
    /// A y/n question before a status change.
    Confirm(ConfirmState),
    /// What changed since the last approval or export.
    Changes {
        scroll: u16,
    },
    /// A comment, or the note of a request for changes.
    Note(Box<NoteState>),
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
    pub overlay: Overlay,
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
    /// The Drafts list for the current desk revision and query (see [`drafts::DraftsCache`]).
    pub(crate) drafts_cache: std::cell::RefCell<drafts::DraftsCache>,
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
            overlay: Overlay::None,
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
            drafts_cache: std::cell::RefCell::default(),
            review: ReviewState::new(config.review_mode, config.user, config.review_io),
            loading: false,
        };
        app.sync_review();
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

    /// Say that `desk` was changed from outside `update`: lists computed from it are redone.
    pub fn desk_changed(&mut self) {
        self.desk_rev += 1;
    }

    /// The context keys are read in now: the open dialog, a filter being typed, or the pane.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Help { .. } => Context::Help,
            Overlay::Palette(_) => Context::Palette,
            Overlay::Picker(_) => Context::Picker,
            Overlay::Export(_) => Context::Export,
            Overlay::Form(_) => Context::Form,
            Overlay::Editor(_) => Context::Editor,
            Overlay::Comments(_) => Context::Comments,
            Overlay::Confirm(_) => Context::Confirm,
            Overlay::Changes { .. } => Context::Changes,
            Overlay::Note(_) => Context::Form,
            Overlay::None => match self.focus {
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
            None if !ctx.is_pane() => update(self, Action::Input(key)),
            None => None,
        }
    }

    /// A paste (the terminal sends it whole, in bracketed-paste mode) goes into the open
    /// text field as one insertion, cleaned like any text coming in; a one-line field takes
    /// its line breaks and tabs as spaces. Outside a text field it does nothing: pasted
    /// text is never read as keys.
    pub fn paste(&mut self, text: &str) {
        let text = crate::model::text::sanitize(text);
        let line: String = text
            .chars()
            .map(|c| if matches!(c, '\n' | '\t') { ' ' } else { c })
            .collect();
        let ctx = self.context();
        match &mut self.overlay {
            Overlay::Form(st) if st.field == FormField::Body => {
                st.body.insert_str(&text);
            }
            Overlay::Form(st) => {
                st.headline.insert_str(&line);
            }
            Overlay::Note(st) => {
                st.text.insert_str(&text);
            }
            Overlay::Editor(st) => {
                st.text.insert_str(&line);
            }
            Overlay::Palette(st) => {
                st.query.push_str(&line);
                st.cursor = 0;
            }
            Overlay::Picker(st) => {
                st.query.push_str(&line);
                st.cursor = 0;
            }
            Overlay::Export(st)
                if matches!(
                    st.stage,
                    export_dialog::Stage::Editing | export_dialog::Stage::Failed(_)
                ) =>
            {
                st.path.push_str(&line);
            }
            Overlay::None if ctx == Context::Filter => {
                if let Some(pane) = self.focused_filter() {
                    pane.filter.query.push_str(&line);
                    pane.cursor = 0;
                }
                self.clamp();
            }
            _ => self.info("a paste goes into a text field: open one first"),
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

    fn select_section(&mut self, index: usize) {
        let rows = outline::rows(self);
        if let Some(i) = rows
            .iter()
            .position(|r| r.kind == outline::RowKind::Section(index))
        {
            self.outline.cursor = i;
        }
    }

    pub(super) fn clamp(&mut self) {
        let n = drafts::count(self);
        self.drafts.cursor = self.drafts.cursor.min(n.saturating_sub(1));
        let n = outline::rows(self).len();
        self.outline.cursor = self.outline.cursor.min(n.saturating_sub(1));
    }

    fn set_focus(&mut self, focus: Focus) {
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

    fn need_issue(&mut self) -> Option<IssueId> {
        let id = self.current_issue().map(|i| i.id);
        if id.is_none() {
            self.error("no issue yet: press I to start one");
        }
        id
    }
}

/// The only place the state changes.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let effect = update_inner(app, action);
    // The issue may have changed (switch, new issue): its review comes with it.
    app.sync_review();
    effect
}

fn update_inner(app: &mut App, action: Action) -> Option<Effect> {
    if let Action::DiskChanged(changes) = action {
        app.apply_disk_changes(changes);
        return None;
    }
    if let Action::Resize(_, h) = action {
        app.page = usize::from(h.saturating_sub(10)).max(1);
        return None;
    }
    if let Action::DraftsRanked(ranked) = action {
        app.drafts_cache.get_mut().accept(ranked);
        app.clamp();
        return None;
    }
    // A failed save is retried on the next action.
    if matches!(app.save_state, SaveState::Failed(_)) {
        app.save();
    }
    if let Action::ExternalEdited(result) = action {
        external_done(app, result);
        return None;
    }
    match app.overlay {
        Overlay::None => {}
        _ => return overlay_update(app, action),
    }
    if app.context() == Context::Filter {
        filter_update(app, action);
        return None;
    }
    main_update(app, action)
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

fn filter_update(app: &mut App, action: Action) {
    let Some(pane) = app.focused_filter() else {
        return;
    };
    match action {
        Action::Confirm => pane.filter.editing = false,
        Action::Cancel => {
            pane.filter = Filter::default();
            pane.cursor = 0;
        }
        Action::Up => pane.cursor = pane.cursor.saturating_sub(1),
        Action::Down => pane.cursor += 1,
        Action::Input(key) => {
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

/// Typing into a one-line field: printable chars and Backspace. True when it changed.
pub fn edit_line(s: &mut String, key: &KeyEvent) -> bool {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return false;
    }
    match key.code {
        KeyCode::Char(c) if !c.is_control() => {
            s.push(c);
            true
        }
        KeyCode::Backspace => s.pop().is_some(),
        _ => false,
    }
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
        Action::Palette => {
            app.overlay = Overlay::Palette(PaletteState {
                query: String::new(),
                cursor: 0,
            })
        }
        Action::Help => app.overlay = Overlay::Help { scroll: 0 },
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
                app.overlay = Overlay::Export(ExportState::new(issue));
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
                app.overlay =
                    Overlay::Picker(PickerState::new(PickPurpose::SwitchIssue(ids), names));
            }
        }
        Action::NewIssue => open_editor(app, EditPurpose::NewIssue, ""),
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
                app.overlay = Overlay::Picker(PickerState::new(PickPurpose::Assign(item.0), names));
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
        Action::NewItem => {
            app.overlay = Overlay::Form(Box::new(FormState {
                item: None,
                headline: TextArea::default(),
                body: TextArea::default(),
                field: FormField::Headline,
            }))
        }
        Action::EditItem => {
            let Some(item) = app.selected_item() else {
                app.error("no draft selected");
                return None;
            };
            let mut headline = TextArea::new(vec![item.headline.clone()]);
            headline.move_cursor(ratatui_textarea::CursorMove::End);
            let body = TextArea::new(if item.body.is_empty() {
                vec![String::new()]
            } else {
                item.body.clone()
            });
            app.overlay = Overlay::Form(Box::new(FormState {
                item: Some(item.id),
                headline,
                body,
                field: FormField::Headline,
            }));
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
            app.overlay = Overlay::Picker(PickerState::new(PickPurpose::MoveBullet(path), names));
        }
        (Action::EditInline | Action::Rename, Some(R::Bullet(path))) => {
            let text = app
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.clone())
                .unwrap_or_default();
            open_editor(app, EditPurpose::EditBullet(path), &text);
        }
        (Action::EditInline | Action::Rename, Some(R::Section(index))) => {
            let name = app.section_names().get(index).cloned().unwrap_or_default();
            open_editor(app, EditPurpose::RenameSection(index), &name);
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
                Some(p) => open_editor(app, EditPurpose::NewBullet(p), ""),
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
            open_editor(app, EditPurpose::NewSection(index.min(n)), "");
        }
        (_, Some(R::Section(_))) => bullet_only(app),
        _ => {}
    }
    None
}

fn open_editor(app: &mut App, purpose: EditPurpose, text: &str) {
    let mut ta = TextArea::new(vec![text.to_string()]);
    ta.move_cursor(ratatui_textarea::CursorMove::End);
    ta.set_cursor_line_style(ratatui::style::Style::new());
    app.overlay = Overlay::Editor(Box::new(EditorState { purpose, text: ta }));
}

fn overlay_update(app: &mut App, action: Action) -> Option<Effect> {
    let overlay = std::mem::replace(&mut app.overlay, Overlay::None);
    match overlay {
        Overlay::None => None,
        Overlay::Help { scroll } => {
            app.overlay = match action {
                Action::Cancel => Overlay::None,
                Action::Up => Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                },
                Action::Down => Overlay::Help {
                    scroll: scroll.saturating_add(1).min(help::max_scroll(app)),
                },
                _ => Overlay::Help { scroll },
            };
            None
        }
        Overlay::Palette(mut st) => match action {
            Action::Cancel => None,
            Action::Confirm => {
                let entries = palette::entries(app);
                let hits = palette::hits(app, &entries, &st.query);
                let Some(hit) = hits.get(st.cursor.min(hits.len().saturating_sub(1))) else {
                    app.error("no command matches");
                    return None;
                };
                let (ctx, action) = match entries.get(hit.index) {
                    Some(e) => (e.context, e.action.clone()),
                    None => return None,
                };
                match ctx {
                    Context::Drafts => app.set_focus(Focus::Drafts),
                    Context::Issue => app.set_focus(Focus::Issue),
                    _ => {}
                }
                update(app, action)
            }
            other => {
                match other {
                    Action::Up => st.cursor = st.cursor.saturating_sub(1),
                    Action::Down => st.cursor += 1,
                    Action::Input(key) => {
                        st.cursor = if edit_line(&mut st.query, &key) {
                            0
                        } else {
                            st.cursor
                        };
                    }
                    _ => {}
                }
                let n = palette::hits(app, &palette::entries(app), &st.query).len();
                st.cursor = st.cursor.min(n.saturating_sub(1));
                app.overlay = Overlay::Palette(st);
                None
            }
        },
        Overlay::Picker(mut st) => {
            match action {
                Action::Cancel => {}
                Action::Confirm => picker_confirm(app, st),
                Action::Up => {
                    st.cursor = st.cursor.saturating_sub(1);
                    app.overlay = Overlay::Picker(st);
                }
                Action::Down => {
                    let n = st.hits(&app.matcher).len();
                    st.cursor = (st.cursor + 1).min(n.saturating_sub(1));
                    app.overlay = Overlay::Picker(st);
                }
                Action::Input(key) => {
                    if edit_line(&mut st.query, &key) {
                        st.cursor = 0;
                    }
                    app.overlay = Overlay::Picker(st);
                }
                _ => app.overlay = Overlay::Picker(st),
            }
            None
        }
        Overlay::Export(mut st) => {
            let close = export_dialog::update(app, &mut st, action);
            if !close {
                app.overlay = Overlay::Export(st);
            }
            None
        }
        Overlay::Form(mut st) => {
            match action {
                Action::Cancel => {}
                Action::NextField => {
                    st.field = match st.field {
                        FormField::Headline => FormField::Body,
                        FormField::Body => FormField::Headline,
                    };
                    app.overlay = Overlay::Form(st);
                }
                Action::Confirm => {
                    if !form_confirm(app, &st) {
                        app.overlay = Overlay::Form(st);
                    }
                }
                Action::Input(key) => {
                    // Enter in the headline goes on to the body; the headline is one line.
                    if st.field == FormField::Headline && key.code == KeyCode::Enter {
                        st.field = FormField::Body;
                    } else if st.field == FormField::Headline {
                        st.headline.input(key);
                    } else {
                        st.body.input(key);
                    }
                    app.overlay = Overlay::Form(st);
                }
                _ => app.overlay = Overlay::Form(st),
            }
            None
        }
        Overlay::Editor(mut st) => {
            match action {
                Action::Cancel => app.info("edit cancelled"),
                Action::Confirm => editor_confirm(app, st),
                Action::Input(key) => {
                    st.text.input(key);
                    app.overlay = Overlay::Editor(st);
                }
                _ => app.overlay = Overlay::Editor(st),
            }
            None
        }
        other @ (Overlay::Comments(_)
        | Overlay::Confirm(_)
        | Overlay::Changes { .. }
        | Overlay::Note(_)) => {
            review::overlay_action(app, other, action);
            None
        }
    }
}

fn picker_confirm(app: &mut App, st: PickerState) {
    let hits = st.hits(&app.matcher);
    let chosen = hits
        .get(st.cursor.min(hits.len().saturating_sub(1)))
        .map(|h| h.index);
    let query = st.query.trim().to_string();
    match st.purpose {
        PickPurpose::Assign(item) => {
            let Some(issue) = app.need_issue() else {
                return;
            };
            let cmd = match chosen {
                Some(section) => Command::Assign {
                    item,
                    issue,
                    section,
                },
                None if !query.is_empty() => Command::AssignToNewSection {
                    item,
                    issue,
                    name: query,
                },
                None => {
                    app.error("type a section name");
                    app.overlay = Overlay::Picker(st);
                    return;
                }
            };
            app.perform(cmd);
        }
        PickPurpose::MoveBullet(path) => {
            let Some(issue) = app.need_issue() else {
                return;
            };
            match chosen {
                Some(section) => {
                    app.perform(Command::MoveToSection {
                        issue,
                        path,
                        section,
                    });
                }
                None => app.error("no section matches"),
            }
        }
        PickPurpose::SwitchIssue(ref ids) => match chosen.and_then(|i| ids.get(i)) {
            Some(id) => {
                app.issue = Some(*id);
                app.outline = ListPane::default();
                app.preview_scroll = 0;
                let title = app
                    .current_issue()
                    .map(|i| i.meta.title.clone())
                    .unwrap_or_default();
                app.info(format!("issue: {title}"));
            }
            None => app.error("no issue matches"),
        },
    }
}

fn form_confirm(app: &mut App, st: &FormState) -> bool {
    let headline = st.headline_text();
    if headline.is_empty() {
        app.error("an item needs a headline");
        return false;
    }
    let body = st.paragraphs();
    let cmd = match st.item.and_then(|id| app.desk.item(id)) {
        Some(old) => {
            let mut item = old.clone();
            item.headline = headline;
            item.body = body;
            Command::EditItem { item }
        }
        None => Command::AddItems {
            items: vec![Item::new(app.desk.next_item_id(), headline, body)],
        },
    };
    let new = st.item.is_none();
    let ok = app.perform(cmd);
    if ok && new {
        // The new item is the newest: first in the list.
        app.drafts.filter = Filter::default();
        app.drafts.cursor = 0;
    }
    ok
}

fn editor_confirm(app: &mut App, st: Box<EditorState>) {
    let text = st.text.lines().join(" ").trim().to_string();
    if text.is_empty() {
        app.error("empty text: nothing changed (Esc cancels)");
        app.overlay = Overlay::Editor(st);
        return;
    }
    if st.purpose == EditPurpose::NewIssue {
        let meta = IssueMeta {
            title: text,
            date: Some(chrono::Local::now().date_naive()),
            ..IssueMeta::default()
        };
        let id = app.desk.next_issue_id();
        let issue = crate::model::Issue::new(id, meta);
        if app.perform(Command::NewIssue { issue }) {
            app.issue = Some(id);
            app.outline = ListPane::default();
        }
        return;
    }
    let Some(issue) = app.need_issue() else {
        return;
    };
    match st.purpose {
        EditPurpose::EditBullet(path) => {
            if app
                .current_issue()
                .and_then(|i| i.bullet(&path))
                .map(|b| b.text.as_str())
                == Some(text.as_str())
            {
                app.info("no change");
                return;
            }
            app.perform(Command::EditBullet { issue, path, text });
        }
        EditPurpose::NewBullet(path) => {
            app.perform(Command::NewBullet { issue, path, text });
        }
        EditPurpose::RenameSection(index) => {
            app.perform(Command::RenameSection {
                issue,
                index,
                name: text,
            });
        }
        EditPurpose::NewSection(index) => {
            if app.perform(Command::NewSection {
                issue,
                index,
                name: text,
            }) {
                app.select_section(index);
            }
        }
        EditPurpose::NewIssue => {}
    }
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
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => help::render(app, frame, area, *scroll),
        Overlay::Palette(st) => palette::render(app, st, frame, area),
        Overlay::Picker(st) => picker::render(app, st, frame, area),
        Overlay::Export(st) => export_dialog::render(app, st, frame, area),
        Overlay::Form(st) => super::form::render_form(app, st, frame, area),
        Overlay::Editor(st) => super::form::render_editor(app, st, frame, &a),
        Overlay::Comments(st) => review::render_comments(app, st, frame, area),
        Overlay::Confirm(st) => review::render_confirm(app, st, frame, area),
        Overlay::Changes { scroll } => review::render_changes(app, *scroll, frame, area),
        Overlay::Note(st) => review::render_note(app, st, frame, area),
    }
}
