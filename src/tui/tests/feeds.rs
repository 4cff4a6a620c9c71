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
            it.sources = sources;
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
