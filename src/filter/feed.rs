//! The feed words of a Drafts filter (issue #18): `feed:cisa ransomware` keeps the drafts
//! one of whose sources has an outlet starting with `cisa` (case aside), and ranks them by
//! the rest, `ransomware`, as the fuzzy filter does. The desk's `/` and `list drafts
//! --filter` both read a query through [`FeedQuery::parse`].

use crate::model::Item;

/// What a query's `feed:` words name (lower case), and the rest of it: the fuzzy text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FeedQuery {
    /// The feed names (prefixes), lower case; a draft from any of them is kept.
    pub feeds: Vec<String>,
    /// The query without its feed words: what the fuzzy filter ranks headlines by.
    pub text: String,
}

const KEY: &str = "feed:";

impl FeedQuery {
    /// Split `query` into its feed words and its text. A query with no feed word keeps
    /// its text exactly as typed.
    pub fn parse(query: &str) -> FeedQuery {
        let is_feed = |w: &str| {
            w.get(..KEY.len())
                .is_some_and(|k| k.eq_ignore_ascii_case(KEY))
        };
        if !query.split_whitespace().any(is_feed) {
            return FeedQuery {
                feeds: Vec::new(),
                text: query.to_string(),
            };
        }
        let (feeds, text): (Vec<&str>, Vec<&str>) =
            query.split_whitespace().partition(|w| is_feed(w));
        FeedQuery {
            feeds: feeds
                .iter()
                .map(|w| w[KEY.len()..].to_lowercase())
                .collect(),
            text: text.join(" "),
        }
    }

    /// Does the query name any feed?
    pub fn names_feeds(&self) -> bool {
        !self.feeds.is_empty()
    }

    /// Is `item` kept: no feed named, or one of its sources' outlets starts with a name
    /// given (`feed:` alone keeps every draft with a named outlet).
    pub fn keeps(&self, item: &Item) -> bool {
        self.feeds.is_empty()
            || item
                .sources
                .iter()
                .filter_map(|s| s.outlet.as_deref())
                .any(|outlet| self.feeds.iter().any(|f| starts_folded(outlet, f)))
    }
}

/// Does `text`, lower-cased, start with `prefix` (lower case already)? No copy made: the
/// Drafts list asks it of every draft as a feed name is typed.
fn starts_folded(text: &str, prefix: &str) -> bool {
    let mut folded = text.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| folded.next() == Some(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemId, Source};

    fn from(outlets: &[&str]) -> Item {
        let mut item = Item::new(ItemId(1), "Ransomware hits a port", Vec::new());
        item.sources = outlets
            .iter()
            .map(|o| Source {
                outlet: Some((*o).into()),
                ..Source::default()
            })
            .collect();
        item
    }

    #[test]
    fn feed_words_are_taken_out_of_the_fuzzy_text() {
        let q = FeedQuery::parse("ransom FEED:CISA  port");
        assert_eq!(q.feeds, vec!["cisa".to_string()]);
        assert_eq!(q.text, "ransom port");
        // No feed word: the text is left exactly as typed (spaces and all).
        let q = FeedQuery::parse(" ransom  port ");
        assert!(!q.names_feeds());
        assert_eq!(q.text, " ransom  port ");
    }

    #[test]
    fn a_feed_word_keeps_drafts_whose_outlet_starts_with_it_case_aside() {
        let q = FeedQuery::parse("feed:ci");
        assert!(q.keeps(&from(&["CISA"])));
        assert!(q.keeps(&from(&["wire", "cisa"])));
        assert!(!q.keeps(&from(&["ncsc"])));
        assert!(!q.keeps(&from(&[])));
        let either = FeedQuery::parse("feed:ncsc feed:cisa");
        assert!(either.keeps(&from(&["ncsc"])) && either.keeps(&from(&["cisa"])));
        assert!(!either.keeps(&from(&["wire"])));
        assert!(FeedQuery::parse("feed:").keeps(&from(&["wire"])));
        assert!(FeedQuery::parse("").keeps(&from(&[])));
    }
}
