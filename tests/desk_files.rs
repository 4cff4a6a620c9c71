//! The real binary against a desk a group shares: names are taken from the uid, never from
//! the environment; planted symlinks and FIFOs are refused in one line with their targets
//! untouched; `export -o` leaves permissions to the umask (or to the file it replaces).

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use briefdesk::store::identity;
use files::{snapshot, write};
use run::{bin, run, stderr};

const LIVE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 9:15 PM CEST
Coastal Guard Reports Drone Swarm Near Offshore Platform
Operators of a gas platform in the northern sea reported a swarm of small drones circling the site for forty minutes on Sunday night.
";

fn assert_one_line_error(o: &Output, needles: &[&str]) {
    assert!(!o.status.success(), "should fail");
    let err = stderr(o);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err:?}");
    }
}

/// A desk with one draft and one issue (issue 1).
fn desk_with_issue() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    let live = write(tmp.path(), "live.txt", LIVE);
    for args in [
        vec!["import", live.to_str().expect("utf-8")],
        vec!["issue", "new", "Weekly Digest", "--section", "Europe"],
    ] {
        let o = run(&desk, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    (tmp, desk)
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("stat").permissions().mode() & 0o7777
}

#[test]
fn user_in_the_environment_does_not_change_who_signs_the_review_log() {
    let (tmp, desk) = desk_with_issue();
    let me = identity::login_name();
    assert_ne!(me, "rtrev", "the test needs an account other than rtrev");
    // Approved first: only an export of an approved issue is recorded (#15).
    {
        use briefdesk::model::Status;
        use briefdesk::store::review;
        let id = briefdesk::model::IssueId(1);
        let issue = review::read_issue(&desk, id).expect("issue 1");
        let (r, _) = review::read_review(&desk, id).expect("its review");
        let at = chrono::Utc::now() - chrono::Duration::minutes(5);
        let ev = r
            .status_event(&issue, &me, at, Status::Approved, "")
            .expect("a Draft may be approved");
        review::append_event(&desk, id, &ev).expect("approved");
    }
    let out = tmp.path().join("digest.md");
    let o = run(&desk, &["export", "-o", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mine = desk.join("reviews/1").join(format!("{me}.jsonl"));
    let text = std::fs::read_to_string(&mine).expect("the export is in my own log");
    let last = text.trim_end().lines().last().unwrap_or_default();
    let ev: serde_json::Value = serde_json::from_str(last).expect("an event");
    assert_eq!(
        (ev["by"].as_str(), ev["to"].as_str()),
        (Some(me.as_str()), Some("exported"))
    );
    assert!(!desk.join("reviews/1/rtrev.jsonl").exists());
    // And a log is the group's to read, its author's alone to write.
    assert_eq!(mode(&mine), 0o640);
}

#[test]
fn user_in_the_environment_does_not_change_who_holds_the_lock() {
    let (_tmp, desk) = desk_with_issue();
    let term = pty::Term::spawn(
        &[],
        Some(&desk),
        24,
        80,
        &[("USER", "rtrev"), ("LOGNAME", "rtrev")],
    );
    term.wait_for("1 Drafts");
    let text = std::fs::read_to_string(desk.join(".lock")).expect("the desk is locked");
    let v: serde_json::Value = serde_json::from_str(&text).expect(".lock is JSON");
    assert_eq!(v["user"], identity::login_name().as_str());
    assert_eq!(v["host"], identity::host_name().as_str());
    drop(term);
}

#[test]
fn export_to_a_file_follows_the_umask_and_keeps_an_existing_mode() {
    let (tmp, desk) = desk_with_issue();
    let export = |umask: &str, out: &Path| {
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_briefdesk"))
            .arg("--desk")
            .arg(&desk)
            .args(["export", "-o"])
            .arg(out)
            .env_remove("BRIEFDESK_DIR")
            .output()
            .expect("sh runs");
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let new = tmp.path().join("new.md");
    export("022", &new);
    assert_eq!(mode(&new), 0o644);
    let private = tmp.path().join("private.md");
    export("077", &private);
    assert_eq!(mode(&private), 0o600);
    // An existing file keeps its own permissions, whatever the umask.
    let kept = write(tmp.path(), "kept.md", "last week\n");
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    export("000", &kept);
    assert_eq!(mode(&kept), 0o640);
    assert!(
        std::fs::read_to_string(&kept)
            .expect("read")
            .starts_with("# ")
    );
}

#[test]
fn an_import_refuses_a_symlinked_journal_and_leaves_its_target_alone() {
    let (tmp, desk) = desk_with_issue();
    let victim = write(tmp.path(), "victims-notes.txt", "private\n");
    let journal = desk.join("journal.jsonl");
    let _ = std::fs::remove_file(&journal);
    std::os::unix::fs::symlink(&victim, &journal).expect("symlink");
    let before = snapshot(&desk);
    let live = write(tmp.path(), "more.txt", &LIVE.replace("Drone", "Balloon"));
    let o = run(&desk, &["import", live.to_str().expect("utf-8")]);
    assert_one_line_error(
        &o,
        &[
            "journal.jsonl is a symbolic link, not a file",
            "someone replaced a desk file; move it away and run `briefdesk doctor`",
        ],
    );
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "private\n");
    assert_eq!(snapshot(&desk), before);
}

#[test]
fn a_fifo_in_place_of_the_journal_is_refused_at_once() {
    let (_tmp, desk) = desk_with_issue();
    let journal = desk.join("journal.jsonl");
    let _ = std::fs::remove_file(&journal);
    let status = Command::new("mkfifo")
        .arg(&journal)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    // A full read (list issues) and a write (issue new) both refuse; neither waits on it.
    for args in [
        &["list", "issues"][..],
        &["issue", "new", "Another", "--section", "Asia"],
    ] {
        let mut child = bin()
            .arg("--desk")
            .arg(&desk)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let start = Instant::now();
        while child.try_wait().expect("wait").is_none() {
            if start.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("{args:?} hung on a FIFO journal");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let o = child.wait_with_output().expect("output");
        assert_one_line_error(&o, &["journal.jsonl is a FIFO, not a file"]);
    }
}

#[test]
fn a_symlinked_items_directory_is_refused_and_its_target_untouched() {
    let (tmp, desk) = desk_with_issue();
    let theirs = tmp.path().join("theirs");
    std::fs::create_dir(&theirs).expect("mkdir");
    write(&theirs, "000000.json", "their own file\n");
    std::fs::rename(desk.join("items"), tmp.path().join("old-items")).expect("rename");
    std::os::unix::fs::symlink(&theirs, desk.join("items")).expect("symlink");
    let live = write(tmp.path(), "more.txt", &LIVE.replace("Drone", "Balloon"));
    let o = run(&desk, &["import", live.to_str().expect("utf-8")]);
    assert_one_line_error(&o, &["items is a symbolic link, not a directory"]);
    assert_eq!(
        std::fs::read_to_string(theirs.join("000000.json")).expect("read"),
        "their own file\n"
    );
    assert_eq!(std::fs::read_dir(&theirs).expect("ls").count(), 1);
}

/// A desk whose chunk 0 is damaged, the good bytes it had, and a place outside the desk.
fn desk_with_damaged_chunk() -> (tempfile::TempDir, PathBuf, Vec<u8>, PathBuf) {
    let (tmp, desk) = desk_with_issue();
    let chunk = desk.join("items/000000.json");
    let good = std::fs::read(&chunk).expect("read chunk");
    std::fs::write(&chunk, "{\"briefdesk\": \"items\"").expect("damage chunk");
    let _ = std::fs::remove_dir_all(desk.join(".backup/items"));
    let theirs = tmp.path().join("theirs");
    std::fs::create_dir(&theirs).expect("mkdir");
    (tmp, desk, good, theirs)
}

/// `doctor --restore` failed, said why in words naming `needle`, and left the damaged
/// chunk as it was and everything outside the desk as it was.
fn assert_restore_refused(o: &Output, desk: &Path, theirs: &Path, before: &[(PathBuf, Vec<u8>)]) {
    let out = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(o));
    assert!(!o.status.success(), "should fail: {out}");
    assert!(out.contains("symbolic link"), "the link is named: {out}");
    assert_eq!(
        std::fs::read_to_string(desk.join("items/000000.json")).expect("read"),
        "{\"briefdesk\": \"items\"",
        "nothing from outside the desk was read into it"
    );
    assert_eq!(
        snapshot(theirs),
        before,
        "nothing outside the desk was written"
    );
}

#[test]
fn doctor_restore_refuses_a_symlinked_backup_file() {
    let (_tmp, desk, good, theirs) = desk_with_damaged_chunk();
    // A good-looking chunk outside the desk, linked in as the newest backup.
    let planted = theirs.join("chunk.json");
    std::fs::write(&planted, &good).expect("write");
    std::fs::create_dir_all(desk.join(".backup/items")).expect("mkdir");
    std::os::unix::fs::symlink(&planted, desk.join(".backup/items/000000.json.1"))
        .expect("symlink");
    let before = snapshot(&theirs);
    let o = run(&desk, &["doctor", "--restore"]);
    assert_restore_refused(&o, &desk, &theirs, &before);
}

#[test]
fn doctor_restore_refuses_a_symlinked_backup_directory() {
    let (_tmp, desk, good, theirs) = desk_with_damaged_chunk();
    std::fs::create_dir_all(theirs.join("items")).expect("mkdir");
    std::fs::write(theirs.join("items/000000.json.1"), &good).expect("write");
    let _ = std::fs::remove_dir_all(desk.join(".backup"));
    std::os::unix::fs::symlink(&theirs, desk.join(".backup")).expect("symlink");
    let before = snapshot(&theirs);
    let o = run(&desk, &["doctor", "--restore"]);
    assert_restore_refused(&o, &desk, &theirs, &before);
}

#[test]
fn doctor_restore_never_writes_through_a_symlinked_items_directory() {
    let (tmp, desk, good, theirs) = desk_with_damaged_chunk();
    // items/ is a link to a directory outside holding a damaged chunk; the desk's own
    // backup of chunk 0 is good: a restore would write it out there.
    std::fs::create_dir_all(desk.join(".backup/items")).expect("mkdir");
    std::fs::write(desk.join(".backup/items/000000.json.1"), &good).expect("write");
    std::fs::rename(desk.join("items"), tmp.path().join("old-items")).expect("rename");
    write(&theirs, "000000.json", "{\"briefdesk\": \"items\"");
    std::os::unix::fs::symlink(&theirs, desk.join("items")).expect("symlink");
    let before = snapshot(&theirs);
    let o = run(&desk, &["doctor", "--restore"]);
    let out = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(!o.status.success(), "should fail: {out}");
    assert!(
        out.contains("items is a symbolic link, not a directory"),
        "the link is named: {out}"
    );
    assert_eq!(
        snapshot(&theirs),
        before,
        "nothing outside the desk was written"
    );
}
