//! Bringing text in: digest text (seed 000 shape), live-updates pages (seed 003 shape),
//! Markdown exported by briefdesk, and briefdesk JSON.
//!
//! [`parse`] turns raw bytes into an [`Imported`] value with placeholder ids; [`plan`] gives
//! it real ids on a desk, drops what the desk already holds, and returns the commands (one
//! undo step each) with a report for the user.

use std::collections::HashSet;

use super::mojibake::{Repairs, repair_mojibake};
use super::{digest, html, json, live, markdown};
use crate::model::text::{position, sanitize};
use crate::model::{Bullet, Command, Desk, Issue, Item};

pub use super::imported::{ImportError, Imported, Parsed};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A finished digest as plain text: title, tagline, sections, `•` bullets.
    Digest,
    /// A live-updates page: headlines newest first, `UPDATE:` stamps.
    Live,
    /// Markdown written by `briefdesk export`.
    Markdown,
    /// briefdesk JSON (an issue, or a list of items).
    Json,
    /// HTML written by `briefdesk export --format html` (any other page is refused).
    Html,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Digest => "digest",
            Format::Live => "live",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Html => "html",
        }
    }
}

/// What an import will do, to tell the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub items_added: usize,
    pub items_skipped_duplicate: usize,
    pub issues_added: usize,
    pub issues_skipped_duplicate: usize,
    /// Text that was UTF-8 read as Windows-1252 or Latin-1 (`â€œ`), put back (`“`).
    pub repaired: Repairs,
}

/// Guess the format from the (sanitized) text.
///
/// In order: JSON (a `{`/`[` document that is JSON, or that names a `"briefdesk"` key; foreign
/// JSON is detected too, so that [`parse`] can say "not a briefdesk file"); an HTML page (any
/// page, so that [`parse`] refuses a foreign one rather than read its tags as drafts); briefdesk Markdown
/// ([`markdown::looks_like`]); digest text (bullet lines); a live-updates page (an `UPDATE:`
/// stamp, or a headline followed by a paragraph). `None` when nothing fits.
pub fn detect(text: &str) -> Option<Format> {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return None;
    }
    if (t.starts_with('{') || t.starts_with('['))
        && (t.contains("\"briefdesk\"") || serde_json::from_str::<serde_json::Value>(t).is_ok())
    {
        return Some(Format::Json);
    }
    if html::looks_like(text) {
        return Some(Format::Html);
    }
    if markdown::looks_like(text) {
        return Some(Format::Markdown);
    }
    if digest::looks_like(text) {
        return Some(Format::Digest);
    }
    if live::looks_like(text) {
        return Some(Format::Live);
    }
    None
}

/// Read raw bytes (a file, or stdin) as `format`, or the detected format.
pub fn parse(bytes: &[u8], format: Option<Format>) -> Result<Imported, ImportError> {
    read(bytes, format).map(|p| p.what)
}

/// [`parse`], also saying which mis-decoded characters were put back (for [`plan_parsed`]).
///
/// The steps: decode (UTF-8, no NUL), repair mojibake ([`repair_mojibake`], before the
/// sanitizer, which would drop the C1 characters mis-decoded quotes hold), sanitize, detect,
/// parse.
pub fn read(bytes: &[u8], format: Option<Format>) -> Result<Parsed, ImportError> {
    let mut repaired = Repairs::default();
    let text = decode(bytes)?;
    let text = repair_mojibake(text, &mut repaired);
    // Our own ladder legend (`export --ladder-legend`) is not part of the issue.
    let text = super::legend::strip(sanitize(&text));
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let format = match format {
        Some(f) => f,
        None => detect(&text).ok_or(ImportError::Undetected)?,
    };
    let what = match format {
        Format::Digest => digest::parse(&text).map(Imported::Issue),
        Format::Live => live::parse(&text).map(Imported::Items),
        Format::Markdown => markdown::parse(&text).map(Imported::Issue),
        Format::Json => json::parse_repairing(&text, &mut repaired),
        Format::Html => html::parse(&text).map(Imported::Issue),
    }?;
    Ok(Parsed { what, repaired })
}

/// Bytes to text: refuse NUL bytes and invalid UTF-8 with a position, strip a UTF-8 BOM.
fn decode(bytes: &[u8]) -> Result<&str, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Utf16);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position(&bytes[..at]);
        return Err(ImportError::Binary { line, column });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.valid_up_to();
            let (line, column) = position(&bytes[..at]);
            Err(ImportError::NotUtf8 {
                line,
                column,
                byte: bytes[at],
            })
        }
    }
}

