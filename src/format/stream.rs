//! Issue #19: a live-updates page read as it streams, a line at a time, never whole.
//!
//! [`read_live`] takes the page from any [`BufRead`] and hands each draft, in page order, to
//! a callback, holding one line and one draft at a time. Every step is the whole-file
//! reader's, done per line: the UTF-8 and NUL checks with the same line and column, the
//! mis-decoding repair, the one sanitizer (`model::text::sanitize`), the live parser
//! ([`live::Reader`], which `live::parse` uses too) and the format detection. A page that is
//! not plainly a live-updates page (its head reads as JSON, HTML or Markdown, it has digest
//! bullets, it holds our ladder legend, it is empty or UTF-16) answers [`Streamed::Whole`]:
//! the caller reads it whole, as before, so such a file imports exactly as it always did.
//!
//! Errors keep the whole-file reader's order: a NUL byte anywhere before a bad UTF-8 byte,
//! both before a bad line; each names its line and column.

use std::io::BufRead;

use super::digest::{self, Glyph};
use super::imported::ImportError;
use super::live;
use super::mojibake::{Repairs, repair_mojibake};
use crate::model::Item;
use crate::model::settings::Ladder;
use crate::model::text::sanitize;
use crate::model::tradecraft::ladders::title;

/// What a page streamed to the end gave.
#[derive(Debug)]
pub enum Streamed {
    /// Every draft was handed out: how many, and the mis-decoded characters put back.
    Done { drafts: u64, repaired: Repairs },
    /// Not plainly a live-updates page: read it whole (`format::import::read`).
    Whole,
}

/// Read a live-updates page from `input`, giving each draft in page order to `each`.
/// `forced`: the user gave `--format live` (no detection). An error from `each` stops the
/// reading at once and is returned as it is.
pub fn read_live<R: BufRead>(
    mut input: R,
    forced: bool,
    mut each: impl FnMut(Item) -> Result<(), ImportError>,
) -> Result<Streamed, ImportError> {
    // A head that reads as JSON, HTML or Markdown is known from the first bytes: no need
    // to read a one-line JSON file's whole line to say so.
    let head = input
        .fill_buf()
        .map_err(|e| ImportError::Other(format!("cannot read: {e}")))?;
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    if !forced
        && head
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| matches!(b, b'{' | b'[' | b'<' | b'#'))
    {
        return Ok(Streamed::Whole);
    }
    let mut page = Page::new(forced);
    let mut raw = Vec::new();
    let mut first = true;
    loop {
        raw.clear();
        let n = input
            .read_until(b'\n', &mut raw)
            .map_err(|e| ImportError::Other(format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        let mut bytes = raw.as_slice();
        if first {
            first = false;
            if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                return Ok(Streamed::Whole);
            }
            bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        }
        page.raw_line(bytes, &mut each)?;
        if page.whole {
            return Ok(Streamed::Whole);
        }
    }
    page.end(&mut each)
}

/// The state of a page being read.
struct Page {
    forced: bool,
    /// Raw lines read (for positions).
    raw_lines: usize,
    /// The first NUL byte and the first bad UTF-8 byte: (line, column, byte).
    nul: Option<(usize, usize)>,
    not_utf8: Option<(usize, usize, u8)>,
    /// Lines holding an escape, kept until a line without one: the sanitizer may join them.
    block: String,
    repaired: Repairs,
    reader: live::Reader,
    /// The first error of the parser (told after the decoding checks, as a whole read does).
    bad: Option<ImportError>,
    /// A sanitized line with text in it was seen; the first one was looked at.
    any_text: bool,
    dashes: u32,
    /// Not plainly a live page: the caller reads it whole.
    whole: bool,
}

impl Page {
    fn new(forced: bool) -> Page {
        Page {
            forced,
            raw_lines: 0,
            nul: None,
            not_utf8: None,
            block: String::new(),
            repaired: Repairs::default(),
            reader: live::Reader::new(),
            bad: None,
            any_text: false,
            dashes: 0,
            whole: false,
        }
    }

