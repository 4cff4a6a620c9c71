//! The page `export --format html` writes (see the module above).

use super::syntax::{BODY, H1, H2, H3, LI, TAGLINE, TLP_P, TLP_SPAN, UL, WRAP, escape};
use crate::format::render::{
    AssessmentStyle, Endnotes, Exported, Options, SourceStyle, cite_name, flatten, group_of,
    kept_sections, one_line, portion_mark, source_text,
};
use crate::model::{Bullet, BulletKind, Issue, Source, Tlp};

/// Issue #17: the marking's label, right-aligned, in FIRST's colours.
fn tlp_label(t: Tlp) -> String {
    format!(
        "<p style=\"{TLP_P}\"><span style=\"{TLP_SPAN}{}\">{}</span></p>\n",
        t.colour(),
        t.label()
    )
}

/// Issue #17: a source as HTML: a link only for http, https and mailto URLs, every text
/// escaped (a URL is checked to hold no space or control, and `escape` leaves no quote
/// that could end the attribute).
fn cite(s: &Source) -> String {
    match s.link() {
        Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(&cite_name(s))),
        None => escape(&source_text(s)),
    }
}

/// Issue #17: what follows a bullet's text: its sources inline, or its endnote numbers.
fn citation<'a>(b: &'a Bullet, opts: &Options, notes: &mut Endnotes<'a>) -> String {
    if b.sources.is_empty() {
        return String::new();
    }
    match opts.sources {
        SourceStyle::Inline => {
            let cites: Vec<String> = b.sources.iter().map(cite).collect();
            format!(" ({})", cites.join("; "))
        }
        SourceStyle::Endnotes => format!(" {}", Endnotes::marker(&notes.cite(&b.sources))),
        SourceStyle::None => String::new(),
    }
}

fn text(s: &str) -> String {
    escape(&one_line(s))
}

pub(crate) fn render(issue: &Issue, opts: &Options) -> Exported {
    let (sections, warnings) = kept_sections(issue);
    let mut notes = Endnotes::default();
    let title = text(&issue.meta.title);
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str(&format!("<title>{title}</title>\n</head>\n"));
    o.push_str(&format!(
        "<body style=\"{BODY}\">\n<div style=\"{WRAP}\">\n"
    ));
    if let Some(t) = issue.meta.tlp {
        o.push_str(&tlp_label(t));
    }
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
            let mark = portion_mark(b).map_or(String::new(), |m| format!("{m} "));
            let cited = citation(b, opts, &mut notes);
            o.push_str(&format!(
                "<li dir=\"auto\" style=\"{LI}\">{mark}{content}{cited}"
            ));
        }
        close_lists(&mut o, &mut open, 0);
        o.push('\n');
    }
    // Issue #17: the endnotes, and the marking again at the bottom.
    if !notes.list.is_empty() {
        o.push_str(&format!("<h2 dir=\"auto\" style=\"{H2}\">Sources</h2>\n"));
        o.push_str(&format!("<ol style=\"{UL}\">\n"));
        for s in &notes.list {
            o.push_str(&format!(
                "  <li dir=\"auto\" style=\"{LI}\">{}</li>\n",
                cite(s)
            ));
        }
        o.push_str("</ol>\n");
    }
    if let Some(t) = issue.meta.tlp {
        o.push_str(&tlp_label(t));
    }
    o.push_str("</div>\n</body>\n</html>\n");
    Exported {
        text: o,
        warnings,
        ..Exported::default()
    }
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
