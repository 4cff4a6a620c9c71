//! Entries to new drafts: what the desk already holds is skipped, the same story from two
//! feeds is one draft, the rules spike or drop on arrival.
//!
//! "Already on the desk" is decided through hash maps built once per fetch (canonical links,
//! feed entry ids, headline simhash bands), so each entry costs the same at 100 drafts and
//! at a million.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::canon::canonical_url;
use super::entry::Entry;
use super::near::{NearIndex, simhash};
use super::rules::{Action, Rules};
use crate::model::{Desk, Item, ItemId, ItemState, Source, Stamp};

/// What one feed's entries came to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    /// Already on the desk (or earlier in this fetch): same entry id, same canonical link,
    /// or a near-identical headline.
    pub known: usize,
    /// Of the known: the same story another feed brought earlier in this fetch, whose new
    /// draft now lists this feed as a second source.
    pub joined: usize,
    /// Added spiked by a rule.
    pub spiked: usize,
    /// Left out by a rule.
    pub dropped: usize,
}

/// How far apart two feeds may date the same story.
const SAME_STORY_DAYS: i64 = 3;

/// Where a known story is: on the desk already, or a new draft of this fetch (its index in
/// the fetch's list), which can take another feed's source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Where {
    OnDesk,
    New(usize),
}

/// A headline's hash with the feed that brought it (lower case), its date, and where it is.
#[derive(Clone, Debug)]
struct Near {
    feed: Option<String>,
    date: Option<NaiveDate>,
    at: Where,
}

/// What the desk already holds, as the merge looks it up.
pub struct Known {
    links: HashMap<String, Where>,
    ids: HashMap<(String, String), Where>,
    headlines: NearIndex<Near>,
    fingerprints: HashSet<u64>,
}

impl Known {
    /// One pass over the desk's drafts.
    pub fn of(desk: &Desk) -> Known {
        let mut k = Known {
            links: HashMap::new(),
            ids: HashMap::new(),
            headlines: NearIndex::default(),
            fingerprints: HashSet::new(),
        };
        for item in desk.items.values() {
            k.remember(item, Where::OnDesk);
        }
        k
    }

    fn remember(&mut self, item: &Item, at: Where) {
        for src in &item.sources {
            if let Some(link) = src.url.as_deref().and_then(canonical_url) {
                self.links.entry(link).or_insert(at);
            }
            if let (Some(feed), Some(id)) = (&src.outlet, &src.entry) {
                self.ids
                    .entry((feed.to_lowercase(), id.clone()))
                    .or_insert(at);
            }
        }
        if let Some(h) = simhash(&item.headline) {
            let feed = item
                .sources
                .first()
                .and_then(|s| s.outlet.as_ref())
                .map(|p| p.to_lowercase());
            self.headlines.insert(
                h,
                Near {
                    feed,
                    date: item.date,
                    at,
                },
            );
        }
        self.fingerprints.insert(item.fingerprint());
    }

    /// Where `entry` of `feed` is already: the same entry id from this feed, the same
    /// canonical link, or a near-identical headline that ANOTHER feed brought within a few
    /// days (one feed's weekly "CISA adds two known exploited vulnerabilities" is a new
    /// story each week, the wire's copy of the agency's story the same day is not).
    fn holds(&self, feed: &str, entry: &Entry, link: Option<&str>) -> Option<Where> {
        let feed = feed.to_lowercase();
        let day = entry.published.map(|p| p.date_naive());
        if !entry.id.is_empty()
            && let Some(at) = self.ids.get(&(feed.clone(), entry.id.clone()))
        {
            return Some(*at);
        }
        if let Some(at) = link.and_then(|l| self.links.get(l)) {
            return Some(*at);
        }
        let h = simhash(&entry.title)?;
        self.headlines
            .near(h, |n| {
                n.feed.as_deref() != Some(feed.as_str())
                    && match (day, n.date) {
                        (Some(a), Some(b)) => (a - b).num_days().abs() <= SAME_STORY_DAYS,
                        _ => true,
                    }
            })
            .map(|n| n.at)
    }
}