/// Give the imported things real ids on this desk and drop what the desk already has.
///
/// Items: duplicates (same [`Item::fingerprint`] as an item on the desk or earlier in the
/// batch) are dropped; the rest get ids from [`Desk::next_item_id`] up, the LAST item in page
/// order getting the lowest id (a page lists newest first; a higher id is newer). An issue gets
/// [`Desk::next_issue_id`] unless the desk holds one with the same meta, section names and
/// bullet texts. One command each, so an import is one undo step.
pub fn plan(desk: &Desk, imported: Imported) -> (Vec<Command>, ImportReport) {
    plan_parsed(
        desk,
        Parsed {
            what: imported,
            repaired: Repairs::default(),
        },
    )
}

/// [`plan`] for a file [`read`], its repairs carried into the report.
pub fn plan_parsed(desk: &Desk, parsed: Parsed) -> (Vec<Command>, ImportReport) {
    plan_parsed_known(desk, parsed, &HashSet::new())
}

/// [`plan_parsed`], also dropping drafts whose fingerprint is in `known`: drafts a streamed
/// import of the same run put on disk without keeping them in `desk` (issue #19).
fn plan_parsed_known(
    desk: &Desk,
    parsed: Parsed,
    known: &HashSet<u64>,
) -> (Vec<Command>, ImportReport) {
    let imported = parsed.what;
    let mut report = ImportReport {
        repaired: parsed.repaired,
        ..ImportReport::default()
    };
    let mut commands = Vec::new();
    match imported {
        Imported::Items(items) => {
            let mut seen: HashSet<u64> = desk.items.values().map(Item::fingerprint).collect();
            seen.extend(known);
            let mut kept = Vec::new();
            for item in items {
                if seen.insert(item.fingerprint()) {
                    kept.push(item);
                } else {
                    report.items_skipped_duplicate += 1;
                }
            }
            let base = desk.next_item_id().0;
            let n = kept.len() as u64;
            for (i, item) in kept.iter_mut().enumerate() {
                item.id.0 = base + (n - 1 - i as u64);
            }
            report.items_added = kept.len();
            if !kept.is_empty() {
                commands.push(Command::AddItems { items: kept });
            }
        }
        Imported::Issue(issue) => plan_issues(desk, vec![issue], &mut report, &mut commands),
        Imported::Issues(issues) => plan_issues(desk, issues, &mut report, &mut commands),
    }
    (commands, report)
}

/// Each issue not already on the desk (nor earlier in the file) gets the next free id.
fn plan_issues(
    desk: &Desk,
    issues: Vec<Issue>,
    report: &mut ImportReport,
    commands: &mut Vec<Command>,
) {
    let mut seen: Vec<IssueKey> = desk.issues.values().map(issue_key).collect();
    let mut next = desk.next_issue_id().0;
    for mut issue in issues {
        let key = issue_key(&issue);
        if seen.contains(&key) {
            report.issues_skipped_duplicate += 1;
        } else {
            seen.push(key);
            issue.id = crate::model::IssueId(next);
            next += 1;
            report.issues_added += 1;
            commands.push(Command::NewIssue { issue });
        }
    }
}

/// Section names with their bullet texts and depths.
type IssueKey = (crate::model::IssueMeta, Vec<(String, Vec<(usize, String)>)>);

/// What makes two issues the same for de-duplication: meta, section names, bullet texts (with
/// their depth), ignoring ids, kinds and links.
fn issue_key(issue: &Issue) -> IssueKey {
    fn walk(b: &Bullet, depth: usize, out: &mut Vec<(usize, String)>) {
        out.push((depth, b.text.clone()));
        for s in &b.sub_points {
            walk(s, depth + 1, out);
        }
    }
    let sections = issue
        .sections
        .iter()
        .map(|s| {
            let mut texts = Vec::new();
            for b in &s.bullets {
                walk(b, 0, &mut texts);
            }
            (s.name.clone(), texts)
        })
        .collect();
    (issue.meta.clone(), sections)
}

