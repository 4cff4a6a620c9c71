//! `--format txt`: the house layout of the digest (seed 000).
//!
//! ```text
//! Title
//!
//! Tagline
//!
//! Group heading
//!
//! Section
//!
//!   • bullet
//!     • sub-point
//!       • sub-sub-point
//!
//! Next section
//! ...
//! ```
//! Bullets are two spaces and `• `, two more spaces per level. Assessments are plain text.
//! Like the house files, the text has no newline after its last line. A missing tagline or
//! group leaves out its line and the blank after it; empty sections are left out.
//! Issue #17: a TLP marking is the first and the last line; a bullet's own starts it
//! (`• (TLP:RED) text`); its sources follow as `(Reuters; AP)`, or as `[1]` with a
//! numbered `Sources` list at the end.

use crate::format::render::{
    Endnotes, Exported, Options, SourceStyle, cite_name, flatten, group_of, kept_sections,
    one_line, portion_mark, source_text,
};
use crate::model::{Bullet, Issue};

/// Issue #17: a bullet's text with its portion mark before and its sources after.
fn marked_and_cited<'a>(b: &'a Bullet, opts: &Options, notes: &mut Endnotes<'a>) -> String {
    let mut parts: Vec<String> = portion_mark(b).into_iter().collect();
    parts.push(one_line(&b.text));
    if !b.sources.is_empty() {
        match opts.sources {
            SourceStyle::Inline => {
                let names: Vec<String> = b.sources.iter().map(cite_name).collect();
                parts.push(format!("({})", names.join("; ")));
            }
            SourceStyle::Endnotes => parts.push(Endnotes::marker(&notes.cite(&b.sources))),
            SourceStyle::None => {}
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

pub(crate) fn render(issue: &Issue, opts: &Options) -> Exported {
    let (sections, warnings) = kept_sections(issue);
    let mut notes = Endnotes::default();
    let mut blocks: Vec<String> = vec![one_line(&issue.meta.title)];
    let tagline = one_line(&issue.meta.tagline);
    if !tagline.is_empty() {
        blocks.push(tagline);
    }
    if let Some(g) = group_of(issue) {
        blocks.push(g);
    }
    for s in sections {
        let mut block = one_line(&s.name);
        block.push_str("\n\n");
        let lines: Vec<String> = flatten(&s.bullets)
            .into_iter()
            .map(|(depth, b)| {
                let text = marked_and_cited(b, opts, &mut notes);
                format!("{}• {text}", "  ".repeat(depth + 1))
            })
            .collect();
        block.push_str(&lines.join("\n"));
        blocks.push(block);
    }
    // Issue #17: the endnotes, and the marking first and last.
    if !notes.list.is_empty() {
        let list: Vec<String> = (notes.list.iter().enumerate())
            .map(|(i, s)| format!("  {}. {}", i + 1, source_text(s)))
            .collect();
        blocks.push(format!("Sources\n\n{}", list.join("\n")));
    }
    if let Some(t) = issue.meta.tlp {
        blocks.insert(0, t.label().to_string());
        blocks.push(t.label().to_string());
    }
    Exported {
        text: blocks.join("\n\n"),
        warnings,
        ..Exported::default()
    }
}
