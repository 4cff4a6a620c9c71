//! `--format json`: the issue structure as [`IssueDoc`], pretty printed, one final newline.
//! Texts are sanitized (control characters dropped); newlines inside texts are kept. Written
//! through [`TerminalSafe`], like every JSON briefdesk prints.

use crate::format::render::Exported;
use crate::model::doc::IssueDoc;
use crate::model::{Bullet, Issue, text};

pub(crate) fn render(issue: &Issue) -> Exported {
    let mut clean = issue.clone();
    clean.meta.title = text::sanitize(&clean.meta.title);
    clean.meta.tagline = text::sanitize(&clean.meta.tagline);
    if let Some(g) = clean.meta.group.as_mut() {
        *g = text::sanitize(g);
    }
    for s in &mut clean.sections {
        s.name = text::sanitize(&s.name);
        // Without recursion: a stack of lists still to clean.
        let mut stack: Vec<&mut Vec<Bullet>> = vec![&mut s.bullets];
        while let Some(list) = stack.pop() {
            for b in list.iter_mut() {
                b.text = text::sanitize(&b.text);
                for src in &mut b.sources {
                    for t in src.outlet.iter_mut().chain(src.url.iter_mut()) {
                        *t = text::sanitize(t);
                    }
                }
                stack.push(&mut b.sub_points);
            }
        }
    }
    let mut text = match to_string_pretty(&IssueDoc::new(clean)) {
        Ok(t) => t,
        // Serializing plain data cannot fail; still, never panic.
        Err(e) => {
            return Exported {
                text: String::new(),
                warnings: vec![format!("could not write JSON: {e}")],
                ..Exported::default()
            };
        }
    };
    text.push('\n');
    Exported {
        text,
        ..Exported::default()
    }
}

/// JSON for a terminal or a pipe. serde_json escapes only C0 controls; this writer also writes
/// C1 controls (U+0080-U+009F), bidi controls (U+202A-U+202E, U+2066-U+2069) and the line and
/// paragraph separators (U+2028, U+2029) as `\uXXXX`, so no text in the output can act on a
/// terminal or reorder what is read. Otherwise byte for byte `serde_json`'s pretty printer.
pub struct TerminalSafe(serde_json::ser::PrettyFormatter<'static>);

impl Default for TerminalSafe {
    fn default() -> Self {
        TerminalSafe(serde_json::ser::PrettyFormatter::new())
    }
}

/// Characters [`TerminalSafe`] writes as `\uXXXX` (serde_json already escapes C0 and DEL is
/// harmless in JSON, but DEL is a control too: escape it with the rest).
fn escaped_in_json(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}') || text::is_bidi_control(c)
}

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + std::io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> std::io::Result<()> {
            self.0.$name(w $(, $arg)*)
        }
    )*};
}

impl serde_json::ser::Formatter for TerminalSafe {
    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Every escaped character starts with one of these bytes in UTF-8 (DEL; C1 is
        // C2 80-9F; the bidi controls and separators are E2 80/81 xx): most text has none.
        if !fragment.bytes().any(|b| matches!(b, 0x7f | 0xc2 | 0xe2)) {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if escaped_in_json(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// Pretty JSON through [`TerminalSafe`]: every JSON briefdesk prints goes this way.
pub fn to_writer_pretty<W: std::io::Write, T: ?Sized + serde::Serialize>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, TerminalSafe::default());
    value.serialize(&mut ser)
}

/// [`to_writer_pretty`] into a string.
pub fn to_string_pretty<T: ?Sized + serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer_pretty(&mut out, value)?;
    // Serialized JSON is UTF-8; the escapes are ASCII.
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_bidi_and_separators_are_escaped() {
        let v = serde_json::json!({"t": "a\u{202e}b\u{85}c\u{9b}d\u{2066}e\u{2028}f\u{1b}g — ✓"});
        let s = to_string_pretty(&v).unwrap();
        assert_eq!(
            s,
            "{\n  \"t\": \"a\\u202eb\\u0085c\\u009bd\\u2066e\\u2028f\\u001bg — ✓\"\n}"
        );
        assert!(!s.chars().any(|c| c.is_control() && c != '\n'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
        // Clean text: exactly serde_json's own pretty output.
        let v = serde_json::json!({"a": [1, {"b": "x\ty"}], "c": null});
        assert_eq!(
            to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }
}
