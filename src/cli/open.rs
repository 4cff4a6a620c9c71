//! `briefdesk` with no command: the desk in the terminal, read-only when someone else
//! holds it.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::desk::config_dir;
use crate::store::{self, Store};
use crate::tui;

pub(super) fn need_terminal() -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the desk needs a terminal: run it in one, or use `briefdesk list` / `briefdesk export`"
        );
    }
    Ok(())
}

/// The desk to edit; when someone else holds it, the same desk read-only, saying who.
pub(super) fn open_tui(flag: Option<&Path>, opts: tui::Options) -> Result<()> {
    need_terminal()?;
    let dir = Store::resolve_dir(flag)?;
    match Store::lock_dir(&dir) {
        Ok(lock) => {
            // The newest drafts on screen first on a big desk (see `Store::open_newest_first`).
            let opened = Store::open_newest_first(&dir)?;
            let opts = tui::Options {
                config_dir: config_dir(),
                ..opts
            };
            let result = tui::run_opened(opened, opts);
            drop(lock);
            result
        }
        Err(store::Locked::Held { holder, .. }) => read_only(
            &dir,
            format!(
                "read-only: {}@{} is editing this desk (pid {}, for {})",
                holder.user,
                holder.host,
                holder.pid,
                holder.age()
            ),
        ),
        // A desk this user may read but not write (no write permission on the directory,
        // a read-only mount): open it read-only, saying why, as for a held desk.
        Err(store::Locked::Io { source, .. })
            if matches!(
                source.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) && dir.join(store::DESK_FILE).is_file() =>
        {
            read_only(
                &dir,
                format!(
                    "read-only: you cannot write to {} ({source})",
                    dir.display()
                ),
            )
        }
        Err(e) => Err(anyhow!("{e}")),
    }
}

/// The desk read-only, `why` the first notice (at 80 columns the status line may cut the
/// tail, so who or what comes first).
fn read_only(dir: &Path, why: String) -> Result<()> {
    let (store, desk, mut notices) = Store::open_read_only(dir)?;
    notices.insert(0, why);
    let opts = tui::Options {
        read_only: true,
        config_dir: config_dir(),
        notices,
        ..tui::Options::default()
    };
    tui::run(store, desk, opts)
}
