//! `briefdesk feeds …` (the desk's feed list) and `briefdesk fetch` (new entries as drafts).

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use clap::Subcommand;

use super::desk::{open_locked, open_to_read, perform};
use super::import::plural;
use crate::feeds::http::Limits;
use crate::feeds::{FeedList, opml};
use crate::format::import::{self, Imported};
use crate::ops::feeds::{self, Outcome};
use crate::store::{self, Store};

#[derive(Debug, Subcommand)]
pub enum FeedsCmd {
    /// Follow a feed: an http(s) or file:// address, or a path.
    Add {
        #[arg(value_name = "URL")]
        url: String,
        /// The name reports and `fetch --feed` use (default: the host, or the file's name).
        #[arg(long)]
        name: Option<String>,
        /// A tag for `fetch --tag` (repeat for several).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
    /// The feeds the desk follows: name, tags, address.
    List,
    /// Stop following a feed (by name or address); its drafts stay on the desk.
    Remove {
        #[arg(value_name = "NAME|URL")]
        which: String,
    },
    /// Follow every feed of an OPML file (folders and categories become tags).
    Import {
        #[arg(value_name = "FILE.opml")]
        file: PathBuf,
    },
    /// The feed list as OPML 2.0 on standard output, tags kept.
    Export,
}

/// The desk directory, which must hold a desk already.
fn desk_dir(flag: Option<&Path>) -> Result<PathBuf> {
    let dir = Store::resolve_dir(flag)?;
    if !dir.join(store::DESK_FILE).exists() {
        bail!(
            "there is no desk in {} yet: start one with `briefdesk import FILE` or `briefdesk issue new TITLE`",
            dir.display()
        );
    }
    Ok(dir)
}

/// A plain path is kept absolute, so a fetch from cron (another working directory) finds it.
fn absolute(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    if lower.contains("://") || url.starts_with('/') {
        return url.to_string();
    }
    std::path::absolute(url).map_or_else(|_| url.to_string(), |p| p.display().to_string())
}

pub(super) fn feeds(flag: Option<&Path>, cmd: FeedsCmd) -> Result<()> {
    let dir = desk_dir(flag)?;
    let mut list = feeds::load(&dir).map_err(|e| anyhow!(e))?;
    match cmd {
        FeedsCmd::List => {
            if list.feeds.is_empty() {
                tell!("no feeds yet: `briefdesk feeds add URL` follows one");
            }
            for f in &list.feeds {
                let tags = if f.tags.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", f.tags.join(", "))
                };
                report!("{}{tags}  {}", f.name, f.url);
            }
            return Ok(());
        }
        FeedsCmd::Export => {
            print!("{}", opml::write(&list.feeds));
            return Ok(());
        }
        FeedsCmd::Add { url, name, tags } => {
            let f = list
                .add(&absolute(&url), name.as_deref(), &tags)
                .map_err(|e| anyhow!(e))?;
            tell!(
                "following \"{}\" ({}): `briefdesk fetch` brings its entries",
                f.name,
                f.url
            );
        }
        FeedsCmd::Remove { which } => {
            let f = list.remove(&which).map_err(|e| anyhow!(e))?;
            tell!(
                "no longer following \"{}\"; its drafts stay on the desk",
                f.name
            );
        }
        FeedsCmd::Import { file } => {
            let bytes = super::import::read_input(&file)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow!("{}: not UTF-8 text: not an OPML file", file.display()))?;
            let outlines = opml::read(&text).map_err(|e| anyhow!("{}: {e}", file.display()))?;
            let (mut added, mut known) = (0, 0);
            for o in outlines {
                let url = absolute(&o.url);
                if is_followed(&list, &url) {
                    known += 1;
                    continue;
                }
                // A name clash with another address: follow it under its host's name.
                let result = list
                    .add(&url, o.name.as_deref(), &o.tags)
                    .map(|_| ())
                    .or_else(|_| list.add(&url, None, &o.tags).map(|_| ()));
                match result {
                    Ok(()) => added += 1,
                    Err(e) => bail!("{}: {e}; nothing was changed", file.display()),
                }
            }
            tell!(
                "{}: {added} feeds added, {known} already followed",
                file.display()
            );
        }
    }
    feeds::save(&dir, &list).map_err(|e| anyhow!(e))
}

