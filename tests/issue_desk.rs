//! Issue details in the real desk, in a pseudo-terminal: `T` edits the details, `I` starts
//! the next issue with the newest issue's sections and the title's date, `X` deletes it and
//! `u` brings it back; the desk files are then checked with the command line.

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;

use std::path::Path;
use std::process::Command;

use pty::Term;
use serde_json::Value;

const CTRL_S: &str = "\x13";
const BACKSPACE: &str = "\x7f";

const DIGEST: &str = "Harbor Lane Advisory’s Weekly Security Digest - March 4, 2025

Global Security Matters

International Affairs

  • Border talks resumed in Geneva.

Cyber / Defense Technology

  • A ransomware group claimed an attack on a regional hospital chain.
";

fn issues(desk: &Path) -> Vec<Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .env_remove("BRIEFDESK_DIR")
        .args(["--desk"])
        .arg(desk)
        .args(["list", "issues", "--json"])
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    v.as_array().expect("an array").clone()
}

#[test]
fn the_desk_edits_starts_deletes_and_undeletes_an_issue() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    let digest = files::write(tmp.path(), "digest.txt", DIGEST);
    let o = Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .env_remove("BRIEFDESK_DIR")
        .arg("--desk")
        .arg(&desk)
        .arg("import")
        .arg(&digest)
        .output()
        .expect("import");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let mut t = Term::spawn(&[], Some(&desk), 24, 80, &[]);
    t.wait_for("1 Drafts");
    t.settle();
    // T: the details form; a new title, saved with Ctrl-s.
    t.type_keys("T");
    t.wait_for("Issue 1: details");
    t.send(&BACKSPACE.repeat(80));
    t.settle();
    t.type_keys("Harbor Lane Weekly Digest – March 11, 2025");
    t.key(CTRL_S);
    t.wait_for("edit issue");
    // I: the next issue, with last week's sections and the title's date.
    t.type_keys("I");
    t.wait_for("New issue");
    t.type_keys("Harbor Lane Weekly Digest – March 18, 2025");
    t.key(CTRL_S);
    t.wait_for("2025-03-18 · …March 18, 2025");
    // X, y: deleted; u: back.
    t.type_keys("X");
    t.wait_for("Delete issue 2");
    t.type_keys("y");
    t.wait_for("delete issue");
    t.type_keys("u");
    t.wait_for("undid: delete issue");
    t.type_keys("q");
    assert!(t.wait_exit().success(), "{}", t.screen());

    let all = issues(&desk);
    let by_id = |id: u64| {
        all.iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("no issue {id} in {all:?}"))
    };
    assert_eq!(
        by_id(1)["title"],
        "Harbor Lane Weekly Digest – March 11, 2025"
    );
    assert_eq!(by_id(1)["date"], "2025-03-11");
    let next = by_id(2);
    assert_eq!(next["date"], "2025-03-18");
    let names: Vec<&str> = next["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["International Affairs", "Cyber / Defense Technology"]
    );
}
