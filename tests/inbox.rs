//! Import into an open desk (issue #15): `briefdesk import` while a live session holds the
//! desk checks the files, queues them into the desk's `inbox/` and says so; the session
//! takes them in (the pty test below); a stale lock, or none, imports as before.

#[path = "support/files.rs"]
mod files;
#[path = "support/run.rs"]
mod run;

use std::path::{Path, PathBuf};

use briefdesk::store::Store;
use files::{snapshot, write};
use run::{ok, run, stderr};

const LIVE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 9:15 PM CEST
Coastal Guard Reports Drone Swarm Near Offshore Platform
Operators of a gas platform in the northern sea reported a swarm of small drones circling the site for forty minutes on Sunday night.
Ministry Confirms Breach of Payroll Provider
The finance ministry confirmed that a payroll contractor was breached last week, exposing names and bank details of about 12,000 civil servants.
";

const MORE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 10:40 PM CEST
Harbour Cranes Halted by a Software Fault
Cranes at the eastern terminal stopped for six hours on Monday after a faulty update, the port authority said.
Election Office Warns of Fake Helpdesk Messages
Staff received messages imitating the internal helpdesk, asking them to reset passwords on a look-alike site.
Pipeline Operator Reports Anchor Damage
Divers found a dragged anchor's mark across the pipeline on Sunday; gas flows were stopped as a precaution.
";

fn desk_with_live() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let live = write(tmp.path(), "live.txt", LIVE);
    ok(&desk, &["import", live.to_str().unwrap()]);
    (tmp, desk)
}

/// Every desk file but the inbox.
fn desk_files(desk: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let inbox = desk.join("inbox");
    snapshot(desk)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(&inbox) && !p.ends_with(".lock"))
        .collect()
}

fn inbox(desk: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(&desk.join("inbox"))
}

#[test]
fn import_while_the_desk_is_held_queues_the_files_and_says_so() {
    let (tmp, desk) = desk_with_live();
    let more = write(tmp.path(), "more.txt", MORE);
    let _held = Store::lock_dir(&desk).unwrap();
    let before = desk_files(&desk);

    let o = run(&desk, &["import", more.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("3 drafts queued for the open desk held by ")
            && err.contains("they appear within 2 s"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(
        desk_files(&desk),
        before,
        "the desk's own files are the session's"
    );
    let queued = inbox(&desk);
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0].1, MORE.as_bytes(), "the raw bytes, as given");
    assert!(
        queued[0].0.to_string_lossy().ends_with(".auto"),
        "format to detect: {:?}",
        queued[0].0
    );

    // --format travels with the file.
    let o = run(
        &desk,
        &["import", "--format", "live", more.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        inbox(&desk)
            .iter()
            .any(|(p, _)| p.to_string_lossy().ends_with(".live"))
    );
}

#[test]
fn a_bad_file_while_the_desk_is_held_is_refused_and_nothing_is_queued() {
    let (tmp, desk) = desk_with_live();
    let more = write(tmp.path(), "more.txt", MORE);
    let bad = write(tmp.path(), "bad.json", "{\"briefdesk\": \"issue\", ");
    let _held = Store::lock_dir(&desk).unwrap();
    let before = snapshot(&desk);
    let o = run(
        &desk,
        &["import", more.to_str().unwrap(), bad.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("bad.json") && err.contains("line 1"), "{err}");
    assert_eq!(snapshot(&desk), before, "nothing queued, nothing changed");
    assert!(!desk.join("inbox").exists());
}

#[test]
fn a_stale_lock_imports_as_before() {
    let (tmp, desk) = desk_with_live();
    let more = write(tmp.path(), "more.txt", MORE);
    // A lock left by a process of this host that has exited.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let mine = Store::lock_dir(&desk).unwrap();
    let mut holder = mine.holder().clone();
    drop(mine);
    holder.pid = dead;
    std::fs::write(desk.join(".lock"), serde_json::to_vec(&holder).unwrap()).unwrap();

    let o = run(&desk, &["import", more.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 drafts added"), "{}", stderr(&o));
    assert!(!desk.join("inbox").exists(), "nothing queued");
    assert_eq!(ok(&desk, &["list", "drafts"]).lines().count(), 5);
}

fn drafts_json(desk: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(desk, &["list", "drafts", "--json"])).unwrap()
}

#[test]
fn undo_last_takes_back_exactly_what_the_last_import_added_once() {
    let (tmp, desk) = desk_with_live();
    let before = drafts_json(&desk);
    let more = write(tmp.path(), "more.txt", MORE);
    ok(&desk, &["import", more.to_str().unwrap()]);
    assert_eq!(ok(&desk, &["list", "drafts"]).lines().count(), 5);

    let o = run(&desk, &["import", "--undo-last"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("took back the last import (")
            && err.contains("more.txt")
            && err.contains("3 drafts removed"),
        "{err}"
    );
    assert_eq!(
        drafts_json(&desk),
        before,
        "exactly the import's drafts went"
    );
    // The ids are not handed out again: the next import gets new ones.
    assert!(!desk.join("last-import.json").exists());

    // Once: the import before it is not "the last" one.
    let o = run(&desk, &["import", "--undo-last"]);
    assert!(!o.status.success());
    assert_eq!(stderr(&o).trim_end().lines().count(), 1);
    assert!(
        stderr(&o).contains("no import to take back"),
        "{}",
        stderr(&o)
    );
    assert_eq!(drafts_json(&desk), before);
}

#[test]
fn undo_last_is_refused_when_a_draft_was_used_or_anything_added_since() {
    use briefdesk::model::{BulletFrom, Command, History, ItemId};
    let (tmp, desk) = desk_with_live();
    ok(
        &desk,
        &["issue", "new", "Weekly Digest", "--section", "Cyber"],
    );
    let more = write(tmp.path(), "more.txt", MORE);
    ok(&desk, &["import", more.to_str().unwrap()]);

    // One of the imported drafts goes into the issue (as the desk's `a` would do it).
    {
        let (mut store, mut d) = Store::open(&desk).unwrap();
        let newest = *d.items.keys().next_back().unwrap();
        let issue = d.newest_issue().unwrap().id;
        let done = History::new()
            .perform(
                &mut d,
                &Command::Assign {
                    item: ItemId(newest.0),
                    issue,
                    section: 0,
                    from: BulletFrom::Lead,
                },
            )
            .unwrap();
        store.append_journal(&done.edits).unwrap();
        store.save(&d, &done.touched).unwrap();
    }
    let before = snapshot(&desk);
    let o = run(&desk, &["import", "--undo-last"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot be taken back") && err.contains("used in an issue"),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(snapshot(&desk), before);

    // Something added after the import: refused too.
    let (tmp, desk) = desk_with_live();
    let more = write(tmp.path(), "more.txt", MORE);
    ok(&desk, &["import", more.to_str().unwrap()]);
    ok(&desk, &["issue", "new", "Weekly Digest"]);
    let before = snapshot(&desk);
    let o = run(&desk, &["import", "--undo-last"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("added after it"), "{}", stderr(&o));
    assert_eq!(snapshot(&desk), before);
}
