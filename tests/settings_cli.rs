//! `briefdesk settings`: list the desk's settings, set one in desk.json under the lock; a bad
//! key or value is one line and changes nothing.

use std::path::PathBuf;

#[path = "support/files.rs"]
mod files;
#[path = "support/run.rs"]
mod run;
use files::snapshot;
use run::{ok, run, stderr, stdout};

/// A desk with one issue, and a setting of another tool's kept in desk.json.
fn desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    ok(&desk, &["issue", "new", "Weekly Digest - March 4, 2025"]);
    let path = desk.join("desk.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    v["theme"] = serde_json::json!({"accent": "teal"});
    std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    (tmp, desk)
}

fn desk_json(desk: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(desk.join("desk.json")).unwrap()).unwrap()
}

#[test]
fn settings_lists_every_known_setting_with_its_value_and_default() {
    let (_tmp, desk) = desk();
    let out = ok(&desk, &["settings"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("review.require_other_approver = false (the default): "),
        "{out}"
    );
    assert!(
        lines[1].starts_with("tradecraft.ladder = icd203 (the default): "),
        "{out}"
    );
}

#[test]
fn settings_key_value_sets_it_atomically_and_keeps_the_rest() {
    let (_tmp, desk) = desk();
    let o = run(
        &desk,
        &["settings", "review.require_other_approver", "true"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o).trim(), "review.require_other_approver = true");
    let o = run(&desk, &["settings", "tradecraft.ladder", "PHIA"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let v = desk_json(&desk);
    assert_eq!(
        v["review"]["require_other_approver"],
        serde_json::json!(true)
    );
    assert_eq!(v["tradecraft"]["ladder"], serde_json::json!("phia"));
    assert_eq!(v["theme"], serde_json::json!({"accent": "teal"}), "{v}");
    assert_eq!(v["files"]["issues"], serde_json::json!([[1, 1]]), "{v}");

    let out = ok(&desk, &["settings"]);
    assert!(
        out.contains("review.require_other_approver = true (default false): "),
        "{out}"
    );
    assert!(
        out.contains("tradecraft.ladder = phia (default icd203): "),
        "{out}"
    );
    // The desk still opens, its issue there, and no temp file is left beside desk.json.
    assert!(ok(&desk, &["list", "issues"]).contains("Weekly Digest"));
    let strays: Vec<_> = std::fs::read_dir(&desk)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
}

#[test]
fn a_bad_key_or_value_is_one_line_and_changes_nothing() {
    let (_tmp, desk) = desk();
    let before = snapshot(&desk);
    for (args, needle) in [
        (
            ["settings", "review.colour", "red"],
            "unknown setting \"review.colour\": the settings are review.require_other_approver, tradecraft.ladder; nothing was changed",
        ),
        (
            ["settings", "review.require_other_approver", "maybe"],
            "\"review.require_other_approver\" cannot be \"maybe\": use true or false; nothing was changed",
        ),
        (
            ["settings", "tradecraft.ladder", "nato"],
            "unknown ladder \"nato\": use one of icd203, phia; nothing was changed",
        ),
    ] {
        let o = run(&desk, &args);
        assert!(!o.status.success(), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(stdout(&o).is_empty());
    }
    let o = run(&desk, &["settings", "tradecraft.ladder"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("give both a setting and its value"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&desk), before);
}

#[test]
fn a_held_desk_refuses_the_setting_as_other_writers_do() {
    let (_tmp, desk) = desk();
    let lock =
        r#"{"user":"ana","host":"desk-02.example","pid":4242,"started":"2026-11-20T08:00:00Z"}"#;
    std::fs::write(desk.join(".lock"), lock).unwrap();
    let before = snapshot(&desk);
    let o = run(
        &desk,
        &["settings", "review.require_other_approver", "true"],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("ana@desk-02.example"), "{err}");
    let o2 = run(&desk, &["issue", "new", "Another"]);
    let other = stderr(&o2);
    // The same words as `issue new` gets from the same lock.
    assert_eq!(
        err.split("ana@").nth(1),
        other.split("ana@").nth(1),
        "{err}\n{other}"
    );
    assert_eq!(snapshot(&desk), before);
}

#[test]
fn a_bad_value_in_desk_json_is_listed_and_can_be_set_right() {
    let (_tmp, desk) = desk();
    let path = desk.join("desk.json");
    let mut v = desk_json(&desk);
    v["review"] = serde_json::json!({"require_other_approver": "yes"});
    std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let out = ok(&desk, &["settings"]);
    assert!(out.contains("not true or false: set it again with `briefdesk settings review.require_other_approver VALUE`"), "{out}");
    ok(
        &desk,
        &["settings", "review.require_other_approver", "false"],
    );
    assert!(
        ok(&desk, &["settings"]).contains("review.require_other_approver = false (default false)")
    );
}