/// Add `feed`'s entries to `drafts` (this fetch's new drafts, placeholder ids: the import's
/// plan numbers them), remembering each in `known` so another feed's copy of the story is
/// recognised: that copy's source is added to the draft already made.
pub fn merge(
    feed: &str,
    entries: Vec<Entry>,
    known: &mut Known,
    rules: &Rules,
    drafts: &mut Vec<Item>,
) -> Counts {
    let mut counts = Counts::default();
    for entry in entries {
        let link = entry.link.as_deref().and_then(canonical_url);
        let source = Source {
            outlet: Some(feed.to_string()),
            // A link the desk's one URL check refuses (a space, `javascript:`) is left out:
            // the draft keeps its feed's name and entry id.
            url: entry
                .link
                .clone()
                .filter(|l| crate::model::source::check_url(l).is_ok()),
            published: entry.published.map(|p| p.fixed_offset()),
            entry: Some(entry.id.clone()).filter(|id| !id.is_empty()),
        };
        match known.holds(feed, &entry, link.as_deref()) {
            Some(Where::OnDesk) => {
                counts.known += 1;
                continue;
            }
            Some(Where::New(i)) => {
                counts.known += 1;
                if let Some(d) = drafts.get_mut(i)
                    && !d.sources.iter().any(|s| s.outlet == source.outlet)
                {
                    d.sources.push(source);
                    counts.joined += 1;
                }
                continue;
            }
            None => {}
        }
        let verdict = rules.verdict(feed, &entry.title, &entry.body);
        if verdict == Some(Action::Drop) {
            counts.dropped += 1;
            continue;
        }
        let mut item = Item::new(ItemId(0), entry.title.clone(), entry.body.clone());
        if known.fingerprints.contains(&item.fingerprint()) {
            counts.known += 1;
            continue;
        }
        item.sources = thin_vec::thin_vec![source];
        if let Some(at) = entry.published {
            stamp(&mut item, at);
        }
        if verdict == Some(Action::Spike) {
            item.state = ItemState::Spiked;
            counts.spiked += 1;
        } else {
            counts.new += 1;
        }
        known.remember(&item, Where::New(drafts.len()));
        drafts.push(item);
    }
    counts
}

/// Newest first, as a page lists them (the import's plan gives the newest the highest id);
/// undated drafts last, in the order they came.
pub fn newest_first(drafts: &mut [Item]) {
    drafts.sort_by_key(|d| std::cmp::Reverse(d.sources.first().and_then(|s| s.published)));
}

