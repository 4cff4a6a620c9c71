//! The bullet editor end to end: the real binary in a pseudo-terminal, on a desk made with
//! the command line from a digest with a ~1,000-character bullet; what it keeps is read
//! back with the command line.

#[path = "support/pty.rs"]
mod pty;

use std::path::{Path, PathBuf};

use pty::Term;
use serde_json::Value;
#[path = "support/run.rs"]
mod run;
use run::ok;

const ROWS: u16 = 24;
const COLS: u16 = 80;
const ESC: &str = "\x1b";
const ENTER: &str = "\r";
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/digest_long_bullet.txt"
);
/// The long bullet's first and last words.
const START: &str = "Israeli and Hamas negotiators returned to Doha";
const END: &str = "with American envoys joining on Saturday.";

/// A desk in a temporary directory, the fixture imported through the command line.
fn desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    ok(&desk, &["import", FIXTURE]);
    (tmp, desk)
}

fn long_bullet() -> String {
    let text = std::fs::read_to_string(FIXTURE).expect("the fixture");
    text.lines()
        .find_map(|l| l.trim().strip_prefix("• ").filter(|b| b.starts_with(START)))
        .expect("the long bullet")
        .to_string()
}

/// The desk open in the editor on the long bullet (the first of the first section).
fn editing(desk: &Path) -> Term {
    let mut t = Term::spawn(&[], Some(desk), ROWS, COLS, &[]);
    t.wait_for("1 Drafts");
    t.settle();
    t.type_keys("2");
    t.type_keys("j");
    t.wait_for("• Israeli and Hamas");
    t.type_keys("e");
    t.wait_for("Edit bullet 1 of 2 in Israel – Gaza");
    t
}

/// The screen's text with the box's borders and the line ends taken out: what a reader
/// reads, in order.
fn read(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Open the long bullet, see all of it at 80x24, type at its end, keep it with Enter; the
/// export then has the new text, and the box's typing was one undo step of the desk.
#[test]
fn a_long_bullet_edited_in_the_box_is_kept_and_exported() {
    let long = long_bullet();
    assert!(long.chars().count() > 950, "{}", long.chars().count());
    let (tmp, desk) = desk();
    let mut t = editing(&desk);
    let s = t.wait_for("words · 975 chars");
    // The whole bullet is on the screen, in reading order, start to end.
    assert!(read(&s).contains(&long), "{s}");
    t.type_keys(" Envoys from Cairo follow.");
    let s = t.wait_for("1001 chars");
    assert!(read(&s).contains("Envoys from Cairo follow."), "{s}");
    t.key(ENTER);
    t.wait_until("the box closed", |p| {
        !p.screen().contents().contains("Edit bullet")
    });
    t.send("q");
    assert!(t.wait_exit().success());
    drop(t);

    let out = tmp.path().join("out.txt");
    ok(
        &desk,
        &[
            "export",
            "--format",
            "txt",
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    let text = std::fs::read_to_string(&out).expect("the export");
    let kept = format!("{long} Envoys from Cairo follow.");
    assert!(
        text.lines().any(|l| l.trim() == format!("• {kept}")),
        "{text}"
    );
    assert!(text.contains(END));
}

/// Esc on changed text asks first; n goes back to the text, with nothing lost.
#[test]
fn esc_asks_before_throwing_the_typed_text_away() {
    let (_tmp, desk) = desk();
    let mut t = editing(&desk);
    t.type_keys(" Talks resume");
    t.key(ESC);
    t.wait_for("Throw away the changes? y discards · n goes back");
    t.type_keys("n");
    t.wait_for("Enter keeps");
    t.type_keys("d");
    t.wait_for("Talks resumed");
    t.key(ESC);
    t.wait_for("Throw away the changes?");
    t.type_keys("y");
    t.wait_for("edit thrown away");
    t.send("q");
    assert!(t.wait_exit().success());
    let issue: Value =
        serde_json::from_str(&ok(&desk, &["export", "--format", "json"])).expect("JSON");
    assert_eq!(issue["sections"][0]["bullets"][0]["text"], long_bullet());
}

/// A hang-up while the question is open keeps the typed text as a recovered draft, as it
/// does while the box is being typed in.
#[test]
fn a_hang_up_at_the_question_keeps_the_text() {
    let (_tmp, desk) = desk();
    let mut t = editing(&desk);
    t.type_keys(" Vote at noon");
    t.key(ESC);
    t.wait_for("Throw away the changes?");
    let pid = t.pid().expect("the child's pid");
    // SAFETY: a plain kill(2) on our own child process.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGHUP) }, 0);
    assert!(t.wait_exit().success());
    drop(t);

    let drafts: Value =
        serde_json::from_str(&ok(&desk, &["list", "drafts", "--json"])).expect("JSON");
    let rescued = drafts["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["headline"].as_str().unwrap_or("").contains("(recovered)"))
        .expect("a recovered draft")
        .clone();
    assert_eq!(
        rescued["body"],
        serde_json::json!([format!("{} Vote at noon", long_bullet())])
    );
}

/// A hang-up while `$EDITOR` is open, after it wrote the file: the written text is kept as
/// a recovered draft (the bullet itself stays as it was), as text typed in the box is.
#[test]
fn a_hang_up_under_the_external_editor_keeps_what_it_wrote() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, desk) = desk();
    // Writes the file as an editor's save does, then waits for the user, who is gone.
    let script = tmp.path().join("slow-editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf '%s\\n' 'Talks resume in Doha on Tuesday.' > \"$1\"\necho written > \"$1.done\"\nexec sleep 60\n",
    )
    .expect("the editor script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let editor = script.to_str().expect("utf-8 path");
    let mut t = Term::spawn(
        &[],
        Some(&desk),
        ROWS,
        COLS,
        &[
            ("VISUAL", ""),
            ("EDITOR", editor),
            ("TMPDIR", tmp.path().to_str().expect("utf-8")),
        ],
    );
    t.wait_for("1 Drafts");
    t.settle();
    t.type_keys("2");
    t.type_keys("j");
    t.wait_for("• Israeli and Hamas");
    t.send("E");
    // The editor has written its file.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !std::fs::read_dir(tmp.path())
        .expect("tmp")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().ends_with(".done"))
    {
        assert!(std::time::Instant::now() < deadline, "the editor never ran");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // The link drops: the whole foreground group (desk and editor) gets SIGHUP.
    let pid = t.pid().expect("the child's pid") as libc::pid_t;
    // SAFETY: kill(2) on the process group of our own child (it leads its own session).
    assert_eq!(unsafe { libc::kill(-pid, libc::SIGHUP) }, 0);
    assert!(t.wait_exit().success());
    drop(t);

    let issue: Value =
        serde_json::from_str(&ok(&desk, &["export", "--format", "json"])).expect("JSON");
    assert_eq!(issue["sections"][0]["bullets"][0]["text"], long_bullet());
    let drafts: Value =
        serde_json::from_str(&ok(&desk, &["list", "drafts", "--json"])).expect("JSON");
    let rescued = drafts["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["headline"].as_str().unwrap_or("").contains("(recovered)"))
        .expect("a recovered draft")
        .clone();
    assert_eq!(
        rescued["body"],
        serde_json::json!(["Talks resume in Doha on Tuesday."])
    );
}
