//! Issue #18 in the desk: the `feed:` words of the Drafts filter, a draft's sources in the
//! Preview, and a fetch run in the background (`F`, `:` fetch): progress in the status
//! bar, one import (one undo step) when every feed has answered, the validators saved
//! after the drafts.

use super::*;
use crate::model::Source;

fn from(outlet: &str, url: &str) -> Source {
    let mut s = Source::new(outlet, url).unwrap().unwrap();
    s.published = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:30:00+00:00").ok();
    s
}

/// The test desk with feed sources: items 6 and 8 from `cisa` (8 also from `wire`), 7 from
/// `NCSC`.
fn fed_desk() -> Desk {
    let mut d = desk();
    let mut give = |id: u64, sources: Vec<Source>| {
        if let Some(it) = d.items.get_mut(&ItemId(id)) {
            it.sources = sources.into();
        }
    };
    give(
        6,
        vec![from("cisa", "https://www.cisa.gov/news/ransomware")],
    );
    give(7, vec![from("NCSC", "https://ncsc.test/x")]);
    give(
        8,
        vec![
            from("CISA", "https://www.cisa.gov/news/satellite"),
            from("wire", "https://wire.test/sat"),
        ],
    );
    d
}

fn shown(app: &App) -> Vec<ItemId> {
    crate::tui::drafts::rows(&app.drafts_cache, &app.matcher)
        .iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn the_drafts_filter_feed_word_keeps_that_feeds_drafts_and_ranks_by_the_rest() {
    let (mut app, _, _) = app_with(fed_desk(), Config::default());
    ch(&mut app, '/');
    typ(&mut app, "feed:cisa");
    assert_eq!(
        shown(&app),
        vec![ItemId(8), ItemId(6)],
        "case aside, newest first"
    );
    typ(&mut app, " ransom");
    assert_eq!(
        shown(&app),
        vec![ItemId(6)],
        "the rest ranks headlines within the feed"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&app), vec![ItemId(6)], "kept as the filter");
    press(&mut app, KeyCode::Esc);
    ch(&mut app, '/');
    typ(&mut app, "feed:nc");
    assert_eq!(shown(&app), vec![ItemId(7)], "a prefix of the outlet");
    typ(&mut app, " feed:wire");
    assert_eq!(shown(&app), vec![ItemId(8), ItemId(7)], "either feed");
}

#[test]
fn the_preview_of_a_draft_lists_its_sources_outlet_published_and_link() {
    let (mut app, _, _) = app_with(fed_desk(), Config::default());
    // Item 8 (the newest) is selected: two sources.
    let s = screen(&app, 160, 48);
    for part in [
        "source: CISA · 2026-11-23 09:30 +00:00 ·",
        "https://www.cisa.gov/news/satellite",
        "source: wire · 2026-11-23 09:30 +00:00 ·",
        "https://wire.test/sat",
    ] {
        assert!(s.contains(part), "{part} not in {s}");
    }
    snap("preview_draft_sources", &app);
    // A draft with none shows no source line.
    ch(&mut app, 'j');
    ch(&mut app, 'j');
    ch(&mut app, 'j');
    assert!(!screen(&app, 160, 48).contains("source:"));
}

#[path = "../../../tests/support/http.rs"]
mod http;

use crate::store::Store;
use crate::tui::app::Level;
use std::time::{Duration, Instant};

/// A desk on disk with one draft, following `feeds` (name, address), open as its editor.
fn editor_following(feeds: &[(&str, String)], read_only: bool) -> (tempfile::TempDir, App) {
    editor_on(feeds, read_only, false)
}

