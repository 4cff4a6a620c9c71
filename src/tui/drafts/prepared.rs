//! The Drafts list's candidates for the whole desk, built on the loading thread (issue
//! #19): at a million drafts, taking every headline and preparing it for the matcher costs
//! hundreds of milliseconds, which the key loop must not wait for when the older drafts
//! arrive. The key loop only swaps them in ([`DraftsCache::adopt`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::DraftsCache;
use crate::filter::Haystacks;
use crate::filter::feed::FeedQuery;
use crate::model::{Desk, Item, ItemId, StateView};

/// Every candidate of one state view and `feed:` filter, newest first, as
/// `DraftsCache::take_candidates` takes them.
pub struct Prepared {
    view: StateView,
    feeds: Vec<String>,
    ids: Vec<ItemId>,
    heads: Arc<Haystacks>,
}

/// The `feed:` words that pick the candidates, as `refresh_as` reads the query.
fn feed_query(query: &str, words: bool) -> FeedQuery {
    FeedQuery::parse(if words { "" } else { query })
}

impl Prepared {
    /// The candidates of `items` for the list as it is asked for: `view`, and the query
    /// (a fuzzy filter's `feed:` words pick them; a word search takes them all).
    pub fn new(items: &BTreeMap<ItemId, Item>, view: StateView, query: &str, words: bool) -> Self {
        let feed = feed_query(query, words);
        let shown = || {
            items
                .values()
                .rev()
                .filter(|i| view.shows(i.state) && feed.keeps(i))
        };
        Prepared {
            view,
            feeds: feed.feeds.clone(),
            ids: shown().map(|i| i.id).collect(),
            heads: Arc::new(Haystacks::new(shown().map(|i| i.headline.as_str()))),
        }
    }

    /// Do they answer the list as it is asked for now?
    pub fn fits(&self, view: StateView, query: &str, words: bool) -> bool {
        self.view == view && self.feeds == feed_query(query, words).feeds
    }
}

impl DraftsCache {
    /// Take `prepared` as the candidates of `desk` at revision `rev` (the desk they were
    /// built from), as a full take would: the next refresh ranks the query anew (on the
    /// worker, on a big desk) instead of taking every candidate again.
    pub fn adopt(&mut self, prepared: Prepared, desk: &Desk, rev: u64) {
        let Prepared {
            view,
            feeds,
            ids,
            heads,
        } = prepared;
        self.desk = Some((
            rev,
            desk.items.len(),
            desk.items.keys().next_back().copied(),
            view,
            feeds,
        ));
        self.told = None;
        self.ids = ids;
        self.heads = heads;
        if self.texts.is_some() {
            self.texts = Some(Vec::new());
        }
        self.shared = None;
        self.query = None;
        self.hits = Arc::from(Vec::new());
        self.stale = false;
        self.forget_wanted();
        self.adopted += 1;
    }

    /// The row `id` is on now, if the list shows it.
    pub fn row_of(&self, id: ItemId) -> Option<usize> {
        if self.filtered() {
            let at = self.ids.iter().position(|i| *i == id)?;
            let at = u32::try_from(at).ok()?;
            self.hits.iter().position(|h| *h == at)
        } else {
            self.ids.iter().position(|i| *i == id)
        }
    }
}
