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
    pieces(before, after).into_iter().map(|(_, t)| t).collect()
}

/// What a piece of a marked line is, for a screen that colours it: the marks stay in the
/// text, so a terminal without colour still shows the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Same,
    Removed,
    Added,
}

/// [`inline`]'s line in pieces: kept context, `[-removed-]` and `{+added+}` (marks
/// included), in order; their texts joined are the line.
pub fn pieces(before: &str, after: &str) -> Vec<(Mark, String)> {
    let runs = runs(before, after);
    let last = runs.len().saturating_sub(1);
    let mut out: Vec<(Mark, String)> = Vec::new();
    let same = |out: &mut Vec<(Mark, String)>, t: &str| {
        if t.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((Mark::Same, s)) => s.push_str(t),
            _ => out.push((Mark::Same, t.to_string())),
        }
    };
    for (i, r) in runs.iter().enumerate() {
        let (mark, open, t, close) = match r {
            Run::Removed(t) => (Mark::Removed, "[-", t, "-]"),
            Run::Added(t) => (Mark::Added, "{+", t, "+}"),
            Run::Same(t) => {
                same(&mut out, &context(t, i == 0, i == last));
                continue;
            }
        };
        // The run's spaces stay outside its marks, as kept text.
        let lead = &t[..t.len() - t.trim_start().len()];
        let trail = &t[t.trim_end().len()..];
        same(&mut out, lead);
        out.push((mark, format!("{open}{}{close}", t.trim())));
        if !t.trim().is_empty() {
            same(&mut out, trail);
        }
    }
    out
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
    fn pieces_mark_each_change_and_join_into_the_line() {
        let before = "Police said the attack was over.";
        let after = "Police confirmed the attack was over.";
        let p = pieces(before, after);
        assert_eq!(
            p,
            vec![
                (Mark::Same, "Police ".into()),
                (Mark::Removed, "[-said-]".into()),
                (Mark::Added, "{+confirmed+}".into()),
                (Mark::Same, " the attack was …".into()),
            ]
        );
        let joined: String = p.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(joined, inline(before, after));
    }

    #[test]
    fn the_same_text_has_no_marks() {
        assert_eq!(inline("same words", "same words"), "same words");
    }
}
