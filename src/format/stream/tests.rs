//! The streaming reader against the whole-file reader: what one gives, the other gives.

use proptest::prelude::*;

use super::{Streamed, read_live};
use crate::format::import::{Format, Imported, read};
use crate::model::Item;

/// Stream `bytes`; `None` when the page is to be read whole.
fn streamed(bytes: &[u8], forced: bool) -> Option<Result<(Vec<Item>, usize), String>> {
    let mut items = Vec::new();
    match read_live(bytes, forced, |it| {
        items.push(it);
        Ok(())
    }) {
        Ok(Streamed::Done { drafts, repaired }) => {
            assert_eq!(drafts as usize, items.len());
            Some(Ok((items, repaired.count)))
        }
        Ok(Streamed::Whole) => None,
        Err(e) => Some(Err(e.to_string())),
    }
}

/// The whole-file reader's answer, in the same shape.
fn whole(bytes: &[u8], forced: bool) -> Result<(Vec<Item>, usize), String> {
    let format = forced.then_some(Format::Live);
    match read(bytes, format) {
        Ok(p) => match p.what {
            Imported::Items(items) => Ok((items, p.repaired.count)),
            other => Err(format!("not drafts: {other:?}")),
        },
        Err(e) => Err(e.to_string()),
    }
}

/// When the stream answers, it answers as the whole read does.
fn same(bytes: &[u8], forced: bool) -> bool {
    match streamed(bytes, forced) {
        None => false,
        Some(s) => {
            assert_eq!(
                s,
                whole(bytes, forced),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
            true
        }
    }
}

const PAGE: &str = "THIS PAGE WILL BE UPDATED WITH THE LATEST NEWS\nUPDATE: 10:30 PM CEST\n\
Drones Seen Over Air Base\nPolice said two men were detained near the perimeter fence.\n\
Source: Reuters, https://www.reuters.com/a\n\nPort Strike Halts Shipping in Rotterdam\n\
Rotterdam, Netherlands—March 4, 2023: Dockers walked out over pay.\nA second paragraph.\n";

#[test]
fn a_live_page_streams_to_the_same_drafts_as_a_whole_read() {
    assert!(same(PAGE.as_bytes(), false));
    assert!(same(PAGE.as_bytes(), true));
    // Every fixture and sample that reads as drafts streams to the same drafts.
    let mut streamed_some = 0;
    for dir in ["tests/fixtures", "data/samples", "data/demo"] {
        let Ok(rd) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in rd.flatten() {
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            if same(&bytes, false) {
                streamed_some += 1;
            }
        }
    }
    assert!(
        streamed_some > 0,
        "no live page among the fixtures streamed"
    );
}

#[test]
fn mojibake_escapes_and_line_breaks_stream_as_a_whole_read_gives_them() {
    let cases: &[&[u8]] = &[
        "Caf\u{c3}\u{a9} Owner Arrested in Porto\nThe owner said \u{e2}\u{80}\u{9c}no\u{e2}\u{80}\u{9d} to the police.\n".as_bytes(),
        b"Headline One Here Now\x1b\nA body that is longer than the headline line.\nNext Headline Here\rAnother much longer body line follows here.\r\n",
        b"Headline \x1b]0;title\x07Two\nA body \x1b[31mred\x1b[0m line that is longer.\n\x1b(\nUPDATE: 9:15 PM CEST\nLast One\n",
        b"\xef\xbb\xbfUPDATE: 9:15 PM CEST\nBOM Page Headline\nA body line after the headline, longer.",
        b"UPDATE: 9:15 PM CEST\nHeadline\nbody.\nVia: x javascript:alert(1)\nMore Headline Here\nAnd a longer body line after it.\n",
    ];
    for c in cases {
        assert!(same(c, false), "{:?}", String::from_utf8_lossy(c));
        assert!(same(c, true), "{:?}", String::from_utf8_lossy(c));
    }
}

#[test]
fn a_bad_byte_or_line_late_in_a_big_page_is_one_line_with_its_line_and_column() {
    let mut page = PAGE.repeat(2000).into_bytes();
    let lines = page.iter().filter(|&&b| b == b'\n').count();
    page.extend_from_slice(b"Late Headline Here\nA body with a bad byte \xff here, longer.\n");
    let e = streamed(&page, false).unwrap().unwrap_err();
    assert!(
        e.contains(&format!("line {}, column 24", lines + 2)) && e.contains("0xFF"),
        "{e}"
    );
    assert_eq!(Err(e), whole(&page, false));
    // A NUL after it is told first, as a whole read tells it.
    page.extend_from_slice(b"x\0\n");
    let e = streamed(&page, false).unwrap().unwrap_err();
    assert!(e.contains(&format!("line {}, column 2", lines + 3)), "{e}");
    assert_eq!(Err(e), whole(&page, false));
    // A bad source line near the end: its line and column.
    let mut page = PAGE.repeat(2000);
    let n = page.lines().count();
    page.push_str("Late Headline Here\nA body line, longer than the headline.\n  Source: x javascript:alert(1)\n");
    let e = streamed(page.as_bytes(), false).unwrap().unwrap_err();
    assert!(e.contains(&format!("line {}, column 11", n + 3)), "{e}");
    assert_eq!(Err(e), whole(page.as_bytes(), false));
}

#[test]
fn what_is_not_plainly_a_live_page_is_read_whole() {
    for text in [
        "# Title\n\n## Section\n\n- A bullet\n",
        "{\"briefdesk\": \"items\", \"schema\": 1, \"items\": []}",
        "<html><body>x</body></html>",
        "Weekly Digest\n\nSection\n\u{2022} A bullet line\n",
        "Headline Here Now\nA body line that is longer than it.\n- one\n- two\n",
        "",
        "   \n\n",
    ] {
        assert!(streamed(text.as_bytes(), false).is_none(), "{text:?}");
    }
    assert!(streamed(b"\xff\xfeU\0", false).is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_lines_stream_as_a_whole_read_gives_them(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("UPDATE: 10:30 PM CEST".to_string()),
                Just("Source: Reuters, https://example.com/x".to_string()),
                Just("Via: bad javascript:x".to_string()),
                Just("".to_string()),
                Just("\u{1b}".to_string()),
                Just("\u{c3}\u{a9}t\u{c3}\u{a9}".to_string()),
                Just("\u{2022} bullet".to_string()),
                Just("- dash".to_string()),
                "[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8}){0,6}",
                "[a-z ]{10,90}\\.",
                "[a-z\u{1b}\u{9b}\r\\[\\]0-9;]{0,20}",
            ],
            0..30,
        ),
        forced in any::<bool>(),
    ) {
        let text = lines.join("\n");
        let _ = same(text.as_bytes(), forced);
    }
}
