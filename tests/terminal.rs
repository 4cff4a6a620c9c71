//! The terminal shell end to end, in a pseudo-terminal: coming back from `$EDITOR` on a
//! terminal that never answers the cursor-position question, and the mouse (capture on and
//! off, clicks and the wheel as SGR mouse reports).

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;

use std::path::PathBuf;

use pty::Term;
use run::ok;

const ROWS: u16 = 24;
const COLS: u16 = 80;

/// A digest with one issue of two sections and three bullets (seed 000 shape).
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

/// A temporary directory with a desk in `desk/`, the digest imported.
struct Fixture {
    tmp: tempfile::TempDir,
    desk: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().expect("temp dir");
        let desk = tmp.path().join("desk");
        let f = files::write(tmp.path(), "digest.txt", DIGEST);
        ok(&desk, &["import", f.to_str().expect("utf-8 path")]);
        Fixture { tmp, desk }
    }

    fn open(&self, env: &[(&str, &str)]) -> Term {
        let t = Term::spawn(&[], Some(&self.desk), ROWS, COLS, env);
        t.wait_for("1 Drafts");
        t.settle();
        t
    }
}

fn quit(t: &mut Term) {
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}; screen:\n{}", t.screen());
}

/// Back from `$EDITOR` over a link that loses the terminal's answer to "where is the
/// cursor?" (ratatui's `clear` asks, and crossterm gives up after 2 s with an error): the
/// session goes on, redrawn whole, with the edit kept.
#[test]
fn coming_back_from_the_editor_never_waits_for_the_cursor_position() {
    let fx = Fixture::new();
    let mut t = fx.open(&[("VISUAL", ""), ("EDITOR", "sed -i s/emergency/special/")]);
    t.stop_answering_cursor();
    t.type_keys("2");
    t.type_keys("j");
    t.wait_for("• Parliament passed the emergency power");
    let before = t.output().len();
    t.type_keys("E");
    let s = t.wait_for("• Parliament passed the special powers");
    // Redrawn whole: the panes are back, not only the changed row.
    assert!(s.contains("1 Drafts") && s.contains("3 Preview"), "{s}");
    // The mouse went to the editor, and came back to the desk with the terminal.
    let around = t.output().split_off(before);
    let off = find(&around, "\x1b[?1000l").expect("mouse off for the editor");
    assert!(
        rfind(&around, "\x1b[?1000h").is_some_and(|on| on > off),
        "mouse on again"
    );
    quit(&mut t);
    let out = ok(&fx.desk, &["export", "--format", "txt"]);
    assert!(
        out.contains("Parliament passed the special powers bill"),
        "{out}"
    );
    drop(fx.tmp);
}

/// The drafts of a live page (13, newest first) besides the digest's issue.
const LIVE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/live_house.txt");

/// A click as a terminal sends it in SGR form (mode 1006): press and release of the left
/// button at the screen cell `(x, y)`, 0-based here, 1-based on the wire.
fn sgr_click(x: usize, y: usize) -> String {
    format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", x + 1, y + 1, x + 1, y + 1)
}

/// One notch of the wheel, down (`65`) or up (`64`).
fn sgr_wheel(down: bool, x: usize, y: usize) -> String {
    let button = if down { 65 } else { 64 };
    format!("\x1b[<{button};{};{}M", x + 1, y + 1)
}

/// Where `text` is on the screen (row, column), left of column `before`.
fn cell_of(screen: &str, text: &str, before: usize) -> (usize, usize) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, l)| {
            let i = l.find(text)?;
            let x = l[..i].chars().count();
            (x < before).then_some((x, y))
        })
        .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{screen}"))
}

/// The Preview pane's lines: from its title down.
fn preview(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains("3 Preview"))
        .unwrap_or_else(|| panic!("no Preview on the screen:\n{screen}"));
    lines[top..].join("\n")
}

/// Wait until Preview shows `text`.
fn wait_preview(t: &Term, text: &str) {
    let deadline = std::time::Instant::now() + pty::WAIT;
    loop {
        let s = t.screen();
        if preview(&s).contains(text) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "Preview never showed {text:?}; the screen shows:\n{s}"
        );
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
}

fn find(haystack: &[u8], needle: &str) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

fn rfind(haystack: &[u8], needle: &str) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w == needle.as_bytes())
}

