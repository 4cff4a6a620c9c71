//! The full-screen desk: three panes (Drafts, Issue, Preview), dialogs, one key table.
//!
//! `ctx` holds the state, `app` adds the open dialog and has the one `update`; `draw` only
//! reads. Each pane (`panes/`) and dialog (`dialogs/`) has its own file; `keymap` is the one
//! table keys, help, palette and hints come from.

pub mod action;
pub mod app;
mod cells;
pub mod ctx;
pub mod dialogs;
pub mod drafts;
pub mod events;
pub mod fetch;
pub mod findings;
pub mod hit;
pub mod inbox;
pub mod keymap;
pub mod layout;
pub mod mouse;
pub mod outline;
mod pane_keys;
pub mod panes;
pub mod ranker;
pub mod rescue;
pub mod review;
pub mod terminal;
pub mod theme;
pub mod user_config;

#[cfg(test)]
mod tests;

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};

use crate::model::Desk;
use crate::store::{Opened, Opening, Store, Whole};

pub use action::Action;
pub use app::{App, Effect, Focus, draw, update};

/// How the desk is opened.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Review mode, or a desk someone else holds: nothing reaches the disk.
    pub read_only: bool,
    /// Where the user keymap file (`keymap.toml`) is looked for.
    pub config_dir: Option<std::path::PathBuf>,
    /// What to tell the user as the desk opens (who holds it, what was recovered).
    pub notices: Vec<String>,
    /// The issue to open on (default: the newest).
    pub issue: Option<crate::model::IssueId>,
    /// `briefdesk review`: labelled `REVIEW (read-only)`, following the editor's saves.
    pub review: bool,
}

/// Run the desk until the user quits. Restores the terminal on every exit path.
pub fn run(store: Store, desk: Desk, opts: Options) -> anyhow::Result<()> {
    run_opened(Opened::Full(store, desk, Vec::new()), opts)
}

/// Run the desk as [`Store::open_newest_first`] opened it: on a desk opened newest first,
/// the first frame shows the newest drafts and keys are handled on them at once while the
/// rest loads (issue #19); what would change the desk or needs the store waits for the
/// whole desk, in order. An error in the rest (a damaged chunk file) ends the session with
/// the error the full open gives, the terminal restored and nothing written.
pub fn run_opened(opened: Opened, opts: Options) -> anyhow::Result<()> {
    let (mut app, loading) = start(opened, opts);
    let mut tui = terminal::Tui::enter(app.mouse.on)?;
    let result = terminal::session_end(event_loop(&mut tui, &mut app, loading), terminal::hung_up);
    terminal::finished();
    // Text still open in an editor here means the session ended without the user (a
    // signal, a terminal gone): keep it as a recovered draft before going.
    let rescued = app.rescue_unsaved();
    drop(tui);
    if rescued {
        // Not eprintln!: after a hang-up stderr may be gone, and that must not panic.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "briefdesk: the text being edited was not kept yet: it is saved as a draft marked \"(recovered)\""
        );
    }
    // Everything is journaled and saved by now, and the process ends next: not freeing
    // the desk saves ~25 ms of quitting at 100,000 drafts (the OS takes it all back).
    std::mem::forget(app);
    result
}

/// The rest of a desk opened newest first, still loading: the older chunks read, the
/// whole desk and the Drafts list's candidates built, all on a thread. The App works on the
/// newest drafts meanwhile (anything that would change the desk waits: `Ctx::waits`);
/// [`Loading::try_finish`] swaps the whole desk in between two keys.
pub struct Loading {
    /// The whole desk and the candidates for the list as it was asked for.
    work: Option<JoinHandle<Result<Built, crate::store::StoreError>>>,
    notices: Vec<String>,
    read_only: bool,
}

/// The whole desk, the Drafts candidates for it, and what it says of recovered drafts: all
/// built on the thread (each a walk over every draft: tens of milliseconds at a million).
type Built = (Whole, drafts::Prepared, Option<String>);

/// The candidates and the recovered drafts' notice of the whole desk, for the list asked.
fn build(whole: Whole, view: crate::model::StateView, query: &str, words: bool) -> Built {
    let prepared = drafts::Prepared::new(whole.items(), view, query, words);
    let recovered = rescue::recovered_in(whole.items().values());
    (whole, prepared, recovered)
}

/// The Drafts list as the App asks for it now: state view, query, word search.
fn list_asked(app: &App) -> (crate::model::StateView, String, bool) {
    let (query, words) = match app.search.on {
        true => (app.search.query.clone(), true),
        false => (app.drafts.filter.query.clone(), false),
    };
    (app.drafts_view, query, words)
}

