//! The Drafts list: short stamps, and rankings on the worker kept only when they answer
//! the newest request.

use super::*;
use crate::model::{Item, Stamp};
use crate::tui::app::{App, update};
use std::time::Duration;

fn stamped(written: &str) -> Item {
    let mut it = Item::new(ItemId(1), "h", Vec::new());
    it.stamp = Some(Box::new(Stamp {
        written: written.into(),
        utc: None,
    }));
    it
}

#[test]
fn a_short_stamp_is_the_time_on_a_24_hour_clock() {
    for (written, short) in [
        ("UPDATE: 10:30 PM CEST", "22:30"),
        ("10:30 PM CEST", "22:30"),
        ("9:05 am EDT", "09:05"),
        ("12:10 a.m.", "00:10"),
        ("12:45 PM", "12:45"),
        ("09:15 CST", "09:15"),
        ("23:59", "23:59"),
        ("Oct 19, 2024 at 7:00 p.m. GMT", "19:00"),
        ("UPDATE", "UPDATE"),
        ("99:99 then 8:15", "08:15"),
    ] {
        assert_eq!(short_stamp(&stamped(written)), short, "{written}");
    }
    let mut dated = Item::new(ItemId(2), "h", Vec::new());
    dated.date = chrono::NaiveDate::from_ymd_opt(2024, 10, 9);
    assert_eq!(short_stamp(&dated), "Oct 9");
    assert_eq!(short_stamp(&Item::new(ItemId(3), "h", Vec::new())), "");
}

fn desk() -> Desk {
    let mut desk = Desk::new();
    for id in 1..=300u64 {
        let head = crate::filter::test_headline(id as usize);
        desk.items
            .insert(ItemId(id), Item::new(ItemId(id), head, Vec::new()));
    }
    desk
}

/// Every ranking on the worker, as on a 100k desk.
fn off_loop() -> DraftsCache {
    DraftsCache {
        off_loop_from: 0,
        ..DraftsCache::default()
    }
}

fn ids(c: &DraftsCache) -> Vec<ItemId> {
    (0..c.len()).filter_map(|r| c.id(r)).collect()
}

/// The list as a ranking done at once gives it.
fn at_once(desk: &Desk, query: &str) -> Vec<ItemId> {
    let mut c = DraftsCache::default();
    c.refresh(desk, 0, query, &Matcher::default());
    assert!(!c.ranking());
    ids(&c)
}

/// Wait for the worker's next result (a deadlock guard, not a timing).
fn next_result(c: &DraftsCache) -> Vec<Ranked> {
    let Some(Ok(r)) = &c.ranker else {
        panic!("no worker")
    };
    loop {
        let got = r.finished();
        if !got.is_empty() {
            return got;
        }
        assert!(
            crate::tui::ranker::wait_readable(r.wake_fd(), Duration::from_secs(30)),
            "the worker never answered"
        );
    }
}

#[test]
fn the_last_result_shows_until_the_worker_answers() {
    let desk = desk();
    let m = Matcher::default();
    let mut c = off_loop();
    c.refresh(&desk, 0, "", &m);
    assert_eq!(c.len(), 300);
    c.refresh(&desk, 0, "ransm", &m);
    assert!(c.ranking());
    // Still every draft, newest first, until the ranking comes back.
    assert_eq!(c.len(), 300);
    assert_eq!(c.id(0), Some(ItemId(300)));
    let mut kept = 0;
    while c.ranking() {
        for r in next_result(&c) {
            // The first screen may come first; one whole ranking is kept.
            let whole = r.whole;
            kept += usize::from(c.accept(r) && whole);
        }
    }
    assert_eq!(kept, 1);
    assert_eq!(ids(&c), at_once(&desk, "ransm"));
}

