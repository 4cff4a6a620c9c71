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

use crate::format::render::{Exported, flatten, group_of, kept_sections, one_line};
use crate::model::Issue;

pub(crate) fn render(issue: &Issue) -> Exported {
    let (sections, warnings) = kept_sections(issue);
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
            .map(|(depth, b)| format!("{}• {}", "  ".repeat(depth + 1), one_line(&b.text)))
            .collect();
        block.push_str(&lines.join("\n"));
        blocks.push(block);
    }
    Exported {
        text: blocks.join("\n\n"),
        warnings,
    }
}
