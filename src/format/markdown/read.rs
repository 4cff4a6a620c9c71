//! Markdown written by `briefdesk export --format md`, read back to the same issue.
//!
//! The shape (see [`super::write`]): `# title`, an optional tagline paragraph, then
//! either `## group` with `### section`s, or `## section`s when there is no group heading,
//! each followed by a `- ` list; sub-points are indented two spaces per level, at most
//! [`MAX_DEPTH`] levels (a deeper one is refused with its line and column). A bullet is
//! an assessment when it starts with `**Assessment:**` or is wholly in `*…*` (or `_…_`).
//! Backslash escapes are undone.
//!
//! - Markdown has no date field: the date is read from the title ([`date_from_title`]).
//! - Md has no ids: the issue id is 0 (a placeholder until the import plan gives one),
//!   sections and bullets are numbered 1.. in reading order; links to items are not kept.
//! - A lone `##` heading with no bullets under it and no `###` anywhere is the group
//!   heading (the export never writes an empty section).

use super::syntax::{ASSESSMENT_LABEL, date_from_title, unescape};
use crate::model::{
    Bullet, BulletId, BulletKind, Issue, IssueId, IssueMeta, MAX_DEPTH, Section, SectionId, Tlp,
    text,
};

use crate::format::imported::ImportError;

fn err(line: usize, what: &str, todo: &str) -> ImportError {
    ImportError::Other(format!("Markdown import: {what} at line {line}: {todo}"))
}

/// `(level, text)` when `line` is an ATX heading (`#` to `######`, then a space or the end).
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with(' ') && !rest.starts_with('\t') {
        return None;
    }
    let mut t = rest.trim_matches([' ', '\t']);
    // An optional closing sequence: spaces then unescaped `#`s.
    let stripped = t.trim_end_matches('#');
    if stripped.len() < t.len() && (stripped.is_empty() || stripped.ends_with([' ', '\t'])) {
        t = stripped.trim_end_matches([' ', '\t']);
    }
    Some((level, t))
}

/// `(indent, content)` when `line` is a `-`, `*` or `+` list item.
fn list_item(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let mut chars = rest.chars();
    let marker = chars.next()?;
    if !matches!(marker, '-' | '*' | '+') {
        return None;
    }
    let after = &rest[1..];
    if after.is_empty() {
        return Some((indent, ""));
    }
    // `***`, `- - -` thematic breaks are not bullets, but we never write those.
    after.strip_prefix(' ').map(|content| (indent, content))
}

/// A bullet's text and kind from the content after its marker.
fn bullet(content: &str) -> (String, BulletKind) {
    if let Some(rest) = content.strip_prefix(ASSESSMENT_LABEL)
        && (rest.is_empty() || rest.starts_with(' '))
    {
        return (
            unescape(rest.trim_start_matches(' ')),
            BulletKind::Assessment,
        );
    }
    for m in ['*', '_'] {
        if content.len() >= 2
            && content.starts_with(m)
            && content.ends_with(m)
            && !content.starts_with([m, m].iter().collect::<String>().as_str())
        {
            let inner = &content[1..content.len() - 1];
            let backslashes = inner.chars().rev().take_while(|&c| c == '\\').count();
            if backslashes % 2 == 0 {
                return (unescape(inner), BulletKind::Assessment);
            }
        }
    }
    (unescape(content), BulletKind::Fact)
}

struct Heading {
    line: usize,
    level: usize,
    text: String,
    /// Top-level bullets under this heading, sub-points inside them.
    bullets: Vec<Bullet>,
}