/// As [`editor_following`]; `disk_full`: every save fails.
fn editor_on(
    feeds: &[(&str, String)],
    read_only: bool,
    disk_full: bool,
) -> (tempfile::TempDir, App) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let (mut store, mut desk) = Store::open(&dir).unwrap();
    let it = Item::new(ItemId(1), "Already on the desk", vec!["Body.".into()]);
    desk.items.insert(it.id, it);
    store.save(&desk, &[Touch::Item(ItemId(1))]).unwrap();
    store.set_disk_full(disk_full);
    let mut list = crate::feeds::FeedList::default();
    for (name, url) in feeds {
        list.add(url, Some(name), &[]).unwrap();
    }
    crate::ops::feeds::save(&dir, &list).unwrap();
    let config = Config {
        read_only,
        inbox: Some(dir),
        ..Config::default()
    };
    let saver: Option<Box<dyn Saver>> = (!read_only).then(|| Box::new(store) as Box<dyn Saver>);
    (tmp, App::new(desk, saver, config))
}

/// A feed file of `heads` in `dir`, as `file://`.
fn feed_file(dir: &std::path::Path, name: &str, heads: &[&str]) -> String {
    let path = dir.join(format!("{name}.xml"));
    let base = format!("https://{name}.test");
    std::fs::write(
        &path,
        http::rss(heads.len(), &base, |i| heads[i].to_string()),
    )
    .unwrap();
    format!("file://{}", path.display())
}

