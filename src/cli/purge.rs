//! `briefdesk purge --spiked [--yes]`: spiked drafts off the desk for good, one step, the
//! store keeping the files it replaces in `.backup/`.

use std::path::Path;

use anyhow::Result;

use super::desk::{open_to_read, open_to_write, perform};
use crate::model::text::for_display;
use crate::model::{Command, Desk, ItemId, ItemState};
use crate::store::BACKUP_DIR;

/// The spiked drafts, newest first: what purge would remove.
fn spiked(desk: &Desk) -> Vec<(ItemId, String)> {
    desk.items_newest_first()
        .filter(|it| it.state == ItemState::Spiked)
        .map(|it| (it.id, it.headline.clone()))
        .collect()
}

fn drafts(n: usize) -> String {
    format!("{n} spiked draft{}", crate::model::text::plural(n))
}

pub(super) fn purge(flag: Option<&Path>, yes: bool) -> Result<()> {
    super::issue_edit::need_desk(flag)?;
    if !yes {
        // A dry run reads without the lock: it changes nothing, not even `.lock`.
        let (_dir, desk) = open_to_read(flag)?;
        let gone = spiked(&desk);
        if gone.is_empty() {
            tell!("no spiked drafts: nothing to purge");
            return Ok(());
        }
        for (id, head) in &gone {
            println!("{id}\tspiked\t{}", for_display(head));
        }
        tell!(
            "would purge {} (listed above); nothing was changed: run again with --yes to purge",
            drafts(gone.len())
        );
        return Ok(());
    }
    let (mut store, mut desk, _lock) = open_to_write(flag)?;
    let gone = spiked(&desk);
    if gone.is_empty() {
        tell!("no spiked drafts: nothing to purge");
        return Ok(());
    }
    let items = gone.iter().map(|(id, _)| *id).collect();
    perform(&mut store, &mut desk, &Command::Purge { items })?;
    tell!(
        "{} purged; the files they were in are kept in {}",
        drafts(gone.len()),
        store.dir().join(BACKUP_DIR).display()
    );
    Ok(())
}
