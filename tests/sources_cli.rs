//! Issue #17 through the real binary: TLP markings set with `issue edit --tlp`, written at
//! the top and bottom of every export, a ceiling with `--max-tlp`, and sources cited. Every
//! bad input is one line, exit 1, and every desk file unchanged byte for byte.

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "support/files.rs"]
mod files;
use files::{snapshot, write};

#[path = "support/run.rs"]
mod run;
use run::{run, stderr, stdout};

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

const DIGEST: &str = "Weekly Security Digest - March 4, 2025

International Affairs

  • Parliament passed the emergency powers bill after a night session.
  • Border talks resumed in Geneva.
";

/// A desk holding the digest as issue 1: (temp dir, desk dir).
fn desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let digest = write(tmp.path(), "digest.txt", DIGEST);
    ok(run(&desk, &["import", digest.to_str().unwrap()]));
    (tmp, desk)
}

fn issue_json(desk: &Path) -> serde_json::Value {
    let o = ok(run(desk, &["list", "issues", "--json"]));
    let all: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    all[0].clone()
}

#[test]
fn issue_edit_tlp_sets_and_removes_the_marking_written_exactly() {
    let (_tmp, desk) = desk();
    let o = ok(run(&desk, &["issue", "edit", "--tlp", "amber+strict"]));
    assert!(stderr(&o).contains("TLP marking changed"), "{}", stderr(&o));
    assert_eq!(issue_json(&desk)["tlp"], "TLP:AMBER+STRICT");
    ok(run(&desk, &["issue", "edit", "--tlp", "TLP:GREEN"]));
    assert_eq!(issue_json(&desk)["tlp"], "TLP:GREEN");
    ok(run(&desk, &["issue", "edit", "--tlp", "none"]));
    assert!(issue_json(&desk).get("tlp").is_none());
}

#[test]
fn an_unknown_tlp_word_is_one_line_and_changes_nothing() {
    let (_tmp, desk) = desk();
    let before = snapshot(&desk);
    assert_one_line_error(
        &run(&desk, &["issue", "edit", "--tlp", "WHITE"]),
        &[
            "--tlp",
            "\"WHITE\" is not a TLP marking",
            "AMBER+STRICT",
            "nothing was changed",
        ],
    );
    assert_one_line_error(
        &run(&desk, &["issue", "edit", "--tlp", "amber strict"]),
        &["not a TLP marking"],
    );
    assert_eq!(snapshot(&desk), before, "a refused edit changed the desk");
    let _ = stdout;
}
