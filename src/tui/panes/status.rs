//! Title bar, status bar (issue, save state, message, key hints) and the too-small notice.
//!
//! The bars sum up the whole state, so they read the [`Ctx`] (never the open dialog: the
//! key context comes in as an argument).

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::cells;
use crate::tui::ctx::{Ctx, Focus, Level, SaveState};
use crate::tui::keymap::Context;
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH};

pub fn title_bar(ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let w = usize::from(area.width);
    let mut spans = vec![Span::styled(" briefdesk ", t.title_bar())];
    if ctx.review.mode {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(" REVIEW (read-only) ", t.read_only()));
        let who = cells::fit(&format!(" as {}", ctx.review.user), 24);
        spans.push(Span::styled(who, t.title_bar()));
    } else if ctx.read_only {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            " READ-ONLY: review, edits off, nothing is saved ",
            t.read_only(),
        ));
    }
    let n = ctx.desk.issues.len();
    let drafts = if ctx.loading {
        "…".to_string()
    } else {
        ctx.desk.items.len().to_string()
    };
    let right = format!(
        "{} drafts · {} issue{} ",
        drafts,
        n,
        crate::model::text::plural(n)
    );
    let used: usize = spans.iter().map(Span::width).sum();
    let gap = w.saturating_sub(used + right.len());
    spans.push(Span::styled(" ".repeat(gap), t.title_bar()));
    spans.push(Span::styled(right, t.title_bar()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn context_for_hints(ctx: &Ctx, context: Context) -> Context {
    match context {
        Context::Global => match ctx.focus {
            Focus::Drafts => Context::Drafts,
            Focus::Issue => Context::Issue,
            Focus::Preview => Context::Preview,
        },
        c => c,
    }
}

/// Key hints from the table: the context's own keys first, then a few global ones.
/// `context`: where keys are read now.
pub fn hints(ctx: &Ctx, context: Context, width: usize) -> Line<'static> {
    let t = &ctx.theme;
    let shown = context_for_hints(ctx, context);
    let mut entries: Vec<(String, String)> = ctx
        .keymap
        .entries(shown)
        .into_iter()
        .map(|(a, k)| (k, a.name().replace('_', " ")))
        .collect();
    if shown.is_pane() {
        use crate::tui::action::Action as A;
        // A reviewer sees the keys that work for them: the review ones, no edit keys.
        let extra: &[A] = if ctx.review.mode {
            entries.retain(|(_, name)| {
                A::from_name(&name.replace(' ', "_")).is_none_or(|a| !a.is_edit())
            });
            &[
                A::Comments,
                A::Approve,
                A::RequestChanges,
                A::Changes,
                A::Filter,
                A::Help,
                A::Quit,
            ]
        } else {
            &[A::Filter, A::Undo, A::Palette, A::Help, A::Quit]
        };
        for a in extra {
            let k = ctx.keymap.keys_for(Context::Global, a);
            if !k.is_empty() {
                entries.push((k, a.name().replace('_', " ")));
            }
        }
    }
    let entries: Vec<(String, String, bool)> = entries
        .into_iter()
        .map(|(k, name)| {
            let k = k.split(", ").next().unwrap_or("").to_string();
            let kept = A_NEWCOMER
                .iter()
                .any(|a| a.name().replace('_', " ") == name);
            (k, name, kept)
        })
        .collect();
    let wdt = |k: &str, name: &str| cells::width(k) + 1 + cells::width(name) + 2;
    // The hints a newcomer needs most (palette, help, quit) keep their room; the others
    // fill what is left, in the table's order, and are the first to go.
    let mut used = 1 + entries
        .iter()
        .filter(|e| e.2)
        .map(|(k, name, _)| wdt(k, name))
        .sum::<usize>();
    let mut shown = vec![false; entries.len()];
    let mut full = false;
    for (i, (k, name, kept)) in entries.iter().enumerate() {
        if *kept {
            shown[i] = used <= width;
            continue;
        }
        // Once one does not fit, the rest go too (the order is the table's).
        full = full || used + wdt(k, name) > width;
        if !full {
            used += wdt(k, name);
            shown[i] = true;
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for ((k, name, _), _) in entries.into_iter().zip(shown).filter(|(_, s)| *s) {
        spans.push(Span::styled(k, t.key()));
        spans.push(Span::styled(format!(" {name}  "), t.dim()));
    }
    Line::from(spans)
}

/// The hints kept at any width, while they fit: what a newcomer needs to find the rest.
const A_NEWCOMER: [crate::tui::action::Action; 3] = [
    crate::tui::action::Action::Palette,
    crate::tui::action::Action::Help,
    crate::tui::action::Action::Quit,
];

/// `loading older drafts: 412,000 read, 6,440 of 15,625 files`.
pub fn loading_line(p: &crate::store::Progress) -> String {
    let (drafts, files, of) = p.now();
    format!(
        "loading older drafts: {} read, {} of {} files",
        thousands(drafts),
        thousands(files),
        thousands(of)
    )
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `context`: where keys are read now (the hints are its keys).
pub fn status_bar(ctx: &Ctx, context: Context, frame: &mut Frame, area: Rect) {
    let t = &ctx.theme;
    let w = usize::from(area.width);
    let issue = ctx
        .issue_heading()
        .unwrap_or_else(|| "no issue".to_string());
    let (save, save_style) = match &ctx.save_state {
        SaveState::Clean => ("no changes".to_string(), t.dim()),
        SaveState::Saved(r) if r.files == 0 => ("saved".to_string(), t.ok()),
        SaveState::Saved(r) => (
            format!(
                "saved ({} file{})",
                r.files,
                crate::model::text::plural(r.files)
            ),
            t.ok(),
        ),
        SaveState::Failed(_) => ("NOT SAVED".to_string(), t.error()),
        SaveState::ReadOnly => ("read-only".to_string(), t.read_only()),
    };
    // Issue #19: while the older drafts load, where they are (in place of "no changes":
    // nothing can be saved before they are in).
    let (save, save_style) = match ctx.waits.progress.as_deref().filter(|_| ctx.loading) {
        Some(p) => (loading_line(p), t.dim()),
        None => (save, save_style),
    };
    // The issue's place in the workflow, always shown (both modes), with open comments.
    let workflow = match ctx.current_issue() {
        Some(issue) => {
            let r = &ctx.review.current;
            // Issue #17: the issue's marking, before its status.
            let tlp = issue
                .meta
                .tlp
                .map(|t| format!("{t} · "))
                .unwrap_or_default();
            match r.open_count() {
                0 => format!("{tlp}{} · ", r.status_label(issue)),
                n => format!("{tlp}{} · {n} open · ", r.status_label(issue)),
            }
        }
        None => String::new(),
    };
    let right = cells::width(&workflow) + save.len();
    // A message has the room first (who holds the desk, why an edit was refused): the
    // issue title, shown in the Issue pane's border too, gives way down to nothing.
    let room = w.saturating_sub(right + 5);
    // With no message, the tradecraft finding under the Issue pane's cursor explains itself.
    let here = ctx
        .status
        .is_none()
        .then(|| ctx.finding_here())
        .flatten()
        .filter(|_| ctx.focus == crate::tui::Focus::Issue);
    let msg_want = ctx
        .status
        .as_ref()
        .map(|(m, _)| m)
        .or(here.as_ref())
        .map_or(0, |m| cells::width(m));
    let issue_w = room.saturating_sub(msg_want + 3).min(w / 2);
    let issue = if issue_w < 12 {
        String::new()
    } else {
        cells::fit(&issue, issue_w)
    };
    let sep = if issue.is_empty() { "" } else { " │ " };
    let msg_w = room.saturating_sub(cells::width(&issue) + cells::width(sep));
    let (msg, msg_style) = match &ctx.status {
        Some((m, Level::Error)) => (cells::fit(m, msg_w), t.error()),
        Some((m, Level::Info)) => (cells::fit(m, msg_w), t.plain()),
        None => match &here {
            Some(m) => (cells::fit(m, msg_w), t.error()),
            None => (String::new(), t.plain()),
        },
    };
    let used = 1 + cells::width(&issue) + cells::width(sep) + cells::width(&msg);
    let gap = w.saturating_sub(used + right + 1);
    let line1 = Line::from(vec![
        Span::raw(" "),
        Span::styled(issue, t.section()),
        Span::raw(sep),
        Span::styled(msg, msg_style),
        Span::raw(" ".repeat(gap)),
        Span::styled(workflow, t.key()),
        Span::styled(save, save_style),
        Span::raw(" "),
    ]);
    frame.render_widget(Paragraph::new(vec![line1, hints(ctx, context, w)]), area);
}

pub fn too_small(ctx: &Ctx, frame: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = vec![
        Line::styled(
            format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})"),
            ctx.theme.error(),
        ),
        Line::raw(format!(
            "now {}x{}: enlarge it, or q quits",
            area.width, area.height
        )),
    ];
    let h = 2.min(area.height);
    let y = area.y + (area.height - h) / 2;
    let rect = Rect {
        x: area.x,
        y,
        width: area.width,
        height: area.height - (y - area.y),
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}
