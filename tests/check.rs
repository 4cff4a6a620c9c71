//! `briefdesk check` (issue #16), the real binary: findings as lines and as JSON, the desk's
//! ladder and `--ladder`, and the exit status a shop runs it for (0 clean, 1 findings,
//! 2 when it could not check).

use std::path::{Path, PathBuf};

#[path = "support/files.rs"]
mod files;
#[path = "support/run.rs"]
mod run;
use files::{snapshot, write};
use run::{run, stderr, stdout};

/// The seed digest's shape: a fact bullet with a judgment in it, assessment sub-points
/// with hedges (a sub-point in the house layout is an assessment).
const DIGEST: &str = "Harbor Lane Advisory’s Weekly Security Digest - March 4, 2025

Global Security Matters

International Affairs

  • Talks between the two parties broke down in Doha. This impasse suggests that an agreement between the two parties is unlikely.
  • The U.S. struck a depot near the border on Tuesday.
    • Further strikes would almost certainly antagonize Gulf partners, and Riyadh could choose to distance itself.
    • A strike is a realistic possibility.

Cyber / Defense Technology

  • A ransomware group claimed an attack on a regional hospital chain.
";

const CLEAN: &str = "Harbor Lane Advisory’s Weekly Security Digest - March 11, 2025

Global Security Matters

International Affairs

  • Border talks resumed in Geneva.
    • A deal before the summer is unlikely.
";

