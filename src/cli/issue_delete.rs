//! `briefdesk issue delete`: take an issue off the desk; its drafts go back to the pool.

use std::path::Path;

use anyhow::{Result, bail};

use super::desk::{open_to_write, perform, pick_issue, review_of};
use crate::model::details::delete_refused;
use crate::model::{Command, ItemState};

pub(super) fn delete_issue(flag: Option<&Path>, key: Option<&str>, force: bool) -> Result<()> {
    super::issue_edit::need_desk(flag)?;
    let (mut store, mut desk, _lock) = open_to_write(flag)?;
    let issue = pick_issue(&desk, key)?;
    let id = issue.id;
    let title = issue.meta.title.clone();
    // An issue under review or approved goes only on purpose; one whose review cannot be
    // read might be either.
    match review_of(store.dir(), id) {
        Some(review) => {
            if let Some(why) = delete_refused(issue, review.status, force) {
                bail!("{why}");
            }
        }
        None if !force => bail!(
            "issue {id} \"{title}\": its review cannot be read, so it may be In review or \
             Approved: it was not deleted; delete it anyway with --force"
        ),
        None => {}
    }
    let used_before = desk.items_in_state(ItemState::Used).count();
    perform(&mut store, &mut desk, &Command::DeleteIssue { issue: id })?;
    let back = used_before.saturating_sub(desk.items_in_state(ItemState::Used).count());
    tell!(
        "issue {id} \"{title}\" deleted; {back} draft{} back in the pool; its file and review \
         logs are kept in {}",
        crate::model::text::plural(back),
        store.dir().join(crate::store::BACKUP_DIR).display()
    );
    Ok(())
}
