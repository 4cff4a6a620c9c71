//! The desk as the shell runs it: the state ([`Ctx`]) with the open dialog on top, the one
//! `update` every key and event goes through, and `draw`.

use std::ops::{Deref, DerefMut};

use crossterm::event::{KeyEvent, MouseEvent};
use ratatui::Frame;

pub use super::ctx::{Config, Ctx, Effect, Filter, Focus, Level, ListPane, SaveState, Saver};
use super::dialogs::{Dialog, Outcome};
use super::events::Event;
use super::events::Input::{Action as Do, Typed};
use super::keymap::Context;
pub use super::layout::Areas;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, areas};
use super::mouse::{self, Mouse};
use super::pane_keys::{self, Reply};
use super::panes::{drafts, outline, status};
use crate::model::Desk;
use crate::model::text::one_line;

/// The desk as `update` and `draw` see it.
pub struct App {
    /// Everything but the dialog: what the panes, their keys and the dialogs work on.
    pub ctx: Ctx,
    /// The dialog on top of the panes, if any.
    pub dialog: Option<Box<dyn Dialog>>,
    /// Whether clicks and the wheel are taken, and the screen they point at.
    pub mouse: Mouse,
}

// The App is its state plus a dialog: `app.desk`, `app.focus` read as they always have.
impl Deref for App {
    type Target = Ctx;

    fn deref(&self) -> &Ctx {
        &self.ctx
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut Ctx {
        &mut self.ctx
    }
}

impl App {
    pub fn new(desk: Desk, saver: Option<Box<dyn Saver>>, config: Config) -> App {
        App {
            ctx: Ctx::new(desk, saver, config),
            dialog: None,
            mouse: Mouse::default(),
        }
    }

    /// The context keys are read in now: the open dialog, a filter being typed, or the pane.
    pub fn context(&self) -> Context {
        match &self.dialog {
            Some(d) => d.context(),
            None => match self.focus {
                Focus::Drafts if self.search.editing || self.drafts.filter.editing => {
                    Context::Filter
                }
                Focus::Issue if self.outline.filter.editing => Context::Filter,
                Focus::Drafts => Context::Drafts,
                Focus::Issue => Context::Issue,
                Focus::Preview => Context::Preview,
            },
        }
    }

    /// A key press: the table names the action; a dialog's text field takes the rest.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        let context = self.context();
        match self.keymap.lookup(context, &key) {
            Some(action) => update(self, action),
            None if !context.is_pane() => update(self, Event::Typed(key)),
            None => None,
        }
    }

    /// A paste (the terminal sends it whole, in bracketed-paste mode) goes into the open
    /// text field as one insertion, cleaned like any text coming in. Outside a text field
    /// it does nothing: pasted text is never read as keys.
    fn paste(&mut self, text: &str) {
        let text = crate::model::text::sanitize(text);
        if let Some(dialog) = self.dialog.as_mut() {
            if !dialog.paste(&text) {
                self.info("a paste goes into a text field: open one first");
            }
            return;
        }
        if self.context() == Context::Filter && self.focus == Focus::Drafts && self.search.editing {
            self.search.query.push_str(&one_line(&text));
            self.drafts.cursor = 0;
            self.clamp();
            return;
        }
        if self.context() == Context::Filter {
            if let Some(pane) = self.focused_filter() {
                pane.filter.query.push_str(&one_line(&text));
                pane.cursor = 0;
            }
            self.clamp();
            return;
        }
        self.info("a paste goes into a text field: open one first");
    }

    /// A click or the wheel: to the open dialog, else to the pane under the pointer.
    /// Nothing when the mouse is off or the screen is too small to show the panes.
    fn mouse_event(&mut self, event: &MouseEvent) -> Option<Effect> {
        if !self.mouse.on || !self.mouse.drawn() {
            return None;
        }
        let screen = self.mouse.screen;
        if let Some(mut dialog) = self.dialog.take() {
            let outcome = dialog.mouse(&mut self.ctx, screen, event);
            return after_dialog(self, dialog, outcome);
        }
        mouse::on_panes(&mut self.ctx, screen, event);
        None
    }

