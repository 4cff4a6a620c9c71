//! The desk's own HTML export read back to the same issue; any other page is refused.
//!
//! The page must be exactly what the writer (`write.rs`) produces: the same elements in the same order
//! with the same inline styles (the `<body>` style marks a page as the desk's own). Like
//! Markdown, HTML has no ids and no date field: the issue id is 0 until the import plan gives
//! one, sections and bullets are numbered 1.. in reading order, the date comes from the title.
//! `plain` assessments read back as facts (the page does not mark them).

use super::syntax::{BODY, H1, H2, H3, LI, TAGLINE, TLP_P, TLP_SPAN, UL, WRAP};
use crate::format::imported::ImportError;
use crate::format::markdown::date_from_title;
use crate::model::{
    Bullet, BulletId, BulletKind, Issue, IssueId, IssueMeta, MAX_DEPTH, Section, SectionId, Source,
    Tlp, tlp,
};

/// What the writer puts before the assessment text in `label` style.
const ASSESSMENT: &str = "Assessment:";

/// Does this text look like an HTML page (ours or not)? [`parse`] then tells which.
pub fn looks_like(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = t.chars().take(15).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

#[derive(Debug, PartialEq)]
enum Tok {
    /// `<name attrs>`; the name lower-cased, the attributes as written.
    Open(String, String),
    Close(String),
    Text(String),
}

fn refuse(line: usize, what: &str) -> ImportError {
    ImportError::Other(format!(
        "HTML import: line {line}: {what}: only pages written by `briefdesk export --format html` can be imported; save other pages as text or Markdown first"
    ))
}

fn unescape(raw: &str, line: usize) -> Result<String, ImportError> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let (c, len) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
        ]
        .iter()
        .find(|(e, _)| tail.starts_with(e))
        .map(|(e, c)| (*c, e.len()))
        .ok_or_else(|| refuse(line, "an entity the desk never writes"))?;
        out.push(c);
        rest = &tail[len..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Tags and texts with their line; whitespace between tags is dropped, a text keeps its first
/// line (the writer puts nothing after a text on its line but the next tag or a line break).
fn tokens(text: &str) -> Result<Vec<(usize, Tok)>, ImportError> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut rest = text.trim_start_matches('\u{feff}');
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let end = after
                .find('>')
                .ok_or_else(|| refuse(line, "a tag that is never closed"))?;
            let inner = &after[..end];
            let tok = if let Some(name) = inner.strip_prefix('/') {
                Tok::Close(name.to_ascii_lowercase())
            } else {
                let (name, attrs) = inner.split_once(' ').unwrap_or((inner, ""));
                Tok::Open(name.to_ascii_lowercase(), attrs.to_string())
            };
            out.push((line, tok));
            line += inner.matches('\n').count();
            rest = &after[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let raw = &rest[..end];
            let first = raw.split('\n').next().unwrap_or("");
            if !first.trim().is_empty() {
                out.push((line, Tok::Text(unescape(first, line)?)));
            } else if !raw.trim().is_empty() {
                return Err(refuse(line, "text outside the desk's elements"));
            }
            line += raw.matches('\n').count();
            rest = &rest[end..];
        }
    }
    Ok(out)
}

struct Reader {
    toks: Vec<(usize, Tok)>,
    at: usize,
}