/// [`plan_parsed`] as ONE command: a whole file (its drafts and its issues) is one undo step,
/// the same from the command line, the inbox and the desk's import dialog. `None` when the
/// desk already has everything the file holds.
pub fn plan_import(desk: &Desk, parsed: Parsed) -> (Option<Command>, ImportReport) {
    plan_import_known(desk, parsed, &HashSet::new())
}

/// [`plan_import`] with the fingerprints of drafts already imported in this run that `desk`
/// does not hold (a streamed import keeps them on disk only).
pub fn plan_import_known(
    desk: &Desk,
    parsed: Parsed,
    known: &HashSet<u64>,
) -> (Option<Command>, ImportReport) {
    let (commands, report) = plan_parsed_known(desk, parsed, known);
    let mut items = Vec::new();
    let mut issues = Vec::new();
    for cmd in commands {
        match cmd {
            Command::AddItems { items: more } => items.extend(more),
            Command::NewIssue { issue } => issues.push(issue),
            // plan_parsed makes only the two above.
            _ => {}
        }
    }
    let one =
        (!items.is_empty() || !issues.is_empty()).then_some(Command::Import { items, issues });
    (one, report)
}

/// The format a queued file's name gives (`digest`, `live`, `markdown`, `json`, `html`).
pub fn format_named(name: &str) -> Option<Format> {
    <Format as clap::ValueEnum>::value_variants()
        .iter()
        .copied()
        .find(|f| f.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IssueMeta, ItemId};

    #[test]
    fn decode_errors_have_positions() {
        let e = decode(b"ab\ncd\xffe").unwrap_err().to_string();
        assert!(e.contains("line 2, column 3"), "{e}");
        let e = decode(b"x\n\ny\0").unwrap_err().to_string();
        assert!(e.contains("line 3, column 2"), "{e}");
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), "hi");
    }

    #[test]
    fn plan_numbers_last_item_lowest() {
        let mut desk = Desk::new();
        desk.items
            .insert(ItemId(4), Item::new(ItemId(4), "old", vec![]));
        let items = vec![
            Item::new(ItemId(0), "newest", vec![]),
            Item::new(ItemId(0), "old", vec![]),
            Item::new(ItemId(0), "oldest", vec![]),
            Item::new(ItemId(0), "newest", vec![]),
        ];
        let (cmds, report) = plan(&desk, Imported::Items(items));
        assert_eq!(report.items_added, 2);
        assert_eq!(report.items_skipped_duplicate, 2);
        let Command::AddItems { items } = &cmds[0] else {
            panic!("{cmds:?}")
        };
        assert_eq!(items[0].headline, "newest");
        assert_eq!(items[0].id, ItemId(6));
        assert_eq!(items[1].id, ItemId(5));
    }

    #[test]
    fn plan_skips_same_issue() {
        let mut desk = Desk::new();
        let meta = IssueMeta {
            title: "T".into(),
            ..IssueMeta::default()
        };
        let issue = Issue::new(crate::model::IssueId(7), meta);
        desk.issues.insert(issue.id, issue.clone());
        let (cmds, report) = plan(&desk, Imported::Issue(issue));
        assert!(cmds.is_empty());
        assert_eq!(report.issues_skipped_duplicate, 1);
    }

    #[test]
    fn a_file_of_issues_and_drafts_is_one_import_command_and_one_undo_step() {
        let mut desk = Desk::new();
        let json = br#"[{"briefdesk": "issue", "schema": 1, "id": 1, "title": "One", "sections": []},
                       {"briefdesk": "issue", "schema": 1, "id": 2, "title": "Two", "sections": []}]"#;
        let parsed = read(json, None).unwrap();
        let (cmd, report) = plan_import(&desk, parsed);
        assert_eq!(report.issues_added, 2);
        let cmd = cmd.unwrap();
        let mut h = crate::model::History::new();
        h.perform(&mut desk, &cmd).unwrap();
        assert_eq!(desk.issues.len(), 2);
        h.undo(&mut desk).unwrap().unwrap();
        assert!(desk.issues.is_empty(), "one u takes back the whole file");
        // Everything already on the desk: no command at all.
        h.redo(&mut desk).unwrap().unwrap();
        let (cmd, report) = plan_import(&desk, read(json, None).unwrap());
        assert!(cmd.is_none());
        assert_eq!(report.issues_skipped_duplicate, 2);
        assert_eq!(format_named("live"), Some(Format::Live));
        assert_eq!(format_named("auto"), None);
    }
}
