//! End to end: the real binary in a pseudo-terminal, read through a vt100 emulator, and the
//! desk checked afterwards with the command line. Every wait polls the screen (or the
//! emulator's state) until a generous deadline, so a slow machine makes a test slower,
//! never wrong.

#[path = "support/files.rs"]
mod files;
#[path = "support/openpty.rs"]
mod openpty;
#[path = "support/pty.rs"]
mod pty;
use files::write;

use std::path::{Path, PathBuf};
use std::process::Command;

use pty::Term;
use serde_json::Value;
#[path = "support/run.rs"]
mod run;
use run::{ok, run};

const ROWS: u16 = 24;
const COLS: u16 = 80;
const ESC: &str = "\x1b";
const ENTER: &str = "\r";
const CTRL_R: &str = "\x12";

/// A live-updates page in the shape of `data/demo/live-updates.txt`: banner, then twelve
/// items newest first, some stamped by `UPDATE:` lines, one with a dateline.
const LIVE12: &str = "LATEST DEVELOPMENTS: THIS PAGE IS UPDATED AS THE NEWS COMES IN
UPDATE: 10:40 PM CEST
Ransomware Gang Claims Attack on Dutch Port Operator
A ransomware group claimed on Tuesday to have stolen 600 gigabytes of data from a container terminal operator in Rotterdam, whose gate systems were down for most of the day. Trucks queued for several kilometers on the access roads while staff processed containers by hand.
The operator said it had informed the national cyber security centre and that no ships had been diverted.
UPDATE: 9:05 PM CEST
Subsea Data Cable Cut Between Two Baltic Islands
A data cable linking the islands of Gotland and Saaremaa stopped carrying traffic overnight, the operator said on Tuesday, and a repair ship has been sent to find the break. Coast guards of both countries are checking the movements of vessels that crossed the route.
UPDATE: 7:30 PM CEST
Hostage Negotiators Return to Doha for a New Round
Israeli and Hamas negotiators returned to Doha on Tuesday for indirect talks on a phased exchange, mediated by Qatar and Egypt. Families of the remaining hostages held a vigil outside the prime minister's office in Jerusalem as the delegations arrived.
Hacktivists Post Screenshots of Water Plant Controls
A pro-Russian hacktivist group posted screenshots on Monday that it said showed the control panels of a water treatment plant in northern Italy. The utility said the images were old and that no settings had been changed.
UPDATE: 4:15 PM CEST
Central Bank Warns of a Wave of Deepfake Voice Fraud
The central bank warned lenders on Monday that criminals were using cloned voices of company executives to order urgent payments. It asked banks to confirm any large transfer requested by telephone through a second channel.
Drone Sightings Close Airport in Southern Norway
Kristiansand airport closed for three hours on Monday evening after several drones were seen near the runway, the second closure this month. Police said they had not identified the operators.
UPDATE: 1:20 PM EDT
Election Commission Reports Phishing Campaign Against Its Staff
The election commission said on Monday that dozens of its staff had received messages imitating its internal helpdesk, asking them to reset their passwords on a look-alike site. Two accounts were taken over and have since been locked.
Militia Attack Cuts Power to a Provincial Capital
Gunmen attacked a substation outside the provincial capital on Sunday night, cutting power to most of the city. The army said it had retaken the site by morning, but engineers said repairs could take a week.
UPDATE: 11:00 AM UTC
Spyware Vendor Sanctioned for Targeting Journalists
Brussels, Belgium—October 12, 2026: The European Union sanctioned a spyware vendor and two of its directors on Monday, saying the company's tools had been used to break into the phones of journalists in three member states.
Cargo Ship Detained After an Anchor Drag Damages a Pipeline
Finnish police detained a cargo ship on Sunday on suspicion of dragging its anchor across a gas pipeline in the Gulf of Finland. The pipeline operator said gas flows had been stopped as a precaution while divers inspect the damage.
Ceasefire Monitors Report Shelling Near a Border Town
International monitors reported more than forty explosions near a border town on Sunday, the highest number since the ceasefire began. Both sides blamed each other for the shelling.
Police Dismantle a Botnet Used for Credential Stuffing
Police in five countries took down servers of a botnet that had tried stolen passwords against online shops and banks, arresting three suspects. The botnet had made more than a billion login attempts in a year.
";

/// A digest (seed 000 shape) with one issue of two sections and three bullets.
const DIGEST: &str = "Harbor Lane Advisory’s Weekly Security Digest - March 4, 2025

Harbor Lane’s Weekly Digest | Risk and Policy Notes – March 4, 2025

Global Security Matters

