//! The feed corpus (tests/fixtures/feeds/feed-rs: feed-rs's own fixtures, MIT): every feed
//! reads through briefdesk's feed import without error, with the entries and titles the
//! corpus expects (its `.serde.json` files, what feed-rs's tests expect).

use std::path::{Path, PathBuf};

use briefdesk::feeds::entry::parse;
use briefdesk::model::text::{one_line, sanitize};

fn corpus() -> Vec<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds/feed-rs");
    let mut pairs = Vec::new();
    for e in std::fs::read_dir(&dir).expect("the corpus is in the repository") {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".serde.json") else {
            continue;
        };
        let input = ["xml", "json", "rss", "atom", "rdf"]
            .iter()
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no feed beside {name}"));
        pairs.push((input, p));
    }
    pairs.sort();
    pairs
}

/// Text a title holds once its markup is gone, as a reader would see it.
fn plain(content: &str) -> String {
    one_line(&sanitize(content)).trim().to_string()
}

#[test]
fn every_corpus_feed_reads_with_the_expected_entries_and_titles() {
    let pairs = corpus();
    assert!(pairs.len() >= 60, "the corpus is there: {}", pairs.len());
    let mut entries_seen = 0;
    for (input, expected) in &pairs {
        let bytes = std::fs::read(input).unwrap();
        let want: serde_json::Value =
            serde_json::from_slice(&std::fs::read(expected).unwrap()).unwrap();
        let got = parse(&bytes, None).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let want_entries = want["entries"].as_array().cloned().unwrap_or_default();
        // An entry with neither a title nor any text gives no draft (there is nothing to
        // head it with); the corpus says which those are.
        let with_words: Vec<&serde_json::Value> = want_entries
            .iter()
            .filter(|e| {
                let t = e["title"]["content"].as_str().unwrap_or("").trim();
                let s = e["summary"]["content"].as_str().unwrap_or("").trim();
                let c = e["content"]["body"].as_str().unwrap_or("").trim();
                !(t.is_empty() && s.is_empty() && c.is_empty())
            })
            .collect();
        assert_eq!(got.len(), with_words.len(), "{}: entries", input.display());
        for (g, w) in got.iter().zip(&with_words) {
            assert!(
                !g.title.is_empty(),
                "{}: an empty headline",
                input.display()
            );
            assert!(
                !g.title.contains('\n'),
                "{}: {:?}",
                input.display(),
                g.title
            );
            let title = &w["title"];
            let kind = title["content_type"].as_str().unwrap_or("");
            let content = title["content"].as_str().unwrap_or("");
            if kind == "text/plain" && !content.contains('<') && !content.contains('&') {
                assert_eq!(g.title, plain(content), "{}: title", input.display());
            } else if !content.trim().is_empty() {
                assert!(
                    !g.title.contains("</") && !g.title.contains("/>"),
                    "{}: markup left in {:?}",
                    input.display(),
                    g.title
                );
            }
            // An id the feed gave is kept as it is (one feed-rs made up is not compared).
            let id = w["id"].as_str().unwrap_or("");
            if String::from_utf8_lossy(&bytes).contains(id) {
                assert_eq!(g.id, sanitize(id), "{}: id", input.display());
            }
        }
        entries_seen += got.len();
    }
    println!("{} feeds, {entries_seen} entries read", pairs.len());
}
