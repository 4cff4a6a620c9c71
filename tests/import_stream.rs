//! Issue #19: `briefdesk import` of a big live-updates page streams it: the real binary,
//! its peak memory, a bad byte found late, a failed write, the report and `--undo-last`.

#[path = "support/files.rs"]
mod files;
#[path = "support/run.rs"]
mod run;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use files::write_bytes as write;
use run::{bin, run, stderr};

fn page(n: usize, tag: &str) -> String {
    let mut s =
        String::from("THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS\nUPDATE: 9:15 PM CEST\n");
    for i in 0..n {
        s.push_str(&format!(
            "Harbor Authority Reports Incident {tag} Number {i} Near Pier\n\
             Officials said the incident {tag}-{i} caused no damage and an inquiry has begun; \
             the port stays open while divers check the quay wall and the moorings.\n"
        ));
    }
    s
}

/// The desk is as `before`: the same files (the names told first), the same bytes.
fn assert_untouched(desk: &Path, before: &[(PathBuf, Vec<u8>)]) {
    let now = snapshot(desk);
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&now), names(before), "the desk's files");
    assert!(now == before, "a desk file changed");
}

/// Every file of the desk (not the lock), with its bytes.
fn snapshot(desk: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![desk.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("list").flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if e.file_name() != ".lock" {
                let bytes = std::fs::read(&p).expect("read");
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

/// The import's own peak resident memory (`wait4` on that child alone), in KB.
fn peak_kb_of_import(desk: &Path, file: &Path) -> (Output, i64) {
    let file = file.to_str().expect("utf-8 path");
    peak_kb_of(desk, &["import", "--format", "live", file])
}

/// The peak resident memory of `briefdesk --desk DESK ARGS...` alone (`wait4`), in KB.
fn peak_kb_of(desk: &Path, args: &[&str]) -> (Output, i64) {
    let child = bin()
        .arg("--desk")
        .arg(desk)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, written by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, once; std's handle is never waited on after.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(got, pid, "wait4");
    std::mem::forget(child);
    let out = Output {
        status: std::os::unix::process::ExitStatusExt::from_raw(status),
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    (out, usage.ru_maxrss)
}

#[test]
fn a_big_live_page_is_imported_in_a_fraction_of_its_size_in_memory() {
    let tmp = tempfile::tempdir().expect("tmp");
    let desk = tmp.path().join("desk");
    // Reading it whole took ~8 times the page (the page, its sanitized copy, the drafts, the
    // import's edits and its journal line); streamed it is a small fraction of it.
    // The binary's own footprint: the peak of a one-draft import.
    let small = write(tmp.path(), "small.txt", page(1, "small").as_bytes());
    let (out, base_kb) = peak_kb_of_import(&tmp.path().join("other"), &small);
    assert!(out.status.success());
    let text = page(60_000, "big");
    let file = write(tmp.path(), "big.txt", text.as_bytes());
    let (out, peak_kb) = peak_kb_of_import(&desk, &file);
    assert!(out.status.success());
    let page_kb = text.len() as i64 / 1024;
    println!("page {page_kb} KB, import peak {peak_kb} KB, of which the binary {base_kb} KB");
    // Read whole: ~6 times the page above the binary's own; streamed: under the page.
    assert!(
        peak_kb - base_kb < page_kb,
        "peak {peak_kb} KB ({base_kb} KB the binary) for a page of {page_kb} KB"
    );
    let o = run(&desk, &["list", "drafts"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 60_000);
    assert!(run(&desk, &["doctor"]).status.success());
}

#[test]
fn a_bad_byte_near_the_end_of_a_big_page_is_one_line_and_the_desk_is_untouched() {
    let tmp = tempfile::tempdir().expect("tmp");
    let desk = tmp.path().join("desk");
    let first = write(tmp.path(), "first.txt", page(100, "first").as_bytes());
    assert!(
        run(&desk, &["import", first.to_str().expect("path")])
            .status
            .success()
    );
    let before = snapshot(&desk);
    let mut text = page(5_000, "late").into_bytes();
    let lines = text.iter().filter(|&&b| b == b'\n').count();
    text.extend_from_slice(b"Late Headline Here\nA body with a bad \xff byte, longer than it.\n");
    let bad = write(tmp.path(), "bad.txt", &text);
    let o = run(&desk, &["import", bad.to_str().expect("path")]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("bad.txt")
            && err.contains(&format!("line {}, column 19", lines + 2))
            && err.contains("0xFF"),
        "{err}"
    );
    assert_untouched(&desk, &before);
    // A bad source line at the very end: its line and column, nothing changed.
    let mut text = page(5_000, "src");
    let n = text.lines().count();
    text.push_str("Last Headline\nA body line, longer than the headline.\nVia: x javascript:y\n");
    let bad = write(tmp.path(), "src.txt", text.as_bytes());
    let o = run(
        &desk,
        &["import", "--format", "live", bad.to_str().expect("path")],
    );
    let err = stderr(&o);
    assert!(
        err.contains("src.txt") && err.contains(&format!("line {}, column 6", n + 3)),
        "{err}"
    );
    assert_untouched(&desk, &before);
}

#[test]
fn a_streamed_import_that_cannot_write_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().expect("tmp");
    let desk = tmp.path().join("desk");
    let first = write(tmp.path(), "first.txt", page(3, "first").as_bytes());
    assert!(
        run(&desk, &["import", first.to_str().expect("path")])
            .status
            .success()
    );
    let before = snapshot(&desk);
    // 500 drafts: new chunk files, none of which can be written.
    let big = write(tmp.path(), "big.txt", page(500, "full").as_bytes());
    let o = bin()
        .env("BRIEFDESK_TEST_DISK_FULL", "1")
        .arg("--desk")
        .arg(&desk)
        .args(["import", big.to_str().expect("path")])
        .output()
        .expect("run");
    let err = stderr(&o);
    assert!(!o.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("not saved, nothing was changed") && err.contains("No space left"),
        "{err}"
    );
    // Before: the whole import sat in the journal; now nothing is left, not even aside.
    assert_untouched(&desk, &before);
    let o = run(&desk, &["import", big.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("500 drafts added"), "{}", stderr(&o));
}

#[test]
fn a_streamed_import_reports_dedupes_and_is_one_step_for_undo_last() {
    let tmp = tempfile::tempdir().expect("tmp");
    let desk = tmp.path().join("desk");
    let first = write(tmp.path(), "first.txt", page(70, "a").as_bytes());
    assert!(
        run(&desk, &["import", first.to_str().expect("path")])
            .status
            .success()
    );
    let before = snapshot(&desk);
    // A page holding 30 drafts the desk has, 400 new ones (one twice) and a mis-decoded
    // quote; then a second file in the same run with drafts the first streamed.
    let mut text = page(400, "b");
    text.push_str(&page(30, "a").replacen(
        "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS\nUPDATE: 9:15 PM CEST\n",
        "",
        1,
    ));
    text.push_str("Harbor Authority Reports Incident b Number 7 Near Pier\nOfficials said the incident b-7 caused no damage and an inquiry has begun; the port stays open while divers check the quay wall and the moorings.\n");
    text.push_str("Mayor Speaks at Pier\nShe said \u{e2}\u{80}\u{9c}the port is safe\u{e2}\u{80}\u{9d} to reporters.\n");
    let big = write(tmp.path(), "big.txt", text.as_bytes());
    let again = write(tmp.path(), "again.txt", page(5, "b").as_bytes());
    let o = run(
        &desk,
        &[
            "import",
            big.to_str().expect("path"),
            again.to_str().expect("path"),
        ],
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("big.txt: 401 drafts added; 31 drafts already on the desk, skipped; repaired 2 mis-decoded characters"),
        "{err}"
    );
    assert!(
        err.contains("again.txt: 5 drafts already on the desk, skipped"),
        "{err}"
    );
    let o = run(&desk, &["list", "drafts"]);
    let listed = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(listed.lines().count(), 471);
    assert!(
        listed.contains("“the port is safe”") || listed.contains("Mayor Speaks"),
        "{listed}"
    );
    assert!(run(&desk, &["doctor"]).status.success());
    // One step back: the desk as it was.
    let o = run(&desk, &["import", "--undo-last"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("401 drafts removed"), "{}", stderr(&o));
    let o = run(&desk, &["list", "drafts"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 70);
    // The chunk files: `doctor`'s derived indexes (`items/.heads-*`, `.words-*`) aside.
    let chunk = |p: &Path| {
        p.starts_with(desk.join("items"))
            && !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    };
    let now: Vec<_> = snapshot(&desk)
        .into_iter()
        .filter(|(p, _)| chunk(p))
        .collect();
    let was: Vec<_> = before.into_iter().filter(|(p, _)| chunk(p)).collect();
    assert_eq!(
        now.len(),
        was.len(),
        "the import's chunk files are gone again"
    );
}

/// How many drafts `list drafts` prints of the desk in `desk`.
fn count(desk: &Path) -> usize {
    let o = run(desk, &["list", "drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).lines().count()
}

/// The binary run with `args` on `desk` and killed (SIGKILL, as a dropped session's
/// `kill -9`) after `ms`: every reader then sees the 20,000 drafts of the big page all
/// there or all gone (100 or 20,100 drafts), `doctor` finds nothing wrong, and the next
/// writer (an import of `small`, a page of drafts already there) finishes or clears what
/// was left and changes no count. How many drafts there are.
fn killed_after(desk: &Path, args: &[&str], ms: u64, small: &Path) -> usize {
    let mut child = bin()
        .arg("--desk")
        .arg(desk)
        .args(args)
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(ms));
    let _ = child.kill();
    let _ = child.wait();
    let n = count(desk);
    assert!(n == 100 || n == 20_100, "killed after {ms} ms: {n} drafts");
    assert!(
        run(desk, &["doctor"]).status.success(),
        "killed after {ms} ms"
    );
    let o = run(desk, &["import", small.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count(desk), n, "killed after {ms} ms");
    n
}

#[test]
fn a_kill_at_any_moment_of_a_streamed_import_leaves_the_desk_as_before_or_after() {
    let tmp = tempfile::tempdir().expect("tmp");
    let big = write(tmp.path(), "big.txt", page(20_000, "kill").as_bytes());
    let small = write(tmp.path(), "small.txt", page(100, "small").as_bytes());
    // How long a whole import takes here, to spread the kills over it (never asserted).
    let t = std::time::Instant::now();
    let whole = tmp.path().join("whole");
    assert!(
        run(&whole, &["import", big.to_str().expect("path")])
            .status
            .success()
    );
    let took = t.elapsed().as_millis() as u64;
    let (mut before, mut after) = (0, 0);
    let points = [5u64, 30, 60, 85, 95, 99];
    for (i, ms) in points.into_iter().map(|p| took * p / 100).enumerate() {
        let desk = tmp.path().join(format!("desk-{i}"));
        assert!(
            run(&desk, &["import", small.to_str().expect("path")])
                .status
                .success()
        );
        let n = killed_after(&desk, &["import", big.to_str().expect("path")], ms, &small);
        // Nothing is left aside.
        let aside: Vec<_> = std::fs::read_dir(desk.join("items"))
            .expect("items")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".import-"))
            .collect();
        assert!(aside.is_empty(), "killed after {ms} ms: {aside:?}");
        if n == 100 { before += 1 } else { after += 1 }
    }
    println!("import {took} ms; {before} killed before the import happened, {after} after");
}

/// Issue #19: `import --undo-last` of a big streamed import reads the chunk files the import
/// wrote, one batch at a time, and never holds the desk's drafts: before, it opened the
/// whole desk with every body (~3 times the page above the binary's own at 60,000 drafts).
#[test]
fn undo_last_of_a_big_streamed_import_holds_a_fraction_of_it_in_memory() {
    let tmp = tempfile::tempdir().expect("tmp");
    let desk = tmp.path().join("desk");
    let first = write(tmp.path(), "first.txt", page(100, "old").as_bytes());
    assert!(
        run(&desk, &["import", first.to_str().expect("path")])
            .status
            .success()
    );
    let before = snapshot(&desk);
    let drafts_before = run(&desk, &["list", "drafts", "--json"]).stdout;
    // The binary's own footprint: the peak of taking back a one-draft import.
    let other = tmp.path().join("other");
    let small = write(tmp.path(), "small.txt", page(1, "small").as_bytes());
    assert!(
        run(&other, &["import", small.to_str().expect("path")])
            .status
            .success()
    );
    let (out, base_kb) = peak_kb_of(&other, &["import", "--undo-last"]);
    assert!(out.status.success());
    let text = page(60_000, "big");
    let file = write(tmp.path(), "big.txt", text.as_bytes());
    assert!(
        run(&desk, &["import", file.to_str().expect("path")])
            .status
            .success()
    );
    let (out, peak_kb) = peak_kb_of(&desk, &["import", "--undo-last"]);
    assert!(out.status.success());
    let page_kb = text.len() as i64 / 1024;
    println!("page {page_kb} KB, undo-last peak {peak_kb} KB, of which the binary {base_kb} KB");
    assert!(
        peak_kb - base_kb < page_kb / 3,
        "peak {peak_kb} KB ({base_kb} KB the binary) for a page of {page_kb} KB"
    );
    // The desk as it was: its drafts, its chunk files (the shared one rewritten with a new
    // sequence number); the import's went to the backups.
    let o = run(&desk, &["list", "drafts", "--json"]);
    assert!(o.stdout == drafts_before, "the drafts as they were");
    let chunks = |s: Vec<(PathBuf, Vec<u8>)>| -> Vec<PathBuf> {
        s.into_iter()
            .map(|(p, _)| p)
            .filter(|p| {
                p.starts_with(desk.join("items"))
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect()
    };
    assert_eq!(
        chunks(snapshot(&desk)),
        chunks(before),
        "the chunk files as they were"
    );
    assert!(run(&desk, &["doctor"]).status.success());
    // Taken back once; the same page comes in whole again (no fingerprint left behind).
    assert!(!run(&desk, &["import", "--undo-last"]).status.success());
    let o = run(&desk, &["import", file.to_str().expect("path")]);
    assert!(stderr(&o).contains("60000 drafts added"), "{}", stderr(&o));
}

/// A symlink planted in place of a chunk file the take-back would remove, or of the chunk
/// file it would rewrite: refused in one line naming it, nothing changed, the link's
/// target untouched.
#[test]
fn undo_last_refuses_a_chunk_planted_as_a_link_and_changes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let desk = tmp.path().join("desk");
    let first = write(tmp.path(), "first.txt", page(12, "old").as_bytes());
    assert!(
        run(&desk, &["import", first.to_str().expect("path")])
            .status
            .success()
    );
    let big = write(tmp.path(), "big.txt", page(200, "new").as_bytes());
    assert!(
        run(&desk, &["import", big.to_str().expect("path")])
            .status
            .success()
    );
    // Ids 13..212: chunk 0 is shared (rewritten), chunks 1 to 3 the import's own (removed).
    for name in ["000002.json", "000000.json"] {
        let chunk = desk.join("items").join(name);
        let outside = tmp.path().join(format!("outside-{name}"));
        std::fs::rename(&chunk, &outside).expect("move");
        std::os::unix::fs::symlink(&outside, &chunk).expect("symlink");
        let before = snapshot(&desk);
        let target = std::fs::read(&outside).expect("read");
        let o = run(&desk, &["import", "--undo-last"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(name) && err.contains("nothing was changed"),
            "{err}"
        );
        assert_untouched(&desk, &before);
        assert_eq!(std::fs::read(&outside).expect("read"), target);
        std::fs::remove_file(&chunk).expect("rm link");
        std::fs::rename(&outside, &chunk).expect("back");
    }
    let o = run(&desk, &["import", "--undo-last"]);
    assert!(stderr(&o).contains("200 drafts removed"), "{}", stderr(&o));
}

/// A real `kill -9` spread over `import --undo-last` of a big streamed import: every reader
/// sees the import all there or all gone, `doctor` finds nothing wrong, and the next writer
/// finishes what the journal holds.
#[test]
fn a_kill_at_any_moment_of_undo_last_leaves_the_import_there_or_gone() {
    let tmp = tempfile::tempdir().expect("tmp");
    let big = write(tmp.path(), "big.txt", page(20_000, "kill").as_bytes());
    let small = write(tmp.path(), "small.txt", page(100, "small").as_bytes());
    let base = tmp.path().join("base");
    for f in [&small, &big] {
        let o = run(&base, &["import", f.to_str().expect("path")]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let copy = |to: &Path| {
        for (p, bytes) in snapshot(&base) {
            let rel = p.strip_prefix(&base).expect("in the desk");
            let target = to.join(rel);
            std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
            std::fs::write(target, bytes).expect("copy");
        }
    };
    // How long a whole take-back takes here, to spread the kills over it (never asserted).
    let whole = tmp.path().join("whole");
    copy(&whole);
    let t = std::time::Instant::now();
    assert!(run(&whole, &["import", "--undo-last"]).status.success());
    let took = t.elapsed().as_millis() as u64;
    assert_eq!(count(&whole), 100);
    let (mut there, mut gone) = (0, 0);
    for (i, p) in [2u64, 20, 50, 80, 95, 100].into_iter().enumerate() {
        let ms = took * p / 100;
        let desk = tmp.path().join(format!("desk-{i}"));
        copy(&desk);
        let n = killed_after(&desk, &["import", "--undo-last"], ms, &small);
        // The journal is empty once the next writer finished it.
        assert_eq!(
            std::fs::read(desk.join("journal.jsonl")).unwrap_or_default(),
            b""
        );
        if n == 100 { gone += 1 } else { there += 1 }
    }
    println!("undo-last {took} ms; {there} killed before it happened, {gone} after");
}