#[test]
fn a_stale_result_is_dropped() {
    let desk = desk();
    let m = Matcher::default();
    let mut c = off_loop();
    c.refresh(&desk, 0, "ra", &m);
    let first = c.generation;
    c.refresh(&desk, 0, "rans", &m);
    assert!(c.generation > first);
    // An answer to "ra", arriving after "rans" was asked, changes nothing.
    let stale = Ranked {
        generation: first,
        query: "ra".into(),
        hits: vec![0],
        scores: Vec::new(),
        whole: true,
    };
    assert!(!c.accept(stale));
    assert!(c.ranking());
    assert_eq!(c.len(), 300);
    while c.ranking() {
        for r in next_result(&c) {
            if c.accept(r.clone()) {
                assert_eq!(r.query, "rans");
            }
        }
    }
    assert_eq!(ids(&c), at_once(&desk, "rans"));
    // Narrowed on the worker from the last hits: the same list as from scratch.
    c.refresh(&desk, 0, "ransm", &m);
    while c.ranking() {
        for r in next_result(&c) {
            c.accept(r);
        }
    }
    assert_eq!(ids(&c), at_once(&desk, "ransm"));
}

#[test]
fn going_back_to_the_shown_query_or_changing_the_desk_drops_the_request() {
    let mut desk = desk();
    let m = Matcher::default();
    let mut c = off_loop();
    c.refresh(&desk, 0, "ra", &m);
    while c.ranking() {
        for r in next_result(&c) {
            c.accept(r);
        }
    }
    c.refresh(&desk, 0, "ran", &m);
    let asked = c.generation;
    c.refresh(&desk, 0, "ra", &m); // Backspace: "ra" is on screen already
    assert!(!c.ranking());
    let late = Ranked {
        generation: asked,
        query: "ran".into(),
        hits: vec![0],
        scores: Vec::new(),
        whole: true,
    };
    assert!(!c.accept(late));
    assert_eq!(ids(&c), at_once(&desk, "ra"));
    // A new draft while a ranking is out: the answer is for the old desk.
    c.refresh(&desk, 0, "ran", &m);
    let asked = c.generation;
    desk.items.insert(
        ItemId(301),
        Item::new(ItemId(301), "Ransom Note Found", Vec::new()),
    );
    c.refresh(&desk, 1, "ran", &m);
    assert!(c.generation > asked);
    let old = Ranked {
        generation: asked,
        query: "ran".into(),
        hits: vec![0],
        scores: Vec::new(),
        whole: true,
    };
    assert!(!c.accept(old));
    while c.ranking() {
        for r in next_result(&c) {
            c.accept(r);
        }
    }
    assert_eq!(ids(&c), at_once(&desk, "ran"));
    assert_eq!(c.id(0), Some(ItemId(301)));
}

#[test]
fn the_app_applies_the_answer_as_an_action() {
    let mut app = App::new(desk(), None, crate::tui::app::Config::default());
    app.drafts_cache.off_loop_from = 0;
    app.drafts.filter.editing = true;
    app.drafts.filter.query = "iran".into();
    app.refresh_drafts();
    assert!(app.drafts_cache.ranking());
    assert!(wake_fd(&app.drafts_cache).is_some());
    assert!(app.settle_drafts(Duration::from_secs(30)));
    let want = at_once(&app.desk, "iran");
    assert_eq!(count(&app.drafts_cache), want.len());
    assert_eq!(row_id(&app.drafts_cache, 0), want.first().copied());
    // A stale answer through update changes nothing.
    let before = count(&app.drafts_cache);
    update(
        &mut app,
        Event::DraftsRanked(Ranked {
            generation: 0,
            query: "x".into(),
            hits: Vec::new(),
            scores: Vec::new(),
            whole: true,
        }),
    );
    assert_eq!(count(&app.drafts_cache), before);
}

#[test]
fn drawing_reads_the_list_and_starts_no_ranking() {
    let mut app = App::new(desk(), None, crate::tui::app::Config::default());
    app.drafts_cache.off_loop_from = 0;
    app.drafts.filter.editing = true;
    app.drafts.filter.query = "iran".into();
    let mut term =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("test terminal");
    term.draw(|f| crate::tui::app::draw(&app, f)).expect("draw");
    // The query changed outside `update`: the frame shows the list as it was, and no
    // ranking was asked of the worker from inside `draw`.
    assert!(!app.drafts_cache.ranking());
    assert!(wake_fd(&app.drafts_cache).is_none());
    assert_eq!(count(&app.drafts_cache), app.desk.items.len());
}

