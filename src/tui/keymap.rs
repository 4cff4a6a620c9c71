//! The one key table: keys to actions per context. Help, palette and status hints read it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a key is read: a pane, or the dialog on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Drafts,
    Issue,
    Preview,
    Filter,
    Picker,
    Palette,
    Help,
    Export,
    Form,
    Editor,
    Comments,
    Confirm,
    Changes,
    Import,
    Findings,
}

impl Context {
    pub const ALL: [Context; 16] = [
        Context::Global,
        Context::Drafts,
        Context::Issue,
        Context::Preview,
        Context::Filter,
        Context::Picker,
        Context::Palette,
        Context::Help,
        Context::Export,
        Context::Form,
        Context::Editor,
        Context::Comments,
        Context::Confirm,
        Context::Changes,
        Context::Import,
        Context::Findings,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Drafts => "drafts",
            Context::Issue => "issue",
            Context::Preview => "preview",
            Context::Filter => "filter",
            Context::Picker => "picker",
            Context::Palette => "palette",
            Context::Help => "help",
            Context::Export => "export",
            Context::Form => "form",
            Context::Editor => "editor",
            Context::Comments => "comments",
            Context::Confirm => "confirm",
            Context::Changes => "changes",
            Context::Import => "import",
            Context::Findings => "findings",
        }
    }

    /// Panes fall back to the global keys; dialogs take their own keys and text.
    pub fn is_pane(self) -> bool {
        matches!(
            self,
            Context::Global | Context::Drafts | Context::Issue | Context::Preview
        )
    }
}

/// A key as the table knows it: the code and Ctrl/Alt (Shift is in the character).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    pub const fn alt(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: true,
        }
    }

    pub fn from_event(ev: &KeyEvent) -> Key {
        let code = match ev.code {
            KeyCode::Char(c) if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            c => c,
        };
        Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// `a`, `A`, `ctrl-r`, `alt-up`, `enter`, `esc`, `tab`, `backtab`, `pgup`, `f1`, `space`.
    pub fn parse(s: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "space" => KeyCode::Char(' '),
                f if f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
                _ => return None,
            },
        };
        Some(Key { code, ctrl, alt })
    }

    /// How help and hints write the key: `Ctrl-r`, `Alt-Up`, `Enter`, `K`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut s = String::new();
        if self.ctrl {
            s.push_str("Ctrl-");
        }
        if self.alt {
            s.push_str("Alt-");
        }
        s.push_str(&base);
        s
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub action: Action,
}

/// The default keys: DESIGN.md's keymap, as a keymap file built into the binary.
const DEFAULT_KEYS: &str = include_str!("../../data/keymap.toml");

/// The default table, in the file's order (the order help and the palette list keys in).
fn defaults() -> Vec<Binding> {
    // The file is part of the build and a test reads it: it cannot fail at run time.
    read_bindings(DEFAULT_KEYS, Order::AsWritten).unwrap_or_default()
}

/// The order a keymap file's bindings are taken in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Table by table, line by line: the defaults, listed in this order.
    AsWritten,
    /// Tables, then keys, by name: the user's file, applied in this order since its
    /// first version (it decides which of two spellings of one key wins).
    ByName,
}

/// The bindings of a keymap file: one table per context, `key = "action"`, e.g.
/// `[drafts]` / `x = "spike"`. The first problem found is the error.
fn read_bindings(text: &str, order: Order) -> Result<Vec<Binding>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_string())?;
    let mut tables: Vec<_> = table.iter().collect();
    if order == Order::ByName {
        tables.sort_by(|a, b| a.0.cmp(b.0));
    }
    let mut out = Vec::new();
    for (ctx_name, keys) in tables {
        let context = Context::ALL
            .iter()
            .copied()
            .find(|c| c.name() == ctx_name)
            .ok_or_else(|| format!("unknown section [{ctx_name}]"))?;
        let keys = keys
            .as_table()
            .ok_or_else(|| format!("[{ctx_name}] must be a table of key = \"action\""))?;
        let mut keys: Vec<_> = keys.iter().collect();
        if order == Order::ByName {
            keys.sort_by(|a, b| a.0.cmp(b.0));
        }
        for (key_name, action) in keys {
            let key = Key::parse(key_name)
                .ok_or_else(|| format!("unknown key \"{key_name}\" in [{ctx_name}]"))?;
            let action_name = action
                .as_str()
                .ok_or_else(|| format!("\"{key_name}\" in [{ctx_name}] needs an action name"))?;
            let action = Action::from_name(action_name)
                .ok_or_else(|| format!("unknown action \"{action_name}\""))?;
            out.push(Binding {
                context,
                key,
                action,
            });
        }
    }
    Ok(out)
}

