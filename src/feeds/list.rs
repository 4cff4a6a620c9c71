//! The desk's feed list (`feeds.json`): each feed's name, address and tags, what its server
//! said last time (for a conditional GET), and the rules that spike or drop entries on
//! arrival. Pure data and its checks; `store::feeds` reads and writes the file.

use serde::{Deserialize, Serialize};

use super::rules::Rule;

/// One feed the desk follows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feed {
    pub name: String,
    /// `http(s)://…`, `file://…` or a plain path (a folder a shop drops feed files into).
    pub url: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The validators of the last 200 response, sent back as `If-None-Match` /
    /// `If-Modified-Since`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// `feeds.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedList {
    #[serde(default)]
    pub feeds: Vec<Feed>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
}

impl FeedList {
    /// `feeds.json` read; the error names the line and column (the caller adds the path).
    pub fn from_json(bytes: &[u8]) -> Result<FeedList, String> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let list: FeedList = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let inner = e.inner();
            format!(
                "line {}, column {}: {}",
                inner.line(),
                inner.column(),
                crate::model::text::one_line(&inner.to_string())
            )
        })?;
        super::rules::Rules::new(&list.rules)?;
        Ok(list)
    }

    pub fn to_json(&self) -> Result<Vec<u8>, String> {
        let mut bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| format!("cannot encode the feed list: {e}"))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Add a feed; refused (one line) when the name or the address is already followed, or
    /// the address is not one we can fetch.
    pub fn add(&mut self, url: &str, name: Option<&str>, tags: &[String]) -> Result<&Feed, String> {
        let url = check_url(url)?;
        let name = match name {
            Some(n) => check_name(n)?,
            None => default_name(&url),
        };
        if let Some(f) = self.feeds.iter().find(|f| f.url == url) {
            return Err(format!("{url} is already followed as \"{}\"", f.name));
        }
        if self
            .feeds
            .iter()
            .any(|f| f.name.eq_ignore_ascii_case(&name))
        {
            return Err(format!(
                "a feed named \"{name}\" is already followed: give another with --name"
            ));
        }
        let tags = tags
            .iter()
            .map(|t| check_name(t).map(|t| t.to_lowercase()))
            .collect::<Result<Vec<_>, _>>()?;
        self.feeds.push(Feed {
            name,
            url,
            tags,
            ..Feed::default()
        });
        Ok(&self.feeds[self.feeds.len() - 1])
    }

    /// Remove the feed named `which` (any case) or with that address; the removed feed.
    pub fn remove(&mut self, which: &str) -> Result<Feed, String> {
        let at = self
            .feeds
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(which) || f.url == which)
            .ok_or_else(|| {
                format!("no feed named or at \"{which}\": see `briefdesk feeds list`")
            })?;
        Ok(self.feeds.remove(at))
    }

    /// The feeds a fetch takes, as indices into `feeds`: all, one by name, or those with a
    /// tag.
    pub fn pick(&self, name: Option<&str>, tag: Option<&str>) -> Result<Vec<usize>, String> {
        let picked: Vec<usize> = (self.feeds.iter().enumerate())
            .filter(|(_, f)| name.is_none_or(|n| f.name.eq_ignore_ascii_case(n) || f.url == n))
            .filter(|(_, f)| tag.is_none_or(|t| f.tags.iter().any(|x| x.eq_ignore_ascii_case(t))))
            .map(|(i, _)| i)
            .collect();
        match (picked.is_empty(), name, tag) {
            (true, Some(n), _) => Err(format!("no feed named \"{n}\": see `briefdesk feeds list`")),
            (true, None, Some(t)) => Err(format!("no feed has the tag \"{t}\"")),
            _ => Ok(picked),
        }
    }
}

/// A feed address as kept: http(s) and file URLs as given, a plain path made absolute by
/// the caller. Spaces, control bytes and other schemes are refused.
pub fn check_url(url: &str) -> Result<String, String> {
    let u = url.trim();
    if u.is_empty() {
        return Err("no feed address given".into());
    }
    if u.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(format!(
            "\"{}\" has spaces or control characters: not a feed address",
            crate::model::text::for_display(u)
        ));
    }
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        url::Url::parse(u).map_err(|e| format!("{u}: not a valid address ({e})"))?;
        return Ok(u.to_string());
    }
    if lower.starts_with("file://") || u.starts_with('/') {
        return Ok(u.to_string());
    }
    if let Some((scheme, _)) = u.split_once(':')
        && scheme.len() > 1
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    {
        return Err(format!(
            "{scheme}: addresses are not fetched: use http, https, file or a path"
        ));
    }
    Ok(u.to_string())
}

fn check_name(name: &str) -> Result<String, String> {
    let n = crate::model::text::one_line(&crate::model::text::sanitize(name));
    if n.is_empty() {
        return Err("a feed's name or tag cannot be empty".into());
    }
    Ok(n)
}

/// A name from the address: its host without `www.`, or the file's stem.
fn default_name(url: &str) -> String {
    if let Ok(u) = url::Url::parse(url)
        && let Some(host) = u.host_str()
    {
        return host.trim_start_matches("www.").to_string();
    }
    let path = url.trim_start_matches("file://");
    std::path::Path::new(path)
        .file_stem()
        .map_or_else(|| url.to_string(), |s| s.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_names_a_feed_after_its_host_and_refuses_twins() {
        let mut l = FeedList::default();
        let f = l
            .add("https://www.cisa.gov/feed.xml", None, &["Gov".into()])
            .unwrap();
        assert_eq!(
            (f.name.as_str(), f.tags.clone()),
            ("cisa.gov", vec!["gov".to_string()])
        );
        assert!(
            l.add("https://www.cisa.gov/feed.xml", Some("again"), &[])
                .is_err()
        );
        assert!(
            l.add("https://other.example/rss", Some("CISA.GOV"), &[])
                .is_err()
        );
        assert!(l.add("/srv/drop/ncsc.xml", None, &[]).is_ok());
        assert_eq!(l.feeds[1].name, "ncsc");
    }

    #[test]
    fn bad_addresses_are_one_line() {
        let mut l = FeedList::default();
        for bad in [
            "javascript:alert(1)",
            "https://a b/",
            "ftp://x/y",
            "",
            "http://x/\u{1b}[2J",
        ] {
            let e = l.add(bad, None, &[]).unwrap_err();
            assert!(!e.contains('\n') && !e.contains('\u{1b}'), "{e}");
        }
        assert!(l.feeds.is_empty());
    }

    #[test]
    fn pick_by_name_or_tag_and_remove() {
        let mut l = FeedList::default();
        l.add("https://a.example/f", Some("A"), &["gov".into()])
            .unwrap();
        l.add("https://b.example/f", Some("B"), &[]).unwrap();
        assert_eq!(l.pick(None, Some("GOV")).unwrap().len(), 1);
        assert_eq!(l.feeds[l.pick(Some("b"), None).unwrap()[0]].name, "B");
        assert!(l.pick(Some("c"), None).is_err());
        assert_eq!(l.remove("https://a.example/f").unwrap().name, "A");
        assert!(l.remove("A").is_err());
    }
}
