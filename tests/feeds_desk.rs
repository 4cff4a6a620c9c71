//! Issue #18, the desk side, from the command line: `list drafts --filter "feed:NAME …"`
//! keeps the drafts from that feed, as the desk's `/` does (one rule: `filter::feed`); and
//! `F` in the real desk, in a pseudo-terminal.

#[path = "support/http.rs"]
mod http;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/run.rs"]
mod run;
use run::{run, stderr, stdout};

fn ok(desk: &std::path::Path, args: &[&str]) -> String {
    let o = run(desk, args);
    assert!(
        o.status.success(),
        "briefdesk {args:?} failed: {}",
        stderr(&o)
    );
    stdout(&o)
}

/// A desk following two feed files: `cisa` (ransomware stories) and `ncsc` (one
/// ransomware story, one other), fetched.
fn fetched_desk() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    ok(d.path(), &["issue", "new", "Digest 2026-11-30"]);
    let cisa = d.path().join("cisa.xml");
    let ncsc = d.path().join("ncsc.xml");
    let heads = ["Ransomware hits a port", "Ransomware gang leaks files"];
    std::fs::write(
        &cisa,
        http::rss(2, "https://cisa.test", |i| heads[i].into()),
    )
    .unwrap();
    let heads = ["Ransomware in schools", "Phishing wave at banks"];
    std::fs::write(
        &ncsc,
        http::rss(2, "https://ncsc.test", |i| heads[i].into()),
    )
    .unwrap();
    for (name, path) in [("cisa", &cisa), ("ncsc", &ncsc)] {
        ok(
            d.path(),
            &["feeds", "add", path.to_str().unwrap(), "--name", name],
        );
    }
    ok(d.path(), &["fetch"]);
    d
}

fn headlines(out: &str) -> Vec<String> {
    let mut h: Vec<String> = out
        .lines()
        .filter_map(|l| l.rsplit('\t').next())
        .map(str::to_string)
        .collect();
    h.sort();
    h
}

#[test]
fn list_drafts_filter_feed_keeps_that_feeds_drafts_and_ranks_by_the_rest() {
    let d = fetched_desk();
    let out = ok(d.path(), &["list", "drafts", "--filter", "feed:CISA"]);
    assert_eq!(
        headlines(&out),
        ["Ransomware gang leaks files", "Ransomware hits a port"]
    );
    // The rest of the query is the fuzzy filter's text, within that feed.
    let out = ok(
        d.path(),
        &["list", "drafts", "--filter", "feed:nc ransomware"],
    );
    assert_eq!(headlines(&out), ["Ransomware in schools"]);
    // The same in JSON (the full desk read).
    let out = ok(
        d.path(),
        &[
            "list",
            "drafts",
            "--json",
            "--filter",
            "ransomware feed:ncsc",
        ],
    );
    assert!(
        out.contains("Ransomware in schools") && !out.contains("port"),
        "{out}"
    );
    let out = ok(d.path(), &["list", "drafts", "--filter", "feed:nobody"]);
    assert_eq!(out, "");
}

#[test]
fn f_in_the_desk_fetches_the_feeds_and_u_takes_the_fetch_back() {
    let d = tempfile::tempdir().unwrap();
    ok(d.path(), &["issue", "new", "Digest 2026-11-30"]);
    let cisa = d.path().join("cisa.xml");
    let heads = ["Ransomware hits a port", "Botnet taken down"];
    std::fs::write(
        &cisa,
        http::rss(2, "https://cisa.test", |i| heads[i].into()),
    )
    .unwrap();
    ok(
        d.path(),
        &["feeds", "add", cisa.to_str().unwrap(), "--name", "cisa"],
    );

    let mut t = pty::Term::spawn(&[], Some(d.path()), 24, 80, &[]);
    t.wait_for("1 Drafts");
    t.settle();
    t.type_keys("F");
    // The event loop takes the thread's result in and shows the report line.
    t.wait_for("fetched 1 feed: 2 new: u undoes");
    t.wait_for("source: cisa");
    let listed = ok(d.path(), &["list", "drafts", "--filter", "feed:cisa"]);
    assert_eq!(
        headlines(&listed),
        ["Botnet taken down", "Ransomware hits a port"]
    );
    t.type_keys("u");
    t.wait_for("undid: ");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "exit status {st:?}; screen:\n{}", t.screen());
    assert_eq!(
        ok(d.path(), &["list", "drafts"]),
        "",
        "one u took the whole fetch back"
    );
}
