//! Feeds against a loopback HTTP server started by the test: the real binary's `feeds` and
//! `fetch`, and the HTTP layer itself for what takes a timer (timeout) or a big body.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[path = "support/http.rs"]
mod http;
#[path = "support/run.rs"]
mod run;
use http::{Answer, Server, rss};
use run::{bin, stderr, stdout};

use briefdesk::feeds::Feed;
use briefdesk::feeds::http::{Got, Limits, agent, get};

/// Distinct headlines: six words drawn from a list, so no two stories look alike.
fn headline(seed: usize) -> String {
    const WORDS: [&str; 24] = [
        "ransomware",
        "harbor",
        "ministry",
        "breach",
        "drone",
        "payroll",
        "satellite",
        "court",
        "election",
        "pipeline",
        "hospital",
        "botnet",
        "embassy",
        "customs",
        "railway",
        "bank",
        "telecom",
        "phishing",
        "sanctions",
        "border",
        "grid",
        "vaccine",
        "airport",
        "militia",
    ];
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(12_345);
    (0..6)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            WORDS[x % WORDS.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
        + &format!(" {seed}")
}

/// `briefdesk --desk DESK ARGS`, with no proxy from the environment (the loopback server
/// must be reached directly).
fn cli(desk: &Path, args: &[&str]) -> std::process::Output {
    let mut c = bin();
    for v in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        c.env_remove(v);
    }
    c.arg("--desk")
        .arg(desk)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(desk: &Path, args: &[&str]) -> (String, String) {
    let o = cli(desk, args);
    assert!(
        o.status.success(),
        "briefdesk {args:?} failed: {}",
        stderr(&o)
    );
    (stdout(&o), stderr(&o))
}

fn new_desk() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    ok(d.path(), &["issue", "new", "Digest 2026-11-30"]);
    d
}

fn drafts(desk: &Path) -> Vec<String> {
    let (out, _) = ok(desk, &["list", "drafts"]);
    out.lines().map(str::to_string).collect()
}

fn no_proxy() -> Limits {
    Limits {
        env_proxy: false,
        ..Limits::default()
    }
}

fn feed(url: &str) -> Feed {
    Feed {
        name: "t".into(),
        url: url.into(),
        ..Feed::default()
    }
}

#[test]
fn fetch_adds_new_entries_then_a_304_after_the_etag_adds_nothing() {
    let body = rss(3, "https://cert.test", headline);
    let server = Server::start(move |r| {
        if r.header("if-none-match") == Some("\"v1\"") {
            Answer::status(304)
        } else {
            Answer::ok(body.clone()).header("ETag", "\"v1\"")
        }
    });
    let desk = new_desk();
    ok(
        desk.path(),
        &[
            "feeds",
            "add",
            &format!("{}/rss", server.base),
            "--name",
            "cert",
        ],
    );
    let (out, err) = ok(desk.path(), &["fetch"]);
    assert!(out.contains("cert: 3 new, 0 known"), "{out}");
    assert!(err.contains("3 drafts added from 1 feed"), "{err}");
    let listed = drafts(desk.path());
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(
        listed.iter().any(|l| l.contains(&headline(2))),
        "{listed:?}"
    );

    let (out, _) = ok(desk.path(), &["fetch"]);
    assert!(out.contains("cert: not modified"), "{out}");
    assert_eq!(drafts(desk.path()).len(), 3);
    let reqs = server.requests("/rss");
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].header("if-none-match"), Some("\"v1\""));
    assert!(
        reqs[0]
            .header("user-agent")
            .is_some_and(|u| u.starts_with("briefdesk/"))
    );
}

