//! Issue #15's word search in the desk (`Ctrl-f`): every word in headline or body, the
//! count in the Drafts title, the hits highlighted in Preview and scrolled to, `Esc` gives
//! back the list as it was.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

use super::{app, app_with, press, render_buf, screen, snap, typ};
use crate::model::{Desk, Item, ItemId};
use crate::tui::app::{App, Config, Focus};
use crate::tui::theme::Theme;

fn ctrl_f(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
}

/// The ids the Drafts list shows, in order.
fn listed(app: &App) -> Vec<ItemId> {
    (0..app.drafts_cache.len())
        .filter_map(|r| app.drafts_cache.id(r))
        .collect()
}

/// Where `word` is drawn on the screen (first cell), and whether each of its cells is
/// reversed and underlined there.
fn marked_at(app: &App, w: u16, h: u16, word: &str) -> Option<bool> {
    let buf = render_buf(app, w, h);
    for y in 0..h {
        let row: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
        // Preview is the right-hand pane: look there only.
        let from = row
            .char_indices()
            .nth(usize::from(w) / 2)
            .map_or(0, |(b, _)| b);
        if let Some(b) = row[from..].find(word) {
            let x = row[..from + b].chars().count() as u16;
            let all = (x..x + word.chars().count() as u16).all(|x| {
                let m = buf[(x, y)].modifier;
                m.contains(Modifier::REVERSED) && m.contains(Modifier::UNDERLINED)
            });
            return Some(all);
        }
    }
    None
}

#[test]
fn a_word_only_in_a_body_finds_its_draft_with_the_count_and_esc_restores_the_list() {
    let mut app = app();
    let all = listed(&app);
    // The cursor on the third draft: it is under the cursor again after Esc.
    app.drafts.cursor = 2;
    let before = app.selected_item().map(|i| i.id);
    ctrl_f(&mut app);
    assert!(app.search.on && app.search.editing);
    assert_eq!(app.focus, Focus::Drafts);
    let s = screen(&app, 80, 24);
    assert!(s.contains("1 Word search (8)"), "{s}");
    // "spring" is only in the body of draft 8 ("Launch planned for spring.").
    typ(&mut app, "spring");
    assert_eq!(listed(&app), [ItemId(8)]);
    let s = screen(&app, 80, 24);
    assert!(s.contains("1 Word search (1 of 8): “spring”"), "{s}");
    assert!(s.contains("search: spring"), "{s}");
    // Every word, any order, across headline and body; case aside.
    typ(&mut app, " SATELLITE");
    assert_eq!(listed(&app), [ItemId(8)]);
    typ(&mut app, " zzz");
    assert!(listed(&app).is_empty());
    assert!(screen(&app, 80, 24).contains("no draft holds every word"));
    // Enter keeps the query; j/k move over the hits; Esc leaves and gives the list back.
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.search.on && !app.search.editing);
    assert_eq!(listed(&app), [ItemId(8)]);
    press(&mut app, KeyCode::Esc);
    assert!(!app.search.on);
    assert_eq!(listed(&app), all);
    assert_eq!(app.selected_item().map(|i| i.id), before);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("1 Drafts (8)") && !s.contains("Word search"),
        "{s}"
    );
}

#[test]
fn esc_while_typing_leaves_and_a_kept_fuzzy_filter_comes_back() {
    let mut app = app();
    app.handle_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    typ(&mut app, "iran");
    press(&mut app, KeyCode::Enter);
    let filtered = listed(&app);
    ctrl_f(&mut app);
    typ(&mut app, "mediators");
    assert_eq!(listed(&app), [ItemId(2)]);
    press(&mut app, KeyCode::Esc);
    assert!(!app.search.on);
    assert_eq!(app.drafts.filter.query, "iran");
    assert_eq!(listed(&app), filtered);
}

#[test]
fn the_hits_are_highlighted_in_preview_also_without_colour() {
    for theme in [Theme::default(), Theme::no_color()] {
        let config = Config {
            theme,
            ..Config::default()
        };
        let mut app = app_with(super::desk(), config).0;
        ctrl_f(&mut app);
        typ(&mut app, "satellite spring");
        assert_eq!(listed(&app), [ItemId(8)]);
        // In the headline and in the body: reversed and underlined (no colour needed).
        assert_eq!(marked_at(&app, 160, 48, "satellite"), Some(true));
        assert_eq!(marked_at(&app, 160, 48, "spring"), Some(true));
        // A word that is not a hit is not marked.
        assert_eq!(marked_at(&app, 160, 48, "Launch"), Some(false));
    }
}

