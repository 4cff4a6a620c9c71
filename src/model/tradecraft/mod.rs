//! Tradecraft: the desk checks estimative language as an editor would (issue #16), against
//! the desk's ladder (ICD 203 or PHIA). Pure: an issue in, findings out.
//!
//! `ladders.rs` (the terms of each ladder and their ranges), `sentences.rs` (sentences that
//! survive abbreviations), `terms.rs` (finding terms in their estimative sense), `rules.rs`
//! (the five rules on one bullet); here, the whole issue with each bullet's place.

pub mod ladders;
pub mod rules;
pub mod sentences;
pub mod terms;

pub use rules::{Rule, Severity};

use crate::model::Issue;
use crate::model::issue::Bullet;
use crate::model::settings::Ladder;

/// One finding: where (1-based: section, bullet, sub-point…), which rule, the term as
/// written, why, and what to write instead where there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub path: Vec<usize>,
    pub rule: Rule,
    pub term: String,
    pub message: String,
    pub suggestion: Option<String>,
    pub severity: Severity,
}

impl Finding {
    /// `1.1.2`.
    pub fn place(&self) -> String {
        self.path
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// What a check found: the findings to show, and how many were quieted on bullets marked
/// checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub quieted: usize,
}

/// Every finding in an issue, in reading order.
pub fn check_issue(issue: &Issue, ladder: Ladder) -> Vec<Finding> {
    check(issue, ladder).findings
}

/// Every finding in an issue, in reading order, with the count quieted.
pub fn check(issue: &Issue, ladder: Ladder) -> Checked {
    let mut out = Checked::default();
    for (s, section) in issue.sections.iter().enumerate() {
        for (b, bullet) in section.bullets.iter().enumerate() {
            walk(bullet, &mut vec![s + 1, b + 1], ladder, &mut out);
        }
    }
    out
}

fn walk(bullet: &Bullet, path: &mut Vec<usize>, ladder: Ladder, out: &mut Checked) {
    let found = rules::check_bullet(&bullet.text, bullet.kind, ladder);
    // A bullet marked checked: the analyst stands by it; its sub-points are their own.
    if bullet.checked {
        out.quieted += found.len();
    } else {
        push_findings(found, path, out);
    }
    for (i, sub) in bullet.sub_points.iter().enumerate() {
        path.push(i + 1);
        walk(sub, path, ladder, out);
        path.pop();
    }
}

fn push_findings(found: Vec<rules::Found1>, path: &[usize], out: &mut Checked) {
    for f in found {
        out.findings.push(Finding {
            path: path.to_vec(),
            severity: f.rule.severity(),
            rule: f.rule,
            term: f.term,
            message: f.message,
            suggestion: f.suggestion,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BulletId, BulletKind, IssueId, IssueMeta, Section, SectionId};

    fn bullet(id: u64, text: &str, kind: BulletKind, subs: Vec<Bullet>) -> Bullet {
        let mut b = Bullet::new(BulletId(id), text);
        b.kind = kind;
        b.sub_points = subs;
        b
    }

    /// An issue in the shape of the seed digest: a fact bullet with a judgment in it, and
    /// assessment sub-points with hedges.
    pub(crate) fn seed_shaped() -> Issue {
        let mut s1 = Section::new(SectionId(1), "International Affairs");
        s1.bullets.push(bullet(
            1,
            "Talks between the two parties broke down in Doha. This impasse suggests that an \
             agreement between the two parties is unlikely.",
            BulletKind::Fact,
            vec![],
        ));
        s1.bullets.push(bullet(
            2,
            "The U.S. struck a depot near the border on Tuesday.",
            BulletKind::Fact,
            vec![
                bullet(
                    3,
                    "Further strikes would almost certainly antagonize Gulf partners, and \
                     Riyadh could choose to distance itself.",
                    BulletKind::Assessment,
                    vec![],
                ),
                bullet(
                    4,
                    "Hardliners are surely hoping for a walkout, and Jalili could just as \
                     easily consolidate the vote.",
                    BulletKind::Assessment,
                    vec![],
                ),
            ],
        ));
        Issue {
            id: IssueId(1),
            meta: IssueMeta {
                title: "Digest".into(),
                ..IssueMeta::default()
            },
            sections: vec![s1],
        }
    }

    #[test]
    fn an_issue_in_the_seeds_shape_gives_findings_with_their_places() {
        let got: Vec<(String, &str, String)> = check_issue(&seed_shaped(), Ladder::Icd203)
            .into_iter()
            .map(|f| (f.place(), f.rule.id(), f.term))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "1.1".to_string(),
                    "judgment-in-fact",
                    "unlikely".to_string()
                ),
                ("1.2.1".to_string(), "non-ladder-term", "could".to_string()),
                ("1.2.2".to_string(), "no-estimate", String::new()),
                ("1.2.2".to_string(), "non-ladder-term", "surely".to_string()),
                ("1.2.2".to_string(), "non-ladder-term", "could".to_string()),
            ]
        );
    }

    #[test]
    fn a_clean_issue_has_no_findings() {
        let mut issue = seed_shaped();
        issue.sections[0].bullets.truncate(1);
        issue.sections[0].bullets[0].text = "Talks broke down in Doha.".into();
        assert!(check_issue(&issue, Ladder::Icd203).is_empty());
        assert!(check_issue(&issue, Ladder::Phia).is_empty());
    }
}
