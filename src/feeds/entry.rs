//! Feed bytes to entries: RSS 0.9x/1.0/2.0, Atom and JSON Feed through feed-rs (given the
//! bytes, so the XML declaration's encoding is honoured), markup turned into plain
//! paragraphs by html2text (a real HTML parser, html5ever; no regex), then the desk's one
//! sanitizer.

use chrono::{DateTime, Utc};

use crate::model::text::sanitize;

/// One entry of a feed, as the desk takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The feed's id for the entry (`<guid>`, `<id>`; feed-rs makes one from the link and
    /// title when the feed gives none).
    pub id: String,
    pub title: String,
    /// Plain paragraphs from the summary or the content (the longer of the two).
    pub body: Vec<String>,
    pub link: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

/// Why a feed's bytes gave no entries.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FeedError {
    #[error("not a feed (RSS, Atom or JSON Feed): {0}")]
    NotAFeed(String),
    #[error("malformed feed at line {line}, column {column}: {reason}")]
    Malformed {
        line: usize,
        column: usize,
        reason: String,
    },
}

/// Parse `bytes`; relative links are resolved against `base` (the feed's URL).
pub fn parse(bytes: &[u8], base: Option<&str>) -> Result<Vec<Entry>, FeedError> {
    // feed-rs makes up a random id for an entry with no id and no link: ours is the same
    // on every fetch (from the title), or empty, so a fetch never takes a seen entry for new.
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base)
        .id_generator(|links, title, uri| {
            use feed_rs::parser::{
                generate_id_from_link_and_title, generate_id_from_uri_and_title,
            };
            match (links.first(), title) {
                (Some(link), _) => generate_id_from_link_and_title(link, title),
                (None, Some(t)) => generate_id_from_uri_and_title(uri.unwrap_or(""), t),
                (None, None) => String::new(),
            }
        })
        .build();
    let feed = parser.parse(bytes).map_err(|e| describe(&e, bytes))?;
    Ok(feed
        .entries
        .into_iter()
        .filter_map(|e| {
            let title = e
                .title
                .as_ref()
                .map(|t| text_of(&t.content, t.content_type.as_ref()));
            let summary = e
                .summary
                .as_ref()
                .map(|t| paragraphs(&t.content, t.content_type.as_ref()));
            let content = e.content.as_ref().and_then(|c| {
                c.body
                    .as_ref()
                    .map(|b| paragraphs(b, c.content_type.as_ref()))
            });
            let body = match (summary, content) {
                (Some(s), Some(c)) => {
                    if c.iter().map(String::len).sum::<usize>() > s.iter().map(String::len).sum() {
                        c
                    } else {
                        s
                    }
                }
                (Some(s), None) => s,
                (None, Some(c)) => c,
                (None, None) => Vec::new(),
            };
            let title = match title.filter(|t| !t.is_empty()) {
                Some(t) => t,
                // A title-less entry (a micro-blog post) is headed by its first words.
                None => crate::model::text::first_words(body.first()?, 12),
            };
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(e.links.first())
                .map(|l| sanitize(&l.href).trim().to_string())
                .filter(|l| !l.is_empty());
            Some(Entry {
                id: sanitize(&e.id),
                title,
                body,
                link,
                published: e.published.or(e.updated),
            })
        })
        .collect())
}

fn is_markup(kind: &str) -> bool {
    let s = kind;
    s.contains("html") || s.contains("xml")
}

/// A title: markup stripped and entities decoded, one line.
fn text_of(content: &str, kind: &str) -> String {
    let text = if is_markup(kind) || content.contains('<') || content.contains('&') {
        html_to_text(content)
    } else {
        content.to_string()
    };
    crate::model::text::one_line(&sanitize(&text))
        .trim()
        .to_string()
}

