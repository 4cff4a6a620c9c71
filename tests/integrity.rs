//! Issue #12: a desk that knows what it holds. Ids are never given twice, a deleted desk
//! file is named by every command, a damaged journal is kept (never emptied), a full disk
//! is told as it is, and a desk the user may not read says so. The real binary, as in
//! `tests/cli.rs`, with the library for what only the desk (TUI) does, such as undo.

use std::path::{Path, PathBuf};
use std::process::Output;

use briefdesk::model::review::{Event, EventKind, Status};
use briefdesk::model::{Command as DeskCommand, Edit, History, Issue, IssueId, IssueMeta, ItemId};
use briefdesk::store::{self, Store};

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;
use files::{snapshot, write};
use run::{bin, run, stderr, stdout};

/// Failed with exit 1 and one line on stderr holding every word of `want`.
fn assert_one_line_error(o: &Output, want: &[&str]) -> String {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout {} stderr {err}",
        stdout(o)
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    for w in want {
        assert!(err.contains(w), "{w:?} not in {err}");
    }
    err
}

/// `n` live-update drafts, each its own headline and body.
fn live(n: usize, tag: &str) -> String {
    let mut s =
        String::from("THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS\nUPDATE: 9:15 PM CEST\n");
    for i in 0..n {
        s.push_str(&format!(
            "Harbor Authority Reports Incident {tag} Number {i} Near Pier\n\
             Officials said the incident {tag}-{i} caused no damage and an inquiry has begun.\n"
        ));
    }
    s
}

fn import(tmp: &Path, desk: &Path, n: usize, tag: &str) -> Output {
    let f = write(tmp, &format!("{tag}.txt"), &live(n, tag));
    run(desk, &["import", "--format", "live", f.to_str().unwrap()])
}

fn new_desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    (tmp, desk)
}

fn ids_on(desk: &Path) -> (Vec<u64>, Vec<u64>) {
    let (_s, d, _) = Store::open_read_only(desk).expect("open");
    (
        d.items.keys().map(|i| i.0).collect(),
        d.issues.keys().map(|i| i.0).collect(),
    )
}

/// One user action as the desk runs it: perform (or undo), journal, save.
fn act(store: &mut Store, desk: &mut briefdesk::model::Desk, done: briefdesk::model::Done) {
    store.append_journal(&done.edits).expect("journal");
    store.save(desk, &done.touched).expect("save");
}

// ---- 3. ids are never given twice ----

