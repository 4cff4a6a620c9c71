//! `briefdesk issue new|edit|delete`, the real binary: each field, bad dates, unknown
//! issues, an issue under review refused without --force, drafts back in the pool; every
//! bad input one clear line, exit 1, and every desk file unchanged byte for byte.

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "support/files.rs"]
mod files;
use files::{snapshot, write};

use briefdesk::model::review::Status;
use briefdesk::model::{Command as C, History, IssueId, ItemState};
use briefdesk::store::{Store, review};
#[path = "support/run.rs"]
mod run;
use run::{run, stderr};

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

fn assert_one_line_error(o: &Output, needles: &[&str]) {
    assert_eq!(o.status.code(), Some(1), "exit 1: {}", stderr(o));
    let err = stderr(o);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err:?}");
    }
}

const DIGEST: &str = "Harbor Lane Advisory’s Weekly Security Digest - March 4, 2025

Harbor Lane’s Weekly Digest | Risk and Policy Notes – March 4, 2025

Global Security Matters

International Affairs

  • Parliament passed the emergency powers bill after a night session.
  • Border talks resumed in Geneva.

Cyber / Defense Technology

  • A ransomware group claimed an attack on a regional hospital chain.
";

const LIVE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 9:15 PM CEST
Coastal Guard Reports Drone Swarm Near Offshore Platform
Operators of a gas platform reported a swarm of small drones circling the site.
Ministry Confirms Breach of Payroll Provider
The finance ministry confirmed that a payroll contractor was breached last week.
";

/// A desk holding the digest as issue 1 and two drafts in the pool: (temp dir, desk dir).
fn desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let digest = write(tmp.path(), "digest.txt", DIGEST);
    let live = write(tmp.path(), "live.txt", LIVE);
    ok(run(
        &desk,
        &["import", digest.to_str().unwrap(), live.to_str().unwrap()],
    ));
    (tmp, desk)
}

fn issues(desk: &Path) -> serde_json::Value {
    let o = ok(run(desk, &["list", "issues", "--json"]));
    serde_json::from_slice(&o.stdout).expect("json")
}

/// Issue `id` in the `list issues --json` array.
fn issue(desk: &Path, id: u64) -> serde_json::Value {
    issues(desk)
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no issue {id}"))
}

/// Change the desk as the editor would: under the lock, through the history and the store.
fn perform(desk: &Path, cmds: &[C]) {
    let _lock = Store::lock_dir(desk).unwrap();
    let (mut store, mut d) = Store::open(desk).unwrap();
    let mut history = History::new();
    for c in cmds {
        let done = history.perform(&mut d, c).unwrap();
        store.append_journal(&done.edits).unwrap();
        store.save(&d, &done.touched).unwrap();
    }
}