International Affairs

  • Parliament passed the emergency powers bill after a night session.
    • The opposition will likely challenge the bill in court.
  • Border talks resumed in Geneva.

Cyber / Defense Technology

  • A ransomware group claimed an attack on a regional hospital chain.
";

/// A temporary directory with a desk in `desk/` (not yet made).
struct Fixture {
    tmp: tempfile::TempDir,
    desk: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().expect("temp dir");
        let desk = tmp.path().join("desk");
        Fixture { tmp, desk }
    }

    fn import(&self, name: &str, text: &str) {
        let f = write(self.tmp.path(), name, text);
        ok(&self.desk, &["import", f.to_str().expect("utf-8 path")]);
    }

    /// The analyst's desk: twelve drafts and this week's empty issue.
    fn analyst() -> Fixture {
        let fx = Fixture::new();
        fx.import("live.txt", LIVE12);
        ok(
            &fx.desk,
            &[
                "issue",
                "new",
                "Weekly Security Digest – July 9, 2024",
                "--group",
                "Global Security Matters",
                "--section",
                "International Affairs",
                "--section",
                "Israel – Gaza",
            ],
        );
        fx
    }

    fn open(&self, rows: u16, cols: u16, env: &[(&str, &str)]) -> Term {
        let t = Term::spawn(&[], Some(&self.desk), rows, cols, env);
        t.wait_for("1 Drafts");
        t.settle();
        t
    }

    fn drafts(&self) -> Vec<Value> {
        let out = ok(&self.desk, &["list", "drafts", "--json"]);
        let v: Value = serde_json::from_str(&out).expect("list drafts --json is JSON");
        v["items"].as_array().expect("items array").clone()
    }

    fn draft(&self, headline_part: &str) -> Value {
        self.drafts()
            .into_iter()
            .find(|i| i["headline"].as_str().unwrap_or("").contains(headline_part))
            .unwrap_or_else(|| panic!("no draft with {headline_part:?}"))
    }

    fn export_json(&self) -> Value {
        let out = ok(&self.desk, &["export", "--format", "json"]);
        serde_json::from_str(&out).expect("export --format json is JSON")
    }

    /// Every file of the desk with its bytes.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        files::snapshot(&self.desk)
    }

    /// Who `.lock` says holds the desk: `user@host`.
    fn holder(&self) -> String {
        let text = std::fs::read_to_string(self.desk.join(".lock")).expect("the desk is locked");
        let v: Value = serde_json::from_str(&text).expect(".lock is JSON");
        format!(
            "{}@{}",
            v["user"].as_str().expect("user"),
            v["host"].as_str().expect("host")
        )
    }
}

/// Quit with `q`; the program exits with status 0 and leaves the terminal as it found it.
fn quit(t: &mut Term) {
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}; screen:\n{}", t.screen());
    assert_restored(t);
}

/// The alternate screen left and the cursor shown again (polled: the last bytes may still
/// be on their way through the pty when the process is gone).
fn assert_restored(t: &Term) {
    t.wait_until("the terminal restored", |p| {
        !p.screen().alternate_screen() && !p.screen().hide_cursor()
    });
}

fn kill(t: &Term, sig: libc::c_int) {
    let pid = t.pid().expect("the child's pid");
    // SAFETY: a plain kill(2) on our own child process.
    let r = unsafe { libc::kill(pid as libc::pid_t, sig) };
    assert_eq!(r, 0, "kill({pid}, {sig})");
}

