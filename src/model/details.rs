//! An issue's details: the shape a new issue starts in (the newest issue's sections, empty;
//! its date from its title), a date as the analyst types it, the part of a title that tells
//! it from the desk's other issues, and which issues may be deleted. The command line and
//! the desk both call these, so each rule is written once.

use chrono::NaiveDate;

use super::desk::Desk;
use super::issue::{Issue, IssueMeta, Section, SectionId};
use super::review::Status;
use super::text::{date_in, find_date};

/// What a new issue's sections are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartWith {
    /// The newest issue's sections, by name, without their bullets (every week uses last
    /// week's); none when the desk has no issue yet.
    NewestIssuesSections,
    /// These sections, in order (none: a bare issue).
    These(Vec<String>),
}

/// A date typed as `YYYY-MM-DD`; the error names what was typed and how to write it.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date: write it as YYYY-MM-DD, e.g. 2024-07-02"))
}

/// An issue's details from what was typed: the title is required; the date is the one given,
/// else the date in the title, else `today`; an empty group heading is none.
pub fn meta(
    title: &str,
    tagline: &str,
    group: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<IssueMeta, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("an issue needs a title".to_string());
    }
    let group = group.trim();
    Ok(IssueMeta {
        title: title.to_string(),
        tagline: tagline.trim().to_string(),
        date: Some(date.or_else(|| date_in(title)).unwrap_or(today)),
        group: (!group.is_empty()).then(|| group.to_string()),
        tlp: None,
    })
}

/// An issue's details after an edit: each `Some` replaces the old one (an empty group
/// heading is none); a changed title that carries a date dates the issue too, unless the
/// date itself was changed (the one date rule, as for a new issue).
pub fn edited(
    old: &IssueMeta,
    title: Option<&str>,
    tagline: Option<&str>,
    group: Option<&str>,
    date: Option<NaiveDate>,
) -> Result<IssueMeta, String> {
    let mut meta = old.clone();
    if let Some(t) = title.map(str::trim) {
        if t.is_empty() {
            return Err("an issue needs a title".to_string());
        }
        if t != old.title {
            meta.date = date_in(t).or(meta.date);
        }
        meta.title = t.to_string();
    }
    if let Some(t) = tagline {
        meta.tagline = t.trim().to_string();
    }
    if let Some(g) = group.map(str::trim) {
        meta.group = (!g.is_empty()).then(|| g.to_string());
    }
    if date.is_some_and(|d| Some(d) != old.date) {
        meta.date = date;
    }
    Ok(meta)
}

/// The next issue on `desk`, with `meta` and the sections `start` asks for.
pub fn new_issue(desk: &Desk, meta: IssueMeta, start: StartWith) -> Result<Issue, String> {
    let names = match start {
        StartWith::NewestIssuesSections => desk
            .newest_issue()
            .map(|i| i.sections.iter().map(|s| s.name.clone()).collect())
            .unwrap_or_default(),
        StartWith::These(names) => names,
    };
    let mut issue = Issue::new(desk.next_issue_id(), meta);
    for (i, name) in names.iter().enumerate() {
        let name = name.trim();
        if name.is_empty() {
            return Err("a section needs a name".to_string());
        }
        issue
            .sections
            .push(Section::new(SectionId(i as u64 + 1), name));
    }
    Ok(issue)
}

/// Why `issue` may not be deleted while its review `status` says so: an issue someone is
/// reviewing or has approved goes only on purpose (`force`).
pub fn delete_refused(issue: &Issue, status: Status, force: bool) -> Option<String> {
    if force || !matches!(status, Status::InReview | Status::Approved) {
        return None;
    }
    Some(format!(
        "issue {} \"{}\" is {}: it was not deleted; delete it anyway with --force",
        issue.id,
        issue.meta.title,
        status.label()
    ))
}

/// Each title without the words every title starts with (`…May 19, 2026` for
/// `Weekly Security Digest – May 19, 2026` beside `Weekly Security Digest – May 12, 2026`),
/// so a list of similar titles shows what tells them apart. A cut is made between words and
/// never inside the title's date; a title the cut would empty is kept whole.
pub fn distinct_titles(titles: &[&str]) -> Vec<String> {
    let shared = shared_prefix(titles);
    titles
        .iter()
        .map(|t| {
            let mut cut = shared;
            if let Some((_, start, _)) = find_date(t) {
                cut = cut.min(start);
            }
            // Back to the start of a word.
            while cut > 0 && !t[..cut].ends_with(char::is_whitespace) {
                cut = t[..cut].char_indices().next_back().map_or(0, |(i, _)| i);
            }
            let rest = t[cut..].trim();
            if cut == 0 || rest.is_empty() {
                t.trim().to_string()
            } else {
                format!("…{rest}")
            }
        })
        .collect()
}