impl Reader {
    fn line(&self) -> usize {
        self.toks
            .get(self.at)
            .or(self.toks.last())
            .map_or(1, |(l, _)| *l)
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|(_, t)| t)
    }

    fn is_open(&self, name: &str) -> bool {
        matches!(self.peek(), Some(Tok::Open(n, _)) if n == name)
    }

    fn is_close(&self, name: &str) -> bool {
        matches!(self.peek(), Some(Tok::Close(n)) if n == name)
    }

    /// `<name attrs>` exactly.
    fn open(&mut self, name: &str, attrs: &str) -> Result<(), ImportError> {
        match self.peek() {
            Some(Tok::Open(n, a)) if n == name && a == attrs => {
                self.at += 1;
                Ok(())
            }
            _ => Err(refuse(
                self.line(),
                &format!("expected <{name}> as the desk writes it"),
            )),
        }
    }

    fn close(&mut self, name: &str) -> Result<(), ImportError> {
        if self.is_close(name) {
            self.at += 1;
            Ok(())
        } else {
            Err(refuse(self.line(), &format!("expected </{name}>")))
        }
    }

    /// A text, or "" when the element is empty.
    fn text(&mut self) -> String {
        match self.peek() {
            Some(Tok::Text(t)) => {
                let t = t.clone();
                self.at += 1;
                t
            }
            _ => String::new(),
        }
    }

    /// `<tag attrs>text</tag>`.
    fn element(&mut self, tag: &str, attrs: &str) -> Result<String, ImportError> {
        self.open(tag, attrs)?;
        let t = self.text();
        self.close(tag)?;
        Ok(t)
    }

    /// Issue #17: the marking's label, `<p><span>TLP:…</span></p>` as the writer puts it at
    /// the top and the bottom; `None` when the next element is not one.
    fn marking(&mut self) -> Result<Option<Tlp>, ImportError> {
        let p = format!("style=\"{TLP_P}\"");
        if !matches!(self.peek(), Some(Tok::Open(n, a)) if n == "p" && *a == p) {
            return Ok(None);
        }
        self.at += 1;
        let line = self.line();
        let span = match self.peek() {
            Some(Tok::Open(n, a)) if n == "span" => a.clone(),
            _ => return Err(refuse(line, "a TLP label the desk did not write")),
        };
        let label = self.element("span", &span)?;
        self.close("p")?;
        let t = Tlp::exact(&label)
            .filter(|t| span == format!("style=\"{TLP_SPAN}{}\"", t.colour()))
            .ok_or_else(|| refuse(line, "a TLP label the desk did not write"))?;
        Ok(Some(t))
    }

    /// Issue #17: the sources after a bullet's text, `(<a href="…">Reuters</a>; …)`, the
    /// `(` already read off the text before them; links only.
    fn citation(&mut self) -> Result<Vec<Source>, ImportError> {
        let mut out = Vec::new();
        loop {
            let line = self.line();
            let href = match self.peek() {
                Some(Tok::Open(n, a)) if n == "a" => a
                    .strip_prefix("href=\"")
                    .and_then(|h| h.strip_suffix('"'))
                    .map(str::to_string),
                _ => None,
            }
            .ok_or_else(|| refuse(line, "a citation the desk did not write"))?;
            let url = unescape(&href, line)?;
            crate::model::source::check_url(&url)
                .map_err(|e| refuse(line, &format!("a bad source link ({e})")))?;
            self.at += 1;
            let name = self.text();
            self.close("a")?;
            out.push(Source {
                outlet: (!name.is_empty() && name != url).then_some(name),
                url: Some(url),
                published: None,
                entry: None,
            });
            match self.text().as_str() {
                ")" => return Ok(out),
                "; " => {}
                _ => return Err(refuse(line, "a citation the desk did not write")),
            }
        }
    }

    /// A `<ul>` list (the `<ul>` not yet read) at `depth` (0 = top level).
    fn list(&mut self, depth: usize, next: &mut u64) -> Result<Vec<Bullet>, ImportError> {
        if depth > MAX_DEPTH {
            return Err(ImportError::TooDeep {
                line: self.line(),
                column: 1,
                depth,
            });
        }
        self.open("ul", &format!("style=\"{UL}\""))?;
        let li = format!("dir=\"auto\" style=\"{LI}\"");
        let mut out = Vec::new();
        while !self.is_close("ul") {
            self.open("li", &li)?;
            // Issue #17: a portion mark first.
            let mut marking = None;
            if let Some((_, Tok::Text(t))) = self.toks.get(self.at)
                && let Some((m, rest)) = tlp::portion_mark(t)
            {
                marking = Some(m);
                let rest = rest.to_string();
                if rest.is_empty() {
                    self.at += 1;
                } else {
                    self.toks[self.at].1 = Tok::Text(rest);
                }
            }
            let (mut text, kind) = if self.is_open("strong") {
                let label = self.element("strong", "")?;
                if label != ASSESSMENT {
                    return Err(refuse(
                        self.line(),
                        "bold text that is not the assessment label",
                    ));
                }
                let t = self.text();
                (
                    t.strip_prefix(' ').unwrap_or(&t).to_string(),
                    BulletKind::Assessment,
                )
            } else if self.is_open("em") {
                (self.element("em", "")?, BulletKind::Assessment)
            } else {
                (self.text(), BulletKind::Fact)
            };
            // Issue #17: its sources, after the text (or after an italic assessment).
            let mut tail = match self.peek() {
                Some(Tok::Text(_)) => self.text(),
                _ => String::new(),
            };
            let mut sources = Vec::new();
            if self.is_open("a") {
                let before = if tail.is_empty() {
                    &mut text
                } else {
                    &mut tail
                };
                let Some(kept) = before.strip_suffix('(') else {
                    return Err(refuse(self.line(), "a link the desk did not write"));
                };
                *before = kept.strip_suffix(' ').unwrap_or(kept).to_string();
                sources = self.citation()?;
            }
            if !tail.is_empty() {
                return Err(refuse(self.line(), "text after an italic assessment"));
            }
            let mut b = Bullet::new(BulletId(*next), text);
            b.kind = kind;
            b.tlp = marking;
            b.sources = sources;
            *next += 1;
            if self.is_open("ul") {
                b.sub_points = self.list(depth + 1, next)?;
            }
            self.close("li")?;
            out.push(b);
        }
        self.close("ul")?;
        Ok(out)
    }
}

