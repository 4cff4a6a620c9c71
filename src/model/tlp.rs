//! FIRST's Traffic Light Protocol 2.0 (issue #17): who may see an issue, or one bullet of it.
//! Written exactly `TLP:AMBER+STRICT`, never translated; the order is how strict.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tlp {
    Clear,
    Green,
    Amber,
    AmberStrict,
    Red,
}

/// The one line for a word that is not a TLP 2.0 marking.
fn unknown(word: &str) -> String {
    let shown: String = word.chars().flat_map(char::escape_debug).take(40).collect();
    let hint = if shown.eq_ignore_ascii_case("white") || shown.eq_ignore_ascii_case("tlp:white") {
        " (TLP 2.0 calls WHITE CLEAR)"
    } else {
        ""
    };
    format!(
        "\"{shown}\" is not a TLP marking{hint}: write CLEAR, GREEN, AMBER, AMBER+STRICT or RED"
    )
}

impl Tlp {
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// `TLP:AMBER+STRICT`: the marking as FIRST writes it.
    pub fn label(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }

    /// `AMBER+STRICT`: the word alone, as `--tlp` takes it.
    pub fn word(self) -> &'static str {
        &self.label()[4..]
    }

    /// A marking as the analyst types it: the word with or without `TLP:`, in any case
    /// (`amber`, `TLP:AMBER+STRICT`). Anything else is one line naming it.
    pub fn parse(text: &str) -> Result<Tlp, String> {
        let t = text.trim();
        let word = match t.get(..4) {
            Some(p) if p.eq_ignore_ascii_case("tlp:") => &t[4..],
            _ => t,
        };
        Tlp::ALL
            .into_iter()
            .find(|m| m.word().eq_ignore_ascii_case(word))
            .ok_or_else(|| unknown(text))
    }

    /// A marking exactly as written in a document (`TLP:AMBER`): what the importers and the
    /// stored files read.
    pub fn exact(text: &str) -> Option<Tlp> {
        Tlp::ALL.into_iter().find(|m| m.label() == text)
    }

    /// FIRST's colour for the label's text (on black), as `#RRGGBB`.
    pub fn colour(self) -> &'static str {
        match self {
            Tlp::Red => "#FF2B2B",
            Tlp::Amber | Tlp::AmberStrict => "#FFC000",
            Tlp::Green => "#33FF00",
            Tlp::Clear => "#FFFFFF",
        }
    }
}

impl std::fmt::Display for Tlp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for Tlp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for Tlp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tlp, D::Error> {
        let text = String::deserialize(d)?;
        Tlp::exact(&text).ok_or_else(|| serde::de::Error::custom(unknown(&text)))
    }
}

/// A leading portion mark, `(TLP:AMBER) text`: the marking and the text after it.
pub fn portion_mark(text: &str) -> Option<(Tlp, &str)> {
    let rest = text.strip_prefix("(TLP:")?;
    let (word, after) = rest.split_once(')')?;
    let tlp = Tlp::exact(&format!("TLP:{word}"))?;
    Some((tlp, after.strip_prefix(' ').unwrap_or(after)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markings_are_written_exactly_and_ordered_by_strictness() {
        let labels: Vec<&str> = Tlp::ALL.iter().map(|t| t.label()).collect();
        assert_eq!(
            labels,
            [
                "TLP:CLEAR",
                "TLP:GREEN",
                "TLP:AMBER",
                "TLP:AMBER+STRICT",
                "TLP:RED"
            ]
        );
        assert!(
            Tlp::Clear < Tlp::Green && Tlp::Amber < Tlp::AmberStrict && Tlp::AmberStrict < Tlp::Red
        );
        assert_eq!(
            serde_json::to_string(&Tlp::AmberStrict).unwrap(),
            "\"TLP:AMBER+STRICT\""
        );
        assert_eq!(
            serde_json::from_str::<Tlp>("\"TLP:RED\"").unwrap(),
            Tlp::Red
        );
        assert!(serde_json::from_str::<Tlp>("\"RED\"").is_err());
    }

    #[test]
    fn a_typed_marking_is_parsed_strictly_and_an_unknown_word_is_one_line() {
        assert_eq!(Tlp::parse("amber+strict"), Ok(Tlp::AmberStrict));
        assert_eq!(Tlp::parse("TLP:GREEN"), Ok(Tlp::Green));
        assert_eq!(Tlp::parse("CLEAR"), Ok(Tlp::Clear));
        for bad in ["AMBER STRICT", "ambr", "TLP:", "", "TLP:AMBER+"] {
            let e = Tlp::parse(bad).unwrap_err();
            assert!(
                e.contains("CLEAR, GREEN, AMBER, AMBER+STRICT or RED") && !e.contains('\n'),
                "{e}"
            );
        }
        assert!(Tlp::parse("white").unwrap_err().contains("CLEAR"));
    }

    #[test]
    fn a_portion_mark_is_read_only_when_exact() {
        assert_eq!(portion_mark("(TLP:AMBER) text"), Some((Tlp::Amber, "text")));
        assert_eq!(
            portion_mark("(TLP:AMBER+STRICT) x"),
            Some((Tlp::AmberStrict, "x"))
        );
        assert_eq!(portion_mark("(TLP:amber) text"), None);
        assert_eq!(portion_mark("(TLP:BLUE) text"), None);
        assert_eq!(portion_mark("text (TLP:RED)"), None);
    }
}
