//! Scenario tests of `update` (driven through the key table) and screen snapshots.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use unicode_width::UnicodeWidthStr;

use super::app::{App, Config, Focus, SaveState, Saver};
use super::dialogs::editor::Editor;
use super::dialogs::export::{Export, Stage};
use super::events::Event;
use super::theme::Theme;
use super::{Action, draw, update};
use crate::model::{
    Bullet, BulletId, BulletKind, BulletPath, Desk, Edit, Issue, IssueId, IssueMeta, Item, ItemId,
    ItemState, Section, SectionId, Stamp, Touch,
};
use crate::store::SaveReport;

mod editor;
mod feeds;
mod form;
mod hints;
mod import_dialog;
mod inbox;
mod issue_details;
mod keys;
mod lead;
mod loading;
mod marks;
mod mouse;
mod paste;
mod preview;
mod review;
mod search;
mod sources;
mod tradecraft;

/// A desk with text from many scripts and one hostile headline.
fn desk() -> Desk {
    let mut d = Desk::new();
    let items = [
        (
            "Iran sanctions tightened on drone exports",
            vec!["Washington adds twelve firms to the list."],
            Some("10:30 PM CEST"),
        ),
        (
            "Israel – Gaza: ceasefire talks resume in Cairo",
            vec!["Mediators met on Sunday."],
            None,
        ),
        (
            "北京发布新的网络安全法规 🔒",
            vec!["新规定将于下月生效。"],
            Some("09:15 CST"),
        ),
        (
            "שלום: Knesset debates cyber bill",
            vec!["הצעת החוק עברה בקריאה ראשונה."],
            None,
        ),
        (
            "گزارش: حمله سایبری به بانک‌ها",
            vec!["بانک مرکزی تأیید کرد."],
            None,
        ),
        ("Ransomware gang hits hospital 🏥👩‍💻", vec![], None),
        (
            "Evil \u{1b}]0;pwned\u{7}title \u{1b}]52;c;ZXZpbA==\u{7}clip \u{1b}[2Jclear",
            vec!["body \u{1b}[31mred"],
            None,
        ),
        (
            "Russia and Iran sign a satellite deal",
            vec!["Launch planned for spring."],
            None,
        ),
    ];
    for (i, (h, body, stamp)) in items.into_iter().enumerate() {
        let mut it = Item::new(
            ItemId(i as u64 + 1),
            h,
            body.into_iter().map(String::from).collect(),
        );
        it.stamp = stamp.map(|s| {
            Box::new(Stamp {
                written: s.to_string(),
                utc: None,
            })
        });
        it.date = NaiveDate::from_ymd_opt(2024, 10, 19);
        d.items.insert(it.id, it);
    }
    if let Some(it) = d.items.get_mut(&ItemId(2)) {
        it.state = ItemState::Spiked;
    }
    if let Some(it) = d.items.get_mut(&ItemId(4)) {
        it.state = ItemState::Held;
    }
    if let Some(it) = d.items.get_mut(&ItemId(1)) {
        it.state = ItemState::Used;
    }
    let mut issue = Issue::new(
        IssueId(1),
        IssueMeta {
            title: "Weekly Security Brief".into(),
            tagline: "What moved this week".into(),
            date: NaiveDate::from_ymd_opt(2024, 10, 21),
            group: Some("Global Security Matters".into()),
            tlp: None,
        },
    );
    let mut middle_east = Section::new(SectionId(1), "Middle East");
    let mut b1 = Bullet::new(BulletId(1), "Washington adds twelve firms to the list.");
    b1.item = Some(ItemId(1));
    let mut sub = Bullet::new(BulletId(2), "Tehran will likely answer within weeks.");
    sub.kind = BulletKind::Assessment;
    let mut subsub = Bullet::new(BulletId(3), "Third level: 日本語テキスト and emoji 🚀");
    subsub.kind = BulletKind::Fact;
    sub.sub_points.push(subsub);
    b1.sub_points.push(sub);
    middle_east.bullets.push(b1);
    middle_east.bullets.push(Bullet::new(
        BulletId(4),
        "Hezbollah drone strikes continue.",
    ));
    let mut cyber = Section::new(SectionId(2), "Cyber");
    cyber.bullets.push(Bullet::new(
        BulletId(5),
        "Hostile \u{1b}[2J text \u{1b}]0;x\u{7} stays visible",
    ));
    issue.sections.push(middle_east);
    issue.sections.push(cyber);
    issue.sections.push(Section::new(SectionId(3), "Europe"));
    d.issues.insert(issue.id, issue);
    d
}

#[derive(Default)]
struct FakeSaver {
    calls: Rc<RefCell<Vec<Vec<Touch>>>>,
    journal: Rc<RefCell<Vec<Vec<Edit>>>>,
    fail: Rc<RefCell<bool>>,
}