#[test]
fn preview_scrolls_to_the_first_hit_far_down_a_long_body() {
    let mut desk = Desk::new();
    let mut body: Vec<String> = (0..60)
        .map(|k| format!("Paragraph {k} says nothing of note."))
        .collect();
    body.push("At last the ferry operator named the ransomware crew.".into());
    desk.items.insert(
        ItemId(1),
        Item::new(ItemId(1), "A long report on shipping", body),
    );
    let mut app = app_with(desk, Config::default()).0;
    ctrl_f(&mut app);
    typ(&mut app, "ransomware crew");
    let s = screen(&app, 80, 24);
    assert!(s.contains("ransomware crew"), "{s}");
    assert!(s.contains("3 Preview: draft (word search)"), "{s}");
    assert!(!s.contains("Paragraph 0 says"), "{s}");
    // Kept, then to the Issue pane and back: Preview goes to the hit again.
    press(&mut app, KeyCode::Enter);
    super::ch(&mut app, '2');
    super::ch(&mut app, '1');
    let s = screen(&app, 80, 24);
    assert!(s.contains("ransomware crew"), "{s}");
    // Leaving the search, Preview is at the top again.
    press(&mut app, KeyCode::Esc);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("Paragraph 0 says") && !s.contains("ransomware crew"),
        "{s}"
    );
}

#[test]
fn snapshots_of_the_word_search() {
    let mut app = app();
    ctrl_f(&mut app);
    typ(&mut app, "iran");
    snap("word_search", &app);
}

#[test]
fn a_big_desk_searches_off_the_key_loop_and_the_answer_arrives_later() {
    let mut desk = Desk::new();
    for id in 1..=300u64 {
        let body = if id % 7 == 0 {
            vec![format!("Draft {id} mentions Telegram.")]
        } else {
            vec![format!("Draft {id}.")]
        };
        desk.items.insert(
            ItemId(id),
            Item::new(ItemId(id), format!("Head {id}"), body),
        );
    }
    let mut app = app_with(desk, Config::default()).0;
    app.drafts_cache.off_loop_from = 0;
    ctrl_f(&mut app);
    typ(&mut app, "telegram");
    // The key returned before the search did: the worker has it.
    assert!(app.drafts_cache.ranking());
    assert!(screen(&app, 160, 48).contains("1 Word search (… of 300)"));
    assert!(app.settle_drafts(Duration::from_secs(30)));
    let want: Vec<ItemId> = (1..=300u64)
        .rev()
        .filter(|i| i % 7 == 0)
        .map(ItemId)
        .collect();
    assert_eq!(listed(&app), want);
    assert!(screen(&app, 160, 48).contains("1 Word search (42 of 300)"));
    // Typed on: narrowed from the last hits, on the worker, the same answer as at once.
    typ(&mut app, " draft 14");
    assert!(app.settle_drafts(Duration::from_secs(30)));
    let want: Vec<ItemId> = [147u64, 140, 14].into_iter().map(ItemId).collect();
    assert_eq!(listed(&app), want);
}

#[test]
fn the_palette_and_help_offer_the_search() {
    let mut app = app();
    app.handle_key(KeyEvent::new(KeyCode::Char(':'), KeyModifiers::NONE));
    typ(&mut app, "search");
    let s = screen(&app, 160, 48);
    assert!(
        s.contains("search               Ctrl-f         Drafts: word search"),
        "{s}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.search.on && app.search.editing);
    press(&mut app, KeyCode::Esc);
    app.handle_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE));
    let s = screen(&app, 160, 48);
    assert!(s.contains("Ctrl-f"), "{s}");
}

