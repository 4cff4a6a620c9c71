//! The desk as the commands open it (locked to write, unlocked to read), run a command on
//! it, pick an issue, read an issue's review; shared by the command files.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};

use crate::model::review::Event;
use crate::model::{Command, Desk, History, Issue, IssueId, Review, Touch};
use crate::store::{self, Store};

/// Open the desk to change it: the lock first, so no two writers ever load, repair or save
/// the same desk at once. The lock is held until the returned `Lock` drops.
pub(super) fn open_to_write(flag: Option<&Path>) -> Result<(Store, Desk, store::Lock)> {
    let dir = Store::resolve_dir(flag)?;
    let lock = Store::lock_dir(&dir).map_err(|e| anyhow!("{e}; nothing was changed"))?;
    open_locked(&dir, lock)
}

/// Open the desk whose lock is already taken (`import` looks at who holds it first).
pub(super) fn open_locked(dir: &Path, lock: store::Lock) -> Result<(Store, Desk, store::Lock)> {
    let (store, desk, notices) = Store::open_with_notices(dir)?;
    // What the open repaired (a journal replayed, a torn line skipped) is said, not hidden.
    for n in notices.iter().filter(|n| n.contains("journal")) {
        tell!("briefdesk: {n}");
    }
    Ok((store, desk, lock))
}

/// Open the desk to read it: no lock, nothing written, whoever else has it open.
pub(super) fn open_to_read(flag: Option<&Path>) -> Result<(PathBuf, Desk)> {
    let (store, desk) = open_to_read_store(flag)?;
    Ok((store.dir().to_path_buf(), desk))
}

/// The same, with the store kept (for its settings).
pub(super) fn open_to_read_store(flag: Option<&Path>) -> Result<(Store, Desk)> {
    let dir = Store::resolve_dir(flag)?;
    // Only a desk.json that is not there means "no desk": one we may not read is an error.
    let desk_file = dir.join(store::DESK_FILE);
    if let Err(e) = std::fs::symlink_metadata(&desk_file)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        bail!(
            "{}: cannot read: {e}: ask for access to the desk",
            desk_file.display()
        );
    }
    if !desk_file.exists() && is_empty_dir(&dir) {
        bail!(
            "there is no desk in {} yet: start one with `briefdesk import FILE` or `briefdesk issue new TITLE`",
            dir.display()
        );
    }
    let (store, desk, _notices) = Store::open_read_only(&dir)?;
    Ok((store, desk))
}

pub(super) fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut rd| rd.next().is_none())
}

/// Run one model command as the TUI would, and save what it touched.
pub(super) fn perform(store: &mut Store, desk: &mut Desk, cmd: &Command) -> Result<()> {
    let mut history = History::new();
    let done = history.perform(desk, cmd).map_err(|e| anyhow!("{e}"))?;
    store
        .append_journal(&done.edits)
        .map_err(|e| anyhow!("not saved, nothing was changed: {e}"))?;
    if let Err(e) = store.save(desk, &done.touched) {
        if e.is_out_of_space() {
            // The edit is safe in the journal (fsynced): the next write saves it.
            bail!("journaled, not saved: will be saved on the next write when space is free ({e})");
        }
        bail!("journaled, not saved: {e}; the next open replays the journal");
    }
    record_edited(store.dir(), desk, &done.touched);
    Ok(())
}

/// Who changed an issue, in their own review log (once until its next approval): what the
/// four-eyes rule reads, as the desk records it. The change is saved either way; a log
/// that cannot be written is a warning.
fn record_edited(dir: &Path, desk: &Desk, touched: &[Touch]) {
    let by = crate::ops::identity::login_name();
    let at = crate::ops::identity::now();
    let mut ids: Vec<IssueId> = touched
        .iter()
        .filter_map(|t| match t {
            Touch::Issue(id) if desk.issue(*id).is_some() => Some(*id),
            _ => None,
        })
        .collect();
    ids.dedup();
    for id in ids {
        let recorded = store::review::read_events(dir, id)
            .map(|(events, _)| Review::fold(events).edited_event(&by, at))
            .and_then(|ev| ev.map_or(Ok(()), |ev| store::review::append_event(dir, id, &ev)));
        if let Err(e) = recorded {
            tell!("warning: the change is saved, but who made it is not in the review log: {e}");
        }
    }
}

pub(super) fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "briefdesk").map(|d| d.config_dir().to_path_buf())
}

/// The review of an issue. Lines of the logs that were skipped are told on stderr as
/// warnings; logs that cannot be read at all are a warning too, and `None`.
pub(super) fn review_of(dir: &Path, id: IssueId) -> Option<Review> {
    match read_events_warned(dir, id) {
        Ok(events) => Some(Review::fold(events)),
        Err(e) => {
            tell!("warning: {e}: the review of issue {id} is not shown");
            None
        }
    }
}

/// Every author's events for an issue; lines skipped are told on stderr as warnings.
pub(super) fn read_events_warned(dir: &Path, id: IssueId) -> Result<Vec<Event>, store::StoreError> {
    let (events, problems) = store::review::read_events(dir, id)?;
    for p in problems {
        tell!("warning: {p}");
    }
    Ok(events)
}

pub(super) fn pick_issue<'a>(desk: &'a Desk, key: Option<&str>) -> Result<&'a Issue> {
    match key {
        Some(k) => desk
            .find_issue(k)
            .ok_or_else(|| anyhow!("no issue {k:?} on this desk: see `briefdesk list issues`")),
        None => desk.newest_issue().ok_or_else(|| {
            anyhow!("this desk has no issue yet: create one with `briefdesk issue new TITLE`")
        }),
    }
}
