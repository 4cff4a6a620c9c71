//! The fuzzy matcher: best first, every ranking path in the same order, smart case.

use super::*;

#[test]
fn best_match_first_and_positions_given() {
    let m = Matcher::default();
    let hits = m.filter(
        ["Iran sanctions", "Israel – Gaza", "Russia and Iran"],
        "iran",
    );
    assert_eq!(hits.first().map(|h| h.index), Some(0));
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].positions, vec![0, 1, 2, 3]);
}

#[test]
fn rank_gives_the_order_of_filter() {
    let m = Matcher::default();
    let c = [
        "Ransomware Attack",
        "Treasury Sanctions Iran",
        "Iran sanctions",
        "Russia and Iran",
        "nothing here",
        "Iran sanctions",
        "Café Attack in Zürich",
    ];
    for q in ["iran", "an", "Iran", "s", " ra ", "", "cafe", "zur"] {
        let want: Vec<u32> = m.filter(c, q).iter().map(|h| h.index as u32).collect();
        let got = m.rank(c.iter().enumerate().map(|(i, s)| (i as u32, *s)), q);
        assert_eq!(got, want, "query {q:?}");
    }
}

#[test]
fn rank_on_threads_gives_the_order_of_one_thread() {
    let m = Matcher::default();
    let heads: Vec<String> = (0..PARALLEL_FROM + 1000).map(test_headline).collect();
    for q in ["ransm", "iran s", "x"] {
        let want: Vec<u32> = m
            .filter(heads.iter().map(String::as_str), q)
            .iter()
            .map(|h| h.index as u32)
            .collect();
        let got = m.rank(
            heads
                .iter()
                .enumerate()
                .map(|(i, s)| (i as u32, s.as_str())),
            q,
        );
        assert_eq!(got, want, "query {q:?}");
    }
}

#[test]
fn prepared_headlines_rank_as_the_slow_path() {
    use crate::desk_gen as bs;
    let m = Matcher::default();
    // Generated headlines, every seventh one made non-ASCII in a different way
    // (accents, a dash, a combining accent, CRLF: graphemes that are all ASCII).
    let odd = [
        " in Zürich",
        " – Café Talks",
        " Cafe\u{301} Raid",
        "\r\nRansom",
        " Ñandú Ransom Ärger",
        " 東京 Rans",
    ];
    let heads: Vec<String> = bs::items(PARALLEL_FROM as u64 + 3_000)
        .into_iter()
        .enumerate()
        .map(|(i, it)| {
            if i % 7 == 3 {
                format!("{}{}", it.headline, odd[i / 7 % odd.len()])
            } else {
                it.headline
            }
        })
        .collect();
    let hay = Haystacks::new(heads.iter().map(String::as_str));
    assert_eq!(hay.len(), heads.len());
    assert_eq!(hay.get(3), Some(heads[3].as_str()));
    // Some are matched as chars, some (the combining accent) as their bytes.
    assert!(!hay.chars.is_empty());
    assert!(hay.spans.iter().filter(|s| s.as_bytes()).count() > heads.len() / 2);
    let within: Vec<u32> = (0..heads.len() as u32).filter(|i| i % 3 != 1).collect();
    for q in [
        "r", "ra", "ransm", "Ran", "cafe", "zur", "ä", "東", "iran s", "", "qqqq",
    ] {
        let want: Vec<u32> = m
            .filter(heads.iter().map(String::as_str), q)
            .iter()
            .map(|h| h.index as u32)
            .collect();
        let got = m.rank_prepared(&hay, None, q, &|| false);
        assert_eq!(got.as_ref(), Some(&want), "query {q:?}");
        // A narrowed list, and a short one (one thread).
        let slow = m.rank(within.iter().map(|&i| (i, heads[i as usize].as_str())), q);
        let fast = m.rank_prepared(&hay, Some(&within), q, &|| false);
        assert_eq!(fast, Some(slow), "query {q:?}, narrowed");
        let short = &within[..500];
        let slow = m.rank(short.iter().map(|&i| (i, heads[i as usize].as_str())), q);
        let fast = m.rank_prepared(&hay, Some(short), q, &|| false);
        assert_eq!(fast, Some(slow), "query {q:?}, short");
    }
    assert_eq!(m.rank_prepared(&hay, None, "ra", &|| true), None);
}

#[test]
fn whole_words_and_word_starts_rank_first() {
    let m = Matcher::default();
    let c = [
        "Russia Bans Imports",        // r-a-n scattered over two words
        "Ukraine Grants Aid",         // "ran" inside a word
        "Hospital Hit By Ransomware", // "ran" starts a later word
        "Ransomware Hits Hospital",   // "ran" starts the headline
    ];
    let order: Vec<usize> = m.filter(c, "ran").iter().map(|h| h.index).collect();
    assert_eq!(order.len(), 4);
    // The word starts first, the one at the very start before the later one.
    assert_eq!(order[..2], [3, 2], "{order:?}");
    // The exact headline first of all, then prefix matches, then the rest.
    let c = [
        "Port Strike Ransom",
        "Ransom",
        "Ransomware Hits Port",
        "R a n s o m",
    ];
    let order: Vec<usize> = m.filter(c, "ransom").iter().map(|h| h.index).collect();
    assert_eq!(order[..2], [1, 2], "{order:?}");
    assert_eq!(order.len(), 4);
}

#[test]
fn smart_case_and_accents() {
    let m = Matcher::default();
    assert!(m.score("iran sanctions", "Iran").is_none());
    assert!(m.score("Iran sanctions", "Iran").is_some());
    assert!(m.score("IRAN", "iran").is_some());
    assert!(m.score("Attack in Zürich", "zurich").is_some());
    let (_, pos) = m.hit("Café Attack", "cafe").unwrap_or_default();
    assert_eq!(pos, vec![0, 1, 2, 3]);
}

#[test]
fn a_stopped_ranking_gives_nothing() {
    let m = Matcher::default();
    let c = ["Iran sanctions", "Russia and Iran"];
    let all = || c.iter().enumerate().map(|(i, s)| (i as u32, *s));
    assert_eq!(m.rank_until(all(), "iran", &|| true), None);
    assert_eq!(m.rank_until(all(), "iran", &|| false), Some(vec![0, 1]));
}

#[test]
fn empty_query_keeps_everything_in_order() {
    let m = Matcher::default();
    let hits = m.filter(["b", "a"], "  ");
    assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![0, 1]);
}

/// Issue #19: at a million drafts every byte per headline is a megabyte of the idle desk.
/// The prepared headlines hold their text once (no lower-case copy) and a small span each.
#[test]
fn prepared_headlines_hold_their_text_once() {
    let heads: Vec<String> = crate::desk_gen::items(5_000)
        .into_iter()
        .map(|it| it.headline)
        .collect();
    let text: usize = heads.iter().map(String::len).sum();
    let hay = Haystacks::new(heads.iter().map(String::as_str));
    let chars = hay.chars.len() * std::mem::size_of::<char>();
    let per_head = (hay.heap_bytes() - text - chars) as f64 / heads.len() as f64;
    assert!(
        per_head <= 16.5,
        "{per_head:.1} bytes per headline besides its text and chars ({} in all, text {text})",
        hay.heap_bytes()
    );
}
