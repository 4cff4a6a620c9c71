//! The export dialog: format, file name, overwrite check, atomic write.

use crate::model::text::one_line;
use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::dialog::{Dialog, Outcome};
use crate::tui::events::edit_line;
use crate::format::export::{self, AssessmentStyle, Format};
use crate::ops::publish;
use crate::model::{Issue, IssueId};
use crate::tui::action::Action;
use crate::tui::cells;
use crate::tui::ctx::Ctx;
use crate::tui::ctx::Level;
use crate::tui::events::Input::{self, Action as Do, Typed};
use crate::tui::keymap::Context;
use crate::tui::layout::Areas;

const FORMATS: [Format; 4] = [Format::Md, Format::Txt, Format::Html, Format::Json];

/// The assessment styles `Ctrl-a` steps through (as `export --assessments`).
const STYLES: [AssessmentStyle; 3] = [
    AssessmentStyle::Label,
    AssessmentStyle::Italic,
    AssessmentStyle::Plain,
];

fn style_name(s: AssessmentStyle) -> &'static str {
    match s {
        AssessmentStyle::Label => "label",
        AssessmentStyle::Italic => "italic",
        AssessmentStyle::Plain => "plain",
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    Editing,
    /// The file exists: Enter again overwrites.
    ConfirmOverwrite(PathBuf),
    Written {
        path: PathBuf,
        warnings: Vec<String>,
    },
    /// "All formats": the four files written.
    WroteAll {
        files: Vec<PathBuf>,
        warnings: Vec<String>,
    },
    Failed(String),
}

pub struct Export {
    pub issue: IssueId,
    pub format: Format,
    /// "All formats": md, txt, html and json at once, named from the path's stem (`format`
    /// is then the one Tab goes on from).
    pub all: bool,
    /// How md and html mark assessments (`Ctrl-a` steps through them).
    pub style: AssessmentStyle,
    pub path: String,
    pub stage: Stage,
    /// Tradecraft: append the desk's ladder with its ranges (`--ladder-legend`).
    pub legend: bool,
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
            all: false,
            style: AssessmentStyle::Label,
            path: format!("{stem}.md"),
            stage: Stage::Editing,
            legend: false,
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
        (Stage::Written { .. } | Stage::WroteAll { .. }, Do(Action::Confirm) | Do(Action::Cancel)) => {
            true
        }
        (Stage::ConfirmOverwrite(_), Do(Action::Cancel))
        | (Stage::Failed(_), Do(Action::Cancel)) => {
            st.stage = Stage::Editing;
            false
        }
        (Stage::Editing, Do(Action::Cancel)) => true,
        (_, Do(Action::LadderLegend)) => {
            st.legend = !st.legend;
            st.stage = Stage::Editing;
            false
        }
        // The format can change at any time, also after a write (md, then html).
        // md, txt, html, json, then all formats (the path shown as its stem), then md.
        (_, Do(Action::NextField)) => {
            next_format(st);
            st.stage = Stage::Editing;
            false
        }
        (_, Do(Action::AssessmentStyle)) => {
            let i = STYLES.iter().position(|s| *s == st.style).unwrap_or(0);
            st.style = STYLES[(i + 1) % STYLES.len()];
            st.stage = Stage::Editing;
            false
        }
        (
            Stage::Editing | Stage::Failed(_) | Stage::Written { .. } | Stage::WroteAll { .. },
            Typed(key),
        ) => {
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
            let existing = if st.all {
                publish::all_paths(&path)
                    .into_iter()
                    .map(|(_, p)| p)
                    .find(|p| p.exists())
            } else {
                path.exists().then(|| path.clone())
            };
            if let Some(there) = existing {
                st.stage = Stage::ConfirmOverwrite(there);
                return false;
            }
            write(ctx, st, path);
            false
        }
        (Stage::ConfirmOverwrite(_), Do(Action::Confirm)) => {
            let path = resolve(&st.path);
            write(ctx, st, path);
            false
        }
        _ => false,
    }
}

/// Tab: the next format, the file name's ending following it.
fn next_format(st: &mut Export) {
    let ext = |f: Format| format!(".{}", f.extension());
    if st.all {
        st.all = false;
        st.format = FORMATS[0];
        st.path.push_str(&ext(st.format));
        return;
    }
    let i = FORMATS.iter().position(|f| *f == st.format).unwrap_or(0);
    let stem = st.path.strip_suffix(&ext(st.format)).map(str::to_string);
    if i + 1 == FORMATS.len() {
        // All formats: the files are named from the stem.
        st.all = true;
        if let Some(stem) = stem {
            st.path = stem;
        }
        return;
    }
    st.format = FORMATS[i + 1];
    if let Some(stem) = stem {
        st.path = format!("{stem}{}", ext(st.format));
    }
}

