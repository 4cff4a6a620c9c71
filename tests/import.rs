//! Import from our own fixtures (`tests/fixtures/`, written in the shapes of the seeds), the
//! error messages, and properties of `parse` and `plan`.

use std::path::PathBuf;

use briefdesk::format::import::{Format, ImportError, Imported, detect, parse, plan};
use briefdesk::model::doc::{IssueDoc, ItemsDoc};
use briefdesk::model::{
    Bullet, BulletId, BulletKind, Command, Desk, History, Issue, IssueId, IssueMeta, Item, ItemId,
    ItemState, Section, SectionId,
};
use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn issue_of(bytes: &[u8]) -> Issue {
    match parse(bytes, None).unwrap() {
        Imported::Issue(i) => i,
        other => panic!("not an issue: {other:?}"),
    }
}

fn items_of(bytes: &[u8]) -> Vec<Item> {
    match parse(bytes, None).unwrap() {
        Imported::Items(i) => i,
        other => panic!("not items: {other:?}"),
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn time(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

fn names(issue: &Issue) -> Vec<&str> {
    issue.sections.iter().map(|s| s.name.as_str()).collect()
}

fn counts(issue: &Issue) -> Vec<usize> {
    issue.sections.iter().map(|s| s.bullets.len()).collect()
}

fn no_controls(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

// ---- digest text -----------------------------------------------------------------------

#[test]
fn digest_in_house_shape() {
    let bytes = fixture("digest_house.txt");
    assert_eq!(
        detect(std::str::from_utf8(&bytes).unwrap()),
        Some(Format::Digest)
    );
    let issue = issue_of(&bytes);
    assert_eq!(
        issue.meta.title,
        "Halvorsen Risk Partners\u{2018} Weekly Threat Brief - March 11, 2025"
    );
    assert_eq!(issue.meta.date, date(2025, 3, 11));
    assert_eq!(
        issue.meta.tagline,
        "Halvorsen\u{2019}s Weekly Brief | Regional Risk and Resilience Notes \u{2013} March 11, 2025"
    );
    assert_eq!(issue.meta.group.as_deref(), Some("Worldwide Risk Outlook"));
    assert_eq!(
        names(&issue),
        [
            "Regional Developments",
            "Levant\u{a0}\u{2013} Red Sea",
            "Cyber / Supply Chain"
        ]
    );
    assert_eq!(counts(&issue), [5, 3, 1]);
    let first = &issue.sections[0].bullets[0];
    assert_eq!(first.kind, BulletKind::Fact);
    assert_eq!(first.sub_points.len(), 4);
    assert!(
        first
            .sub_points
            .iter()
            .all(|b| b.kind == BulletKind::Assessment)
    );
    // NBSP inside a sentence kept, the stray one at the end trimmed.
    assert!(first.text.contains("in a\u{a0}contested mayoral race"));
    assert!(first.text.ends_with("first round."));
    assert!(
        first.sub_points[2]
            .text
            .contains("\u{201c}organised transport\u{201d}")
    );
    assert!(first.sub_points[1].text.ends_with("parliamentary vote."));
    assert!(
        issue.sections[0].bullets[3]
            .text
            .ends_with("of\u{a0}further action \u{201c}if the ministry does not listen.\u{201d}")
    );
    assert!(
        issue
            .sections
            .iter()
            .skip(1)
            .flat_map(|s| &s.bullets)
            .all(|b| b.kind == BulletKind::Fact && b.sub_points.is_empty())
    );
    let ids: Vec<u64> = issue.outline().iter().map(|(_, b)| b.id.0).collect();
    assert_eq!(ids, (1..=13).collect::<Vec<_>>());
    let sids: Vec<u64> = issue.sections.iter().map(|s| s.id.0).collect();
    assert_eq!(sids, [1, 2, 3]);
}

#[test]
fn digest_nested_tabs_dashes_crlf_empty_section() {
    let issue = issue_of(&fixture("digest_nested_tabs_crlf.txt"));
    assert_eq!(
        issue.meta.title,
        "Northgate Advisory Weekly Digest \u{2014} 2025-01-14"
    );
    assert_eq!(issue.meta.date, date(2025, 1, 14));
    assert_eq!(issue.meta.tagline, "");
    assert_eq!(issue.meta.group.as_deref(), Some("Europe and Eurasia"));
    assert_eq!(
        names(&issue),
        ["Baltic Region", "Western Balkans", "Caucasus"]
    );
    assert_eq!(counts(&issue), [2, 0, 1]);
    let finland = &issue.sections[0].bullets[0];
    assert_eq!(finland.sub_points.len(), 2);
    let officials = &finland.sub_points[0];
    assert_eq!(
        officials.text,
        "Officials likely expect pressure to continue through the spring. The interior ministry will review the decision monthly."
    );
    let reopening = &officials.sub_points[0];
    assert_eq!(reopening.text, "A reopening before the summer is unlikely.");
    let phased = &reopening.sub_points[0];
    assert_eq!(
        phased.text,
        "Any change would probably be phased, starting with freight."
    );
    assert_eq!(phased.kind, BulletKind::Assessment);
    assert_eq!(
        finland.sub_points[1].text,
        "Estonia is likely to follow with similar measures."
    );
    assert_eq!(issue.sections[0].bullets[1].sub_points.len(), 0);
    for (_, b) in issue.outline() {
        assert!(!b.text.contains('\r'));
    }
}

#[test]
fn digest_scripts_escapes_markdown_no_group() {
    let issue = issue_of(&fixture("digest_scripts_escapes.txt"));
    assert_eq!(issue.meta.date, date(2025, 2, 4));
    assert_eq!(
        issue.meta.tagline,
        "Meridian\u{2019}s Digest | Notes from the region \u{2013} 4 February 2025"
    );
    assert_eq!(issue.meta.group, None);
    assert_eq!(names(&issue), ["Middle East / East Asia"]);
    let b = &issue.sections[0].bullets;
    assert_eq!(b.len(), 4);
    assert_eq!(
        b[0].text,
        "ישראל: הכנסת אישרה את התקציב 😀 after a long night of votes."
    );
    assert_eq!(
        b[0].sub_points[0].text,
        "گزارش‌ها حاکی از افزایش قیمت ارز است، likely to continue."
    );
    assert_eq!(
        b[1].text,
        "东京证券交易所 shares fell 2% on Monday; 🇯🇵 markets reopen Tuesday."
    );
    assert_eq!(
        b[2].text,
        "Use *stars* and _underscores_ and [links](http://x) <b>tags</b> # hash | pipe \\ back `code` safely."
    );
    assert_eq!(b[3].text, "Clipboard attack text stays out.");
}

#[test]
fn digest_bare_no_tagline_no_group_star_bullets() {
    let issue = issue_of(&fixture("digest_bare.txt"));
    assert_eq!(issue.meta.title, "Osprey Intelligence Digest July 9, 2025");
    assert_eq!(issue.meta.date, date(2025, 7, 9));
    assert_eq!(issue.meta.tagline, "");
    assert_eq!(issue.meta.group, None);
    assert_eq!(names(&issue), ["Americas", "Africa"]);
    assert_eq!(counts(&issue), [2, 1]);
}

// ---- live-updates pages ----------------------------------------------------------------

#[test]
fn live_in_house_shape() {
    let bytes = fixture("live_house.txt");
    assert_eq!(
        detect(std::str::from_utf8(&bytes).unwrap()),
        Some(Format::Live)
    );
    let items = items_of(&bytes);
    let headlines: Vec<&str> = items.iter().map(|i| i.headline.as_str()).collect();
    assert_eq!(
        headlines,
        [
            "Harbour Authority Confirms Second Fire at Fuel Terminal",
            "Ministry Update: Border Crossings Reopen After Two-Day Closure",
            "Regulator Fines Telecom Operator Over Data Breach",
            "Parliament Committee Delays Vote on Surveillance Bill",
            "Police Detain Eleven After Clashes Outside Stadium",
            "Energy Grid Operator Warns of Winter Shortfall",
            "Court Orders Release of Detained Reporter",
            "Explainer: What the New Sanctions Package Targets",
            "Rail Union Announces Weekend Strike",
            "Cyber Attack Disrupts Hospital Appointments in Two Regions",
            "Porto, Portugal\u{2014}March 8, 2025: Diaspora Groups Hold Vigil for Detained Activists",
            "Diaspora Groups March in Ghent, Call for Independent Inquiry",
            "Coast Guard Intercepts Fishing Vessels in Protected Zone",
        ]
    );
    let stamps: Vec<Option<(&str, Option<NaiveTime>)>> = items
        .iter()
        .map(|i| i.stamp.as_ref().map(|s| (s.written.as_str(), s.utc)))
        .collect();
    assert_eq!(stamps[0], Some(("9:45 PM EEST", time(18, 45))));
    assert_eq!(stamps[1], Some(("2:15 PM EEST", time(11, 15))));
    assert_eq!(stamps[2], Some(("08:00 UTC", time(8, 0))));
    // IST: Israel, India or Ireland; left unresolved.
    assert_eq!(stamps[3], Some(("6:30 AM IST", None)));
    assert!(stamps[4..].iter().all(Option::is_none));
    let bodies: Vec<usize> = items.iter().map(|i| i.body.len()).collect();
    assert_eq!(bodies, [1, 2, 3, 1, 2, 1, 1, 2, 2, 1, 1, 1, 1]);
    // Short body lines stay body.
    assert_eq!(
        items[2].body[1..],
        ["The operator said it would appeal.", "It has 30 days."]
    );
    assert_eq!(items[4].body[1], "Two officers were lightly injured.");
    let dates: Vec<Option<NaiveDate>> = items.iter().map(|i| i.date).collect();
    assert_eq!(dates[10], date(2025, 3, 8));
    assert_eq!(dates[11], date(2025, 3, 8));
    assert_eq!(dates.iter().filter(|d| d.is_some()).count(), 2);
    assert!(items[11].body[0].starts_with("Ghent, Belgium \u{2013} 8 March 2025: Marchers"));
    assert!(items.iter().all(|i| i.state == ItemState::Pool));
}

#[test]
fn live_scripts_escapes_markdown_crlf() {
    let items = items_of(&fixture("live_scripts_escapes_crlf.txt"));
    let headlines: Vec<&str> = items.iter().map(|i| i.headline.as_str()).collect();
    assert_eq!(
        headlines,
        [
            "Tokyo Exchange Halts Trading After [Glitch](http://evil) *Again*",
            "Knesset Vote on Budget: <script>alert(1)</script> # Postponed | Again",
            "Tehran Currency Market Falls for Third Day 💸",
        ]
    );
    assert_eq!(items[0].stamp.as_ref().unwrap().utc, time(2, 5));
    assert_eq!(items[1].stamp.as_ref().unwrap().written, "3:00 PM UTC+2");
    assert_eq!(items[1].stamp.as_ref().unwrap().utc, time(13, 0));
    assert!(items[0].body[0].starts_with("取引は午前11時に再開された。"));
    assert!(items[1].body[0].starts_with("הכנסת דחתה"));
    assert!(items[2].body[0].starts_with("بازار ارز تهران"));
    for i in &items {
        assert!(no_controls(&i.headline) && i.body.iter().all(|b| no_controls(b)));
    }
}

// ---- JSON --------------------------------------------------------------------------------

fn sample_issue() -> Issue {
    let mut issue = Issue::new(
        IssueId(9),
        IssueMeta {
            title: "Kestrel Weekly \u{2013} 2025-05-06".into(),
            tagline: "Notes | Risks".into(),
            date: date(2025, 5, 6),
            group: Some("Global".into()),
            tlp: None,
        },
    );
    let mut s = Section::new(SectionId(1), "Europe");
    let mut b = Bullet::new(BulletId(1), "A fact.");
    let mut sub = Bullet::new(BulletId(2), "A judgement.");
    sub.kind = BulletKind::Assessment;
    b.sub_points.push(sub);
    s.bullets.push(b);
    issue.sections.push(s);
    issue.sections.push(Section::new(SectionId(2), "Empty"));
    issue
}

#[test]
fn json_issue_round_trip() {
    let issue = sample_issue();
    let bytes = serde_json::to_vec_pretty(&IssueDoc::new(issue.clone())).unwrap();
    assert_eq!(
        detect(std::str::from_utf8(&bytes).unwrap()),
        Some(Format::Json)
    );
    assert_eq!(issue_of(&bytes), issue);
}

#[test]
fn json_items_round_trip() {
    let mut a = Item::new(ItemId(3), "Headline one", vec!["Body.".into()]);
    a.state = ItemState::Held;
    let b = Item::new(ItemId(2), "Headline two", vec![]);
    let bytes = serde_json::to_vec(&ItemsDoc::new(vec![a.clone(), b.clone()])).unwrap();
    assert_eq!(items_of(&bytes), vec![a, b]);
}

#[test]
fn json_missing_nested_field_names_its_path_and_line() {
    let text = r#"{
  "briefdesk": "issue",
  "schema": 1,
  "id": 1,
  "title": "T",
  "sections": [
    {"id": 1, "name": "A", "bullets": []},
    {
      "id": 2,
      "name": "B",
      "bullets": [
        {"id": 1, "kind": "fact"}
      ]
    }
  ]
}
"#;
    let e = err(text.as_bytes(), None);
    assert!(
        e.contains("sections[1].bullets[0]: missing field `text`") && e.contains("line 12,"),
        "{e}"
    );
    // In a list of drafts too.
    let text = "{\"briefdesk\": \"items\", \"schema\": 1, \"items\": [\n {\"id\": 1, \"headline\": \"a\"},\n {\"id\": 2}\n]}";
    let e = err(text.as_bytes(), None);
    assert!(
        e.contains("items[1]: missing field `headline`") && e.contains("line 3,"),
        "{e}"
    );
}

#[test]
fn json_schema_numbers_start_at_one() {
    for (schema, said) in [("0", "is 0"), ("\"1\"", "is \"1\""), ("null", "is null")] {
        let text = format!(r#"{{"briefdesk": "items", "schema": {schema}, "items": []}}"#);
        let e = err(text.as_bytes(), None);
        assert!(
            e.contains("\"schema\"") && e.contains(said) && e.contains("start at 1"),
            "{e}"
        );
    }
    let e = err(br#"{"briefdesk": "items", "items": []}"#, None);
    assert!(e.contains("\"schema\" is missing"), "{e}");
}

#[test]
fn json_list_of_issues_imports_each_issue() {
    // The shape of `briefdesk list issues --json`: issue documents with review fields.
    let mut a = serde_json::to_value(IssueDoc::new(sample_issue())).unwrap();
    a["status"] = "approved".into();
    a["history"] = serde_json::json!([]);
    a["open_comments"] = 0.into();
    let mut other = sample_issue();
    other.meta.title = "Another week".into();
    let b = serde_json::to_value(IssueDoc::new(other.clone())).unwrap();
    let bytes = serde_json::to_vec_pretty(&serde_json::json!([a, b])).unwrap();
    let Imported::Issues(issues) = parse(&bytes, None).unwrap() else {
        panic!("not issues")
    };
    assert_eq!(issues, vec![sample_issue(), other]);
    let (cmds, report) = plan(&Desk::new(), Imported::Issues(issues));
    assert_eq!(report.issues_added, 2);
    assert_eq!(cmds.len(), 2);
    let e = err(b"[]", None);
    assert!(e.contains("no issues"), "{e}");
    let e = err(
        br#"[{"briefdesk": "items", "schema": 1, "items": []}]"#,
        None,
    );
    assert!(e.contains("[0]") && e.contains("\"issue\""), "{e}");
}

#[test]
fn mojibake_is_repaired_and_reported() {
    let page = "Fire at the depot\nOfficials said \u{e2}\u{80}\u{9c}the fire is out\u{e2}\u{80}\u{9d}, and the caf\u{c3}\u{a9} reopened.\n";
    let parsed = briefdesk::format::import::read(page.as_bytes(), Some(Format::Live)).unwrap();
    let Imported::Items(items) = &parsed.what else {
        panic!()
    };
    assert_eq!(
        items[0].body,
        vec!["Officials said “the fire is out”, and the café reopened.".to_string()]
    );
    let (_, report) = briefdesk::format::import::plan_parsed(&Desk::new(), parsed);
    assert_eq!(report.repaired.count, 3);
    assert_eq!(
        report.repaired.example,
        Some(("\u{e2}\u{80}\u{9c}".to_string(), "“".to_string()))
    );
    // Inside JSON strings, written as escapes, too.
    let json = r#"{"briefdesk":"items","schema":1,"items":[{"id":1,"headline":"\u00e2\u20ac\u0153Out\u00e2\u20ac\u009d"}]}"#;
    let parsed = briefdesk::format::import::read(json.as_bytes(), None).unwrap();
    assert_eq!(parsed.repaired.count, 2);
    let Imported::Items(items) = parsed.what else {
        panic!()
    };
    assert_eq!(items[0].headline, "“Out”");
}

// ---- errors ------------------------------------------------------------------------------

fn err(bytes: &[u8], format: Option<Format>) -> String {
    let e: ImportError = parse(bytes, format).unwrap_err();
    let s = e.to_string();
    assert!(!s.contains('\n'), "one line: {s}");
    s
}

#[test]
fn error_messages() {
    let e = err(
        b"Title\nSection\n\xe2\x80\xa2 ok\n  \xe2\x80\xa2 b\xc3\x28d\n",
        None,
    );
    assert!(
        e.contains("not UTF-8") && e.contains("line 4, column 6"),
        "{e}"
    );
    let e = err(b"hello\nwor\0ld", None);
    assert!(e.contains("NUL") && e.contains("line 2, column 4"), "{e}");
    assert!(err(b"", None).contains("empty"));
    assert!(err(b"  \n\t\n", None).contains("empty"));
    assert!(err(b"\xEF\xBB\xBF", None).contains("empty"));
    assert!(err(b"\x1b[2J\x1b]0;x\x07", None).contains("empty"));
    assert!(err(b"\xFF\xFEa\0", None).contains("UTF-16"));
    let e = err(br#"{"name": "report", "rows": [1, 2]}"#, None);
    assert!(e.starts_with("not a briefdesk file"), "{e}");
    let e = err(br#"{"briefdesk": "issue", "schema": 7, "id": 1}"#, None);
    assert!(
        e.contains("newer briefdesk") && e.contains("upgrade"),
        "{e}"
    );
    let e = err(b"{\"briefdesk\": \"items\",\n \"items\": [}", None);
    assert!(
        e.contains("invalid JSON") && e.contains("line 2, column"),
        "{e}"
    );
    let e = err(b"just one line of words", None);
    assert_eq!(
        e,
        "could not tell the format; pass --format digest|live|markdown|json|html"
    );
    let e = err(
        b"A Headline\nA longer body line that follows it.",
        Some(Format::Digest),
    );
    assert!(e.contains("no bullet lines"), "{e}");
}

#[test]
fn forced_format_wins() {
    let text = "Title\nSection\n• a bullet that could be read either way\n";
    assert!(matches!(
        parse(text.as_bytes(), None),
        Ok(Imported::Issue(_))
    ));
    assert!(matches!(
        parse(text.as_bytes(), Some(Format::Live)),
        Ok(Imported::Items(_))
    ));
}

// ---- plan ----------------------------------------------------------------------------------

fn apply(desk: &mut Desk, history: &mut History, cmds: &[Command]) {
    for c in cmds {
        history.perform(desk, c).unwrap();
    }
}

#[test]
fn plan_live_ids_newest_highest_and_dedup() {
    let mut desk = Desk::new();
    desk.items
        .insert(ItemId(1), Item::new(ItemId(1), "Already here", vec![]));
    let items = items_of(&fixture("live_house.txt"));
    let (cmds, report) = plan(&desk, Imported::Items(items.clone()));
    assert_eq!(cmds.len(), 1, "one command: one undo step");
    assert_eq!(report.items_added, 13);
    let Command::AddItems { items: planned } = &cmds[0] else {
        panic!("{cmds:?}")
    };
    assert_eq!(planned.first().unwrap().id, ItemId(14));
    assert_eq!(planned.last().unwrap().id, ItemId(2));
    assert_eq!(planned[0].headline, items[0].headline);

    let mut history = History::new();
    apply(&mut desk, &mut history, &cmds);
    assert_eq!(desk.items.len(), 14);
    let newest = desk.items_newest_first().next().unwrap();
    assert_eq!(newest.headline, items[0].headline);

    // Again: nothing new.
    let (cmds, report) = plan(&desk, Imported::Items(items));
    assert!(cmds.is_empty());
    assert_eq!(report.items_skipped_duplicate, 13);
    assert_eq!(report.items_added, 0);

    // One undo step removes the whole import.
    history.undo(&mut desk).unwrap().unwrap();
    assert_eq!(desk.items.len(), 1);
}

#[test]
fn plan_issue_once() {
    let mut desk = Desk::new();
    let mut history = History::new();
    let issue = issue_of(&fixture("digest_house.txt"));
    let (cmds, report) = plan(&desk, Imported::Issue(issue.clone()));
    assert_eq!(report.issues_added, 1);
    apply(&mut desk, &mut history, &cmds);
    assert_eq!(desk.issues.len(), 1);
    assert_eq!(desk.issues.values().next().unwrap().id, IssueId(1));
    let (cmds, report) = plan(&desk, Imported::Issue(issue));
    assert!(cmds.is_empty());
    assert_eq!(report.issues_skipped_duplicate, 1);
    // A changed bullet is another issue.
    let mut other = issue_of(&fixture("digest_house.txt"));
    other.sections[2].bullets[0].text.push_str(" Updated.");
    let (cmds, _) = plan(&desk, Imported::Issue(other));
    let Command::NewIssue { issue } = &cmds[0] else {
        panic!()
    };
    assert_eq!(issue.id, IssueId(2));
}

// ---- properties ------------------------------------------------------------------------------

fn all_text(imported: &Imported) -> Vec<String> {
    match imported {
        Imported::Items(items) => items
            .iter()
            .flat_map(|i| std::iter::once(i.headline.clone()).chain(i.body.iter().cloned()))
            .collect(),
        Imported::Issues(issues) => issues
            .iter()
            .flat_map(|i| all_text(&Imported::Issue(i.clone())))
            .collect(),
        Imported::Issue(issue) => {
            let mut v = vec![
                issue.meta.title.clone(),
                issue.meta.tagline.clone(),
                issue.meta.group.clone().unwrap_or_default(),
            ];
            v.extend(issue.sections.iter().map(|s| s.name.clone()));
            v.extend(issue.outline().iter().map(|(_, b)| b.text.clone()));
            v
        }
    }
}

/// Text made of the pieces imports care about: glyphs, stamps, datelines, escapes, NBSP.
fn texty() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("• ".to_string()),
        Just("  ◦ ".to_string()),
        Just("\t- ".to_string()),
        Just("UPDATE: 10:30 PM CEST\n".to_string()),
        Just("Porto, Portugal—March 8, 2025: ".to_string()),
        Just("\u{1b}]0;x\u{7}".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{a0}".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("{\"briefdesk\": \"items\", ".to_string()),
        "[A-Za-z .,:?’“”]{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for f in [None, Some(Format::Digest), Some(Format::Live), Some(Format::Json)] {
            if let Ok(imported) = parse(&bytes, f) {
                for t in all_text(&imported) {
                    prop_assert!(no_controls(&t), "{t:?}");
                }
            }
        }
    }

    #[test]
    fn texty_input_is_clean_and_plans_once(bytes in texty()) {
        for f in [None, Some(Format::Digest), Some(Format::Live)] {
            let Ok(imported) = parse(&bytes, f) else { continue };
            for t in all_text(&imported) {
                prop_assert!(no_controls(&t), "{t:?}");
            }
            let mut desk = Desk::new();
            let mut history = History::new();
            let (cmds, _) = plan(&desk, imported.clone());
            apply(&mut desk, &mut history, &cmds);
            let before = desk.clone();
            let (cmds, report) = plan(&desk, imported);
            prop_assert!(cmds.is_empty(), "{cmds:?}");
            prop_assert_eq!(report.items_added + report.issues_added, 0);
            prop_assert_eq!(desk, before);
        }
    }
}

// ---- HTML (issue #15 point 4) ------------------------------------------------------------

/// Any HTML that is not the desk's own export is refused with one line naming the line and
/// what to do, and detection never reads its tags as drafts.
#[test]
fn foreign_html_is_refused_with_one_line() {
    let pages: [&[u8]; 4] = [
        b"<!DOCTYPE html>\n<html>\n<head><title>x</title></head>\n<body>\n<p>Hello</p>\n<ul>\n<li>one</li>\n</ul>\n</body>\n</html>\n",
        b"<html><body><h1>News</h1></body></html>",
        b"<!doctype html>\n<p>just a paragraph\n",
        b"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n",
    ];
    for page in pages {
        assert_eq!(
            detect(std::str::from_utf8(page).unwrap()),
            Some(Format::Html)
        );
        let e = parse(page, None).unwrap_err().to_string();
        assert!(e.starts_with("HTML import: line "), "{e}");
        assert!(e.contains("briefdesk export --format html"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
}

/// The desk's page with one element changed by hand is refused at that line.
#[test]
fn edited_html_export_is_refused_at_its_line() {
    use briefdesk::format::export::{self, Options};
    let page = export::export(&sample_issue(), export::Format::Html, &Options::default()).text;
    let tampered = page.replacen("<li ", "<li class=\"x\" ", 1);
    let line = tampered
        .lines()
        .position(|l| l.contains("class=\"x\""))
        .unwrap()
        + 1;
    let e = parse(tampered.as_bytes(), None).unwrap_err().to_string();
    assert!(e.starts_with(&format!("HTML import: line {line}: ")), "{e}");
    // The page as written reads back (the export leaves out the section with no bullets).
    let back = issue_of(page.as_bytes());
    assert_eq!(names(&back), vec!["Europe"]);
}