/// The bytes every one of two or more titles starts with (0 for fewer titles).
fn shared_prefix(titles: &[&str]) -> usize {
    let [first, rest @ ..] = titles else {
        return 0;
    };
    if rest.is_empty() {
        return 0;
    }
    let mut n = first.len();
    for t in rest {
        n = first
            .char_indices()
            .zip(t.chars())
            .take_while(|((i, a), b)| *i < n && a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IssueId;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_date_is_yyyy_mm_dd_and_a_bad_one_says_how_to_write_it() {
        assert_eq!(parse_date(" 2026-05-19 "), Ok(day(2026, 5, 19)));
        assert_eq!(
            parse_date("2026-13-40").unwrap_err(),
            "\"2026-13-40\" is not a date: write it as YYYY-MM-DD, e.g. 2024-07-02"
        );
        assert!(parse_date("May 19").is_err());
    }

    #[test]
    fn a_new_issue_takes_its_date_from_the_title_else_today() {
        let today = day(2026, 11, 29);
        let m = meta("Digest – October 21, 2024", "", " ", None, today).unwrap();
        assert_eq!(m.date, Some(day(2024, 10, 21)));
        assert_eq!(m.group, None);
        let m = meta("Digest", "t", "Global", None, today).unwrap();
        assert_eq!(m.date, Some(today));
        assert_eq!(m.group.as_deref(), Some("Global"));
        // A date given wins over the title's.
        let m = meta(
            "Digest – October 21, 2024",
            "",
            "",
            Some(day(2024, 10, 22)),
            today,
        );
        assert_eq!(m.unwrap().date, Some(day(2024, 10, 22)));
        assert_eq!(
            meta("  ", "", "", None, today).unwrap_err(),
            "an issue needs a title"
        );
    }

    #[test]
    fn an_edited_title_with_a_date_dates_the_issue_unless_the_date_was_changed() {
        let old = meta("Digest – May 12, 2026", "t", "G", None, day(2026, 1, 1)).unwrap();
        let new = edited(&old, Some("Digest – May 19, 2026"), None, None, None).unwrap();
        assert_eq!(new.date, Some(day(2026, 5, 19)));
        assert_eq!(
            (new.tagline.as_str(), new.group.as_deref()),
            ("t", Some("G"))
        );
        // The date as it was (a form shows it) is no change: the title's date wins.
        let same = edited(&old, Some("Digest – May 19, 2026"), None, None, old.date).unwrap();
        assert_eq!(same.date, Some(day(2026, 5, 19)));
        // A date changed on purpose wins over the title's.
        let d = Some(day(2026, 5, 20));
        let new = edited(&old, Some("Digest – May 19, 2026"), None, Some(""), d).unwrap();
        assert_eq!((new.date, new.group), (d, None));
        // A title without a date keeps the date.
        let new = edited(&old, Some("Special"), None, None, None).unwrap();
        assert_eq!(new.date, old.date);
        assert!(edited(&old, Some(" "), None, None, None).is_err());
    }

    #[test]
    fn a_new_issue_starts_with_the_newest_issues_sections_empty() {
        let mut desk = Desk::new();
        let first = |title: &str| IssueMeta {
            title: title.into(),
            ..IssueMeta::default()
        };
        // No issue yet: no sections to take.
        let bare = new_issue(&desk, first("One"), StartWith::NewestIssuesSections).unwrap();
        assert!(bare.sections.is_empty());
        let mut old = Issue::new(IssueId(1), first("Old"));
        old.meta.date = Some(day(2024, 10, 14));
        let mut s = Section::new(SectionId(7), "Cyber");
        s.bullets
            .push(crate::model::Bullet::new(crate::model::BulletId(1), "x"));
        old.sections
            .push(Section::new(SectionId(3), "International Affairs"));
        old.sections.push(s);
        desk.issues.insert(old.id, old);
        let next = new_issue(&desk, first("Next"), StartWith::NewestIssuesSections).unwrap();
        assert_eq!(next.id, IssueId(2));
        let names: Vec<_> = next.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["International Affairs", "Cyber"]);
        assert!(next.sections.iter().all(|s| s.bullets.is_empty()));
        let none = new_issue(&desk, first("Bare"), StartWith::These(vec![])).unwrap();
        assert!(none.sections.is_empty());
    }

    #[test]
    fn an_issue_in_review_or_approved_is_deleted_only_on_purpose() {
        let issue = Issue::new(
            IssueId(3),
            IssueMeta {
                title: "T".into(),
                ..IssueMeta::default()
            },
        );
        assert_eq!(
            delete_refused(&issue, Status::InReview, false).as_deref(),
            Some("issue 3 \"T\" is In review: it was not deleted; delete it anyway with --force")
        );
        assert!(delete_refused(&issue, Status::Approved, false).is_some());
        assert!(delete_refused(&issue, Status::Approved, true).is_none());
        assert!(delete_refused(&issue, Status::Draft, false).is_none());
        assert!(delete_refused(&issue, Status::Exported, false).is_none());
    }

    #[test]
    fn similar_titles_show_the_part_that_tells_them_apart() {
        let titles = [
            "Harbor Lane Advisory’s Weekly Security Digest – October 28, 2024",
            "Harbor Lane Advisory’s Weekly Security Digest – October 21, 2024",
            "Harbor Lane Advisory’s Weekly Security Digest – Special: Elections",
        ];
        assert_eq!(
            distinct_titles(&titles),
            [
                "…October 28, 2024",
                "…October 21, 2024",
                "…Special: Elections"
            ]
        );
        // One title, or nothing shared: whole titles.
        assert_eq!(
            distinct_titles(&["Digest – May 1, 2026"]),
            ["Digest – May 1, 2026"]
        );
        assert_eq!(distinct_titles(&["Alpha", "Beta"]), ["Alpha", "Beta"]);
        // The cut is between words; a title of one shared word stays whole.
        assert_eq!(
            distinct_titles(&["Weekly Digest", "Weekly Digest extra", "Weekly Dig"]),
            ["…Digest", "…Digest extra", "…Dig"]
        );
        assert_eq!(
            distinct_titles(&["Digest", "Digest two"]),
            ["Digest", "Digest two"]
        );
    }
}
