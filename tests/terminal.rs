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
    t.type_keys("E");
    let s = t.wait_for("• Parliament passed the special powers");
    // Redrawn whole: the panes are back, not only the changed row.
    assert!(s.contains("1 Drafts") && s.contains("3 Preview"), "{s}");
    quit(&mut t);
    let out = ok(&fx.desk, &["export", "--format", "txt"]);
    assert!(
        out.contains("Parliament passed the special powers bill"),
        "{out}"
    );
    drop(fx.tmp);
}