    /// Decoding first: past a NUL or a bad byte only the NUL search goes on.
    fn raw_line(
        &mut self,
        bytes: &[u8],
        each: &mut impl FnMut(Item) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        self.raw_lines += 1;
        if self.nul.is_some() {
            return Ok(());
        }
        if let Some(at) = bytes.iter().position(|&b| b == 0) {
            self.nul = Some((self.raw_lines, column(&bytes[..at])));
            return Ok(());
        }
        if self.not_utf8.is_some() {
            return Ok(());
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.valid_up_to();
                self.not_utf8 = Some((self.raw_lines, column(&bytes[..at]), bytes[at]));
                return Ok(());
            }
        };
        // Mis-decoded characters never span a line (a newline is no byte of one).
        let text = repair_mojibake(text, &mut self.repaired);
        // The sanitizer may join a line holding an escape to the next (an `ESC` eats the
        // newline after it): such lines go to it together with the first clean line after.
        self.block.push_str(&text);
        if text.contains(['\u{1b}', '\u{9b}']) {
            return Ok(());
        }
        self.flush(each)
    }

    /// Sanitize the lines kept and read them.
    fn flush(
        &mut self,
        each: &mut impl FnMut(Item) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        if self.block.is_empty() {
            return Ok(());
        }
        let clean = sanitize(&self.block);
        self.block.clear();
        for line in clean.lines() {
            self.text_line(line, each)?;
            if self.whole {
                break;
            }
        }
        Ok(())
    }

    /// One line of the sanitized text: the detection's look, then the parser.
    fn text_line(
        &mut self,
        line: &str,
        each: &mut impl FnMut(Item) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        // Our ladder legend is taken off a whole text (`format::legend::strip`).
        if [Ladder::Icd203, Ladder::Phia]
            .iter()
            .any(|l| line.contains(title(*l)))
        {
            self.whole = true;
            return Ok(());
        }
        let content = line.trim_start_matches('\u{feff}').trim();
        if !self.any_text && !content.is_empty() {
            self.any_text = true;
            // A head that reads as JSON, HTML or Markdown (or a marking line, which a
            // Markdown export starts with): let the whole-file detection decide.
            if !self.forced
                && (content.starts_with(['{', '[', '<', '#'])
                    || crate::model::Tlp::exact(content.trim_end()).is_some())
            {
                self.whole = true;
                return Ok(());
            }
        }
        if !self.forced {
            match digest::bullet_glyph(line) {
                Some(Glyph::Round) => self.whole = true,
                Some(Glyph::Dash) => {
                    self.dashes += 1;
                    self.whole = self.dashes >= 2;
                }
                None => {}
            }
            if self.whole {
                return Ok(());
            }
        }
        if self.bad.is_some() {
            return Ok(());
        }
        match self.reader.line(line) {
            Ok(Some(item)) => each(item),
            Ok(None) => Ok(()),
            Err(e) => {
                self.bad = Some(e);
                Ok(())
            }
        }
    }

    fn end(
        mut self,
        each: &mut impl FnMut(Item) -> Result<(), ImportError>,
    ) -> Result<Streamed, ImportError> {
        if let Some((line, column)) = self.nul {
            return Err(ImportError::Binary { line, column });
        }
        if let Some((line, column, byte)) = self.not_utf8 {
            return Err(ImportError::NotUtf8 { line, column, byte });
        }
        self.flush(each)?;
        if self.whole || !self.any_text {
            return Ok(Streamed::Whole);
        }
        if self.bad.is_none() {
            match self.reader.finish() {
                Ok(last) => {
                    for item in last {
                        each(item)?;
                    }
                }
                Err(e) => self.bad = Some(e),
            }
        }
        if !self.forced && !self.reader.looks_live() {
            return Ok(Streamed::Whole);
        }
        if let Some(e) = self.bad {
            return Err(e);
        }
        if self.reader.drafts() == 0 {
            return Err(live::no_drafts());
        }
        Ok(Streamed::Done {
            drafts: self.reader.drafts(),
            repaired: self.repaired,
        })
    }
}

/// The column of the byte after `before` (its line so far), counting characters from 1.
fn column(before: &[u8]) -> usize {
    String::from_utf8_lossy(before).chars().count() + 1
}

#[cfg(test)]
mod tests;
