//! Where a statement comes from (issue #17): an outlet, its URL, when it was published; and
//! the one rule for which URLs the desk accepts and which become links.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize};

/// One source of an item or a bullet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The outlet's name ("Reuters"). Files written before sources had several fields call
    /// it `publication`.
    #[serde(
        default,
        alias = "publication",
        skip_serializing_if = "Option::is_none"
    )]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the outlet published it, if the input said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<FixedOffset>>,
    /// The feed's own id for the entry a draft came from (`<guid>`, `<id>`), so a fetch
    /// recognises it however its link changes (issue #18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
}

impl Source {
    /// A source from an outlet's name and a URL, either of which may be empty; the URL is
    /// checked ([`check_url`]). `None` when both are empty.
    pub fn new(outlet: &str, url: &str) -> Result<Option<Source>, String> {
        let outlet = outlet.trim();
        let url = url.trim();
        if !url.is_empty() {
            check_url(url)?;
        }
        if outlet.is_empty() && url.is_empty() {
            return Ok(None);
        }
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Ok(Some(Source {
            outlet: some(outlet),
            url: some(url),
            published: None,
            entry: None,
        }))
    }

    /// What a citation names: the outlet, else the URL, else `source`.
    pub fn name(&self) -> &str {
        self.outlet
            .as_deref()
            .or(self.url.as_deref())
            .unwrap_or("source")
    }

    /// The URL when it may become a link ([`is_linkable`]).
    pub fn link(&self) -> Option<&str> {
        self.url.as_deref().filter(|u| is_linkable(u))
    }
}

/// Schemes that run code or carry a document of their own when followed: refused outright.
const REFUSED_SCHEMES: [&str; 4] = ["javascript", "vbscript", "data", "file"];

/// The one check of a source's URL, for every way one comes in (the form, the importers,
/// the command that sets it): no spaces, no control bytes, no `javascript:` (nor
/// `vbscript:`, `data:`, `file:`). Other schemes are kept, and printed as text
/// ([`is_linkable`]).
pub fn check_url(url: &str) -> Result<(), String> {
    let shown: String = url.chars().flat_map(char::escape_debug).take(60).collect();
    if url.is_empty() {
        return Err("a source URL is empty: give one, or leave the source without a URL".into());
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "the source URL \"{shown}\" holds a space or a control character: write it as one word, spaces as %20"
        ));
    }
    if let Some(scheme) = scheme(url)
        && REFUSED_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
    {
        return Err(format!(
            "the source URL \"{shown}\" is a {scheme}: URL, which the desk refuses: give the http or https address of the page"
        ));
    }
    Ok(())
}

/// May this URL become a link (`<a href>`, Markdown `[..](..)`)? Only `http://`,
/// `https://` (with a host) and `mailto:`; anything else is printed as text.
pub fn is_linkable(url: &str) -> bool {
    if check_url(url).is_err() {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    let host_after = |prefix: &str| {
        lower
            .strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
    };
    host_after("http://")
        || host_after("https://")
        || lower.strip_prefix("mailto:").is_some_and(|r| !r.is_empty())
}

/// The scheme of `url` (the letters before the first `:`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Sources as stored: a list, or (in items written before issue #17) one object under
/// `source`, read into a list of one.
pub fn one_or_many<'de, D: Deserializer<'de>, L: From<Vec<Source>>>(d: D) -> Result<L, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<Source>),
        One(Source),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::Many(v) => v,
        OneOrMany::One(s) => vec![s],
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_and_mailto_become_links() {
        for url in [
            "https://www.reuters.com/x",
            "http://example.org",
            "HTTPS://EXAMPLE.ORG/A",
            "mailto:desk@example.org",
        ] {
            assert!(is_linkable(url), "{url}");
            assert_eq!(check_url(url), Ok(()));
        }
        for url in [
            "ftp://example.org/x",
            "gopher://x",
            "https://",
            "https:///x",
            "mailto:",
            "example.org/x",
            "/relative",
        ] {
            assert!(!is_linkable(url), "{url}");
            assert_eq!(check_url(url), Ok(()), "{url} is kept, as text");
        }
    }

    #[test]
    fn spaces_controls_and_script_urls_are_refused_with_one_line() {
        for url in [
            "https://exa mple.org",
            "https://example.org/\u{7}",
            "https://example.org/\n",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "",
        ] {
            let e = check_url(url).unwrap_err();
            assert!(!e.contains('\n'), "one line: {e}");
            assert!(!is_linkable(url));
        }
        let e = check_url("javascript:alert(1)").unwrap_err();
        assert!(e.contains("javascript:"), "{e}");
        let e = check_url("https://exa mple.org").unwrap_err();
        assert!(e.contains("space"), "{e}");
    }

    #[test]
    fn a_new_source_checks_its_url_and_names_the_outlet_first() {
        let s = Source::new(" Reuters ", "https://reuters.com/a")
            .unwrap()
            .unwrap();
        assert_eq!(s.outlet.as_deref(), Some("Reuters"));
        assert_eq!(s.name(), "Reuters");
        assert_eq!(s.link(), Some("https://reuters.com/a"));
        assert_eq!(Source::new("", "").unwrap(), None);
        assert!(Source::new("X", "javascript:void(0)").is_err());
        let bare = Source::new("", "ftp://x/y").unwrap().unwrap();
        assert_eq!((bare.name(), bare.link()), ("ftp://x/y", None));
    }
}