/// Drive the event loop's fetch poll until the fetch ends (or 20 s pass); the progress
/// lines seen on the way.
fn until_fetched(app: &mut App) -> Vec<String> {
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.fetch.is_some() && Instant::now() < deadline {
        match app.poll_fetch() {
            Some(event) => {
                update(app, event);
                seen.extend(app.status.as_ref().map(|s| s.0.clone()));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    assert!(app.fetch.is_none(), "the fetch did not end");
    seen
}

fn status(app: &App) -> (String, Level) {
    app.status.clone().expect("a status line")
}

fn on_disk(dir: &std::path::Path) -> Desk {
    Store::open_read_only(dir).unwrap().1
}

#[test]
fn f_fetches_in_the_background_then_adds_the_drafts_as_one_undo_step() {
    let src = tempfile::tempdir().unwrap();
    let cisa = feed_file(
        src.path(),
        "cisa",
        &["Ransomware hits a port", "Botnet takedown"],
    );
    let ncsc = feed_file(src.path(), "ncsc", &["Phishing wave at banks"]);
    let gone = format!("file://{}/gone.xml", src.path().display());
    let feeds = [("cisa", cisa), ("ncsc", ncsc), ("gone", gone)];
    let (tmp, mut app) = editor_following(&feeds, false);
    ch(&mut app, 'F');
    assert!(app.fetch.is_some(), "F starts a fetch");
    assert_eq!(
        app.desk.items.len(),
        1,
        "nothing is added before every feed answered"
    );
    // File feeds answer at once: the progress lines may all come before the first look.
    let seen = until_fetched(&mut app);
    assert!(
        seen.iter()
            .all(|s| s.starts_with("fetching feeds ") || s.starts_with("fetched 3 feeds")),
        "{seen:?}"
    );

    assert_eq!(app.desk.items.len(), 4);
    assert_eq!(on_disk(tmp.path()).items.len(), 4, "saved");
    let (msg, level) = status(&app);
    assert!(
        msg.starts_with("fetched 3 feeds: 3 new, 1 failed (gone: ") && msg.ends_with(": u undoes"),
        "{msg}"
    );
    assert_eq!(level, Level::Error, "a failed feed is shown as an error");
    let from_cisa = app
        .desk
        .items
        .values()
        .find(|i| i.headline == "Ransomware hits a port")
        .expect("the cisa draft");
    assert_eq!(from_cisa.sources[0].outlet.as_deref(), Some("cisa"));

    ch(&mut app, 'u');
    assert_eq!(app.desk.items.len(), 1, "one u takes the whole fetch back");
    assert_eq!(on_disk(tmp.path()).items.len(), 1);
}

#[test]
fn a_second_fetch_while_one_runs_says_so_and_the_keys_never_wait() {
    let body = http::rss(2, "https://slow.test", |i| format!("Slow story {i}"));
    let server = http::Server::start(move |_| http::Answer {
        delay: Duration::from_millis(600),
        ..http::Answer::ok(body.clone()).header("ETag", "\"v1\"")
    });
    let feeds = [("slow", format!("{}/feed", server.base))];
    let (tmp, mut app) = editor_following(&feeds, false);
    let limits = crate::feeds::http::Limits {
        env_proxy: false,
        ..Default::default()
    };
    let t = Instant::now();
    app.start_fetch_with(limits);
    ch(&mut app, 'j');
    assert!(
        t.elapsed() < Duration::from_millis(300),
        "the key loop did not wait"
    );
    assert_eq!(status(&app).0, "fetching feeds 0/1…");
    ch(&mut app, 'F');
    assert_eq!(
        status(&app).0,
        "a fetch is already running (0/1 feeds): its report comes when it ends"
    );
    until_fetched(&mut app);
    assert_eq!(status(&app).0, "fetched 1 feed: 2 new: u undoes");
    assert_eq!(
        server.requests("/feed").len(),
        1,
        "the second press fetched nothing"
    );
    // The validators are saved once the drafts are: the next fetch sends the ETag.
    let list = crate::ops::feeds::load(tmp.path()).unwrap();
    assert_eq!(list.feeds[0].etag.as_deref(), Some("\"v1\""));
}

#[test]
fn a_read_only_session_or_a_desk_with_no_feeds_refuses_with_one_line() {
    let (_tmp, mut app) = editor_following(&[], true);
    ch(&mut app, 'F');
    assert!(app.fetch.is_none());
    assert_eq!(
        status(&app),
        (
            "read-only: this desk is open for review, edits are off".into(),
            Level::Error
        )
    );
    let (_tmp, mut app) = editor_following(&[], false);
    ch(&mut app, 'F');
    assert!(app.fetch.is_none());
    assert_eq!(
        status(&app).0,
        "no feeds to fetch: `briefdesk feeds add URL` follows one"
    );
}

#[test]
fn the_status_bar_during_a_fetch() {
    let src = tempfile::tempdir().unwrap();
    let feeds = [
        ("a", feed_file(src.path(), "a", &["One"])),
        ("b", feed_file(src.path(), "b", &["Two"])),
    ];
    let (_tmp, mut app) = editor_following(&feeds, false);
    ch(&mut app, 'F');
    // Half-way, as the thread tells it (not polled here: the screen stays as it is).
    update(
        &mut app,
        Event::Fetched(crate::tui::fetch::Fetched::Progress { done: 1, total: 2 }),
    );
    snap("status_fetching", &app);
}

#[test]
fn validators_stay_unsaved_when_the_drafts_could_not_be_saved() {
    let body = http::rss(2, "https://etag.test", |i| format!("Tagged story {i}"));
    let server =
        http::Server::start(move |_| http::Answer::ok(body.clone()).header("ETag", "\"v1\""));
    let feeds = [("tagged", format!("{}/feed", server.base))];
    let (tmp, mut app) = editor_on(&feeds, false, true);
    app.start_fetch_with(crate::feeds::http::Limits {
        env_proxy: false,
        ..Default::default()
    });
    until_fetched(&mut app);
    let (msg, level) = status(&app);
    assert!(
        msg.contains("the drafts are not saved yet, so the next fetch asks for them again"),
        "{msg}"
    );
    assert_eq!(level, Level::Error);
    assert_eq!(
        app.desk.items.len(),
        3,
        "kept in memory, retried on the next action"
    );
    let list = crate::ops::feeds::load(tmp.path()).unwrap();
    assert_eq!(
        list.feeds[0].etag, None,
        "no 304 for drafts the disk does not hold"
    );
}

#[test]
fn a_damaged_feeds_json_is_one_line_naming_it_and_nothing_is_fetched() {
    let (tmp, mut app) = editor_following(&[], false);
    std::fs::write(tmp.path().join("feeds.json"), "{\"feeds\": [").unwrap();
    ch(&mut app, 'F');
    assert!(app.fetch.is_none());
    let (msg, level) = status(&app);
    assert!(
        msg.contains("feeds.json")
            && msg.contains("line 1")
            && msg.ends_with("; nothing was fetched"),
        "{msg}"
    );
    assert!(!msg.contains('\n'));
    assert_eq!(level, Level::Error);
}
