//! Nesting depth: every way into a desk stops at `MAX_DEPTH` levels of sub-points, the
//! store will not write deeper, and the deepest issue allowed saves, replays and reopens.

#[path = "support/files.rs"]
mod files;
#[path = "support/pty.rs"]
mod pty;
use files::{snapshot, write};

use briefdesk::model::{
    Bullet, BulletId, Command as DeskCommand, Desk, History, Issue, IssueId, IssueMeta, MAX_DEPTH,
    Section, SectionId, Touch,
};
use briefdesk::store::Store;
#[path = "support/run.rs"]
mod run;
use run::run;

/// A digest whose one bullet has `levels` levels of sub-points, 2 spaces a level.
fn nested_digest(levels: usize) -> String {
    let mut text = String::from("Deep Digest - March 4, 2025\nSection\n");
    for level in 0..=levels {
        text.push_str(&format!("{}• level {level}\n", "  ".repeat(level)));
    }
    text
}

/// Issue `id` with one bullet `levels` levels of sub-points deep.
fn nested_issue(id: u64, levels: usize) -> Issue {
    let mut b = Bullet::new(BulletId(levels as u64 + 1), "deepest");
    for i in (1..=levels).rev() {
        let mut up = Bullet::new(BulletId(i as u64), format!("level {}", i - 1));
        up.sub_points.push(b);
        b = up;
    }
    let mut s = Section::new(SectionId(1), "Deep");
    s.bullets.push(b);
    let mut issue = Issue::new(
        IssueId(id),
        IssueMeta {
            title: format!("Deep {id}"),
            ..IssueMeta::default()
        },
    );
    issue.sections.push(s);
    issue
}

#[test]
fn a_too_deep_import_is_refused_and_the_desk_still_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let ok = write(tmp.path(), "ok.txt", &nested_digest(3));
    let o = run(&desk, &["import", ok.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = snapshot(&desk);

    let deep = write(tmp.path(), "deep.txt", &nested_digest(63));
    let o = run(&desk, &["import", deep.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("deep.txt")
            && err.contains("line 20, column 35")
            && err.contains("sub-points go at most 16 levels deep"),
        "{err}"
    );
    assert_eq!(snapshot(&desk), before, "a refused import changes nothing");
    let o = run(&desk, &["list", "issues"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_deepest_issue_allowed_imports_and_reopens() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let f = write(tmp.path(), "deepest.txt", &nested_digest(MAX_DEPTH));
    let o = run(&desk, &["import", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for args in [&["list", "issues"][..], &["export", "--format", "json"][..]] {
        let o = run(&desk, args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    // And its JSON export imports again (into another desk).
    let o = run(&desk, &["export", "--format", "json"]);
    let json = write(
        tmp.path(),
        "deepest.json",
        &String::from_utf8_lossy(&o.stdout),
    );
    let other = tmp.path().join("other");
    let o = run(&other, &["import", json.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_deepest_issue_allowed_saves_replays_from_the_journal_and_reopens() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("desk");
    let (mut store, mut desk) = Store::open(&dir).unwrap();
    let mut history = History::default();
    let done = history
        .perform(
            &mut desk,
            &DeskCommand::NewIssue {
                issue: nested_issue(1, MAX_DEPTH),
            },
        )
        .unwrap();
    store.append_journal(&done.edits).unwrap();
    // Killed before the save: the journal line alone must read back.
    drop(store);
    let (mut store, desk) = Store::open(&dir).unwrap();
    assert_eq!(desk.issue(IssueId(1)), Some(&nested_issue(1, MAX_DEPTH)));
    store.save_all(&desk).unwrap();
    drop(store);
    let (_, again) = Store::open(&dir).unwrap();
    assert_eq!(again.issue(IssueId(1)), Some(&nested_issue(1, MAX_DEPTH)));
}

#[test]
fn the_store_refuses_to_write_an_issue_deeper_than_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("desk");
    let (mut store, mut desk) = Store::open(&dir).unwrap();
    desk.issues.insert(IssueId(1), nested_issue(1, 2));
    store.save_all(&desk).unwrap();
    let before = snapshot(&dir);

    // Reached around the commands (which refuse it): the save must not write it.
    let mut d: Desk = desk.clone();
    d.issues.insert(IssueId(1), nested_issue(1, MAX_DEPTH + 1));
    let e = store.save(&d, &[Touch::Issue(IssueId(1))]).unwrap_err();
    let msg = e.to_string();
    assert_eq!(msg.lines().count(), 1, "{msg}");
    assert!(
        msg.contains("issues")
            && msg.contains("sub-points go at most 16 levels deep")
            && msg.contains("nothing was written"),
        "{msg}"
    );
    assert_eq!(snapshot(&dir), before, "nothing written");
    drop(store);
    let (_, reopened) = Store::open(&dir).unwrap();
    assert_eq!(reopened.issue(IssueId(1)), Some(&nested_issue(1, 2)));
}

/// Levels of sub-points below a bullet in `export --format json`.
fn height(bullet: &serde_json::Value) -> usize {
    bullet["sub_points"].as_array().map_or(0, |subs| {
        subs.iter().map(|s| height(s) + 1).max().unwrap_or(0)
    })
}

#[test]
fn indenting_from_the_keyboard_stops_at_the_limit_and_the_desk_reopens() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let o = run(
        &desk,
        &["issue", "new", "Deep – March 4, 2025", "--section", "S"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut t = pty::Term::spawn(&[], Some(&desk), 24, 80, &[]);
    t.wait_for("1 Drafts");
    t.settle();
    t.type_keys("2");
    // `o`, a text, Enter, `>`: one level deeper each time, as the bug report typed it.
    for level in 0..=MAX_DEPTH + 1 {
        t.type_keys("o");
        t.wait_for("New bullet");
        t.send(&format!("b{level}"));
        t.key("\r");
        if level > 0 {
            t.key(">");
        }
    }
    t.wait_for("sub-points go at most 16 levels deep");
    t.send("q");
    assert!(t.wait_exit().success());

    let o = run(&desk, &["export", "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let issue: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let top = &issue["sections"][0]["bullets"][0];
    assert_eq!(height(top), MAX_DEPTH, "{issue}");
}

#[test]
fn a_planted_issue_file_nested_past_any_limit_is_an_error_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let o = run(
        &desk,
        &["issue", "new", "Deep – March 4, 2025", "--section", "S"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = std::fs::read_dir(desk.join("issues"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("the issue file");
    let n = 100_000;
    let planted = format!(
        "{{\"briefdesk\":\"issue\",\"schema\":1,\"seq\":0,\"id\":1,\"title\":\"t\",\"sections\":[{{\"id\":1,\"name\":\"S\",\"bullets\":[{}{}]}}]}}",
        "{\"id\":1,\"text\":\"x\",\"sub_points\":[".repeat(n),
        "]}".repeat(n)
    );
    std::fs::write(&file, planted).unwrap();
    for args in [&["list", "issues"][..], &["doctor"][..]] {
        let o = run(&desk, args);
        // Exited by itself (no signal, no overflowed stack), naming the file.
        assert!(o.status.code().is_some(), "{args:?}: {:?}", o.status);
        let out = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(out.contains(&*file.to_string_lossy()), "{args:?}: {out}");
        assert!(out.contains("recursion limit"), "{args:?}: {out}");
    }
}
