//! The sub-point depth limit ([`MAX_DEPTH`]) for a briefdesk JSON issue being imported.
//!
//! An issue is read through serde's `flatten`, which buffers it before the bullets are built,
//! so an error found there could not say where it is. This walks the document as
//! serde_json streams it, instead, and stops at the first bullet too deep, with its line and
//! column. serde_json's own limit (128 nested levels) still stops anything deeper first,
//! with an error, never a crash.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::model::{MAX_DEPTH, TOO_DEEP};

use crate::format::imported::ImportError;

/// Refuse a JSON issue with a bullet deeper than [`MAX_DEPTH`], naming the line and column
/// where that bullet starts. Call it on text serde_json has already read once.
pub fn check(text: &str) -> Result<(), ImportError> {
    let mut de = serde_json::Deserializer::from_str(text);
    Walk::default().deserialize(&mut de).map_err(|e| {
        if e.to_string().starts_with(TOO_DEEP) {
            // serde_json counts up to the last character it took; the bullet's `{` is
            // the next one.
            ImportError::TooDeep {
                line: e.line(),
                column: e.column() + 1,
                depth: MAX_DEPTH + 1,
            }
        } else {
            ImportError::Json {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            }
        }
    })
}

/// One JSON value: `level` counts the `sub_points` lists it is inside; `list` says it is
/// the value of a `sub_points` key (its elements are bullets at `level`).
#[derive(Clone, Copy, Default)]
struct Walk {
    level: usize,
    list: bool,
}

/// Stands where a too-deep bullet starts, so serde_json reports that place.
struct Refuse;

impl<'de> DeserializeSeed<'de> for Refuse {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(TOO_DEEP))
    }
}

impl<'de> DeserializeSeed<'de> for Walk {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.list && self.level > MAX_DEPTH {
            // An empty list this deep holds no bullet: fine.
            seq.next_element_seed(Refuse)?;
            return Ok(());
        }
        let item = Walk {
            level: self.level,
            list: false,
        };
        while seq.next_element_seed(item)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let list = key == "sub_points";
            map.next_value_seed(Walk {
                level: self.level + usize::from(list),
                list,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::format::json;
    use crate::model::MAX_DEPTH;
    use crate::model::doc::IssueDoc;
    use crate::model::issue::tests::nested;

    fn doc(levels: usize) -> String {
        serde_json::to_string_pretty(&IssueDoc::new(nested(levels))).unwrap()
    }

    #[test]
    fn a_json_issue_deeper_than_the_limit_is_refused_at_its_line() {
        assert!(json::parse(&doc(MAX_DEPTH)).is_ok());
        let text = doc(MAX_DEPTH + 1);
        let e = json::parse(&text).unwrap_err().to_string();
        // The bullet object at level 17 opens on the line after the one naming level 16's
        // sub-points list.
        let lines: Vec<&str> = text.lines().collect();
        let level16 = lines
            .iter()
            .position(|l| l.contains("\"level 16\""))
            .unwrap();
        let open = (level16..lines.len())
            .find(|&i| lines[i].trim() == "{")
            .unwrap();
        let column = lines[open].find('{').unwrap() + 1;
        assert_eq!(
            e,
            format!(
                "a sub-point 17 levels deep at line {}, column {column}: sub-points go at most 16 levels deep; move it up a level (indent it less)",
                open + 1
            )
        );
    }

    #[test]
    fn json_nested_past_any_limit_is_an_error_not_a_crash() {
        for n in [200, 100_000] {
            let deep = format!(
                "{{\"briefdesk\":\"issue\",\"schema\":1,\"id\":1,\"title\":\"t\",\"sections\":[{{\"id\":1,\"name\":\"s\",\"bullets\":[{}{}]}}]}}",
                "{\"id\":1,\"text\":\"x\",\"sub_points\":[".repeat(n),
                "]}".repeat(n)
            );
            let e = json::parse(&deep).unwrap_err().to_string();
            assert!(e.contains("line 1, column"), "{e}");
            let bare = "[".repeat(n) + &"]".repeat(n);
            let e = json::parse(&bare).unwrap_err().to_string();
            assert!(e.contains("recursion limit"), "{e}");
        }
    }
}
