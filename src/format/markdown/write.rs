//! `--format md` (the default): Markdown that passes markdownlint and reads the same in
//! GitHub, pandoc and CommonMark, and that [`super::read`] reads back.
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
//! - Texts are put on one line ([`one_line`]) and escaped by [`escape`].
//! - Known limits: markdownlint flags two headings with the same text (MD024) and a heading
//!   ending in `.,;:!` (MD026), whatever the escaping; GitHub emoji short codes (`:fire:`)
//!   and pandoc's smart quotes are not escaped.

use super::syntax::{ASSESSMENT_LABEL, date_from_title, escape};
use crate::format::render::{
    AssessmentStyle, Exported, Options, flatten, group_of, kept_sections, one_line,
};
use crate::model::{BulletKind, Issue};

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
