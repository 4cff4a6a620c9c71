//! Text that was UTF-8 read as Windows-1252 or Latin-1, put back on import.

use std::borrow::Cow;

/// Mis-decoded characters put back by [`repair_mojibake`], for the import report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repairs {
    pub count: usize,
    /// The first one: as it read, and as it reads now.
    pub example: Option<(String, String)>,
}

impl Repairs {
    /// Add another file's (or another string's) repairs.
    pub fn merge(&mut self, other: Repairs) {
        self.count += other.count;
        if self.example.is_none() {
            self.example = other.example;
        }
    }
}

/// The byte a character stands for when UTF-8 was read as Windows-1252 or Latin-1 (bytes
/// 0x80-0x9F come out as cp1252 punctuation, or as C1 controls under Latin-1).
fn misread_byte(c: char) -> Option<u8> {
    if let Ok(b) = u8::try_from(u32::from(c)) {
        return Some(b);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// What mis-decoded text in a security digest turns out to be: accented Latin letters, Greek,
/// Cyrillic, typographic punctuation, currency and letter-like signs, emoji. Anything else
/// (a CJK character, say) is more likely real text that happens to look like a sequence.
fn plausible(c: char) -> bool {
    matches!(u32::from(c),
        0xA0..=0x24F | 0x370..=0x4FF | 0x2000..=0x206F | 0x20A0..=0x20CF | 0x2100..=0x214F
        | 0x1F300..=0x1FAFF)
}

/// One pass: each run of characters that are the bytes of one UTF-8 character read as
/// cp1252/Latin-1 (`â€œ`, `Ã©`) becomes that character. Returns the repairs made and how many
/// characters they consumed, or `None` when nothing changed.
fn repair_pass(s: &str, example: &mut Option<(String, String)>) -> Option<(String, usize, usize)> {
    // Quick refusal: no character that could be a lead byte (Â..ô).
    if !s.chars().any(|c| ('\u{c2}'..='\u{f4}').contains(&c)) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let (mut repairs, mut consumed) = (0, 0);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        let need = match misread_byte(c) {
            Some(0xC2..=0xDF) => 1,
            Some(0xE0..=0xEF) => 2,
            Some(0xF0..=0xF4) => 3,
            _ => 0,
        };
        if need > 0 {
            let mut bytes = [0u8; 4];
            bytes[0] = misread_byte(c).unwrap_or(0);
            let mut len = c.len_utf8();
            let mut ok = true;
            let mut tail = after.chars();
            for slot in bytes.iter_mut().skip(1).take(need) {
                match tail.next().and_then(|t| misread_byte(t).map(|b| (t, b))) {
                    Some((t, b @ 0x80..=0xBF)) => {
                        *slot = b;
                        len += t.len_utf8();
                    }
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            let decoded = std::str::from_utf8(&bytes[..=need])
                .ok()
                .and_then(|d| d.chars().next())
                .filter(|&d| plausible(d));
            if let (true, Some(d)) = (ok, decoded) {
                if example.is_none() {
                    *example = Some((rest[..len].to_string(), d.to_string()));
                }
                out.push(d);
                repairs += 1;
                consumed += need + 1;
                rest = &rest[len..];
                continue;
            }
        }
        out.push(c);
        rest = after;
    }
    (repairs > 0).then_some((out, repairs, consumed))
}

/// Put back text that was UTF-8 read as Windows-1252 or Latin-1 (`â€œ` for `“`, `Ã©` for
/// `é`), counting what was repaired in `repairs`. Text twice mis-decoded comes back too. Real
/// text is left alone: a run is repaired only when its characters are exactly the bytes of
/// one UTF-8 character and that character is one mis-decoding produces (see `plausible`).
pub fn repair_mojibake<'a>(input: &'a str, repairs: &mut Repairs) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(input);
    let mut example = None;
    let mut count = 0usize;
    // Each pass undoes one mis-decoding; three is more than any page goes through.
    for pass in 0..3 {
        let Some((next, made, consumed)) = repair_pass(&text, &mut example) else {
            break;
        };
        // A later pass joins characters an earlier one made: count what is left.
        count = if pass == 0 {
            made
        } else {
            made + count.saturating_sub(consumed)
        };
        text = Cow::Owned(next);
    }
    if count > 0 {
        repairs.merge(Repairs { count, example });
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `“the fire is out”` read as Latin-1: the quotes become `â` + U+0080 + U+009C / U+009D.
    const FIRE_LATIN1: &str =
        "Officials said \u{e2}\u{80}\u{9c}the fire is out\u{e2}\u{80}\u{9d} at noon.";

    #[test]
    fn mojibake_is_repaired_and_counted() {
        let mut r = Repairs::default();
        let fixed = repair_mojibake(FIRE_LATIN1, &mut r);
        assert_eq!(fixed, "Officials said “the fire is out” at noon.");
        assert_eq!(r.count, 2);
        assert_eq!(
            r.example,
            Some(("\u{e2}\u{80}\u{9c}".to_string(), "“".to_string()))
        );
        // Read as Windows-1252 instead: â€œ â€™ â€“ Ã© Â£, and an emoji.
        let mut r = Repairs::default();
        let cp1252 = "â€œItâ€™s doneâ€\u{9d} â€“ cafÃ© Â£5 ðŸ”¥";
        assert_eq!(repair_mojibake(cp1252, &mut r), "“It’s done” – café £5 🔥");
        assert_eq!(r.count, 7);
        assert_eq!(r.example, Some(("â€œ".to_string(), "“".to_string())));
        // Twice mis-decoded comes back too.
        let mut r = Repairs::default();
        assert_eq!(repair_mojibake("Ã¢â‚¬Å“hiÃ¢â‚¬\u{9d}", &mut r), "“hi”");
        assert_eq!(r.count, 2);
    }

    #[test]
    fn mojibake_repair_leaves_real_text_alone() {
        for s in [
            "café, naïve, São Paulo, Ærøskøbing, Ðakovo",
            "“quoted” – em—dash… ‘single’ ¿qué? ¡sí! © ® ° ± £ €",
            "你好 👩‍💻 שלום سلام Привет Ελλάδα",
            "Â plain capital A-circumflex, Ã alone, â€ alone",
        ] {
            let mut r = Repairs::default();
            let out = repair_mojibake(s, &mut r);
            assert_eq!(out, s);
            assert_eq!(r.count, 0, "{s}");
        }
        // Latin-1 letters followed by cp1252 punctuation never make a CJK character.
        let mut r = Repairs::default();
        assert_eq!(repair_mojibake("é”…", &mut r), "é”…");
        assert_eq!(r.count, 0);
    }
}
