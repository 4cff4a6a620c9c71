//! A finished digest as plain text (seed 000 shape) -> an [`Issue`].
//!
//! ```text
//! Firm’s Weekly Security Digest - July 2, 2024      title (first non-empty line)
//! Firm’s Weekly Security Digest – July 2, 2024      same title again: skipped
//! Firm’s Weekly Digest | Insights – July 2, 2024    tagline (optional)
//! Global Security Matters                           group heading (optional)
//! International Affairs                             first section (last line before bullets)
//!   • A reported fact.                              top-level bullet: a fact
//!     • An analytic judgement.                      sub-point: an assessment
//! Next Section                                      any later non-bullet line: a section
//! ```
//!
//! Rules:
//! - The title is the first non-empty line, kept as written. Lines right after it equal to it
//!   once dashes (`-` `–` `—`), quotes (`‘ ’ '`, `“ ” "`), case and whitespace (NBSP too) are
//!   normalized are the same title, and skipped. The date comes from the title (`July 2, 2024`,
//!   `2 July 2024`, `2024-07-02`), else from the tagline.
//! - Between the title and the first section: two lines or more are the tagline (the first;
//!   any further ones joined to it with a space) and the group heading (the last). A single
//!   line is a tagline when it reads like one: it has a `|`, a date, ends a sentence, or is
//!   longer than 6 words or 48 characters; otherwise ("Global Security Matters") it is the
//!   group heading.
//! - A bullet line is optional indentation, a glyph (`•` `◦` `▪` `‣` `-` `*`) and a space.
//!   Nesting follows indentation relative to the open bullets (a stack of indents), down to
//!   [`MAX_DEPTH`] levels of sub-points (a deeper one is refused with its line and column);
//!   a tab counts as 4 columns, an NBSP as 1. Top-level bullets are facts; sub-points
//!   (depth 1 and deeper) are assessments: the house convention is that an indented sub-point
//!   is the desk's analytic judgement on the fact above it.
//! - A non-empty line without a glyph, indented deeper than an open bullet's glyph, continues
//!   the deepest such bullet (joined with one space; bullets nested deeper than the line are
//!   closed). Any other line after the first bullet is a section heading; a heading followed
//!   directly by another heading is an empty section, kept. A hard-wrapped bullet whose
//!   continuation is not indented therefore reads as a heading (a known limit).
//! - Bullets before any section heading go into a section named `Untitled`.
//! - Text is kept exactly; only layout whitespace (spaces, tabs, NBSP) at both ends of a line
//!   is trimmed. Sections are numbered 1.. and bullets 1.. in reading order.

use crate::model::text::trim_layout;
use crate::model::{
    Bullet, BulletId, BulletKind, Issue, IssueId, IssueMeta, MAX_DEPTH, Section, SectionId, Tlp,
};

use crate::format::imported::ImportError;
use crate::model::text::{ends_sentence, find_date};

const GLYPHS: [char; 6] = ['•', '◦', '▪', '‣', '-', '*'];

/// A bullet line: its indentation width in columns, and its text (layout-trimmed).
fn bullet_line(line: &str) -> Option<(usize, &str)> {
    let (indent, rest) = split_indent(line);
    let mut chars = rest.chars();
    let glyph = chars.next()?;
    if !GLYPHS.contains(&glyph) {
        return None;
    }
    let after = chars.as_str();
    let sep = after.chars().next()?;
    if !(sep == ' ' || sep == '\t' || sep == '\u{a0}') {
        return None;
    }
    let text = trim_layout(after);
    if text.is_empty() {
        return None;
    }
    // `-` and `*` need a word after them: `- 5%` is a bullet, `--- ` is a rule, not one.
    if matches!(glyph, '-' | '*') && text.chars().all(|c| c == '-' || c == '*' || c == ' ') {
        return None;
    }
    Some((indent, text))
}

/// Indentation width (tab = 4 columns, space and NBSP = 1) and the rest of the line.
fn split_indent(line: &str) -> (usize, &str) {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' | '\u{a0}' | '\u{feff}' => width += 1,
            '\t' => width += 4,
            _ => return (width, &line[i..]),
        }
    }
    (width, "")
}

/// Does the text have digest bullets: one line with a round/square bullet glyph, or two with
/// `-`/`*` glyphs?
pub fn looks_like(text: &str) -> bool {
    let mut dashes = 0;
    for line in text.lines() {
        match bullet_glyph(line) {
            Some(Glyph::Dash) => {
                dashes += 1;
                if dashes >= 2 {
                    return true;
                }
            }
            Some(Glyph::Round) => return true,
            None => {}
        }
    }
    false
}

/// What kind of digest bullet a line is, if it is one: the streaming import counts them
/// line by line to tell a digest as [`looks_like`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Glyph {
    /// `•` and the other round or square glyphs: one makes a digest.
    Round,
    /// `-` or `*`: two make a digest.
    Dash,
}

