//! The tradecraft findings of the current issue (issue #16), for the Issue pane's marks, the
//! status line and the findings list: checked once per desk revision, issue and ladder, in
//! `update` (a 200-bullet issue takes about a millisecond: docs/benchmarks.md); `draw`
//! only reads them. The reviewer's desk keeps the same cache, so it shows the same marks.

use crate::model::settings::Ladder;
use crate::model::tradecraft::{Checked, Finding};
use crate::model::{BulletPath, IssueId};

/// The mark a flagged bullet carries in the Issue pane (a glyph, so it reads without
/// colour too).
pub const MARK: &str = " ⚑";

#[derive(Default)]
pub struct FindingsCache {
    /// The desk's `tradecraft.ladder`.
    pub ladder: Ladder,
    /// What the findings were computed for.
    pub(super) key: Option<(IssueId, u64, Ladder)>,
    pub checked: Checked,
}

impl FindingsCache {
    /// The findings on the bullet at `path` (0-based, as the desk's paths are).
    pub fn at<'a>(&'a self, path: &'a BulletPath) -> impl Iterator<Item = &'a Finding> + 'a {
        self.checked
            .findings
            .iter()
            .filter(move |f| same_place(f, path))
    }

    pub fn findings(&self) -> &[Finding] {
        &self.checked.findings
    }
}

/// Is the finding's 1-based path this bullet's?
fn same_place(f: &Finding, path: &BulletPath) -> bool {
    f.path.len() == path.index.len() + 1
        && f.path[0] == path.section + 1
        && f.path[1..]
            .iter()
            .zip(&path.index)
            .all(|(a, b)| *a == b + 1)
}

/// The desk's path of a finding.
pub fn path_of(f: &Finding) -> Option<BulletPath> {
    let (section, index) = f.path.split_first()?;
    if index.is_empty() || *section == 0 || index.contains(&0) {
        return None;
    }
    Some(BulletPath::new(
        section - 1,
        index.iter().map(|i| i - 1).collect(),
    ))
}

/// One line for the status line or the list: `rule: message (suggest: …)`.
pub fn explain(f: &Finding) -> String {
    let mut s = format!("{}: {}", f.rule.id(), f.message);
    if let Some(sug) = &f.suggestion {
        s.push_str(&format!(" (suggest: {sug})"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tradecraft::{Rule, Severity};

    fn finding(path: Vec<usize>) -> Finding {
        Finding {
            path,
            rule: Rule::NonLadderTerm,
            term: "could".into(),
            message: "m".into(),
            suggestion: None,
            severity: Severity::Warning,
        }
    }

    #[test]
    fn a_findings_place_is_the_desks_path_and_back() {
        let p = BulletPath::new(0, vec![1, 0]);
        assert!(same_place(&finding(vec![1, 2, 1]), &p));
        assert!(!same_place(&finding(vec![1, 2]), &p));
        assert_eq!(path_of(&finding(vec![1, 2, 1])), Some(p));
        assert_eq!(path_of(&finding(vec![1])), None);
        assert_eq!(path_of(&finding(vec![0, 1])), None);
    }
}