fn desk_with(text: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let f = write(tmp.path(), "digest.txt", text);
    let o = run(&desk, &["import", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, desk)
}

fn set_ladder(desk: &Path, ladder: &str) {
    let path = desk.join("desk.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    doc["tradecraft"] = serde_json::json!({ "ladder": ladder });
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

#[test]
fn check_prints_one_line_a_finding_and_exits_1() {
    let (_tmp, desk) = desk_with(DIGEST);
    let o = run(&desk, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        vec![
            "1.1: judgment-in-fact: unlikely: \"unlikely\" is a judgment in a fact bullet \
             (suggest: make this sentence a sub-point marked as an assessment)",
            "1.2.1: non-ladder-term: could: \"could\" is a hedge, not a term of the ICD 203 \
             ladder: say how likely",
            "1.2.2: no-estimate: -: an assessment with neither a likelihood from the ICD 203 \
             ladder nor a confidence level",
            "1.2.2: non-ladder-term: realistic possibility: \"realistic possibility\" is a PHIA \
             term, not on the ICD 203 ladder (suggest: roughly even chance)",
        ]
    );
    assert_eq!(stderr(&o), "4 findings (icd203 ladder)\n");
}

#[test]
fn check_json_is_an_array_of_findings() {
    let (_tmp, desk) = desk_with(DIGEST);
    let o = run(&desk, &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let all = doc.as_array().unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(
        all[3],
        serde_json::json!({
            "path": [1, 2, 2],
            "rule": "non-ladder-term",
            "term": "realistic possibility",
            "message": "\"realistic possibility\" is a PHIA term, not on the ICD 203 ladder",
            "suggestion": "roughly even chance",
            "severity": "warning",
        })
    );
    assert_eq!(all[2]["term"], "");
    assert_eq!(all[2]["suggestion"], serde_json::Value::Null);
    assert_eq!(all[0]["severity"], "error");
}

#[test]
fn a_clean_issue_exits_0_with_an_empty_array() {
    let (_tmp, desk) = desk_with(CLEAN);
    let o = run(&desk, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "no findings (icd203 ladder)\n");
    let o = run(&desk, &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "[]");
}

#[test]
fn the_desks_ladder_is_used_and_ladder_overrides_it() {
    let (_tmp, desk) = desk_with(DIGEST);
    set_ladder(&desk, "phia");
    // Under PHIA the realistic possibility is on the ladder; "almost certainly" too.
    let o = run(&desk, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        !stdout(&o).contains("realistic possibility"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("(phia ladder)"), "{}", stderr(&o));
    let o = run(&desk, &["check", "--ladder", "icd203"]);
    assert!(stdout(&o).contains("1.2.2: non-ladder-term: realistic possibility"));
    assert!(stderr(&o).contains("(icd203 ladder)"), "{}", stderr(&o));
    // A bad setting stops a check that relies on it (2, naming desk.json), not one with
    // --ladder.
    set_ladder(&desk, "nato");
    let o = run(&desk, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("desk.json") && err.contains("tradecraft.ladder"),
        "{err}"
    );
    assert_eq!(
        run(&desk, &["check", "--ladder", "phia"]).status.code(),
        Some(1)
    );
}

#[test]
fn usage_errors_exit_2_with_one_line_and_change_nothing() {
    let (_tmp, desk) = desk_with(DIGEST);
    let before = snapshot(&desk);
    for args in [
        &["check", "--ladder", "nato"][..],
        &["check", "--format", "xml"],
        &["check", "--issue", "1999-01-01"],
        &["check", "--issue", "42"],
    ] {
        let o = run(&desk, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("error") || err.contains("briefdesk:"),
            "{args:?}: {err}"
        );
    }
    let o = run(&desk, &["check", "--issue", "42"]);
    assert_eq!(
        stderr(&o),
        "briefdesk: no issue \"42\" on this desk: see `briefdesk list issues`\n"
    );
    assert_eq!(snapshot(&desk), before);
}

#[test]
fn a_bullet_marked_checked_is_quieted_and_the_mark_survives_a_json_round_trip() {
    let (tmp, desk) = desk_with(DIGEST);
    let o = run(&desk, &["export", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(!stdout(&o).contains("checked"), "not written while false");
    doc["sections"][0]["bullets"][0]["checked"] = serde_json::json!(true);
    let file = write(tmp.path(), "issue.json", &doc.to_string());
    let other = tmp.path().join("other");
    let o = run(&other, &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&other, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stdout(&o).contains("judgment-in-fact"), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        "3 findings (icd203 ladder); 1 quieted on bullets marked checked\n"
    );
    let o = run(&other, &["export", "--format", "json"]);
    let back: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(back["sections"][0]["bullets"][0]["checked"], true);
}

#[test]
fn an_export_with_findings_says_how_many_and_require_clean_refuses_to_write() {
    let (tmp, desk) = desk_with(DIGEST);
    let o = run(&desk, &["export", "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("warning: 4 tradecraft findings (icd203 ladder): see `briefdesk check`\n"),
        "{}",
        stderr(&o)
    );
    let out = tmp.path().join("digest.md");
    std::fs::write(&out, "the old file\n").unwrap();
    let before = snapshot(&desk);
    let o = run(
        &desk,
        &["export", "--require-clean", "-o", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("briefdesk: issue 1 has 4 tradecraft findings")
            && err.contains("--require-clean; nothing was written"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "the old file\n");
    assert_eq!(snapshot(&desk), before);

    let (tmp, clean) = desk_with(CLEAN);
    let out = tmp.path().join("clean.md");
    let o = run(
        &clean,
        &["export", "--require-clean", "-o", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("tradecraft"), "{}", stderr(&o));
    assert!(out.exists());
}

#[test]
fn the_ladder_legend_is_appended_and_an_export_with_it_imports_back_to_the_same_issue() {
    let (tmp, desk) = desk_with(DIGEST);
    for format in ["md", "txt", "html"] {
        let plain = run(&desk, &["export", "--format", format]);
        let o = run(&desk, &["export", "--format", format, "--ladder-legend"]);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(
            text.contains("Estimative language (ICD 203)"),
            "{format}: {text}"
        );
        assert!(text.contains("likely / probable"), "{format}: {text}");
        assert!(text.contains("55-80%"), "{format}: {text}");
        assert!(text.starts_with(&stdout(&plain)[..20]), "{format}");
        // Back in, the legend is not a section: the same issue as without it.
        let file = write(tmp.path(), &format!("with-legend.{format}"), &text);
        let other = tmp.path().join(format!("other-{format}"));
        let o = run(&other, &["import", file.to_str().unwrap()]);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        let again = run(&other, &["export", "--format", format]);
        assert_eq!(stdout(&again), stdout(&plain), "{format}");
    }
    set_ladder(&desk, "phia");
    let o = run(&desk, &["export", "--format", "txt", "--ladder-legend"]);
    assert!(
        stdout(&o).contains("Probability yardstick (PHIA)\n  remote chance: ≤5%"),
        "{}",
        stdout(&o)
    );
    let o = run(&desk, &["export", "--format", "json", "--ladder-legend"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("warning: json has no ladder legend: left out"));
    // For markdownlint (tests/markdownlint.sh): the md export with its legend.
    if let Some(dir) = std::env::var_os("BRIEFDESK_MD_OUT") {
        for ladder in ["icd203", "phia"] {
            set_ladder(&desk, ladder);
            let o = run(&desk, &["export", "--format", "md", "--ladder-legend"]);
            std::fs::write(
                Path::new(&dir).join(format!("legend-{ladder}.md")),
                stdout(&o),
            )
            .unwrap();
        }
    }
}
