//! End to end: the Preview pane of the real binary in a pseudo-terminal, on a long digest
//! in the house layout (seed 000's shape): it follows the Issue pane's cursor to the last
//! bullet, and scrolling it reaches the last line, with every line wrapped.

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;

use std::path::Path;
use std::process::Command;

use pty::Term;

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// The last bullet's text: long, so it wraps over several lines of the pane.
const LAST: &str = "Microsoft said Midnight Blizzard, the group also tracked as APT29, \
used secrets stolen from its corporate email to reach source code repositories and internal \
systems, and that the volume of password spraying against its tenants rose tenfold in \
February compared with January; the company has told affected customers and is still \
rotating keys, which it expects to finish by the end of the month (final words here).";

/// A digest in the house layout: three sections of ten long bullets, every third with a
/// sub-point, and `LAST` at the end.
fn long_digest() -> String {
    let mut s = String::from(
        "Harbor Lane Advisory’s Weekly Security Digest - March 4, 2025\n\n\
         Harbor Lane’s Weekly Digest | Risk and Policy Notes – March 4, 2025\n\n\
         Global Security Matters\n",
    );
    for (n, section) in [
        "International Affairs",
        "Europe",
        "Cyber / Defense Technology",
    ]
    .iter()
    .enumerate()
    {
        s.push_str(&format!("\n{section}\n\n"));
        for b in 0..10 {
            if n == 2 && b == 9 {
                s.push_str(&format!("  • {LAST}\n"));
                continue;
            }
            s.push_str(&format!(
                "  • Bullet {n}.{b}: officials said on Tuesday that talks had stalled over \
                 the sequencing of a phased agreement, and that negotiators would meet \
                 again next week in Geneva to try to close the remaining gaps on monitoring \
                 and verification (reported by several outlets).\n"
            ));
            if b % 3 == 0 {
                s.push_str(&format!(
                    "    • Sub-point {n}.{b}: we believe (or know) that the delay will likely \
                     last beyond the end of the quarter.\n"
                ));
            }
        }
    }
    s
}

fn import(desk: &Path, file: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .env_remove("BRIEFDESK_DIR")
        .arg("--desk")
        .arg(desk)
        .arg("import")
        .arg(file)
        .output()
        .expect("the binary runs");
    assert!(
        o.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The Preview pane's text (below the Drafts and Issue panes at 100 columns), its rows
/// joined with spaces: a wrapped bullet reads as one text again.
fn preview_text(screen: &str) -> String {
    let rows: Vec<&str> = screen.lines().collect();
    let Some(top) = rows.iter().position(|r| r.contains("3 Preview")) else {
        panic!("no Preview pane on screen:\n{screen}");
    };
    rows[top + 1..]
        .iter()
        .take_while(|r| r.starts_with('│'))
        .map(|r| r.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shows_last_bullet(t: &Term) -> bool {
    let text = preview_text(&t.screen());
    text.split_whitespace().collect::<Vec<_>>().join(" ") == text && text.contains(LAST)
}

fn wait_for_last_bullet(t: &Term, how: &str) {
    t.wait_until(
        &format!("the last bullet whole in Preview after {how}"),
        |p| {
            let text = preview_text(&p.screen().contents());
            text.contains(LAST)
        },
    );
    assert!(shows_last_bullet(t), "{how}:\n{}", t.screen());
}

#[test]
fn preview_follows_to_the_last_bullet_and_scrolls_to_the_last_line() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    let file = files::write(tmp.path(), "digest.txt", &long_digest());
    import(&desk, &file);
    let mut t = Term::spawn(&[], Some(&desk), ROWS, COLS, &[]);
    t.wait_for("1 Drafts");
    t.settle();

    // The Issue pane's last row: Preview follows it, the whole bullet on screen.
    t.send("2");
    t.send("G");
    wait_for_last_bullet(&t, "2 G (the Issue pane's last bullet)");
    let screen = t.screen();
    assert!(screen.contains("3 Preview: digest"), "{screen}");
    // The first sub-point (row 3): as read, no Markdown escapes; `M` shows the raw
    // Markdown, escapes and all, and back.
    t.send("g");
    t.send("j");
    t.send("j");
    t.wait_until("the first sub-point as read", |p| {
        preview_text(&p.screen().contents())
            .contains("Assessment: Sub-point 0.0: we believe (or know) that")
    });
    t.send("M");
    t.wait_for("3 Preview: digest (Markdown)");
    t.send("M");
    t.wait_until("the digest as read again", |p| {
        let s = p.screen().contents();
        s.contains("3 Preview: digest ") && preview_text(&s).contains("we believe (or know) that")
    });

    // Preview itself: G, then PgDn and j from the top, each reach the last line.
    t.send("3");
    t.send("G");
    wait_for_last_bullet(&t, "3 G");
    t.send("g");
    t.settle();
    for _ in 0..40 {
        t.key("\x1b[6~");
    }
    wait_for_last_bullet(&t, "PgDn");
    t.send("g");
    t.settle();
    for _ in 0..200 {
        t.send("j");
    }
    wait_for_last_bullet(&t, "j");

    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}");
}
