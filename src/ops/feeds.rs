//! Feeds for the command line and the desk: the feed list read and written in the
//! desk, and one fetch run: every picked feed fetched a few at a time, parsed, merged into
//! new drafts against what the desk holds.
//!
//! The validators (`ETag`, `Last-Modified`) a fetch brings back are saved only after its
//! drafts are on the desk (or queued for the open desk): were they saved first and the
//! drafts then lost, the next fetch would get `304` and the entries would never come back.

use std::path::Path;
use std::sync::Mutex;

use crate::feeds::entry::Entry;
use crate::feeds::http::{self, Got, Limits};
use crate::feeds::merge::{Counts, Known, merge, newest_first};
use crate::feeds::rules::Rules;
use crate::feeds::{FEEDS_FILE, Feed, FeedList, entry};
use crate::model::{Desk, Item};
use crate::store;

/// How many feeds are fetched at once.
pub const AT_ONCE: usize = 4;

/// The desk's feed list (empty when it has none yet); one line naming the file when it
/// does not read.
pub fn load(desk: &Path) -> Result<FeedList, String> {
    let path = desk.join(FEEDS_FILE);
    match store::read_side_file(desk, FEEDS_FILE) {
        Ok(None) => Ok(FeedList::default()),
        Ok(Some(bytes)) => FeedList::from_json(&bytes).map_err(|e| {
            format!(
                "{}: {e}: fix the file (or move it away to start a new list)",
                path.display()
            )
        }),
        Err(e) => Err(e.to_string()),
    }
}

/// Write the feed list, atomically.
pub fn save(desk: &Path, list: &FeedList) -> Result<(), String> {
    let bytes = list.to_json()?;
    store::write_side_file(desk, FEEDS_FILE, &bytes).map_err(|e| e.to_string())
}

/// One feed's line in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub feed: String,
    pub outcome: Result<Outcome, String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    NotModified,
    Read(Counts),
}

impl Report {
    /// `name: 12 new, 30 known` (and what the rules did), or `name: error`.
    pub fn line(&self) -> String {
        let what = match &self.outcome {
            Err(e) => e.clone(),
            Ok(Outcome::NotModified) => "not modified since the last fetch".into(),
            Ok(Outcome::Read(c)) => {
                let mut s = format!("{} new, {} known", c.new, c.known);
                if c.joined > 0 {
                    s.push_str(&format!(
                        " ({} the same story as another feed's: its source added)",
                        c.joined
                    ));
                }
                if c.spiked > 0 {
                    s.push_str(&format!(", {} spiked by a rule", c.spiked));
                }
                if c.dropped > 0 {
                    s.push_str(&format!(", {} dropped by a rule", c.dropped));
                }
                s
            }
        };
        crate::model::text::for_display(&format!("{}: {what}", self.feed)).into_owned()
    }
}

/// What a fetch run brought: the new drafts (newest first, placeholder ids), a report per
/// feed in the list's order, and the feed list with the new validators (to save once the
/// drafts are safe).
pub struct Run {
    pub items: Vec<Item>,
    pub reports: Vec<Report>,
    pub list: FeedList,
}

/// Fetch `picked` (indices into `list.feeds`) and merge their entries against `desk`.
pub fn fetch(desk: &Desk, list: FeedList, picked: &[usize], limits: Limits) -> Result<Run, String> {
    let got = download(&list, picked, limits);
    merge_into(desk, list, picked, got)
}

/// The network part alone (no desk needed, so no lock is held while feeds answer): one
/// result per picked feed, in order.
pub fn download(list: &FeedList, picked: &[usize], limits: Limits) -> Vec<Result<Got, String>> {
    download_each(list, picked, limits, &|| {})
}

/// As [`download`], calling `answered` as each feed answers (the desk's progress).
pub fn download_each(
    list: &FeedList,
    picked: &[usize],
    limits: Limits,
    answered: &(dyn Fn() + Sync),
) -> Vec<Result<Got, String>> {
    fetch_all(&http::agent(limits), &list.feeds, picked, limits, answered)
}