    /// An action that waited for the whole desk (see `Ctx::wait_for_desk`): run now, on
    /// the draft that was selected when it was asked for.
    pub fn run_waiting_action(
        &mut self,
        action: super::Action,
        draft: Option<crate::model::ItemId>,
    ) -> Option<Effect> {
        self.waits.acting_on = draft;
        let effect = update(self, action);
        self.waits.acting_on = None;
        effect
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
}

/// The only place the state changes.
pub fn update(app: &mut App, event: impl Into<Event>) -> Option<Effect> {
    let effect = update_inner(app, event.into());
    // The issue may have changed (switch, new issue): its review comes with it.
    app.sync_review();
    app.refresh_drafts();
    app.refresh_findings();
    effect
}

fn update_inner(app: &mut App, event: Event) -> Option<Effect> {
    match event {
        Event::DiskChanged(changes) => {
            app.apply_disk_changes(changes);
            return None;
        }
        Event::Resize(w, h) => {
            app.page = usize::from(h.saturating_sub(10)).max(1);
            app.preview_size = super::panes::preview::size_in(w, h);
            app.mouse.screen = ratatui::layout::Rect::new(0, 0, w, h);
            return None;
        }
        Event::Mouse(event) => return app.mouse_event(&event),
        Event::DraftsRanked(ranked) => {
            app.ranked(ranked);
            return None;
        }
        Event::Paste(text) => {
            app.paste(&text);
            return None;
        }
        Event::Inbox(arrived) => {
            app.take_inbox(arrived);
            return None;
        }
        Event::Fetched(news) => {
            app.fetched(news);
            return None;
        }
        // The next slice is taken by the refresh every update ends with.
        Event::TakeTexts => return None,
        Event::ExternalEdited(_) | Event::Action(_) | Event::Typed(_) => {}
    }
    // A failed save is retried on the next action.
    if matches!(app.save_state, SaveState::Failed(_)) {
        app.save();
    }
    let input = match event {
        Event::ExternalEdited(result) => {
            app.external_done(result);
            return None;
        }
        Event::Action(action) => Do(action),
        Event::Typed(key) => Typed(key),
        Event::DiskChanged(_)
        | Event::Resize(..)
        | Event::DraftsRanked(_)
        | Event::Paste(_)
        | Event::Mouse(_)
        | Event::Inbox(_)
        | Event::Fetched(_)
        | Event::TakeTexts => {
            return None;
        }
    };
    if let Some(mut dialog) = app.dialog.take() {
        let outcome = dialog.handle(&mut app.ctx, input);
        return after_dialog(app, dialog, outcome);
    }
    if app.context() == Context::Filter {
        app.filter_update(input);
        return None;
    }
    match input {
        Do(action) => match pane_keys::act(&mut app.ctx, action) {
            Reply::Done => None,
            Reply::Effect(effect) => Some(effect),
            Reply::Open(dialog) => {
                app.dialog = Some(dialog);
                None
            }
        },
        // Keys no binding claims are typed only into a dialog or a filter.
        Typed(_) => None,
    }
}

/// What the dialog (taken out to handle a key or the mouse) asked for: put it back, close
/// it, open the next one, or run an action as its key would in the pane.
fn after_dialog(app: &mut App, dialog: Box<dyn Dialog>, outcome: Outcome) -> Option<Effect> {
    match outcome {
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
    let drafts = drafts::View {
        desk: &app.desk,
        list: &app.drafts_cache,
        matcher: &app.matcher,
        pane: &app.drafts,
        view: app.drafts_view,
        marked: &app.marked,
        search: &app.search,
        focused: app.focus == Focus::Drafts,
        loading: app.loading,
        theme: &app.theme,
    };
    drafts::render(&drafts, frame, a.drafts);
    let outline = outline::View {
        issue: app.current_issue(),
        title: app.issue_title(),
        review: &app.review.current,
        matcher: &app.matcher,
        pane: &app.outline,
        findings: &app.findings,
        focused: app.focus == Focus::Issue,
        theme: &app.theme,
    };
    outline::render(&outline, frame, a.issue);
    super::panes::preview::render(&app.preview_view(), frame, a.preview);
    status::status_bar(app, app.context(), frame, a.status);
    if let Some(dialog) = &app.dialog {
        dialog.render(&app.ctx, frame, &a);
    }
}
