//! The export dialog: format, file name, overwrite check, atomic write.

use crate::model::text::one_line;
use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::dialog::{Dialog, Outcome};
use crate::tui::events::edit_line;
use crate::format::export::{self, Format};
use crate::model::{Issue, IssueId};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::ctx::Level;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

const FORMATS: [Format; 4] = [Format::Md, Format::Txt, Format::Html, Format::Json];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    Editing,
    /// The file exists: Enter again overwrites.
    ConfirmOverwrite(PathBuf),
    Written {
        path: PathBuf,
        warnings: Vec<String>,
    },
    Failed(String),
}

pub struct Export {
    pub issue: IssueId,
    pub format: Format,
    pub path: String,
    pub stage: Stage,
}

impl Export {
    pub fn new(issue: &Issue) -> Export {
        let stem = match issue.meta.date {
            Some(d) => format!("digest-{d}"),
            None => format!("digest-{}", issue.id),
        };
        Export {
            issue: issue.id,
            format: Format::Md,
            path: format!("{stem}.md"),
            stage: Stage::Editing,
        }
    }
}

/// The file the analyst typed, as the shell would read it for `briefdesk export -o`: a
/// leading `~` is the home directory (`$HOME`); a relative name is in the current one.
fn resolve(path: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    resolve_in(path, home.as_deref())
}

/// `resolve` with the home directory given (tests).
pub(crate) fn resolve_in(path: &str, home: Option<&std::path::Path>) -> PathBuf {
    let path = path.trim();
    let p = match (path.strip_prefix('~'), home) {
        (Some(""), Some(h)) => h.to_path_buf(),
        (Some(rest), Some(h)) if rest.starts_with('/') => h.join(rest.trim_start_matches('/')),
        _ => PathBuf::from(path),
    };
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
    }
}

impl Dialog for Export {
    fn paste(&mut self, text: &str) -> bool {
        if !matches!(self.stage, Stage::Editing | Stage::Failed(_)) {
            return false;
        }
        self.path.push_str(&one_line(text));
        true
    }

