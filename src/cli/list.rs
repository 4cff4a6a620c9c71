//! `briefdesk list drafts|issues`: one line each (or JSON), through the desk's matcher.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use clap::ValueEnum;

use super::desk::{open_to_read, review_of};
use crate::filter::Matcher;
use crate::filter::feed::FeedQuery;
use crate::model::doc::ItemsDoc;
use crate::model::review::Transition;
use crate::model::text::for_display;
use crate::model::{ItemId, ItemState, Review, StateView, Status};
use crate::search::Search;
use crate::store::{self, Store};

/// What `list` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    Drafts,
    Issues,
}

pub(super) fn list(
    flag: Option<&Path>,
    what: ListWhat,
    query: Option<&str>,
    states: Option<&str>,
    search: Option<&str>,
    json: bool,
) -> Result<()> {
    // Checked before the desk is read: a bad name changes nothing and costs nothing.
    let states = match states {
        Some(text) => StateView::parse(text).map_err(|e| anyhow::anyhow!("--state: {e}"))?,
        None => StateView::default(),
    };
    if what == ListWhat::Issues && search.is_some() {
        anyhow::bail!(
            "--search looks in drafts' headlines and bodies: use it with `list drafts` (or --filter for issues)"
        );
    }
    // `None` for no search; a query with no word finds nothing.
    let search = search.map(Search::parse);
    // `feed:NAME` words keep the drafts from that feed, the rest ranks them (issue #18):
    // the desk's `/` reads a query the same way.
    let feed = match what {
        ListWhat::Drafts => FeedQuery::parse(query.unwrap_or("")),
        ListWhat::Issues => FeedQuery::default(),
    };
    let query = Some(feed.text.as_str())
        .filter(|_| feed.names_feeds())
        .or(query);
    // The text list needs headlines, states and stamps only: read just those when the
    // desk allows it (see `store::draft_heads`), else open it in full as below (a feed
    // word needs the drafts' sources).
    if what == ListWhat::Drafts
        && !json
        && search.is_none()
        && !feed.names_feeds()
        && let Some(heads) = store::draft_heads(&Store::resolve_dir(flag)?)
    {
        return list_draft_heads(heads, query, states);
    }
    let (dir, desk) = open_to_read(flag)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match what {
        ListWhat::Drafts => {
            // The search reads bodies, so it needs the whole desk (not the quick read).
            let items: Vec<_> = desk
                .items_newest_first()
                .filter(|it| states.shows(it.state) && feed.keeps(it))
                .filter(|it| match &search {
                    None => true,
                    Some(s) => s
                        .as_ref()
                        .is_some_and(|s| s.matches(&it.headline, it.body.lines())),
                })
                .collect();
            let hits = rank(items.iter().map(|it| it.headline.as_str()), query);
            if json {
                let doc = ItemsDoc::new(hits.iter().map(|&h| items[h as usize].clone()).collect());
                crate::format::json::to_writer_pretty(&mut out, &doc)?;
                writeln!(out)?;
            } else {
                for &h in &hits {
                    let it = items[h as usize];
                    let stamp = it.stamp.as_ref().map_or("", |s| s.written.as_str());
                    draft_line(&mut out, it.id, it.state, stamp, &it.headline)?;
                }
            }
        }
        ListWhat::Issues => {
            let issues = desk.issues_newest_first();
            let hits = Matcher::default().filter(
                issues.iter().map(|i| i.meta.title.as_str()),
                query.unwrap_or(""),
            );
            // Each issue's review, read before anything is printed so its warnings come first.
            let reviews: Vec<Option<Review>> = hits
                .iter()
                .map(|h| review_of(&dir, issues[h.index].id))
                .collect();
            if json {
                let docs: Vec<_> = hits
                    .iter()
                    .zip(&reviews)
                    .map(|(h, r)| IssueListing {
                        doc: crate::model::doc::IssueDoc::new(issues[h.index].clone()),
                        status: r.as_ref().map(|r| r.status),
                        history: r.as_ref().map_or(&[][..], |r| &r.history[..]),
                        open_comments: r.as_ref().map_or(0, Review::open_count),
                    })
                    .collect();
                crate::format::json::to_writer_pretty(&mut out, &docs)?;
                writeln!(out)?;
            } else {
                for (h, r) in hits.iter().zip(&reviews) {
                    let is = issues[h.index];
                    let date = is
                        .meta
                        .date
                        .map_or_else(|| "-".to_string(), |d| d.to_string());
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{} sections, {} bullets\t{}",
                        is.id,
                        date,
                        crate::model::text::for_display(&is.meta.title),
                        is.sections.len(),
                        is.bullet_count(),
                        r.as_ref()
                            .map_or_else(|| "?".into(), |r| r.status_label(is))
                    )?;
                }
            }
        }
    }
    out.flush()?;
    // A one-shot command: the OS takes the memory back at exit, faster than freeing
    // 100,000 items one by one.
    std::mem::forget(desk);
    Ok(())
}

/// An issue in `list issues --json`: its document, and where it is in review.
#[derive(serde::Serialize)]
struct IssueListing<'a> {
    #[serde(flatten)]
    doc: crate::model::doc::IssueDoc,
    /// `null` when the review logs cannot be read (a warning says why).
    status: Option<Status>,
    history: &'a [Transition],
    open_comments: usize,
}

/// `list drafts` from the quick read: the same lines as from the full desk.
pub(super) fn list_draft_heads(
    heads: Vec<store::DraftHead>,
    query: Option<&str>,
    states: StateView,
) -> Result<()> {
    let hits = rank_heads(&heads, query, states);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_heads(&mut out, &heads, &hits)?;
    out.flush()?;
    // As in `list`: the OS takes the memory back at exit, faster than freeing it.
    std::mem::forget(heads);
    Ok(())
}