fn stamp(item: &mut Item, at: DateTime<Utc>) {
    item.date = Some(at.date_naive());
    item.stamp = Some(Box::new(Stamp {
        written: at.format("%H:%M UTC").to_string(),
        utc: Some(at.time()),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::rules::{Field, Rule};

    fn entry(id: &str, title: &str, link: Option<&str>) -> Entry {
        Entry {
            id: id.into(),
            title: title.into(),
            body: vec![format!("Body of {title}.")],
            link: link.map(str::to_string),
            published: None,
        }
    }

    fn no_rules() -> Rules<'static> {
        Rules::new(&[]).unwrap()
    }

    #[test]
    fn the_same_link_with_tracking_parameters_is_known() {
        let desk = Desk::default();
        let mut known = Known::of(&desk);
        let rules = no_rules();
        let mut items = Vec::new();
        let c = merge(
            "cert",
            vec![
                entry(
                    "1",
                    "Ransomware hits regional hospital group",
                    Some("https://n.example/a?utm_source=rss"),
                ),
                entry(
                    "2",
                    "Totally different words for this one",
                    Some("https://N.example/a#x"),
                ),
            ],
            &mut known,
            &rules,
            &mut items,
        );
        assert_eq!((items.len(), c.new, c.known), (1, 1, 1));
        assert_eq!(items[0].sources[0].entry.as_deref(), Some("1"));
    }

    #[test]
    fn the_same_story_from_two_feeds_is_one_draft_with_both_sources_and_a_second_fetch_adds_nothing()
     {
        let mut desk = Desk::default();
        let rules = no_rules();
        let mut known = Known::of(&desk);
        let mut drafts = Vec::new();
        let ca = merge(
            "wire",
            vec![entry(
                "w1",
                "CISA adds two known exploited vulnerabilities to its catalog",
                Some("https://wire.example/1"),
            )],
            &mut known,
            &rules,
            &mut drafts,
        );
        let cb = merge(
            "agency",
            vec![entry(
                "a1",
                "CISA Adds Two Known Exploited Vulnerabilities to its Catalog",
                Some("https://agency.example/kev"),
            )],
            &mut known,
            &rules,
            &mut drafts,
        );
        assert_eq!((ca.new, cb.new, cb.known, cb.joined), (1, 0, 1, 1));
        assert_eq!(drafts.len(), 1);
        let outlets: Vec<_> = drafts[0].sources.iter().map(|s| s.outlet.clone()).collect();
        assert_eq!(
            outlets,
            vec![Some("wire".to_string()), Some("agency".to_string())]
        );
        for (i, mut item) in drafts.into_iter().enumerate() {
            item.id = ItemId(i as u64 + 1);
            desk.items.insert(item.id, item);
        }
        // The next fetch sees the desk: the entry id alone recognises it, link or not, and
        // the second feed's copy too.
        let mut known = Known::of(&desk);
        let mut again = Vec::new();
        let c = merge(
            "wire",
            vec![entry("w1", "Renamed headline entirely here", None)],
            &mut known,
            &rules,
            &mut again,
        );
        let d = merge(
            "agency",
            vec![entry("a1", "Another renamed headline for it", None)],
            &mut known,
            &rules,
            &mut again,
        );
        assert!(again.is_empty());
        assert_eq!((c.known, d.known, d.joined), (1, 1, 0));
    }

    #[test]
    fn one_feed_repeating_a_headline_weekly_is_a_new_story_each_time() {
        let rules = no_rules();
        let mut known = Known::of(&Desk::default());
        let kev = |id: &str| Entry {
            body: vec![format!("This week's entries: {id}.")],
            ..entry(
                id,
                "CISA adds two known exploited vulnerabilities to its catalog",
                None,
            )
        };
        let mut drafts = Vec::new();
        merge("cisa", vec![kev("k1")], &mut known, &rules, &mut drafts);
        let c = merge("cisa", vec![kev("k2")], &mut known, &rules, &mut drafts);
        assert_eq!((drafts.len(), c.new), (2, 1));
    }

    #[test]
    fn rules_spike_or_drop_on_arrival() {
        let rules = [
            Rule {
                words: "webinar".into(),
                field: Field::Title,
                action: Action::Drop,
                feed: None,
            },
            Rule {
                words: "giveaway".into(),
                field: Field::Any,
                action: Action::Spike,
                feed: None,
            },
        ];
        let rules = Rules::new(&rules).unwrap();
        let mut known = Known::of(&Desk::default());
        let mut items = Vec::new();
        let c = merge(
            "vendor",
            vec![
                entry("1", "Join our webinar on patching", None),
                entry("2", "Crypto giveaway scam spreads fast", None),
                entry("3", "Patch Tuesday fixes four zero days", None),
            ],
            &mut known,
            &rules,
            &mut items,
        );
        assert_eq!((c.new, c.spiked, c.dropped), (1, 1, 1));
        assert_eq!(items.len(), 2);
        assert!(
            items
                .iter()
                .any(|i| i.state == ItemState::Spiked && i.headline.starts_with("Crypto"))
        );
    }
}
