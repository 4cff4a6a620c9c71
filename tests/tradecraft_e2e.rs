//! End to end (issue #16): the real desk in a pseudo-terminal, without colour, marks the
//! flagged bullets, lists the findings, and `z` quiets one: `briefdesk check` then agrees.

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;

use pty::Term;
use run::{run, stderr};

const DIGEST: &str = "Harbor Lane Advisory’s Weekly Security Digest - March 4, 2025

Global Security Matters

International Affairs

  • Talks broke down in Doha. This impasse suggests that an agreement is unlikely.
  • The U.S. struck a depot near the border on Tuesday.
    • Further strikes would almost certainly antagonize Gulf partners, and Riyadh could choose to wait.
    • A strike is a realistic possibility.
";

#[test]
fn the_desk_marks_lists_and_quiets_findings_and_check_agrees() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    let file = files::write(tmp.path(), "digest.txt", DIGEST);
    let o = run(&desk, &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let mut t = Term::spawn(&[], Some(&desk), 24, 80, &[("NO_COLOR", "1")]);
    t.wait_for("Talks broke down");
    t.settle();
    // The glyph is there without colour: three flagged bullets.
    let screen = t.screen();
    assert_eq!(screen.matches('⚑').count(), 3, "{screen}");
    t.send("!");
    t.wait_for("Tradecraft (icd203): 4 findings");
    t.send("\r");
    t.wait_for("judgment-in-fact: \"unlikely\"");
    t.send("z");
    t.wait_until("two marks left", |p| {
        p.screen().contents().matches('⚑').count() == 2
    });
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}");

    let o = run(&desk, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "3 findings (icd203 ladder); 1 quieted on bullets marked checked\n"
    );
}
