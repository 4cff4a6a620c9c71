//! Rules that act on entries as they arrive (newsboat's killfile, in the desk's words): an
//! entry whose title, body or either matches a word search is spiked (kept, out of the pool)
//! or dropped (never added). The match is the desk's word search (`search.rs`): every word,
//! any order, case and accents aside, quoted phrases.

use serde::{Deserialize, Serialize};

use crate::search::Search;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    #[default]
    Spike,
    Drop,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Body,
    #[default]
    Any,
}

/// One rule of `feeds.json`: `{"match": "sponsored webinar", "in": "title", "action": "drop",
/// "feed": "vendor-blog"}`; without `feed` it applies to every feed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    #[serde(rename = "match")]
    pub words: String,
    #[serde(default, rename = "in")]
    pub field: Field,
    #[serde(default)]
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
}

/// Rules made ready to match: the searches parsed once per fetch.
pub struct Rules<'a> {
    compiled: Vec<(&'a Rule, Search)>,
}

impl<'a> Rules<'a> {
    /// Parse every rule; a rule with no words is refused, naming it.
    pub fn new(rules: &'a [Rule]) -> Result<Rules<'a>, String> {
        let compiled = rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                Search::parse(&r.words).map(|s| (r, s)).ok_or_else(|| {
                    format!(
                        "feeds.json: rule {} has no words to match: give it \"match\"",
                        i + 1
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Rules { compiled })
    }

    /// What the first matching rule says to do with an entry of `feed`; `None`: add it.
    pub fn verdict(&self, feed: &str, title: &str, body: &[String]) -> Option<Action> {
        self.compiled
            .iter()
            .filter(|(r, _)| {
                r.feed
                    .as_deref()
                    .is_none_or(|f| f.eq_ignore_ascii_case(feed))
            })
            .find(|(r, s)| match r.field {
                Field::Title => s.matches(title, &[]),
                Field::Body => s.matches("", body),
                Field::Any => s.matches(title, body),
            })
            .map(|(r, _)| r.action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(words: &str, field: Field, action: Action, feed: Option<&str>) -> Rule {
        Rule {
            words: words.into(),
            field,
            action,
            feed: feed.map(str::to_string),
        }
    }

    #[test]
    fn the_first_matching_rule_decides_and_a_feed_rule_keeps_to_its_feed() {
        let rules = [
            rule("\"sponsored webinar\"", Field::Title, Action::Drop, None),
            rule("crypto giveaway", Field::Any, Action::Spike, Some("vendor")),
        ];
        let r = Rules::new(&rules).unwrap();
        assert_eq!(
            r.verdict("cert", "Sponsored Webinar: patching", &[]),
            Some(Action::Drop)
        );
        assert_eq!(
            r.verdict("cert", "Webinar, sponsored", &[]),
            None,
            "a phrase keeps its order"
        );
        let body = vec!["A crypto Giveaway scam".to_string()];
        assert_eq!(r.verdict("Vendor", "News", &body), Some(Action::Spike));
        assert_eq!(r.verdict("cert", "News", &body), None);
        assert_eq!(
            r.verdict("vendor", "Crypto", &[]),
            None,
            "every word must match"
        );
    }

    #[test]
    fn a_rule_with_no_words_is_refused() {
        let rules = [rule("  ", Field::Any, Action::Drop, None)];
        assert!(Rules::new(&rules).is_err());
    }
}
