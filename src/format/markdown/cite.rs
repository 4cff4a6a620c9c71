//! Issue #17, the reading side: a bullet's portion mark (`(TLP:RED) …`), the sources
//! briefdesk writes after its text (`… ([Reuters](https://…); [AP](https://…))`), and
//! Markdown links anywhere in it (`[Reuters](https://…)`), which become sources too.
//!
//! The writer escapes every `(`, `)`, `[` and `]` of a text, so an unescaped one is
//! syntax: a portion mark, a citation or a link.

use crate::model::source::check_url;
use crate::model::{Source, Tlp, tlp};

use super::syntax::unescape;

/// What a bullet's content (after `- `) holds, with the content left to read for its kind.
pub(super) struct Parts {
    pub tlp: Option<Tlp>,
    pub content: String,
    pub sources: Vec<Source>,
}

/// The byte index of the first unescaped `c` in `s` from `from`.
fn find_unescaped(s: &str, from: usize, c: char) -> Option<usize> {
    let mut escaped = false;
    for (i, ch) in s[from..].char_indices() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == c {
            return Some(from + i);
        }
    }
    None
}

/// `[text](url)` at the start of `s`: (text as written, url, bytes used).
fn link_at(s: &str) -> Option<(&str, &str, usize)> {
    let rest = s.strip_prefix('[')?;
    let close = find_unescaped(rest, 0, ']')?;
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = find_unescaped(after, 0, ')')?;
    let used = 1 + close + 2 + end + 1;
    Some((&rest[..close], &after[..end], used))
}

/// A source from a link's text and destination, its URL checked.
fn source(text: &str, url: &str) -> Result<Source, String> {
    let url = unescape(url);
    check_url(&url)?;
    let outlet = unescape(text);
    Ok(Source {
        outlet: (!outlet.is_empty() && outlet != url).then_some(outlet),
        url: Some(url),
        published: None,
        entry: None,
    })
}

/// `([a](u); [b](v))` exactly, as the whole of `s`: its sources.
fn citation(s: &str) -> Option<Result<Vec<Source>, String>> {
    let mut rest = s.strip_prefix('(')?.strip_suffix(')')?;
    let mut out = Vec::new();
    loop {
        let (text, url, used) = link_at(rest)?;
        out.push(source(text, url));
        rest = &rest[used..];
        if rest.is_empty() {
            return Some(out.into_iter().collect());
        }
        rest = rest.strip_prefix("; ")?;
    }
}

/// The endnotes briefdesk writes at the end (`## Sources`, then `1. [Reuters](https://…)`
/// or `2. Archive, ftp\://…`), when the lines from `## Sources` on are exactly that: the
/// sources by number, and where the heading is (so the reader stops there).
/// Where the endnotes start, and the sources by number.
type Notes = Option<(usize, Vec<Source>)>;

/// A bad URL is its line and what `check_url` says.
pub(super) fn endnotes(lines: &[(usize, &str)]) -> Result<Notes, (usize, String)> {
    let Some(at) = lines.iter().rposition(|(_, l)| *l == "## Sources") else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for (line, l) in lines[at + 1..].iter().filter(|(_, l)| !l.is_empty()) {
        let Some((n, entry)) = l.split_once(". ") else {
            return Ok(None);
        };
        if n.parse::<usize>().ok() != Some(out.len() + 1) {
            return Ok(None);
        }
        let src = match link_at(entry) {
            Some((text, url, used)) if used == entry.len() => {
                source(text, url).map_err(|e| (*line, e))?
            }
            _ => {
                // `Outlet, URL` as text: the URL is the last part when it reads as one.
                let entry = unescape(entry);
                match entry.rsplit_once(", ") {
                    Some((o, u)) if u.contains(':') && check_url(u).is_ok() => Source {
                        outlet: Some(o.to_string()),
                        url: Some(u.to_string()),
                        published: None,
                        entry: None,
                    },
                    _ => Source {
                        outlet: Some(entry),
                        url: None,
                        published: None,
                        entry: None,
                    },
                }
            }
        };
        out.push(src);
    }
    Ok((!out.is_empty()).then_some((at, out)))
}

