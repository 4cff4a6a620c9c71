//! The desk's settings: the keys of `desk.json` other than the store's own, read into types.
//!
//! One reader for every setting, so the command line and the desk agree on what a desk
//! asks for. A key this version does not know is kept and ignored (a newer briefdesk may
//! have written it); a known key with a value of the wrong kind is one clear error naming
//! the key, never a silent default.

use serde_json::{Map, Value};

/// Which ladder of estimative terms the desk's assessments are checked against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ladder {
    /// US ICD 203: two rows of terms (likely / probable) that must not be mixed.
    #[default]
    Icd203,
    /// UK PHIA probability yardstick.
    Phia,
}

impl Ladder {
    pub const NAMES: [&'static str; 2] = ["icd203", "phia"];

    pub fn name(self) -> &'static str {
        match self {
            Ladder::Icd203 => "icd203",
            Ladder::Phia => "phia",
        }
    }

    /// `icd203` or `phia` (any case); the error is the one line to show.
    pub fn parse(s: &str) -> Result<Ladder, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "icd203" | "icd-203" | "icd 203" => Ok(Ladder::Icd203),
            "phia" => Ok(Ladder::Phia),
            _ => Err(format!(
                "unknown ladder \"{}\": use one of {}",
                crate::model::text::one_line(s),
                Ladder::NAMES.join(", ")
            )),
        }
    }
}

/// Every setting a desk can carry, with its default when the key is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `review.require_other_approver`: the four-eyes rule (the editor who last changed
    /// an issue cannot approve it).
    pub require_other_approver: bool,
    /// `tradecraft.ladder`: `icd203` (default) or `phia`.
    pub ladder: Ladder,
}

/// The settings keys this version knows, as `group.key`, for messages and `--help`.
pub const KNOWN: [&str; 2] = ["review.require_other_approver", "tradecraft.ladder"];

impl Settings {
    /// Read the settings out of desk.json's other keys. The error names the key and what is
    /// wrong with it (the caller adds the file's path).
    pub fn read(map: &Map<String, Value>) -> Result<Settings, String> {
        let mut out = Settings::default();
        if let Some(v) = lookup(map, "review", "require_other_approver")? {
            out.require_other_approver = v.as_bool().ok_or_else(|| {
                format!("\"review.require_other_approver\" is {v}, not true or false")
            })?;
        }
        if let Some(v) = lookup(map, "tradecraft", "ladder")? {
            let s = v
                .as_str()
                .ok_or_else(|| format!("\"tradecraft.ladder\" is {v}, not a ladder's name"))?;
            out.ladder = Ladder::parse(s).map_err(|e| format!("\"tradecraft.ladder\": {e}"))?;
        }
        Ok(out)
    }
}

/// `map[group][key]`, or `None` when either is absent; an error when `group` is not an object.
fn lookup<'a>(
    map: &'a Map<String, Value>,
    group: &str,
    key: &str,
) -> Result<Option<&'a Value>, String> {
    match map.get(group) {
        None => Ok(None),
        Some(Value::Object(g)) => Ok(g.get(key)),
        Some(v) => Err(format!("\"{group}\" is {v}, not an object of settings")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(json: &str) -> Map<String, Value> {
        match serde_json::from_str(json) {
            Ok(Value::Object(m)) => m,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn absent_keys_are_the_defaults_and_unknown_keys_are_ignored() {
        let s = Settings::read(&map(r#"{"theme": "dark", "review": {"other": 1}}"#));
        assert_eq!(s, Ok(Settings::default()));
        assert_eq!(Settings::default().ladder, Ladder::Icd203);
        assert!(!Settings::default().require_other_approver);
    }

    #[test]
    fn known_keys_are_read() {
        let s = Settings::read(&map(
            r#"{"review": {"require_other_approver": true}, "tradecraft": {"ladder": "PHIA"}}"#,
        ));
        assert_eq!(
            s,
            Ok(Settings {
                require_other_approver: true,
                ladder: Ladder::Phia
            })
        );
    }

    #[test]
    fn a_wrong_kind_of_value_is_one_line_naming_the_key() {
        let e = Settings::read(&map(r#"{"review": {"require_other_approver": "yes"}}"#));
        assert_eq!(
            e,
            Err("\"review.require_other_approver\" is \"yes\", not true or false".into())
        );
        let e = Settings::read(&map(r#"{"tradecraft": {"ladder": "nato"}}"#));
        assert!(
            matches!(&e, Err(m) if m.contains("tradecraft.ladder") && m.contains("icd203, phia")),
            "{e:?}"
        );
        let e = Settings::read(&map(r#"{"review": true}"#));
        assert!(matches!(&e, Err(m) if m.contains("not an object")), "{e:?}");
    }
}
