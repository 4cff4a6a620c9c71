//! The real binary, run as a user or a script would: files in, files out, exit codes, and one
//! clear line on stderr for every failure with the desk left as it was.

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "support/files.rs"]
mod files;
#[path = "support/run.rs"]
mod run;
use files::{snapshot, write};
use run::{bin, run, stderr, stdout};

const LIVE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 9:15 PM CEST
Coastal Guard Reports Drone Swarm Near Offshore Platform
Operators of a gas platform in the northern sea reported a swarm of small drones circling the site for forty minutes on Sunday night. The coast guard said no damage was done and an inquiry has begun.
Ministry Confirms Breach of Payroll Provider
The finance ministry confirmed that a payroll contractor was breached last week, exposing names and bank details of about 12,000 civil servants. The contractor has reset all credentials.
Officials said the intrusion began with a phishing message sent to a help-desk employee.
Port Strike Enters Third Day as Talks Stall
Dock workers at the country’s largest container port stayed off the job for a third day, and shipping lines began diverting vessels to neighbouring ports.
";

const DIGEST: &str = "Harbor Lane Advisory’s Weekly Security Digest - March 4, 2025

Harbor Lane Advisory’s Weekly Security Digest – March 4, 2025

Harbor Lane’s Weekly Digest | Risk and Policy Notes – March 4, 2025\u{a0}

Global Security Matters

International Affairs

  • Parliament passed the emergency powers bill after a night session.
    • The opposition will likely challenge the bill in court.
  • Border talks resumed in Geneva.

Cyber / Defense Technology

  • A ransomware group claimed an attack on a regional hospital chain.
";

/// A new desk with the sample live-updates page imported: (temp dir, desk dir).
fn desk_with_live() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let live = write(tmp.path(), "live.txt", LIVE);
    let o = run(&desk, &["import", live.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, desk)
}

