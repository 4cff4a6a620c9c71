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
//! - Issue #17: a TLP marking is the first and the last line (`TLP:AMBER`, a paragraph of
//!   its own); a bullet's own marking starts it (`- (TLP:RED) text`); its sources follow the
//!   text, inline as links (`… text. ([Reuters](https://…); [AP](https://…))`) or as
//!   endnote numbers (`… text. [1]`) listed under `## Sources` at the end. Only
//!   http, https and mailto URLs are links; any other source is escaped text. The
//!   parentheses and brackets briefdesk writes here are the only unescaped ones in a
//!   bullet, which is how [`super::read`] tells them from the text.
//! - Known limits: markdownlint flags two headings with the same text (MD024) and a heading
//!   ending in `.,;:!` (MD026), whatever the escaping; GitHub emoji short codes (`:fire:`)
//!   and pandoc's smart quotes are not escaped.

use super::syntax::{ASSESSMENT_LABEL, date_from_title, escape};
use crate::format::render::{
    AssessmentStyle, Endnotes, Exported, Options, SourceStyle, cite_name, flatten, group_of,
    kept_sections, one_line, portion_mark, source_text,
};
use crate::model::{Bullet, BulletKind, Issue, Source};

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
    let mut notes = Endnotes::default();
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
                let content = marked_and_cited(b, opts, &mut notes);
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
    // Issue #17: the endnotes, and the marking first and last.
    if !notes.list.is_empty() {
        blocks.push(heading(2, "Sources"));
        let list: Vec<String> = (notes.list.iter().enumerate())
            .map(|(i, s)| format!("{}. {}", i + 1, cite(s)))
            .collect();
        blocks.push(list.join("\n"));
    }
    if let Some(t) = issue.meta.tlp {
        blocks.insert(0, t.label().to_string());
        blocks.push(t.label().to_string());
    }
    let mut text = blocks.join("\n\n");
    text.push('\n');
    Exported {
        text,
        warnings,
        ..Exported::default()
    }
}

/// Issue #17: a bullet's content with its portion mark before and its sources after.
fn marked_and_cited<'a>(b: &'a Bullet, opts: &Options, notes: &mut Endnotes<'a>) -> String {
    let mut parts: Vec<String> = portion_mark(b).into_iter().collect();
    parts.push(bullet_content(&b.text, b.kind, opts.assessments));
    if !b.sources.is_empty() {
        match opts.sources {
            SourceStyle::Inline => {
                let cites: Vec<String> = b.sources.iter().map(cite).collect();
                parts.push(format!("({})", cites.join("; ")));
            }
            SourceStyle::Endnotes => parts.push(Endnotes::marker(&notes.cite(&b.sources))),
            SourceStyle::None => {}
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// A source as Markdown: a link when its URL may be one, else escaped text.
fn cite(s: &Source) -> String {
    match s.link() {
        Some(url) => format!("[{}]({})", escape(&cite_name(s)), link_url(url)),
        None => escape(&source_text(s)),
    }
}

/// A URL as a link destination: a backslash before `\`, `(` and `)`, so it ends where the
/// link does (a checked URL holds no space or control character).
pub(super) fn link_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if matches!(c, '\\' | '(' | ')') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
