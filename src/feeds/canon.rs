//! The one form of an entry's link the desk compares: two links to the same story (one with
//! `utm_source`, one without; `HTTPS://Example.COM/a#top` and `https://example.com/a`) are
//! the same key, so a story already on the desk is recognised however a feed spells it.

use url::Url;

/// Query parameters that only say where a click came from, never what the page is.
const TRACKING: &[&str] = &[
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc",
    "_hsmi", "ref_src", "cmpid", "ocid",
];

/// The canonical form of `link`, or `None` when it is not an absolute http(s) URL: scheme
/// and host lowercased (the `url` crate does both), default port and fragment dropped,
/// `utm_*` and other tracking parameters removed, the remaining parameters kept in order.
pub fn canonical_url(link: &str) -> Option<String> {
    let mut url = Url::parse(link.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !k.starts_with("utm_") && !TRACKING.contains(&k.as_str())
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    // `http://a/b/` and `http://a/b` are one page on every site we follow.
    let path = url.path().to_string();
    if path.len() > 1 && path.ends_with('/') {
        url.set_path(path.trim_end_matches('/'));
    }
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::canonical_url;

    #[test]
    fn tracking_parameters_fragment_and_case_do_not_make_a_new_story() {
        let a = canonical_url(
            "https://News.Example.COM/story/42?utm_source=rss&utm_medium=feed#comments",
        );
        let b = canonical_url("https://news.example.com/story/42/");
        let c = canonical_url("HTTPS://news.example.com:443/story/42?fbclid=abc");
        assert_eq!(a.as_deref(), Some("https://news.example.com/story/42"));
        assert_eq!(a, b);
        assert_eq!(a, c);
    }

    #[test]
    fn parameters_that_name_the_page_are_kept() {
        assert_eq!(
            canonical_url("https://example.com/view?id=7&utm_campaign=x&page=2").as_deref(),
            Some("https://example.com/view?id=7&page=2")
        );
        assert_ne!(
            canonical_url("https://example.com/view?id=7"),
            canonical_url("https://example.com/view?id=8")
        );
    }

    #[test]
    fn only_absolute_web_links_have_a_canonical_form() {
        assert_eq!(canonical_url("javascript:alert(1)"), None);
        assert_eq!(canonical_url("/relative/path"), None);
        assert_eq!(canonical_url("mailto:a@example.com"), None);
        assert_eq!(canonical_url(""), None);
    }
}
