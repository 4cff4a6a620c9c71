//! Imports another process queued for this desk (`briefdesk import` while the desk is
//! open): looked for on the desk's 500 ms poll, each file taken in as ONE import command
//! (journaled, saved, one undo step), and removed from `inbox/` only once saved. Only the
//! session that holds the lock takes them in; a read-only session never looks.

use super::{Ctx, SaveState};
use crate::format::import;
use crate::model::ItemId;
use crate::store::{self, inbox::Queued};
use crate::tui::events::Event;
use crate::tui::inbox::{Arrived, added_words};

impl Ctx {
    /// Look in `inbox/` (one directory listing): an event when something new is there.
    /// Nothing while read-only, still loading, or with edits not yet saved (they go first).
    pub fn poll_inbox(&mut self) -> Option<Event> {
        if self.read_only || self.loading || !self.pending.is_empty() {
            return None;
        }
        if matches!(self.save_state, SaveState::Failed(_)) {
            return None;
        }
        let inbox = self.inbox.as_ref()?;
        // A file already found bad is not read again (it may be big).
        let told = |name: &std::ffi::OsStr| inbox.told.contains(name.to_string_lossy().as_ref());
        let (files, problems): (Vec<Queued>, Vec<String>) =
            match store::inbox::waiting_but(&inbox.dir, told) {
                Ok((files, problems)) => (files, problems.iter().map(|p| p.to_string()).collect()),
                Err(e) => (Vec::new(), vec![e.to_string()]),
            };
        let problems: Vec<String> = problems
            .into_iter()
            .filter(|p: &String| !inbox.told.contains(p))
            .collect();
        (!files.is_empty() || !problems.is_empty())
            .then_some(Event::Inbox(Arrived { files, problems }))
    }

    /// Take the queued files in, oldest first: each one import, one undo step.
    pub(in crate::tui) fn take_inbox(&mut self, arrived: Arrived) {
        if self.read_only {
            return;
        }
        let Some(dir) = self.inbox.as_ref().map(|i| i.dir.clone()) else {
            return;
        };
        let mut told = Vec::new();
        let (mut drafts, mut issues, mut skipped) = (0, 0, 0);
        for file in arrived.files {
            let shown = dir.join(store::inbox::INBOX).join(&file.name);
            let format = match file.format.as_deref() {
                None => Ok(None),
                Some(f) => import::format_named(f)
                    .map(Some)
                    .ok_or_else(|| format!("unknown format {f:?}")),
            };
            let parsed =
                format.and_then(|f| import::read(&file.bytes, f).map_err(|e| e.to_string()));
            let parsed = match parsed {
                Ok(p) => p,
                Err(e) => {
                    if self.remember(&file.name.to_string_lossy()) {
                        told.push(format!(
                            "{}: not imported: {e}; it is left there: remove it once read",
                            shown.display()
                        ));
                    }
                    continue;
                }
            };
            let (cmd, report) = import::plan_import(&self.desk, parsed);
            if let Some(cmd) = cmd {
                let done = self.perform_import(cmd);
                if !done {
                    // Refused by the desk (the status line says why): left, not tried again.
                    self.remember(&file.name.to_string_lossy());
                    return;
                }
                if !self.pending.is_empty() {
                    // Not saved yet: the file stays, and comes in (as duplicates, so
                    // nothing twice) once the save goes through; the status line says why.
                    return;
                }
            }
            drafts += report.items_added;
            issues += report.issues_added;
            skipped += report.items_skipped_duplicate + report.issues_skipped_duplicate;
            if let Err(e) = store::inbox::done(&dir, &file.name) {
                told.push(format!(
                    "{}: imported, but not removed: {e}; remove it, or it is read again",
                    shown.display()
                ));
                self.remember(&file.name.to_string_lossy());
            }
        }
        for p in arrived.problems {
            if self.remember(&p) {
                told.push(format!("inbox: {p}; left there, not imported"));
            }
        }
        let mut said = None;
        if drafts + issues > 0 {
            said = Some(format!(
                "imported {} from another process: u undoes",
                added_words(drafts, issues)
            ));
        } else if skipped > 0 {
            said = Some(format!(
                "from another process: {skipped} already on the desk, nothing added"
            ));
        }
        // What came in first, then each problem (told once: the next polls skip it).
        match (said, told.is_empty()) {
            (Some(s), true) => self.info(s),
            (said, false) => {
                self.error(said.into_iter().chain(told).collect::<Vec<_>>().join("; "))
            }
            (None, true) => {}
        }
    }

    /// One import (the inbox's or the import dialog's) as one undo step, the cursor kept on
    /// the draft it was on. False when the desk refused it (the status line says why).
    pub(in crate::tui) fn perform_import(&mut self, cmd: crate::model::Command) -> bool {
        let keep = self.selected_item().map(|i| i.id);
        let done = self.perform(cmd);
        self.keep_selected(keep);
        done
    }

    /// True the first time a problem (a file name, an error) is met.
    fn remember(&mut self, key: &str) -> bool {
        self.inbox
            .as_mut()
            .is_some_and(|i| i.told.insert(key.to_string()))
    }

    /// The cursor back on the draft it was on, wherever new drafts put it.
    fn keep_selected(&mut self, id: Option<ItemId>) {
        let Some(id) = id else { return };
        self.refresh_drafts();
        if let Some(row) =
            (0..self.drafts_cache.len()).find(|&r| self.drafts_cache.id(r) == Some(id))
        {
            self.drafts.cursor = row;
        }
    }
}
