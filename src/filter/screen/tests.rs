//! The first screen is the whole ranking's first rows, whatever the desk and the query.

use proptest::prelude::*;

use super::super::{Haystacks, Matcher, pattern};
use super::{Screen, best_nucleo, best_possible};

/// Words that make ties (repeated headlines), word starts, scattered letters, smart case
/// (upper-case queries), accents and non-ASCII headlines.
const WORDS: [&str; 12] = [
    "Ransomware",
    "ransom",
    "Iran",
    "Iraq",
    "Sanctions",
    "Port",
    "Zürich",
    "Café",
    "R&D",
    "東京",
    "a-b",
    "RAN",
];

fn headline() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(&WORDS[..]), 1..5).prop_map(|w| w.join(" "))
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        // A word's start, in the case typed.
        (prop::sample::select(&WORDS[..]), 1usize..6)
            .prop_map(|(w, n)| w.chars().take(n).collect()),
        // Letters, a space, upper case.
        "[rRaAnNsSiIzZ ]{1,5}",
        Just(String::new()),
        Just("  ".to_string()),
    ]
}

/// The whole ranking, as the worker gives it.
fn whole(m: &Matcher, hay: &Haystacks, within: Option<&[u32]>, q: &str) -> Vec<u32> {
    m.rank_prepared(hay, within, q, &|| false)
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_first_screen_is_the_first_rows_of_the_whole_ranking(
        heads in prop::collection::vec(headline(), 0..120),
        q in query(),
        k in 1usize..12,
        narrowed in prop::option::of(prop::collection::btree_set(0u32..130, 0..80)),
        budget in prop_oneof![Just(usize::MAX), 0usize..40],
    ) {
        let m = Matcher::default();
        let hay = Haystacks::new(heads.iter().map(String::as_str));
        let narrowed: Option<Vec<u32>> = narrowed.map(|s| s.into_iter().rev().collect());
        let within = narrowed.as_deref();
        let all = whole(&m, &hay, within, &q);
        let want: Vec<u32> = all.iter().copied().take(k).collect();
        match m.first_screen(&hay, within, &q, k, budget) {
            Some(Screen { rows, whole }) => {
                prop_assert_eq!(&rows, &want, "query {:?}", q);
                // Whole only when it is (it may not know when it stopped early).
                prop_assert!(!whole || rows == all, "query {:?}", q);
            }
            // Only a budget too small to be sure gives up.
            None => prop_assert!(budget < heads.len(), "query {:?}", q),
        }
    }
}

#[test]
fn no_headline_scores_above_the_best_possible_and_one_starting_with_the_query_reaches_it() {
    let m = Matcher::default();
    let mut heads: Vec<String> = crate::desk_gen::items(2_000)
        .into_iter()
        .map(|it| it.headline)
        .collect();
    heads.extend(WORDS.iter().map(|w| w.to_string()));
    heads.extend(["a-b-c", "ransomware", "RANSOMWARE GANG", "x Ransomware"].map(String::from));
    for q in [
        "r",
        "ra",
        "ransomware",
        "Ransom",
        "RAN",
        "r a",
        "a-b",
        "東",
        "zur",
        "cafe",
        "ab",
        "ransm",
        "iran s",
    ] {
        let Some(p) = pattern(q) else { continue };
        let best = best_possible(&p);
        for h in &heads {
            if let Some(s) = m.score(h, q) {
                let with_word = u32::try_from(s).unwrap_or(u32::MAX);
                assert!(with_word <= best, "{q:?} on {h:?}: {with_word} > {best}");
            }
        }
    }
    // Reached: the query at the start of a headline (with the word pass's bonus).
    let hay = Haystacks::new(["Ransomware Gang Hits Port", "Port Ransomware"]);
    let p = pattern("ransomware").expect("a query");
    let mut scratch = m.scratch.borrow_mut();
    let key = hay.key(&p, &mut scratch.matcher, 0).expect("a match");
    assert_eq!(key, super::super::rank_key(best_possible(&p), 0));
    assert_eq!(best_nucleo(1), 44);
}

