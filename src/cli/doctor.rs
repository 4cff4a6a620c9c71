//! `briefdesk doctor`: check every desk file, restore from backups, break a lock.

use std::path::Path;

use anyhow::{Result, anyhow, bail};

use crate::store::{self, Store};

/// Break the lock on purpose. A live session on this host is never broken: quit it instead.
pub(super) fn unlock(flag: Option<&Path>) -> Result<()> {
    let dir = Store::resolve_dir(flag)?;
    if let Err(store::Locked::Held { holder, .. }) = Store::lock_dir(&dir)
        && holder.host == store::LockHolder::me().host
        && !holder.is_dead_here()
    {
        bail!(
            "{holder} is still running on this host: quit that session instead of breaking its lock"
        );
    }
    // Either the lock was free (and we took it, released on drop), or it is held elsewhere.
    let (store, _desk, _) = Store::open_read_only(&dir)?;
    match store.break_lock()? {
        store::BrokenLock::Held(holder) => tell!("broke the lock held by {holder}"),
        store::BrokenLock::Unreadable(path) => {
            tell!("{}: removed a lock that did not read", path.display());
        }
        store::BrokenLock::NotLocked => tell!("{}: the desk was not locked", dir.display()),
    }
    Ok(())
}

/// Report every damaged, missing or unreplayable file; exit 1 while any is left.
pub(super) fn doctor(flag: Option<&Path>, restore: bool, forget_missing: bool) -> Result<()> {
    use store::Damage;
    let dir = Store::resolve_dir(flag)?;
    let found = store::recoverable(&dir);
    if found.is_empty() {
        report!("{}: every desk file loads", dir.display());
        // The headlines index `list drafts` reads is derived: made again from the chunk
        // files; one that cannot be written is only slower listing, never a failure.
        match store::rebuild_index(&dir) {
            Ok(made) => report!(
                "{}: headlines index made for {} chunk file(s), {} left to be read as they are",
                dir.display(),
                made.chunks,
                made.left_out
            ),
            Err(e) => tell!("{e}; `list drafts` reads the chunk files instead"),
        }
        // So is the word index the word search asks before reading a chunk file.
        match store::rebuild_word_index(&dir) {
            Ok(made) => report!(
                "{}: word index made for {} chunk file(s), {} left to be read as they are",
                dir.display(),
                made.chunks,
                made.left_out
            ),
            Err(e) => tell!("{e}; the word search reads every chunk file instead"),
        }
        return Ok(());
    }
    let _lock = if restore || forget_missing {
        Some(Store::lock_dir(&dir).map_err(|e| anyhow!("{e}; nothing was restored"))?)
    } else {
        None
    };
    let (mut left, mut forgot) = (0, false);
    let mut journal = None;
    for rec in &found {
        match (rec.damage, &rec.backup) {
            (Damage::Journal, _) if restore => journal = Some(rec),
            (Damage::Journal, _) => {
                left += 1;
                report!("{}", rec.problem);
                report!(
                    "  `briefdesk doctor --restore` replays the lines that read and keeps the journal's copy"
                );
            }
            (_, Some(b)) if !restore => {
                left += 1;
                report!("{}", rec.problem);
                report!("  can be restored from {}", b.display());
            }
            (_, Some(_)) => {
                let from = store::restore(rec)?;
                report!("{}: restored from {}", rec.file.display(), from.display());
            }
            (Damage::Missing, None) if forget_missing => {
                forgot = true;
                report!(
                    "{}: taken off the desk's list (what it held is lost)",
                    rec.file.display()
                );
            }
            (Damage::Missing, None) => {
                left += 1;
                report!("{}", rec.problem);
                if let Some(refused) = &rec.refused {
                    report!("  {refused}");
                }
                report!(
                    "  no backup: put it back from a copy, or take it off the desk with `briefdesk doctor --forget-missing` (what it held is lost)"
                );
            }
            (_, None) => {
                left += 1;
                report!("{}", rec.problem);
                if let Some(refused) = &rec.refused {
                    report!("  {refused}");
                }
                report!("  no good backup: fix it by hand");
            }
        }
    }
    if forgot {
        store::forget_missing(&dir)?;
    }
    if let Some(rec) = journal {
        if left > 0 {
            bail!(
                "{}: not replayed while other files are damaged or missing: fix those first",
                rec.file.display()
            );
        }
        let (_store, _desk, notices) = Store::open_salvaging_journal(&dir)?;
        for n in notices {
            report!("{n}");
        }
    }
    if left > 0 {
        if !restore
            && found
                .iter()
                .any(|r| r.backup.is_some() || r.damage == Damage::Journal)
        {
            tell!("run `briefdesk doctor --restore` to restore them");
        }
        bail!("{left} desk file(s) damaged or missing: see above");
    }
    Ok(())
}
