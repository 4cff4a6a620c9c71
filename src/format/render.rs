//! What every writer shares: the options, the rendered file, and the cleaned view of an
//! issue the line formats (md, txt, html) write from.
//!
//! Every format works from the same cleaned view of the issue: control characters and
//! terminal escapes that slipped into a hand-edited desk are dropped
//! ([`crate::model::text::sanitize`]). The line formats also put each text on one line:
//! newlines and tabs become spaces, spaces at both ends are trimmed. Sections with no
//! bullets are left out of md, txt and html, with a warning; json keeps the whole
//! structure. Bullets are walked without recursion ([`flatten`]), so deep nesting cannot
//! exhaust the stack.

use crate::model::{Bullet, Issue, Section, Source, Tlp, text};

/// How assessments are marked in md and html.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum AssessmentStyle {
    #[default]
    Label,
    Italic,
    Plain,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub assessments: AssessmentStyle,
    // Issue #17: how sources are cited, and the highest marking that goes out.
    pub sources: SourceStyle,
    pub max_tlp: Option<Tlp>,
}

/// How md, txt and html cite a bullet's sources (`--sources`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceStyle {
    /// After the bullet's text: `… text. ([Reuters](https://…))`.
    #[default]
    Inline,
    /// A number after the text, the sources listed at the end.
    Endnotes,
    /// Not cited.
    None,
}

/// The rendered file and what the user should be told (empty sections left out, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exported {
    pub text: String,
    pub warnings: Vec<String>,
    // Issue #17: the marking the export went out under, and what `max_tlp` left out.
    pub tlp: Option<Tlp>,
    pub left_out: usize,
    pub left_out_with_sub_points: usize,
}

/// Issue #17: a bullet's own marking as the portion mark its text starts with.
pub(crate) fn portion_mark(b: &Bullet) -> Option<String> {
    b.tlp.map(|t| format!("({t})"))
}

/// Issue #17: the sources an export cites as endnotes, each distinct one numbered once, in
/// the order first cited.
#[derive(Default)]
pub(crate) struct Endnotes<'a> {
    pub list: Vec<&'a Source>,
}

impl<'a> Endnotes<'a> {
    /// The numbers of these sources (from 1), numbering the new ones.
    pub fn cite(&mut self, sources: &'a [Source]) -> Vec<usize> {
        sources
            .iter()
            .map(|s| match self.list.iter().position(|l| *l == s) {
                Some(i) => i + 1,
                None => {
                    self.list.push(s);
                    self.list.len()
                }
            })
            .collect()
    }

    /// `[1, 2]`: the numbers as a bullet cites them.
    pub fn marker(numbers: &[usize]) -> String {
        let n: Vec<String> = numbers.iter().map(usize::to_string).collect();
        format!("[{}]", n.join(", "))
    }
}

/// A source as text, for citations that are not links: the outlet, and the URL after it
/// when there is both (each on one line).
/// What a citation calls a source: its outlet, else its URL (each on one line).
pub(crate) fn cite_name(s: &Source) -> String {
    let o = s.outlet.as_deref().map(one_line).unwrap_or_default();
    if o.is_empty() { source_text(s) } else { o }
}

pub(crate) fn source_text(s: &Source) -> String {
    let clean = |t: &Option<String>| t.as_deref().map(one_line).filter(|t| !t.is_empty());
    match (clean(&s.outlet), clean(&s.url)) {
        (Some(o), Some(u)) => format!("{o}, {u}"),
        (Some(t), None) | (None, Some(t)) => t,
        (None, None) => "source".to_string(),
    }
}

/// A text as the line formats write it: sanitized, newlines and tabs turned into spaces,
/// ASCII spaces trimmed from both ends (no-break spaces are kept: they may be meant).
pub fn one_line(s: &str) -> String {
    text::one_line(&text::sanitize(s))
        .trim_matches(' ')
        .to_string()
}

/// The warning for a section left out because it has no bullets.
pub fn empty_section_warning(name: &str) -> String {
    format!(
        "section “{}” has no bullets: left out of the export",
        one_line(name)
    )
}

/// The sections a line format writes, and the warnings for those it leaves out.
pub(crate) fn kept_sections(issue: &Issue) -> (Vec<&Section>, Vec<String>) {
    let mut kept = Vec::new();
    let mut warnings = Vec::new();
    for s in &issue.sections {
        if s.bullets.is_empty() {
            warnings.push(empty_section_warning(&s.name));
        } else {
            kept.push(s);
        }
    }
    (kept, warnings)
}

/// The group heading, if it has any text once cleaned.
pub(crate) fn group_of(issue: &Issue) -> Option<String> {
    issue
        .meta
        .group
        .as_deref()
        .map(one_line)
        .filter(|g| !g.is_empty())
}

/// Bullets and sub-points in reading order with their depth (0 = top level), without
/// recursion.
pub(crate) fn flatten(bullets: &[Bullet]) -> Vec<(usize, &Bullet)> {
    let mut out = Vec::new();
    let mut stack: Vec<std::slice::Iter<'_, Bullet>> = vec![bullets.iter()];
    while let Some(it) = stack.last_mut() {
        match it.next() {
            Some(b) => {
                out.push((stack.len() - 1, b));
                if !b.sub_points.is_empty() {
                    stack.push(b.sub_points.iter());
                }
            }
            None => {
                stack.pop();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BulletId;

    #[test]
    fn one_line_flattens_and_trims() {
        assert_eq!(one_line("  a\nb\tc\u{1b}[2J \u{a0}"), "a b c \u{a0}");
        assert_eq!(one_line("\r\n"), "");
    }

    #[test]
    fn flatten_gives_depths_in_reading_order() {
        let mut a = Bullet::new(BulletId(1), "a");
        let mut b = Bullet::new(BulletId(2), "b");
        b.sub_points.push(Bullet::new(BulletId(3), "c"));
        a.sub_points.push(b);
        let list = vec![a, Bullet::new(BulletId(4), "d")];
        let got: Vec<(usize, u64)> = flatten(&list).iter().map(|(d, b)| (*d, b.id.0)).collect();
        assert_eq!(got, vec![(0, 1), (1, 2), (2, 3), (0, 4)]);
    }
}