/// The indexes of `heads` that `list drafts` prints, in its order.
fn rank_heads(heads: &[store::DraftHead], query: Option<&str>, states: StateView) -> Vec<u32> {
    // Ranked by their index in `heads` (the states left out are skipped, not removed: the
    // order of what is kept is the same, without moving a million heads).
    Matcher::default().rank(
        heads
            .iter()
            .enumerate()
            .filter(|(_, h)| states.shows(h.state))
            .map(|(i, h)| (i as u32, h.headline.as_str())),
        query.unwrap_or(""),
    )
}

/// Lines formatted per block, on two threads (half a block each), then written in order.
const LINES_PER_BLOCK: usize = 1 << 15;

/// The lines of `hits` (indexes into `heads`), in order. At a million drafts, formatting
/// the lines (each field through `for_display`) was a fifth of `list drafts --filter`: the
/// two halves of each block are formatted at once, and written one after the other.
fn write_heads(
    out: &mut impl Write,
    heads: &[store::DraftHead],
    hits: &[u32],
) -> std::io::Result<()> {
    let lines = |part: &[u32]| -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(part.len() * 128);
        for &h in part {
            if let Some(it) = heads.get(h as usize) {
                let stamp = it.stamp.as_deref().unwrap_or("");
                draft_line(&mut buf, it.id, it.state, stamp, &it.headline)?;
            }
        }
        Ok(buf)
    };
    if hits.len() < LINES_PER_BLOCK {
        return out.write_all(&lines(hits)?);
    }
    for block in hits.chunks(LINES_PER_BLOCK) {
        let (a, b) = block.split_at(block.len() / 2);
        let (first, second) = std::thread::scope(|s| {
            let second = s.spawn(|| lines(b));
            let first = lines(a);
            (first, second.join())
        });
        out.write_all(&first?)?;
        match second {
            Ok(bytes) => out.write_all(&bytes?)?,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    Ok(())
}

/// The drafts whose headline matches `query` (all of them for none), best first, as
/// indexes into `headlines`: the desk's matcher, scores only (positions are not printed).
fn rank<'a>(headlines: impl Iterator<Item = &'a str>, query: Option<&str>) -> Vec<u32> {
    Matcher::default().rank(
        headlines.enumerate().map(|(i, h)| (i as u32, h)),
        query.unwrap_or(""),
    )
}

/// One `list drafts` line: id, state, stamp and headline, tab-separated, each made safe for
/// a terminal. The quick read and the full desk both print through it.
fn draft_line(
    out: &mut impl Write,
    id: ItemId,
    state: ItemState,
    stamp: &str,
    headline: &str,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{id}\t{}\t{}\t{}",
        state.as_str(),
        for_display(stamp),
        for_display(headline)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemState;

    /// The lines the full open gives, as `list` prints them without the quick read.
    fn full_lines(dir: &Path, query: Option<&str>, states: StateView) -> Vec<u8> {
        let (_store, desk, _) = Store::open_read_only(dir).expect("open");
        let items: Vec<_> = desk
            .items_newest_first()
            .filter(|it| states.shows(it.state))
            .collect();
        let mut out = Vec::new();
        for h in rank(items.iter().map(|it| it.headline.as_str()), query) {
            let it = items[h as usize];
            let stamp = it.stamp.as_ref().map_or("", |s| s.written.as_str());
            draft_line(&mut out, it.id, it.state, stamp, &it.headline).expect("line");
        }
        out
    }

    fn quick_lines(dir: &Path, query: Option<&str>, states: StateView) -> Vec<u8> {
        let heads = store::draft_heads(dir).expect("quick read");
        let mut out = Vec::new();
        write_heads(&mut out, &heads, &rank_heads(&heads, query, states)).expect("lines");
        out
    }

    #[test]
    fn the_quick_lines_are_the_full_opens_byte_for_byte_with_or_without_the_index() {
        // Random desks: sizes, states, and headlines with accents, tabs and escapes.
        let mut seed: u64 = 0x005e_ed19;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for round in 0..4 {
            // The last desk prints more lines than one block (two threads format them).
            let n = if round == 3 {
                40_000 + next(30_000)
            } else {
                1 + next(4_000)
            };
            let mut desk = crate::desk_gen::desk(n);
            for it in desk.items.values_mut() {
                match next(12) {
                    0 => it.state = ItemState::ALL[next(4) as usize],
                    1 => it.headline.push_str(" Zürich ransomware"),
                    2 => it.headline.insert_str(0, "\u{1b}[2J\tRANSOM "),
                    3 => it.headline = "\u{202e}Ransom note".into(),
                    _ => {}
                }
            }
            let tmp = tempfile::tempdir().expect("tempdir");
            crate::desk_gen::write_desk(tmp.path(), &desk).expect("write desk");
            let views = [
                StateView::default(),
                StateView::parse("pool,held").expect("states"),
            ];
            let queries = [None, Some("ransom"), Some("r"), Some("Zü"), Some("port x")];
            let check = |what: &str| {
                for states in views {
                    for q in queries {
                        let full = full_lines(tmp.path(), q, states);
                        assert!(
                            full == quick_lines(tmp.path(), q, states),
                            "{what}, {n} drafts, query {q:?}"
                        );
                    }
                }
            };
            check("no index");
            std::thread::sleep(std::time::Duration::from_millis(30));
            store::rebuild_index(tmp.path()).expect("index");
            check("with the index");
        }
    }
}