    fn context(&self) -> Context {
        Context::Export
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Outcome {
        if update(ctx, self, input) {
            Outcome::Close
        } else {
            Outcome::Stay
        }
    }

    fn render(&self, ctx: &Ctx, frame: &mut Frame, _areas: &Areas) {
        let area = frame.area();
        render(ctx, self, frame, area);
    }
}

/// Handle an action; true when the dialog closes.
fn update(ctx: &mut Ctx, st: &mut Export, input: Input) -> bool {
    match (&st.stage, input) {
        (Stage::Written { .. }, Do(Action::Confirm) | Do(Action::Cancel)) => true,
        (Stage::ConfirmOverwrite(_), Do(Action::Cancel))
        | (Stage::Failed(_), Do(Action::Cancel)) => {
            st.stage = Stage::Editing;
            false
        }
        (Stage::Editing, Do(Action::Cancel)) => true,
        // The format can change at any time, also after a write (md, then html).
        (_, Do(Action::NextField)) => {
            let i = FORMATS.iter().position(|f| *f == st.format).unwrap_or(0);
            let next = FORMATS[(i + 1) % FORMATS.len()];
            let old_ext = format!(".{}", st.format.extension());
            if let Some(stem) = st.path.strip_suffix(&old_ext) {
                st.path = format!("{stem}.{}", next.extension());
            }
            st.format = next;
            st.stage = Stage::Editing;
            false
        }
        (Stage::Editing | Stage::Failed(_) | Stage::Written { .. }, Typed(key)) => {
            edit_line(&mut st.path, &key);
            st.stage = Stage::Editing;
            false
        }
        (Stage::Editing | Stage::Failed(_), Do(Action::Confirm)) => {
            if st.path.trim().is_empty() {
                st.stage = Stage::Failed("give a file name".into());
                return false;
            }
            let path = resolve(&st.path);
            if path.exists() {
                st.stage = Stage::ConfirmOverwrite(path);
                return false;
            }
            write(ctx, st, path);
            false
        }
        (Stage::ConfirmOverwrite(path), Do(Action::Confirm)) => {
            let path = path.clone();
            write(ctx, st, path);
            false
        }
        _ => false,
    }
}

fn write(ctx: &mut Ctx, st: &mut Export, path: PathBuf) {
    let Some(issue) = ctx.desk.issue(st.issue) else {
        st.stage = Stage::Failed("the issue is gone".into());
        return;
    };
    // Issue #17: the same rendering as `briefdesk export`, which says the marking it wrote.
    let out = match crate::ops::publish::render(issue, st.format, &export::Options::default()) {
        Ok(out) => out,
        Err(e) => {
            st.stage = Stage::Failed(e);
            return;
        }
    };
    let marked: String = crate::ops::publish::marking_lines(&out, None)
        .iter()
        .map(|l| format!(", {l}"))
        .collect();
    match crate::ops::publish::write(&path, &out.text) {
        Ok(()) => {
            // Recorded as Exported in the review log; warned when not approved as it reads.
            let review = ctx.record_export(st.issue, &path);
            ctx.status = Some(match review.first() {
                None => (format!("exported to {}{marked}", path.display()), Level::Info),
                Some(w) => (
                    format!("exported to {}{marked}; warning: {w}", path.display()),
                    Level::Error,
                ),
            });
            let mut warnings = review;
            warnings.extend(out.warnings);
            st.stage = Stage::Written { path, warnings };
        }
        Err(e) => {
            st.stage = Stage::Failed(format!(
                "cannot write {}: {e}; pick another file name",
                path.display()
            ));
        }
    }
}

/// The dialog's width in columns (less on a narrower terminal).
const WIDTH: u16 = 72;

fn render(ctx: &Ctx, st: &Export, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    // Tall enough for every warning, wrapped (an empty section named in full, say): the
    // analyst must read what was left out, not a cut line.
    let inner_w = usize::from(WIDTH.min(area.width).saturating_sub(2)).max(1);
    let rows = |s: &str| cells::width(s).div_ceil(inner_w).max(1);
    let stage_rows = match &st.stage {
        Stage::Editing => 0,
        Stage::ConfirmOverwrite(_) => 2,
        Stage::Written { warnings, .. } => {
            2 + warnings
                .iter()
                .map(|w| rows(&format!("warning: {w}")))
                .sum::<usize>()
        }
        Stage::Failed(e) => rows(e),
    };
    let height = u16::try_from(4 + stage_rows + 2)
        .unwrap_or(u16::MAX)
        .max(12);
    let rect = cells::centered(area, WIDTH, height);
    cells::clear_popup(frame, rect);
    let block = cells::block("Export issue", t.border(true)).title_bottom(Line::styled(
        " Tab format · Enter writes · Esc closes ",
        t.dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let mut fmt = vec![Span::raw("Format: ")];
    for f in FORMATS {
        let label = format!(" {} ", f.extension());
        if f == st.format {
            fmt.push(Span::styled(label, t.selected(true)));
        } else {
            fmt.push(Span::raw(label));
        }
        fmt.push(Span::raw(" "));
    }
    let mut lines = vec![
        Line::from(fmt),
        Line::raw(""),
        Line::from(vec![
            Span::raw("File:   "),
            Span::raw(cells::fit(&st.path, w.saturating_sub(10))),
            Span::styled("▏", t.key()),
        ]),
        Line::raw(""),
    ];
    match &st.stage {
        Stage::Editing => {}
        Stage::ConfirmOverwrite(p) => {
            lines.push(Line::styled(
                cells::fit(&format!("{} exists.", p.display()), w),
                t.error(),
            ));
            lines.push(Line::raw("Enter overwrites it, Esc goes back."));
        }
        Stage::Written { path, warnings } => {
            lines.push(Line::styled("Written:", t.ok()));
            lines.push(Line::raw(cells::fit(&path.display().to_string(), w)));
            for warn in warnings {
                lines.push(Line::styled(
                    crate::model::text::for_display(&format!("warning: {warn}")).into_owned(),
                    t.error(),
                ));
            }
        }
        Stage::Failed(e) => lines.push(Line::styled(
            crate::model::text::for_display(e).into_owned(),
            t.error(),
        )),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
