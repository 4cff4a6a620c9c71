//! The two real seeds, when they are at hand (`../shared/seeds` next to the crate: CI has
//! them, a fresh clone does not). Their text is never copied into the repository.

use std::path::PathBuf;

use briefdesk::format::import::{Format, Imported, detect, parse};
use briefdesk::model::BulletKind;
use chrono::{NaiveDate, NaiveTime};

/// `$BRIEFDESK_SEEDS`, else `../shared/seeds` from the crate (CI), else `../../shared/seeds`
/// (a git worktree one level further down).
fn seed_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("BRIEFDESK_SEEDS")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            root.join("../shared/seeds"),
            root.join("../../shared/seeds"),
        ])
        .find(|d| d.is_dir())
}

fn seed(prefix: &str) -> Option<Vec<u8>> {
    let Some(dir) = seed_dir() else {
        println!("seeds not found (../shared/seeds next to the crate): skipping");
        return None;
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("seeds not readable at {}: skipping", dir.display());
        return None;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
        .collect();
    paths.sort();
    match paths.first() {
        Some(p) => Some(std::fs::read(p).expect("read seed")),
        None => {
            println!("no seed {prefix}_*.txt in {}: skipping", dir.display());
            None
        }
    }
}

#[test]
fn seed_000_digest() {
    let Some(bytes) = seed("000") else { return };
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(detect(&text), Some(Format::Digest));
    let Imported::Issue(issue) = parse(&bytes, None).unwrap() else {
        panic!("not an issue")
    };
    assert_eq!(
        issue.meta.title,
        "Interfor International\u{2018}s Weekly Security Digest - July 2, 2024"
    );
    assert_eq!(issue.meta.date, NaiveDate::from_ymd_opt(2024, 7, 2));
    assert_eq!(
        issue.meta.tagline,
        "Interfor\u{2019}s Weekly Digest | Global Security and Policy Insights \u{2013} July 2, 2024"
    );
    assert_eq!(issue.meta.group.as_deref(), Some("Global Security Matters"));
    let names: Vec<&str> = issue.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "International Affairs",
            "Israel\u{a0}\u{2013} Gaza",
            "Cyber / Defense Technology"
        ]
    );
    let counts: Vec<usize> = issue.sections.iter().map(|s| s.bullets.len()).collect();
    assert_eq!(counts, [5, 3, 1]);
    let first = &issue.sections[0].bullets[0];
    assert_eq!(first.kind, BulletKind::Fact);
    assert_eq!(first.sub_points.len(), 4);
    assert!(
        first
            .sub_points
            .iter()
            .all(|b| b.kind == BulletKind::Assessment && b.sub_points.is_empty())
    );
    assert!(first.text.starts_with("Iranians will return to the polls"));
    // Text kept exactly: NBSP inside the sentence, none left at the end.
    assert!(
        first
            .text
            .contains("for a\u{a0}run-off presidential election\u{a0}between")
    );
    assert!(first.sub_points[1].text.ends_with("nuclear program."));
    assert!(issue.sections[0].bullets[1].text.contains("M\u{e9}lenchon"));
    assert!(
        issue.sections[0].bullets[2]
            .text
            .contains("\u{201c}Asian version of NATO.\u{201d}")
    );
    // Ids in reading order.
    let ids: Vec<u64> = issue.outline().iter().map(|(_, b)| b.id.0).collect();
    assert_eq!(ids, (1..=13).collect::<Vec<_>>());
    let sids: Vec<u64> = issue.sections.iter().map(|s| s.id.0).collect();
    assert_eq!(sids, [1, 2, 3]);
}