impl Saver for FakeSaver {
    fn journal(&mut self, edits: &[Edit]) -> Result<(), String> {
        if *self.fail.borrow() {
            return Err("disk full".into());
        }
        self.journal.borrow_mut().push(edits.to_vec());
        Ok(())
    }

    fn save_touched(&mut self, _desk: &Desk, touched: &[Touch]) -> Result<SaveReport, String> {
        if *self.fail.borrow() {
            return Err("disk full".into());
        }
        self.calls.borrow_mut().push(touched.to_vec());
        Ok(SaveReport {
            files: touched.len(),
            bytes: 1,
        })
    }
}

type Calls = Rc<RefCell<Vec<Vec<Touch>>>>;

fn app_with(desk: Desk, config: Config) -> (App, Calls, Rc<RefCell<bool>>) {
    let saver = FakeSaver::default();
    let calls = saver.calls.clone();
    let fail = saver.fail.clone();
    (App::new(desk, Some(Box::new(saver)), config), calls, fail)
}

fn app() -> App {
    app_with(desk(), Config::default()).0
}

fn press(app: &mut App, code: KeyCode) {
    let mods = match code {
        KeyCode::Char(c) if c.is_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    app.handle_key(KeyEvent::new(code, mods));
}

fn ch(app: &mut App, c: char) {
    press(app, KeyCode::Char(c));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        ch(app, c);
    }
}

/// The buffer as text, one line a row; a wide char's trailing cell is not repeated.
fn text_of(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn render_buf(app: &App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    term.draw(|f| draw(app, f)).expect("draw");
    term.backend().buffer().clone()
}

fn screen(app: &App, w: u16, h: u16) -> String {
    text_of(&render_buf(app, w, h))
}

fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_160x48"), screen(app, 160, 48));
}

fn issue(app: &App) -> &Issue {
    app.desk.issue(IssueId(1)).expect("issue 1")
}

fn section_items(app: &App, s: usize) -> Vec<Option<ItemId>> {
    issue(app).sections[s]
        .bullets
        .iter()
        .map(|b| b.item)
        .collect()
}

#[test]
fn save_failure_is_shown_kept_and_retried() {
    let (mut app, calls, fail) = app_with(desk(), Config::default());
    *fail.borrow_mut() = true;
    ch(&mut app, 's');
    assert!(matches!(app.save_state, SaveState::Failed(_)));
    assert_eq!(app.desk.items[&ItemId(8)].state, ItemState::Spiked);
    assert!(screen(&app, 80, 24).contains("NOT SAVED"));
    *fail.borrow_mut() = false;
    ch(&mut app, 'j');
    assert!(matches!(app.save_state, SaveState::Saved(_)));
    assert_eq!(calls.borrow().as_slice(), &[vec![Touch::Item(ItemId(8))]]);
}

#[test]
fn read_only_refuses_edits_and_saves_nothing() {
    let config = Config {
        read_only: true,
        ..Config::default()
    };
    let (mut app, calls, _) = app_with(desk(), config);
    let before = app.desk.clone();
    ch(&mut app, 's');
    ch(&mut app, 'a');
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'A');
    ch(&mut app, 'u');
    assert_eq!(app.desk, before);
    assert!(calls.borrow().is_empty());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|(m, _)| m.contains("read-only"))
    );
    snap("read_only", &app);
}

#[test]
fn export_dialog_writes_atomically_and_asks_before_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("out.md");
    let mut app = app();
    ch(&mut app, 'x');
    let Some(st) = app.dialog_mut::<Export>() else {
        panic!("export dialog not open");
    };
    st.path = target.display().to_string();
    press(&mut app, KeyCode::Enter);
    assert!(target.exists());
    let Some(st) = app.dialog::<Export>() else {
        panic!("dialog closed too early");
    };
    assert!(matches!(&st.stage, Stage::Written { path, .. } if path == &target));
    press(&mut app, KeyCode::Enter);
    ch(&mut app, 'x');
    let Some(st) = app.dialog_mut::<Export>() else {
        panic!("export dialog not open");
    };
    st.path = target.display().to_string();
    press(&mut app, KeyCode::Enter);
    let Some(st) = app.dialog::<Export>() else {
        panic!("dialog closed");
    };
    assert!(matches!(st.stage, Stage::ConfirmOverwrite(_)));
    press(&mut app, KeyCode::Enter);
    let Some(st) = app.dialog::<Export>() else {
        panic!("dialog closed");
    };
    assert!(matches!(st.stage, Stage::Written { .. }));
    assert!(!dir.path().join("out.md.tmp").exists());
}