#[test]
fn import_list_and_import_again_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let live = write(tmp.path(), "live.txt", LIVE);
    let o = run(&desk, &["import", live.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 drafts added"), "{}", stderr(&o));

    let o = run(&desk, &["list", "drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    // Newest first, as the page had them; the stamp is shown.
    assert!(
        lines[0].contains("Coastal Guard Reports Drone Swarm"),
        "{lines:?}"
    );
    assert!(lines[0].contains("9:15 PM CEST"), "{lines:?}");
    assert!(
        lines[2].contains("Port Strike Enters Third Day"),
        "{lines:?}"
    );

    let o = run(&desk, &["import", live.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("3 drafts already on the desk, skipped"),
        "{}",
        stderr(&o)
    );
    let o = run(&desk, &["list", "drafts"]);
    assert_eq!(stdout(&o).lines().count(), 3);
}

#[test]
fn list_filter_uses_the_fuzzy_matcher_and_json_is_a_briefdesk_document() {
    let (_tmp, desk) = desk_with_live();
    let o = run(&desk, &["list", "drafts", "--filter", "payrl"]);
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("Payroll"));
    let o = run(&desk, &["list", "drafts", "--json", "--filter", "strike"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["briefdesk"], "items");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        v["items"][0]["headline"],
        "Port Strike Enters Third Day as Talks Stall"
    );
}

#[test]
fn list_search_finds_body_words_phrases_and_accents() {
    let (_tmp, desk) = desk_with_live();
    // "phishing" is only in the payroll item's body.
    let o = run(&desk, &["list", "drafts", "--search", "PHISHING"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("Payroll"));
    // Every word, any order, headline and body together.
    let o = run(&desk, &["list", "drafts", "--search", "vessels strike"]);
    assert!(stdout(&o).contains("Port Strike"), "{}", stdout(&o));
    assert_eq!(stdout(&o).lines().count(), 1);
    // A phrase in a row, and the same words out of order not as a phrase.
    let o = run(
        &desk,
        &["list", "drafts", "--search", "\"no damage was done\""],
    );
    assert!(stdout(&o).contains("Drone Swarm"), "{}", stdout(&o));
    let o = run(
        &desk,
        &["list", "drafts", "--search", "\"done was damage\""],
    );
    assert_eq!(stdout(&o), "");
    // Accents aside ("neighbouring" written with an accent in the query).
    let o = run(&desk, &["list", "drafts", "--search", "NEIGHBÔURING"]);
    assert!(stdout(&o).contains("Port Strike"), "{}", stdout(&o));
    // JSON gives the same drafts as a briefdesk document.
    let o = run(&desk, &["list", "drafts", "--json", "--search", "phishing"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(1));
    // Not for issues: one clear line, nothing printed.
    let o = run(&desk, &["list", "issues", "--search", "x"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--search"), "{}", stderr(&o));
}

#[test]
fn stdin_import_and_every_export_format_to_files() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let mut child = bin()
        .arg("--desk")
        .arg(&desk)
        .args(["import", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(DIGEST.as_bytes())
            .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 issue added"), "{}", stderr(&o));

    let o = run(&desk, &["list", "issues"]);
    assert!(stdout(&o).contains("2025-03-04"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("2 sections, 4 bullets"),
        "{}",
        stdout(&o)
    );

    let md = tmp.path().join("out.md");
    let o = run(
        &desk,
        &[
            "export",
            "--issue",
            "2025-03-04",
            "-o",
            md.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with("# Harbor Lane Advisory’s Weekly Security Digest - March 4, 2025\n"),
        "{text}"
    );
    assert!(text.contains("\n## Global Security Matters\n"), "{text}");
    assert!(text.contains("\n### International Affairs\n"), "{text}");
    assert!(
        text.contains("\n  - **Assessment:** The opposition will likely challenge"),
        "{text}"
    );

    let txt = run(&desk, &["export", "--format", "txt"]);
    assert!(
        stdout(&txt).contains("\n  • Border talks resumed in Geneva.\n"),
        "{}",
        stdout(&txt)
    );
    assert!(
        stdout(&txt).contains("\n    • The opposition will likely"),
        "{}",
        stdout(&txt)
    );

    let html = run(&desk, &["export", "--format", "html"]);
    assert!(stdout(&html).contains("<h3"), "{}", stdout(&html));
    let json = run(&desk, &["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(
        v["sections"][0]["bullets"][0]["sub_points"][0]["kind"],
        "assessment"
    );

    // The exported Markdown imports back as the same issue: a duplicate, skipped.
    let o = run(&desk, &["import", md.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("already on the desk"), "{}", stderr(&o));
}

#[test]
fn issue_new_then_export_warns_about_empty_sections() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let o = run(
        &desk,
        &[
            "issue",
            "new",
            "Weekly Security Digest – July 9, 2024",
            "--tagline",
            "Global Security and Policy Insights",
            "--group",
            "Global Security Matters",
            "--section",
            "International Affairs",
            "--section",
            "Israel – Gaza",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&desk, &["list", "issues", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["date"], "2024-07-09");
    assert_eq!(v[0]["sections"][1]["name"], "Israel – Gaza");
    let o = run(&desk, &["export"]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("International Affairs"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("left out"), "{}", stderr(&o));
}

fn assert_one_line_error(o: &Output, needles: &[&str]) {
    assert!(!o.status.success(), "should fail");
    let err = stderr(o);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err:?}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_inputs_fail_clearly_and_change_nothing() {
    let (tmp, desk) = desk_with_live();
    let live = tmp.path().join("live.txt");
    let before = snapshot(&desk);

    let missing = tmp.path().join("nope.txt");
    assert_one_line_error(
        &run(&desk, &["import", missing.to_str().unwrap()]),
        &["nope.txt", "no such file"],
    );

    let garbage = tmp.path().join("garbage.bin");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 0, 1, 2, 255, 254, 10, 0]).unwrap();
    assert_one_line_error(
        &run(&desk, &["import", garbage.to_str().unwrap()]),
        &["garbage.bin"],
    );

    // A good file and a bad one: nothing of either is imported.
    let good = write(tmp.path(), "good.txt", DIGEST);
    assert_one_line_error(
        &run(
            &desk,
            &["import", good.to_str().unwrap(), garbage.to_str().unwrap()],
        ),
        &["garbage.bin"],
    );

    let o = run(
        &desk,
        &["import", "--format", "docx", live.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("docx"), "{}", stderr(&o));

    assert_one_line_error(
        &run(&desk, &["export", "--issue", "2031-01-01"]),
        &["no issue", "list issues"],
    );
    assert_one_line_error(&run(&desk, &["export"]), &["no issue yet", "issue new"]);
    assert_one_line_error(
        &run(&desk, &["issue", "new", "X", "--date", "July 9"]),
        &["YYYY-MM-DD"],
    );

    assert_eq!(snapshot(&desk), before, "a failed command changed the desk");
}

#[test]
fn a_corrupt_desk_file_is_named_with_line_and_column_and_left_alone() {
    let (tmp, desk) = desk_with_live();
    let chunk = std::fs::read_dir(desk.join("items"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("an items file");
    let text = std::fs::read_to_string(&chunk).unwrap();
    let broken = text.replacen("\"headline\"", "\"headline\" oops", 1);
    std::fs::write(&chunk, &broken).unwrap();
    let before = snapshot(&desk);
    let o = run(&desk, &["list", "drafts"]);
    let name = chunk.file_name().unwrap().to_str().unwrap().to_string();
    assert_one_line_error(&o, &[&name, "line", "column"]);
    let o = run(
        &desk,
        &[
            "import",
            write(tmp.path(), "d.txt", DIGEST).to_str().unwrap(),
        ],
    );
    assert_one_line_error(&o, &[&name]);
    assert_eq!(snapshot(&desk), before);
}

#[test]
fn a_directory_that_is_not_a_desk_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "notes.txt", "my notes");
    let o = run(tmp.path(), &["list", "drafts"]);
    assert_one_line_error(&o, &["not a briefdesk desk"]);
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing written into it"
    );
}

#[test]
fn demo_without_a_terminal_prints_the_demo_issue() {
    let o = bin()
        .arg("demo")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.starts_with("# "), "{md}");
    assert!(md.contains("\n## Global Security Matters\n"), "{md}");
    assert!(md.contains("**Assessment:**"), "{md}");
    assert!(stderr(&o).contains("drafts in the pool"), "{}", stderr(&o));
}

#[test]
fn the_tui_refuses_cleanly_without_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let o = bin()
        .arg("--desk")
        .arg(tmp.path().join("d"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_one_line_error(&o, &["needs a terminal"]);
}

#[test]
fn a_lock_from_another_host_blocks_writers_until_broken_on_purpose() {
    let (tmp, desk) = desk_with_live();
    let lock =
        r#"{"user":"ana","host":"desk-02.example","pid":4242,"started":"2026-11-20T08:00:00Z"}"#;
    std::fs::write(desk.join(".lock"), lock).unwrap();
    let digest = write(tmp.path(), "d.txt", DIGEST);
    let o = run(&desk, &["import", digest.to_str().unwrap()]);
    assert_one_line_error(
        &o,
        &["ana@desk-02.example", "another host", "break the lock"],
    );
    // Reading is never blocked.
    assert!(run(&desk, &["list", "drafts"]).status.success());

    let o = run(&desk, &["doctor", "--break-lock"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("broke the lock held by ana@desk-02.example"),
        "{}",
        stderr(&o)
    );
    assert!(!desk.join(".lock").exists());
    assert!(
        run(&desk, &["import", digest.to_str().unwrap()])
            .status
            .success()
    );
}

#[test]
fn doctor_lists_a_damaged_file_and_restores_it_from_its_backup() {
    let (tmp, desk) = desk_with_live();
    // A second import rewrites the same items file, leaving the first version in .backup.
    let more = "Customs Seize Drone Parts Bound for Conflict Zone\nCustoms officers seized a shipment of drone motors and flight controllers declared as toy parts.\n";
    let more = write(tmp.path(), "more.txt", more);
    let o = run(
        &desk,
        &["import", "--format", "live", more.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&desk, &["doctor"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("every desk file loads"),
        "{}",
        stdout(&o)
    );

    let chunk = desk.join("items").join("000000.json");
    let good = std::fs::read(&chunk).unwrap();
    let cut = good[..good.len() / 2].to_vec();
    std::fs::write(&chunk, &cut).unwrap();
    assert!(!run(&desk, &["list", "drafts"]).status.success());
    let o = run(&desk, &["doctor"]);
    let out = stdout(&o);
    assert!(
        out.contains("000000.json") && out.contains("truncated"),
        "{out}"
    );
    assert!(out.contains("can be restored from"), "{out}");
    assert_eq!(
        std::fs::read(&chunk).unwrap(),
        cut,
        "doctor alone changes nothing"
    );

    let o = run(&desk, &["doctor", "--restore"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("restored from"), "{}", stdout(&o));
    // The backup is the desk before the second import: the first three drafts are back.
    let o = run(&desk, &["list", "drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 3, "{}", stdout(&o));
}

// ---- Review (issue #7): diff, status in list, export and approval ----

use briefdesk::model::review::{Event, Status, Target};
use briefdesk::model::{BulletPath, History, IssueId, Review};
use briefdesk::store::{Store, review};
use chrono::{TimeZone, Utc};

const ISSUE: IssueId = IssueId(1);

/// A desk holding the digest as issue 1: (temp dir, desk dir).
fn desk_with_issue() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let digest = write(tmp.path(), "digest.txt", DIGEST);
    let o = run(&desk, &["import", digest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(desk.join("issues").join("1.json").exists());
    (tmp, desk)
}

/// The account running the tests: every review log they write is this account's, since a
/// log counts only from a file its author owns.
fn me() -> String {
    review::login_name()
}

/// 2025-01-06 at 10:mm UTC: before anything the binary records (it uses the clock).
fn at(min: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 6, 10, min, 0).unwrap()
}

/// Move issue 1 to `to` as `by` would from the desk: through the library, into `by`'s log.
fn set_status(desk: &Path, by: &str, min: u32, to: Status, note: &str) {
    let issue = review::read_issue(desk, ISSUE).unwrap();
    let (r, problems) = review::read_review(desk, ISSUE).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let ev = r.status_event(&issue, by, at(min), to, note).unwrap();
    review::append_event(desk, ISSUE, &ev).unwrap();
}

fn comment(desk: &Path, by: &str, min: u32, text: &str) {
    let (r, _) = review::read_review(desk, ISSUE).unwrap();
    let ev: Event = r.comment_event(by, at(min), Target::Issue, text).unwrap();
    review::append_event(desk, ISSUE, &ev).unwrap();
}

/// Change the issue as the editor would: under the lock, through the history and the store.
fn edit(desk: &Path, cmds: &[briefdesk::model::Command]) {
    let _lock = Store::lock_dir(desk).unwrap();
    let (mut store, mut d) = Store::open(desk).unwrap();
    let mut history = History::new();
    for c in cmds {
        let done = history.perform(&mut d, c).unwrap();
        store.append_journal(&done.edits).unwrap();
        store.save(&d, &done.touched).unwrap();
    }
}

/// Edit one bullet, move another to the other section, add a third.
fn edit_move_add(desk: &Path) {
    use briefdesk::model::Command as C;
    edit(
        desk,
        &[
            C::EditBullet {
                issue: ISSUE,
                path: BulletPath::new(0, vec![1]),
                text: "Border talks resumed in Geneva on Monday.".into(),
            },
            C::MoveToSection {
                issue: ISSUE,
                path: BulletPath::new(0, vec![0]),
                section: 1,
            },
            C::NewBullet {
                issue: ISSUE,
                path: BulletPath::new(0, vec![1]),
                text: "A ceasefire monitor was expelled.".into(),
            },
        ],
    );
}

#[test]
fn diff_lists_the_changes_since_the_approval_and_says_whose() {
    let (_tmp, desk) = desk_with_issue();
    // No approval yet: everything is new.
    let o = run(&desk, &["diff"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("no approval or export yet"), "{out}");
    assert!(out.contains("+ section \"International Affairs\""), "{out}");
    assert!(
        out.contains("+ International Affairs, bullet 2: Border talks resumed in Geneva."),
        "{out}"
    );

    set_status(&desk, &me(), 10, Status::InReview, "");
    set_status(&desk, &me(), 15, Status::Approved, "");
    let o = run(&desk, &["diff", "--issue", "2025-03-04"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert!(
        lines[0].ends_with(&format!(
            "changes since approval by {} at 2025-01-06 10:15 UTC",
            me()
        )),
        "{lines:?}"
    );
    assert_eq!(lines[1..], ["no changes"], "{lines:?}");

    edit_move_add(&desk);
    let o = run(&desk, &["diff"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains(&format!(
            "changes since approval by {} at 2025-01-06 10:15 UTC",
            me()
        )),
        "{out}"
    );
    assert!(
        lines.contains(&"~ International Affairs, bullet 1: … talks resumed in [-Geneva.-]{+Geneva on Monday.+}"),
        "{out}"
    );
    assert!(
        lines.contains(&"+ International Affairs, bullet 2: A ceasefire monitor was expelled."),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "> International Affairs, bullet 1 -> Cyber / Defense Technology, bullet 2: Parliament passed"
        )),
        "{out}"
    );
    // The sub-point travels with its bullet: the bullet's move says it, once.
    assert!(!lines.iter().any(|l| l.contains("sub-point")), "{out}");
    assert_eq!(lines.len(), 4, "a header, one line per change: {out}");

    let o = run(&desk, &["diff", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["issue"], 1);
    assert_eq!(v["since"]["to"], "approved");
    assert_eq!(v["since"]["by"], me());
    assert_eq!(v["since"]["at"], "2025-01-06T10:15:00Z");
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["change"].as_str())
        .collect();
    let mut sorted = kinds.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["added", "edited", "moved"], "{v}");
}

#[test]
fn list_issues_shows_status_history_and_open_comments() {
    let (_tmp, desk) = desk_with_issue();
    let o = run(&desk, &["list", "issues"]);
    assert!(stdout(&o).trim_end().ends_with("\tDraft"), "{}", stdout(&o));

    set_status(&desk, &me(), 10, Status::InReview, "");
    set_status(
        &desk,
        &me(),
        12,
        Status::ChangesRequested,
        "Source for the hospital?",
    );
    set_status(&desk, &me(), 14, Status::InReview, "");
    comment(&desk, &me(), 13, "Which hospital chain?");
    let o = run(&desk, &["list", "issues"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 sections, 4 bullets\tIn review"),
        "{}",
        stdout(&o)
    );

    let o = run(&desk, &["list", "issues", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let issue = &v[0];
    assert_eq!(issue["briefdesk"], "issue", "still an issue document");
    assert_eq!(issue["status"], "in_review");
    assert_eq!(issue["open_comments"], 1);
    let history = issue["history"].as_array().expect("history");
    let steps: Vec<(&str, &str, &str)> = history
        .iter()
        .map(|t| {
            (
                t["from"].as_str().unwrap_or(""),
                t["to"].as_str().unwrap_or(""),
                t["by"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("draft", "in_review", me().as_str()),
            ("in_review", "changes_requested", me().as_str()),
            ("changes_requested", "in_review", me().as_str()),
        ]
    );
    assert_eq!(history[1]["note"], "Source for the hospital?");
    assert_eq!(history[1]["at"], "2025-01-06T10:12:00Z");

    // A damaged line in a review log is skipped and told on stderr, never fatal.
    let log = review::log_path(&desk, ISSUE, &me());
    let mut text = std::fs::read_to_string(&log).unwrap();
    let damaged = text.lines().count() + 1;
    text.push_str("not an event\n");
    std::fs::write(&log, text).unwrap();
    let o = run(&desk, &["list", "issues", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with("warning: ")
            && err.contains(&format!("{}.jsonl, line {damaged}", me()))
            && err.contains("skipped"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["status"], "in_review");
}

#[test]
fn export_warns_unless_approved_and_require_approved_refuses() {
    let (tmp, desk) = desk_with_issue();
    set_status(&desk, &me(), 10, Status::InReview, "");

    // To stdout: a preview. It warns, and records nothing.
    let logs = snapshot(&desk.join("reviews"));
    let o = run(&desk, &["export"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("# "), "{}", stdout(&o));
    assert!(
        stderr(&o).contains(
            "warning: issue 1 \"Harbor Lane Advisory’s Weekly Security Digest - March 4, 2025\" is In review, not approved"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        snapshot(&desk.join("reviews")),
        logs,
        "a preview records nothing"
    );

    // --require-approved: an error, and the output file is left as it was.
    let out = write(tmp.path(), "digest.md", "last week's digest\n");
    let before = snapshot(&desk);
    let o = run(
        &desk,
        &["export", "--require-approved", "-o", out.to_str().unwrap()],
    );
    assert_one_line_error(&o, &["is In review, not approved", "nothing was written"]);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "last week's digest\n"
    );
    assert_eq!(snapshot(&desk), before, "a refused export changes nothing");
    let o = run(&desk, &["export", "--require-approved"]);
    assert_one_line_error(&o, &["not approved"]);
    assert!(o.stdout.is_empty(), "nothing on stdout either");
}

#[test]
fn an_export_to_a_file_is_recorded_and_diff_then_compares_with_it() {
    let (tmp, desk) = desk_with_issue();
    set_status(&desk, &me(), 10, Status::InReview, "");
    set_status(&desk, &me(), 15, Status::Approved, "");
    let out = tmp.path().join("digest.md");

    let o = run(
        &desk,
        &["export", "--require-approved", "-o", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("not approved"), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("# "));
    // Recorded in the exporter's own log (the account's, whatever `USER` says), with the
    // issue as exported.
    let (r, problems) = review::read_review(&desk, ISSUE).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(r.status, Status::Exported);
    let last = r.last().expect("a transition");
    assert_eq!(
        (last.from, last.by.as_str()),
        (Status::Approved, me().as_str())
    );
    assert!(review::log_path(&desk, ISSUE, &me()).exists());
    assert!(!review::log_path(&desk, ISSUE, "tester").exists());
    let issue = review::read_issue(&desk, ISSUE).unwrap();
    assert_eq!(r.baseline.as_ref().map(|b| b.1.as_ref()), Some(&issue));

    // Approved text exported once can be exported again (another format, a re-run).
    let html = tmp.path().join("digest.html");
    let o = run(
        &desk,
        &[
            "export",
            "--require-approved",
            "--format",
            "html",
            "-o",
            html.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    // diff now compares with the last export.
    let o = run(&desk, &["diff"]);
    let first = stdout(&o).lines().next().unwrap_or_default().to_string();
    assert!(
        first.contains(&format!("changes since export by {} at ", me())),
        "{first}"
    );
    assert!(stdout(&o).ends_with("no changes\n"), "{}", stdout(&o));

    // Edited after the export (and the approval): a warning naming the approval, or a refusal.
    edit_move_add(&desk);
    let o = run(&desk, &["export", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "changed since it was approved by {} at 2025-01-06 10:15 UTC",
            me()
        )),
        "{}",
        stderr(&o)
    );
    let o = run(&desk, &["export", "--require-approved"]);
    let by = format!("changed since it was approved by {}", me());
    assert_one_line_error(&o, &[by.as_str()]);
    let o = run(&desk, &["diff"]);
    assert!(
        stdout(&o).starts_with("issue 1 ")
            && stdout(&o).contains(&format!("changes since export by {}", me())),
        "{}",
        stdout(&o)
    );
    // The unapproved export was a look, not recorded (#15): diff still counts the edits
    // from the approved export.
    assert!(
        !stdout(&o).ends_with("\nno changes\n"),
        "the edits since the approved export: {}",
        stdout(&o)
    );
}

#[test]
fn a_failure_to_record_the_export_is_a_warning_not_a_failed_export() {
    let (tmp, desk) = desk_with_issue();
    // A file where the review directory would go: the log cannot be written. (The import
    // made the directory, for the importer's `edited` line: it goes first.)
    std::fs::remove_dir_all(desk.join("reviews")).unwrap();
    std::fs::write(desk.join("reviews"), "in the way").unwrap();
    let out = tmp.path().join("digest.txt");
    let o = run(
        &desk,
        &["export", "--format", "txt", "-o", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.exists());
    assert!(
        stderr(&o).contains("warning: the export was written, but not recorded"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn diff_list_and_export_work_while_the_editor_holds_the_desk() {
    let (_tmp, desk) = desk_with_issue();
    set_status(&desk, &me(), 15, Status::Approved, "");
    let _lock = Store::lock_dir(&desk).unwrap();
    let before = snapshot(&desk);
    for args in [
        &["diff"][..],
        &["diff", "--json"],
        &["list", "issues"],
        &["list", "issues", "--json"],
        &["export", "--require-approved"],
    ] {
        let o = run(&desk, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(!o.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(snapshot(&desk), before, "readers wrote nothing");
    // The lock is still ours.
    assert!(Store::lock_dir(&desk).is_err());
    let r: Review = review::read_review(&desk, ISSUE).unwrap().0;
    assert_eq!(r.status, Status::Approved);
}

#[test]
fn a_closed_pipe_ends_a_listing_quietly() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    // More than a pipe holds (64 KiB), so the listing is still writing when its reader goes.
    let t = tempfile::tempdir().expect("tempdir");
    let mut page = String::from("THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS\n");
    for i in 0..3000 {
        page.push_str(&format!(
            "Port Authority Reports Incident Number {i} Near the Northern Container Terminal\nThe authority said the incident was contained within the hour.\n"
        ));
    }
    let file = write(t.path(), "page.txt", &page);
    let desk = t.path().join("desk");
    let o = run(&desk, &["import", file.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "{}", stderr(&o));

    let mut child = bin()
        .arg("--desk")
        .arg(&desk)
        .args(["list", "drafts"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut first = String::new();
    {
        let out = child.stdout.take().expect("stdout");
        BufReader::new(out).read_line(&mut first).expect("one line");
    } // `head -1`: the reader goes away.
    let o = child.wait_with_output().expect("it ends");
    // The page is newest first: its first item is the newest draft.
    assert!(first.contains("Incident Number 0 Near"), "{first}");
    let err = stderr(&o);
    assert!(
        o.status.success() || o.status.signal() == Some(libc::SIGPIPE),
        "{:?}: {err}",
        o.status
    );
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
}

// ---- untrusted text out: stderr, listings, JSON -----------------------------------------------

/// Text that would act on a terminal or reorder what is read: ESC, any other control but a
/// newline or a tab (the listings' field separator), and the bidi controls.
fn acts_on_a_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn assert_inert(what: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    if let Some(c) = text.chars().find(|&c| acts_on_a_terminal(c)) {
        panic!(
            "{what}: U+{:04X} reached the terminal: {text:?}",
            u32::from(c)
        );
    }
}

/// OSC 52 (writes the clipboard), OSC 0 (the title), CSI 2J (clears the screen), C1 OSC, and a
/// right-to-left override.
const HOSTILE: &str = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9d}8;;x\u{202e}";

#[test]
fn hostile_names_in_error_lines_warnings_and_reports_reach_no_terminal_raw() {
    let (tmp, desk) = desk_with_live();
    // An import file named with escapes: its report line, then its error line.
    let named = tmp.path().join(format!("{HOSTILE}.txt"));
    std::fs::write(&named, LIVE.replace("Port Strike", "Port Lockout")).unwrap();
    let o = run(&desk, &["import", named.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("draft"), "{}", stderr(&o));
    assert_inert("import report", &o.stderr);
    std::fs::write(&named, b"bad\xff").unwrap();
    let o = run(&desk, &["import", named.to_str().unwrap()]);
    assert_one_line_error(&o, &["not UTF-8", "]52;c;"]);
    assert_inert("import error", &o.stderr);
    let missing = tmp.path().join(format!("gone{HOSTILE}.txt"));
    let o = run(&desk, &["import", missing.to_str().unwrap()]);
    assert_one_line_error(&o, &["no such file"]);
    assert_inert("missing file error", &o.stderr);

    // A lock whose user and host hold escapes: the writer's refusal, then breaking it.
    let lock = serde_json::json!({
        "user": format!("ana{HOSTILE}"),
        "host": format!("desk-02{HOSTILE}.example"),
        "pid": 4242,
        "started": "2026-11-20T08:00:00Z",
    });
    std::fs::write(desk.join(".lock"), lock.to_string()).unwrap();
    let o = run(&desk, &["issue", "new", "A title"]);
    assert_one_line_error(&o, &["ana", "is held by"]);
    assert_inert("lock holder in an error", &o.stderr);
    let o = run(&desk, &["doctor", "--break-lock"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("broke the lock held by ana"),
        "{}",
        stderr(&o)
    );
    assert_inert("broken lock", &o.stderr);
}

#[test]
fn a_review_log_named_with_escapes_is_warned_about_inertly() {
    let (_tmp, desk) = desk_with_issue();
    let dir = desk.join("reviews").join("1");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{HOSTILE}.jsonl")), "not json\n").unwrap();
    for args in [&["list", "issues"][..], &["export"], &["diff"]] {
        let o = run(&desk, args);
        assert!(stderr(&o).contains("warning"), "{args:?}: {}", stderr(&o));
        assert_inert(&format!("{args:?} stderr"), &o.stderr);
        assert_inert(&format!("{args:?} stdout"), &o.stdout);
    }
}

#[test]
fn json_listings_escape_c1_and_bidi_controls() {
    let (_tmp, desk) = desk_with_issue();
    // Text that got onto the desk unsanitized (a hand-edited file, an older briefdesk).
    let chunk = desk.join("items").join("000000.json");
    let issue_file = desk.join("issues").join("1.json");
    for f in [&chunk, &issue_file] {
        if f.exists() {
            let t = std::fs::read_to_string(f).unwrap();
            let t = t.replacen("Parliament", "Parlia\\u202ement\\u0085", 1);
            std::fs::write(f, t).unwrap();
        }
    }
    let issue_text = std::fs::read_to_string(&issue_file).unwrap();
    assert!(
        issue_text.contains("\\u202e"),
        "the issue holds the override"
    );
    for args in [
        &["list", "issues", "--json"][..],
        &["list", "drafts", "--json"],
        &["diff", "--json"],
        &["export", "--format", "json"],
    ] {
        let o = run(&desk, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_inert(&format!("{args:?}"), &o.stdout);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        let _ = v;
    }
    let o = run(&desk, &["list", "issues", "--json"]);
    assert!(stdout(&o).contains("Parlia\\u202eme"), "{}", stdout(&o));
}

#[test]
fn list_json_output_imports_back() {
    let (tmp, desk) = desk_with_issue();
    let o = run(
        &desk,
        &[
            "issue",
            "new",
            "Second week – March 11, 2025",
            "--section",
            "Europe",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let live = write(tmp.path(), "live.txt", LIVE);
    assert!(
        run(&desk, &["import", live.to_str().unwrap()])
            .status
            .success()
    );
    let issues = run(&desk, &["list", "issues", "--json"]);
    let drafts = run(&desk, &["list", "drafts", "--json"]);
    let issues_file = write(tmp.path(), "issues.json", &stdout(&issues));
    let drafts_file = write(tmp.path(), "drafts.json", &stdout(&drafts));

    let other = tmp.path().join("other");
    let o = run(
        &other,
        &[
            "import",
            issues_file.to_str().unwrap(),
            drafts_file.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 issues added"), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 drafts added"), "{}", stderr(&o));
    let titles = |d: &Path| {
        let o = run(d, &["list", "issues"]);
        let mut t: Vec<String> = stdout(&o)
            .lines()
            .map(|l| l.split('\t').nth(2).unwrap_or("").to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(titles(&other), titles(&desk));
    let heads = |d: &Path| {
        let o = run(d, &["list", "drafts"]);
        let mut t: Vec<String> = stdout(&o)
            .lines()
            .map(|l| l.split('\t').nth(3).unwrap_or("").to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(heads(&other), heads(&desk));
    // Again: everything is already there.
    let o = run(&other, &["import", issues_file.to_str().unwrap()]);
    assert!(stderr(&o).contains("already on the desk"), "{}", stderr(&o));
}

#[test]
fn a_mis_decoded_page_is_repaired_and_the_import_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    // UTF-8 quotes read as Latin-1 and saved again as UTF-8: U+0080 U+009C / U+009D inside.
    let page = "Depot Fire Contained\nOfficials said \u{e2}\u{80}\u{9c}the fire is out\u{e2}\u{80}\u{9d} and the whole paragraph must survive.\n";
    let f = write(tmp.path(), "page.txt", page);
    let o = run(&desk, &["import", "--format", "live", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("repaired 2 mis-decoded characters (e.g. â\u{fffd}\u{fffd} -> “)"),
        "{}",
        stderr(&o)
    );
    assert_inert("report", &o.stderr);
    let o = run(&desk, &["list", "drafts", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        v["items"][0]["body"][0],
        "Officials said “the fire is out” and the whole paragraph must survive."
    );
}

#[test]
fn a_planted_file_name_that_clap_refuses_is_shown_inertly() {
    // `briefdesk import *` in the shared directory: a file named like an option reaches the
    // argument parser, whose error repeats it.
    let tmp = tempfile::tempdir().unwrap();
    let o = run(
        &tmp.path().join("desk"),
        &["import", &format!("--x{HOSTILE}.txt")],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("unexpected argument"), "{}", stderr(&o));
    assert_inert("argument error", &o.stderr);
    // Help still goes to stdout, exit 0.
    let o = bin().arg("--help").output().unwrap();
    assert!(o.status.success());
    assert!(stdout(&o).contains("Usage"), "{}", stdout(&o));
}

// ---- State views (issue #15): `list drafts --state` ----

#[test]
fn list_drafts_by_state_shows_only_the_states_asked_for() {
    use briefdesk::model::{Command as C, ItemId};
    let (_tmp, desk) = desk_with_live();
    // Ids newest first as `list` prints them: spike one, hold another, leave one in the pool.
    let ids: Vec<u64> = stdout(&run(&desk, &["list", "drafts"]))
        .lines()
        .map(|l| l.split('\t').next().unwrap().parse().unwrap())
        .collect();
    edit(
        &desk,
        &[
            C::ToggleSpike {
                item: ItemId(ids[0]),
            },
            C::ToggleHold {
                item: ItemId(ids[1]),
            },
        ],
    );
    let states = |args: &[&str]| -> Vec<String> {
        let o = run(&desk, args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| l.split('\t').nth(1).unwrap().to_string())
            .collect()
    };
    assert_eq!(
        states(&["list", "drafts", "--state", "pool,held"]),
        ["held", "pool"]
    );
    assert_eq!(states(&["list", "drafts", "--state", "spiked"]), ["spiked"]);
    assert_eq!(
        states(&["list", "drafts", "--state", "used"]),
        Vec::<String>::new()
    );
    assert_eq!(states(&["list", "drafts"]).len(), 3);
    // The JSON list follows the same filter.
    let o = run(&desk, &["list", "drafts", "--json", "--state", "held"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["items"][0]["state"], "held");
    // A state the desk does not know: one line naming it and the ones it knows.
    let o = run(&desk, &["list", "drafts", "--state", "pool,gone"]);
    assert!(!o.status.success());
    assert_one_line_error(&o, &["gone", "pool, used, spiked, held"]);
}

// ---- Purge (issue #15): `purge --spiked [--yes]` ----

#[test]
fn purge_spiked_says_what_it_would_do_then_purges_with_yes_keeping_a_backup() {
    use briefdesk::model::{Command as C, ItemId};
    let (_tmp, desk) = desk_with_live();
    let ids: Vec<u64> = stdout(&run(&desk, &["list", "drafts"]))
        .lines()
        .map(|l| l.split('\t').next().unwrap().parse().unwrap())
        .collect();
    // The Port Strike draft (oldest) and the Coastal Guard one (newest) spiked.
    edit(
        &desk,
        &[
            C::ToggleSpike {
                item: ItemId(ids[0]),
            },
            C::ToggleSpike {
                item: ItemId(ids[2]),
            },
        ],
    );
    let before = snapshot(&desk);

    // Without --yes: what it would purge, and nothing changes.
    let o = run(&desk, &["purge", "--spiked"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(said.contains("would purge 2 spiked drafts"), "{said}");
    assert!(said.contains("Port Strike Enters Third Day"), "{said}");
    assert!(said.contains("--yes"), "{said}");
    assert_eq!(snapshot(&desk), before, "a dry run changed the desk");

    let o = run(&desk, &["purge", "--spiked", "--yes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 spiked drafts purged"),
        "{}",
        stderr(&o)
    );
    let left = stdout(&run(&desk, &["list", "drafts"]));
    assert_eq!(left.lines().count(), 1, "{left}");
    assert!(left.contains("Ministry Confirms Breach"), "{left}");

    // The purged drafts are in the store's backups.
    let backed_up: String = snapshot(&desk.join(".backup"))
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    assert!(
        backed_up.contains("Port Strike Enters Third Day"),
        "not in .backup"
    );
    assert!(
        backed_up.contains("Coastal Guard Reports Drone Swarm"),
        "not in .backup"
    );

    // A new draft never takes a purged id.
    let extra = write(
        desk.parent().unwrap(),
        "new.txt",
        "UPDATE: 9:15 PM CEST\nA Brand New Headline Here Today\nBody of it.\n",
    );
    let o = run(&desk, &["import", extra.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let now = stdout(&run(&desk, &["list", "drafts"]));
    let newest: u64 = now
        .lines()
        .next()
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(newest > *ids.iter().max().unwrap(), "{now}");

    // Nothing spiked left: says so, changes nothing.
    let o = run(&desk, &["purge", "--spiked", "--yes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("no spiked drafts"), "{}", stderr(&o));
}

/// Issue #15 point 4 through the real binary: the desk's own HTML export imports back to the
/// same issue (its Markdown export is byte-identical); any other page is refused with one
/// line and adds nothing.
#[test]
fn html_export_imports_back_and_other_html_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let digest = write(tmp.path(), "digest.txt", DIGEST);
    let o = run(&desk, &["import", digest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = tmp.path().join("issue.html");
    let o = run(
        &desk,
        &["export", "--format", "html", "-o", page.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md_before = stdout(&run(&desk, &["export", "--format", "md"]));

    let other = tmp.path().join("other");
    let o = run(&other, &["import", page.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 issue added"), "{}", stderr(&o));
    assert_eq!(
        stdout(&run(&other, &["export", "--format", "md"])),
        md_before
    );

    let foreign = write(
        tmp.path(),
        "page.html",
        "<!DOCTYPE html>\n<html><body>\n<ul>\n<li>one</li>\n</ul>\n</body></html>\n",
    );
    let files_before = stdout(&run(&other, &["list", "drafts", "--json"]));
    let o = run(&other, &["import", foreign.to_str().unwrap()]);
    assert_one_line_error(
        &o,
        &[
            "page.html",
            "HTML import: line 2",
            "briefdesk export --format html",
        ],
    );
    assert_eq!(
        stdout(&run(&other, &["list", "drafts", "--json"])),
        files_before
    );
    assert_eq!(stdout(&run(&other, &["list", "issues"])).lines().count(), 1);
}

#[test]
fn exporting_a_draft_to_a_file_leaves_it_draft_and_an_export_is_no_dead_end() {
    let (tmp, desk) = desk_with_issue();
    let logs = snapshot(&desk.join("reviews"));
    let out = tmp.path().join("look.md");
    let o = run(&desk, &["export", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is Draft, not approved"),
        "{}",
        stderr(&o)
    );
    assert!(out.exists());
    // A look at a Draft is not recorded: the issue stays Draft (#15 point 5).
    assert_eq!(snapshot(&desk.join("reviews")), logs);
    let (r, _) = review::read_review(&desk, ISSUE).unwrap();
    assert_eq!(r.status, Status::Draft);

    // Approved, exported: it can be approved again, or sent back to review.
    set_status(&desk, &me(), 10, Status::InReview, "");
    set_status(&desk, &me(), 15, Status::Approved, "");
    let o = run(&desk, &["export", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (r, _) = review::read_review(&desk, ISSUE).unwrap();
    assert_eq!(r.status, Status::Exported);
    // After the export (which the binary signs with the clock), so later than it.
    let later = |secs: i64, to: Status| {
        let issue = review::read_issue(&desk, ISSUE).unwrap();
        let (r, _) = review::read_review(&desk, ISSUE).unwrap();
        let at = Utc::now() + chrono::Duration::seconds(secs);
        let ev = r.status_event(&issue, &me(), at, to, "").unwrap();
        review::append_event(&desk, ISSUE, &ev).unwrap();
        review::read_review(&desk, ISSUE).unwrap().0.status
    };
    assert_eq!(later(60, Status::Approved), Status::Approved);
    let o = run(&desk, &["export", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(later(3600, Status::InReview), Status::InReview);
}

#[test]
fn doctor_makes_the_word_index_and_never_writes_it_through_a_symlink() {
    let (tmp, desk) = desk_with_live();
    let index = desk.join("items").join(".words-0000");
    // The chunk files must be older than the index's own temp file to be indexed.
    std::thread::sleep(std::time::Duration::from_millis(30));
    let o = run(&desk, &["doctor"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("word index made for 1 chunk file(s), 0 left to be read as they are"),
        "{}",
        stdout(&o)
    );
    assert!(
        std::fs::symlink_metadata(&index)
            .unwrap()
            .file_type()
            .is_file()
    );
    // A symlink planted in its place: refused in one line naming it, its target untouched.
    let target = write(tmp.path(), "target.txt", "keep me");
    std::fs::remove_file(&index).unwrap();
    std::os::unix::fs::symlink(&target, &index).unwrap();
    let o = run(&desk, &["doctor"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(".words-0000"), "{err}");
    assert!(
        err.contains("the word search reads every chunk file instead"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(
        std::fs::symlink_metadata(&index)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn doctor_makes_the_headlines_index_and_list_prints_the_same_lines_with_it() {
    let (tmp, desk) = desk_with_live();
    let index = desk.join("items").join(".heads-0000");
    let lines = |args: &[&str]| {
        let o = run(&desk, args);
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    let plain = lines(&["list", "drafts"]);
    let filtered = lines(&["list", "drafts", "--filter", "drone"]);
    assert!(!plain.is_empty() && !filtered.is_empty());
    // The chunk files must be older than the index's own temp file to be indexed.
    std::thread::sleep(std::time::Duration::from_millis(30));
    let o = run(&desk, &["doctor"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("headlines index made for 1 chunk file(s)"),
        "{}",
        stdout(&o)
    );
    assert!(index.is_file());
    assert_eq!(lines(&["list", "drafts"]), plain);
    assert_eq!(lines(&["list", "drafts", "--filter", "drone"]), filtered);
    // An import after it rewrites the chunk: its entry is stale, the chunk is read.
    let more = "Drone Maker Recalls Flight Controllers\nA maker of drone parts recalled a batch of flight controllers.\n";
    let more = write(tmp.path(), "more.txt", more);
    let o = run(
        &desk,
        &["import", "--format", "live", more.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let with_stale = lines(&["list", "drafts", "--filter", "drone"]);
    assert!(String::from_utf8_lossy(&with_stale).contains("Recalls Flight Controllers"));
    std::fs::remove_file(&index).unwrap();
    assert_eq!(lines(&["list", "drafts", "--filter", "drone"]), with_stale);
    // A symlink planted in its place: doctor says so in one line and still succeeds, the
    // link's target is untouched, and list reads the chunks.
    let target = write(tmp.path(), "elsewhere", "not an index");
    std::os::unix::fs::symlink(&target, &index).unwrap();
    let o = run(&desk, &["doctor"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(".heads-0000") && err.contains("symbolic link"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "not an index");
    assert_eq!(lines(&["list", "drafts", "--filter", "drone"]), with_stale);
}