impl Loading {
    fn new(opening: Opening, app: &App, notices: Vec<String>, read_only: bool) -> Loading {
        let (view, query, words) = list_asked(app);
        let work = std::thread::spawn(move || Ok(build(opening.wait()?, view, &query, words)));
        Loading {
            work: Some(work),
            notices,
            read_only,
        }
    }

    /// Wait for the rest of the desk and merge it into the App: from here the App has the
    /// desk and the store the full open gives, and saves to the store. On an error, the
    /// App's desk is partial and has no store: end the session. What waits for the whole
    /// desk (`app.waits.queue`) is left for the caller to run.
    pub fn finish(mut self, app: &mut App) -> Result<(), crate::store::StoreError> {
        let work = self.work.take();
        match work.map(JoinHandle::join) {
            Some(Ok(built)) => self.swap(app, built?),
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(()),
        }
    }

    /// Without waiting: the whole desk swapped in (true), or still loading (false). When
    /// the list was asked for otherwise meanwhile (another view, a `feed:` filter), its
    /// candidates are built again off the key loop first.
    pub fn try_finish(&mut self, app: &mut App) -> Result<bool, crate::store::StoreError> {
        if !self.work.as_ref().is_some_and(JoinHandle::is_finished) {
            return Ok(false);
        }
        let Some(work) = self.work.take() else {
            return Ok(false);
        };
        let built = match work.join() {
            Ok(built) => built?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let (view, query, words) = list_asked(app);
        if built.1.fits(view, &query, words) {
            self.swap(app, built)?;
            return Ok(true);
        }
        let whole = built.0;
        self.work = Some(std::thread::spawn(move || {
            Ok(build(whole, view, &query, words))
        }));
        Ok(false)
    }

    /// The whole desk into the App: a swap, the candidates adopted, the cursor kept on its
    /// draft (by id: the older drafts may come before it in a filtered list).
    fn swap(&mut self, app: &mut App, built: Built) -> Result<(), crate::store::StoreError> {
        let (whole, prepared, recovered) = built;
        let kept = app.selected_item().map(|i| i.id);
        let (store, mut notices) = whole.into_desk(&mut app.desk);
        let (ladder, notice) = desk_ladder(Some(&store));
        app.findings.ladder = ladder;
        notices.extend(notice);
        app.desk_changed();
        let (view, query, words) = list_asked(app);
        if prepared.fits(view, &query, words) {
            let rev = app.desk_rev();
            app.ctx.drafts_cache.adopt(prepared, &app.ctx.desk, rev);
        }
        app.loading = false;
        app.waits.progress = None;
        app.refresh_findings();
        app.refresh_drafts();
        app.waits.follow = kept;
        app.follow_draft();
        if !self.read_only {
            app.set_saver(Box::new(store));
        }
        let mut all = std::mem::take(&mut self.notices);
        all.extend(notices);
        all.extend(recovered);
        if !all.is_empty() {
            app.notify(all.join("; "));
        }
        Ok(())
    }
}

/// The App as `run` starts it (keymap, theme, review files, saver), and the rest of the
/// desk when it is still loading.
pub fn start(opened: Opened, opts: Options) -> (App, Option<Loading>) {
    let (keymap, keymap_error) = keymap::Keymap::load(opts.config_dir.as_deref());
    let (settings, settings_error) = user_config::UserConfig::load(opts.config_dir.as_deref());
    let keymap_error = [keymap_error, settings_error]
        .into_iter()
        .flatten()
        .reduce(|a, b| format!("{a}; {b}"));
    let read_only = opts.read_only || opts.review;
    let (desk, store, opening, mut notices, dir) = match opened {
        Opened::Full(store, desk, mut notices) => {
            notices.splice(0..0, opts.notices);
            let dir = store.dir().to_path_buf();
            (desk, Some(store), None, notices, dir)
        }
        Opened::Newest(desk, opening) => {
            let dir = opening.dir().to_path_buf();
            (desk, None, Some(opening), opts.notices, dir)
        }
    };
    // Bodies left in their chunk files (issue #19) are read from the desk just opened.
    let bodies = crate::store::BodyFiles::new(&dir);
    let words_dir = dir.clone();
    let config = app::Config {
        read_only,
        theme: theme::Theme::from_env(),
        keymap,
        keymap_error,
        review_mode: opts.review,
        user: crate::ops::identity::login_name(),
        // Only the session that holds the lock takes in what other processes queue.
        inbox: (!read_only).then(|| dir.clone()),
        // A reader follows the drafts the editor saves, from the desk just opened.
        review_io: Some(Box::new(if read_only {
            review::DiskReview::following_drafts(dir)
        } else {
            review::DiskReview::new(dir)
        })),
    };
    let (ladder, ladder_notice) = desk_ladder(store.as_ref());
    notices.extend(ladder_notice);
    let saver: Option<Box<dyn app::Saver>> = match store {
        Some(store) if !read_only => Some(Box::new(store)),
        _ => None,
    };
    let mut app = App::new(desk, saver, config);
    app.drafts_cache.reader = Some(
        crate::search::ChunkReader::new({
            let bodies = bodies.clone();
            move |k| bodies.bodies(k).ok()
        })
        .with_word_index(&words_dir),
    );
    app.bodies = panes::preview::Bodies::new(bodies);
    app.mouse.on = settings.mouse;
    if app.findings.ladder != ladder {
        app.findings.ladder = ladder;
        app.refresh_findings();
    }
    if opts.review {
        // A reviewer reads the issue, not the pool of drafts: start there.
        app.focus = Focus::Issue;
        app.preview_of = Focus::Issue;
    }
    if let Some(id) = opts.issue {
        app.issue = Some(id);
        app.sync_review();
    }
    if let Some(opening) = opening {
        app.loading = true;
        app.waits.progress = Some(opening.progress());
        let loading = Loading::new(opening, &app, notices, read_only);
        return (app, Some(loading));
    }
    notices.extend(app.recovered_notice());
    if !notices.is_empty() {
        app.notify(notices.join("; "));
    }
    crate::malloc::trim();
    (app, None)
}

/// The desk's tradecraft ladder (`tradecraft.ladder`), and what to say when the setting is
/// wrong (the default ladder is used meanwhile). No store yet: the default, till it loads.
fn desk_ladder(store: Option<&Store>) -> (crate::model::settings::Ladder, Option<String>) {
    match store.map(Store::ladder) {
        Some(Ok(l)) => (l, None),
        Some(Err(e)) => (
            Default::default(),
            Some(format!("{e}; checking with icd203")),
        ),
        None => (Default::default(), None),
    }
}

/// How long crossterm may take to read what the terminal holds. Not zero: its level-triggered
/// source (see `terminal`) reads nothing at all in a zero-timeout poll.
const TAKE: Duration = Duration::from_millis(1);

/// The longest the desk handles waiting events before it draws what they did.
const BATCH: Duration = Duration::from_millis(16);

/// How often the desk, while the older drafts load, looks whether they are in (and
/// redraws their count when it moved).
const LOADING_TICK: Duration = Duration::from_millis(50);

/// How often the desk looks for changes made by the other side (editor or reviewer).
const POLL_EVERY: Duration = Duration::from_millis(500);

/// What an event asks of the loop after it.
enum Flow {
    /// Go on with the next event of the batch.
    Next,
    /// Draw now (back from `$EDITOR`).
    Draw,
    Quit,
}

/// One event from the terminal: to the App, or, while something waits for the whole desk,
/// after it in the queue (a resize is taken at once: it changes no desk).
fn dispatch(tui: &mut terminal::Tui, app: &mut App, ev: Event) -> anyhow::Result<Flow> {
    if app.loading && !app.waits.queue.is_empty() && !matches!(ev, Event::Resize(..)) {
        app.waits.queue.push(events::Waiting::Input(ev));
        return Ok(Flow::Next);
    }
    let effect = match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => app.handle_key(k),
        Event::Resize(w, h) => update(app, events::Event::Resize(w, h)),
        // One insertion into the text field, however long the paste.
        Event::Paste(text) => update(app, events::Event::Paste(text)),
        Event::Mouse(m) => update(app, events::Event::Mouse(m)),
        _ => None,
    };
    effect_flow(tui, app, effect)
}