pub fn bullet_glyph(line: &str) -> Option<Glyph> {
    bullet_line(line)?;
    let (_, rest) = split_indent(line);
    Some(if rest.starts_with(['-', '*']) {
        Glyph::Dash
    } else {
        Glyph::Round
    })
}

/// The title compared loosely: dashes, quotes, case and whitespace normalized.
fn normalized(s: &str) -> String {
    let mut out = String::new();
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.push(match c {
                '–' | '—' | '‒' | '―' | '‐' => '-',
                '‘' | '’' | '`' | '´' => '\'',
                '“' | '”' => '"',
                c => c,
            });
        }
    }
    out.to_lowercase()
}

/// A single line between the title and the first section: tagline (true) or group heading?
fn reads_like_tagline(line: &str) -> bool {
    line.contains('|')
        || find_date(line).is_some()
        || ends_sentence(line)
        || line.split_whitespace().count() > 6
        || line.chars().count() > 48
}

struct Open {
    indent: usize,
    bullet: Bullet,
}

/// Close open bullets down to (not including) those with indent < `indent`.
fn close_to(stack: &mut Vec<Open>, section: &mut Section, indent: Option<usize>) {
    while let Some(top) = stack.last() {
        if indent.is_some_and(|i| top.indent < i) {
            break;
        }
        let done = stack.pop().expect("non-empty").bullet;
        match stack.last_mut() {
            Some(parent) => parent.bullet.sub_points.push(done),
            None => section.bullets.push(done),
        }
    }
}

