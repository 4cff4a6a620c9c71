//! The patched list is the list taken whole: over random edits (states, headlines,
//! bodies, drafts added and removed), in every state view, for the fuzzy filter and the
//! word search alike.

use proptest::prelude::*;

use super::super::DraftsCache;
use crate::filter::Matcher;
use crate::model::{Desk, Item, ItemId, ItemState, StateView};
use crate::search::text_of;

const WORDS: [&str; 8] = [
    "iran", "port", "telegram", "ransom", "Zürich", "strike", "cyber", "café",
];

fn text(seed: usize, n: usize) -> String {
    (0..n)
        .map(|k| WORDS[(seed / (k + 1) + k) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn desk(n: u64) -> Desk {
    let mut desk = Desk::new();
    for id in 1..=n {
        let mut it = Item::new(
            ItemId(id),
            text(id as usize, 3),
            vec![text(id as usize * 7, 4)],
        );
        it.state = ItemState::ALL[id as usize % 4];
        desk.items.insert(it.id, it);
    }
    desk
}

#[derive(Clone, Debug)]
enum Op {
    State(u64, usize),
    Headline(u64, usize),
    Body(u64, usize),
    Add(usize),
    Remove(u64),
    /// Only an issue changed: no draft touched.
    Nothing,
    /// A new query (the word search or the filter), typed, not an edit.
    Query(bool, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1..80u64, 0..4usize).prop_map(|(i, s)| Op::State(i, s)),
        (1..80u64, 0..500usize).prop_map(|(i, s)| Op::Headline(i, s)),
        (1..80u64, 0..500usize).prop_map(|(i, s)| Op::Body(i, s)),
        (0..500usize).prop_map(Op::Add),
        (1..80u64).prop_map(Op::Remove),
        Just(Op::Nothing),
        (any::<bool>(), 0..8usize).prop_map(|(w, q)| Op::Query(w, q)),
    ]
}

/// Apply `op` to the desk: the drafts it touched (as `Done.touched` names them), or
/// `None` for a query.
fn apply(desk: &mut Desk, op: &Op) -> Option<Vec<ItemId>> {
    let id = |i: &u64| ItemId(*i);
    Some(match op {
        Op::State(i, s) => match desk.items.get_mut(&id(i)) {
            Some(it) => {
                it.state = ItemState::ALL[*s];
                vec![it.id]
            }
            None => vec![],
        },
        Op::Headline(i, s) => match desk.items.get_mut(&id(i)) {
            Some(it) => {
                it.headline = text(*s, 1 + s % 4);
                vec![it.id]
            }
            None => vec![],
        },
        Op::Body(i, s) => match desk.items.get_mut(&id(i)) {
            Some(it) => {
                it.body = vec![text(*s, 5), String::new()].into();
                vec![it.id]
            }
            None => vec![],
        },
        Op::Add(s) => {
            let next = desk.items.keys().next_back().map_or(1, |i| i.0 + 1);
            let it = Item::new(ItemId(next), text(*s, 3), vec![text(s + 1, 3)]);
            desk.items.insert(it.id, it);
            vec![ItemId(next)]
        }
        Op::Remove(i) => {
            desk.items.remove(&id(i));
            vec![id(i)]
        }
        Op::Nothing => vec![],
        Op::Query(..) => return None,
    })
}

fn listed(c: &DraftsCache) -> Vec<ItemId> {
    (0..c.len()).filter_map(|r| c.id(r)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn the_patched_list_is_the_list_taken_whole(
        view in 0..5usize,
        words in any::<bool>(),
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        let m = Matcher::default();
        let view = StateView::of(StateView::CYCLE[view]);
        let mut desk = desk(60);
        let (mut words, mut q) = (words, "ira".to_string());
        let mut c = DraftsCache::default();
        let mut rev = 0;
        c.refresh_as(&desk, rev, view, &q, words, &m);
        for op in &ops {
            match apply(&mut desk, op) {
                Some(touched) => {
                    c.touched(rev, rev + 1, touched);
                    rev += 1;
                }
                None => {
                    if let Op::Query(w, k) = op {
                        words = *w;
                        q = WORDS[*k].to_string();
                    }
                }
            }
            c.refresh_as(&desk, rev, view, &q, words, &m);
            let mut whole = DraftsCache::default();
            whole.refresh_as(&desk, rev, view, &q, words, &m);
            let (ids, heads, texts) = c.candidates();
            let (w_ids, w_heads, w_texts) = whole.candidates();
            // Taken whole (the desk walked in step with the list), each text is its draft's.
            if let Some(w) = &w_texts {
                let looked_up: Vec<(ItemId, String)> = w_ids
                    .iter()
                    .map(|&id| (id, desk.item(id).map_or(String::new(), |it| text_of(it).to_string())))
                    .collect();
                prop_assert_eq!(w, &looked_up);
            }
            prop_assert_eq!(ids, w_ids);
            prop_assert_eq!(heads, w_heads);
            // The texts: the same wherever both have them (a search makes both take them).
            if let (Some(t), Some(w)) = (texts, w_texts) {
                prop_assert_eq!(t, w);
            }
            prop_assert_eq!(listed(&c), listed(&whole), "{:?} {}", op, q);
        }
        // Every edit was a patch: the candidates were taken whole once, at the start.
        prop_assert_eq!(c.rebuilds, 1);
    }
}

#[test]
fn many_headline_edits_compact_the_buffer_and_keep_the_list() {
    let m = Matcher::default();
    let mut desk = desk(50);
    let mut c = DraftsCache::default();
    c.refresh(&desk, 0, "ir", &m);
    for rev in 1..=2_000u64 {
        let op = Op::Headline(1 + rev % 50, rev as usize * 13);
        let touched = apply(&mut desk, &op).unwrap_or_default();
        c.touched(rev - 1, rev, touched);
        c.refresh(&desk, rev, "ir", &m);
    }
    let mut whole = DraftsCache::default();
    whole.refresh(&desk, 2_000, "ir", &m);
    assert_eq!(c.candidates(), whole.candidates());
    assert_eq!(listed(&c), listed(&whole));
    assert_eq!(c.rebuilds, 1);
}

#[test]
fn a_change_not_told_draft_by_draft_takes_every_candidate_again() {
    let m = Matcher::default();
    let mut desk = desk(30);
    let mut c = DraftsCache::default();
    c.refresh_as(&desk, 0, StateView::default(), "port", true, &m);
    if let Some(it) = desk.items.get_mut(&ItemId(3)) {
        it.body = vec!["Now the port of Zürich.".into()].into();
    }
    // Revision 1 with no `touched`: from disk, say.
    c.refresh_as(&desk, 1, StateView::default(), "port", true, &m);
    assert_eq!(c.rebuilds, 2);
    let mut whole = DraftsCache::default();
    whole.refresh_as(&desk, 1, StateView::default(), "port", true, &m);
    assert_eq!(c.candidates(), whole.candidates());
    assert_eq!(listed(&c), listed(&whole));
}
