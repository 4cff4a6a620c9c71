//! The page `export --format html` writes (see the module above).

use super::syntax::{BODY, H1, H2, H3, LI, TAGLINE, UL, WRAP, escape};
use crate::format::render::{
    AssessmentStyle, Exported, Options, flatten, group_of, kept_sections, one_line,
};
use crate::model::{BulletKind, Issue};

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
