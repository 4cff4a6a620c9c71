//! Rendering an issue to a file: Markdown, plain text (the digest's house layout), HTML,
//! JSON. Nothing here panics, whatever the issue holds, and nothing is written: the caller
//! writes the text (atomically).

use super::{digest, html, json, markdown};
use crate::model::Issue;

pub use super::render::{AssessmentStyle, Exported, Options, empty_section_warning, one_line};

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

pub fn export(issue: &Issue, format: Format, opts: &Options) -> Exported {
    match format {
        Format::Md => markdown::render(issue, opts),
        Format::Txt => digest::render(issue),
        Format::Html => html::render(issue, opts),
        Format::Json => json::render(issue),
    }
}
