//! The words that changed in an edited text (`D`, `briefdesk diff`): a word-level diff
//! (the `similar` crate), so the change itself shows, not the first words of both sides.

use similar::{ChangeTag, TextDiff};

/// One run of a word diff: kept, removed or added text, spaces included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    Same(String),
    Removed(String),
    Added(String),
}

/// `before` -> `after` as runs, word by word (spaces stay with the words).
pub fn runs(before: &str, after: &str) -> Vec<Run> {
    let diff = TextDiff::from_words(before, after);
    let mut out: Vec<Run> = Vec::new();
    for c in diff.iter_all_changes() {
        let s = c.value();
        match (out.last_mut(), c.tag()) {
            (Some(Run::Same(t)), ChangeTag::Equal)
            | (Some(Run::Removed(t)), ChangeTag::Delete)
            | (Some(Run::Added(t)), ChangeTag::Insert) => t.push_str(s),
            (_, ChangeTag::Equal) => out.push(Run::Same(s.to_string())),
            (_, ChangeTag::Delete) => out.push(Run::Removed(s.to_string())),
            (_, ChangeTag::Insert) => out.push(Run::Added(s.to_string())),
        }
    }
    out
}

/// Words of context kept on each side of a change; longer kept runs are cut to `…`.
const CONTEXT: usize = 3;

/// The runs as one line of text: `… police [-said-]{+confirmed+} that …`.
pub fn inline(before: &str, after: &str) -> String {
    let runs = runs(before, after);
    let last = runs.len().saturating_sub(1);
    let mut s = String::new();
    for (i, r) in runs.iter().enumerate() {
        match r {
            Run::Removed(t) => push_marked(&mut s, "[-", t, "-]"),
            Run::Added(t) => push_marked(&mut s, "{+", t, "+}"),
            Run::Same(t) => s.push_str(&context(t, i == 0, i == last)),
        }
    }
    s
}

/// A changed run, marked, with its spaces outside the marks.
fn push_marked(s: &mut String, open: &str, t: &str, close: &str) {
    let lead = &t[..t.len() - t.trim_start().len()];
    let trail = &t[t.trim_end().len()..];
    s.push_str(lead);
    s.push_str(open);
    s.push_str(t.trim());
    s.push_str(close);
    if !t.trim().is_empty() {
        s.push_str(trail);
    }
}

/// Kept text between changes: the words next to a change, the rest as `…`.
fn context(t: &str, first: bool, last: bool) -> String {
    if first && last {
        return t.to_string();
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let keep_before = if first { 0 } else { CONTEXT };
    let keep_after = if last { 0 } else { CONTEXT };
    if words.len() <= keep_before + keep_after {
        return t.to_string();
    }
    let lead = if t.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if t.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(&words[..keep_before]);
    parts.push("…");
    parts.extend(&words[words.len() - keep_after..]);
    format!("{lead}{}{trail}", parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_shows_with_its_neighbours() {
        let before =
            "Officials in the capital said on Monday that police said the attack was over.";
        let after =
            "Officials in the capital said on Monday that police confirmed the attack was over.";
        assert_eq!(
            inline(before, after),
            "… Monday that police [-said-]{+confirmed+} the attack was …"
        );
    }

    #[test]
    fn added_and_removed_words_at_the_ends() {
        assert_eq!(inline("a b", "a b c"), "a b {+c+}");
        assert_eq!(inline("x a b", "a b"), "[-x-] a b");
        assert_eq!(
            runs("one two", "one three"),
            vec![
                Run::Same("one ".into()),
                Run::Removed("two".into()),
                Run::Added("three".into())
            ]
        );
    }

    #[test]
    fn the_same_text_has_no_marks() {
        assert_eq!(inline("same words", "same words"), "same words");
    }
}