#[test]
fn an_edit_during_the_search_is_found_by_its_new_words_and_undo_by_its_old() {
    use crate::model::Command;
    let mut app = app();
    ctrl_f(&mut app);
    typ(&mut app, "spring");
    assert_eq!(listed(&app), [ItemId(8)]);
    let mut item = app.desk.items[&ItemId(8)].clone();
    item.body = vec!["Launch planned for autumn.".into()].into();
    assert!(app.ctx.perform(Command::EditItem { item }));
    app.refresh_drafts();
    assert!(listed(&app).is_empty());
    for _ in 0.."spring".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "autumn");
    assert_eq!(listed(&app), [ItemId(8)]);
    // Undo (the query kept, then `u`): the old words again.
    press(&mut app, KeyCode::Enter);
    super::ch(&mut app, 'u');
    assert!(listed(&app).is_empty());
    // A change made outside a command (the desk followed from disk): every text is taken
    // again.
    if let Some(it) = app.desk.items.get_mut(&ItemId(7)) {
        it.body = vec!["Now it is autumn here too.".into()].into();
    }
    app.desk_changed();
    app.refresh_drafts();
    assert_eq!(listed(&app), [ItemId(7)]);
}

/// The sample desk (its issue and sections) and 300 more drafts, every seventh with
/// "Telegram" in its body.
fn telegram_desk() -> Desk {
    let mut desk = super::desk();
    for id in 1_000..1_300u64 {
        let body = if id % 7 == 0 {
            vec![format!("Draft {id} mentions Telegram.")]
        } else {
            vec![format!("Draft {id}.")]
        };
        desk.items.insert(
            ItemId(id),
            Item::new(ItemId(id), format!("Head {id}"), body),
        );
    }
    desk
}

/// A desk searched on the worker, in the pool view, for `query`, its answer in.
fn searching(desk: Desk, query: &str) -> App {
    let mut app = app_with(desk, Config::default()).0;
    app.drafts_cache.off_loop_from = 0;
    app.drafts_view = crate::model::StateView::of(&[crate::model::ItemState::Pool]);
    ctrl_f(&mut app);
    typ(&mut app, query);
    assert!(app.settle_drafts(Duration::from_secs(30)));
    app
}

#[test]
fn an_edit_during_a_search_lists_what_the_list_taken_whole_lists() {
    let mut app = searching(telegram_desk(), "telegram");
    press(&mut app, KeyCode::Enter);
    let hits = listed(&app).len();
    let rebuilds = app.drafts_cache.rebuilds;
    let key = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    let redo = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
    // Spike, assign (to the first section), undo, undo, redo: each a new revision whose
    // drafts leave the pool view or come back to it.
    let steps = [
        (vec![key('s')], hits - 1),
        (vec![down, key('a'), enter], hits - 2),
        (vec![key('u')], hits - 1),
        (vec![key('u')], hits),
        (vec![redo], hits - 1),
    ];
    for (keys, want) in steps {
        let rev = app.desk_rev();
        for &k in &keys {
            app.handle_key(k);
        }
        assert!(app.desk_rev() > rev, "{keys:?} changed nothing");
        assert!(app.settle_drafts(Duration::from_secs(30)));
        let whole = searching(app.desk.clone(), "telegram");
        assert_eq!(listed(&app), listed(&whole), "after {keys:?}");
        assert_eq!(listed(&app).len(), want, "after {keys:?}");
    }
    // Every edit patched the list; none took it whole.
    assert_eq!(app.drafts_cache.rebuilds, rebuilds);
}

#[test]
fn the_first_ctrl_f_on_a_big_desk_returns_before_the_texts_are_in_and_the_hits_arrive_later() {
    let mut desk = Desk::new();
    for id in 1..=20_000u64 {
        let body = vec![format!(
            "Draft {id} body text, with a few more words in it."
        )];
        desk.items.insert(
            ItemId(id),
            Item::new(ItemId(id), format!("Head {id}"), body),
        );
    }
    if let Some(it) = desk.items.get_mut(&ItemId(17)) {
        it.body.push("Recruited on Telegram.".into());
    }
    let mut app = app_with(desk, Config::default()).0;
    ctrl_f(&mut app);
    // The key took a slice of the texts, not all of them.
    let taken = app.drafts_cache.texts_taken();
    assert!(taken < 20_000, "{taken} texts taken by the key");
    assert!(app.drafts_cache.taking_texts());
    typ(&mut app, "telegram");
    assert!(app.drafts_cache.ranking());
    assert!(screen(&app, 160, 48).contains("1 Word search (… of 20000)"));
    // The event loop's turns take the rest; then the worker answers.
    assert!(app.settle_drafts(Duration::from_secs(60)));
    assert!(!app.drafts_cache.taking_texts());
    assert_eq!(listed(&app), [ItemId(17)]);
}

