//! Rendering an issue to a file: Markdown, plain text (house layout), HTML, JSON. (Stub.)

use crate::model::Issue;

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
}

/// The rendered file and what the user should be told (empty sections left out, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exported {
    pub text: String,
    pub warnings: Vec<String>,
}

pub fn export(_issue: &Issue, _format: Format, _opts: &Options) -> Exported {
    Exported::default()
}