pub fn parse(input: &str) -> Result<Issue, ImportError> {
    let clean = text::sanitize(input);
    let clean = clean.strip_prefix('\u{feff}').unwrap_or(&clean);
    let mut all: Vec<(usize, &str)> = clean
        .split('\n')
        .map(|l| l.trim_end_matches([' ', '\t']))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .skip_while(|(_, l)| l.is_empty())
        .collect();
    // Issue #17: the marking, first and last line.
    let marking = all.first().and_then(|(_, l)| Tlp::exact(l));
    if marking.is_some() {
        all.remove(0);
        while all.last().is_some_and(|(_, l)| l.is_empty()) {
            all.pop();
        }
        if all.last().and_then(|(_, l)| Tlp::exact(l)) == marking {
            all.pop();
        }
    }
    // Issue #17: the endnotes at the end, read first so the bullets can name them.
    let notes = match super::cite::endnotes(&all).map_err(|(n, e)| {
        err(
            n,
            &format!("a bad source link ({e})"),
            "fix or remove the link",
        )
    })? {
        Some((at, notes)) => {
            all.truncate(at);
            notes
        }
        None => Vec::new(),
    };
    let mut lines = all.into_iter().skip_while(|(_, l)| l.is_empty());

    let (title_line, first) = lines.next().ok_or_else(|| {
        ImportError::Other(
            "Markdown import: the file is empty: a briefdesk Markdown file starts with a `# Title` line"
                .into(),
        )
    })?;
    let title = match heading(first) {
        Some((1, t)) => unescape(t),
        _ => {
            return Err(err(
                title_line,
                "the first line is not a `# ` title heading",
                "start the file with `# Title`",
            ));
        }
    };

    let mut tagline: Vec<String> = Vec::new();
    let mut headings: Vec<Heading> = Vec::new();
    // Open bullets, outermost first, with the indent of their marker.
    let mut open: Vec<(usize, Bullet)> = Vec::new();
    let mut next_bullet = 1u64;

    fn close_to(open: &mut Vec<(usize, Bullet)>, keep: usize, target: &mut Vec<Bullet>) {
        while open.len() > keep {
            let (_, b) = open.pop().expect("len > keep");
            match open.last_mut() {
                Some((_, parent)) => parent.sub_points.push(b),
                None => target.push(b),
            }
        }
    }

    for (n, line) in lines {
        if line.is_empty() {
            continue;
        }
        if let Some((level, t)) = heading(line) {
            if let Some(h) = headings.last_mut() {
                close_to(&mut open, 0, &mut h.bullets);
            }
            if level == 1 {
                return Err(err(
                    n,
                    "a second `# ` title heading",
                    "keep one title; use `## ` for the group or section headings",
                ));
            }
            if level > 3 {
                return Err(err(
                    n,
                    &format!("a level {level} heading"),
                    "use `## ` for the group heading and `### ` for sections (or `## ` for sections without a group)",
                ));
            }
            headings.push(Heading {
                line: n,
                level,
                text: unescape(t),
                bullets: Vec::new(),
            });
            continue;
        }
        if let Some((indent, content)) = list_item(line) {
            let Some(h) = headings.last_mut() else {
                return Err(err(
                    n,
                    "a bullet before any section heading",
                    "add a `## Section` heading above it",
                ));
            };
            // The depth is the number of open bullets whose marker is left of this one.
            let depth = open.iter().take_while(|(i, _)| *i < indent).count();
            if depth > 0 && open[depth - 1].0 + 2 < indent && depth == open.len() {
                return Err(err(
                    n,
                    "a sub-point indented more than one level below the bullet above",
                    "indent sub-points by 2 spaces per level",
                ));
            }
            if depth == 0 && indent > 1 {
                return Err(err(
                    n,
                    "an indented bullet with no bullet above it",
                    "start a section's list at the left margin",
                ));
            }
            if depth > MAX_DEPTH {
                return Err(ImportError::TooDeep {
                    line: n,
                    column: indent + 1,
                    depth,
                });
            }
            close_to(&mut open, depth, &mut h.bullets);
            // Issue #17: the portion mark, the citation and links first.
            let (content, noted) = match super::cite::cited(content, &notes) {
                Some((before, sources)) if !notes.is_empty() => (before, sources),
                _ => (content, Vec::new()),
            };
            let parts = super::cite::parts(content).map_err(|e| {
                err(
                    n,
                    &format!("a bad source link ({e})"),
                    "fix or remove the link",
                )
            })?;
            let (text, kind) = bullet(&parts.content);
            let mut b = Bullet::new(BulletId(next_bullet), text);
            b.kind = kind;
            b.tlp = parts.tlp;
            b.sources = parts.sources;
            b.sources.extend(noted);
            next_bullet += 1;
            open.push((indent, b));
            continue;
        }
        if headings.is_empty() {
            tagline.push(unescape(line.trim_start_matches([' ', '\t'])));
            continue;
        }
        return Err(err(
            n,
            "text that is neither a heading nor a `- ` bullet",
            "make it a bullet (`- text`) or a sub-point (indent 2 spaces per level)",
        ));
    }
    if let Some(h) = headings.last_mut() {
        close_to(&mut open, 0, &mut h.bullets);
    }

    // Group heading or sections?
    let has_h3 = headings.iter().any(|h| h.level == 3);
    let mut group = None;
    let mut section_headings = headings;
    if has_h3 {
        let first = &section_headings[0];
        if first.level != 2 {
            return Err(err(
                first.line,
                "a `### ` section before the `## ` group heading",
                "put the `## Group` heading above the sections",
            ));
        }
        if let Some(second) = section_headings.iter().skip(1).find(|h| h.level == 2) {
            return Err(err(
                second.line,
                "a second `## ` group heading",
                "keep one group heading; make sections `### ` headings",
            ));
        }
        if !first.bullets.is_empty() {
            return Err(err(
                first.line + 1,
                "bullets under the `## ` group heading",
                "put them under a `### Section` heading",
            ));
        }
        let g = section_headings.remove(0);
        group = Some(g.text);
    } else if section_headings.len() == 1 && section_headings[0].bullets.is_empty() {
        group = Some(section_headings.remove(0).text);
    }

    let mut issue = Issue::new(
        IssueId(0),
        IssueMeta {
            date: date_from_title(&title),
            title,
            tagline: tagline.join(" "),
            group,
            tlp: marking,
        },
    );
    for (i, h) in section_headings.into_iter().enumerate() {
        let mut s = Section::new(SectionId(i as u64 + 1), h.text);
        s.bullets = h.bullets;
        issue.sections.push(s);
    }
    Ok(issue)
}

