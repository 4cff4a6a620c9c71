//! End to end, in a pseudo-terminal: a bullet made from a draft starts after its dateline
//! and holds only the lead, on screen and in the issue file on disk.

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;

use std::path::Path;

use pty::Term;
use serde_json::Value;
#[path = "support/run.rs"]
mod run;
use run::ok;

/// A live-updates page in the shape of seed 003: banner, `UPDATE:` stamps, headlines,
/// one paragraph a line, and one item whose lead opens with a dateline.
const LIVE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 10:30 PM CEST
Port Workers Strike Over Automation Plans in Antwerp
Dock workers in Antwerp walked out on Wednesday over plans to automate two container terminals, halting loading for most of the day.
UPDATE: 8:10 PM CEST
Hacktivists Rally in Geneva Against Spyware Sales
Geneva, Switzerland—October 19, 2026: Supporters of a digital rights group held a rally outside the trade ministry, demanding a ban on the export of spyware to governments that target journalists.
The organizers said more than a thousand people attended, and that a petition with forty thousand signatures would be handed to parliament next week.
";

/// The bullets of every issue file in the desk, as written on disk.
fn bullets_on_disk(desk: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(desk.join("issues")).expect("issues/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let doc: Value =
            serde_json::from_slice(&std::fs::read(&path).expect("issue file")).expect("JSON");
        let issue = if doc["issue"].is_object() {
            &doc["issue"]
        } else {
            &doc
        };
        for s in issue["sections"].as_array().into_iter().flatten() {
            out.extend(s["bullets"].as_array().into_iter().flatten().cloned());
        }
    }
    out
}

#[test]
fn assigning_the_dateline_item_makes_a_bullet_of_its_lead_after_the_dateline() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    let page = files::write(tmp.path(), "live.txt", LIVE);
    ok(&desk, &["import", page.to_str().expect("utf-8 path")]);
    ok(
        &desk,
        &[
            "issue",
            "new",
            "Weekly Digest – October 20, 2026",
            "--section",
            "Europe",
        ],
    );

    let mut t = Term::spawn(&[], Some(&desk), 30, 100, &[("NO_COLOR", "1")]);
    t.wait_for("1 Drafts");
    t.type_keys("/");
    t.type_keys("geneva");
    t.key("\r");
    t.wait_for("Hacktivists Rally in Geneva");
    t.type_keys("a");
    t.wait_for("Tab bullet from: lead");
    t.type_keys("euro");
    t.key("\r");
    t.wait_for("Europe (1)");
    // The Issue pane's row: the bullet starts where the dateline ended.
    t.type_keys("2");
    t.wait_for("• Supporters of a digital");
    let screen = t.screen();
    assert!(!screen.contains("• Geneva, Switzerland"), "{screen}");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}");

    let lead = "Supporters of a digital rights group held a rally outside the trade ministry, \
                demanding a ban on the export of spyware to governments that target journalists.";
    let bullets = bullets_on_disk(&desk);
    assert_eq!(bullets.len(), 1, "{bullets:#?}");
    assert_eq!(bullets[0]["text"], lead);
    // The item keeps its date and its whole text.
    let drafts: Value =
        serde_json::from_str(&ok(&desk, &["list", "drafts", "--json"])).expect("JSON");
    let item = drafts["items"]
        .as_array()
        .expect("drafts")
        .iter()
        .find(|d| d["headline"].as_str().is_some_and(|h| h.contains("Geneva")))
        .expect("the Geneva draft");
    assert_eq!(item["date"], "2026-10-19");
    assert_eq!(item["body"].as_array().map(Vec::len), Some(2));
    assert!(
        item["body"][0]
            .as_str()
            .is_some_and(|b| b.starts_with("Geneva, Switzerland—October 19, 2026: "))
    );
}
