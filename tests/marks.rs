//! End to end (issue #15): marks, a bulk spike and a state view in the real binary in a
//! pseudo-terminal, and what is on disk afterwards (`list drafts --state`).

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
fn two_marked_drafts_spiked_at_once_then_the_pool_view_hides_them() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    let file = files::write(tmp.path(), "live.txt", LIVE);
    let o = run(&desk, &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let mut t = Term::spawn(&[], Some(&desk), 24, 80, &[]);
    t.wait_for("1 Drafts (3)");
    t.settle();
    t.send(" ");
    t.send("j");
    t.send(" ");
    t.wait_for("2 marked");
    t.send("s");
    t.wait_for("2 drafts spiked");
    t.send("V");
    t.wait_for("1 Drafts (1 of 3, pool)");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}");

    let o = run(&desk, &["list", "drafts", "--state", "spiked"]);
    let spiked = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(spiked.lines().count(), 2, "{spiked}");
    let o = run(&desk, &["list", "drafts", "--state", "pool"]);
    let pool = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(pool.lines().count(), 1, "{pool}");
}