#[test]
fn the_search_ends_once_the_screen_is_certain() {
    let m = Matcher::default();
    // 30,000 headlines, every tenth starting with "Ransomware": 40 rows are certain after
    // about 400 headlines.
    let heads: Vec<String> = (0..30_000)
        .map(|i| match i % 10 {
            0 => format!("Ransomware Hits Port {i}"),
            _ => format!("Port Strike Over Ransom Demand {i}"),
        })
        .collect();
    let hay = Haystacks::new(heads.iter().map(String::as_str));
    for q in ["r", "ran", "ransomware"] {
        let screen = m.first_screen(&hay, None, q, 40, 1_000);
        let want: Vec<u32> = whole(&m, &hay, None, q).into_iter().take(40).collect();
        assert_eq!(
            screen,
            Some(Screen {
                rows: want,
                whole: false
            }),
            "query {q:?}"
        );
    }
    // No headline reaches the best score for "ransm": the budget runs out.
    assert_eq!(m.first_screen(&hay, None, "ransm", 40, 1_000), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A query typed on from the last one (`rans` after `ran`): the first screen from the
    /// last ranking's hits and scores is the new whole ranking's first rows (and every
    /// headline it scores stays under its bound: a `debug_assert` in the search).
    #[test]
    fn the_first_screen_after_a_shorter_query_is_the_first_rows_of_the_whole_ranking(
        heads in prop::collection::vec(headline(), 0..120),
        last in query(),
        more in "[rRaAnNsSmMoOwWeE&üé ]{0,4}",
        k in 1usize..12,
        budget in prop_oneof![Just(usize::MAX), 0usize..40],
    ) {
        let m = Matcher::default();
        let hay = Haystacks::new(heads.iter().map(String::as_str));
        let q = format!("{last}{more}");
        let (hits, scores) = m
            .rank_prepared_scored(&hay, None, &last, &|| false)
            .unwrap_or_default();
        let all = whole(&m, &hay, Some(&hits), &q);
        prop_assert_eq!(&all, &whole(&m, &hay, None, &q), "narrowing holds");
        let want: Vec<u32> = all.iter().copied().take(k).collect();
        let prior = super::Prior { query: &last, hits: &hits, scores: &scores };
        // `None`: not an extension it can use (an empty or several-word query after one
        // word), or a budget too small.
        if let Some(Screen { rows, whole }) = m.first_screen_after(&hay, prior, &q, k, budget) {
            prop_assert_eq!(&rows, &want, "{:?} after {:?}", q, last);
            prop_assert!(!whole || rows == all, "{:?} after {:?}", q, last);
        }
        // Whichever way the desk's worker picks, the same rows.
        if let Some(s) = m.first_screen_from(&hay, Some(prior), &q, k, usize::MAX) {
            prop_assert_eq!(&s.rows, &want, "{:?} after {:?}, either way", q, last);
        }
    }
}

#[test]
fn after_a_shorter_query_only_the_headlines_that_can_reach_the_screen_are_scored() {
    let m = Matcher::default();
    // 30,000 headlines, every tenth starting with "Ransomware", the rest holding the
    // letters of "rans" scattered inside words: after "rans", "ransm" is certain once the
    // Ransomware ones are scored (the others' "rans" is too poor to reach the screen).
    let heads: Vec<String> = (0..30_000)
        .map(|i| match i % 10 {
            0 => format!("Ransomware Hits Port {i}"),
            _ => format!("Trade Among Nations {i}"),
        })
        .collect();
    let hay = Haystacks::new(heads.iter().map(String::as_str));
    let (hits, scores) = m
        .rank_prepared_scored(&hay, None, "rans", &|| false)
        .unwrap_or_default();
    let want: Vec<u32> = whole(&m, &hay, Some(&hits), "ransm")
        .into_iter()
        .take(40)
        .collect();
    let prior = super::Prior {
        query: "rans",
        hits: &hits,
        scores: &scores,
    };
    let screen = m.first_screen_after(&hay, prior, "ransm", 40, 4_000);
    assert_eq!(
        screen,
        Some(Screen {
            rows: want,
            whole: false
        })
    );
    // Without the last scores, no headline reaches the best score for "ransm".
    assert_eq!(m.first_screen(&hay, Some(&hits), "ransm", 40, 4_000), None);
}

/// ASCII headlines of every class nucleo's bonuses see (word starts after spaces,
/// delimiters and other marks, camelCase, digits), and the words the queries are made of.
fn ascii_headline() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(&WORDS[..]), 1..6).prop_map(|w| w.join(" ")),
        "[rRaAnNsSmMoOwWeE /,:;|&0-9_-]{1,40}",
        "(Ransom|ransm|RansM|rans|Rans-m|x|R a n s m|ransomware)( |/|[0-9]|)(Ransom|ransm|RansM|rans|Rans-m|x){0,3}",
    ]
}

