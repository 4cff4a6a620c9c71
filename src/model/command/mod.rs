//! What a user does, in the analyst's words. A command is planned into primitive edits against
//! the current desk; one command is one undo step, however many edits it takes.

mod assign_many;
mod bullet;
mod import_plan;
mod plan;

use super::edit::Edit;
use super::issue::{BulletPath, Issue, IssueId, IssueMeta};
use super::item::{BulletFrom, Item, ItemId};

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Add drafts (typed in, or a whole import: one undo step).
    AddItems {
        items: Vec<Item>,
    },
    /// Replace an item's text and details (its id stays).
    EditItem {
        item: Item,
    },
    /// Spike the item, or put a spiked item back in the pool.
    ToggleSpike {
        item: ItemId,
    },
    /// Hold the item for a later week, or put a held item back in the pool.
    ToggleHold {
        item: ItemId,
    },
    /// Remove spiked drafts for good (`briefdesk purge --spiked`): only spiked ones; their
    /// ids are never given again (the desk's next id only grows).
    Purge {
        items: Vec<ItemId>,
    },
    /// Spike or hold (or put back in the pool) several drafts at once, in one step: the
    /// desk's marked drafts. A used draft is refused (its bullet goes first).
    SetStates {
        items: Vec<ItemId>,
        state: super::item::ItemState,
    },
    /// Make the item a bullet at the end of a section, saying what `from` chooses (the
    /// lead, the whole body or the headline); the item is then `used`.
    Assign {
        item: ItemId,
        issue: IssueId,
        section: usize,
        from: BulletFrom,
    },
    /// Create a section at the end of the issue and assign the item to it.
    AssignToNewSection {
        item: ItemId,
        issue: IssueId,
        name: String,
        from: BulletFrom,
    },
    /// Bulk assign (issue #15): several drafts (the marked ones), in this order, each a
    /// bullet at the end of one section, or of a new section `new_section` names at the end
    /// of the issue; one undo step. A used draft, or one listed twice, is refused.
    AssignMany {
        items: Vec<ItemId>,
        issue: IssueId,
        section: usize,
        new_section: Option<String>,
        from: BulletFrom,
    },
    NewIssue {
        issue: Issue,
    },
    SetIssueMeta {
        issue: IssueId,
        meta: IssueMeta,
    },
    /// Delete the issue; the items of its bullets go back to the pool.
    DeleteIssue {
        issue: IssueId,
    },
    NewSection {
        issue: IssueId,
        index: usize,
        name: String,
    },
    RenameSection {
        issue: IssueId,
        index: usize,
        name: String,
    },
    MoveSectionUp {
        issue: IssueId,
        index: usize,
    },
    MoveSectionDown {
        issue: IssueId,
        index: usize,
    },
    /// Remove a section; the items of its bullets go back to the pool.
    RemoveSection {
        issue: IssueId,
        index: usize,
    },
    NewBullet {
        issue: IssueId,
        path: BulletPath,
        text: String,
    },
    EditBullet {
        issue: IssueId,
        path: BulletPath,
        text: String,
    },
    ToggleAssessment {
        issue: IssueId,
        path: BulletPath,
    },
    MoveBulletUp {
        issue: IssueId,
        path: BulletPath,
    },
    MoveBulletDown {
        issue: IssueId,
        path: BulletPath,
    },
    /// Make the bullet the last sub-point of the bullet above it.
    Indent {
        issue: IssueId,
        path: BulletPath,
    },
    /// Make the sub-point a bullet of its own, right after its parent.
    Outdent {
        issue: IssueId,
        path: BulletPath,
    },
    /// Move the bullet (with its sub-points) to the end of another section.
    MoveToSection {
        issue: IssueId,
        path: BulletPath,
        section: usize,
    },
    /// Remove the bullet and its sub-points; their items go back to the pool.
    RemoveBullet {
        issue: IssueId,
        path: BulletPath,
    },
    /// Add the next paragraph of the bullet's item to the end of the bullet.
    PullParagraph {
        issue: IssueId,
        path: BulletPath,
    },
    /// Replace a used item's text and make its bullet say the new lead (one undo step).
    EditItemAndBullet {
        item: Item,
    },
    // Import into an open desk, and taking an import back (issue #15, wt-inbox).
    /// A whole import (one file, or one `briefdesk import` run): its drafts and issues, ids
    /// already given, in one undo step.
    Import {
        items: Vec<Item>,
        issues: Vec<Issue>,
    },
    /// Take back exactly what an import added (`briefdesk import --undo-last`), in one step;
    /// refused when one of the drafts has since been used in an issue.
    RemoveImport {
        items: Vec<ItemId>,
        issues: Vec<IssueId>,
    },
    /// Quiet the bullet's tradecraft findings (the analyst stands by it), or show them again.
    ToggleChecked {
        issue: IssueId,
        path: BulletPath,
    },
    // Issue #17: a bullet's sources (the desk's sources form) and its own TLP marking.
    /// Replace the bullet's sources; every URL is checked (`model::source::check_url`).
    SetBulletSources {
        issue: IssueId,
        path: BulletPath,
        sources: Vec<super::source::Source>,
    },
    /// Mark the bullet (with its sub-points), or take its own marking off.
    SetBulletTlp {
        issue: IssueId,
        path: BulletPath,
        tlp: Option<super::tlp::Tlp>,
    },
}