fn write(ctx: &mut Ctx, st: &mut Export, path: PathBuf) {
    let Some(issue) = ctx.desk.issue(st.issue) else {
        st.stage = Stage::Failed("the issue is gone".into());
        return;
    };
    let opts = export::Options {
        assessments: st.style,
        ..export::Options::default()
    };
    let legend = st.legend.then_some(ctx.findings.ladder);
    // Tradecraft, as `briefdesk export` warns (`ops::publish`).
    let findings = crate::ops::publish::findings_warning(issue, ctx.findings.ladder);
    if st.all {
        write_all(ctx, st, &path, opts, legend, findings);
        return;
    }
    // Issue #17: the same rendering as `briefdesk export`, which says the marking it wrote.
    let mut out = match crate::ops::publish::render(issue, st.format, &opts) {
        Ok(out) => out,
        Err(e) => {
            st.stage = Stage::Failed(e);
            return;
        }
    };
    if let Some(l) = legend
        && !crate::format::legend::append(&mut out.text, st.format, l)
    {
        out.warnings.push("json has no ladder legend: left out".into());
    }
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
            warnings.extend(findings);
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

/// All formats at once (`ops::publish::write_all`, as `export --format all`): each file
/// written is recorded; one line on the status line says what was written, or the first
/// failure and what came before it.
fn write_all(
    ctx: &mut Ctx,
    st: &mut Export,
    path: &std::path::Path,
    opts: export::Options,
    legend: Option<crate::model::settings::Ladder>,
    findings: Option<String>,
) {
    let Some(issue) = ctx.desk.issue(st.issue) else {
        return;
    };
    let done = match publish::write_all(issue, &opts, path, legend) {
        Ok(done) => done,
        Err(e) => {
            st.stage = Stage::Failed(e);
            return;
        }
    };
    let mut warnings: Vec<String> = Vec::new();
    for file in &done.files {
        for w in ctx.record_export(st.issue, file) {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
    }
    let mut line = done.summary();
    for m in &done.marking {
        line.push_str(&format!(", {m}"));
    }
    warnings.extend(done.warnings.iter().cloned());
    warnings.extend(findings);
    if done.failed.is_some() {
        ctx.status = Some((line.clone(), Level::Error));
        st.stage = Stage::Failed(line);
        return;
    }
    ctx.status = Some(match warnings.first() {
        None => (line, Level::Info),
        Some(w) => (format!("{line}; warning: {w}"), Level::Error),
    });
    st.stage = Stage::WroteAll {
        files: done.files,
        warnings,
    };
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
        Stage::WroteAll { files, warnings } => {
            1 + files.len()
                + warnings
                    .iter()
                    .map(|w| rows(&format!("warning: {w}")))
                    .sum::<usize>()
        }
        Stage::Failed(e) => rows(e),
    };
    let height = u16::try_from(6 + stage_rows + 2)
        .unwrap_or(u16::MAX)
        .max(12);
    let rect = cells::centered(area, WIDTH, height);
    cells::clear_popup(frame, rect);
    let block = cells::block("Export issue", t.border(true)).title_bottom(Line::styled(
        " Tab format · Ctrl-a assessments · Enter writes · Esc closes ",
        t.dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let mut fmt = vec![Span::raw("Format: ")];
    let picked = |on: bool| if on { t.selected(true) } else { t.plain() };
    for f in FORMATS {
        let label = format!(" {} ", f.extension());
        fmt.push(Span::styled(label, picked(f == st.format && !st.all)));
        fmt.push(Span::raw(" "));
    }
    fmt.push(Span::styled(" all ", picked(st.all)));
    let mut style = vec![Span::raw("Assessments: ")];
    for a in STYLES {
        style.push(Span::styled(format!(" {} ", style_name(a)), picked(a == st.style)));
        style.push(Span::raw(" "));
    }
    // Shown only when on, so the dialog reads as before for everyone else.
    let legend = if st.legend {
        Line::styled(
            format!("Legend: the {} ladder is appended", ctx.findings.ladder.name()),
            t.dim(),
        )
    } else {
        Line::raw("")
    };
    let mut lines = vec![
        Line::from(fmt),
        Line::from(style),
        legend,
        Line::from(vec![
            Span::raw("File:   "),
            Span::raw(cells::fit(&st.path, w.saturating_sub(10))),
            Span::styled("▏", t.key()),
        ]),
    ];
    // What "all" writes, named from the stem, before it writes it.
    lines.push(if st.all {
        let stem = st.path.trim();
        let line = format!("writes {stem}.md, .txt, .html and .json");
        Line::styled(cells::fit(&line, w), t.dim())
    } else {
        Line::raw("")
    });
    lines.push(Line::raw(""));
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
        Stage::WroteAll { files, warnings } => {
            lines.push(Line::styled("Written:", t.ok()));
            for f in files {
                lines.push(Line::raw(cells::fit(&f.display().to_string(), w)));
            }
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