fn sections(issue: &Value) -> Vec<(String, usize)> {
    issue["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("name").to_string(),
                s["bullets"].as_array().map_or(0, Vec::len),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The full-screen editorial desk
// ---------------------------------------------------------------------------------------

/// Filter, assign three drafts (one into a section made by typing a new name), nest one
/// bullet under another, mark it an assessment, undo, redo, quit; the command line then
/// sees exactly that issue, and the drafts used.
#[test]
fn analyst_builds_the_issue_from_drafts() {
    let fx = Fixture::analyst();
    let mut t = fx.open(ROWS, COLS, &[]);
    t.wait_for("Drafts (12)");

    let assign = |t: &mut Term, query: &str, headline: &str, section: &str, shows: &str| {
        t.type_keys("/");
        t.type_keys(query);
        t.key(ENTER);
        // The best hit is selected: the preview shows it.
        t.wait_for(headline);
        t.type_keys("a");
        t.wait_for("International Affairs");
        t.type_keys(section);
        t.key(ENTER);
        t.wait_for(shows);
        // Esc clears the filter: the whole pool again, the item marked used.
        t.key(ESC);
        t.wait_for("Drafts (12)");
        t.wait_for(&format!("│U {}", &headline[..15]));
    };
    assign(
        &mut t,
        "subsea",
        "Subsea Data Cable Cut Between Two Baltic Islands",
        "inter",
        "International Affairs (1)",
    );
    assign(
        &mut t,
        "hacktiv",
        "Hacktivists Post Screenshots of Water Plant Controls",
        "inter",
        "International Affairs (2)",
    );
    assign(
        &mut t,
        "ransom",
        "Ransomware Gang Claims Attack on Dutch Port Operator",
        "Cyber Threats",
        "Cyber Threats (1)",
    );

    // The Issue pane: section, bullet, bullet: the second bullet under the first.
    // (The last assignment selected its bullet: go to the top first.)
    t.type_keys("2");
    t.type_keys("g");
    t.type_keys("jj");
    // Rows of the Issue pane: two spaces a level, `•` a fact, `◆` an assessment.
    let top = "│  • A pro-Russian hacktivist";
    let sub_fact = "│    • A pro-Russian hacktivist";
    let sub_assessment = "│    ◆ A pro-Russian hacktivist";
    t.wait_for(top);
    t.type_keys(">");
    t.wait_for(sub_fact);
    t.type_keys("A");
    t.wait_for(sub_assessment);
    t.type_keys("u");
    t.wait_for("undid");
    t.wait_for(sub_fact);
    t.key(CTRL_R);
    t.wait_for("redid");
    let s = t.wait_for(sub_assessment);
    assert!(s.contains("saved"), "{s}");
    quit(&mut t);

    let issue = fx.export_json();
    assert_eq!(issue["title"], "Weekly Security Digest – July 9, 2024");
    assert_eq!(issue["group"], "Global Security Matters");
    assert_eq!(
        sections(&issue),
        vec![
            ("International Affairs".to_string(), 1),
            ("Israel – Gaza".to_string(), 0),
            ("Cyber Threats".to_string(), 1),
        ],
        "{issue:#}"
    );
    // A bullet made from a draft carries the draft's lead paragraph and links to it.
    let from = |headline: &str| {
        let d = fx.draft(headline);
        (d["id"].clone(), d["body"][0].clone())
    };
    let intl = &issue["sections"][0]["bullets"];
    let (id, text) = from("Subsea Data Cable Cut");
    assert_eq!((&intl[0]["item"], &intl[0]["text"]), (&id, &text));
    assert_eq!(intl[0]["kind"], "fact");
    let sub = intl[0]["sub_points"].as_array().expect("a sub-point");
    assert_eq!(sub.len(), 1, "{issue:#}");
    let (id, text) = from("Hacktivists Post Screenshots");
    assert_eq!((&sub[0]["item"], &sub[0]["text"]), (&id, &text));
    assert_eq!(sub[0]["kind"], "assessment");
    assert!(sub[0]["sub_points"].is_null(), "{issue:#}");
    let cyber = &issue["sections"][2]["bullets"];
    let (id, text) = from("Ransomware Gang Claims");
    assert_eq!((&cyber[0]["item"], &cyber[0]["text"]), (&id, &text));
    assert_eq!(cyber[0]["kind"], "fact");
    assert!(cyber[0]["sub_points"].is_null(), "{issue:#}");

    for h in ["Subsea Data Cable", "Hacktivists Post", "Ransomware Gang"] {
        assert_eq!(fx.draft(h)["state"], "used", "{h}");
    }
    let pool = fx.drafts().iter().filter(|i| i["state"] == "pool").count();
    assert_eq!(pool, 9);
}

/// `?` lists the bindings with what they do; Esc closes it.
#[test]
fn help_shows_the_bindings_and_esc_closes_it() {
    let fx = Fixture::analyst();
    let mut t = fx.open(ROWS, COLS, &[]);
    t.type_keys("?");
    let s = t.wait_for("Help");
    for line in [
        "a, Enter",
        "assign the item to a section",
        "spike / unspike the item",
        "q, Ctrl-c",
        "quit (everything is already saved)",
        "Esc closes",
    ] {
        assert!(s.contains(line), "help lacks {line:?}:\n{s}");
    }
    t.key(ESC);
    t.wait_until("help closed", |p| {
        !p.screen().contents().contains("Esc closes")
    });
    let s = t.screen();
    assert!(
        s.contains("1 Drafts (12)") && s.contains("3 Preview"),
        "{s}"
    );
    quit(&mut t);
}

/// NO_COLOR: not one cell with a colour, and the panes still readable.
#[test]
fn no_color_means_no_colour_at_all() {
    let fx = Fixture::analyst();
    // Without NO_COLOR the desk does use colour: the check below can fail.
    let mut t = fx.open(ROWS, COLS, &[]);
    let coloured = t.with_parser(|p| {
        let s = p.screen();
        (0..ROWS).any(|r| {
            (0..COLS).any(|c| {
                s.cell(r, c).is_some_and(|cell| {
                    cell.fgcolor() != vt100::Color::Default
                        || cell.bgcolor() != vt100::Color::Default
                })
            })
        })
    });
    assert!(coloured, "the desk shows no colour even without NO_COLOR");
    quit(&mut t);

    let mut t = fx.open(ROWS, COLS, &[("NO_COLOR", "1")]);
    t.type_keys("j");
    let s = t.screen();
    for title in ["1 Drafts (12)", "2 Issue", "3 Preview", "briefdesk"] {
        assert!(s.contains(title), "{title:?} missing:\n{s}");
    }
    t.with_parser(|p| {
        let s = p.screen();
        for r in 0..ROWS {
            for c in 0..COLS {
                let cell = s.cell(r, c).expect("a cell");
                assert_eq!(cell.fgcolor(), vt100::Color::Default, "fg at {r},{c}");
                assert_eq!(cell.bgcolor(), vt100::Color::Default, "bg at {r},{c}");
            }
        }
    });
    quit(&mut t);
}

/// Too small a terminal gets a notice, not a crash; back at 80x24 the panes return.
#[test]
fn resize_to_tiny_and_back() {
    let fx = Fixture::analyst();
    let mut t = fx.open(ROWS, COLS, &[]);
    t.resize(8, 30);
    t.wait_for("too small");
    t.resize(ROWS, COLS);
    t.wait_for("1 Drafts (12)");
    let s = t.wait_for("3 Preview");
    assert!(!s.contains("too small"), "{s}");
    quit(&mut t);
}

/// After `q` the terminal is as it was: main screen, cursor shown.
#[test]
fn quitting_restores_the_terminal() {
    let fx = Fixture::analyst();
    let mut t = fx.open(ROWS, COLS, &[]);
    assert!(t.with_parser(|p| p.screen().alternate_screen()));
    assert!(t.with_parser(|p| p.screen().hide_cursor()));
    quit(&mut t);
}

/// Escape sequences in a headline never reach the terminal: not on import, and not from a
/// desk file edited by hand.
#[test]
fn hostile_text_is_shown_never_obeyed() {
    let fx = Fixture::new();
    let hostile = "LATEST DEVELOPMENTS: THIS PAGE IS UPDATED AS THE NEWS COMES IN
UPDATE: 10:40 PM CEST
Harmless Looking Item About Port Security
The port authority said on Tuesday that it had finished a review of access badges for all contractors working on the terminals. No incidents were found during the review.
UPDATE: 9:00 PM CEST
Rogue \x1b]0;pwned\x07Botnet \x1b]52;c;ZXZpbA==\x07Seizes \x1b[2JHome Routers
A botnet took over tens of thousands of home routers in Europe this week, researchers said on Tuesday, using a flaw that the vendor fixed in the spring. The owners of most devices never installed the update.
";
    fx.import("hostile.txt", hostile);
    let mut t = fx.open(ROWS, COLS, &[]);
    t.wait_for("Harmless Looking Item");
    t.type_keys("j");
    let s = t.wait_for("A botnet took over tens of thousands");
    assert!(s.contains("Rogue"), "{s}");
    assert!(s.contains("Seizes"), "{s}");
    assert!(s.contains("Home Routers"), "{s}");
    assert!(!s.contains("pwned"), "{s}");
    assert_no_terminal_requests(&t);
    quit(&mut t);

    // By hand: raw ESC and BEL in the headline as the JSON file holds it.
    let chunk = fx.desk.join("items/000000.json");
    let text = std::fs::read_to_string(&chunk).expect("chunk 0");
    assert!(text.contains("Harmless Looking Item About Port Security"));
    let text = text.replace(
        "Harmless Looking Item About Port Security",
        "Edited \\u001b]0;x\\u0007By Hand \\u001b]52;c;ZXZpbA==\\u0007Then \\u001b[2JSaved",
    );
    std::fs::write(&chunk, text).expect("edit the chunk by hand");
    let mut t = fx.open(ROWS, COLS, &[]);
    t.type_keys("g");
    let s = t.wait_for("By Hand");
    assert!(s.contains("Saved"), "{s}");
    // Shown visibly, as the symbol for ESC.
    assert!(s.contains('␛'), "the ESC is not shown visibly:\n{s}");
    assert_no_terminal_requests(&t);
    quit(&mut t);
}

fn assert_no_terminal_requests(t: &Term) {
    t.with_parser(|p| {
        let seen = p.callbacks();
        assert!(seen.titles.is_empty(), "title set: {:?}", seen.titles);
        assert!(seen.clipboard.is_empty(), "clipboard: {:?}", seen.clipboard);
        assert!(seen.osc.is_empty(), "OSC: {:?}", seen.osc);
    });
}

// ---------------------------------------------------------------------------------------
// Never lose an edit
// ---------------------------------------------------------------------------------------

/// kill -9 right after an edit shows: the edit is on disk, and the next open takes over
/// the dead process's lock (editable, no read-only notice).
#[test]
fn kill_9_loses_nothing_and_the_lock_is_taken_over() {
    let fx = Fixture::analyst();
    let mut t = fx.open(ROWS, COLS, &[]);
    // The newest draft is selected: spike it.
    t.wait_for("│  Ransomware Gang");
    t.type_keys("s");
    t.wait_for("│S Ransomware Gang");
    t.wait_for("saved");
    kill(&t, libc::SIGKILL);
    let st = t.wait_exit();
    assert!(!st.success());
    assert!(
        fx.desk.join(".lock").exists(),
        "the dead process's lock stays"
    );
    drop(t);

    assert_eq!(fx.draft("Ransomware Gang Claims Attack")["state"], "spiked");

    let mut t = fx.open(ROWS, COLS, &[]);
    let s = t.wait_for("│S Ransomware Gang");
    assert!(!s.contains("read-only") && !s.contains("READ-ONLY"), "{s}");
    // And it really edits: unspike.
    t.type_keys("s");
    t.wait_for("│  Ransomware Gang");
    t.wait_for("saved");
    quit(&mut t);
    assert_eq!(fx.draft("Ransomware Gang Claims Attack")["state"], "pool");
    assert!(
        !fx.desk.join(".lock").exists(),
        "the lock is released on quit"
    );
}

/// A second opener gets the desk read-only, told who holds it; its edit keys are refused
/// and it writes nothing.
#[test]
fn second_opener_is_read_only_and_writes_nothing() {
    let fx = Fixture::analyst();
    let mut first = fx.open(ROWS, COLS, &[]);
    let holder = fx.holder();
    let before = fx.snapshot();

    let mut second = fx.open(ROWS, COLS, &[]);
    let s = second.wait_for("READ-ONLY");
    assert!(
        s.contains(&format!("read-only: {holder}")),
        "the holder {holder} is not named:\n{s}"
    );
    // Each edit key is refused, in Drafts and in Issue (Esc clears the message between).
    for (pane, keys) in [("1", "s"), ("1", "h"), ("1", "a"), ("2", "S"), ("2", "o")] {
        second.type_keys(pane);
        second.key(ESC);
        second.wait_until("the message cleared", |p| {
            !p.screen().contents().contains("edits are off")
        });
        second.type_keys(keys);
        second.wait_for("read-only: this desk is open for review, edits are off");
    }
    let s = second.screen();
    assert!(s.contains("│  Ransomware Gang"), "{s}");
    quit(&mut second);
    assert_eq!(
        fx.snapshot(),
        before,
        "the read-only session changed desk files"
    );

    // The first is still the editor.
    first.type_keys("s");
    first.wait_for("│S Ransomware Gang");
    first.wait_for("saved");
    quit(&mut first);
    assert_eq!(fx.draft("Ransomware Gang Claims Attack")["state"], "spiked");
}

/// Issue #15: `briefdesk import` while the desk is open in the TUI is queued for it (one
/// line saying so), the new drafts are on the desk's screen within 2 s, `u` takes them back
/// as one step; nothing the session did is lost.
#[test]
fn cli_import_while_the_desk_is_open_lands_in_it_and_u_takes_it_back() {
    const MORE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS
UPDATE: 11:50 PM CEST
Harbour Cranes Halted by a Software Fault
Cranes at the eastern terminal stopped for six hours on Monday after a faulty update, the port authority said.
Ferry Operator Restores Its Booking System
The ferry operator said bookings were open again after a two-day outage blamed on a failed database upgrade.
";
    let fx = Fixture::analyst();
    let mut t = fx.open(ROWS, COLS, &[]);
    t.type_keys("s");
    t.wait_for("│S Ransomware Gang");
    t.wait_for("saved");
    let holder = fx.holder();
    let extra = write(fx.tmp.path(), "more.txt", MORE);

    let o = run(&fx.desk, &["import", extra.to_str().expect("utf-8")]);
    let queued_at = std::time::Instant::now();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(
        err.contains("2 drafts queued for the open desk held by")
            && err.contains(&holder)
            && err.contains("within 2 s"),
        "{err}"
    );

    // On the desk's screen (the wait is longer than 2 s for a slow machine's sake; the time
    // taken is printed).
    t.wait_for("Harbour Cranes Halted");
    t.wait_for("Ferry Operator Restores");
    println!("queued drafts on screen after {:?}", queued_at.elapsed());
    t.wait_for("imported 2 drafts from another process: u undoes");
    assert!(
        !fx.desk
            .join("inbox")
            .read_dir()
            .expect("inbox")
            .any(|_| true),
        "taken in"
    );

    // The session goes on; its spike is still there; `u` takes the import back.
    t.type_keys("u");
    t.wait_until("the imported drafts gone", |p| {
        !p.screen().contents().contains("Harbour Cranes")
    });
    quit(&mut t);
    assert_eq!(fx.drafts().len(), 12, "the import taken back, nothing else");
    assert_eq!(fx.draft("Ransomware Gang Claims Attack")["state"], "spiked");
    assert_eq!(ok(&fx.desk, &["list", "issues"]).lines().count(), 1);
}

/// SIGHUP (a dropped SSH connection) with a bullet half re-typed in the inline editor: the
/// process exits, restores the terminal, and the typed text is kept as a recovered draft;
/// the next start says so and shows it.
#[test]
fn sighup_keeps_half_typed_text_as_a_recovered_draft() {
    let fx = Fixture::new();
    fx.import("digest.txt", DIGEST);
    let mut t = fx.open(ROWS, COLS, &[]);
    t.type_keys("2");
    t.type_keys("j");
    t.wait_for("• Parliament passed the emergency power");
    t.type_keys("e");
    t.wait_for("Edit bullet");
    t.type_keys(" Vote was 301 to 250");
    // The box wraps at its width: the words may be on two rows.
    t.wait_for("86 chars");
    kill(&t, libc::SIGHUP);
    let st = t.wait_exit();
    assert!(st.success(), "{st:?}");
    assert_restored(&t);
    drop(t);

    // The bullet itself is as it was; the text is a draft in the pool.
    let issue = fx.export_json();
    assert_eq!(
        issue["sections"][0]["bullets"][0]["text"],
        "Parliament passed the emergency powers bill after a night session."
    );
    let rescued = fx.draft("(recovered)");
    assert_eq!(rescued["state"], "pool");
    let headline = rescued["headline"].as_str().expect("headline");
    assert!(headline.starts_with("Unsaved edit of bullet"), "{headline}");
    assert_eq!(
        rescued["body"],
        serde_json::json!([
            "Parliament passed the emergency powers bill after a night session. Vote was 301 to 250"
        ])
    );
    assert_eq!(rescued["tags"], serde_json::json!(["recovered"]));

    // The next start tells the user, and the text is there at the top of Drafts.
    let mut t = fx.open(ROWS, COLS, &[]);
    let s = t.wait_for("recovered: an unsaved edit is in Drafts");
    assert!(s.contains("Unsaved edit of bullet"), "{s}");
    // The preview wraps the text.
    let s = t.wait_for("301 to 250");
    assert!(s.contains("after a night session. Vote was"), "{s}");
    quit(&mut t);
}

/// SIGTERM with a new item half typed in the item form: the same rescue.
#[test]
fn sigterm_keeps_a_half_typed_new_item() {
    let fx = Fixture::analyst();
    let mut t = fx.open(ROWS, COLS, &[]);
    t.type_keys("n");
    t.type_keys("Grid Operator Reports Intrusion");
    t.key(ENTER);
    t.type_keys("Attackers reached the control network");
    t.wait_for("Attackers reached the control network");
    kill(&t, libc::SIGTERM);
    let st = t.wait_exit();
    assert!(st.success(), "{st:?}");
    assert_restored(&t);
    drop(t);

    let rescued = fx.draft("(recovered)");
    assert_eq!(rescued["headline"], "Unsaved new item (recovered)");
    assert_eq!(
        rescued["body"],
        serde_json::json!([
            "Grid Operator Reports Intrusion",
            "Attackers reached the control network"
        ])
    );
    assert_eq!(fx.drafts().len(), 13);
}

/// A dropped SSH link: the terminal hangs up under a running desk. briefdesk must exit by
/// itself (no process left spinning on the server), keep every edit, and release the lock.
/// The terminal here is a bare `openpty` whose master the test closes, as sshd does.
#[test]
fn a_dropped_terminal_leaves_no_process_and_loses_nothing() {
    use std::io::{Read, Write};
    use std::os::unix::process::CommandExt;
    use std::time::{Duration, Instant};

    let fx = Fixture::new();
    fx.import("live.txt", LIVE12);

    let (master, slave) = openpty::openpty(24, 80);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefdesk"));
    cmd.env_remove("BRIEFDESK_DIR")
        .env("TERM", "xterm-256color")
        .arg("--desk")
        .arg(&fx.desk)
        .stdin(slave.try_clone().expect("dup"))
        .stdout(slave.try_clone().expect("dup"))
        .stderr(slave.try_clone().expect("dup"));
    // SAFETY: setsid and TIOCSCTTY are async-signal-safe; they make the pty the child's
    // controlling terminal, so closing the master hangs the session up as sshd would.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn briefdesk");
    // The parent keeps no end of the terminal but the master (the Command holds dups).
    drop(cmd);
    drop(slave);

    let mut term = std::fs::File::from(master);
    openpty::nonblocking(&term);
    let mut seen = Vec::new();
    let mut read_until = |want: &str, term: &mut std::fs::File| {
        let deadline = Instant::now() + pty::WAIT;
        let mut buf = [0u8; 8192];
        while !String::from_utf8_lossy(&seen).contains(want) {
            assert!(Instant::now() < deadline, "never saw {want:?}");
            match term.read(&mut buf) {
                Ok(n) if n > 0 => seen.extend_from_slice(&buf[..n]),
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    };
    read_until("Drafts", &mut term);
    term.write_all(b"s").expect("type s");
    read_until("saved", &mut term);

    // The link drops.
    drop(term);
    let status = pty::wait_exit(&mut child, "its terminal hung up");
    assert!(
        status.success() || status.code() == Some(129),
        "exit: {status:?}"
    );
    assert!(!fx.desk.join(".lock").exists(), "the lock is released");
    let spiked = run::spiked(&fx.desk);
    assert_eq!(spiked, 1, "the edit made before the drop is kept");
}

// ---------------------------------------------------------------------------------------
// Review: an editor and a reviewer on the same desk, each in their own terminal
// ---------------------------------------------------------------------------------------

const CTRL_S: &str = "\x13";

/// Every event in `reviews/*/<author>.jsonl`, as JSON.
fn review_events(desk: &Path, author: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let dirs = std::fs::read_dir(desk.join("reviews")).expect("a reviews directory");
    for dir in dirs.flatten() {
        let path = dir.path().join(format!("{author}.jsonl"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push(serde_json::from_str(line).expect("a review event is JSON"));
        }
    }
    out
}

/// The editor adds a bullet: it shows on the reviewer's screen. The reviewer comments on
/// it: the editor's screen shows the `[1]` marker. The reviewer approves (`Y`, `y`): the
/// review log holds the approval signed by the reviewer's account, and the editor sees the
/// status. The editor edits again: the issue goes back to review on both screens. An idle
/// reviewer writes nothing to its terminal.
#[test]
fn editor_and_reviewer_see_each_other_live() {
    let fx = Fixture::analyst();
    // Both run as the test's account: `USER` names others, and changes nothing.
    let me = briefdesk::store::review::login_name();
    let mut ed = fx.open(ROWS, COLS, &[("USER", "ed")]);
    let mut rv = Term::spawn(&["review"], Some(&fx.desk), ROWS, COLS, &[("USER", "rita")]);
    rv.wait_for("REVIEW (read-only)");
    rv.wait_for(&format!("as {me}"));
    rv.wait_for("Draft · read-only");
    rv.settle();

    // The editor adds a bullet to the first section.
    ed.type_keys("2");
    ed.type_keys("o");
    ed.wait_for("New bullet");
    ed.type_keys("Talks resume in Geneva.");
    ed.key(ENTER);
    ed.wait_for("│  • Talks resume in Geneva.");
    ed.wait_for("saved");
    // The reviewer sees it without a key pressed.
    rv.wait_for("│  • Talks resume in Geneva.");

    // The reviewer comments on it.
    rv.type_keys("2");
    rv.type_keys("j");
    rv.type_keys("c");
    rv.wait_for("Comment on");
    rv.type_keys("Which talks?");
    rv.key(CTRL_S);
    rv.wait_for(&format!("commented as {me}"));
    rv.wait_for("Talks resume in Geneva. [1]");
    // The editor's screen shows the marker.
    ed.wait_for("Talks resume in Geneva. [1]");
    ed.wait_for("1 open");

    // The reviewer approves.
    rv.type_keys("Y");
    rv.wait_for(&format!("as {me}? (y/n)"));
    rv.type_keys("y");
    rv.wait_for(&format!("Approved by {me}"));
    let approvals: Vec<Value> = review_events(&fx.desk, &me)
        .into_iter()
        .filter(|e| e["event"] == "status" && e["to"] == "approved")
        .collect();
    assert_eq!(approvals.len(), 1, "{approvals:?}");
    assert_eq!(approvals[0]["by"], me.as_str());
    assert!(approvals[0]["snapshot"].is_object(), "{approvals:?}");
    ed.wait_for("Approved · 1 open");

    // An idle reviewer polls the disk but draws nothing: not one byte.
    rv.settle_for(std::time::Duration::from_millis(300));
    let before = rv.bytes_written();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        rv.bytes_written(),
        before,
        "an idle reviewer wrote to its terminal"
    );

    // The editor edits the approved issue: back to review, on both screens.
    ed.type_keys("A");
    ed.wait_for("edited after approval: back to In review");
    rv.wait_for("◆ Talks resume in Geneva. [1]");
    rv.wait_for("In review · 1 open");
    let ed_events = review_events(&fx.desk, &me);
    assert!(
        ed_events
            .iter()
            .any(|e| e["to"] == "in_review" && e["note"] == "edited after approval"),
        "{ed_events:?}"
    );

    quit(&mut rv);
    quit(&mut ed);
}

/// Text typed (or pasted) into the item form passes the same sanitizer as an import: a
/// right-to-left override and a C1 control never reach the desk, and the JSON listing holds
/// neither.
#[test]
fn typed_controls_never_reach_the_desk() {
    let fx = Fixture::analyst();
    let mut t = fx.open(ROWS, COLS, &[]);
    t.type_keys("n");
    t.type_keys("Embassy\u{202e} Cable\u{85} Leaked");
    t.key(ENTER);
    t.type_keys("Body\u{202e} text\u{85} here");
    t.wait_for("text");
    t.key(CTRL_S);
    t.wait_for("Drafts (13)");
    quit(&mut t);
    let out = ok(&fx.desk, &["list", "drafts", "--json"]);
    assert!(
        !out.contains("\\u202e") && !out.contains("\\u0085"),
        "controls stored: {out}"
    );
    let typed = fx.draft("Embassy");
    assert_eq!(typed["headline"], "Embassy Cable Leaked");
    assert_eq!(typed["body"], serde_json::json!(["Body text here"]));
}

/// `briefdesk import *` in the shared directory, on a terminal: a planted file named like an
/// option and holding OSC 52 (clipboard) and OSC 0 (title) is refused by the argument parser,
/// whose error repeats the name; none of it acts on the terminal.
#[test]
fn a_refused_argument_never_writes_the_clipboard_or_title() {
    let fx = Fixture::new();
    let name = "--x\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]0;pwned\u{7}\u{9d}0;t\u{7}.txt";
    let mut t = Term::spawn(&["import", name], Some(&fx.desk), ROWS, COLS, &[]);
    let st = t.wait_exit();
    assert!(!st.success());
    t.wait_for("unexpected argument");
    assert_no_terminal_requests(&t);
}

/// `E` runs `$EDITOR` split as a shell splits it: a quoted path with a space and a quoted
/// argument of two words reach the editor as one word each, and what it writes becomes the
/// bullet's text.
#[test]
fn an_editor_with_a_quoted_path_and_arguments_edits_the_bullet() {
    use std::os::unix::fs::PermissionsExt;
    let fx = Fixture::new();
    fx.import("digest.txt", DIGEST);
    let dir = fx.tmp.path().join("my editor");
    std::fs::create_dir(&dir).expect("editor dir");
    // `--text WORDS FILE`: the words become the file's whole text.
    let script = write(
        &dir,
        "put.sh",
        "#!/bin/sh\nprintf '%s\\n' \"$2\" > \"$3\"\n",
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let editor = format!(
        "'{}' --text \"Parliament passed the bill, 301 to 250\"",
        script.display()
    );
    let mut t = fx.open(ROWS, COLS, &[("VISUAL", ""), ("EDITOR", &editor)]);
    t.type_keys("2");
    t.type_keys("j");
    t.wait_for("• Parliament passed the emergency power");
    t.type_keys("E");
    t.wait_for("• Parliament passed the bill, 301 to 250");
    quit(&mut t);
    let issue = fx.export_json();
    assert_eq!(
        issue["sections"][0]["bullets"][0]["text"],
        "Parliament passed the bill, 301 to 250"
    );
}
