//! `--format md` (the default): Markdown that passes markdownlint and reads the same in
//! GitHub, pandoc and CommonMark, and that [`crate::import::markdown`] reads back.
//!
//! ```text
//! # <title>
//!
//! <tagline>
//!
//! ## <group heading>
//!
//! ### <section>
//!
//! - <bullet text>
//!   - **Assessment:** <sub-point text>
//! ```
//! - Without a group heading, sections are `##` headings (headings never skip a level).
//! - Without a tagline there is no tagline paragraph.
//! - Sub-points indent two spaces per level. One blank line between blocks; the file ends
//!   with exactly one newline. Sections without bullets are left out (with a warning).
//! - Assessments: `label` writes `**Assessment:** text`, `italic` writes `*text*` (an empty
//!   assessment, or one that starts or ends with a no-break space, is written with the
//!   label: there `*` would not make emphasis), `plain` writes the bare text: the kind is
//!   lost and reads back as a fact.
//! - Markdown has no date field: the date is read back from the title ("July 2, 2024",
//!   "2 July 2024", "2024-07-02"). When the issue's date is not the one its title reads as,
//!   the export warns that an import will not keep it.
//! - Texts are put on one line ([`super::one_line`]) and escaped by [`escape`].
//! - Known limits: markdownlint flags two headings with the same text (MD024) and a heading
//!   ending in `.,;:!` (MD026), whatever the escaping; GitHub emoji short codes (`:fire:`)
//!   and pandoc's smart quotes are not escaped.

use super::{AssessmentStyle, Exported, Options, flatten, group_of, kept_sections, one_line};
use crate::import::markdown::date_from_title;
use crate::model::{BulletKind, Issue};

/// The label written before an assessment in `label` style.
pub const ASSESSMENT_LABEL: &str = "**Assessment:**";

/// Characters escaped with a backslash wherever they are: CommonMark inline syntax, GFM
/// tables, strikethrough, mentions and autolinks, pandoc math, superscript, attributes and
/// citations.
const ALWAYS: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '(', ')', '<', '>', '#', '|', '~', '&', '$', '^', '{', '}', '@',
];

/// Escape a one-line text so that CommonMark, GitHub and pandoc show it as the same text.
///
/// - a backslash before each of ``\ ` * _ [ ] ( ) < > # | ~ & $ ^ { } @`` anywhere;
/// - a backslash before a leading `-`, `+`, `=`, `:` (list items, setext underlines,
///   pandoc definitions) and before the `.` of a leading ordered-list marker (`1.`, pandoc's
///   `a.` and `iv.`) when a space or the end follows;
/// - a backslash before the second and later `-` or `.` of a run, so pandoc's smart
///   punctuation does not turn `--` into a dash or `...` into an ellipsis;
/// - `://` becomes `\://` and a word-initial `www.` becomes `www\.`, so GitHub does not turn
///   a URL into a link (and markdownlint MD034 stays quiet).
///
/// [`unescape`] undoes it exactly.
pub fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let marker_dot = leading_marker_dot(&chars);
    for (i, &c) in chars.iter().enumerate() {
        let escape_here = ALWAYS.contains(&c)
            || (i == 0 && matches!(c, '-' | '+' | '=' | ':'))
            || Some(i) == marker_dot
            || (i > 0 && matches!(c, '-' | '.') && chars[i - 1] == c)
            || (c == ':' && chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/'))
            || (c == '.'
                && i >= 3
                && chars[i - 3..i].iter().all(|w| w.eq_ignore_ascii_case(&'w'))
                && (i == 3 || !chars[i - 4].is_alphanumeric()));
        if escape_here {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The index of the `.` in a leading `12.`, `a.` or `iv.` followed by a space or the end.
fn leading_marker_dot(chars: &[char]) -> Option<usize> {
    let dot = chars.iter().position(|&c| c == '.')?;
    if dot == 0 || dot > 10 {
        return None;
    }
    let head = &chars[..dot];
    let digits = head.iter().all(|c| c.is_ascii_digit());
    let letter = head.len() == 1 && head[0].is_ascii_alphabetic();
    let roman = head.iter().all(|c| "ivxlcdmIVXLCDM".contains(*c));
    let followed = matches!(chars.get(dot + 1), None | Some(' '));
    ((digits || letter || roman) && followed).then_some(dot)
}

/// Undo [`escape`]: a backslash before ASCII punctuation stands for that character; any
/// other backslash is itself.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// A heading line: `#` marks, and the escaped text after a space when there is text.
fn heading(level: usize, text: &str) -> String {
    let marks = "#".repeat(level);
    let t = escape(&one_line(text));
    if t.is_empty() {
        marks
    } else {
        format!("{marks} {t}")
    }
}

/// A bullet's content after `- `: the escaped text, marked as an assessment per `style`.
fn bullet_content(text: &str, kind: BulletKind, style: AssessmentStyle) -> String {
    let t = escape(&one_line(text));
    match (kind, style) {
        (BulletKind::Fact, _) | (BulletKind::Assessment, AssessmentStyle::Plain) => t,
        // `*` next to a (no-break) space would not open or close emphasis: use the label.
        (BulletKind::Assessment, AssessmentStyle::Italic)
            if !t.is_empty()
                && !t.starts_with(char::is_whitespace)
                && !t.ends_with(char::is_whitespace) =>
        {
            format!("*{t}*")
        }
        (BulletKind::Assessment, _) => {
            if t.is_empty() {
                ASSESSMENT_LABEL.to_string()
            } else {
                format!("{ASSESSMENT_LABEL} {t}")
            }
        }
    }
}

pub(crate) fn render(issue: &Issue, opts: &Options) -> Exported {
    let (sections, mut warnings) = kept_sections(issue);
    let mut blocks: Vec<String> = vec![heading(1, &issue.meta.title)];
    let tagline = one_line(&issue.meta.tagline);
    if !tagline.is_empty() {
        blocks.push(escape(&tagline));
    }
    let group = group_of(issue);
    let section_level = if let Some(g) = &group {
        blocks.push(heading(2, g));
        3
    } else {
        2
    };
    for s in sections {
        blocks.push(heading(section_level, &s.name));
        let lines: Vec<String> = flatten(&s.bullets)
            .into_iter()
            .map(|(depth, b)| {
                let content = bullet_content(&b.text, b.kind, opts.assessments);
                let indent = "  ".repeat(depth);
                if content.is_empty() {
                    format!("{indent}-")
                } else {
                    format!("{indent}- {content}")
                }
            })
            .collect();
        blocks.push(lines.join("\n"));
    }
    if let Some(date) = issue.meta.date
        && date_from_title(&one_line(&issue.meta.title)) != Some(date)
    {
        warnings.push(format!(
            "the date {date} is not in the title: Markdown has no date field and an import \
             reads the date from the title, so put the date in the title to keep it"
        ));
    }
    let mut text = blocks.join("\n\n");
    text.push('\n');
    Exported { text, warnings }
}