pub fn parse(input: &str) -> Result<Issue, ImportError> {
    let mut r = Reader {
        toks: tokens(input)?,
        at: 0,
    };
    match r.peek() {
        Some(Tok::Open(n, a)) if n == "!doctype" && a.eq_ignore_ascii_case("html") => r.at += 1,
        _ => {
            return Err(refuse(
                r.line(),
                "the page does not start with <!DOCTYPE html>",
            ));
        }
    }
    r.open("html", "")?;
    r.open("head", "")?;
    r.open("meta", "charset=\"utf-8\"")?;
    r.open(
        "meta",
        "name=\"viewport\" content=\"width=device-width, initial-scale=1\"",
    )?;
    r.element("title", "")?;
    r.close("head")?;
    r.open("body", &format!("style=\"{BODY}\""))?;
    r.open("div", &format!("style=\"{WRAP}\""))?;
    let marking = r.marking()?;
    let title = r.element("h1", &format!("dir=\"auto\" style=\"{H1}\""))?;
    let tagline = if r.is_open("p") {
        r.element("p", &format!("dir=\"auto\" style=\"{TAGLINE}\""))?
    } else {
        String::new()
    };
    let h2 = format!("dir=\"auto\" style=\"{H2}\"");
    let h3 = format!("dir=\"auto\" style=\"{H3}\"");
    // (level, name, bullets) in page order.
    let mut headings: Vec<(usize, String, Vec<Bullet>)> = Vec::new();
    let mut next = 1u64;
    while !r.is_close("div") {
        let bottom = if marking.is_some() {
            r.marking()?
        } else {
            None
        };
        if bottom.is_some() {
            // The label again at the bottom: the same marking, the last thing in the page.
            if bottom != marking || !r.is_close("div") {
                return Err(refuse(
                    r.line(),
                    "a TLP label at the bottom unlike the top's",
                ));
            }
        } else if r.is_open("h2") {
            headings.push((2, r.element("h2", &h2)?, Vec::new()));
        } else if r.is_open("h3") {
            headings.push((3, r.element("h3", &h3)?, Vec::new()));
        } else if r.is_open("ul") {
            let line = r.line();
            let bullets = r.list(0, &mut next)?;
            match headings.last_mut() {
                Some(h) if h.2.is_empty() => h.2 = bullets,
                _ => return Err(refuse(line, "a list with no section heading above it")),
            }
        } else {
            return Err(refuse(r.line(), "an element the desk never writes here"));
        }
    }
    r.close("div")?;
    r.close("body")?;
    r.close("html")?;
    if r.at < r.toks.len() {
        return Err(refuse(r.line(), "more after </html>"));
    }

    // The same rule as Markdown: with any <h3>, the one <h2> before them is the group heading;
    // a lone <h2> with no list is a group heading with no sections.
    let mut group = None;
    let has_h3 = headings.iter().any(|h| h.0 == 3);
    if has_h3 {
        if headings[0].0 != 2 || headings.iter().filter(|h| h.0 == 2).count() != 1 {
            return Err(refuse(
                1,
                "sections (<h3>) without one group heading (<h2>) above them",
            ));
        }
        group = Some(headings.remove(0).1);
    } else if headings.len() == 1 && headings[0].2.is_empty() {
        group = Some(headings.remove(0).1);
    }
    let mut issue = Issue::new(
        IssueId(0),
        IssueMeta {
            date: date_from_title(&title),
            title,
            tagline,
            group,
            tlp: marking,
        },
    );
    for (i, (_, name, bullets)) in headings.into_iter().enumerate() {
        let mut s = Section::new(SectionId(i as u64 + 1), name);
        s.bullets = bullets;
        issue.sections.push(s);
    }
    Ok(issue)
}