#[test]
fn a_404_and_a_page_that_is_not_a_feed_are_one_line_each_and_the_other_feeds_go_on() {
    let good = rss(2, "https://good.test", headline);
    let server = Server::start(move |r| match r.path.as_str() {
        "/good" => Answer::ok(good.clone()),
        "/page" => Answer::ok("<html><body>Welcome</body></html>"),
        _ => Answer::status(404),
    });
    let desk = new_desk();
    for (name, path) in [("gone", "/gone"), ("good", "/good"), ("page", "/page")] {
        ok(
            desk.path(),
            &[
                "feeds",
                "add",
                &format!("{}{path}", server.base),
                "--name",
                name,
            ],
        );
    }
    let o = cli(desk.path(), &["fetch"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a feed that failed makes the run fail"
    );
    let out = stdout(&o);
    assert!(out.contains("gone: the server answered 404"), "{out}");
    assert!(out.contains("good: 2 new"), "{out}");
    assert!(out.contains("page: not a feed"), "{out}");
    assert_eq!(out.lines().count(), 3, "one line per feed: {out}");
    assert_eq!(
        drafts(desk.path()).len(),
        2,
        "the good feed's entries landed"
    );
}

#[test]
fn redirects_are_followed_up_to_five() {
    let body = rss(1, "https://r.test", headline);
    let server = Server::start(move |r| {
        // /hop/N redirects to /hop/N-1; /hop/0 is the feed.
        let n: usize = r.path.trim_start_matches("/hop/").parse().unwrap_or(0);
        if n == 0 {
            Answer::ok(body.clone())
        } else {
            Answer::status(302).header("Location", &format!("/hop/{}", n - 1))
        }
    });
    let a = agent(no_proxy());
    let got = get(&a, &feed(&format!("{}/hop/3", server.base)), no_proxy()).unwrap();
    assert!(
        matches!(got, Got::Body { ref base, .. } if base.ends_with("/hop/0")),
        "{got:?}"
    );
    let e = get(&a, &feed(&format!("{}/hop/7", server.base)), no_proxy()).unwrap_err();
    assert!(e.contains("redirects"), "{e}");
}

#[test]
fn a_slow_server_hits_the_timeout() {
    let server = Server::start(|_| Answer {
        delay: Duration::from_secs(4),
        ..Answer::ok("<rss/>")
    });
    let limits = Limits {
        total: Duration::from_secs(1),
        ..no_proxy()
    };
    let started = std::time::Instant::now();
    let e = get(
        &agent(limits),
        &feed(&format!("{}/slow", server.base)),
        limits,
    )
    .unwrap_err();
    assert!(e.contains("timed out"), "{e}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "gave up before the server answered"
    );
}

#[test]
fn gzip_is_asked_for_and_read() {
    let body = rss(2, "https://z.test", headline);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(body.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let server = Server::start(move |r| {
        if r.header("accept-encoding")
            .is_some_and(|e| e.contains("gzip"))
        {
            Answer::ok(gz.clone()).header("Content-Encoding", "gzip")
        } else {
            Answer::status(406)
        }
    });
    let got = get(
        &agent(no_proxy()),
        &feed(&format!("{}/z", server.base)),
        no_proxy(),
    )
    .unwrap();
    let Got::Body { bytes, .. } = got else {
        panic!("a body")
    };
    assert_eq!(bytes, body.as_bytes());
}

#[test]
fn a_body_over_the_cap_is_refused() {
    let big = vec![b' '; 20 * 1024 * 1024];
    let server = Server::start(move |_| Answer::ok(big.clone()));
    let e = get(
        &agent(no_proxy()),
        &feed(&format!("{}/big", server.base)),
        no_proxy(),
    )
    .unwrap_err();
    assert!(e.contains("larger than 10 MB"), "{e}");
}

#[test]
fn the_same_story_with_tracking_parameters_in_two_feeds_is_one_draft() {
    let a = "<rss version=\"2.0\"><channel><title>A</title><item><title>Port authority confirms ransomware outage at container terminal</title><link>https://news.test/story?id=9&amp;utm_source=a</link><guid>a-1</guid><description>Text A.</description></item></channel></rss>";
    let b = "<rss version=\"2.0\"><channel><title>B</title><item><title>Completely different wording of a headline here</title><link>https://NEWS.test/story?id=9#top</link><guid>b-7</guid><description>Text B.</description></item></channel></rss>";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.xml"), a).unwrap();
    std::fs::write(dir.path().join("b.xml"), b).unwrap();
    let desk = new_desk();
    let a_path = dir.path().join("a.xml");
    ok(desk.path(), &["feeds", "add", a_path.to_str().unwrap()]);
    ok(
        desk.path(),
        &[
            "feeds",
            "add",
            &format!("file://{}", dir.path().join("b.xml").display()),
        ],
    );
    let (out, _) = ok(desk.path(), &["fetch"]);
    assert!(out.contains("a: 1 new, 0 known"), "{out}");
    assert!(out.contains("b: 0 new, 1 known"), "{out}");
    assert_eq!(drafts(desk.path()).len(), 1);
    // A second run: the entry id and the link are known, nothing is added.
    let (out, _) = ok(desk.path(), &["fetch"]);
    assert!(out.contains("a: 0 new, 1 known"), "{out}");
}

#[test]
fn rules_in_feeds_json_drop_or_spike_on_arrival() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.xml");
    std::fs::write(
        &path,
        "<rss version=\"2.0\"><channel><title>V</title>\
         <item><title>Join our sponsored webinar on zero trust</title><guid>1</guid></item>\
         <item><title>Crypto giveaway scam targets wallet owners</title><guid>2</guid></item>\
         <item><title>Vendor patches critical flaw in edge firewall</title><guid>3</guid></item>\
         </channel></rss>",
    )
    .unwrap();
    let desk = new_desk();
    ok(
        desk.path(),
        &["feeds", "add", path.to_str().unwrap(), "--name", "vendor"],
    );
    let file = desk.path().join("feeds.json");
    let mut list: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    list["rules"] = serde_json::json!([
        {"match": "\"sponsored webinar\"", "in": "title", "action": "drop"},
        {"match": "giveaway", "action": "spike", "feed": "vendor"}
    ]);
    std::fs::write(&file, serde_json::to_vec_pretty(&list).unwrap()).unwrap();
    let (out, _) = ok(desk.path(), &["fetch"]);
    assert!(
        out.contains("vendor: 1 new, 0 known, 1 spiked by a rule, 1 dropped by a rule"),
        "{out}"
    );
    let (spiked, _) = ok(desk.path(), &["list", "drafts", "--state", "spiked"]);
    assert!(spiked.contains("Crypto giveaway"), "{spiked}");
    let all = drafts(desk.path());
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(!all.iter().any(|l| l.contains("webinar")));
}

#[test]
fn a_damaged_feeds_json_is_one_line_naming_it_and_nothing_is_fetched() {
    let desk = new_desk();
    std::fs::write(
        desk.path().join("feeds.json"),
        "{\"feeds\": [ {\"name\": 3} ]}",
    )
    .unwrap();
    let o = cli(desk.path(), &["fetch"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("feeds.json: line 1, column"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn opml_import_then_export_keeps_feeds_and_tags() {
    let dir = tempfile::tempdir().unwrap();
    let opml = dir.path().join("list.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Government"><outline text="CISA" xmlUrl="https://cisa.test/feed.xml"/>
<outline text="NCSC" xmlUrl="https://ncsc.test/rss" category="uk"/></outline>
<outline text="Vendor blog" xmlUrl="https://vendor.test/atom"/></body></opml>"#,
    )
    .unwrap();
    let desk = new_desk();
    let (_, err) = ok(desk.path(), &["feeds", "import", opml.to_str().unwrap()]);
    assert!(err.contains("3 feeds added, 0 already followed"), "{err}");
    let (_, err) = ok(desk.path(), &["feeds", "import", opml.to_str().unwrap()]);
    assert!(err.contains("0 feeds added, 3 already followed"), "{err}");
    let (list, _) = ok(desk.path(), &["feeds", "list"]);
    assert!(
        list.contains("NCSC [government, uk]  https://ncsc.test/rss"),
        "{list}"
    );
    let (exported, _) = ok(desk.path(), &["feeds", "export"]);
    let again = briefdesk::feeds::opml::read(&exported).unwrap();
    assert_eq!(again.len(), 3);
    assert_eq!(again[1].tags, vec!["government".to_string(), "uk".into()]);
    ok(desk.path(), &["feeds", "remove", "NCSC"]);
    let (list, _) = ok(desk.path(), &["feeds", "list"]);
    assert!(!list.contains("NCSC"), "{list}");
}

#[test]
fn fetch_by_tag_takes_only_those_feeds() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let body = rss(1, "https://t.test", headline);
    let server = Server::start(move |_| {
        h.fetch_add(1, Ordering::SeqCst);
        Answer::ok(body.clone())
    });
    let desk = new_desk();
    ok(
        desk.path(),
        &[
            "feeds",
            "add",
            &format!("{}/a", server.base),
            "--name",
            "a",
            "--tag",
            "gov",
        ],
    );
    ok(
        desk.path(),
        &["feeds", "add", &format!("{}/b", server.base), "--name", "b"],
    );
    let (out, _) = ok(desk.path(), &["fetch", "--tag", "gov"]);
    assert!(out.contains("a: 1 new") && !out.contains("b:"), "{out}");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    let o = cli(desk.path(), &["fetch", "--feed", "nope"]);
    assert!(
        stderr(&o).contains("no feed named \"nope\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn fetch_while_a_session_holds_the_desk_queues_the_drafts_for_it() {
    let body = rss(2, "https://held.test", headline);
    let server = Server::start(move |_| Answer::ok(body.clone()).header("ETag", "\"h1\""));
    let desk = new_desk();
    ok(
        desk.path(),
        &[
            "feeds",
            "add",
            &format!("{}/rss", server.base),
            "--name",
            "held",
        ],
    );
    let before = drafts(desk.path());
    let lock = briefdesk::store::Store::lock_dir(desk.path()).unwrap();
    let (out, err) = ok(desk.path(), &["fetch"]);
    assert!(out.contains("held: 2 new, 0 known"), "{out}");
    assert!(
        err.contains("2 drafts queued for the open desk held by "),
        "{err}"
    );
    assert_eq!(
        drafts(desk.path()),
        before,
        "the desk's files are the session's"
    );
    // What the session takes in: briefdesk JSON the import reads, sources and entry ids kept.
    let inbox: Vec<_> = std::fs::read_dir(desk.path().join("inbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(inbox.len(), 1, "{inbox:?}");
    let bytes = std::fs::read(&inbox[0]).unwrap();
    let read =
        briefdesk::format::import::read(&bytes, Some(briefdesk::format::import::Format::Json))
            .unwrap();
    let briefdesk::format::import::Imported::Items(items) = read.what else {
        panic!("drafts")
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].sources[0].outlet.as_deref(), Some("held"));
    assert!(items[0].sources[0].entry.is_some());
    // The validators are kept once the drafts are queued: the next fetch is conditional.
    let list = std::fs::read_to_string(desk.path().join("feeds.json")).unwrap();
    assert!(list.contains("\\\"h1\\\""), "{list}");
    drop(lock);
}
