//! A live-updates page (seed 003 shape) -> draft [`Item`]s, in page order (newest first).
//!
//! ```text
//! THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS     banner (all capitals): skipped
//! UPDATE: 10:30 PM CEST                               stamps the next item
//! A Headline Without a Final Period                   headline
//! The body paragraph, longer, ending with a period.   body (one paragraph per line)
//! Place, Country—October 19, 2024: Headline           dateline: gives the item's date
//! ```
//!
//! Telling a headline from a body line (the heuristic, in order):
//! 1. the first text line, and the line right after an `UPDATE:` stamp, are headlines;
//! 2. a line that ends a sentence (`.` `!` `;` `:` `…`, CJK and Arabic stops, possibly
//!    followed by closing quotes) is body;
//! 3. a line of more than 30 words or 250 characters is body;
//! 4. otherwise it is a headline when the next line is body text (not a stamp, not the end)
//!    that is longer than it, or that ends a sentence while this line is Title Cased;
//!    a line ending in `?` is a headline only when it is also Title Cased and at most 15
//!    words.
//!
//! Issue #17: a `Source:` or `Via:` line (any case) adds a source to the item above it:
//! `Source: Reuters`, `Via: Reuters, https://…`, `Source: https://…`. Its URL is checked
//! (`model::source::check_url`); a bad one stops the import with its line.
//!
//! Known limits: a body line with no final punctuation followed by a longer paragraph (a
//! byline, a sub-heading inside the story) becomes a headline of its own; a headline that ends
//! with a period, not right after a stamp, is read as body.

use chrono::{NaiveTime, TimeDelta};

use crate::model::text::trim_layout;
use crate::model::{Item, ItemId, Source, Stamp};

use crate::format::imported::ImportError;
use crate::model::text::ends_sentence;

/// One line of the page, classified (blank lines and the banner are dropped).
enum Line {
    Stamp(Stamp),
    Text(String),
    /// Issue #17: a `Source:` / `Via:` line's text, with its line and column.
    Source(usize, usize, String),
}

/// Issue #17: the text after `Source:` or `Via:` (any case), if the line is one.
fn source_line(t: &str) -> Option<&str> {
    ["source:", "via:"].iter().find_map(|p| {
        let head = t.get(..p.len())?;
        head.eq_ignore_ascii_case(p)
            .then(|| trim_layout(&t[p.len()..]))
    })
}

/// Issue #17: a source line's outlet and URL: the word that is a URL (`scheme://…` or
/// `mailto:…`), and the other words, without the commas or brackets around them.
fn source_of(text: &str) -> Result<Option<Source>, String> {
    // Script schemes count as URLs, so that they are refused rather than kept as words.
    let is_url = |w: &str| {
        let lower = w.to_ascii_lowercase();
        w.contains("://")
            || ["mailto:", "javascript:", "vbscript:", "data:"]
                .iter()
                .any(|p| lower.starts_with(p))
    };
    fn trim(w: &str) -> &str {
        w.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | ','))
    }
    let url = text
        .split_whitespace()
        .map(trim)
        .find(|w| is_url(w))
        .unwrap_or("");
    let outlet: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !is_url(trim(w)))
        .collect();
    let outlet = outlet.join(" ");
    let outlet =
        outlet.trim_matches(|c: char| c == ',' || c == '(' || c == '-' || c.is_whitespace());
    Source::new(outlet, url)
}

/// An `UPDATE: 10:30 PM CEST` line (also `Updated:`, any case, a time right after the
/// colon): the stamp it gives.
pub fn stamp_line(line: &str) -> Option<Stamp> {
    let t = trim_layout(line);
    let head = t.get(..6)?;
    if !head.eq_ignore_ascii_case("update") {
        return None;
    }
    let mut rest = &t[6..];
    if rest.starts_with(['d', 'D']) {
        rest = &rest[1..];
    }
    let rest = trim_layout(rest.trim_start()).strip_prefix(':')?;
    let written = trim_layout(rest);
    // A time must follow: `Update: Border crossings reopen` is a headline, not a stamp.
    if !written.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(Stamp {
        written: written.to_string(),
        utc: to_utc(written),
    })
}

