//! The desk's side of tradecraft (issue #16): the findings cache brought up to date, and the
//! finding under the cursor explained for the status line.

use super::Ctx;
use crate::model::tradecraft;
use crate::tui::findings::explain;

impl Ctx {
    /// Bring the findings up to date with the desk and the current issue.
    pub fn refresh_findings(&mut self) {
        let rev = self.desk_rev();
        let issue = self.current_issue();
        let key = issue.map(|i| (i.id, rev, self.findings.ladder));
        if key == self.findings.key {
            return;
        }
        self.findings.checked = issue
            .map(|i| tradecraft::check(i, self.findings.ladder))
            .unwrap_or_default();
        self.findings.key = key;
    }

    /// The finding under the Issue pane's cursor, explained, for the status line.
    pub fn finding_here(&self) -> Option<String> {
        let crate::tui::outline::RowKind::Bullet(path) = self.selected_row()? else {
            return None;
        };
        let mut here = self.findings.at(&path);
        let first = here.next()?;
        let more = here.count();
        Some(match more {
            0 => format!("⚑ {}", explain(first)),
            n => format!("⚑ {} (+{n} more: ! lists them)", explain(first)),
        })
    }
}
