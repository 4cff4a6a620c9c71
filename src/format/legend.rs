//! The ladder legend `--ladder-legend` appends to an export, as intelligence products print
//! it: the terms of the desk's ladder with the range each stands for. The readers take our
//! own legend back off (exactly as written, for either ladder), so an export with one still
//! imports to the same issue.

use super::export::Format;
use crate::model::settings::Ladder;
use crate::model::tradecraft::ladders::{legend, title};

const TABLE: &str = "border-collapse:collapse;margin:8px 0 0 0;font-size:14px";
const CELL: &str = "border:1px solid #cccccc;padding:4px 8px;text-align:left";
const HEADING: &str = "font-size:18px;margin:28px 0 8px 0;color:#222222";

/// The legend's text in `format`, ready to append; `None` for JSON (data, not a product).
pub fn render(format: Format, ladder: Ladder) -> Option<String> {
    let steps = legend(ladder);
    let title = title(ladder);
    let mut o = String::new();
    match format {
        Format::Json => return None,
        Format::Md => {
            o.push_str(&format!(
                "\n## {title}\n\n| Term | Likelihood |\n| --- | --- |\n"
            ));
            for (term, range) in &steps {
                o.push_str(&format!("| {term} | {range} |\n"));
            }
        }
        Format::Txt => {
            o.push_str(&format!("\n\n{title}\n"));
            let lines: Vec<String> = steps.iter().map(|(t, r)| format!("  {t}: {r}")).collect();
            o.push_str(&lines.join("\n"));
        }
        Format::Html => {
            o.push_str(&format!(
                "<h3 dir=\"auto\" style=\"{HEADING}\">{title}</h3>\n<table style=\"{TABLE}\">\n\
                 <tr><th style=\"{CELL}\">Term</th><th style=\"{CELL}\">Likelihood</th></tr>\n"
            ));
            for (term, range) in &steps {
                o.push_str(&format!(
                    "<tr><td style=\"{CELL}\">{term}</td><td style=\"{CELL}\">{range}</td></tr>\n"
                ));
            }
            o.push_str("</table>\n");
        }
    }
    Some(o)
}

/// The end of the HTML page the writer makes: the legend goes just before it.
const HTML_END: &str = "</div>\n</body>\n</html>\n";

/// Append the legend to an export in `format`. False (the text unchanged) for JSON. A
/// marking that closes the export (`TLP:AMBER`: FIRST has it the last line) stays last:
/// the legend goes just before it.
pub fn append(text: &mut String, format: Format, ladder: Ladder) -> bool {
    let Some(legend) = render(format, ladder) else {
        return false;
    };
    let at = legend_at(text, format);
    text.insert_str(at, &legend);
    true
}

/// Where the legend goes: before the closing marking, else at the end (of the page's body).
fn legend_at(text: &str, format: Format) -> usize {
    let is_marking = |line: &str| line.starts_with("TLP:") && !line.contains('\n');
    match format {
        Format::Html => {
            let end = text.rfind(HTML_END).unwrap_or(text.len());
            let body = &text[..end];
            match body.rfind("<p ") {
                Some(p) if body[p..].contains(">TLP:") && body[p..].matches("<p ").count() == 1 => {
                    p
                }
                _ => end,
            }
        }
        Format::Md => {
            let t = text.strip_suffix('\n').unwrap_or(text);
            match t.rfind("\n\n") {
                Some(i) if is_marking(&t[i + 2..]) => i + 1,
                _ => text.len(),
            }
        }
        Format::Txt | Format::Json => match text.rfind("\n\n") {
            Some(i) if is_marking(&text[i + 2..]) => i,
            _ => text.len(),
        },
    }
}

/// An export's text without our legend, for the readers: the legend of either ladder, in
/// md, txt or html, exactly as [`append`] wrote it (nothing else is touched).
pub fn strip(text: String) -> String {
    for format in [Format::Html, Format::Md, Format::Txt] {
        for ladder in [Ladder::Icd203, Ladder::Phia] {
            if let Some(legend) = render(format, ladder)
                && let Some(at) = text.rfind(&legend)
            {
                let mut out = text;
                out.replace_range(at..at + legend.len(), "");
                return out;
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_gets_the_ladder_with_its_ranges_and_json_none() {
        let md = render(Format::Md, Ladder::Icd203).unwrap_or_default();
        assert!(md.contains("## Estimative language (ICD 203)"), "{md}");
        assert!(md.contains("| almost no chance / remote | 1-5% |"), "{md}");
        let txt = render(Format::Txt, Ladder::Phia).unwrap_or_default();
        assert!(
            txt.contains("Probability yardstick (PHIA)\n  remote chance: ≤5%"),
            "{txt}"
        );
        let html = render(Format::Html, Ladder::Phia).unwrap_or_default();
        assert!(html.contains(">realistic possibility</td>"), "{html}");
        assert_eq!(render(Format::Json, Ladder::Phia), None);
    }

    #[test]
    fn the_html_legend_goes_inside_the_page_and_strip_takes_it_back_off() {
        let page = "<html>\n<body>\n<div>\n<h1>T</h1>\n</div>\n</body>\n</html>\n".to_string();
        let mut with = page.clone();
        assert!(append(&mut with, Format::Html, Ladder::Icd203));
        assert!(
            with.ends_with("</table>\n</div>\n</body>\n</html>\n"),
            "{with}"
        );
        assert_eq!(strip(with), page);
        let mut md = "# T\n".to_string();
        append(&mut md, Format::Md, Ladder::Phia);
        assert_eq!(strip(md), "# T\n");
        assert_eq!(strip("no legend".into()), "no legend");
    }
}