fn is_followed(list: &FeedList, url: &str) -> bool {
    list.feeds.iter().any(|f| f.url == url)
}

pub(super) fn fetch(flag: Option<&Path>, feed: Option<&str>, tag: Option<&str>) -> Result<()> {
    let dir = desk_dir(flag)?;
    let list = feeds::load(&dir).map_err(|e| anyhow!(e))?;
    if list.feeds.is_empty() {
        bail!("no feeds to fetch: `briefdesk feeds add URL` follows one");
    }
    let picked = list.pick(feed, tag).map_err(|e| anyhow!(e))?;
    // The network first, with no lock held while feeds answer; the lock only for the merge
    // and the write.
    let got = feeds::download(&list, &picked, Limits::default());
    // What became of the new drafts: added to the desk, or queued for the session holding it.
    let (run, added, verb) = match Store::lock_dir(&dir) {
        Ok(lock) => {
            let (mut store, mut desk, _lock) = open_locked(&dir, lock)?;
            let mut run = feeds::merge_into(&desk, list, &picked, got).map_err(|e| anyhow!(e))?;
            report_lines(&run);
            let added = run.items.len();
            let (cmd, _) = import::plan_import(
                &desk,
                import::Parsed {
                    what: Imported::Items(std::mem::take(&mut run.items)),
                    repaired: Default::default(),
                },
            );
            if let Some(cmd) = &cmd {
                perform(&mut store, &mut desk, cmd)?;
                // A fetch is an import like any other: `import --undo-last` takes it back.
                let mut added = super::import_undo::Added::default();
                added.note(cmd);
                if let Err(e) = added.record(&dir, &desk, vec!["briefdesk fetch".into()]) {
                    tell!(
                        "warning: {e}: `briefdesk import --undo-last` cannot take this fetch back"
                    );
                }
            }
            // Only now that the drafts are safe: the validators that make the next fetch a 304.
            feeds::save_validators(&dir, &run.list).map_err(|e| anyhow!(e))?;
            (run, added, "added")
        }
        // A live session on this host holds the desk (an analyst at work while cron
        // fetches): merged against the desk as saved, handed to the session through its
        // inbox, as `import` does. One on another host may be gone: refused as before.
        Err(store::Locked::Held { holder, .. }) if holder.host == store::identity::host_name() => {
            let (_, desk) = open_to_read(Some(&dir))?;
            let mut run = feeds::merge_into(&desk, list, &picked, got).map_err(|e| anyhow!(e))?;
            report_lines(&run);
            let queued = run.items.len();
            if queued > 0 {
                let doc = crate::model::doc::ItemsDoc::new(std::mem::take(&mut run.items));
                let bytes = serde_json::to_vec_pretty(&doc).map_err(|e| {
                    anyhow!("cannot encode the new drafts: {e}; nothing was queued")
                })?;
                store::inbox::queue(&dir, &bytes, Some(import::Format::Json.name()))
                    .map_err(|e| anyhow!("{e}; nothing was queued"))?;
                tell!(
                    "{queued} draft{} queued for the open desk held by {}@{}; they appear within 2 s",
                    plural(queued),
                    holder.user,
                    holder.host
                );
            }
            feeds::save_validators(&dir, &run.list).map_err(|e| anyhow!(e))?;
            (run, queued, "queued")
        }
        Err(e) => bail!("{e}; nothing was changed"),
    };
    let failed = run.reports.iter().filter(|r| r.outcome.is_err()).count();
    let fetched = run.reports.len() - failed;
    let not_modified = run
        .reports
        .iter()
        .filter(|r| r.outcome == Ok(Outcome::NotModified))
        .count();
    tell!(
        "{added} draft{} {verb} from {fetched} feed{}{}",
        plural(added),
        plural(fetched),
        if not_modified > 0 {
            format!(" ({not_modified} not modified)")
        } else {
            String::new()
        }
    );
    if failed > 0 {
        bail!(
            "{failed} feed{} could not be fetched (see above); the others were",
            plural(failed)
        );
    }
    Ok(())
}

fn report_lines(run: &feeds::Run) {
    for r in &run.reports {
        report!("{}", r.line());
    }
}