pub fn parse(text: &str) -> Result<Issue, ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(first_bullet) = lines.iter().position(|l| bullet_line(l).is_some()) else {
        return Err(ImportError::Nothing {
            what: "no bullet lines (`• text`) found: this is not digest text",
            hint: "pass --format live for a live-updates page",
        });
    };

    // Head: title, repeated title, tagline, group, first section.
    let mut head: Vec<&str> = lines[..first_bullet]
        .iter()
        .map(|l| trim_layout(l))
        .filter(|l| !l.is_empty())
        .collect();
    let mut meta = IssueMeta::default();
    // Issue #17: a marking as the first line, and the same again as the last.
    let mut marking_at_end = None;
    if let Some(t) = head.first().and_then(|l| Tlp::exact(l)) {
        meta.tlp = Some(t);
        head.remove(0);
        marking_at_end = lines
            .iter()
            .rposition(|l| !trim_layout(l).is_empty())
            .filter(|&i| Tlp::exact(trim_layout(lines[i])) == Some(t));
    }
    let mut first_section = None;
    if let Some((title, rest)) = head.split_first() {
        meta.title = (*title).to_string();
        let key = normalized(title);
        let rest: Vec<&str> = rest
            .iter()
            .copied()
            .skip_while(|l| normalized(l) == key)
            .collect();
        if let Some((section, between)) = rest.split_last() {
            first_section = Some((*section).to_string());
            match between {
                [] => {}
                [one] if reads_like_tagline(one) => meta.tagline = (*one).to_string(),
                [one] => meta.group = Some((*one).to_string()),
                [tag @ .., group] => {
                    meta.tagline = tag.join(" ");
                    meta.group = Some((*group).to_string());
                }
            }
        }
    }
    meta.date = find_date(&meta.title)
        .or_else(|| find_date(&meta.tagline))
        .map(|d| d.0);

    let mut issue = Issue::new(IssueId(0), meta);
    let mut section = Section::new(
        SectionId(1),
        first_section.unwrap_or_else(|| "Untitled".to_string()),
    );
    let mut stack: Vec<Open> = Vec::new();
    let mut next_bullet = 1;

    for (n, line) in lines.iter().enumerate().skip(first_bullet) {
        if Some(n) == marking_at_end {
            continue;
        }
        let t = trim_layout(line);
        // Blank lines, and a glyph with no text after it, say nothing.
        if t.is_empty() || (t.chars().count() == 1 && t.starts_with(GLYPHS)) {
            continue;
        }
        if let Some((indent, text)) = bullet_line(line) {
            close_to(&mut stack, &mut section, Some(indent));
            // The open bullets above this one are its levels.
            if stack.len() > MAX_DEPTH {
                return Err(ImportError::TooDeep {
                    line: n + 1,
                    column: line.chars().count() - split_indent(line).1.chars().count() + 1,
                    depth: stack.len(),
                });
            }
            // Issue #17: a leading portion mark is the bullet's own marking.
            let (tlp, text) = match crate::model::tlp::portion_mark(text) {
                Some((t, rest)) => (Some(t), rest),
                None => (None, text),
            };
            let mut bullet = Bullet::new(BulletId(next_bullet), text);
            bullet.tlp = tlp;
            next_bullet += 1;
            if !stack.is_empty() {
                bullet.kind = BulletKind::Assessment;
            }
            stack.push(Open { indent, bullet });
            continue;
        }
        // Indented deeper than an open bullet's glyph: continues the deepest such bullet
        // (deeper ones are closed: the line is back at that bullet's level).
        let (indent, _) = split_indent(line);
        close_to(&mut stack, &mut section, Some(indent));
        if let Some(top) = stack.last_mut() {
            let b = &mut top.bullet.text;
            b.push(' ');
            b.push_str(trim_layout(line));
            continue;
        }
        // A section heading.
        close_to(&mut stack, &mut section, None);
        let id = SectionId(section.id.0 + 1);
        let done = std::mem::replace(&mut section, Section::new(id, trim_layout(line)));
        issue.sections.push(done);
    }
    close_to(&mut stack, &mut section, None);
    issue.sections.push(section);
    Ok(issue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marking_lines_and_a_portion_mark_are_read_as_markings() {
        let i = parse(
            "TLP:AMBER\n\nT\n\nS\n\n  • (TLP:RED) secret\n    • under it\n  • (TLP:amber) text\n\nTLP:AMBER",
        )
        .unwrap();
        assert_eq!(i.meta.tlp, Some(Tlp::Amber));
        assert_eq!(i.meta.title, "T");
        assert_eq!(i.sections.len(), 1, "the last line is not a section");
        let b = &i.sections[0].bullets;
        assert_eq!((b[0].tlp, b[0].text.as_str()), (Some(Tlp::Red), "secret"));
        assert_eq!((b[1].tlp, b[1].text.as_str()), (None, "(TLP:amber) text"));
    }

    #[test]
    fn three_levels_and_continuation() {
        let text =
            "Title 2024-01-05\nSection\n • a\n   ◦ b\n     ▪ c\n       more c\n • d\nNext\nEmpty\n";
        let issue = parse(text).unwrap();
        assert_eq!(issue.sections.len(), 3);
        let s = &issue.sections[0];
        assert_eq!(s.bullets.len(), 2);
        let c = &s.bullets[0].sub_points[0].sub_points[0];
        assert_eq!(c.text, "c more c");
        assert_eq!(c.kind, BulletKind::Assessment);
        assert_eq!(c.id, BulletId(3));
        assert_eq!(s.bullets[1].id, BulletId(4));
        assert_eq!(issue.sections[2].name, "Empty");
        assert!(issue.sections[1].bullets.is_empty());
    }

    #[test]
    fn one_line_between_title_and_section() {
        let g = parse("T\nGlobal Matters\nS\n• x\n").unwrap();
        assert_eq!(g.meta.group.as_deref(), Some("Global Matters"));
        assert_eq!(g.meta.tagline, "");
        let t = parse("T\nOur Digest | Insights\nS\n• x\n").unwrap();
        assert_eq!(t.meta.tagline, "Our Digest | Insights");
        assert_eq!(t.meta.group, None);
    }

    #[test]
    fn repeated_title_is_one() {
        let i = parse("A’s Digest - May 3, 2023\nA's  Digest — May 3, 2023\nS\n• x").unwrap();
        assert_eq!(i.meta.title, "A’s Digest - May 3, 2023");
        assert_eq!(i.meta.tagline, "");
        assert_eq!(i.meta.group, None);
        assert_eq!(i.sections[0].name, "S");
    }

    #[test]
    fn three_lines_between_title_and_section() {
        let i = parse("T\nOur Digest | Notes\nfor the week\nGlobal\nS\n• x\n").unwrap();
        assert_eq!(i.meta.tagline, "Our Digest | Notes for the week");
        assert_eq!(i.meta.group.as_deref(), Some("Global"));
        assert_eq!(i.sections[0].name, "S");
    }

    #[test]
    fn bullets_before_any_heading() {
        let i = parse("• x\n• y\n").unwrap();
        assert_eq!(i.meta.title, "");
        assert_eq!(i.sections[0].name, "Untitled");
        assert_eq!(i.sections[0].bullets.len(), 2);
    }

    /// A digest with one bullet and `levels` sub-points below it, each indented 2 more.
    pub(crate) fn nested_digest(levels: usize) -> String {
        let mut text = String::from("Title\nSection\n");
        for level in 0..=levels {
            text.push_str(&format!("{}• level {level}\n", "  ".repeat(level)));
        }
        text
    }

    #[test]
    fn sub_points_deeper_than_the_limit_are_refused_with_line_and_column() {
        let deepest = parse(&nested_digest(crate::model::MAX_DEPTH)).unwrap();
        assert_eq!(deepest.check(), Ok(()));
        let e = parse(&nested_digest(63)).unwrap_err().to_string();
        // Level 17 is the 18th bullet, on line 20, its glyph after 34 spaces.
        assert_eq!(
            e,
            "a sub-point 17 levels deep at line 20, column 35: sub-points go at most 16 levels deep; move it up a level (indent it less)"
        );
    }

    #[test]
    fn rule_is_not_a_bullet() {
        assert!(bullet_line("- --").is_none());
        assert!(bullet_line("*bold*").is_none());
        assert_eq!(bullet_line("\t- x"), Some((4, "x")));
    }
}
