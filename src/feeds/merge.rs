//! Entries to new drafts: what the desk already holds is skipped, the same story from two
//! feeds is one draft, the rules spike or drop on arrival.
//!
//! "Already on the desk" is decided through hash maps built once per fetch (canonical links,
//! feed entry ids, headline simhash bands), so each entry costs the same at 100 drafts and
//! at a million.

use std::collections::HashSet;

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
    /// Added spiked by a rule.
    pub spiked: usize,
    /// Left out by a rule.
    pub dropped: usize,
}

/// How far apart two feeds may date the same story.
const SAME_STORY_DAYS: i64 = 3;

/// What the desk already holds, as the merge looks it up.
pub struct Known {
    links: HashSet<String>,
    ids: HashSet<(String, String)>,
    /// Headline hashes with the feed that brought the draft (lower case) and its date.
    headlines: NearIndex<(Option<String>, Option<NaiveDate>)>,
    fingerprints: HashSet<u64>,
}

impl Known {
    /// One pass over the desk's drafts.
    pub fn of(desk: &Desk) -> Known {
        let mut k = Known {
            links: HashSet::new(),
            ids: HashSet::new(),
            headlines: NearIndex::default(),
            fingerprints: HashSet::new(),
        };
        for item in desk.items.values() {
            k.remember(item);
        }
        k
    }

    fn remember(&mut self, item: &Item) {
        if let Some(src) = &item.source {
            if let Some(link) = src.url.as_deref().and_then(canonical_url) {
                self.links.insert(link);
            }
            if let (Some(feed), Some(id)) = (&src.publication, &src.entry) {
                self.ids.insert((feed.to_lowercase(), id.clone()));
            }
        }
        if let Some(h) = simhash(&item.headline) {
            let feed = item
                .source
                .as_ref()
                .and_then(|s| s.publication.as_ref())
                .map(|p| p.to_lowercase());
            self.headlines.insert(h, (feed, item.date));
        }
        self.fingerprints.insert(item.fingerprint());
    }

    /// Is `entry` of `feed` on the desk already? The same entry id from this feed, the same
    /// canonical link, or a near-identical headline that ANOTHER feed brought within a few
    /// days: one feed's weekly "CISA adds two known exploited vulnerabilities" is a new
    /// story each week, the wire's copy of the agency's story the same day is not.
    fn holds(&self, feed: &str, entry: &Entry, link: Option<&str>) -> bool {
        let feed = feed.to_lowercase();
        let day = entry.published.map(|p| p.date_naive());
        (!entry.id.is_empty() && self.ids.contains(&(feed.clone(), entry.id.clone())))
            || link.is_some_and(|l| self.links.contains(l))
            || simhash(&entry.title).is_some_and(|h| {
                self.headlines
                    .near(h, |(other, date)| {
                        other.as_deref() != Some(feed.as_str())
                            && match (day, date) {
                                (Some(a), Some(b)) => (a - *b).num_days().abs() <= SAME_STORY_DAYS,
                                _ => true,
                            }
                    })
                    .is_some()
            })
    }
}

/// Turn `feed`'s entries into new drafts (placeholder ids: the import's plan numbers them),
/// remembering each in `known` so a second feed's copy of the story is recognised.
pub fn merge(
    feed: &str,
    entries: Vec<Entry>,
    known: &mut Known,
    rules: &Rules,
) -> (Vec<Item>, Counts) {
    let mut counts = Counts::default();
    let mut items = Vec::new();
    for entry in entries {
        let link = entry.link.as_deref().and_then(canonical_url);
        if known.holds(feed, &entry, link.as_deref()) {
            counts.known += 1;
            continue;
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
        item.source = Some(Source {
            publication: Some(feed.to_string()),
            url: entry.link.clone(),
            entry: Some(entry.id.clone()).filter(|id| !id.is_empty()),
        });
        if let Some(at) = entry.published {
            stamp(&mut item, at);
        }
        if verdict == Some(Action::Spike) {
            item.state = ItemState::Spiked;
            counts.spiked += 1;
        } else {
            counts.new += 1;
        }
        known.remember(&item);
        items.push((entry.published, item));
    }
    // Newest first, as a page lists them: the import's plan gives the newest the highest id.
    items.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    (items.into_iter().map(|(_, i)| i).collect(), counts)
}

fn stamp(item: &mut Item, at: DateTime<Utc>) {
    item.date = Some(at.date_naive());
    item.stamp = Some(Stamp {
        written: at.format("%H:%M UTC").to_string(),
        utc: Some(at.time()),
    });
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
        let (items, c) = merge(
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
        );
        assert_eq!((items.len(), c.new, c.known), (1, 1, 1));
        assert_eq!(
            items[0].source.as_ref().and_then(|s| s.entry.as_deref()),
            Some("1")
        );
    }

    #[test]
    fn the_same_story_from_two_feeds_is_one_draft_and_a_second_fetch_adds_nothing() {
        let mut desk = Desk::default();
        let rules = no_rules();
        let mut known = Known::of(&desk);
        let (a, _) = merge(
            "wire",
            vec![entry(
                "w1",
                "CISA adds two known exploited vulnerabilities to its catalog",
                Some("https://wire.example/1"),
            )],
            &mut known,
            &rules,
        );
        let (b, cb) = merge(
            "agency",
            vec![entry(
                "a1",
                "CISA Adds Two Known Exploited Vulnerabilities to its Catalog",
                Some("https://agency.example/kev"),
            )],
            &mut known,
            &rules,
        );
        assert_eq!((a.len(), b.len(), cb.known), (1, 0, 1));
        for (i, mut item) in a.into_iter().enumerate() {
            item.id = ItemId(i as u64 + 1);
            desk.items.insert(item.id, item);
        }
        // The next fetch sees the desk: the entry id alone recognises it, link or not.
        let mut known = Known::of(&desk);
        let (again, c) = merge(
            "wire",
            vec![entry("w1", "Renamed headline entirely here", None)],
            &mut known,
            &rules,
        );
        assert!(again.is_empty());
        assert_eq!(c.known, 1);
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
        let (a, _) = merge("cisa", vec![kev("k1")], &mut known, &rules);
        let (b, c) = merge("cisa", vec![kev("k2")], &mut known, &rules);
        assert_eq!((a.len(), b.len(), c.new), (1, 1, 1));
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
        let (items, c) = merge(
            "vendor",
            vec![
                entry("1", "Join our webinar on patching", None),
                entry("2", "Crypto giveaway scam spreads fast", None),
                entry("3", "Patch Tuesday fixes four zero days", None),
            ],
            &mut known,
            &rules,
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
