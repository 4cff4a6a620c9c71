//! Fetching the desk's feeds from the desk (issue #18): started by `F` (or `:` fetch), the
//! network on its own thread (`tui/fetch.rs`), progress in the status bar, and when every
//! feed has answered: the entries merged against the desk as it is then, ONE import (one
//! undo step) through the normal perform path, the validators saved only once the drafts
//! are, and one report line.

use super::{Ctx, SaveState};
use crate::feeds::http::Limits;
use crate::format::import::{self, Imported};
use crate::ops::feeds::{self, Outcome};
use crate::tui::events::Event;
use crate::tui::fetch::{Fetched, Fetching};

impl Ctx {
    /// Start a fetch of every feed, unless one runs (a second press says so).
    pub(in crate::tui) fn start_fetch(&mut self) {
        self.start_fetch_with(Limits::default());
    }

    pub(in crate::tui) fn start_fetch_with(&mut self, limits: Limits) {
        if let Some(f) = &self.fetch {
            let msg = format!(
                "a fetch is already running ({}/{} feeds): its report comes when it ends",
                f.done,
                f.total()
            );
            self.info(msg);
            return;
        }
        // Only the session holding the desk writes to it (a read-only one is refused
        // before this, as for any edit).
        let Some(dir) = self.inbox.as_ref().map(|i| i.dir.clone()) else {
            self.error("fetch: this session does not hold the desk: run `briefdesk fetch`");
            return;
        };
        let list = match feeds::load(&dir) {
            Ok(list) => list,
            Err(e) => {
                self.error(format!("{e}; nothing was fetched"));
                return;
            }
        };
        if list.feeds.is_empty() {
            self.error("no feeds to fetch: `briefdesk feeds add URL` follows one");
            return;
        }
        match Fetching::start(list, limits) {
            Ok(f) => {
                self.info(progress(0, f.total()));
                self.fetch = Some(f);
            }
            Err(e) => self.error(format!("fetch: cannot start: {e}; nothing was fetched")),
        }
    }

    /// What the fetch thread sent since the last look, as an event (none: nothing new).
    pub fn poll_fetch(&mut self) -> Option<Event> {
        self.fetch.as_ref()?.news().map(Event::Fetched)
    }

    /// Progress, or the end: the drafts in as one import, then the validators, then the
    /// report.
    pub(in crate::tui) fn fetched(&mut self, news: Fetched) {
        let got = match news {
            Fetched::Progress { done, total } => {
                if let Some(f) = self.fetch.as_mut() {
                    f.done = done;
                }
                self.info(progress(done, total));
                return;
            }
            Fetched::Done(got) => got,
        };
        let Some(fetch) = self.fetch.take() else {
            return;
        };
        let Some(dir) = self.inbox.as_ref().map(|i| i.dir.clone()) else {
            return;
        };
        let run = match feeds::merge_read(&self.desk, fetch.list, &fetch.picked, got) {
            Ok(run) => run,
            Err(e) => {
                self.error(format!("fetch: {e}; nothing was added"));
                return;
            }
        };
        let parsed = import::Parsed {
            what: Imported::Items(run.items.clone()),
            repaired: Default::default(),
        };
        let (cmd, report) = import::plan_import(&self.desk, parsed);
        if let Some(cmd) = cmd
            && !self.perform_import(cmd)
        {
            // Refused (the status line says why): the validators stay, so the next
            // fetch brings the entries again.
            return;
        }
        let mut line = summary(&run, report.items_added);
        // Only once the drafts are on disk: else the next fetch would get `304` and the
        // entries would never come.
        if matches!(self.save_state, SaveState::Failed(_)) {
            line.push_str("; the drafts are not saved yet, so the next fetch asks for them again");
            self.error(line);
            return;
        }
        if let Err(e) = feeds::save_validators(&dir, &run.list) {
            line.push_str(&format!(
                "; {e}: the next fetch asks every feed again (what is known is skipped)"
            ));
            self.error(line);
            return;
        }
        match run.reports.iter().any(|r| r.outcome.is_err()) {
            true => self.error(line),
            false => self.info(line),
        }
    }
}

/// The status bar while a fetch runs.
fn progress(done: usize, total: usize) -> String {
    format!("fetching feeds {done}/{total}…")
}

/// `fetched 12 feeds: 15 new, 2 failed (cisa: the server answered 404 …; …): u undoes`.
fn summary(run: &feeds::Run, added: usize) -> String {
    let n = run.reports.len();
    let failed: Vec<String> = run
        .reports
        .iter()
        .filter(|r| r.outcome.is_err())
        .map(feeds::Report::line)
        .collect();
    let not_modified = run
        .reports
        .iter()
        .filter(|r| r.outcome == Ok(Outcome::NotModified))
        .count();
    let mut s = format!(
        "fetched {n} feed{}: {added} new",
        crate::model::text::plural(n)
    );
    if not_modified > 0 {
        s.push_str(&format!(", {not_modified} not modified"));
    }
    if !failed.is_empty() {
        s.push_str(&format!(
            ", {} failed ({})",
            failed.len(),
            failed.join("; ")
        ));
    }
    if added > 0 {
        s.push_str(": u undoes");
    }
    s
}