/// Parse what [`download`] got and merge it against `desk`: the new drafts, a report per
/// feed, and the list with the new validators.
pub fn merge_into(
    desk: &Desk,
    list: FeedList,
    picked: &[usize],
    got: Vec<Result<Got, String>>,
) -> Result<Run, String> {
    merge_read(desk, list, picked, parse_all(got))
}

/// A feed's answer, parsed: nothing new, or its entries and the validators that came with
/// them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    NotModified,
    Entries {
        entries: Vec<Entry>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Parse what [`download`] got: no desk needed, so the desk does it on the fetch's thread.
pub fn parse_all(got: Vec<Result<Got, String>>) -> Vec<Result<Read, String>> {
    got.into_iter()
        .map(|result| match result? {
            Got::NotModified => Ok(Read::NotModified),
            Got::Body {
                bytes,
                base,
                etag,
                last_modified,
            } => entry::parse(&bytes, Some(base.as_str()).filter(|b| !b.is_empty()))
                .map(|entries| Read::Entries {
                    entries,
                    etag,
                    last_modified,
                })
                .map_err(|e| e.to_string()),
        })
        .collect()
}

/// Merge what [`parse_all`] read against `desk`: the new drafts, a report per feed, and
/// the list with the new validators.
pub fn merge_read(
    desk: &Desk,
    mut list: FeedList,
    picked: &[usize],
    read: Vec<Result<Read, String>>,
) -> Result<Run, String> {
    let rules_owned = list.rules.clone();
    let rules = Rules::new(&rules_owned)?;
    let mut known = Known::of(desk);
    let mut items = Vec::new();
    let mut reports = Vec::new();
    for (i, result) in picked.iter().copied().zip(read) {
        let feed = &mut list.feeds[i];
        let outcome = match result {
            Err(e) => Err(e),
            Ok(Read::NotModified) => Ok(Outcome::NotModified),
            Ok(Read::Entries {
                entries,
                etag,
                last_modified,
            }) => {
                let first = items.len();
                let counts = merge(&feed.name, entries, &mut known, &rules, &mut items);
                for item in &mut items[first..] {
                    item.tags = feed.tags.iter().cloned().collect();
                }
                feed.etag = etag;
                feed.last_modified = last_modified;
                Ok(Outcome::Read(counts))
            }
        };
        reports.push(Report {
            feed: feed.name.clone(),
            outcome,
        });
    }
    newest_first(&mut items);
    Ok(Run {
        items,
        reports,
        list,
    })
}

/// The network part: [`AT_ONCE`] workers take the feeds in turn; results in `picked`'s order.
fn fetch_all(
    agent: &ureq::Agent,
    feeds: &[Feed],
    picked: &[usize],
    limits: Limits,
    answered: &(dyn Fn() + Sync),
) -> Vec<Result<Got, String>> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Result<Got, String>>>> =
        Mutex::new((0..picked.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..AT_ONCE.min(picked.len()) {
            s.spawn(|| {
                loop {
                    let n = {
                        let Ok(mut g) = next.lock() else { return };
                        let n = *g;
                        *g += 1;
                        n
                    };
                    let Some(&i) = picked.get(n) else { return };
                    let r = http::get(agent, &feeds[i], limits);
                    if let Ok(mut g) = results.lock() {
                        g[n] = Some(r);
                    }
                    answered();
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not fetched (a worker stopped)".into())))
        .collect()
}

/// Save the validators a fetch brought into the feed list as it is on disk now: a feed
/// added or removed (`briefdesk feeds …`) while the fetch ran is kept as it is, and only
/// the feeds still followed (by address) take their new `ETag` / `Last-Modified`.
pub fn save_validators(desk: &Path, fetched: &FeedList) -> Result<(), String> {
    let mut now = load(desk)?;
    for feed in &mut now.feeds {
        if let Some(f) = fetched.feeds.iter().find(|f| f.url == feed.url) {
            feed.etag.clone_from(&f.etag);
            feed.last_modified.clone_from(&f.last_modified);
        }
    }
    save(desk, &now)
}