/// `10:30 PM CEST` -> 20:30 UTC. `None` when the time or the zone is not understood.
fn to_utc(written: &str) -> Option<NaiveTime> {
    let s = written.trim();
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let hour: u32 = s[..digits_end].parse().ok()?;
    let mut rest = &s[digits_end..];
    let mut minute = 0;
    if let Some(r) = rest.strip_prefix([':', '.'])
        && r.len() >= 2
        && r.as_bytes()[..2].iter().all(u8::is_ascii_digit)
    {
        minute = r[..2].parse().ok()?;
        rest = &r[2..];
    }
    let rest = rest.trim_start();
    let lower = rest.to_ascii_lowercase();
    let (pm, rest) = if let Some(p) = ["a.m.", "am", "a.m"]
        .iter()
        .find(|p| lower.starts_with(**p))
    {
        (Some(false), &rest[p.len()..])
    } else if let Some(p) = ["p.m.", "pm", "p.m"]
        .iter()
        .find(|p| lower.starts_with(**p))
    {
        (Some(true), &rest[p.len()..])
    } else {
        (None, rest)
    };
    let hour = match pm {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(false) => hour % 12,
        Some(true) => hour % 12 + 12,
        None => hour,
    };
    let local = NaiveTime::from_hms_opt(hour, minute, 0)?;
    let zone = rest.split_whitespace().next()?;
    let offset = zone_offset_minutes(zone)?;
    Some(
        local
            .overflowing_sub_signed(TimeDelta::minutes(i64::from(offset)))
            .0,
    )
}

/// Minutes east of UTC for a zone name or an explicit offset (`UTC+2`, `GMT-03:30`, `+0530`).
/// Ambiguous names (`IST`: Israel, India or Ireland) and unknown ones give `None`.
pub fn zone_offset_minutes(zone: &str) -> Option<i32> {
    let z = zone
        .trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '.' | '[' | ']'))
        .to_ascii_uppercase();
    let hours = match z.as_str() {
        "UTC" | "GMT" | "Z" | "WET" => 0.0,
        "CET" | "BST" | "WEST" => 1.0,
        "CEST" | "EET" => 2.0,
        "EEST" | "MSK" | "IDT" => 3.0,
        "IRST" => 3.5,
        "EST" | "CDT" => -5.0,
        "EDT" => -4.0,
        "CST" => -6.0,
        "MST" => -7.0,
        "MDT" => -6.0,
        "PST" => -8.0,
        "PDT" => -7.0,
        "JST" | "KST" => 9.0,
        _ => return explicit_offset(&z),
    };
    Some((hours * 60.0) as i32)
}