#[test]
fn a_common_word_shows_its_first_screen_from_the_texts_taken_so_far_counting_on() {
    // 80,000 drafts, every third one about a port; the texts are taken a slice per turn (each
    // key and each answer the list takes in takes one: 20 slices, more than the keys and
    // the answers before the first screen take on a quiet machine).
    let mut desk = Desk::new();
    for id in 1..=80_000u64 {
        let body = match id % 3 {
            0 => vec![format!("Draft {id}: dockers struck at the port.")],
            _ => vec![format!("Draft {id}: nothing to see.")],
        };
        desk.items.insert(
            ItemId(id),
            Item::new(ItemId(id), format!("Head {id}"), body),
        );
    }
    let whole = searching(desk.clone(), "port");
    let mut app = app_with(desk, Config::default()).0;
    app.drafts_view = crate::model::StateView::of(&[crate::model::ItemState::Pool]);
    ctrl_f(&mut app);
    typ(&mut app, "port");
    assert!(app.drafts_cache.taking_texts());
    // No turn of the event loop: only what the worker sends comes in. Its first screen
    // comes from the texts the keys took.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !app.drafts_cache.shows_newest() && std::time::Instant::now() < deadline {
        let Some(fd) = crate::tui::drafts::wake_fd(&app.drafts_cache) else {
            break;
        };
        crate::tui::ranker::wait_readable(fd, Duration::from_millis(100));
        for event in crate::tui::drafts::finished(&app.drafts_cache) {
            if let crate::tui::events::Event::DraftsRanked(r) = event {
                app.ranked(r);
            }
        }
    }
    assert!(app.drafts_cache.shows_newest(), "no first screen");
    assert!(app.drafts_cache.taking_texts(), "every text taken");
    let first = crate::tui::drafts::FIRST_SCREEN;
    assert_eq!(listed(&app), listed(&whole)[..first]);
    // Still counting: the whole answer is over every draft.
    assert!(screen(&app, 160, 48).contains("1 Word search (… of 80000)"));
    assert!(app.settle_drafts(Duration::from_secs(60)));
    assert!(!app.drafts_cache.taking_texts());
    assert_eq!(listed(&app), listed(&whole));
    assert_eq!(listed(&app).len(), 80_000 / 3);
    assert!(screen(&app, 160, 48).contains("1 Word search (26666 of 80000)"));
}

#[test]
fn a_rare_word_shows_no_rows_from_the_texts_taken_so_far_and_its_whole_answer_comes() {
    // 40,000 drafts; the word only in the three oldest, last in the list.
    let mut desk = Desk::new();
    for id in 1..=40_000u64 {
        let body = match id {
            1..=3 => vec![format!("Draft {id}: recruited on Telegram.")],
            _ => vec![format!("Draft {id}: nothing to see.")],
        };
        desk.items.insert(
            ItemId(id),
            Item::new(ItemId(id), format!("Head {id}"), body),
        );
    }
    let mut app = app_with(desk, Config::default()).0;
    ctrl_f(&mut app);
    // A short query: each key takes a slice of the texts.
    typ(&mut app, "tele");
    assert!(app.drafts_cache.taking_texts());
    let before = listed(&app);
    // No turn of the event loop: the worker searches the texts taken so far, finds no
    // first screen there, and says so; nothing it sent is shown.
    let mut answered = false;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !answered && std::time::Instant::now() < deadline {
        let Some(fd) = crate::tui::drafts::wake_fd(&app.drafts_cache) else {
            break;
        };
        crate::tui::ranker::wait_readable(fd, Duration::from_millis(100));
        for event in crate::tui::drafts::finished(&app.drafts_cache) {
            if let crate::tui::events::Event::DraftsRanked(r) = event {
                answered = true;
                assert!(!r.whole, "a whole answer from a part of the texts");
                app.ranked(r);
            }
        }
    }
    assert!(answered, "the worker said nothing of the part");
    assert!(!app.drafts_cache.shows_newest());
    assert_eq!(listed(&app), before);
    assert!(screen(&app, 160, 48).contains("1 Word search (… of 40000)"));
    // The turns take the rest (longer parts asked for meanwhile), then the whole answer.
    assert!(app.settle_drafts(Duration::from_secs(60)));
    assert_eq!(listed(&app), [ItemId(3), ItemId(2), ItemId(1)]);
    assert!(screen(&app, 160, 48).contains("1 Word search (3 of 40000)"));
}