fn effect_flow(
    tui: &mut terminal::Tui,
    app: &mut App,
    effect: Option<Effect>,
) -> anyhow::Result<Flow> {
    match effect {
        None => Ok(Flow::Next),
        Some(Effect::Quit) => Ok(Flow::Quit),
        Some(Effect::EditExternal { text }) => {
            tui.suspend().map_err(terminal::writing)?;
            let result = match terminal::edit_external(&text) {
                Ok(terminal::Edited::Kept(text)) => Ok(text),
                Ok(terminal::Edited::Cut(written)) => {
                    // Into the box, where the rescue on the way out finds it.
                    app.external_cut(&written);
                    return Ok(Flow::Draw);
                }
                Err(e) => Err(e),
            };
            tui.resume().map_err(terminal::writing)?;
            update(app, events::Event::ExternalEdited(result));
            Ok(Flow::Draw)
        }
    }
}

/// The whole desk is in: what waited for it runs, in order, the actions on the drafts
/// they were asked for.
fn run_waiting(tui: &mut terminal::Tui, app: &mut App) -> anyhow::Result<Flow> {
    let waiting = std::mem::take(&mut app.waits.queue);
    for w in waiting {
        let flow = match w {
            events::Waiting::Action { action, draft } => {
                let effect = app.run_waiting_action(action, draft);
                effect_flow(tui, app, effect)?
            }
            events::Waiting::Input(ev) => dispatch(tui, app, ev)?,
        };
        if let Flow::Quit = flow {
            return Ok(Flow::Quit);
        }
        if terminal::signalled() {
            return Ok(Flow::Quit);
        }
    }
    Ok(Flow::Next)
}