#[test]
fn an_undone_issue_s_id_and_review_never_go_to_the_next_issue() {
    let (_tmp, desk) = new_desk();
    let o = run(&desk, &["issue", "new", "Digest – March 4, 2025"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "1");

    // In the desk: a new issue 2, which bob approves, then undo.
    {
        let _lock = Store::lock_dir(&desk).expect("lock");
        let (mut s, mut d) = Store::open(&desk).expect("open");
        let mut h = History::new();
        let issue = Issue::new(d.next_issue_id(), IssueMeta::default());
        assert_eq!(issue.id, IssueId(2));
        let done = h.perform(&mut d, &DeskCommand::NewIssue { issue }).unwrap();
        act(&mut s, &mut d, done);
        let approve = Event {
            at: chrono::Utc::now(),
            by: "bob".into(),
            kind: EventKind::Status {
                to: Status::Approved,
                note: String::new(),
                snapshot: Some(Box::new(d.issue(IssueId(2)).unwrap().clone())),
            },
        };
        store::review::append_event(&desk, IssueId(2), &approve).expect("approve");
        let done = h.undo(&mut d).unwrap().unwrap();
        act(&mut s, &mut d, done);
        assert_eq!(d.next_issue_id(), IssueId(3), "the undone id stays spent");
    }
    assert!(
        !desk.join("reviews/2").exists(),
        "the logs went with issue 2"
    );
    assert!(desk.join(".backup/reviews/2/bob.jsonl").exists());

    let o = run(&desk, &["issue", "new", "Digest – March 11, 2025"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "3", "not issue 2's id again");
    let o = run(&desk, &["list", "issues"]);
    assert!(
        !stdout(&o).to_lowercase().contains("approved"),
        "{}",
        stdout(&o)
    );
    assert_eq!(ids_on(&desk).1, vec![1, 3]);
}

#[test]
fn undone_drafts_ids_are_not_given_to_the_next_import() {
    let (tmp, desk) = new_desk();
    assert!(import(tmp.path(), &desk, 3, "a").status.success());
    {
        let _lock = Store::lock_dir(&desk).expect("lock");
        let (mut s, mut d) = Store::open(&desk).expect("open");
        let mut h = History::new();
        let items = (0..2)
            .map(|i| {
                briefdesk::model::Item::new(
                    ItemId(d.next_item_id().0 + i),
                    format!("Undone {i}"),
                    vec![],
                )
            })
            .collect();
        let done = h.perform(&mut d, &DeskCommand::AddItems { items }).unwrap();
        act(&mut s, &mut d, done);
        let done = h.undo(&mut d).unwrap().unwrap();
        act(&mut s, &mut d, done);
    }
    let o = import(tmp.path(), &desk, 1, "b");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(ids_on(&desk).0, vec![1, 2, 3, 6], "4 and 5 stay spent");
}

// ---- 4. a deleted desk file is named by every command ----

/// A desk of 200 drafts in 4 chunk files (ids 1..=200), and issue 1; chunk 1 rewritten
/// once, so `.backup` has a version of it.
fn big_desk() -> (tempfile::TempDir, PathBuf) {
    let (tmp, desk) = new_desk();
    assert!(import(tmp.path(), &desk, 200, "big").status.success());
    let o = run(&desk, &["issue", "new", "Digest – March 4, 2025"]);
    assert!(o.status.success(), "{}", stderr(&o));
    {
        let _lock = Store::lock_dir(&desk).expect("lock");
        let (mut s, mut d) = Store::open(&desk).expect("open");
        let e = Edit::SetItemState {
            id: ItemId(100),
            state: briefdesk::model::ItemState::Held,
        };
        s.append_journal(std::slice::from_ref(&e)).unwrap();
        e.apply(&mut d).unwrap();
        s.save(&d, &[briefdesk::model::Touch::Item(ItemId(100))])
            .unwrap();
    }
    assert!(desk.join("items/000002.json").exists());
    assert!(desk.join(".backup/items/000001.json.1").exists());
    (tmp, desk)
}

#[test]
fn a_deleted_middle_chunk_is_named_by_every_command_and_doctor_restores_it() {
    let (tmp, desk) = big_desk();
    std::fs::remove_file(desk.join("items/000001.json")).unwrap();
    let before = snapshot(&desk);
    let digest = write(tmp.path(), "more.txt", &live(2, "more"));
    for args in [
        vec!["list", "drafts"],
        vec!["list", "issues"],
        vec!["export", "--issue", "1"],
        vec!["import", "--format", "live", digest.to_str().unwrap()],
        vec!["issue", "new", "Another"],
    ] {
        let o = run(&desk, &args);
        assert_one_line_error(
            &o,
            &["items/000001.json", "missing", "briefdesk doctor --restore"],
        );
    }
    assert_eq!(snapshot(&desk), before, "nothing was written");

    let o = run(&desk, &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "a missing file is a failed check");
    assert!(
        stdout(&o).contains("items/000001.json: missing"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("can be restored from"),
        "{}",
        stdout(&o)
    );
    assert_eq!(snapshot(&desk), before, "doctor alone changes nothing");

    let o = run(&desk, &["doctor", "--restore"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("restored from"), "{}", stdout(&o));
    let o = run(&desk, &["list", "drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 200);
    assert!(run(&desk, &["doctor"]).status.success());
}

#[test]
fn a_deleted_issue_without_backup_is_reported_and_its_id_stays_spent() {
    let (_tmp, desk) = big_desk();
    std::fs::remove_file(desk.join("issues/1.json")).unwrap();
    let o = run(&desk, &["list", "issues"]);
    assert_one_line_error(&o, &["issues/1.json", "missing", "doctor --restore"]);
    let o = run(&desk, &["issue", "new", "Another"]);
    assert_one_line_error(&o, &["issues/1.json", "missing"]);

    let o = run(&desk, &["doctor", "--restore"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("--forget-missing"), "{}", stdout(&o));
    let o = run(&desk, &["doctor", "--forget-missing"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(run(&desk, &["doctor"]).status.success());
    let o = run(&desk, &["issue", "new", "Another"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "2", "issue 1's id is not given again");
}

#[test]
fn the_quick_list_and_the_newest_first_open_see_a_missing_file_too() {
    let (tmp, desk) = new_desk();
    // 64+ chunk files: the desk opens newest first and `list` takes the quick read.
    assert!(import(tmp.path(), &desk, 64 * 70, "many").status.success());
    std::fs::remove_file(desk.join("items/000003.json")).unwrap();
    let o = run(&desk, &["list", "drafts"]);
    assert_one_line_error(&o, &["items/000003.json", "missing"]);
    match Store::open_newest_first(&desk) {
        Err(e) => assert!(e.to_string().contains("000003.json: missing"), "{e}"),
        Ok(_) => panic!("opened a desk with a missing file"),
    }
}

// ---- 5. a damaged journal is kept, never emptied ----

/// A desk with three drafts saved and 9 more only in the journal (the editor was killed),
/// the journal's lines as written.
fn desk_with_journal() -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let (tmp, desk) = new_desk();
    assert!(import(tmp.path(), &desk, 3, "saved").status.success());
    {
        let (mut s, mut d) = Store::open(&desk).expect("open");
        for i in 0..9 {
            let item = briefdesk::model::Item::new(
                d.next_item_id(),
                format!("Journaled draft {i}"),
                vec![],
            );
            let e = Edit::InsertItem { item };
            s.append_journal(std::slice::from_ref(&e)).unwrap();
            e.apply(&mut d).unwrap();
        }
        // Dropped without a save, as by kill -9.
    }
    let journal = std::fs::read_to_string(desk.join("journal.jsonl")).unwrap();
    let lines = journal.lines().map(String::from).collect();
    (tmp, desk, lines)
}

fn damaged_copies(desk: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(desk)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("journal.jsonl.damaged-"))
        })
        .collect()
}

fn check_damaged_journal(lines: Vec<String>, desk: &Path, tmp: &Path, line: usize, good: usize) {
    let journal = desk.join("journal.jsonl");
    let text = lines.join("\n") + "\n";
    std::fs::write(&journal, &text).unwrap();
    let before = snapshot(desk);

    // Readers refuse too, and write nothing (not even the copy).
    let o = run(desk, &["list", "drafts"]);
    assert_one_line_error(&o, &["journal.jsonl", &format!("line {line}"), "doctor"]);
    assert_eq!(snapshot(desk), before);

    let more = write(tmp, "w.txt", &live(1, "writer"));
    let o = run(
        desk,
        &["import", "--format", "live", more.to_str().unwrap()],
    );
    let err = assert_one_line_error(
        &o,
        &[
            "journal.jsonl",
            &format!("line {line}"),
            "damaged",
            "doctor",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(&journal).unwrap(),
        text,
        "never emptied"
    );
    let copies = damaged_copies(desk);
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(err.contains(&copies[0].display().to_string()), "{err}");
    assert_eq!(std::fs::read_to_string(&copies[0]).unwrap(), text);
    // A second refusal keeps the same copy, never a new or overwritten one.
    let o = run(desk, &["issue", "new", "Another"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(damaged_copies(desk), copies);

    let o = run(desk, &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("journal.jsonl"), "{}", stdout(&o));
    let o = run(desk, &["doctor", "--restore"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&journal).unwrap(),
        b"",
        "replayed, then emptied"
    );
    assert_eq!(
        std::fs::read_to_string(&copies[0]).unwrap(),
        text,
        "the copy stays"
    );
    assert_eq!(ids_on(desk).0.len(), 3 + good, "what could be replayed was");
    assert!(run(desk, &["doctor"]).status.success());
}

#[test]
fn a_torn_first_journal_line_is_kept_and_the_rest_replayed_by_doctor() {
    let (tmp, desk, mut lines) = desk_with_journal();
    lines[0] = lines[0][..lines[0].len() / 2].to_string();
    check_damaged_journal(lines, &desk, tmp.path(), 1, 8);
}

#[test]
fn a_garbage_journal_line_is_kept_and_the_rest_replayed_by_doctor() {
    let (tmp, desk, mut lines) = desk_with_journal();
    lines[4] = "\u{1b}[2J garbage".into();
    check_damaged_journal(lines, &desk, tmp.path(), 5, 8);
}

#[test]
fn an_edit_kind_from_a_newer_briefdesk_is_kept_not_dropped() {
    let (tmp, desk, mut lines) = desk_with_journal();
    lines[2] = lines[2].replace("\"insert_item\"", "\"insert_poll\"");
    check_damaged_journal(lines, &desk, tmp.path(), 3, 8);
}

#[test]
fn a_journal_seq_at_the_end_of_the_range_is_damaged_not_wrapped() {
    let (tmp, desk, mut lines) = desk_with_journal();
    let mut v: serde_json::Value = serde_json::from_str(&lines[8]).unwrap();
    v["seq"] = u64::MAX.into();
    lines[8] = v.to_string();
    assert!(lines[8].contains(&u64::MAX.to_string()));
    check_damaged_journal(lines, &desk, tmp.path(), 9, 8);
}

// ---- 6. a full disk ----

#[test]
fn an_import_on_a_full_disk_says_journaled_not_saved_and_is_saved_later() {
    let (tmp, desk) = new_desk();
    assert!(import(tmp.path(), &desk, 3, "first").status.success());
    let f = write(tmp.path(), "full.txt", &live(2, "full"));
    let o = bin()
        .env("BRIEFDESK_TEST_DISK_FULL", "1")
        .arg("--desk")
        .arg(&desk)
        .args(["import", "--format", "live", f.to_str().unwrap()])
        .output()
        .unwrap();
    let err = assert_one_line_error(
        &o,
        &[
            "journaled, not saved",
            "will be saved on the next write when space is free",
            "items/000000.json",
        ],
    );
    assert!(
        !err.contains(".tmp-"),
        "blames the desk file, not a temp file: {err}"
    );
    assert_eq!(err.matches("No space left on device").count(), 1, "{err}");
    // The drafts are in the journal: shown now, saved by the next write.
    let o = run(&desk, &["list", "drafts"]);
    assert_eq!(stdout(&o).lines().count(), 5, "{}", stdout(&o));
    assert!(import(tmp.path(), &desk, 1, "later").status.success());
    assert_eq!(std::fs::read(desk.join("journal.jsonl")).unwrap(), b"");
    assert_eq!(ids_on(&desk).0, vec![1, 2, 3, 4, 5, 6]);
}

// ---- smaller points ----

#[test]
fn a_desk_this_user_may_not_read_is_permission_denied_not_no_desk() {
    let (tmp, desk) = new_desk();
    assert!(import(tmp.path(), &desk, 2, "private").status.success());
    let mut cmd = bin();
    if unsafe_is_root() {
        // Root reads everything: run the check as `nobody`, who may not enter the desk.
        use std::os::unix::process::CommandExt;
        cmd.uid(65534).gid(65534);
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&desk, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    if !unsafe_is_root() {
        std::fs::set_permissions(&desk, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let o = cmd
        .arg("--desk")
        .arg(&desk)
        .args(["list", "drafts"])
        .output()
        .unwrap();
    std::fs::set_permissions(&desk, std::fs::Permissions::from_mode(0o700)).unwrap();
    let err = assert_one_line_error(&o, &["desk.json", "ermission denied"]);
    assert!(!err.contains("no desk"), "{err}");
}

fn unsafe_is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn doctor_fails_while_a_file_is_damaged() {
    let (tmp, desk) = new_desk();
    assert!(import(tmp.path(), &desk, 3, "x").status.success());
    assert!(import(tmp.path(), &desk, 1, "y").status.success());
    std::fs::write(desk.join("items/000000.json"), "{\"briefdesk\": \"items\"").unwrap();
    let o = run(&desk, &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("can be restored from"),
        "{}",
        stdout(&o)
    );
    assert!(run(&desk, &["doctor", "--restore"]).status.success());
    assert!(run(&desk, &["doctor"]).status.success());
}

#[test]
fn breaking_a_garbage_lock_says_it_removed_an_unreadable_lock() {
    let (tmp, desk) = new_desk();
    assert!(import(tmp.path(), &desk, 1, "x").status.success());
    std::fs::write(desk.join(".lock"), "\u{0}\u{0}garbage").unwrap();
    let o = run(&desk, &["doctor", "--break-lock"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("removed a lock that did not read"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("was not locked"), "{}", stderr(&o));
    assert!(!desk.join(".lock").exists());
}

#[test]
fn a_hostile_edit_kind_in_the_journal_reaches_the_terminal_as_text() {
    let (_tmp, desk, mut lines) = desk_with_journal();
    lines[0] = lines[0].replace("\"insert_item\"", "\"\\u001b]0;owned\\u0007\"");
    std::fs::write(desk.join("journal.jsonl"), lines.join("\n") + "\n").unwrap();
    let o = run(&desk, &["list", "drafts"]);
    let err = assert_one_line_error(&o, &["journal.jsonl", "line 1", "does not know"]);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}

/// A desk directory this user may read but not write opens read-only in the desk (saying
/// why), instead of failing on the lock. As root (who may write anything) the desk runs as
/// `nobody` through `setpriv`; without it the check is skipped.
#[test]
fn a_desk_this_user_may_not_write_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, desk) = new_desk();
    assert!(import(tmp.path(), &desk, 3, "shared").status.success());
    let before = snapshot(&desk);
    let bin = env!("CARGO_BIN_EXE_briefdesk");
    let desk_s = desk.to_str().unwrap();
    let mut term = if unsafe_is_root() {
        if !Path::new("/usr/bin/setpriv").exists() {
            eprintln!("skipped: needs setpriv to run the desk as another user than root");
            return;
        }
        // Readable by all, writable by root only.
        for p in std::iter::once(tmp.path().to_path_buf())
            .chain(snapshot(&desk).into_iter().map(|(p, _)| p))
        {
            let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755));
        }
        for d in [desk.clone(), desk.join("items")] {
            std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        pty::Term::spawn_program(
            "/usr/bin/setpriv",
            &[
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                bin,
                "--desk",
                desk_s,
            ],
            24,
            80,
            &[
                ("HOME", "/tmp"),
                ("XDG_CONFIG_HOME", "/tmp/briefdesk-nobody-cfg"),
            ],
        )
    } else {
        std::fs::set_permissions(&desk, std::fs::Permissions::from_mode(0o555)).unwrap();
        pty::Term::spawn(&[], Some(&desk), 24, 80, &[])
    };
    // The title and the status line come in one frame, but the pty may be read half way
    // through it: wait for the status line itself.
    let screen = term.wait_for("read-only: you cannot write to");
    assert!(screen.contains("READ-ONLY"), "{screen}");
    term.send("q");
    assert!(term.wait_exit().success());
    std::fs::set_permissions(&desk, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(snapshot(&desk), before, "nothing written");
}

#[test]
fn doctor_empties_a_journal_in_which_no_line_reads_and_keeps_its_copy() {
    let (tmp, desk, _) = desk_with_journal();
    check_damaged_journal(vec!["\u{1b}[2J garbage".into()], &desk, tmp.path(), 1, 0);
}

/// A torn last line (kill -9 in the middle of an append: no newline after it) is still
/// skipped, as before: but a copy of the journal is kept first and the writer says so.
#[test]
fn a_torn_last_journal_line_is_skipped_aloud_with_a_copy_kept() {
    let (tmp, desk, mut lines) = desk_with_journal();
    lines[8] = lines[8][..lines[8].len() / 2].to_string();
    let text = lines.join("\n"); // no newline after the torn line
    std::fs::write(desk.join("journal.jsonl"), &text).unwrap();
    let o = import(tmp.path(), &desk, 1, "after");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("journal.jsonl:9: skipped a torn last journal line"),
        "{err}"
    );
    let copies = damaged_copies(&desk);
    assert_eq!(copies.len(), 1);
    assert_eq!(std::fs::read_to_string(&copies[0]).unwrap(), text);
    assert!(err.contains(&copies[0].display().to_string()), "{err}");
    assert_eq!(ids_on(&desk).0.len(), 3 + 8 + 1);
}