/// A bullet's endnote numbers at the end of its content (`… text. [1, 2]`): the content
/// before them and the sources they name; `None` when it ends otherwise.
pub(super) fn cited<'a>(content: &'a str, notes: &[Source]) -> Option<(&'a str, Vec<Source>)> {
    let body = content.strip_suffix(']')?;
    let open = body.rfind('[')?;
    let escaped = body[..open]
        .chars()
        .rev()
        .take_while(|c| *c == '\\')
        .count()
        % 2
        == 1;
    if escaped || !(open == 0 || body[..open].ends_with(' ')) {
        return None;
    }
    let sources = body[open + 1..]
        .split(", ")
        .map(|n| {
            n.parse::<usize>()
                .ok()
                .and_then(|n| notes.get(n.checked_sub(1)?).cloned())
        })
        .collect::<Option<Vec<Source>>>()?;
    Some((
        body[..open].strip_suffix(' ').unwrap_or(&body[..open]),
        sources,
    ))
}

/// Split a bullet's content into its marking, its text and its sources. A bad URL in a
/// link is the one line `check_url` says.
pub(super) fn parts(content: &str) -> Result<Parts, String> {
    let (tlp, mut rest) = match tlp::portion_mark(content) {
        Some((t, rest)) => (Some(t), rest),
        None => (None, content),
    };
    let mut sources = Vec::new();
    // The citation briefdesk writes: the last unescaped ` (` whose rest is links only.
    let mut at = rest.len();
    while let Some(open) = rest[..at].rfind('(') {
        let starts = open == 0 || rest[..open].ends_with(' ');
        let unescaped = rest[..open]
            .chars()
            .rev()
            .take_while(|c| *c == '\\')
            .count()
            % 2
            == 0;
        if starts
            && unescaped
            && let Some(found) = citation(&rest[open..])
        {
            sources = found?;
            rest = rest[..open].strip_suffix(' ').unwrap_or(&rest[..open]);
            break;
        }
        at = open;
    }
    // Links in the text: each a source, its text kept.
    let mut text = String::with_capacity(rest.len());
    let mut from = 0;
    while let Some(open) = find_unescaped(rest, from, '[') {
        match link_at(&rest[open..]) {
            Some((t, url, used)) => {
                text.push_str(&rest[from..open]);
                text.push_str(t);
                let s = source(t, url)?;
                if !sources.contains(&s) {
                    sources.push(s);
                }
                from = open + used;
            }
            None => {
                text.push_str(&rest[from..=open]);
                from = open + 1;
            }
        }
    }
    text.push_str(&rest[from..]);
    Ok(Parts {
        tlp,
        content: text,
        sources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(outlet: &str, url: &str) -> Source {
        Source {
            outlet: Some(outlet.into()),
            url: Some(url.into()),
            published: None,
            entry: None,
        }
    }

    #[test]
    fn briefdesks_citation_and_portion_mark_are_read_off_the_text() {
        let p = parts("(TLP:AMBER) **Assessment:** Cables cut\\. ([Reuters](https://r.com/a\\(1\\)); [A\\]P](mailto:x@y.z))").unwrap();
        assert_eq!(p.tlp, Some(Tlp::Amber));
        assert_eq!(p.content, "**Assessment:** Cables cut\\.");
        assert_eq!(
            p.sources,
            vec![
                src("Reuters", "https://r.com/a(1)"),
                src("A]P", "mailto:x@y.z")
            ]
        );
    }

    #[test]
    fn escaped_parentheses_and_plain_words_are_text() {
        let p = parts("\\(TLP:RED\\) see \\(Reuters\\) (and so on)").unwrap();
        assert_eq!((p.tlp, p.sources.len()), (None, 0));
        assert_eq!(p.content, "\\(TLP:RED\\) see \\(Reuters\\) (and so on)");
    }

    #[test]
    fn a_link_in_the_text_becomes_a_source_and_keeps_its_words() {
        let p = parts("Per [Reuters](https://r.com/x), three cables were cut").unwrap();
        assert_eq!(p.content, "Per Reuters, three cables were cut");
        assert_eq!(p.sources, vec![src("Reuters", "https://r.com/x")]);
    }

    #[test]
    fn a_script_link_is_refused_in_one_line() {
        let e = parts("Click [here](javascript:alert(1))").err().unwrap();
        assert!(e.contains("javascript:") && !e.contains('\n'), "{e}");
    }
}