/// A summary or content: plain paragraphs, each on one line.
fn paragraphs(content: &str, kind: &str) -> Vec<String> {
    let text = if is_markup(kind) || content.contains('<') {
        html_to_text(content)
    } else {
        content.to_string()
    };
    sanitize(&text)
        .split("\n\n")
        .map(|p| crate::model::text::one_line(p).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn html_to_text(html: &str) -> String {
    // Wide enough never to wrap: the desk wraps for the screen; a paragraph stays one line.
    html2text::config::with_decorator(html2text::render::TrivialDecorator::new())
        .string_from_read(html.as_bytes(), 100_000)
        .unwrap_or_else(|_| html.to_string())
}

/// feed-rs's error as one line, with a line and column where it gives a byte position.
fn describe(e: &feed_rs::parser::ParseFeedError, bytes: &[u8]) -> FeedError {
    use feed_rs::parser::{ParseErrorKind, ParseFeedError};
    let at = |position: u64| {
        crate::model::text::position(
            &bytes[..usize::try_from(position).map_or(bytes.len(), |p| p.min(bytes.len()))],
        )
    };
    match e {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            FeedError::NotAFeed("no <rss>, <feed> or JSON Feed object at the top".into())
        }
        ParseFeedError::ParseError(
            ParseErrorKind::UnknownMimeType { position, .. }
            | ParseErrorKind::MissingContent { position, .. }
            | ParseErrorKind::UnknownEnumVariant { position, .. }
            | ParseErrorKind::IllegalState { position, .. },
        ) => {
            let (line, column) = at(*position);
            FeedError::Malformed {
                line,
                column,
                reason: crate::model::text::one_line(&e.to_string()),
            }
        }
        ParseFeedError::XmlReader(x) => {
            let reason = crate::model::text::one_line(&x.to_string());
            // quick-xml says "at position N" in its message; the position is what we can use.
            match position_in(&reason) {
                Some(p) => {
                    let (line, column) = at(p);
                    FeedError::Malformed {
                        line,
                        column,
                        reason,
                    }
                }
                None => FeedError::NotAFeed(reason),
            }
        }
        other => FeedError::NotAFeed(crate::model::text::one_line(&other.to_string())),
    }
}

fn position_in(message: &str) -> Option<u64> {
    let at = message.find("position ")? + "position ".len();
    let digits: String = message[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>CERT</title><link>https://cert.example/</link>
<description>advisories</description>
<item><title>Flaw in &lt;b&gt;VPN&lt;/b&gt; appliance &amp; gateway</title>
<link>https://cert.example/a/1?utm_source=rss</link><guid>cert-1</guid>
<description>&lt;p&gt;First paragraph with &lt;a href="x"&gt;a link&lt;/a&gt;.&lt;/p&gt;&lt;p&gt;Second one.&lt;/p&gt;</description>
<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>Second advisory</title><link>/a/2</link></item>
</channel></rss>"#;

    #[test]
    fn rss_titles_lose_their_markup_and_bodies_become_paragraphs() {
        let entries = parse(RSS.as_bytes(), Some("https://cert.example/feed.xml")).unwrap();
        assert_eq!(entries.len(), 2);
        let e = &entries[0];
        assert_eq!(e.title, "Flaw in VPN appliance & gateway");
        assert_eq!(e.id, "cert-1");
        assert_eq!(
            e.body,
            vec![
                "First paragraph with a link.".to_string(),
                "Second one.".into()
            ]
        );
        assert_eq!(
            e.link.as_deref(),
            Some("https://cert.example/a/1?utm_source=rss")
        );
        assert_eq!(
            e.published.map(|d| d.to_rfc3339()),
            Some("2026-11-23T10:00:00+00:00".into())
        );
        assert_eq!(
            entries[1].link.as_deref(),
            Some("https://cert.example/a/2"),
            "a relative link resolves against the feed's URL"
        );
    }

    #[test]
    fn atom_and_json_feed_read_too() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Vendor</title><id>urn:v</id>
<updated>2026-11-20T00:00:00Z</updated>
<entry><title type="html">Patch &lt;em&gt;now&lt;/em&gt;</title><id>urn:v:1</id>
<updated>2026-11-20T00:00:00Z</updated><link href="https://v.example/p"/>
<content type="html">&lt;p&gt;Body.&lt;/p&gt;</content></entry></feed>"#;
        let e = parse(atom.as_bytes(), None).unwrap();
        assert_eq!(
            (e[0].title.as_str(), e[0].id.as_str()),
            ("Patch now", "urn:v:1")
        );
        assert_eq!(e[0].body, vec!["Body.".to_string()]);
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
            "items": [{"id": "j1", "title": "Json entry", "content_text": "Plain text.",
            "url": "https://j.example/1"}]}"#;
        let e = parse(json.as_bytes(), None).unwrap();
        assert_eq!(e[0].title, "Json entry");
        assert_eq!(e[0].body, vec!["Plain text.".to_string()]);
    }

    #[test]
    fn escape_sequences_in_a_feed_never_reach_the_desk() {
        let rss = "<rss version=\"2.0\"><channel><title>x</title><item><title>Bad \u{1b}[2J title \u{202e}here</title><description>body \u{9b}31m</description></item></channel></rss>";
        let e = parse(rss.as_bytes(), None).unwrap();
        assert!(!e[0].title.contains('\u{1b}') && !e[0].title.contains('\u{202e}'));
        assert!(!e[0].body.concat().contains('\u{9b}'));
    }

    #[test]
    fn what_is_not_a_feed_is_said_in_one_line() {
        let e = parse(b"<html><body>hello</body></html>", None).unwrap_err();
        assert!(matches!(e, FeedError::NotAFeed(_)), "{e:?}");
        let e = parse(b"<rss version=\"2.0\"><channel><item><title>a</tit", None);
        assert!(e.is_err(), "{e:?}");
        let line = e.unwrap_err().to_string();
        assert!(!line.contains('\n'), "{line}");
    }
}