fn explicit_offset(z: &str) -> Option<i32> {
    let rest = z
        .strip_prefix("UTC")
        .or_else(|| z.strip_prefix("GMT"))
        .unwrap_or(z);
    let (sign, rest) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' | '−' => (-1, &rest[rest.chars().next()?.len_utf8()..]),
        _ => return None,
    };
    let (h, m) = if let Some((h, m)) = rest.split_once(':') {
        (h, m)
    } else if rest.len() == 4 {
        rest.split_at(2)
    } else {
        (rest, "0")
    };
    if h.is_empty() || h.len() > 2 || m.len() > 2 {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

/// The date a dateline at the start of `s` gives: the one dateline rule,
/// [`crate::model::text::dateline`].
pub fn dateline(s: &str) -> Option<chrono::NaiveDate> {
    crate::model::text::dateline(s).map(|(date, _)| date)
}

fn is_banner(line: &str) -> bool {
    line.chars().filter(|c| c.is_uppercase()).count() >= 2 && !line.chars().any(char::is_lowercase)
}

/// Title Case: most words of four letters or more start with a capital.
fn title_cased(line: &str) -> bool {
    let long: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    if long.is_empty() {
        return false;
    }
    let caps = long
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    caps * 10 >= long.len() * 6
}

fn len(s: &str) -> usize {
    s.chars().count()
}

/// `next`: the next line when it is text (not a stamp, a source line or the end).
fn is_headline(line: &str, next: Option<&str>) -> bool {
    let words = line.split_whitespace().count();
    if words > 30 || len(line) > 250 {
        return false;
    }
    let question = line
        .trim_end_matches(['”', '’', '"', '\'', ')'])
        .ends_with(['?', '？', '؟']);
    if question {
        if words > 15 || !title_cased(line) {
            return false;
        }
    } else if ends_sentence(line) {
        return false;
    }
    match next {
        Some(n) => len(n) > len(line) || (ends_sentence(n) && title_cased(line)),
        None => false,
    }
}

/// The page read one line at a time (issue #19: a page of a million drafts is never held
/// whole): [`parse`] and [`looks_like`] feed it the whole text, the streaming import
/// (`format::stream`) feeds it the page as it reads it. One rule either way: a line is told
/// headline or body once the line after it is known, so the reader keeps one line back, and
/// a draft is handed out once the next one starts (or the page ends).
#[derive(Default)]
pub struct Reader {
    /// Lines given so far (1-based numbers of the text as given).
    line_no: usize,
    /// A line seen (the banner can only be the first).
    seen_one: bool,
    /// The line kept back until the next is known.
    held: Option<Line>,
    /// The draft being read, and how many were started.
    current: Option<Item>,
    started: u64,
    pending: Option<Stamp>,
    forced: bool,
    /// A stamp, or a headline followed by a body paragraph, was seen: [`looks_like`].
    looks_live: bool,
}

impl Reader {
    pub fn new() -> Reader {
        Reader {
            forced: true,
            ..Reader::default()
        }
    }

    /// The next line of the text (without its newline). A finished draft comes out when this
    /// line starts the next one.
    pub fn line(&mut self, raw: &str) -> Result<Option<Item>, ImportError> {
        self.line_no += 1;
        let t = trim_layout(raw);
        if t.is_empty() {
            return Ok(None);
        }
        let line = if let Some(stamp) = stamp_line(t) {
            Line::Stamp(stamp)
        } else if let Some(src) = source_line(t) {
            // The column of the source's text: where to look on a bad one.
            let before = (src.as_ptr() as usize).saturating_sub(raw.as_ptr() as usize);
            let column = raw.get(..before).map_or(0, |b| b.chars().count()) + 1;
            Line::Source(self.line_no, column, src.to_string())
        } else if !self.seen_one && is_banner(t) {
            // The banner ("THIS PAGE WILL BE UPDATED ..."): not an item.
            self.seen_one = true;
            return Ok(None);
        } else {
            Line::Text(t.to_string())
        };
        self.seen_one = true;
        match self.held.replace(line) {
            Some(before) => self.take(before),
            None => Ok(None),
        }
    }

    /// The end of the text: the last drafts (the line kept back may start one more).
    pub fn finish(&mut self) -> Result<Vec<Item>, ImportError> {
        let mut out = Vec::new();
        if let Some(last) = self.held.take() {
            out.extend(self.take(last)?);
        }
        out.extend(self.current.take().map(dated));
        Ok(out)
    }

    /// How many drafts the text held (after [`finish`](Reader::finish)).
    pub fn drafts(&self) -> u64 {
        self.started
    }

    /// Did the text read like a live-updates page (see [`looks_like`])?
    pub fn looks_live(&self) -> bool {
        self.looks_live
    }

    /// Take in a line now that the one after it is known (`self.held`).
    fn take(&mut self, line: Line) -> Result<Option<Item>, ImportError> {
        let next = match &self.held {
            Some(Line::Text(n)) => Some(n.as_str()),
            _ => None,
        };
        match line {
            Line::Stamp(s) => {
                self.looks_live = true;
                self.pending = Some(s);
                self.forced = true;
                Ok(None)
            }
            Line::Text(t) => {
                let headline = is_headline(&t, next);
                self.looks_live |= headline;
                let forced = std::mem::take(&mut self.forced);
                if forced || headline || self.current.is_none() {
                    self.started += 1;
                    let mut item = Item::new(ItemId(self.started), t, Vec::new());
                    item.stamp = self.pending.take().map(Box::new);
                    Ok(self.current.replace(item).map(dated))
                } else {
                    if let Some(item) = self.current.as_mut() {
                        item.body.push(t);
                    }
                    Ok(None)
                }
            }
            Line::Source(n, column, text) => {
                let src = source_of(&text).map_err(|e| {
                    ImportError::Other(format!(
                        "a bad source at line {n}, column {column}: {e}; fix the line or remove it"
                    ))
                })?;
                if let (Some(src), Some(item)) = (src, self.current.as_mut())
                    && !item.sources.contains(&src)
                {
                    item.sources.push(src);
                }
                Ok(None)
            }
        }
    }
}

/// A draft's date: from a dateline in its headline, else in its body.
fn dated(mut item: Item) -> Item {
    item.date =
        dateline(&item.headline).or_else(|| item.body.lines().iter().find_map(|b| dateline(b)));
    item
}

/// Does the text read like a live-updates page: an `UPDATE:` stamp, or a headline followed
/// by a body paragraph? (A bad source line does not stop the look.)
pub fn looks_like(text: &str) -> bool {
    let mut r = Reader::new();
    for raw in text.lines() {
        let _ = r.line(raw);
        if r.looks_live() {
            return true;
        }
    }
    let _ = r.finish();
    r.looks_live()
}

/// The error for a page with no drafts in it.
pub fn no_drafts() -> ImportError {
    ImportError::Nothing {
        what: "no headlines found: this page holds no items",
        hint: "check the file, or pass --format digest for digest text",
    }
}

pub fn parse(text: &str) -> Result<Vec<Item>, ImportError> {
    let mut r = Reader::new();
    let mut items = Vec::new();
    for raw in text.lines() {
        items.extend(r.line(raw)?);
    }
    items.extend(r.finish()?);
    if items.is_empty() {
        return Err(no_drafts());
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(h, m, 0)
    }

    #[test]
    fn source_and_via_lines_become_the_items_sources() {
        let items = parse(
            "UPDATE: 9:15 PM CEST\nDrones Seen Over Air Base\nPolice said two men were detained.\nSource: Reuters, https://www.reuters.com/a\nVIA: https://apnews.com/b\nsource: NRK\n",
        )
        .unwrap();
        assert_eq!(items.len(), 1);
        let s = &items[0].sources;
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(
            (s[0].outlet.as_deref(), s[0].url.as_deref()),
            (Some("Reuters"), Some("https://www.reuters.com/a"))
        );
        assert_eq!(
            (s[1].outlet.as_deref(), s[1].url.as_deref()),
            (None, Some("https://apnews.com/b"))
        );
        assert_eq!(
            (s[2].outlet.as_deref(), s[2].url.as_deref()),
            (Some("NRK"), None)
        );
        assert_eq!(items[0].body, ["Police said two men were detained."]);
        let e = parse("Headline Here\nA body line.\nVia: x javascript:alert(1)\n").unwrap_err();
        let e = e.to_string();
        assert!(e.contains("line 3") && !e.contains('\n'), "{e}");
    }

    #[test]
    fn stamps_and_zones() {
        let s = stamp_line("UPDATE: 10:30 PM CEST").unwrap();
        assert_eq!(s.written, "10:30 PM CEST");
        assert_eq!(s.utc, t(20, 30));
        assert_eq!(stamp_line("Update: 12:30 AM EDT").unwrap().utc, t(4, 30));
        assert_eq!(stamp_line("UPDATE: 1:00 AM CEST").unwrap().utc, t(23, 0));
        assert_eq!(stamp_line("UPDATE: 9:15 IRST").unwrap().utc, t(5, 45));
        assert_eq!(stamp_line("UPDATE: 14:00 UTC+2").unwrap().utc, t(12, 0));
        assert_eq!(
            stamp_line("UPDATE: 14:00 GMT-03:30").unwrap().utc,
            t(17, 30)
        );
        assert_eq!(stamp_line("UPDATE: 14:00 IST").unwrap().utc, None);
        assert_eq!(stamp_line("UPDATE: 14:00 XYZT").unwrap().utc, None);
        assert_eq!(stamp_line("UPDATE: 10:30 p.m. PDT").unwrap().utc, t(5, 30));
        assert!(stamp_line("Updates to the policy were made").is_none());
        assert!(stamp_line("UPDATE:").is_none());
        assert!(stamp_line("Update: Border Crossings Reopen").is_none());
    }

    #[test]
    fn datelines() {
        let d = chrono::NaiveDate::from_ymd_opt(2023, 3, 4);
        assert_eq!(dateline("Porto, Portugal—March 4, 2023: Rally"), d);
        assert_eq!(dateline("Porto – 4 March 2023: Rally"), d);
        assert_eq!(dateline("Porto-2023-03-04: Rally"), d);
        assert_eq!(dateline("Porto, Portugal—March 4, 2023 Rally"), None);
        assert_eq!(dateline("The talks ended. Then—March 4, 2023: x"), None);
    }

    #[test]
    fn headline_and_short_body() {
        let items = parse(
            "Port Strike Halts Shipping in Rotterdam\nDockers walked out.\nA Second Story Here: Details Follow\nA much longer body line that explains the second story in detail.\n",
        )
        .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].body, vec!["Dockers walked out."]);
        assert_eq!(items[1].headline, "A Second Story Here: Details Follow");
    }
}
