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
    mut heads: Vec<store::DraftHead>,
    query: Option<&str>,
    states: StateView,
) -> Result<()> {
    heads.retain(|h| states.shows(h.state));
    let hits = rank(heads.iter().map(|h| h.headline.as_str()), query);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for &h in &hits {
        let it = &heads[h as usize];
        let stamp = it.stamp.as_deref().unwrap_or("");
        draft_line(&mut out, it.id, it.state, stamp, &it.headline)?;
    }
    out.flush()?;
    // As in `list`: the OS takes the memory back at exit, faster than freeing it.
    std::mem::forget(heads);
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
