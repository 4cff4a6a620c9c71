//! The five rules, one bullet at a time. Their ids are part of the interface (`briefdesk
//! check`, its JSON, docs/tradecraft.md).

use super::ladders::{self, ICD203_A, Row};
use super::terms::{self, Found, Sense};
use crate::model::BulletKind;
use crate::model::settings::Ladder;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    NoEstimate,
    NonLadderTerm,
    MixedLadder,
    ConfidenceWithLikelihood,
    JudgmentInFact,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::NoEstimate,
        Rule::NonLadderTerm,
        Rule::MixedLadder,
        Rule::ConfidenceWithLikelihood,
        Rule::JudgmentInFact,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::NoEstimate => "no-estimate",
            Rule::NonLadderTerm => "non-ladder-term",
            Rule::MixedLadder => "mixed-ladder",
            Rule::ConfidenceWithLikelihood => "confidence-with-likelihood",
            Rule::JudgmentInFact => "judgment-in-fact",
        }
    }
}

/// A breach of the standard (`error`), or a habit to reconsider (`warning`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl Rule {
    pub fn severity(self) -> Severity {
        match self {
            Rule::NoEstimate | Rule::NonLadderTerm => Severity::Warning,
            Rule::MixedLadder | Rule::ConfidenceWithLikelihood | Rule::JudgmentInFact => {
                Severity::Error
            }
        }
    }
}

/// One finding on one bullet (its place is added by the caller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found1 {
    pub rule: Rule,
    /// The term as written; empty for `no-estimate`, which is about what is missing.
    pub term: String,
    pub message: String,
    pub suggestion: Option<String>,
}

/// What `judgment-in-fact` suggests.
pub const MAKE_ASSESSMENT: &str = "make this sentence a sub-point marked as an assessment";

fn ladder_label(ladder: Ladder) -> &'static str {
    match ladder {
        Ladder::Icd203 => "ICD 203",
        Ladder::Phia => "PHIA",
    }
}

/// Is a likelihood on this ladder?
fn on_ladder(sense: Sense, ladder: Ladder) -> bool {
    match (sense, ladder) {
        (Sense::Likelihood { icd203, .. }, Ladder::Icd203) => icd203.is_some(),
        (Sense::Likelihood { phia, .. }, Ladder::Phia) => phia.is_some(),
        _ => false,
    }
}

/// The findings of one bullet's own text (not its sub-points).
pub fn check_bullet(text: &str, kind: BulletKind, ladder: Ladder) -> Vec<Found1> {
    let found = terms::find(text);
    let written = |f: &Found| text[f.at.clone()].to_string();
    let mut out = Vec::new();
    if kind == BulletKind::Fact {
        for f in &found {
            if matches!(f.sense(), Sense::Likelihood { .. }) {
                out.push(Found1 {
                    rule: Rule::JudgmentInFact,
                    term: written(f),
                    message: format!(
                        "\"{}\" is a judgment in a fact bullet",
                        written(f).to_lowercase()
                    ),
                    suggestion: Some(MAKE_ASSESSMENT.to_string()),
                });
            }
        }
        return out;
    }
    let label = ladder_label(ladder);
    let states_estimate = found
        .iter()
        .any(|f| on_ladder(f.sense(), ladder) || f.sense() == Sense::Confidence);
    if !states_estimate {
        out.push(Found1 {
            rule: Rule::NoEstimate,
            term: String::new(),
            message: format!(
                "an assessment with neither a likelihood from the {label} ladder nor a confidence level"
            ),
            suggestion: None,
        });
    }
    for f in &found {
        let term = written(f);
        match f.sense() {
            Sense::Hedge { near } => out.push(Found1 {
                rule: Rule::NonLadderTerm,
                message: format!(
                    "\"{}\" is a hedge, not a term of the {label} ladder: say how likely",
                    term.to_lowercase()
                ),
                suggestion: near.map(|(lo, hi)| ladders::nearest(ladder, lo, hi).to_string()),
                term,
            }),
            s @ Sense::Likelihood { low, high, .. } if !on_ladder(s, ladder) => {
                let other = match ladder {
                    Ladder::Icd203 => "PHIA",
                    Ladder::Phia => "ICD 203",
                };
                out.push(Found1 {
                    rule: Rule::NonLadderTerm,
                    message: format!(
                        "\"{}\" is a {other} term, not on the {label} ladder",
                        term.to_lowercase()
                    ),
                    suggestion: Some(ladders::nearest(ladder, low, high).to_string()),
                    term,
                })
            }
            _ => {}
        }
    }
    if ladder == Ladder::Icd203 {
        out.extend(mixed_rows(text, &found));
    }
    out.extend(confidence_with_likelihood(text, &found));
    out
}

