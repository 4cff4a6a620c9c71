//! The import dialog (`:` import): a file's path, Tab completing it (directories and
//! files, `~/` the home directory, as in the export dialog), Enter importing it as one
//! undo step through the same code as `briefdesk import`. A bad path or a file that does
//! not parse is one line here, and the desk is left as it was.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::dialog::{Dialog, Outcome};
use super::export::resolve_in;
use crate::format::import;
use crate::model::text::{for_display, one_line};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::events::edit_line;
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

/// How many completions the dialog lists under the path.
const SHOWN: usize = 8;

pub struct Import {
    /// The path as typed (`~/` kept as typed: it is expanded when read).
    pub path: String,
    /// What went wrong with the last Enter or Tab: one line.
    pub problem: Option<String>,
    /// The names Tab found when more than one fits.
    pub choices: Vec<String>,
    /// The home directory `~` stands for (`$HOME`; tests give their own).
    pub home: Option<PathBuf>,
}

impl Default for Import {
    fn default() -> Import {
        Import {
            path: String::new(),
            problem: None,
            choices: Vec::new(),
            home: std::env::var_os("HOME").map(PathBuf::from),
        }
    }
}

impl Dialog for Import {
    fn paste(&mut self, text: &str) -> bool {
        self.path.push_str(&one_line(text));
        true
    }

    fn context(&self) -> Context {
        Context::Import
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        match input {
            Do(Action::Cancel) => return Outcome::Close,
            Do(Action::NextField) => self.complete(),
            Do(Action::Confirm) => {
                if self.import(ctx) {
                    return Outcome::Close;
                }
            }
            Typed(key) => {
                if edit_line(&mut self.path, &key) {
                    self.problem = None;
                    self.choices.clear();
                }
            }
            Do(_) => {}
        }
        Outcome::Stay
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        render(ctx, self, frame, frame.area());
    }
}

impl Import {
    fn resolved(&self) -> PathBuf {
        resolve_in(&self.path, self.home.as_deref())
    }

    /// Tab: the path completed as far as the names in its directory agree; a directory
    /// gets its `/`; more than one fit is listed.
    pub fn complete(&mut self) {
        self.problem = None;
        self.choices.clear();
        // What is typed up to the last `/` stays as typed; the rest is the name's start.
        let cut = self.path.rfind('/').map_or(0, |i| i + 1);
        let (typed_dir, start) = self.path.split_at(cut);
        let dir = match typed_dir {
            "" => resolve_in(".", None),
            d => resolve_in(d, self.home.as_deref()),
        };
        let entries = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.problem = Some(format!("{}: cannot list: {e}", dir.display()));
                return;
            }
        };
        let mut fits: Vec<(String, bool)> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                // Hidden names only when asked for with a leading dot.
                if !name.starts_with(start) || (name.starts_with('.') && !start.starts_with('.')) {
                    return None;
                }
                let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
                Some((name, is_dir))
            })
            .collect();
        fits.sort();
        let typed_dir = typed_dir.to_string();
        match fits.as_slice() {
            [] => {
                self.problem = Some(format!(
                    "nothing in {} starts with {start:?}",
                    dir.display()
                ))
            }
            [(name, is_dir)] => {
                self.path = format!("{typed_dir}{name}{}", if *is_dir { "/" } else { "" });
            }
            many => {
                let first = &many[0].0;
                let common = many.iter().fold(first.len(), |n, (name, _)| {
                    first
                        .char_indices()
                        .zip(name.chars())
                        .take_while(|((_, a), b)| a == b)
                        .last()
                        .map_or(0, |((i, a), _)| (i + a.len_utf8()).min(n))
                });
                self.path = format!("{typed_dir}{}", &first[..common]);
                self.choices = many
                    .iter()
                    .map(|(n, d)| format!("{n}{}", if *d { "/" } else { "" }))
                    .collect();
            }
        }
    }

    /// Enter: read, check and import the file as one step. True when it is in.
    fn import(&mut self, ctx: &mut Ctx) -> bool {
        self.choices.clear();
        if self.path.trim().is_empty() {
            self.problem = Some("give a file's path (Tab completes)".into());
            return false;
        }
        let path = self.resolved();
        let parsed = read(&path).and_then(|bytes| {
            import::read(&bytes, None).map_err(|e| format!("{}: {e}", path.display()))
        });
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                self.problem = Some(e);
                return false;
            }
        };
        let (cmd, report) = import::plan_import(&ctx.desk, parsed);
        let Some(cmd) = cmd else {
            ctx.info(format!(
                "{}: already on the desk, nothing added",
                path.display()
            ));
            return true;
        };
        if !ctx.perform_import(cmd) {
            self.problem = ctx.status.as_ref().map(|(s, _)| s.clone());
            return false;
        }
        ctx.info(format!(
            "imported {} from {}: u undoes",
            crate::tui::inbox::added(&report),
            path.display()
        ));
        true
    }
}

/// The file's bytes, or one line saying why not.
fn read(path: &Path) -> Result<Vec<u8>, String> {
    if path.is_dir() {
        return Err(format!(
            "{} is a directory: Tab lists what is in it",
            path.display()
        ));
    }
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file: check the path", path.display()),
        _ => format!("{}: cannot read: {e}", path.display()),
    })
}

const WIDTH: u16 = 72;

fn render(ctx: &Ctx, st: &Import, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let shown = st.choices.len().min(SHOWN);
    let height = u16::try_from(7 + shown).unwrap_or(u16::MAX);
    let rect = cells::centered(area, WIDTH, height);
    cells::clear_popup(frame, rect);
    let block = cells::block("Import a file", t.border(true)).title_bottom(Line::styled(
        " Tab completes · Enter imports · Esc closes ",
        t.dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    // The end of a long path is the part being typed: keep it in view.
    let typed = for_display(&st.path).into_owned();
    let room = w.saturating_sub(8);
    let tail: String = {
        let chars: Vec<char> = typed.chars().collect();
        let mut out = String::new();
        for c in chars.iter().rev() {
            if cells::width(&out) + cells::width(&c.to_string()) > room {
                break;
            }
            out.insert(0, *c);
        }
        out
    };
    let mut lines = vec![
        Line::from(vec![
            Span::raw("File: "),
            Span::raw(tail),
            Span::styled("▏", t.key()),
        ]),
        Line::styled(
            "digest or live-updates text, Markdown, JSON or the desk's HTML",
            t.dim(),
        ),
        Line::raw(""),
    ];
    if let Some(p) = &st.problem {
        lines.push(Line::styled(for_display(p).into_owned(), t.error()));
    }
    for c in st.choices.iter().take(SHOWN) {
        lines.push(Line::raw(cells::fit(&for_display(c), w)));
    }
    if st.choices.len() > SHOWN {
        lines.push(Line::styled(
            format!("… {} more: type more of the name", st.choices.len() - SHOWN),
            t.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
