//! Keys before the whole desk (issue #19): a big desk opened newest first takes keys on
//! its newest drafts while the older chunk files load, and an edit typed meanwhile waits
//! for them and lands on disk on the draft that was selected.
//!
//! The loading is made to last (`BRIEFDESK_TEST_LOAD_PAUSE_MS`, the `crash-points` build's
//! pause before each older chunk file), so the keys surely arrive while it runs. Nothing
//! is timed: the tests assert the order (the key's effect on screen while the status line
//! still says the older drafts are loading) and print how long things took.

#[path = "support/desk_gen.rs"]
mod desk_gen;
#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;

use std::time::Instant;

use briefdesk::model::ItemState;
use briefdesk::store::Store;
use pty::Term;

/// Over the 64 chunk files from which a desk is opened newest first.
const DRAFTS: u64 = 10_000;

const LOADING: &str = "loading older drafts:";

/// The title bar's count while the older drafts load (seen over the help, which covers
/// the status line).
const COUNTING: &str = "… drafts ·";

fn slow_desk(dir: &std::path::Path) -> Term {
    desk_gen::write_desk(dir, &desk_gen::desk(DRAFTS)).expect("write the desk");
    // 100 ms before each of ~150 older chunk files, on two threads: seconds of loading.
    Term::spawn(
        &[],
        Some(dir),
        30,
        120,
        &[("BRIEFDESK_TEST_LOAD_PAUSE_MS", "100")],
    )
}

#[test]
fn keys_are_handled_while_the_older_drafts_load_and_an_edit_waits_for_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let desk = tmp.path().join("desk");
    let t0 = Instant::now();
    let mut t = slow_desk(&desk);
    let (_, generated) = Store::open(&desk).expect("the generated desk");
    let second_newest = *generated.items.keys().rev().nth(1).expect("two drafts");
    t.wait_for(LOADING);
    let first = t0.elapsed();

    // Help opens and closes while the status line still counts the older drafts. Keys are
    // sent without waiting for the output to settle: the count moves while it loads.
    t.send("?");
    t.wait_until("help over the loading desk", |p| {
        let s = p.screen().contents();
        s.contains("Esc closes") && s.contains(COUNTING)
    });
    let help = t0.elapsed();
    t.send("\x1b");
    t.wait_until("help closed while loading", |p| {
        let s = p.screen().contents();
        !s.contains("Esc closes") && s.contains(LOADING)
    });

    // One row down (the second newest draft), then `s`: it waits for the whole desk.
    t.send("js");
    let waited = t.wait_for("spike waits for the older drafts");
    assert!(waited.contains(LOADING), "still loading:\n{waited}");
    let queued = t0.elapsed();

    // The whole desk in, the spike run and saved after it.
    t.wait_until("the whole desk and the save", |p| {
        let s = p.screen().contents();
        s.contains(&format!("{DRAFTS} drafts")) && s.contains("saved") && !s.contains(LOADING)
    });
    let loaded = t0.elapsed();
    eprintln!(
        "slowed load of {DRAFTS} drafts: first screen {first:.0?}, help on screen {help:.0?}, \
         spike waiting {queued:.0?}, whole desk and the spike saved {loaded:.0?}"
    );
    t.type_keys("q");
    assert!(t.wait_exit().success());

    let (_, after) = Store::open(&desk).expect("reopen");
    for (id, item) in &generated.items {
        let now = after.item(*id).map(|i| i.state);
        if *id == second_newest {
            assert_eq!(now, Some(ItemState::Spiked), "the draft selected, spiked");
        } else {
            assert_eq!(now, Some(item.state), "draft {id:?} untouched");
        }
    }
}

#[test]
fn quit_while_the_older_drafts_load_ends_at_once_and_frees_the_lock() {
    for quit in ["q", "\x03"] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let desk = tmp.path().join("desk");
        let mut t = slow_desk(&desk);
        let before = files::snapshot(&desk);
        t.wait_for(LOADING);
        let sent = Instant::now();
        t.send(quit);
        let st = t.wait_exit();
        let gone = sent.elapsed();
        eprintln!("quit {quit:?} while loading: process gone after {gone:.0?}");
        assert!(st.success(), "{st:?}");
        assert!(!desk.join(".lock").exists(), "the lock is freed");
        drop(t);
        assert!(files::snapshot(&desk) == before, "nothing written");
    }
}

#[test]
fn a_damaged_older_chunk_ends_the_session_with_an_edit_waiting_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let desk = tmp.path().join("desk");
    desk_gen::write_desk(&desk, &desk_gen::desk(DRAFTS)).expect("write the desk");
    // The oldest chunk file cut short: the full open names it.
    std::fs::write(
        desk.join("items/000000.json"),
        "{\"briefdesk\": \"items\", \"schema\": 1, \"items\": [",
    )
    .expect("damage");
    let full = match Store::open(&desk) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("the full open fails"),
    };
    let before = files::snapshot(&desk);
    let mut t = Term::spawn(
        &[],
        Some(&desk),
        30,
        120,
        &[("BRIEFDESK_TEST_LOAD_PAUSE_MS", "100")],
    );
    t.wait_for(LOADING);
    t.send("s");
    let waited = t.wait_for("spike waits for the older drafts");
    assert!(waited.contains(LOADING), "still loading:\n{waited}");
    let st = t.wait_exit();
    assert!(!st.success(), "the session ends with the error: {st:?}");
    let out = String::from_utf8_lossy(&t.output()).to_string();
    // The error after the terminal is given back (the alternate screen left).
    let left = out.rfind("\x1b[?1049l").expect("the alternate screen left");
    let after = &out[left..];
    let first_line = full.lines().next().expect("one line");
    assert!(
        after.contains(first_line),
        "{full:?} after the screen:\n{after:?}"
    );
    assert!(!desk.join(".lock").exists(), "the lock is freed");
    drop(t);
    assert!(files::snapshot(&desk) == before, "nothing written");
}
