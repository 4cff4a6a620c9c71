//! A hang-up while a big desk is still loading (opened newest first, the older chunk files
//! being read on a thread): the process is gone and the lock free at once, not after the
//! watchdog's grace period, and nothing on disk changed. Issue #19.
//!
//! The loading is made to last (`BRIEFDESK_TEST_LOAD_PAUSE_MS`, a test hook of the
//! `crash-points` build: a pause before each older chunk file), so the hang-up surely
//! arrives while it runs, on any machine. Nothing is timed strictly: the test asserts a
//! clean exit and a free lock, and prints how long they took.

#[path = "support/desk_gen.rs"]
mod desk_gen;
#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::Term;

/// Drafts in the generated desk: well over the 64 chunk files from which a desk is opened
/// newest first.
const DRAFTS: u64 = 10_000;

#[test]
fn a_hang_up_while_the_older_drafts_load_ends_the_process_and_frees_the_lock() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let desk = tmp.path().join("desk");
    desk_gen::write_desk(&desk, &desk_gen::desk(DRAFTS)).expect("write the desk");
    let before = files::snapshot(&desk);
    let lock = desk.join(".lock");

    // 100 ms before each of ~150 older chunk files, on two threads: several seconds of
    // loading, longer than the watchdog's grace period.
    let mut t = Term::spawn(
        &[],
        Some(&desk),
        24,
        80,
        &[("BRIEFDESK_TEST_LOAD_PAUSE_MS", "100")],
    );
    // The first screen: the newest drafts (the generator's newest draft is the highest id).
    t.wait_until("the first screen", |p| {
        p.screen().contents().contains("Drafts")
    });
    assert!(lock.exists(), "the desk open for editing holds its lock");

    let pid = t.pid().expect("the child's pid");
    let sent = Instant::now();
    // SAFETY: a plain kill(2) on our own child process.
    let r = unsafe { libc::kill(pid as libc::pid_t, libc::SIGHUP) };
    assert_eq!(r, 0, "kill({pid}, SIGHUP)");
    let st = t.wait_exit();
    let gone = sent.elapsed();
    while lock.exists() && sent.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let free = sent.elapsed();
    eprintln!(
        "hang-up while loading {DRAFTS} drafts: process gone after {gone:.0?}, lock free after {free:.0?}"
    );
    // The watchdog's way out is `exit(129)` with the lock file left behind.
    assert!(
        st.success(),
        "the session ended by itself, not by the watchdog: {st:?}"
    );
    assert!(!lock.exists(), "the lock file is removed on the way out");
    drop(t);
    assert!(
        files::snapshot(&desk) == before,
        "a hang-up while loading changes nothing on disk"
    );
}

/// Keys are handled while the older drafts load (issue #19): a hang-up with an edit
/// waiting for them ends the session as fast, and the edit, never applied, writes nothing.
#[test]
fn a_hang_up_with_an_edit_waiting_for_the_older_drafts_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let desk = tmp.path().join("desk");
    desk_gen::write_desk(&desk, &desk_gen::desk(DRAFTS)).expect("write the desk");
    let before = files::snapshot(&desk);
    let lock = desk.join(".lock");
    let mut t = Term::spawn(
        &[],
        Some(&desk),
        24,
        120,
        &[("BRIEFDESK_TEST_LOAD_PAUSE_MS", "100")],
    );
    t.wait_for("loading older drafts:");
    t.send("s");
    t.wait_for("spike waits for the older drafts");
    let pid = t.pid().expect("the child's pid");
    let sent = Instant::now();
    // SAFETY: a plain kill(2) on our own child process.
    let r = unsafe { libc::kill(pid as libc::pid_t, libc::SIGHUP) };
    assert_eq!(r, 0, "kill({pid}, SIGHUP)");
    let st = t.wait_exit();
    let gone = sent.elapsed();
    while lock.exists() && sent.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
    }
    eprintln!(
        "hang-up with an edit waiting: process gone after {gone:.0?}, lock free after {:.0?}",
        sent.elapsed()
    );
    assert!(st.success(), "ended by itself, not by the watchdog: {st:?}");
    assert!(!lock.exists(), "the lock file is removed on the way out");
    drop(t);
    assert!(
        files::snapshot(&desk) == before,
        "the waiting edit is never applied: nothing on disk changed"
    );
}