/// Does this text look like a briefdesk Markdown export? Its first non-empty line is a `# `
/// heading, and it has `- ` list items or `##` headings.
pub fn looks_like(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(|l| l.trim_end_matches([' ', '\t', '\r']))
        .skip_while(|l| l.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let first = first.strip_prefix('\u{feff}').unwrap_or(first);
    // Issue #17: a marking line may come first.
    let first = match Tlp::exact(first) {
        Some(_) => match lines.find(|l| !l.trim().is_empty()) {
            Some(l) => l,
            None => return false,
        },
        None => first,
    };
    if !(first.starts_with("# ") || first == "#") {
        return false;
    }
    lines.any(|l| {
        l.starts_with("## ")
            || l == "##"
            || l.starts_with("### ")
            || l.trim_start_matches(' ').starts_with("- ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MAX_DEPTH;

    /// `levels` sub-points under one bullet, 2 spaces a level, as the export writes them.
    fn nested_md(levels: usize) -> String {
        let mut text = String::from("# Title\n\n## Section\n\n");
        for level in 0..=levels {
            text.push_str(&format!("{}- level {level}\n", "  ".repeat(level)));
        }
        text
    }

    #[test]
    fn sub_points_deeper_than_the_limit_are_refused_with_line_and_column() {
        let deepest = parse(&nested_md(MAX_DEPTH)).unwrap();
        assert_eq!(deepest.check(), Ok(()));
        let e = parse(&nested_md(63)).unwrap_err().to_string();
        assert_eq!(
            e,
            "a sub-point 17 levels deep at line 22, column 35: sub-points go at most 16 levels deep; move it up a level (indent it less)"
        );
    }
}
