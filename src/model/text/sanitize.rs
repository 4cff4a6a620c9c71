//! The one rule for text coming in: terminal escapes, control and bidi characters dropped.

/// Bidi embedding, override and isolate controls. They can make a line read other than it is
/// stored (the "Trojan Source" trick), so imports drop them; the letters of every script stay.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Is this text already what [`sanitize`] makes of it? A quick scan, so that clean text (nearly
/// all of it) is not copied.
pub fn is_clean(input: &str) -> bool {
    !input
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c))
}

/// [`sanitize`] in place, copying only when something changes.
pub fn sanitize_in_place(s: &mut String) {
    if !is_clean(s) {
        *s = sanitize(s);
    }
}

/// Clean text from an import: drop terminal escape sequences whole (CSI, OSC, DCS, SOS, PM,
/// APC, and two-byte ESC forms), C0 and C1 control characters except newline and tab, DEL,
/// and bidi controls. `\r\n` and lone `\r` become `\n`. Every printable character is kept.
///
/// A C1 string introducer (U+0090 DCS, U+0098 SOS, U+009D OSC, U+009E PM, U+009F APC) drops
/// only itself: in UTF-8 text these nearly always come from mis-decoded punctuation (`”` read
/// as Latin-1 holds U+009D, `„` holds U+009E, `“` holds U+009C, the string terminator), and
/// the text after them is the analyst's. Once the control is gone the rest is inert text.
pub fn sanitize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI: drop the sequence (its parameters would act on a terminal that honours
            // C1, and read as noise on one that does not).
            '\u{9b}' => skip_csi(&mut chars),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // Intermediate bytes then one final byte (e.g. `ESC ( B`, `ESC c`).
        Some(_) => {
            while let Some(&c) = chars.peek() {
                chars.next();
                if !('\u{20}'..='\u{2f}').contains(&c) {
                    break;
                }
            }
        }
        None => {}
    }
}

/// CSI: parameter and intermediate bytes up to a final byte in `@`..`~`. A character that is
/// neither ends a malformed sequence and is kept.
fn skip_csi(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        if ('\u{20}'..='\u{3f}').contains(&c) {
            chars.next();
        } else {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                chars.next();
            }
            break;
        }
    }
}

/// String sequences end at BEL, ST (`ESC \`) or C1 ST; a newline also ends a broken one, so a
/// stray OSC never swallows the rest of a document.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        if c == '\n' {
            break;
        }
        chars.next();
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_escape_sequences_whole() {
        let s = "a\u{1b}]0;pwned\u{7}b\u{1b}]52;c;ZXZpbA==\u{1b}\\c\u{1b}[2Jd\u{1b}[1;31me";
        assert_eq!(sanitize(s), "abcde");
    }

    #[test]
    fn keeps_scripts_and_layout() {
        let s = "שלום — سلام 你好 👩‍💻 café\tnext\nline";
        assert_eq!(sanitize(s), s);
    }

    #[test]
    fn drops_c1_and_bidi_controls() {
        assert_eq!(sanitize("a\u{9b}31mb\u{85}c\u{202e}d\u{2066}e"), "abcde");
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(sanitize("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn unterminated_osc_stops_at_newline() {
        assert_eq!(sanitize("a\u{1b}]0;title\nrest"), "a\nrest");
    }

    /// `“the fire is out”` read as Latin-1: the quotes become `â` + U+0080 + U+009C / U+009D.
    const FIRE_LATIN1: &str =
        "Officials said \u{e2}\u{80}\u{9c}the fire is out\u{e2}\u{80}\u{9d} at noon.";

    #[test]
    fn a_c1_string_introducer_drops_only_itself() {
        // U+009D (OSC), U+0098 (SOS), U+009E (PM), U+0090 (DCS), U+009F (APC) from mis-decoded
        // quotes: the text after them stays.
        assert_eq!(
            sanitize(FIRE_LATIN1),
            "Officials said \u{e2}the fire is out\u{e2} at noon."
        );
        assert_eq!(sanitize("a\u{98}b\u{9e}c\u{90}d\u{9f}e"), "abcde");
        // German quotes „…“ mis-decoded: PM … ST. Honouring the pair would drop the quote.
        assert_eq!(
            sanitize("er sagte \u{e2}\u{80}\u{9e}Feuer aus\u{e2}\u{80}\u{9c} heute"),
            "er sagte \u{e2}Feuer aus\u{e2} heute"
        );
        // A whole paragraph after a lone OSC is kept.
        assert_eq!(
            sanitize("x\u{9d}rest of the line\nnext"),
            "xrest of the line\nnext"
        );
    }

    #[test]
    fn a_broken_csi_keeps_the_character_that_broke_it() {
        assert_eq!(sanitize("a\u{1b}[31é"), "aé");
        assert_eq!(sanitize("a\u{9b}1\nb"), "a\nb");
    }
}