/// A desk of `n` drafts, a third of them starting with "Ransomware" (the newest first),
/// in every state.
fn big_desk(n: u64) -> Desk {
    let mut desk = Desk::new();
    for id in 1..=n {
        let head = match id % 3 {
            0 => format!(
                "Ransomware Hits {}",
                crate::filter::test_headline(id as usize)
            ),
            _ => crate::filter::test_headline(id as usize),
        };
        let mut it = Item::new(ItemId(id), head, Vec::new());
        it.state = crate::model::ItemState::ALL[(id % 4) as usize];
        desk.items.insert(ItemId(id), it);
    }
    desk
}

#[test]
fn the_first_screen_comes_before_the_whole_ranking_and_is_its_first_rows() {
    let desk = big_desk(1_200);
    let m = Matcher::default();
    let mut c = off_loop();
    c.refresh(&desk, 0, "", &m);
    c.refresh(&desk, 0, "ra", &m);
    let want = at_once(&desk, "ra");
    assert!(want.len() > FIRST_SCREEN);
    let got = next_result(&c);
    assert!(!got[0].whole, "the first answer is the first screen");
    assert!(c.accept(got[0].clone()));
    // The screen shows; the whole ranking is still wanted (the count is coming).
    assert!(c.ranking());
    assert_eq!(ids(&c), want[..FIRST_SCREEN]);
    // A longer query before the whole ranking came: not narrowed from the screen's rows
    // (they are not every hit), so the same list as from scratch.
    c.refresh(&desk, 0, "ran", &m);
    for r in got.into_iter().skip(1) {
        assert!(!c.accept(r), "the whole ranking of \"ra\" comes too late");
    }
    while c.ranking() {
        for r in next_result(&c) {
            c.accept(r);
        }
    }
    assert_eq!(ids(&c), at_once(&desk, "ran"));
    // Back to the whole list: the screen is gone with its request.
    c.refresh(&desk, 0, "", &m);
    assert_eq!(c.len(), desk.items.len());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// In every state view, the first screen the worker sends is the first rows of the
    /// list a ranking done at once gives.
    #[test]
    fn in_every_state_view_the_first_screen_is_the_first_rows_of_the_list(
        view in 0usize..StateView::CYCLE.len(),
        q in proptest::sample::select(&["r", "ra", "Ran", "rans", "s", "iran s", "port"][..]),
    ) {
        let desk = big_desk(1_600);
        let view = StateView::of(StateView::CYCLE[view]);
        let m = Matcher::default();
        let mut want = DraftsCache {
            off_loop_from: usize::MAX,
            ..DraftsCache::default()
        };
        want.refresh_in(&desk, 0, view, q, &m);
        let want = ids(&want);
        let mut c = off_loop();
        c.refresh_in(&desk, 0, view, q, &m);
        let first = next_result(&c).remove(0);
        proptest::prop_assert!(c.accept(first.clone()));
        let n = want.len().min(FIRST_SCREEN);
        proptest::prop_assert_eq!(&ids(&c)[..n], &want[..n], "query {:?}", q);
        proptest::prop_assert!(first.whole || want.len() > FIRST_SCREEN);
    }
}

/// Issue #19: the word search's first screen (its first hits in list order, newest
/// first) comes before the whole hit list, which is still counted meanwhile.
#[test]
fn a_word_search_sends_its_first_screen_in_list_order_before_the_whole_hit_list() {
    let mut desk = Desk::new();
    for id in 1..=1_500u64 {
        let body = match id % 3 {
            0 => vec![format!("Draft {id} mentions Telegram.")],
            _ => vec![format!("Draft {id}.")],
        };
        desk.items.insert(
            ItemId(id),
            Item::new(ItemId(id), format!("Head {id}"), body),
        );
    }
    let m = Matcher::default();
    let view = StateView::default();
    let mut at_once = DraftsCache {
        off_loop_from: usize::MAX,
        ..DraftsCache::default()
    };
    at_once.refresh_as(&desk, 0, view, "telegram", true, &m);
    assert!(!at_once.ranking());
    let want = ids(&at_once);
    assert_eq!(want.len(), 500);
    let mut c = off_loop();
    c.refresh_as(&desk, 0, view, "telegram", true, &m);
    assert!(c.ranking());
    let got = next_result(&c);
    assert!(!got[0].whole, "the first answer is the first screen");
    assert!(c.accept(got[0].clone()));
    assert!(c.shows_newest());
    assert_eq!(ids(&c), want[..FIRST_SCREEN]);
    // The count is still coming: the whole hit list is wanted.
    assert!(c.ranking());
    let mut rest = got[1..].to_vec();
    while c.ranking() {
        for r in rest.drain(..) {
            c.accept(r);
        }
        if c.ranking() {
            rest = next_result(&c);
        }
    }
    assert_eq!(ids(&c), want);
}

