//! End to end (issue #15): the word search in the real binary in a pseudo-terminal:
//! `Ctrl-f`, a word that is only in a draft's body, the draft listed and its hit in
//! Preview; `Esc` gives back the whole list, and the desk on disk is unchanged.

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;

use pty::Term;
use run::run;

const LIVE: &str = "UPDATE: 9:15 PM CEST
Coastal Guard Reports Drone Swarm Near Offshore Platform
Operators of a gas platform reported a swarm of small drones circling the site.
Ministry Confirms Breach of Payroll Provider
The finance ministry confirmed that a payroll contractor was breached last week.
Port Strike Enters Third Day as Talks Stall
Dock workers at the largest container port stayed off the job for a third day.
";

#[test]
fn ctrl_f_and_a_word_only_in_a_body_finds_the_draft_and_esc_restores_the_list() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    let file = files::write(tmp.path(), "live.txt", LIVE);
    let o = run(&desk, &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let listed = run(&desk, &["list", "drafts"]).stdout;

    let mut t = Term::spawn(&[], Some(&desk), 24, 80, &[]);
    t.wait_for("1 Drafts (3)");
    t.settle();
    t.key("\x06"); // Ctrl-f
    t.wait_for("1 Word search (3)");
    // "contractor" is in the Ministry draft's body only, never in a headline.
    t.type_keys("contractor");
    let s = t.wait_for("1 Word search (1 of 3)");
    assert!(s.contains("Ministry Confirms"), "{s}");
    assert!(!s.contains("Coastal Guard"), "{s}");
    // Preview shows the draft, with the hit.
    assert!(s.contains("payroll contractor was"), "{s}");
    assert!(s.contains("search: contractor"), "{s}");
    t.key("\x1b"); // Esc while typing leaves the search
    let s = t.wait_for("1 Drafts (3)");
    assert!(
        s.contains("Coastal Guard") && s.contains("Port Strike"),
        "{s}"
    );
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}");
    // A search reads, it never writes.
    assert_eq!(run(&desk, &["list", "drafts"]).stdout, listed);
}