/// The edits a command takes, and where the selection should land afterwards.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub edits: Vec<Edit>,
    pub select: Option<BulletPath>,
}

impl Command {
    /// A short name for the undo history and the status bar.
    pub fn label(&self) -> &'static str {
        match self {
            Command::AddItems { .. } => "add items",
            Command::EditItem { .. } => "edit item",
            Command::ToggleSpike { .. } => "spike",
            Command::ToggleHold { .. } => "hold",
            Command::Purge { .. } => "purge",
            Command::SetStates { .. } => "set states",
            Command::Assign { .. } | Command::AssignToNewSection { .. } => "assign",
            Command::AssignMany { .. } => "assign marked",
            Command::NewIssue { .. } => "new issue",
            Command::SetIssueMeta { .. } => "edit issue",
            Command::DeleteIssue { .. } => "delete issue",
            Command::NewSection { .. } => "new section",
            Command::RenameSection { .. } => "rename section",
            Command::MoveSectionUp { .. } | Command::MoveSectionDown { .. } => "move section",
            Command::RemoveSection { .. } => "remove section",
            Command::NewBullet { .. } => "new bullet",
            Command::EditBullet { .. } => "edit bullet",
            Command::ToggleAssessment { .. } => "toggle assessment",
            Command::MoveBulletUp { .. } | Command::MoveBulletDown { .. } => "move bullet",
            Command::Indent { .. } => "make sub-point",
            Command::Outdent { .. } => "promote",
            Command::MoveToSection { .. } => "move to section",
            Command::RemoveBullet { .. } => "remove bullet",
            Command::PullParagraph { .. } => "pull next paragraph",
            Command::EditItemAndBullet { .. } => "edit item and its bullet",
            Command::Import { .. } => "import",
            Command::RemoveImport { .. } => "take back an import",
            Command::ToggleChecked { .. } => "mark checked",
            Command::SetBulletSources { .. } => "set sources",
            Command::SetBulletTlp { .. } => "set bullet TLP",
        }
    }
}

#[cfg(test)]
mod assign_many_tests;
#[cfg(test)]
mod checked_tests;
#[cfg(test)]
mod depth_tests;
#[cfg(test)]
mod import_tests;
#[cfg(test)]
mod issue_tests;
#[cfg(test)]
mod lead_tests;
#[cfg(test)]
mod purge_tests;
#[cfg(test)]
mod source_tests;

impl Command {
    /// The drafts whose body the plan reads (a bullet made from it, the next paragraph) or
    /// whose edit must keep the whole draft for undo (edited, purged, taken back): in the
    /// desk the TUI opens the store reads their bodies in first (issue #19). Any other
    /// command needs no body.
    pub fn drafts_needed(&self, desk: &super::Desk) -> Vec<ItemId> {
        match self {
            Command::EditItem { item } | Command::EditItemAndBullet { item } => vec![item.id],
            Command::Assign { item, .. } | Command::AssignToNewSection { item, .. } => {
                vec![*item]
            }
            Command::Purge { items }
            | Command::AssignMany { items, .. }
            | Command::RemoveImport { items, .. } => items.clone(),
            Command::PullParagraph { issue, path } => desk
                .issues
                .get(issue)
                .and_then(|is| is.bullet(path))
                .and_then(|b| b.item)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }
}
