//! Issue #17 end to end: the real binary in a pseudo-terminal. The analyst gives a bullet
//! its source (`w`) and its own marking (`t`); the desk shows both, saves them, and the
//! command line's export carries them.

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
use files::write;

use pty::Term;
use serde_json::Value;
#[path = "support/run.rs"]
mod run;
use run::ok;

const DIGEST: &str = "Weekly Security Digest - March 4, 2025

International Affairs

  • Parliament passed the emergency powers bill after a night session.
  • Border talks resumed in Geneva.
";

#[test]
fn the_analyst_cites_a_source_and_marks_a_bullet_and_the_export_carries_both() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    let f = write(tmp.path(), "digest.txt", DIGEST);
    ok(&desk, &["import", f.to_str().expect("utf-8 path")]);
    ok(&desk, &["issue", "edit", "--tlp", "GREEN"]);

    let mut t = Term::spawn(&[], Some(&desk), 24, 80, &[]);
    t.wait_for("1 Drafts");
    t.settle();
    t.wait_for("2 Issue: TLP:GREEN");
    t.type_keys("2");
    t.type_keys("j");
    t.type_keys("j");
    t.type_keys("w");
    t.wait_for("Bullet: source");
    t.type_keys("Reuters");
    t.key("\t");
    t.type_keys("https://www.reuters.com/a");
    t.key("\x13"); // Ctrl-s
    t.wait_for("Border talks resumed in Geneva. (Reuters)");
    t.type_keys("t");
    t.type_keys("t");
    t.type_keys("t");
    t.wait_for("TLP:AMBER Border talks");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}; screen:\n{}", t.screen());

    let json: Value =
        serde_json::from_str(&ok(&desk, &["export", "--format", "json"])).expect("json");
    let b = &json["sections"][0]["bullets"][1];
    assert_eq!(b["tlp"], "TLP:AMBER", "{json}");
    assert_eq!(b["sources"][0]["outlet"], "Reuters");
    assert_eq!(b["sources"][0]["url"], "https://www.reuters.com/a");
    assert_eq!(json["tlp"], "TLP:AMBER", "the strictest marking exported");
    let md = ok(&desk, &["export"]);
    assert!(
        md.contains(
            "- (TLP:AMBER) Border talks resumed in Geneva. ([Reuters](https://www.reuters.com/a))"
        ),
        "{md}"
    );
}