#[test]
fn export_dialog_shows_long_warnings_whole() {
    let mut app = app();
    ch(&mut app, 'x');
    let Some(st) = app.dialog_mut::<Export>() else {
        panic!("export dialog not open");
    };
    let long = "section \"Cyber / Defense Technology and Critical Infrastructure Protection\" has no bullets: left out of md";
    st.stage = Stage::Written {
        path: "/tmp/digest.md".into(),
        warnings: vec![long.into(), "issue 1 is Draft, not approved".into()],
    };
    let s = screen(&app, 100, 30);
    // Wrapped, not cut: the end of each warning is on screen.
    assert!(s.contains("left out of md"), "{s}");
    assert!(s.contains("not approved"), "{s}");
    assert!(!s.contains("Protection…"), "{s}");
}

#[test]
fn too_small_never_panics() {
    let app = app();
    let s = screen(&app, 30, 8);
    assert!(s.contains("too small"), "{s}");
    insta::assert_snapshot!("too_small_30x8", s);
    let _ = screen(&app, 1, 1);
    let _ = screen(&app, 0, 5);
    let _ = screen(&app, 79, 24);
    let _ = screen(&app, 80, 23);
}

#[test]
fn no_color_uses_no_colours() {
    let config = Config {
        theme: Theme::no_color(),
        ..Config::default()
    };
    let (mut app, _, _) = app_with(desk(), config);
    ch(&mut app, '/');
    typ(&mut app, "iran");
    let mut bufs = vec![render_buf(&app, 80, 24), render_buf(&app, 160, 48)];
    press(&mut app, KeyCode::Enter);
    ch(&mut app, '2');
    bufs.push(render_buf(&app, 80, 24));
    ch(&mut app, '?');
    bufs.push(render_buf(&app, 80, 24));
    for buf in &bufs {
        for cell in buf.content() {
            assert_eq!(cell.fg, Color::Reset, "fg colour at {:?}", cell.symbol());
            assert_eq!(cell.bg, Color::Reset, "bg colour at {:?}", cell.symbol());
        }
    }
    // And the coloured theme does use colour.
    let coloured = render_buf(&self::app(), 80, 24);
    assert!(coloured.content().iter().any(|c| c.fg != Color::Reset));
}

#[test]
fn no_escape_byte_reaches_a_cell() {
    let mut app = app();
    for w in [(80, 24), (160, 48)] {
        for focus in ['1', '2'] {
            ch(&mut app, focus);
            app.drafts.cursor = 1; // the hostile item
            let buf = render_buf(&app, w.0, w.1);
            assert!(
                buf.content()
                    .iter()
                    .all(|c| !c.symbol().chars().any(char::is_control))
            );
        }
    }
}

#[test]
fn snapshots_panes() {
    let mut app = app();
    snap("drafts", &app);
    app.drafts.cursor = 1;
    snap("preview_item_hostile", &app);
    app.drafts.cursor = 5;
    snap("preview_item_cjk", &app);
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'j');
    snap("issue_outline", &app);
    ch(&mut app, '3');
    snap("preview_digest", &app);
}

#[test]
fn snapshots_filter_and_dialogs() {
    let mut app = app();
    ch(&mut app, '/');
    typ(&mut app, "iran");
    snap("filter_typing", &app);
    press(&mut app, KeyCode::Enter);
    snap("filter_kept", &app);
    press(&mut app, KeyCode::Esc);
    app.drafts.cursor = 0;
    ch(&mut app, 'a');
    typ(&mut app, "e");
    snap("section_picker", &app);
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'a');
    typ(&mut app, "Health");
    snap("section_picker_new", &app);
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'x');
    snap("export_dialog", &app);
    press(&mut app, KeyCode::Esc);
    ch(&mut app, '?');
    snap("help_drafts", &app);
    press(&mut app, KeyCode::Esc);
    ch(&mut app, '2');
    ch(&mut app, '?');
    snap("help_issue", &app);
    press(&mut app, KeyCode::Esc);
    ch(&mut app, ':');
    snap("palette", &app);
    typ(&mut app, "undo");
    snap("palette_filtered", &app);
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'j');
    ch(&mut app, 'e');
    snap("inline_edit", &app);
    press(&mut app, KeyCode::Esc);
    ch(&mut app, '1');
    ch(&mut app, 'n');
    typ(&mut app, "新しい見出し 🚀");
    snap("new_item_form", &app);
}

#[test]
fn bad_keymap_file_is_reported_in_the_status_bar() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("keymap.toml"), "[drafts]\nx = \"fly\"\n").expect("write");
    let (keymap, keymap_error) = super::keymap::Keymap::load(Some(dir.path()));
    let config = Config {
        keymap,
        keymap_error,
        ..Config::default()
    };
    let (app, _, _) = app_with(desk(), config);
    let s = screen(&app, 160, 48);
    assert!(s.contains("unknown action"), "{s}");
}

