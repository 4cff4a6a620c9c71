//! `--format html`: one self-contained page, fit to paste into a mail: no external CSS,
//! scripts or fonts, inline styles only, `<meta charset="utf-8">`.
//!
//! `<h1>` title, tagline paragraph, `<h2>` group heading, `<h3>` sections (`<h2>` when there
//! is no group heading, as in md), nested `<ul>`/`<li>` bullets. Assessments are marked
//! `<strong>Assessment:</strong>` (label) or set in `<em>` (italic). Every text is escaped
//! (`& < > " '`) and carries `dir="auto"`, so Hebrew and Persian lines read right to left.
//! The page holds no control characters other than its line breaks.
//!
//! [`read`] takes such a page back to the same issue (as Markdown does); it shares the
//! styles below, which mark a page as the desk's own, and refuses any other HTML.

mod read;

pub use read::{looks_like, parse};

use crate::format::render::{
    AssessmentStyle, Exported, Options, flatten, group_of, kept_sections, one_line,
};
use crate::model::{BulletKind, Issue};

pub(super) const BODY: &str = "margin:0;padding:24px;background:#ffffff;color:#1a1a1a;\
font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5";
pub(super) const WRAP: &str = "max-width:720px;margin:0 auto";
pub(super) const H1: &str = "font-size:26px;line-height:1.25;margin:0 0 8px 0;color:#111111";
pub(super) const TAGLINE: &str = "font-size:15px;color:#555555;margin:0 0 24px 0";
pub(super) const H2: &str = "font-size:21px;margin:28px 0 8px 0;color:#111111;\
border-bottom:1px solid #dddddd;padding-bottom:4px";
pub(super) const H3: &str = "font-size:18px;margin:24px 0 8px 0;color:#222222";
pub(super) const UL: &str = "margin:0 0 8px 0;padding-left:24px";
pub(super) const LI: &str = "margin:0 0 6px 0";

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn text(s: &str) -> String {
    escape(&one_line(s))
}

pub(crate) fn render(issue: &Issue, opts: &Options) -> Exported {
    let (sections, warnings) = kept_sections(issue);
    let title = text(&issue.meta.title);
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str(&format!("<title>{title}</title>\n</head>\n"));
    o.push_str(&format!(
        "<body style=\"{BODY}\">\n<div style=\"{WRAP}\">\n"
    ));
    o.push_str(&format!("<h1 dir=\"auto\" style=\"{H1}\">{title}</h1>\n"));
    let tagline = text(&issue.meta.tagline);
    if !tagline.is_empty() {
        o.push_str(&format!(
            "<p dir=\"auto\" style=\"{TAGLINE}\">{tagline}</p>\n"
        ));
    }
    let (tag, style) = match group_of(issue) {
        Some(g) => {
            o.push_str(&format!(
                "<h2 dir=\"auto\" style=\"{H2}\">{}</h2>\n",
                escape(&g)
            ));
            ("h3", H3)
        }
        None => ("h2", H2),
    };
    for s in sections {
        o.push_str(&format!(
            "<{tag} dir=\"auto\" style=\"{style}\">{}</{tag}>\n",
            text(&s.name)
        ));
        // `open` = how many <ul> are open; a <li> is left open until its next sibling or
        // the end of its list, so sub-lists nest inside it.
        let mut open = 0usize;
        for (depth, b) in flatten(&s.bullets) {
            let level = depth + 1;
            if level > open {
                if open > 0 {
                    o.push('\n');
                }
                o.push_str(&"  ".repeat(2 * open));
                o.push_str(&format!("<ul style=\"{UL}\">"));
                open += 1;
            } else {
                close_lists(&mut o, &mut open, level);
                o.push_str("</li>");
            }
            o.push('\n');
            o.push_str(&"  ".repeat(2 * open - 1));
            let t = text(&b.text);
            let content = match (b.kind, opts.assessments) {
                (BulletKind::Assessment, AssessmentStyle::Label) if t.is_empty() => {
                    "<strong>Assessment:</strong>".to_string()
                }
                (BulletKind::Assessment, AssessmentStyle::Label) => {
                    format!("<strong>Assessment:</strong> {t}")
                }
                (BulletKind::Assessment, AssessmentStyle::Italic) => format!("<em>{t}</em>"),
                _ => t,
            };
            o.push_str(&format!("<li dir=\"auto\" style=\"{LI}\">{content}"));
        }
        close_lists(&mut o, &mut open, 0);
        o.push('\n');
    }
    o.push_str("</div>\n</body>\n</html>\n");
    Exported { text: o, warnings }
}

/// Close open `<li>`/`<ul>` pairs until `level` lists are left open.
fn close_lists(o: &mut String, open: &mut usize, level: usize) {
    while *open > level {
        o.push_str("</li>\n");
        o.push_str(&"  ".repeat(2 * (*open - 1)));
        o.push_str("</ul>");
        *open -= 1;
    }
}
