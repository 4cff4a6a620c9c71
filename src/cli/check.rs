//! `briefdesk check`: the tradecraft findings of an issue, as lines or JSON, with an exit
//! status a shop can run before export: 0 clean, 1 findings, 2 when it could not check.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow};

use super::desk::{open_to_read_store, pick_issue};
use super::exit::Exit;
use crate::model::settings::Ladder;
use crate::model::tradecraft::{self, Finding};

/// How `check` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// `PATH: RULE: TERM: message`, one finding a line.
    Line,
    /// An array of objects: path, rule, term, message, suggestion, severity.
    Json,
}

/// `--ladder`: clap's own usage error (exit 2) for a name that is not a ladder.
pub fn parse_ladder(s: &str) -> Result<Ladder, String> {
    Ladder::parse(s)
}

pub(super) fn check(
    flag: Option<&Path>,
    key: Option<&str>,
    ladder: Option<Ladder>,
    format: CheckFormat,
) -> Result<()> {
    // Anything that stops the check is 2, so that 1 always means findings.
    let (checked, ladder) = run(flag, key, ladder).map_err(|e| Exit {
        code: 2,
        message: Some(format!("{e:#}")),
    })?;
    let findings = &checked.findings;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        CheckFormat::Json => {
            let doc: Vec<FindingDoc> = findings.iter().map(FindingDoc::of).collect();
            crate::format::json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        CheckFormat::Line => {
            for f in findings {
                super::tell::line(&mut out, &line(f));
            }
        }
    }
    out.flush()?;
    tell!("{}", summary(findings.len(), checked.quieted, ladder));
    if findings.is_empty() {
        Ok(())
    } else {
        Err(Exit {
            code: 1,
            message: None,
        }
        .into())
    }
}

fn run(
    flag: Option<&Path>,
    key: Option<&str>,
    ladder: Option<Ladder>,
) -> Result<(tradecraft::Checked, Ladder)> {
    let (store, desk) = open_to_read_store(flag)?;
    let issue = pick_issue(&desk, key)?;
    // `--ladder` overrides the setting, so a bad setting does not stop an explicit check.
    let ladder = match ladder {
        Some(l) => l,
        None => store.ladder().map_err(|e| anyhow!("{e}"))?,
    };
    Ok((tradecraft::check(issue, ladder), ladder))
}

/// `1.1.2: non-ladder-term: could: message`; `-` for the term of `no-estimate`.
pub fn line(f: &Finding) -> String {
    let term = if f.term.is_empty() { "-" } else { &f.term };
    let mut s = format!("{}: {}: {term}: {}", f.place(), f.rule.id(), f.message);
    if let Some(sug) = &f.suggestion {
        s.push_str(&format!(" (suggest: {sug})"));
    }
    s
}

/// The closing line on stderr: how many, on which ladder, how many were quieted.
pub fn summary(findings: usize, quieted: usize, ladder: Ladder) -> String {
    let n = match findings {
        0 => "no findings".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    let q = match quieted {
        0 => String::new(),
        q => format!("; {q} quieted on bullets marked checked"),
    };
    format!("{n} ({} ladder){q}", ladder.name())
}

/// One finding in `check --format json`.
#[derive(serde::Serialize)]
struct FindingDoc<'a> {
    path: &'a [usize],
    rule: &'static str,
    term: &'a str,
    message: &'a str,
    suggestion: Option<&'a str>,
    severity: &'static str,
}

impl<'a> FindingDoc<'a> {
    fn of(f: &'a Finding) -> Self {
        FindingDoc {
            path: &f.path,
            rule: f.rule.id(),
            term: &f.term,
            message: &f.message,
            suggestion: f.suggestion.as_deref(),
            severity: f.severity.name(),
        }
    }
}
