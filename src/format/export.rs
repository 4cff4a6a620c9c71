//! Rendering an issue to a file: Markdown, plain text (the digest's house layout), HTML,
//! JSON. Nothing here panics, whatever the issue holds, and nothing is written: the caller
//! writes the text (atomically).

use super::{digest, html, json, markdown, marking};
use crate::model::Issue;

pub use super::render::{
    AssessmentStyle, Exported, Options, SourceStyle, empty_section_warning, one_line,
};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Md,
    Txt,
    Html,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// The issue under `opts.max_tlp` (issue #17: bullets marked above it left out, the issue
/// marked with the strictest marking it goes out with), in `format`.
pub fn export(issue: &Issue, format: Format, opts: &Options) -> Exported {
    let m = marking::marked(issue, opts.max_tlp);
    let issue = m.issue.as_ref();
    let mut out = match format {
        Format::Md => markdown::render(issue, opts),
        Format::Txt => digest::render(issue, opts),
        Format::Html => html::render(issue, opts),
        Format::Json => json::render(issue),
    };
    out.tlp = m.tlp;
    out.left_out = m.left_out;
    out.left_out_with_sub_points = m.left_out_with_sub_points;
    out
}