#[test]
fn issue_edit_changes_each_field_and_a_dated_title_dates_the_issue() {
    let (_tmp, desk) = desk();
    let o = ok(run(
        &desk,
        &["issue", "edit", "--tagline", "Halden’s Weekly Brief"],
    ));
    assert!(
        stderr(&o).contains("issue 1: tagline changed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(issue(&desk, 1)["tagline"], "Halden’s Weekly Brief");

    ok(run(
        &desk,
        &["issue", "edit", "--issue", "1", "--group", "World"],
    ));
    assert_eq!(issue(&desk, 1)["group"], "World");
    ok(run(&desk, &["issue", "edit", "--group", ""]));
    assert!(issue(&desk, 1).get("group").is_none_or(|g| g.is_null()));

    ok(run(&desk, &["issue", "edit", "--date", "2025-03-05"]));
    assert_eq!(issue(&desk, 1)["date"], "2025-03-05");

    // A title with a date dates the issue (the one date rule), and the export no longer
    // warns that the date is not the title's.
    let o = ok(run(
        &desk,
        &[
            "issue",
            "edit",
            "--issue",
            "2025-03-05",
            "--title",
            "Halden Weekly Security Digest – March 11, 2025",
        ],
    ));
    assert!(stderr(&o).contains("title, date changed"), "{}", stderr(&o));
    let i = issue(&desk, 1);
    assert_eq!(i["title"], "Halden Weekly Security Digest – March 11, 2025");
    assert_eq!(i["date"], "2025-03-11");
    let o = ok(run(&desk, &["export"]));
    assert!(!stderr(&o).contains("date"), "{}", stderr(&o));
    // --date wins over the title's date.
    ok(run(
        &desk,
        &[
            "issue",
            "edit",
            "--title",
            "Digest – May 1, 2025",
            "--date",
            "2025-05-02",
        ],
    ));
    assert_eq!(issue(&desk, 1)["date"], "2025-05-02");
    // The same details again: nothing to write.
    let before = snapshot(&desk);
    let o = ok(run(&desk, &["issue", "edit", "--date", "2025-05-02"]));
    assert!(stderr(&o).contains("nothing changed"), "{}", stderr(&o));
    assert_eq!(snapshot(&desk), before);
}

#[test]
fn issue_edit_and_delete_refuse_bad_input_in_one_line_and_change_nothing() {
    let (_tmp, desk) = desk();
    let before = snapshot(&desk);
    assert_one_line_error(
        &run(&desk, &["issue", "edit", "--date", "2026-13-40"]),
        &["--date \"2026-13-40\" is not a date", "YYYY-MM-DD"],
    );
    assert_one_line_error(
        &run(&desk, &["issue", "edit", "--issue", "9", "--tagline", "x"]),
        &["no issue \"9\"", "list issues"],
    );
    assert_one_line_error(
        &run(
            &desk,
            &["issue", "edit", "--issue", "2031-01-01", "--title", "x"],
        ),
        &["no issue \"2031-01-01\""],
    );
    assert_one_line_error(
        &run(&desk, &["issue", "edit"]),
        &["nothing to change", "--title"],
    );
    assert_one_line_error(
        &run(&desk, &["issue", "edit", "--title", "  "]),
        &["an issue needs a title"],
    );
    assert_one_line_error(
        &run(&desk, &["issue", "delete", "--issue", "9"]),
        &["no issue \"9\""],
    );
    assert_one_line_error(
        &run(&desk, &["issue", "new", "X", "--date", "2026-13-40"]),
        &["YYYY-MM-DD"],
    );
    assert_eq!(snapshot(&desk), before, "a failed command changed the desk");
}

#[test]
fn issue_delete_refuses_an_issue_in_review_without_force_and_sends_drafts_back() {
    let (_tmp, desk) = desk();
    // Two drafts assigned to issue 1: used.
    perform(
        &desk,
        &[
            C::Assign {
                item: briefdesk::model::ItemId(1),
                issue: IssueId(1),
                section: 0,
                from: briefdesk::model::BulletFrom::Lead,
            },
            C::Assign {
                item: briefdesk::model::ItemId(2),
                issue: IssueId(1),
                section: 1,
                from: briefdesk::model::BulletFrom::Lead,
            },
        ],
    );
    // Send it for review, as the editor's `v` would, in our own log.
    let me = review::login_name();
    let is = review::read_issue(&desk, IssueId(1)).unwrap();
    let (r, _) = review::read_review(&desk, IssueId(1)).unwrap();
    let ev = r
        .status_event(&is, &me, chrono::Utc::now(), Status::InReview, "")
        .unwrap();
    review::append_event(&desk, IssueId(1), &ev).unwrap();

    let before = snapshot(&desk);
    assert_one_line_error(
        &run(&desk, &["issue", "delete"]),
        &["issue 1", "is In review", "--force"],
    );
    assert_eq!(snapshot(&desk), before, "a refused delete changed the desk");

    let o = ok(run(&desk, &["issue", "delete", "--issue", "1", "--force"]));
    assert!(
        stderr(&o).contains("2 drafts back in the pool"),
        "{}",
        stderr(&o)
    );
    assert!(issues(&desk).as_array().unwrap().is_empty());
    let (_, d) = Store::open_read_only(&desk)
        .map(|(s, d, _)| (s, d))
        .unwrap();
    assert!(d.items.values().all(|i| i.state == ItemState::Pool));
    // The issue file and its review log are kept in the backup, not lost.
    assert!(desk.join(".backup/issues/1.json.1").exists());
    assert!(
        desk.join(".backup/reviews/1")
            .join(format!("{me}.jsonl"))
            .exists(),
        "review log not in the backup"
    );
    // Its id is spent: the next issue is 2.
    let o = ok(run(&desk, &["issue", "new", "Next – March 11, 2025"]));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "2");
}

#[test]
fn edit_and_delete_never_create_a_desk() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("none");
    assert_one_line_error(
        &run(&desk, &["issue", "delete"]),
        &["there is no desk", "nothing was changed"],
    );
    assert_one_line_error(
        &run(&desk, &["issue", "edit", "--title", "T"]),
        &["there is no desk"],
    );
    assert!(!desk.exists(), "a desk was created");
}

#[test]
fn a_draft_issue_is_deleted_without_force() {
    let (_tmp, desk) = desk();
    let o = ok(run(&desk, &["issue", "delete", "--issue", "2025-03-04"]));
    assert!(stderr(&o).contains("issue 1 "), "{}", stderr(&o));
    assert!(stderr(&o).contains("deleted"), "{}", stderr(&o));
    assert!(issues(&desk).as_array().unwrap().is_empty());
}

#[test]
fn issue_new_starts_with_the_newest_issues_sections_and_the_title_s_date() {
    let (_tmp, desk) = desk();
    let o = ok(run(
        &desk,
        &[
            "issue",
            "new",
            "Harbor Lane Advisory’s Weekly Security Digest – March 11, 2025",
        ],
    ));
    assert!(stderr(&o).contains("(2 sections)"), "{}", stderr(&o));
    let i = issue(&desk, 2);
    assert_eq!(i["date"], "2025-03-11");
    let names: Vec<_> = i["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        ["International Affairs", "Cyber / Defense Technology"]
    );
    assert!(
        i["sections"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["bullets"].as_array().is_none_or(|b| b.is_empty()))
    );
    // The export reads its date from the title: no warning about the date.
    let o = ok(run(&desk, &["export", "--issue", "2"]));
    assert!(!stderr(&o).contains("date"), "{}", stderr(&o));

    let o = ok(run(
        &desk,
        &["issue", "new", "Bare – March 18, 2025", "--no-sections"],
    ));
    assert!(stderr(&o).contains("(0 sections)"), "{}", stderr(&o));
    assert!(
        issue(&desk, 3)["sections"]
            .as_array()
            .is_none_or(|s| s.is_empty())
    );
}