fn row(f: &Found) -> Option<(Row, usize)> {
    match f.sense() {
        Sense::Likelihood { icd203, .. } => icd203,
        _ => None,
    }
}

/// ICD 203: row A and row B in one bullet. The row B terms are flagged, with their row A
/// equivalent.
fn mixed_rows(text: &str, found: &[Found]) -> Vec<Found1> {
    let Some(a) = found.iter().find(|f| matches!(row(f), Some((Row::A, _)))) else {
        return Vec::new();
    };
    let a_term = text[a.at.clone()].to_lowercase();
    found
        .iter()
        .filter_map(|f| match row(f) {
            Some((Row::B, step)) => {
                let term = text[f.at.clone()].to_string();
                let lower = term.to_lowercase();
                let equivalent = match lower.as_str() {
                    "probably" => "likely",
                    "improbably" => "unlikely",
                    "nearly certainly" => "almost certainly",
                    _ => ICD203_A[step].name,
                };
                Some(Found1 {
                    rule: Rule::MixedLadder,
                    message: format!(
                        "\"{lower}\" (row B) and \"{a_term}\" (row A) in one bullet: keep to one row"
                    ),
                    suggestion: Some(equivalent.to_string()),
                    term,
                })
            }
            _ => None,
        })
        .collect()
}

