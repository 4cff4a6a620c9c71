//! Pasting into the desk through a real pseudo-terminal: a bracketed paste arrives whole as
//! one insertion, a paste the terminal sends as plain typing (no bracketed paste) arrives
//! whole too, and neither leaves the process spinning afterwards.

#[path = "support/pty.rs"]
mod pty;

use std::path::Path;
use std::time::Duration;

use pty::Term;
use serde_json::Value;
#[path = "support/run.rs"]
mod run;
use run::run;

/// Over 8 KB: 90 paragraphs of ~90 characters, each one different.
fn paragraphs() -> Vec<String> {
    (0..90)
        .map(|i| {
            format!(
                "Paragraph {i:02}: the ministry said the outage began at the regional exchange and spread west."
            )
        })
        .collect()
}

/// CPU time (user + system) the process has used so far, from /proc/<pid>/stat.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc stat");
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = &stat[stat.rfind(')').expect("comm field") + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
    // SAFETY: sysconf with a valid name has no other effect.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_millis(ticks * 1000 / hz)
}

/// A desk with one issue, open in a terminal, in the New item form's body.
fn open_new_item_body(desk: &Path) -> Term {
    let o = run(
        desk,
        &["issue", "new", "Digest – March 4, 2025", "--section", "S"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut t = Term::spawn(&[], Some(desk), 24, 80, &[]);
    t.wait_for("1 Drafts");
    t.settle();
    t.wait_until("bracketed paste turned on", |p| {
        p.screen().bracketed_paste()
    });
    t.type_keys("n");
    t.wait_for("New item");
    t.type_keys("Pasted");
    t.key("\t");
    t
}

/// Idle for a second after the paste: a loop spinning on `poll` would use about a second
/// of CPU; an idle desk uses next to none.
fn assert_idle(t: &Term) {
    let pid = t.pid().expect("pid");
    let before = cpu_time(pid);
    std::thread::sleep(Duration::from_secs(1));
    let used = cpu_time(pid) - before;
    eprintln!("CPU in one idle second after the paste: {used:?}");
    assert!(
        used < Duration::from_millis(300),
        "{used:?} of CPU in one idle second after the paste"
    );
}

/// Save the form, quit, and read back the new draft's body.
fn saved_body(mut t: Term, desk: &Path) -> Vec<String> {
    t.key("\x13"); // Ctrl-S
    t.wait_for("1 drafts");
    t.send("q");
    assert!(t.wait_exit().success());
    t.wait_until("bracketed paste turned off", |p| {
        !p.screen().bracketed_paste()
    });
    let o = run(desk, &["list", "drafts", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let item = &v["items"][0];
    assert_eq!(item["headline"], "Pasted");
    item["body"]
        .as_array()
        .expect("body")
        .iter()
        .map(|p| p.as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn an_8kb_bracketed_paste_arrives_whole_and_the_desk_goes_idle() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let mut t = open_new_item_body(&desk);
    let text = paragraphs().join("\r");
    assert!(text.len() > 8000, "{}", text.len());
    // As a terminal sends a paste in bracketed-paste mode: newlines as CR, between markers.
    t.send(&format!("\x1b[200~{text}\x1b[201~"));
    // The body scrolls to the cursor, at the end of the last paragraph.
    t.wait_for("spread west.");
    t.settle();
    assert_idle(&t);
    assert_eq!(saved_body(t, &desk), paragraphs());
}

#[test]
fn a_paste_typed_fast_without_bracketed_paste_arrives_whole_and_the_desk_goes_idle() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let mut t = open_new_item_body(&desk);
    // A terminal without bracketed paste sends the text as keys, all at once.
    let before = t.bytes_written();
    t.send(&paragraphs().join("\r"));
    t.wait_for("Paragraph 89");
    t.settle();
    // Frames for what arrived together, not one per key (1.8 MB of redraws when every key
    // was drawn, ~120 KB batched).
    let drawn = t.bytes_written() - before;
    eprintln!("bytes drawn for the typed paste: {drawn}");
    assert!(drawn < 600_000, "{drawn} bytes drawn for 8 KB typed");
    assert_idle(&t);
    assert_eq!(saved_body(t, &desk), paragraphs());
}

#[test]
fn sigterm_turns_bracketed_paste_off_again() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let mut t = open_new_item_body(&desk);
    let pid = t.pid().expect("pid");
    // SAFETY: a plain kill(2) on our own child process.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) }, 0);
    t.wait_exit();
    t.wait_until("bracketed paste turned off", |p| {
        !p.screen().bracketed_paste() && !p.screen().alternate_screen()
    });
}
