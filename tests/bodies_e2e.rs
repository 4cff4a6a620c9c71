//! End to end, in a pseudo-terminal (issue #19, bodies read when shown): the desk the TUI
//! opens keeps each body in its chunk file; Preview reads the body of the draft it shows,
//! an assign makes its bullet from it, and the chunk written back keeps every body. A
//! chunk file planted as a symlink is one line in Preview, never followed, and one
//! planted before the open is refused by it, unread.

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;

use std::path::Path;

use pty::Term;
use run::ok;
use serde_json::Value;

const LIVE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 10:30 PM CEST
Port Workers Strike Over Automation Plans in Antwerp
Dock workers in Antwerp walked out on Wednesday over plans to automate two container terminals, halting loading for most of the day.
UPDATE: 8:10 PM CEST
Hacktivists Rally in Geneva Against Spyware Sales
Geneva, Switzerland—October 19, 2026: Supporters of a digital rights group held a rally outside the trade ministry, demanding a ban on the export of spyware to governments that target journalists.
The organizers said more than a thousand people attended, and that a petition with forty thousand signatures would be handed to parliament next week.
";

fn desk_with_an_issue(tmp: &Path) -> std::path::PathBuf {
    let desk = tmp.join("desk");
    let page = files::write(tmp, "live.txt", LIVE);
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
    desk
}

/// Every draft's id and body, as the command line reads them (bodies loaded).
fn bodies(desk: &Path) -> Vec<(Value, Value)> {
    let drafts: Value =
        serde_json::from_str(&ok(desk, &["list", "drafts", "--json"])).expect("JSON");
    drafts["items"]
        .as_array()
        .expect("drafts")
        .iter()
        .map(|d| (d["id"].clone(), d["body"].clone()))
        .collect()
}

#[test]
fn preview_reads_the_body_from_its_chunk_and_assign_makes_the_bullet_from_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = desk_with_an_issue(tmp.path());
    let before = bodies(&desk);

    let mut t = Term::spawn(&[], Some(&desk), 30, 100, &[("NO_COLOR", "1")]);
    t.wait_for("1 Drafts");
    t.type_keys("/");
    t.type_keys("geneva");
    t.key("\r");
    // The second paragraph is only in the body: Preview read it from items/000000.json.
    t.wait_for("a petition with forty thousand");
    t.type_keys("a");
    t.wait_for("Tab bullet from: lead");
    t.type_keys("euro");
    t.key("\r");
    t.wait_for("Europe (1)");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}");

    let issue: Value = serde_json::from_slice(
        &std::fs::read(desk.join("issues").join("1.json")).expect("issue file"),
    )
    .expect("JSON");
    let bullets = issue["sections"][0]["bullets"].as_array().expect("bullets");
    assert_eq!(bullets.len(), 1, "{bullets:#?}");
    assert_eq!(
        bullets[0]["text"],
        "Supporters of a digital rights group held a rally outside the trade ministry, \
         demanding a ban on the export of spyware to governments that target journalists."
    );
    // The chunk was written again (the draft is used): every body in it is whole, the
    // other draft's too, whose body stayed on disk all along.
    assert_eq!(bodies(&desk), before);
    let chunk = std::fs::read_to_string(desk.join("items").join("000000.json")).expect("chunk");
    assert!(chunk.contains("\"used\""), "{chunk}");
    assert!(
        chunk.contains("halting loading for most of the day"),
        "{chunk}"
    );
}

#[test]
fn a_chunk_planted_as_a_symlink_is_one_line_in_preview_and_never_followed() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = desk_with_an_issue(tmp.path());
    let chunk = desk.join("items").join("000000.json");
    let away = tmp.path().join("planted.json");

    let mut t = Term::spawn(&[], Some(&desk), 30, 100, &[("NO_COLOR", "1")]);
    t.wait_for("1 Drafts");
    t.wait_for("halting loading");
    // Planted while the desk is open: the next body read (the other draft's, in Preview)
    // opens the file without following the link.
    std::fs::rename(&chunk, &away).expect("move");
    std::os::unix::fs::symlink(&away, &chunk).expect("symlink");
    let planted = std::fs::read(&away).expect("read");
    t.type_keys("j");
    let screen = t.wait_for("symbolic link");
    assert!(screen.contains("000000.json"), "{screen}");
    // An edit of the draft reads its body the same way: refused, nothing written.
    t.type_keys("e");
    t.wait_for("changed on disk");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}");
    assert_eq!(std::fs::read(&away).expect("read"), planted);
    assert!(
        std::fs::symlink_metadata(&chunk)
            .expect("still there")
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_chunk_planted_as_a_symlink_before_the_open_is_refused_in_one_line_unread() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = desk_with_an_issue(tmp.path());
    let chunk = desk.join("items").join("000000.json");
    let away = tmp.path().join("planted.json");
    std::fs::rename(&chunk, &away).expect("move");
    std::os::unix::fs::symlink(&away, &chunk).expect("symlink");
    let planted = std::fs::read(&away).expect("read");

    // The desk (the newest-first open, then the full one) names the file and stops.
    let mut t = Term::spawn(&[], Some(&desk), 30, 100, &[("NO_COLOR", "1")]);
    t.wait_for("000000.json is a symbolic link, not a file");
    let st = t.wait_exit();
    assert!(!st.success(), "opened a desk through a planted link");
    // The command line's quick read falls back to the full open, which says the same.
    let out = run::run(&desk, &["list", "drafts"]);
    assert!(!out.status.success());
    let err = run::stderr(&out);
    assert!(
        err.contains("000000.json is a symbolic link, not a file") && err.lines().count() == 1,
        "{err}"
    );
    assert_eq!(std::fs::read(&away).expect("read"), planted);
    assert!(
        std::fs::symlink_metadata(&chunk)
            .expect("still there")
            .file_type()
            .is_symlink()
    );
}
