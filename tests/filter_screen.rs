//! End to end (issue #19): the fuzzy filter on a desk long enough to rank on the worker,
//! in the real binary in a pseudo-terminal. The first screen comes before the whole
//! ranking, and what the desk shows is what `list drafts --filter` prints: the same best
//! draft first, and, once the whole ranking is in, the same count.

#[path = "support/desk_gen.rs"]
mod desk_gen;
#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;

use pty::Term;
use run::run;

/// More than the 20,000 headlines from which the Drafts filter ranks on its worker.
const DRAFTS: u64 = 24_000;

#[test]
fn a_filter_on_a_big_desk_shows_the_best_draft_first_and_the_count_of_list_filter() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    desk_gen::write_desk(&desk, &desk_gen::desk(DRAFTS)).expect("write the desk");
    let listed = run(&desk, &["list", "drafts", "--filter", "ransom"]);
    assert!(listed.status.success());
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    let first = listed.lines().next().expect("a hit");
    let best = first.split('\t').nth(3).expect("a headline");
    let count = listed.lines().count();
    assert!(count > 100, "more hits than a first screen: {count}");

    let mut t = Term::spawn(&[], Some(&desk), 40, 160, &[]);
    t.wait_for(&format!("1 Drafts ({DRAFTS})"));
    t.settle();
    t.send("/");
    t.type_keys("ransom");
    // The whole ranking's count, as `list` counts.
    let s = t.wait_for(&format!("1 Drafts ({count} of {DRAFTS})"));
    // The best draft on the first row under the title (cut to the pane's width).
    let cut: String = best.chars().take(30).collect();
    let row = s
        .lines()
        .find(|l| l.contains(&cut))
        .unwrap_or_else(|| panic!("{cut:?} not on screen:\n{s}"));
    let title = s
        .lines()
        .position(|l| l.contains("1 Drafts ("))
        .expect("the title");
    let at = s.lines().position(|l| l == row).expect("the row");
    assert_eq!(at, title + 1, "the best draft first:\n{s}");
    t.key("\x1b");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}");
}