/// Issue #19: `Ctrl-f` copies no headline of a draft whose body is on disk (the worker
/// reads it from the list's headlines, `heads`): only the texts of drafts whose body is in
/// memory are copied, and the search finds what it finds in the texts taken whole.
#[test]
fn the_texts_taken_copy_only_the_drafts_whose_body_is_in_memory() {
    let mut desk = Desk::new();
    for id in 1..=1_500u64 {
        let head = match id % 7 {
            0 => format!("Recruited on Telegram {id}"),
            _ => format!("Head {id}"),
        };
        let body = match id % 10 {
            0 => vec![format!("Draft {id}: Telegram again.")],
            _ => vec![format!("Draft {id}.")],
        };
        let mut it = Item::new(ItemId(id), head, body);
        if id % 5 != 0 {
            it.leave_body_on_disk();
        }
        desk.items.insert(ItemId(id), it);
    }
    let mut c = DraftsCache {
        off_loop_from: usize::MAX,
        ..DraftsCache::default()
    };
    c.refresh_as(
        &desk,
        0,
        StateView::default(),
        "telegram",
        true,
        &Matcher::default(),
    );
    assert!(!c.ranking());
    let mark = crate::search::on_disk_mark();
    let texts = c.texts.as_ref().expect("the texts taken");
    assert_eq!(texts.len(), 1_500);
    for (id, text) in c.ids.iter().zip(texts) {
        let it = desk.item(*id).expect("listed");
        assert_eq!(Arc::ptr_eq(text, &mark), it.body.is_on_disk(), "{id:?}");
    }
    // The worker's texts are each draft's as `text_of` gives it.
    let (_, _, shared) = c.candidates();
    let whole: Vec<(ItemId, String)> = desk
        .items_newest_first()
        .map(|it| (it.id, crate::search::text_of(it).to_string()))
        .collect();
    assert_eq!(shared, Some(whole));
    let want: Vec<ItemId> = (1..=1_500u64)
        .rev()
        .filter(|id| id % 7 == 0 || id % 10 == 0)
        .map(ItemId)
        .collect();
    assert_eq!(ids(&c), want);
}

/// Issue #19: marks moved by an edit's patch stay row for row with the headlines: after a
/// draft added on top, a headline of a draft on disk edited and a draft removed, the
/// worker's texts and hits are those of a list taken whole.
#[test]
fn the_marks_follow_their_headlines_through_a_patch() {
    let mut desk = Desk::new();
    for id in 1..=1_500u64 {
        let mut it = Item::new(
            ItemId(id),
            format!("Head {id}"),
            vec![format!("Body {id}.")],
        );
        if id % 4 != 0 {
            it.leave_body_on_disk();
        }
        desk.items.insert(ItemId(id), it);
    }
    let (m, view) = (Matcher::default(), StateView::default());
    let mut c = DraftsCache {
        off_loop_from: usize::MAX,
        ..DraftsCache::default()
    };
    c.refresh_as(&desk, 0, view, "telegram", true, &m);
    assert!(ids(&c).is_empty());
    let new = Item::new(ItemId(1_501), "Telegram channel", vec!["New.".into()]);
    desk.items.insert(new.id, new);
    if let Some(it) = desk.items.get_mut(&ItemId(700)) {
        it.headline = "Head 700 on Telegram".into();
    }
    desk.items.remove(&ItemId(900));
    c.touched(0, 1, [ItemId(1_501), ItemId(700), ItemId(900)]);
    c.refresh_as(&desk, 1, view, "telegram", true, &m);
    assert_eq!(c.rebuilds, 1, "patched, not taken whole");
    let mut whole = DraftsCache {
        off_loop_from: usize::MAX,
        ..DraftsCache::default()
    };
    whole.refresh_as(&desk, 1, view, "telegram", true, &m);
    assert_eq!(c.candidates(), whole.candidates());
    assert_eq!(ids(&c), [ItemId(1_501), ItemId(700)]);
    assert_eq!(ids(&c), ids(&whole));
}
