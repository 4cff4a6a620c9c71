//! The four-eyes rule on the command line: `briefdesk review approve` by whoever changed the
//! issue is refused while `review.require_other_approver` is on, and an approval its editor
//! gave himself before the rule was on does not publish under it. (Another account
//! approving is in tests/ssh.rs, with real accounts.)

use std::path::{Path, PathBuf};

#[path = "support/files.rs"]
mod files;
#[path = "support/run.rs"]
mod run;
use files::snapshot;
use run::{ok, run, stderr};

fn me() -> String {
    briefdesk::store::identity::login_name()
}

/// A desk with one issue this account made (so it is among its changers).
fn desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    ok(
        &desk,
        &[
            "issue",
            "new",
            "Weekly Digest - March 4, 2025",
            "--section",
            "Europe",
        ],
    );
    (tmp, desk)
}

fn log(desk: &Path) -> String {
    std::fs::read_to_string(
        desk.join("reviews")
            .join("1")
            .join(format!("{}.jsonl", me())),
    )
    .unwrap_or_default()
}

#[test]
fn a_change_from_the_command_line_is_recorded_once_in_the_changers_log() {
    let (_tmp, desk) = desk();
    let first = log(&desk);
    assert_eq!(first.lines().count(), 1, "{first}");
    assert!(first.contains("\"event\":\"edited\""), "{first}");
    assert!(first.contains(&format!("\"by\":\"{}\"", me())), "{first}");
    ok(&desk, &["issue", "edit", "--tagline", "Risk notes"]);
    assert_eq!(log(&desk), first, "once until the next approval");
}

#[test]
fn review_approve_by_the_issues_editor_is_refused_under_the_rule() {
    let (_tmp, desk) = desk();
    ok(
        &desk,
        &["settings", "review.require_other_approver", "true"],
    );
    let before = snapshot(&desk);
    let o = run(&desk, &["review", "approve"]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "briefdesk: four-eyes rule: {} last changed this issue; another reviewer must approve it; nothing was changed",
            me()
        )
    );
    assert_eq!(snapshot(&desk), before);

    // Off again: the editor may approve his own issue, as before.
    ok(
        &desk,
        &["settings", "review.require_other_approver", "false"],
    );
    let o = run(&desk, &["review", "approve", "--issue", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "issue 1 \"Weekly Digest - March 4, 2025\": Approved by {}",
            me()
        )
    );
    let o = run(&desk, &["review", "approve"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o)
            .contains("cannot approve issue 1: the issue is already Approved; nothing was changed"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_approval_its_editor_gave_himself_does_not_publish_once_the_rule_is_on() {
    let (tmp, desk) = desk();
    ok(&desk, &["review", "approve"]);
    let out = tmp.path().join("digest.md");
    let out_s = out.to_str().unwrap();
    // Before the rule: approved, published.
    let o = run(&desk, &["export", "--require-approved", "--format", "txt"]);
    assert!(o.status.success(), "{}", stderr(&o));

    ok(
        &desk,
        &["settings", "review.require_other_approver", "true"],
    );
    let before = snapshot(&desk);
    let o = run(&desk, &["export", "--require-approved", "-o", out_s]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "was approved by {}, who changed it: the four-eyes rule asks another reviewer to approve it",
            me()
        )),
        "{err}"
    );
    assert!(!out.exists());
    assert_eq!(snapshot(&desk), before);
    // Without --require-approved: written, warned, and not recorded as an export.
    let o = run(&desk, &["export", "-o", out_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("four-eyes rule"), "{}", stderr(&o));
    assert!(out.exists());
    assert_eq!(snapshot(&desk), before, "no Exported line in the log");
}

#[test]
fn settings_that_do_not_read_stop_a_publishing_export_but_not_a_look() {
    let (tmp, desk) = desk();
    let path = desk.join("desk.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    v["review"] = serde_json::json!({"require_other_approver": "yes"});
    std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let out = tmp.path().join("d.md");
    let o = run(
        &desk,
        &["export", "--require-approved", "-o", out.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("desk.json") && err.contains("review.require_other_approver"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!out.exists());
    let o = run(&desk, &["export"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: "), "{}", stderr(&o));
}