#[test]
fn rescue_keeps_typed_text_as_a_recovered_draft_and_nothing_else() {
    let (mut app, calls, _) = app_with(desk(), Config::default());
    // Nothing open, or an editor with the text unchanged: nothing to keep.
    assert!(!app.rescue_unsaved());
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'e');
    assert!(app.dialog::<Editor>().is_some());
    assert!(!app.rescue_unsaved());
    assert_eq!(app.recovered_notice(), None);
    assert!(calls.borrow().is_empty());

    ch(&mut app, 'e');
    typ(&mut app, " and more");
    let before = app.desk.items.len();
    let bullet = issue(&app).sections[0].bullets[0].text.clone();
    assert!(app.rescue_unsaved());
    assert!(app.dialog.is_none());
    assert_eq!(app.desk.items.len(), before + 1);
    let item = app.desk.items.values().last().expect("the rescued item");
    assert!(item.headline.starts_with("Unsaved edit of bullet"));
    assert!(item.headline.ends_with("(recovered)"));
    assert_eq!(item.body, vec![format!("{bullet} and more")]);
    assert_eq!(item.tags, vec![super::rescue::RECOVERED_TAG.to_string()]);
    assert_eq!(item.state, ItemState::Pool);
    // The bullet itself is unchanged; the rescue went through the saver.
    assert_eq!(issue(&app).sections[0].bullets[0].text, bullet);
    assert_eq!(calls.borrow().len(), 1);
    assert!(app.recovered_notice().is_some());

    // Read-only: nothing is kept (nothing could be typed anyway).
    let (mut ro, calls, _) = app_with(
        desk(),
        Config {
            read_only: true,
            ..Config::default()
        },
    );
    assert!(!ro.rescue_unsaved());
    assert!(calls.borrow().is_empty());
}

/// A generated desk big enough to be opened newest first.
pub(super) fn big_desk_dir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    crate::desk_gen::write_desk(tmp.path(), &crate::desk_gen::desk(5_000)).expect("write desk");
    tmp
}

#[test]
fn a_desk_opened_newest_first_is_whole_before_any_action() {
    use crate::store::{Opened, Store};
    let tmp = big_desk_dir();
    let (_, full) = Store::open(tmp.path()).expect("full open");
    let opened = Store::open_newest_first(tmp.path()).expect("open");
    assert!(matches!(opened, Opened::Newest(..)));
    let (mut app, loading) = super::start(opened, super::Options::default());
    // The first screen: the newest drafts, the counts still to come.
    assert!(app.loading);
    let first = screen(&app, 120, 40);
    assert!(first.contains("1 Drafts (…)"), "{first}");
    assert!(first.contains("… drafts · "), "{first}");
    let newest = full.items_newest_first().next().expect("an item");
    let start: String = newest.headline.chars().take(20).collect();
    assert!(first.contains(&start), "{first}");
    // The rest merged: the whole desk, the real counts, and saves reach the store.
    loading
        .expect("still loading")
        .finish(&mut app)
        .expect("finish");
    assert!(!app.loading);
    // Changed for issue #19: the same desk, its bodies left in their chunk files.
    let mut lean = full.clone();
    lean.items
        .values_mut()
        .for_each(crate::model::Item::leave_body_on_disk);
    assert_eq!(app.desk, lean);
    let whole = screen(&app, 120, 40);
    assert!(whole.contains("1 Drafts (5000)"), "{whole}");
    update(&mut app, Action::Spike);
    assert!(
        matches!(app.save_state, SaveState::Saved(_)),
        "{:?}",
        app.save_state
    );
    // The spiked draft's chunk was written with every body in it (from the file).
    let (_, mut reopened) = Store::open(tmp.path()).expect("reopen");
    reopened
        .items
        .values_mut()
        .for_each(crate::model::Item::leave_body_on_disk);
    assert_eq!(reopened, app.desk);
}

#[test]
fn a_damaged_old_chunk_ends_the_newest_first_open_with_the_full_opens_error() {
    use crate::store::{ITEMS_DIR, Opened, Store};
    let tmp = big_desk_dir();
    let chunk = tmp.path().join(ITEMS_DIR).join("000000.json");
    std::fs::write(
        &chunk,
        "{\"briefdesk\": \"items\", \"schema\": 1, \"items\": [",
    )
    .expect("write");
    let full = Store::open(tmp.path())
        .err()
        .map(|e| e.to_string())
        .expect("the full open fails");
    let opened = Store::open_newest_first(tmp.path()).expect("open");
    assert!(matches!(opened, Opened::Newest(..)));
    let (mut app, loading) = super::start(opened, super::Options::default());
    let e = loading
        .expect("still loading")
        .finish(&mut app)
        .err()
        .map(|e| e.to_string())
        .expect("the merge fails");
    assert_eq!(e, full);
    // Still marked loading, with no store: nothing can be saved from this App.
    assert!(app.loading);
}
