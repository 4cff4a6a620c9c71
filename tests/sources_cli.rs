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

use briefdesk::model::{BulletPath, Command as C, History, IssueId, Source, Tlp};
use briefdesk::store::Store;

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

/// The digest's issue GREEN, its second bullet AMBER, its first citing Reuters.
fn marked_desk() -> (tempfile::TempDir, PathBuf) {
    let (tmp, desk) = desk();
    ok(run(&desk, &["issue", "edit", "--tlp", "GREEN"]));
    perform(
        &desk,
        &[
            C::SetBulletTlp {
                issue: IssueId(1),
                path: BulletPath::top(0, 1),
                tlp: Some(Tlp::Amber),
            },
            C::SetBulletSources {
                issue: IssueId(1),
                path: BulletPath::top(0, 0),
                sources: Source::new("Reuters", "https://www.reuters.com/a")
                    .unwrap()
                    .into_iter()
                    .collect(),
            },
        ],
    );
    (tmp, desk)
}

#[test]
fn export_says_its_marking_and_max_tlp_says_what_it_left_out() {
    let (tmp, desk) = marked_desk();
    let o = ok(run(&desk, &["export"]));
    let md = stdout(&o);
    assert!(
        md.starts_with("TLP:AMBER\n") && md.ends_with("\nTLP:AMBER\n"),
        "{md}"
    );
    assert!(
        md.contains("after a night session. ([Reuters](https://www.reuters.com/a))"),
        "{md}"
    );
    assert!(
        stderr(&o).ends_with("\nmarked TLP:AMBER\n"),
        "{}",
        stderr(&o)
    );

    let out = tmp.path().join("client.txt");
    let o = ok(run(
        &desk,
        &[
            "export",
            "--format",
            "txt",
            "--max-tlp",
            "green",
            "--sources",
            "endnotes",
            "-o",
            out.to_str().unwrap(),
        ],
    ));
    let err = stderr(&o);
    assert!(err.contains("marked TLP:GREEN\n"), "{err}");
    assert!(
        err.contains("left out 1 bullet marked above TLP:GREEN\n"),
        "{err}"
    );
    let txt = std::fs::read_to_string(&out).unwrap();
    assert!(
        txt.starts_with("TLP:GREEN\n") && txt.ends_with("\nTLP:GREEN"),
        "{txt}"
    );
    assert!(
        !txt.contains("Border talks") && txt.contains("night session. [1]"),
        "{txt}"
    );
}

#[test]
fn a_bad_ceiling_or_an_issue_above_it_is_one_line_and_writes_nothing() {
    let (tmp, desk) = marked_desk();
    let out = tmp.path().join("out.md");
    let o = run(
        &desk,
        &["export", "--max-tlp", "WHITE", "-o", out.to_str().unwrap()],
    );
    assert_one_line_error(
        &o,
        &[
            "--max-tlp",
            "TLP 2.0 calls WHITE CLEAR",
            "nothing was written",
        ],
    );
    let o = run(
        &desk,
        &["export", "--max-tlp", "CLEAR", "-o", out.to_str().unwrap()],
    );
    assert_one_line_error(
        &o,
        &[
            "issue 1 is marked TLP:GREEN, above --max-tlp CLEAR",
            "nothing was written",
        ],
    );
    assert!(!out.exists());
}

#[test]
fn a_live_page_s_source_lines_become_the_drafts_sources_and_a_script_url_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let live = write(
        tmp.path(),
        "live.txt",
        "UPDATE: 9:15 PM CEST\nDrones Seen Over Air Base\nPolice detained two men on Wednesday.\nSource: Reuters, https://www.reuters.com/a\n",
    );
    ok(run(&desk, &["import", live.to_str().unwrap()]));
    let o = ok(run(&desk, &["list", "drafts", "--json"]));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let item = &v["items"][0];
    assert_eq!(item["sources"][0]["outlet"], "Reuters", "{v}");
    assert_eq!(item["sources"][0]["url"], "https://www.reuters.com/a");

    let before = snapshot(&desk);
    let bad = write(
        tmp.path(),
        "bad.txt",
        "UPDATE: 9:20 PM CEST\nAnother Headline Here\nA body line for it.\nVia: javascript:alert(1)\n",
    );
    assert_one_line_error(
        &run(&desk, &["import", bad.to_str().unwrap()]),
        &["bad.txt", "line 4", "javascript:"],
    );
    assert_eq!(snapshot(&desk), before, "a refused import changed the desk");
}

/// A chunk written before sources were a list (one `source` object with `publication`)
/// opens in the quick list and the full open alike, and reads into the list.
#[test]
fn a_draft_written_with_one_old_source_still_lists_and_reads_into_the_list() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let live = write(
        tmp.path(),
        "live.txt",
        "UPDATE: 9:15 PM CEST\nDrones Seen Over Air Base\nPolice detained two men.\nSource: Reuters, https://r.com/a\n",
    );
    ok(run(&desk, &["import", live.to_str().unwrap()]));
    let chunk = desk.join("items").join("000000.json");
    let text = std::fs::read_to_string(&chunk).unwrap();
    let new = "\"sources\": [\n        {\n          \"outlet\": \"Reuters\",\n          \"url\": \"https://r.com/a\"\n        }\n      ]";
    assert!(text.contains(new), "{text}");
    let old = text.replace(
        new,
        "\"source\": {\"publication\": \"Reuters\", \"url\": \"https://r.com/a\"}",
    );
    std::fs::write(&chunk, old).unwrap();
    let o = ok(run(&desk, &["list", "drafts"]));
    assert!(
        stdout(&o).contains("Drones Seen Over Air Base"),
        "{}",
        stdout(&o)
    );
    let o = ok(run(&desk, &["list", "drafts", "--json"]));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["items"][0]["sources"][0]["outlet"], "Reuters", "{v}");
}
