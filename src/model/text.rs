//! Untrusted text: what may come in from an import, and what may go out to a terminal; and
//! the dates written in it.

use std::borrow::Cow;

use chrono::NaiveDate;

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

/// Text for a one-line field: line breaks and tabs become spaces (a paste into a headline,
/// a filter, a path).
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if matches!(c, '\n' | '\t') { ' ' } else { c })
        .collect()
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

// ---- the one rule for text entering the desk ------------------------------------------------

/// The walks over every text an item, an issue or a command carries, in a shared and a
/// mutable version (one body, so the two never disagree on which fields are text).
macro_rules! text_walks {
    ($item:ident, $meta:ident, $issue:ident, $command:ident $(, $m:tt)?) => {
        fn $item(it: &$($m)? crate::model::Item, f: &mut dyn FnMut(&$($m)? String)) {
            f(&$($m)? it.headline);
            for s in &$($m)? it.body {
                f(s);
            }
            for s in &$($m)? it.tags {
                f(s);
            }
            if let Some(src) = &$($m)? it.source {
                if let Some(s) = &$($m)? src.publication {
                    f(s);
                }
                if let Some(s) = &$($m)? src.url {
                    f(s);
                }
            }
            if let Some(st) = &$($m)? it.stamp {
                f(&$($m)? st.written);
            }
        }

        fn $meta(m: &$($m)? crate::model::IssueMeta, f: &mut dyn FnMut(&$($m)? String)) {
            f(&$($m)? m.title);
            f(&$($m)? m.tagline);
            if let Some(s) = &$($m)? m.group {
                f(s);
            }
        }

        /// Bullets without recursion (a stack of lists still to visit), as deep as they go.
        fn $issue(is: &$($m)? crate::model::Issue, f: &mut dyn FnMut(&$($m)? String)) {
            $meta(&$($m)? is.meta, f);
            for s in &$($m)? is.sections {
                f(&$($m)? s.name);
                let mut stack: Vec<&$($m)? Vec<crate::model::Bullet>> = vec![&$($m)? s.bullets];
                while let Some(list) = stack.pop() {
                    for b in list {
                        f(&$($m)? b.text);
                        stack.push(&$($m)? b.sub_points);
                    }
                }
            }
        }

        /// Every text a command would bring into the desk.
        fn $command(cmd: &$($m)? crate::model::Command, f: &mut dyn FnMut(&$($m)? String)) {
            use crate::model::Command as C;
            match cmd {
                C::AddItems { items } => {
                    for it in items {
                        $item(it, f);
                    }
                }
                C::EditItem { item } => $item(item, f),
                C::NewIssue { issue } => $issue(issue, f),
                C::SetIssueMeta { meta, .. } => $meta(meta, f),
                C::AssignToNewSection { name, .. }
                | C::NewSection { name, .. }
                | C::RenameSection { name, .. } => f(name),
                C::NewBullet { text, .. } | C::EditBullet { text, .. } => f(text),
                C::ToggleSpike { .. }
                | C::ToggleHold { .. }
                | C::Assign { .. }
                | C::MoveSectionUp { .. }
                | C::MoveSectionDown { .. }
                | C::RemoveSection { .. }
                | C::ToggleAssessment { .. }
                | C::MoveBulletUp { .. }
                | C::MoveBulletDown { .. }
                | C::Indent { .. }
                | C::Outdent { .. }
                | C::MoveToSection { .. }
                | C::RemoveBullet { .. } => {}
            }
        }
    };
}

text_walks!(item_texts, meta_texts, issue_texts, command_texts);
text_walks!(
    item_texts_mut,
    meta_texts_mut,
    issue_texts_mut,
    command_texts_mut,
    mut
);

impl crate::model::Command {
    /// The command with every text it carries through [`sanitize`]: the one rule for all text
    /// entering the desk, typed or imported, applied where every change is planned
    /// ([`Command::plan`](crate::model::Command::plan)) rather than at each caller. Borrowed
    /// when the texts are already clean, so a big import is not copied again.
    pub fn sanitized(&self) -> Cow<'_, Self> {
        let mut clean = true;
        command_texts(self, &mut |s| clean &= is_clean(s));
        if clean {
            return Cow::Borrowed(self);
        }
        let mut owned = self.clone();
        command_texts_mut(&mut owned, &mut sanitize_in_place);
        Cow::Owned(owned)
    }
}

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
/// one UTF-8 character and that character is one mis-decoding produces (see [`plausible`]).
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