/// A confidence level and a likelihood in one sentence: one finding per confidence level.
fn confidence_with_likelihood(text: &str, found: &[Found]) -> Vec<Found1> {
    found
        .iter()
        .filter(|f| f.sense() == Sense::Confidence)
        .filter_map(|c| {
            let l = found.iter().find(|f| {
                f.sentence == c.sentence && matches!(f.sense(), Sense::Likelihood { .. })
            })?;
            Some(Found1 {
                rule: Rule::ConfidenceWithLikelihood,
                term: text[c.at.clone()].to_string(),
                message: format!(
                    "a confidence level and a likelihood (\"{}\") in one sentence",
                    text[l.at.clone()].to_lowercase()
                ),
                suggestion: Some(
                    "give the likelihood and the confidence in separate sentences".to_string(),
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use BulletKind::{Assessment, Fact};

    fn rules(text: &str, kind: BulletKind, ladder: Ladder) -> Vec<(Rule, String, Option<String>)> {
        check_bullet(text, kind, ladder)
            .into_iter()
            .map(|f| (f.rule, f.term, f.suggestion))
            .collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn no_estimate_fires_on_a_bare_assessment_only() {
        let r = rules(
            "Investigators have recovered the anchor.",
            Assessment,
            Ladder::Icd203,
        );
        assert_eq!(r, vec![(Rule::NoEstimate, String::new(), None)]);
        // Near misses: a likelihood or a confidence level is an estimate; a fact needs none.
        assert!(rules("The anchor was likely cut.", Assessment, Ladder::Icd203).is_empty());
        assert!(
            rules(
                "We have moderate confidence in the report.",
                Assessment,
                Ladder::Icd203
            )
            .is_empty()
        );
        assert!(
            rules(
                "Investigators have recovered the anchor.",
                Fact,
                Ladder::Icd203
            )
            .is_empty()
        );
        // A term of the other ladder is no estimate on this one.
        let r = rules(
            "A deal is a realistic possibility.",
            Assessment,
            Ladder::Icd203,
        );
        assert_eq!(r[0].0, Rule::NoEstimate);
        assert!(
            rules(
                "A deal is a realistic possibility.",
                Assessment,
                Ladder::Phia
            )
            .is_empty()
        );
    }

    #[test]
    fn non_ladder_terms_are_hedges_and_the_other_ladders_terms() {
        // The seed's shape: the hedge fires, and nothing on the ladder is stated.
        let r = rules(
            "Jalili could just as easily consolidate the vote.",
            Assessment,
            Ladder::Icd203,
        );
        assert_eq!(
            r,
            vec![
                (Rule::NoEstimate, String::new(), None),
                (Rule::NonLadderTerm, "could".into(), None)
            ]
        );
        let r = rules(
            "Tehran is almost certainly surely hoping for a delay.",
            Assessment,
            Ladder::Icd203,
        );
        assert_eq!(
            r,
            vec![(Rule::NonLadderTerm, "surely".into(), s("almost certain"))]
        );
        let r = rules(
            "A strike is a realistic possibility, likely soon.",
            Assessment,
            Ladder::Icd203,
        );
        assert_eq!(
            r,
            vec![(
                Rule::NonLadderTerm,
                "realistic possibility".into(),
                s("roughly even chance")
            )]
        );
        let r = rules("A strike is very likely.", Assessment, Ladder::Phia);
        assert_eq!(
            r,
            vec![
                (Rule::NoEstimate, String::new(), None),
                (
                    Rule::NonLadderTerm,
                    "very likely".into(),
                    s("highly likely")
                )
            ]
        );
        // Near misses: a quoted hedge, the month, a remote village.
        assert!(
            rules(
                "The envoy said talks \"could\" resume in May and are likely to.",
                Assessment,
                Ladder::Icd203
            )
            .is_empty()
        );
    }

    #[test]
    fn the_seeds_sub_point_with_almost_certainly_and_could() {
        let r = rules(
            "A strike would almost certainly antagonize Gulf partners, and Riyadh could choose to \
             distance itself.",
            Assessment,
            Ladder::Icd203,
        );
        assert_eq!(r, vec![(Rule::NonLadderTerm, "could".into(), None)]);
    }

    #[test]
    fn mixed_ladder_flags_row_b_with_its_row_a_equivalent_on_icd203_only() {
        let r = rules(
            "Escalation is almost certainly off the table; a ceasefire is highly improbable.",
            Assessment,
            Ladder::Icd203,
        );
        assert_eq!(
            r,
            vec![(
                Rule::MixedLadder,
                "highly improbable".into(),
                s("very unlikely")
            )]
        );
        let r = rules(
            "It is likely, and Probably soon.",
            Assessment,
            Ladder::Icd203,
        );
        assert_eq!(r, vec![(Rule::MixedLadder, "Probably".into(), s("likely"))]);
        // Near misses: one row alone; PHIA has no rows.
        assert!(
            rules(
                "It is probable, highly probable even.",
                Assessment,
                Ladder::Icd203
            )
            .is_empty()
        );
        assert!(rules("It is likely, and probably soon.", Assessment, Ladder::Phia).is_empty());
    }

    #[test]
    fn confidence_with_likelihood_is_per_sentence() {
        let r = rules(
            "We assess with high confidence that a deal is unlikely.",
            Assessment,
            Ladder::Icd203,
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, Rule::ConfidenceWithLikelihood);
        assert_eq!(r[0].1, "high confidence");
        // Near miss: the same words in two sentences (and "Dr." does not join them).
        assert!(
            rules(
                "A deal is unlikely. Dr. Reyes says we have high confidence in that.",
                Assessment,
                Ladder::Icd203
            )
            .is_empty()
        );
    }

    #[test]
    fn judgment_in_fact_fires_on_a_likelihood_outside_quotes() {
        let r = rules(
            "Talks collapsed on Monday. This impasse suggests that an agreement between the two \
             parties is unlikely.",
            Fact,
            Ladder::Icd203,
        );
        assert_eq!(
            r,
            vec![(Rule::JudgmentInFact, "unlikely".into(), s(MAKE_ASSESSMENT))]
        );
        // Near misses: the source's word in quotes, a hedge, a remote village.
        assert!(rules(
            "The minister called a deal “unlikely” and said talks could resume at a remote village.",
            Fact,
            Ladder::Icd203
        )
        .is_empty());
        // Either ladder's terms are judgments.
        assert_eq!(
            rules("A deal is a realistic possibility.", Fact, Ladder::Icd203)[0].0,
            Rule::JudgmentInFact
        );
    }

    #[test]
    fn every_rule_has_a_distinct_id() {
        let ids: std::collections::BTreeSet<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids.len(), 5);
    }
}
