//! The user's own settings for the desk: `config.toml` beside `keymap.toml` (the platform
//! config directory, `~/.config/briefdesk/` on Linux). One setting so far:
//! `mouse = false` leaves the mouse to the terminal (its own selection and paste).

use std::path::Path;

use serde::Deserialize;

/// The file's name in the config directory.
pub const FILE: &str = "config.toml";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserConfig {
    /// Clicks and the wheel go to the desk (the default).
    pub mouse: bool,
}

impl Default for UserConfig {
    fn default() -> Self {
        UserConfig { mouse: true }
    }
}

/// The file as written: every key optional, an unknown one refused (a typo would
/// otherwise be silently ignored).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    mouse: Option<bool>,
}

impl UserConfig {
    /// Read `config.toml` in `dir`. A missing file is the defaults; a bad one is the
    /// defaults and one line to show, naming the file, the line and column, and the fix.
    pub fn load(dir: Option<&Path>) -> (UserConfig, Option<String>) {
        let Some(dir) = dir else {
            return (UserConfig::default(), None);
        };
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (UserConfig::default(), None);
            }
            Err(e) => {
                let e = format!("{}: {e}; using the default settings", path.display());
                return (UserConfig::default(), Some(e));
            }
        };
        match UserConfig::from_toml(&text) {
            Ok(c) => (c, None),
            Err(e) => (
                UserConfig::default(),
                Some(format!(
                    "{}, {e}; using the default settings (write e.g. mouse = false)",
                    path.display()
                )),
            ),
        }
    }

    /// The settings a `config.toml` holds, or where and why it cannot be read.
    pub fn from_toml(text: &str) -> Result<UserConfig, String> {
        let written: Written = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_column(text, s.start));
            // One line: serde's message may quote the value with its line breaks.
            let message = crate::model::text::one_line(e.message());
            format!("line {line}, column {column}: {message}")
        })?;
        Ok(UserConfig {
            mouse: written.mouse.unwrap_or(true),
        })
    }
}

/// The 1-based line and column (in chars) of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mouse_is_on_unless_the_file_says_false() {
        assert!(UserConfig::from_toml("").expect("empty").mouse);
        assert!(UserConfig::from_toml("mouse = true").expect("true").mouse);
        assert!(
            !UserConfig::from_toml("# mine\nmouse = false\n")
                .expect("false")
                .mouse
        );
    }

    #[test]
    fn a_bad_value_or_key_is_one_line_naming_where() {
        let e = UserConfig::from_toml("\nmouse = \"no\"\n").expect_err("a string");
        assert!(e.starts_with("line 2, column 9: "), "{e}");
        assert!(e.contains("bool"), "{e}");
        assert!(!e.contains('\n'), "{e}");
        let e = UserConfig::from_toml("mose = false").expect_err("a typo");
        assert!(e.starts_with("line 1, column 1: "), "{e}");
        assert!(e.contains("mose"), "{e}");
    }

    #[test]
    fn a_bad_file_keeps_the_mouse_and_says_which_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(FILE), "mouse = 0\n").expect("write");
        let (c, e) = UserConfig::load(Some(dir.path()));
        assert!(c.mouse);
        let e = e.expect("an error");
        assert!(e.contains("config.toml, line 1, column 9"), "{e}");
        assert!(e.contains("mouse = false"), "{e}");
        std::fs::write(dir.path().join(FILE), "mouse = false\n").expect("write");
        assert_eq!(
            UserConfig::load(Some(dir.path())),
            (UserConfig { mouse: false }, None)
        );
        assert_eq!(UserConfig::load(None), (UserConfig::default(), None));
    }
}