/// A query and what is typed after it: with or without a contiguous occurrence in the
/// headlines, upper case (smart case), spaces (no word pass), accents (no ASCII bound).
fn typed_on() -> impl Strategy<Value = (String, String)> {
    (
        prop_oneof![
            "[rRaAnNsS ]{2,5}",
            Just("rans".to_string()),
            Just("Rans".to_string()),
            Just("ra".to_string())
        ],
        "[rRaAnNsSmMoOwWeE&/ 0-9é]{1,3}",
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The bound from where the added chars go is never under nucleo's score (with the word
    /// pass), and a headline it says cannot match does not.
    #[test]
    fn the_bound_for_the_added_chars_holds_against_nucleos_scores(
        heads in prop::collection::vec(ascii_headline(), 1..40),
        (last, more) in typed_on(),
    ) {
        let m = Matcher::default();
        let hay = Haystacks::new(heads.iter().map(String::as_str));
        let q = format!("{last}{more}");
        let (Some(was), Some(p)) = (pattern(&last), pattern(&q)) else { return Ok(()) };
        let n0 = was.atom.needle_text().len();
        let Some(added) = super::added::Added::new(&p, n0) else { return Ok(()) };
        let mut scratch = m.scratch.borrow_mut();
        for (i, h) in heads.iter().enumerate() {
            let i = i as u32;
            // Only ASCII headlines are bounded this way (as the search asks `ascii_text`).
            if hay.ascii_text(i as usize).is_none() {
                continue;
            }
            let Some(before) = hay.key(&was, &mut scratch.matcher, i) else { continue };
            let before = super::super::score_of(before);
            let now = hay.key(&p, &mut scratch.matcher, i).map(super::super::score_of);
            let bound = added.bound(h.as_bytes(), before);
            match (now, bound) {
                (Some(now), Some(bound)) => {
                    prop_assert!(now <= bound, "{:?} after {:?} on {:?}: {} > {}", q, last, h, now, bound)
                }
                (Some(now), None) => {
                    prop_assert!(false, "{:?} after {:?} on {:?}: scores {} but bound says no match", q, last, h, now)
                }
                (None, _) => {}
            }
        }
    }

    /// The first screen of a query typed on, with the bound per headline, is the whole
    /// ranking's first rows (on headlines where the bound is tight).
    #[test]
    fn the_first_screen_after_a_shorter_query_is_the_whole_rankings_on_ascii_headlines(
        heads in prop::collection::vec(prop_oneof![ascii_headline(), headline()], 0..120),
        (last, more) in typed_on(),
        k in 1usize..12,
    ) {
        let m = Matcher::default();
        let hay = Haystacks::new(heads.iter().map(String::as_str));
        let q = format!("{last}{more}");
        let (hits, scores) = m
            .rank_prepared_scored(&hay, None, &last, &|| false)
            .unwrap_or_default();
        let all = whole(&m, &hay, None, &q);
        let want: Vec<u32> = all.iter().copied().take(k).collect();
        let prior = super::Prior { query: &last, hits: &hits, scores: &scores };
        if let Some(Screen { rows, whole }) = m.first_screen_after(&hay, prior, &q, k, usize::MAX) {
            prop_assert_eq!(&rows, &want, "{:?} after {:?}", q, last);
            prop_assert!(!whole || rows == all, "{:?} after {:?}", q, last);
        }
    }
}

#[test]
fn after_a_shorter_query_a_headline_is_bounded_by_where_the_added_chars_can_go() {
    let m = Matcher::default();
    // 30,000 headlines, all with "Ransomware" (so all have the word pass's bonus for
    // "rans"), every tenth at the start: "ransm" matches the `m` after the `o`, inside the
    // word, the best at the start. Only the headlines that start with it can reach the
    // screen; the bound from "rans"'s score plus 26 a char says every one can.
    let heads: Vec<String> = (0..30_000)
        .map(|i| match i % 10 {
            0 => format!("Ransomware Hits Port {i}"),
            _ => format!("Port Hit By Ransomware {i}"),
        })
        .collect();
    let hay = Haystacks::new(heads.iter().map(String::as_str));
    let (hits, scores) = m
        .rank_prepared_scored(&hay, None, "rans", &|| false)
        .unwrap_or_default();
    let want: Vec<u32> = whole(&m, &hay, None, "ransm")
        .into_iter()
        .take(40)
        .collect();
    let prior = super::Prior {
        query: "rans",
        hits: &hits,
        scores: &scores,
    };
    let screen = m.first_screen_after(&hay, prior, "ransm", 40, 4_000);
    assert_eq!(
        screen,
        Some(Screen {
            rows: want,
            whole: false
        })
    );
}