#[test]
fn seed_003_live_updates() {
    let Some(bytes) = seed("003") else { return };
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(detect(&text), Some(Format::Live));
    let Imported::Items(items) = parse(&bytes, None).unwrap() else {
        panic!("not items")
    };
    let headlines: Vec<&str> = items.iter().map(|i| i.headline.as_str()).collect();
    assert_eq!(
        headlines,
        [
            "As The U.S. Election Nears, Russia, Iran, and China Step Up Influence Efforts",
            "Demonization of the Opposition and the Regime\u{2019}s Failure",
            "Russia and Iran May Fuel Violent Protests after US Elections, Intelligence Officials Say",
            "F.B.I. Investigates Apparent Leak of Israel\u{2019}s Plans to Attack Iran",
            "Pezeshkian\u{2019}s Empty Promises to Lift Internet Censorship",
            "The Regime\u{2019}s Gamble: Proxy Wars and the Collapse of Iran\u{2019}s Economy",
            "Journalists Face Imminent Imprisonment Despite Calls to Annul Their Sentences",
            "U.S. Sanctions Six Chinese Companies for Assisting Iran\u{2019}s Military Programs",
            "Protests By Official Oil Employees and Contract Workers at South Pars Gas Refineries",
            "Over the Past Six Years, at least 863 City Council Members and Mayors in Iran Have Been Arrested",
            "Lugano, Switzerland\u{2014}October 19, 2024: MEK Supporters\u{2019} Exhibition Condemning the Mullahs\u{2019} Regime Crimes in Iran",
            "MEK Supporters Rally in Stockholm, Urge Swedish Government to Designate IRGC as a Terrorist Organization",
        ]
    );
    let stamps: Vec<Option<(&str, Option<NaiveTime>)>> = items
        .iter()
        .map(|i| i.stamp.as_ref().map(|s| (s.written.as_str(), s.utc)))
        .collect();
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
    assert_eq!(stamps[0], Some(("10:30 PM CEST", t(20, 30))));
    assert_eq!(stamps[1], Some(("1:30 PM CEST", t(11, 30))));
    assert_eq!(stamps[2], Some(("12:30 PM CEST", t(10, 30))));
    assert_eq!(stamps[3], Some(("7:00 AM CEST", t(5, 0))));
    assert!(stamps[4..].iter().all(Option::is_none));
    let bodies: Vec<usize> = items.iter().map(|i| i.body.len()).collect();
    assert_eq!(bodies, [1, 2, 4, 2, 2, 2, 1, 2, 1, 2, 1, 1]);
    let oct19 = NaiveDate::from_ymd_opt(2024, 10, 19);
    assert_eq!(items[10].date, oct19);
    assert_eq!(items[11].date, oct19);
    assert!(items[..10].iter().all(|i| i.date.is_none()));
    assert!(items[11].body[0].starts_with("Stockholm, Sweden\u{2014}October 19, 2024: Supporters"));
    assert!(items[5].body[1].contains("crisis\u{2014}they feel"));
    assert!(items[4].body[0].ends_with("in the country.\u{201d}"));
}

/// Issue 3's check on the real finished digest: its Markdown reads as H1 title, tagline, H2
/// group, H3 sections of 5/3/1 bullets (the first with 4 sub-points); its txt is the house
/// layout; and md -> import -> md gives the same bytes.
#[test]
fn seed_000_exports() {
    use briefdesk::format::export::{self, Options};
    let Some(bytes) = seed("000") else { return };
    let Imported::Issue(issue) = parse(&bytes, None).unwrap() else {
        panic!("not an issue")
    };
    let md = export::export(&issue, export::Format::Md, &Options::default()).text;
    if let Some(dir) = std::env::var_os("BRIEFDESK_MD_OUT") {
        // tests/markdownlint.sh lints this file too.
        std::fs::write(PathBuf::from(dir).join("seed-000.md"), &md).expect("write md");
    }
    let lines: Vec<&str> = md.lines().collect();
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("# "), 1, "{md}");
    assert!(lines[0].starts_with("# Interfor International"), "{md}");
    assert!(
        lines[2].starts_with("Interfor’s Weekly Digest \\| Global Security"),
        "{md}"
    );
    assert_eq!(lines[4], "## Global Security Matters");
    let h3: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("### "))
        .copied()
        .collect();
    assert_eq!(
        h3,
        [
            "### International Affairs",
            "### Israel\u{a0}– Gaza",
            "### Cyber / Defense Technology"
        ]
    );
    // Bullets per section, counted between the H3 headings.
    let mut per_section = Vec::new();
    for l in &lines {
        if l.starts_with("### ") {
            per_section.push((0, 0));
        } else if let Some(last) = per_section.last_mut() {
            if l.starts_with("- ") {
                last.0 += 1;
            } else if l.starts_with("  - **Assessment:** ") {
                last.1 += 1;
            }
        }
    }
    assert_eq!(per_section, [(5, 4), (3, 0), (1, 0)], "{md}");

    let again = briefdesk::format::markdown::parse(&md).expect("md imports");
    let md2 = export::export(&again, export::Format::Md, &Options::default()).text;
    assert_eq!(md2, md, "md -> import -> md is byte-identical");

    let txt = export::export(&issue, export::Format::Txt, &Options::default()).text;
    let tl: Vec<&str> = txt.lines().collect();
    assert_eq!(
        tl.iter().filter(|l| l.starts_with("  • ")).count(),
        9,
        "{txt}"
    );
    assert_eq!(
        tl.iter().filter(|l| l.starts_with("    • ")).count(),
        4,
        "{txt}"
    );
    assert!(
        tl.iter()
            .all(|l| !l.ends_with(' ') && !l.ends_with('\u{a0}')),
        "{txt}"
    );
}