fn event_loop(
    tui: &mut terminal::Tui,
    app: &mut App,
    mut loading: Option<Loading>,
) -> anyhow::Result<()> {
    if let Ok(size) = tui.size() {
        update(app, events::Event::Resize(size.width, size.height));
    }
    // Draw only after something happened: an idle desk sends nothing to the terminal.
    let mut dirty = true;
    let mut polled = Instant::now();
    // The loading's count last drawn.
    let mut shown = None;
    loop {
        if terminal::signalled() {
            return Ok(());
        }
        // A desk opened newest first: keys are handled on the newest drafts while the rest
        // loads; the whole desk is swapped in between two keys, then what waited runs.
        if let Some(l) = loading.as_mut() {
            if l.try_finish(app)? {
                loading = None;
                dirty = true;
                if let Flow::Quit = run_waiting(tui, app)? {
                    return Ok(());
                }
            } else {
                let now = app.waits.progress.as_ref().map(|p| p.now());
                dirty |= now != shown;
                shown = now;
            }
        }
        // The other side's saves and review logs: a few stats every half second; a redraw
        // only when something changed. Not on a part of the desk.
        if loading.is_none() && polled.elapsed() >= POLL_EVERY {
            polled = Instant::now();
            if let Some(action) = app.poll_disk() {
                update(app, action);
                dirty = true;
            }
            // `briefdesk import` from another process, queued for this session.
            if let Some(arrived) = app.poll_inbox() {
                update(app, arrived);
                dirty = true;
            }
        }
        // A fetch of the feeds (issue #18): its progress, then its end.
        if let Some(fetched) = app.poll_fetch() {
            update(app, fetched);
            dirty = true;
        }
        // Rankings done off the key loop come back as actions.
        for action in drafts::finished(&app.drafts_cache) {
            update(app, action);
            dirty = true;
        }
        // The word search's texts, a slice per turn, keys read between slices.
        let taking = app.drafts_cache.taking_texts();
        if taking {
            update(app, events::Event::TakeTexts);
            dirty |= !app.drafts_cache.taking_texts();
        }
        if dirty {
            tui.draw(|f| draw(app, f)).map_err(terminal::writing)?;
            dirty = false;
        }
        if terminal::signalled() {
            return Ok(());
        }
        // Keys crossterm already holds come first; else wait on the terminal itself, which
        // also tells a hang-up (crossterm would spin on a dead terminal).
        if terminal::wait_input(Duration::ZERO) == terminal::Input::Gone {
            return Ok(());
        }
        if !event::poll(TAKE).map_err(terminal::reading)? {
            let wait = if taking {
                Duration::ZERO
            } else if loading.is_some() {
                LOADING_TICK
            } else {
                Duration::from_millis(250)
            };
            match terminal::wait_input_or(wait, drafts::wake_fd(&app.drafts_cache)) {
                terminal::Input::Gone => return Ok(()),
                terminal::Input::Idle => continue,
                terminal::Input::Ready => {
                    if !event::poll(TAKE).map_err(terminal::reading)? {
                        continue;
                    }
                }
            }
        }
        dirty = true;
        // Every event already waiting, then one frame: a fast typist or a paste the terminal
        // sends as keys costs one frame per BATCH, not one per key.
        let batch = Instant::now();
        loop {
            match dispatch(tui, app, event::read().map_err(terminal::reading)?)? {
                Flow::Next => {}
                Flow::Draw => break,
                Flow::Quit => return Ok(()),
            }
            if terminal::signalled()
                || batch.elapsed() >= BATCH
                || !event::poll(TAKE).map_err(terminal::reading)?
            {
                break;
            }
        }
    }
}