/// The key table in force: the defaults with the user's single-key overrides on top.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: defaults(),
        }
    }
}

impl Keymap {
    /// Read `keymap.toml`: one table per context, `key = "action"`, e.g.
    /// `[drafts]` / `x = "spike"`. A missing file is the defaults; a bad one is the defaults
    /// and an error to show.
    pub fn load(dir: Option<&std::path::Path>) -> (Keymap, Option<String>) {
        let Some(dir) = dir else {
            return (Keymap::default(), None);
        };
        let path = dir.join("keymap.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Keymap::default(), None);
            }
            Err(e) => {
                return (
                    Keymap::default(),
                    Some(format!("{}: {e}; using the default keys", path.display())),
                );
            }
        };
        match Keymap::from_toml(&text) {
            Ok(k) => (k, None),
            Err(e) => (
                Keymap::default(),
                Some(format!("{}: {e}; using the default keys", path.display())),
            ),
        }
    }

    /// The defaults with the bindings of a user keymap file on top: each replaces what its
    /// key did in its context.
    pub fn from_toml(text: &str) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        for binding in read_bindings(text, Order::ByName)? {
            map.bindings
                .retain(|b| !(b.context == binding.context && b.key == binding.key));
            map.bindings.insert(0, binding);
        }
        Ok(map)
    }

    /// The action for a key in a context; panes fall back to the global keys.
    pub fn lookup(&self, context: Context, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        let find = |ctx: Context| {
            self.bindings
                .iter()
                .find(|b| b.context == ctx && b.key == key)
                .map(|b| b.action)
        };
        find(context).or_else(|| {
            if context.is_pane() {
                find(Context::Global)
            } else {
                None
            }
        })
    }

    /// The keys bound to an action in a context, as help writes them (`K, Alt-Up`).
    pub fn keys_for(&self, context: Context, action: &Action) -> String {
        self.bindings
            .iter()
            .filter(|b| b.context == context && &b.action == action)
            .map(|b| b.key.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Actions of a context in table order, each once, with its keys.
    pub fn entries(&self, context: Context) -> Vec<(Action, String)> {
        let mut out: Vec<(Action, String)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.context == context) {
            if !out.iter().any(|(a, _)| a == &b.action) {
                out.push((b.action, self.keys_for(context, &b.action)));
            }
        }
        out
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn shift_letters_and_ctrl() {
        let k = Keymap::default();
        assert_eq!(
            k.lookup(Context::Issue, &ev(KeyCode::Char('K'), KeyModifiers::SHIFT)),
            Some(Action::MoveUp)
        );
        assert_eq!(
            k.lookup(
                Context::Drafts,
                &ev(KeyCode::Char('r'), KeyModifiers::CONTROL)
            ),
            Some(Action::Redo)
        );
        assert_eq!(
            k.lookup(Context::Issue, &ev(KeyCode::Up, KeyModifiers::ALT)),
            Some(Action::MoveUp)
        );
        assert_eq!(
            k.lookup(Context::Picker, &ev(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn user_file_rebinds_one_key() {
        let k = Keymap::from_toml("[drafts]\nx = \"spike\"\n").expect("valid");
        assert_eq!(
            k.lookup(Context::Drafts, &ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Spike)
        );
        assert_eq!(
            k.lookup(Context::Issue, &ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Export)
        );
    }

    #[test]
    fn default_keys_file_reads_cleanly() {
        let read = read_bindings(DEFAULT_KEYS, Order::AsWritten).expect("data/keymap.toml");
        assert_eq!(read, defaults());
        // Every action has a key somewhere, so the palette can name and help can show it.
        for action in Action::BINDABLE {
            assert!(read.iter().any(|b| b.action == *action), "{action:?}");
        }
    }

    #[test]
    fn bad_user_file_is_an_error() {
        assert!(Keymap::from_toml("[drafts]\nx = \"fly\"\n").is_err());
        assert!(Keymap::from_toml("[nowhere]\nx = \"spike\"\n").is_err());
        assert!(Keymap::from_toml("not toml [").is_err());
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("keymap.toml"),
            "[drafts]\nctrl-zz = \"spike\"",
        )
        .expect("write");
        let (k, err) = Keymap::load(Some(dir.path()));
        assert!(err.is_some_and(|e| e.contains("default keys")));
        assert_eq!(k.bindings().len(), defaults().len());
    }
}