/// Text made safe to put on a terminal cell by cell: any control character left (from a
/// hand-edited desk file, say) is shown as a visible symbol instead of acting.
pub fn for_display(input: &str) -> Cow<'_, str> {
    if !input.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(input);
    }
    Cow::Owned(
        input
            .chars()
            .map(|c| match c {
                '\t' | '\n' => ' ',
                '\u{1b}' => '␛',
                c if c.is_control() || is_bidi_control(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// Trim layout whitespace from both ends of a line: spaces, tabs and no-break spaces that only
/// pad. No-break spaces inside the text are kept.
pub fn trim_layout(s: &str) -> &str {
    s.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{feff}')
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(
        suffix.to_ascii_lowercase().as_str(),
        "" | "st" | "nd" | "rd" | "th"
    ) {
        return None;
    }
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(word: &str) -> Option<i32> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse().ok()
    } else {
        None
    }
}

/// A date written in `s`: `July 2, 2024`, `Jul 2nd 2024`, `2 July 2024`, `2024-07-02`.
/// Returns the date and the byte range it spans.
pub fn find_date(s: &str) -> Option<(NaiveDate, usize, usize)> {
    // Alphanumeric words with their byte spans.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            words.push((st, i));
        }
    }
    if let Some(st) = start {
        words.push((st, s.len()));
    }
    let w = |i: usize| &s[words[i].0..words[i].1];
    let gap = |i: usize| &s[words[i].1..words[i + 1].0];
    let soft = |g: &str| {
        !g.is_empty()
            && g.chars().count() <= 3
            && g.chars().all(|c| c == ',' || c == '.' || c.is_whitespace())
    };
    for i in 0..words.len() {
        if i + 2 >= words.len() {
            break;
        }
        let (a, b, c) = (w(i), w(i + 1), w(i + 2));
        let (g1, g2) = (gap(i), gap(i + 1));
        let found = if let (Some(m), Some(d), Some(y)) =
            (month_number(a), day_number(b), year_number(c))
        {
            (soft(g1) && soft(g2))
                .then(|| NaiveDate::from_ymd_opt(y, m, d))
                .flatten()
        } else if let (Some(d), Some(m), Some(y)) = (day_number(a), month_number(b), year_number(c))
        {
            (soft(g1) && soft(g2))
                .then(|| NaiveDate::from_ymd_opt(y, m, d))
                .flatten()
        } else if let Some(y) = year_number(a) {
            (g1 == "-" && g2 == "-" && b.len() == 2 && c.len() == 2)
                .then(|| {
                    let m = b.parse().ok()?;
                    let d = c.parse().ok()?;
                    NaiveDate::from_ymd_opt(y, m, d)
                })
                .flatten()
        } else {
            None
        };
        if let Some(date) = found {
            return Some((date, words[i].0, words[i + 2].1));
        }
    }
    None
}

/// The first date written in a text (see [`find_date`]). Titles and datelines carry their
/// date this way.
pub fn date_in(text: &str) -> Option<NaiveDate> {
    find_date(text).map(|(d, _, _)| d)
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

    /// Typed text: a right-to-left override and a C1 NEL, as a paste could carry them.
    const TYPED: &str = "Emb\u{202e}assy\u{85} note";

    #[test]
    fn every_command_that_brings_text_in_sanitizes_it() {
        use crate::model::{
            BulletPath, Command, Desk, History, Issue, IssueId, IssueMeta, Item, ItemId, Source,
            Stamp,
        };
        let mut desk = Desk::new();
        let mut h = History::new();
        let mut item = Item::new(ItemId(1), TYPED, vec![TYPED.into()]);
        item.tags = vec![TYPED.into()];
        item.source = Some(Source {
            publication: Some(TYPED.into()),
            url: Some(TYPED.into()),
        });
        item.stamp = Some(Stamp {
            written: TYPED.into(),
            utc: None,
        });
        let meta = IssueMeta {
            title: TYPED.into(),
            tagline: TYPED.into(),
            group: Some(TYPED.into()),
            date: None,
        };
        let mut issue = Issue::new(IssueId(1), meta.clone());
        issue.sections.push(crate::model::Section::new(
            crate::model::SectionId(1),
            TYPED,
        ));
        let i = IssueId(1);
        let top = BulletPath::new(0, vec![0]);
        for cmd in [
            Command::AddItems {
                items: vec![item.clone()],
            },
            Command::EditItem { item: item.clone() },
            Command::NewIssue { issue },
            Command::SetIssueMeta { issue: i, meta },
            Command::NewSection {
                issue: i,
                index: 1,
                name: TYPED.into(),
            },
            Command::RenameSection {
                issue: i,
                index: 1,
                name: TYPED.into(),
            },
            Command::NewBullet {
                issue: i,
                path: top.clone(),
                text: TYPED.into(),
            },
            Command::EditBullet {
                issue: i,
                path: top.clone(),
                text: TYPED.into(),
            },
            Command::AssignToNewSection {
                item: ItemId(1),
                issue: i,
                name: TYPED.into(),
            },
        ] {
            h.perform(&mut desk, &cmd).unwrap();
        }
        let json = serde_json::to_string(&(&desk.items, &desk.issues)).unwrap();
        assert!(json.contains("Embassy note"), "{json}");
        assert!(
            !json.contains("\\u202e") && !json.contains("\u{202e}") && !json.contains('\u{85}'),
            "{json}"
        );
        assert!(!json.contains("\\u0085"), "{json}");
        // Clean commands are planned as they are, not copied.
        let clean = Command::NewBullet {
            issue: i,
            path: top,
            text: "plain".into(),
        };
        assert!(matches!(clean.sanitized(), Cow::Borrowed(_)));
    }

    #[test]
    fn display_makes_controls_visible() {
        assert_eq!(for_display("a\u{1b}[2Jb"), "a␛[2Jb");
        assert_eq!(for_display("plain"), "plain");
    }

    #[test]
    fn trims_nbsp_padding_only() {
        assert_eq!(
            trim_layout("\u{a0} Israel\u{a0}– Gaza\u{a0} "),
            "Israel\u{a0}– Gaza"
        );
    }

    #[test]
    fn dates_in_titles() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 7, 2);
        assert_eq!(
            date_in("Interfor’s Weekly Security Digest - July 2, 2024"),
            d
        );
        assert_eq!(date_in("Digest – 2 July 2024"), d);
        assert_eq!(date_in("Digest (2024-07-02)"), d);
        assert_eq!(
            date_in("Lugano, Switzerland—October 19, 2024: MEK"),
            chrono::NaiveDate::from_ymd_opt(2024, 10, 19)
        );
        assert_eq!(
            date_in("Digest – Sept. 3, 2024"),
            chrono::NaiveDate::from_ymd_opt(2024, 9, 3)
        );
        assert_eq!(date_in("May we have 2 more, 2024"), None);
        assert_eq!(date_in("February 30, 2024"), None);
        assert_eq!(date_in("no date here"), None);
    }
}
