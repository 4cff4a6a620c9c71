//! `briefdesk export --format all -o STEM`: md, txt, html and json side by side, each the
//! same bytes as its own `--format`, one line saying what was written.

use std::path::{Path, PathBuf};

#[path = "support/files.rs"]
mod files;
#[path = "support/run.rs"]
mod run;
use files::write;
use run::{ok, run, stderr, stdout};

const DIGEST: &str = "Weekly Security Digest - March 4, 2025

International Affairs

  • Parliament passed the emergency powers bill after a night session.
    • The opposition will likely challenge the bill in court.
  • Border talks resumed in Geneva.
";

fn desk() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    let digest = write(tmp.path(), "digest.txt", DIGEST);
    ok(&desk, &["import", digest.to_str().unwrap()]);
    // Approved (the rule is off): an export to files is then recorded, and not warned.
    ok(&desk, &["review", "approve"]);
    (tmp, desk)
}

fn one(desk: &Path, format: &str, style: &str) -> String {
    ok(
        desk,
        &["export", "--format", format, "--assessments", style],
    )
}

#[test]
fn format_all_writes_each_format_from_the_stem() {
    let (tmp, desk) = desk();
    for (arg, style) in [("digest", "label"), ("digest.md", "italic")] {
        let out = tmp.path().join("out");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir(&out).unwrap();
        let o = run(
            &desk,
            &[
                "export",
                "--format",
                "all",
                "--assessments",
                style,
                "-o",
                out.join(arg).to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let names: Vec<String> = ["md", "txt", "html", "json"]
            .iter()
            .map(|e| out.join(format!("digest.{e}")).display().to_string())
            .collect();
        assert_eq!(stderr(&o).trim(), format!("wrote {}", names.join(", ")));
        for e in ["md", "txt", "html", "json"] {
            let got = std::fs::read_to_string(out.join(format!("digest.{e}"))).unwrap();
            assert_eq!(got, one(&desk, e, style), "{e} with {style}");
        }
        let mut listed: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        listed.sort();
        assert_eq!(
            listed,
            ["digest.html", "digest.json", "digest.md", "digest.txt"]
        );
    }
    // Each file written is recorded as an export, in the exporter's own log.
    let me = briefdesk::store::identity::login_name();
    let log = std::fs::read_to_string(desk.join(format!("reviews/1/{me}.jsonl"))).unwrap();
    for e in ["md", "txt", "html", "json"] {
        assert!(
            log.contains(&format!("\"to\":\"exported\",\"note\":\"to digest.{e}\"")),
            "{e}: {log}"
        );
    }
    assert!(one(&desk, "md", "italic").contains('_') || one(&desk, "md", "italic").contains('*'));
}

#[test]
fn format_all_needs_a_file_name_and_says_the_first_failure() {
    let (tmp, desk) = desk();
    let o = run(&desk, &["export", "--format", "all"]);
    assert!(!o.status.success());
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--format all writes four files: give -o"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());

    // A directory where the html file goes: md and txt written, then one line, exit 1.
    let stem = tmp.path().join("d");
    std::fs::create_dir(tmp.path().join("d.html")).unwrap();
    let o = run(
        &desk,
        &["export", "--format", "all", "-o", stem.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "briefdesk: {}: ",
            tmp.path().join("d.html").display()
        )),
        "{err}"
    );
    assert!(
        err.trim_end().ends_with(&format!(
            "written before it: {}, {}",
            tmp.path().join("d.md").display(),
            tmp.path().join("d.txt").display()
        )),
        "{err}"
    );
    assert!(tmp.path().join("d.txt").exists());
    assert!(!tmp.path().join("d.json").exists());
}
