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
        Ok(Settings {
            require_other_approver: four_eyes(map)?,
            ladder: ladder(map)?,
        })
    }
}

/// `review.require_other_approver` alone: a bad ladder setting never stops an approval.
pub fn four_eyes(map: &Map<String, Value>) -> Result<bool, String> {
    match lookup(map, "review", "require_other_approver")? {
        None => Ok(false),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| format!("\"review.require_other_approver\" is {v}, not true or false")),
    }
}

/// `tradecraft.ladder` alone: a bad four-eyes setting never stops a tradecraft check.
pub fn ladder(map: &Map<String, Value>) -> Result<Ladder, String> {
    match lookup(map, "tradecraft", "ladder")? {
        None => Ok(Ladder::default()),
        Some(v) => {
            let s = v
                .as_str()
                .ok_or_else(|| format!("\"tradecraft.ladder\" is {v}, not a ladder's name"))?;
            Ladder::parse(s).map_err(|e| format!("\"tradecraft.ladder\": {e}"))
        }
    }
}

/// One known setting, for `briefdesk settings`: its key, its default, what it does.
pub struct Known {
    pub key: &'static str,
    pub default: &'static str,
    pub about: &'static str,
}

/// Every setting this version knows, in the order `briefdesk settings` lists them.
pub const ABOUT: [Known; 2] = [
    Known {
        key: "review.require_other_approver",
        default: "false",
        about: "the four-eyes rule: who changed an issue since its last approval cannot approve it",
    },
    Known {
        key: "tradecraft.ladder",
        default: "icd203",
        about: "the estimative terms assessments are checked against: icd203 or phia",
    },
];

/// What `text` (as typed after `briefdesk settings KEY`) sets `key` to, checked as
/// [`Settings::read`] reads it; the error is one line naming the key.
pub fn value_for(key: &str, text: &str) -> Result<Value, String> {
    match key {
        "review.require_other_approver" => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" => Ok(Value::Bool(true)),
            "false" | "no" | "off" => Ok(Value::Bool(false)),
            _ => Err(format!(
                "\"review.require_other_approver\" cannot be \"{}\": use true or false",
                crate::model::text::one_line(text)
            )),
        },
        "tradecraft.ladder" => Ladder::parse(text)
            .map(|l| Value::String(l.name().into()))
            .map_err(|e| format!("\"tradecraft.ladder\": {e}")),
        _ => Err(format!(
            "unknown setting \"{}\": the settings are {}",
            crate::model::text::one_line(key),
            KNOWN.join(", ")
        )),
    }
}

/// Set `key` to `text` in desk.json's other keys, everything else kept as it was. A group
/// that is not an object of settings is refused, not replaced: its value would be lost.
pub fn set(map: &mut Map<String, Value>, key: &str, text: &str) -> Result<(), String> {
    let value = value_for(key, text)?;
    let (group, name) = key.split_once('.').unwrap_or((key, ""));
    let entry = map
        .entry(group.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    match entry {
        Value::Object(g) => {
            g.insert(name.to_string(), value);
            Ok(())
        }
        v => Err(format!(
            "\"{group}\" is {v}, not an object of settings: fix it in desk.json by hand"
        )),
    }
}

/// Each known setting's value as desk.json has it (`None`: absent, the default holds), or
/// what is wrong with it.
pub fn current(map: &Map<String, Value>) -> Vec<(&'static Known, Result<Option<String>, String>)> {
    ABOUT
        .iter()
        .map(|k| {
            let (group, name) = k.key.split_once('.').unwrap_or((k.key, ""));
            let v = lookup(map, group, name).and_then(|v| match v {
                None => Ok(None),
                Some(v) => {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    // Read as `Settings::read` would, so a bad value is said here too.
                    let mut one = Map::new();
                    one.insert(
                        group.to_string(),
                        Value::Object(Map::from_iter([(name.to_string(), v.clone())])),
                    );
                    Settings::read(&one).map(|_| Some(text))
                }
            });
            (k, v)
        })
        .collect()
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
    fn one_bad_setting_does_not_stop_the_other() {
        let m = map(
            r#"{"review": {"require_other_approver": "yes"}, "tradecraft": {"ladder": "phia"}}"#,
        );
        assert_eq!(ladder(&m), Ok(Ladder::Phia));
        assert!(four_eyes(&m).is_err());
        let m = map(r#"{"review": {"require_other_approver": true}, "tradecraft": {"ladder": 7}}"#);
        assert_eq!(four_eyes(&m), Ok(true));
        assert!(ladder(&m).is_err());
        assert!(
            Settings::read(&m).is_err(),
            "the list of settings still says what is wrong"
        );
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
    fn set_checks_the_value_and_keeps_every_other_key() {
        let mut m = map(r#"{"theme": "dark", "review": {"other": 1}}"#);
        assert_eq!(set(&mut m, "review.require_other_approver", "true"), Ok(()));
        assert_eq!(set(&mut m, "tradecraft.ladder", "PHIA"), Ok(()));
        assert_eq!(
            Value::Object(m.clone()),
            serde_json::json!({
                "theme": "dark",
                "review": {"other": 1, "require_other_approver": true},
                "tradecraft": {"ladder": "phia"}
            })
        );
        assert_eq!(
            Settings::read(&m),
            Ok(Settings {
                require_other_approver: true,
                ladder: Ladder::Phia
            })
        );
        let before = m.clone();
        assert_eq!(
            set(&mut m, "review.require_other_approver", "maybe"),
            Err("\"review.require_other_approver\" cannot be \"maybe\": use true or false".into())
        );
        let e = set(&mut m, "review.colour", "red");
        assert_eq!(
            e,
            Err("unknown setting \"review.colour\": the settings are review.require_other_approver, tradecraft.ladder".into())
        );
        let e = set(&mut m, "tradecraft.ladder", "nato");
        assert!(
            matches!(&e, Err(m) if m.contains("unknown ladder \"nato\"")),
            "{e:?}"
        );
        assert_eq!(m, before, "a refused value changes nothing");
        let mut bad = map(r#"{"review": true}"#);
        let e = set(&mut bad, "review.require_other_approver", "true");
        assert!(matches!(&e, Err(m) if m.contains("not an object")), "{e:?}");
        assert_eq!(bad, map(r#"{"review": true}"#));
    }

    #[test]
    fn current_says_each_value_the_default_or_what_is_wrong() {
        let m = map(
            r#"{"review": {"require_other_approver": "yes"}, "tradecraft": {"ladder": "phia"}}"#,
        );
        let now = current(&m);
        assert_eq!(now.len(), 2);
        assert_eq!(now[0].0.key, "review.require_other_approver");
        assert!(
            matches!(&now[0].1, Err(e) if e.contains("not true or false")),
            "{:?}",
            now[0].1
        );
        assert_eq!(now[1].1, Ok(Some("phia".into())));
        let empty = current(&Map::new());
        assert!(empty.iter().all(|(_, v)| v == &Ok(None)));
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
