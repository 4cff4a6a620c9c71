//! End to end, the real desk in a pseudo-terminal: `Y` under the four-eyes rule refused on
//! the screen with nothing written, and the export dialog writing all four formats in the
//! assessment style it shows, the same bytes as the command line.

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;

use std::path::PathBuf;

use files::{snapshot, write};
use pty::Term;
use run::ok;

const ROWS: u16 = 30;
const COLS: u16 = 120;

const DIGEST: &str = "Weekly Security Digest - March 4, 2025

International Affairs

  • Parliament passed the emergency powers bill after a night session.
    • The opposition will likely challenge the bill in court.
  • Border talks resumed in Geneva.
";

/// A desk whose issue 1 this account imported (so it is among its changers).
fn desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let digest = write(tmp.path(), "digest.txt", DIGEST);
    ok(&desk, &["import", digest.to_str().unwrap()]);
    (tmp, desk)
}

#[test]
fn y_by_the_issues_own_editor_is_refused_on_screen_under_the_four_eyes_rule() {
    let (_tmp, desk) = desk();
    ok(
        &desk,
        &["settings", "review.require_other_approver", "true"],
    );
    let before = snapshot(&desk);
    let mut t = Term::spawn(&["review"], Some(&desk), ROWS, COLS, &[]);
    t.wait_for("REVIEW (read-only)");
    t.settle();
    t.type_keys("Y");
    let me = briefdesk::store::identity::login_name();
    t.wait_for(&format!(
        "four-eyes rule: {me} last changed this issue; another reviewer must approve it"
    ));
    assert!(!t.screen().contains("(y/n)"), "no question asked");
    t.type_keys("q");
    assert!(t.wait_exit().success());
    assert_eq!(snapshot(&desk), before, "nothing written");
}

#[test]
fn the_export_dialog_writes_all_formats_in_the_style_it_shows() {
    let (tmp, desk) = desk();
    let mut t = Term::spawn(&[], Some(&desk), ROWS, COLS, &[]);
    t.wait_for("1 Drafts");
    t.settle();
    t.type_keys("x");
    t.wait_for("Export issue");
    t.type_keys("\t\t\t\t"); // md, txt, html, json, all
    t.key("\x01"); // Ctrl-a: italic
    t.wait_for("writes digest-2025-03-04.md, .txt, .html and .json");
    for _ in 0.."digest-2025-03-04".len() {
        t.send("\x7f");
    }
    t.settle();
    let stem = tmp.path().join("out");
    t.type_keys(stem.to_str().unwrap());
    t.key("\r");
    t.wait_for("Written:");
    t.key("\x1b");
    t.type_keys("q");
    assert!(t.wait_exit().success());
    for ext in ["md", "txt", "html", "json"] {
        let got = std::fs::read_to_string(tmp.path().join(format!("out.{ext}")))
            .unwrap_or_else(|e| panic!("out.{ext}: {e}"));
        let want = ok(
            &desk,
            &["export", "--format", ext, "--assessments", "italic"],
        );
        assert_eq!(got, want, "{ext}");
    }
}