/// Clicks and the wheel, sent as a terminal sends them, move the selection on the screen;
/// mouse reports are turned on as the desk starts (clicks and the wheel only: no motion
/// reports) and off again at quit.
#[test]
fn clicks_and_the_wheel_move_the_selection_and_quit_turns_the_mouse_off() {
    let fx = Fixture::new();
    ok(&fx.desk, &["import", LIVE]);
    let mut t = fx.open(&[]);
    let started = t.output();
    let on = find(&started, "\x1b[?1000h").expect("mouse reports turned on");
    assert!(
        find(&started, "\x1b[?1006h").is_some(),
        "SGR reports asked for"
    );
    assert!(
        find(&started, "\x1b[?1003h").is_none(),
        "no report per pointer move"
    );
    wait_preview(&t, "Harbour Authority Confirms Second Fire");

    // A click on the fifth draft selects it: Preview shows it.
    let (x, y) = cell_of(&t.screen(), "Rail Union Announces", 36);
    t.send(&sgr_click(x + 2, y));
    wait_preview(&t, "Rail Union Announces Weekend Strike");
    // The wheel over Drafts moves the selection down one, then back.
    t.send(&sgr_wheel(true, x, y));
    wait_preview(&t, "Cyber Attack Disrupts Hospital Appointments");
    t.send(&sgr_wheel(false, x, y));
    wait_preview(&t, "Rail Union Announces Weekend Strike");
    // A click on an Issue row focuses the Issue: Preview shows the digest.
    let (ix, iy) = cell_of(&t.screen(), "2 Issue", 80);
    t.send(&sgr_click(ix, iy + 2));
    wait_preview(&t, "3 Preview: digest");
    // A click on the status line does nothing.
    let before = t.screen();
    t.send(&sgr_click(10, usize::from(ROWS) - 1));
    t.settle();
    assert_eq!(t.screen(), before);

    quit(&mut t);
    t.wait_until("the terminal restored", |p| !p.screen().alternate_screen());
    let out = t.output();
    let off = rfind(&out, "\x1b[?1000l").expect("mouse reports turned off at quit");
    assert!(off > on, "turned off after it was turned on");
    assert!(rfind(&out, "\x1b[?1006l").is_some_and(|i| i > on));
}

/// `mouse = false` in the user's config.toml: the desk never turns mouse reports on, and a
/// report that arrives anyway changes nothing.
#[test]
fn mouse_false_in_the_config_leaves_the_mouse_to_the_terminal() {
    let fx = Fixture::new();
    ok(&fx.desk, &["import", LIVE]);
    let cfg = fx.tmp.path().join("config");
    std::fs::create_dir_all(cfg.join("briefdesk")).expect("config dir");
    files::write(&cfg.join("briefdesk"), "config.toml", "mouse = false\n");
    let cfg = cfg.to_str().expect("utf-8 path");
    let mut t = fx.open(&[("XDG_CONFIG_HOME", cfg)]);
    wait_preview(&t, "Harbour Authority Confirms Second Fire");
    let (x, y) = cell_of(&t.screen(), "Rail Union Announces", 36);
    t.send(&sgr_click(x + 2, y));
    t.send(&sgr_wheel(true, x, y));
    t.settle();
    wait_preview(&t, "Harbour Authority Confirms Second Fire");
    quit(&mut t);
    let out = t.output();
    assert!(
        find(&out, "\x1b[?1000h").is_none(),
        "mouse reports turned on"
    );
    assert!(find(&out, "\x1b[?1006h").is_none(), "SGR reports turned on");
}

/// A config.toml the desk cannot read: one line on the status line naming the file, its
/// line and column; the mouse stays on.
#[test]
fn a_bad_config_value_is_one_line_and_the_mouse_stays_on() {
    let fx = Fixture::new();
    let cfg = fx.tmp.path().join("config");
    std::fs::create_dir_all(cfg.join("briefdesk")).expect("config dir");
    files::write(&cfg.join("briefdesk"), "config.toml", "mouse = \"off\"\n");
    let cfg = cfg.to_str().expect("utf-8 path");
    let mut t = Term::spawn(&[], Some(&fx.desk), ROWS, 200, &[("XDG_CONFIG_HOME", cfg)]);
    let s = t.wait_for("config.toml, line 1, column 9");
    assert!(s.contains("using the default settings"), "{s}");
    assert!(
        find(&t.output(), "\x1b[?1000h").is_some(),
        "the mouse stays on"
    );
    quit(&mut t);
}

/// SIGTERM (a session killed, an SSH link torn down): mouse reports are turned off with
/// the rest of the terminal, so the shell does not receive them as typed junk.
#[test]
fn sigterm_turns_the_mouse_off_again() {
    let fx = Fixture::new();
    let mut t = fx.open(&[]);
    t.wait_until("mouse reports on", |p| {
        p.screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
    });
    let pid = t.pid().expect("pid");
    // SAFETY: a plain kill(2) on our own child process.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) }, 0);
    t.wait_exit();
    t.wait_until("mouse reports off", |p| {
        p.screen().mouse_protocol_mode() == vt100::MouseProtocolMode::None
            && !p.screen().alternate_screen()
    });
}
