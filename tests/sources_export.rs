//! Issue #17: sources cited and TLP markings written by every export: inline and endnotes
//! in md, txt and html; the marking first and last; a bullet's own as a portion mark; the
//! `--max-tlp` ceiling; and no source text can open a tag or an attribute in html.

use briefdesk::format::export::{self, Exported, Format, Options, SourceStyle};
use briefdesk::format::markdown;
use briefdesk::model::{
    Bullet, BulletId, BulletKind, Issue, IssueId, IssueMeta, Section, SectionId, Source, Tlp,
};
use proptest::prelude::*;

fn src(outlet: &str, url: &str) -> Source {
    Source {
        outlet: (!outlet.is_empty()).then(|| outlet.to_string()),
        url: (!url.is_empty()).then(|| url.to_string()),
        published: None,
        entry: None,
    }
}

fn reuters() -> Source {
    src("Reuters", "https://www.reuters.com/world/a")
}

/// An AMBER issue: a RED bullet with a sub-point, a bullet citing Reuters and an ftp
/// source, an assessment citing Reuters again.
fn marked_issue() -> Issue {
    let mut i = Issue::new(
        IssueId(1),
        IssueMeta {
            title: "Weekly Security Digest – March 4, 2025".into(),
            tlp: Some(Tlp::Green),
            ..IssueMeta::default()
        },
    );
    let mut s = Section::new(SectionId(1), "Europe");
    let mut cut = Bullet::new(BulletId(1), "Three cables were cut.");
    cut.sources = vec![reuters(), src("Archive", "ftp://files.example/x")];
    let mut red = Bullet::new(BulletId(2), "A source inside the ministry says more.");
    red.tlp = Some(Tlp::Red);
    red.sub_points
        .push(Bullet::new(BulletId(3), "Details from the source."));
    let mut amber = Bullet::new(BulletId(4), "Repairs will likely take months.");
    amber.kind = BulletKind::Assessment;
    amber.tlp = Some(Tlp::Amber);
    amber.sources = vec![reuters()];
    s.bullets = vec![cut, red, amber];
    i.sections.push(s);
    i
}

fn ex(issue: &Issue, format: Format, sources: SourceStyle, max: Option<Tlp>) -> Exported {
    export::export(
        issue,
        format,
        &Options {
            sources,
            max_tlp: max,
            ..Options::default()
        },
    )
}

#[test]
fn md_cites_inline_marks_portions_and_carries_the_strictest_marking_first_and_last() {
    let out = ex(&marked_issue(), Format::Md, SourceStyle::Inline, None);
    assert_eq!(
        out.text,
        "TLP:RED

# Weekly Security Digest – March 4, 2025

## Europe

- Three cables were cut. ([Reuters](https://www.reuters.com/world/a); Archive, ftp\\://files.example/x)
- (TLP:RED) A source inside the ministry says more.
  - Details from the source.
- (TLP:AMBER) **Assessment:** Repairs will likely take months. ([Reuters](https://www.reuters.com/world/a))

TLP:RED
"
    );
    assert_eq!(out.tlp, Some(Tlp::Red));
}

#[test]
fn md_and_txt_and_html_number_endnotes_once_per_source() {
    let i = marked_issue();
    let md = ex(&i, Format::Md, SourceStyle::Endnotes, None).text;
    assert!(md.contains("- Three cables were cut. [1, 2]\n"), "{md}");
    assert!(
        md.contains("Repairs will likely take months. [1]\n"),
        "{md}"
    );
    assert!(
        md.ends_with(
            "## Sources\n\n1. [Reuters](https://www.reuters.com/world/a)\n2. Archive, ftp\\://files.example/x\n\nTLP:RED\n"
        ),
        "{md}"
    );
    let txt = ex(&i, Format::Txt, SourceStyle::Endnotes, None).text;
    assert!(txt.contains("  • Three cables were cut. [1, 2]\n"), "{txt}");
    assert!(
        txt.ends_with(
            "Sources\n\n  1. Reuters, https://www.reuters.com/world/a\n  2. Archive, ftp://files.example/x\n\nTLP:RED"
        ),
        "{txt}"
    );
    let html = ex(&i, Format::Html, SourceStyle::Endnotes, None).text;
    assert!(html.contains("Three cables were cut. [1, 2]"), "{html}");
    assert!(
        html.contains(">Sources</h2>\n<ol")
            && html.contains("><a href=\"https://www.reuters.com/world/a\">Reuters</a></li>")
            && html.contains(">Archive, ftp://files.example/x</li>"),
        "{html}"
    );
    for text in [&md, &txt, &html] {
        let none = ex(&i, Format::Md, SourceStyle::None, None).text;
        assert!(!none.contains("Reuters") && text.contains("Reuters"));
    }
}

#[test]
fn txt_cites_outlets_inline_with_the_marking_first_and_last() {
    let txt = ex(&marked_issue(), Format::Txt, SourceStyle::Inline, None).text;
    assert_eq!(
        txt,
        "TLP:RED

Weekly Security Digest – March 4, 2025

Europe

  • Three cables were cut. (Reuters; Archive)
  • (TLP:RED) A source inside the ministry says more.
    • Details from the source.
  • (TLP:AMBER) Repairs will likely take months. (Reuters)

TLP:RED"
    );
}

#[test]
fn html_links_only_http_https_and_mailto_and_labels_the_marking_top_and_bottom() {
    let html = ex(&marked_issue(), Format::Html, SourceStyle::Inline, None).text;
    assert!(
        html.contains(
            "Three cables were cut. (<a href=\"https://www.reuters.com/world/a\">Reuters</a>; Archive, ftp://files.example/x)"
        ),
        "{html}"
    );
    let label = "<p style=\"text-align:right;margin:0 0 12px 0\"><span style=\"background:#000000;padding:2px 8px;font-family:Arial,Helvetica,sans-serif;font-size:13px;font-weight:bold;letter-spacing:1px;color:#FF2B2B\">TLP:RED</span></p>";
    assert_eq!(html.matches(label).count(), 2, "{html}");
    let top = html.find(label).unwrap();
    assert!(
        top < html.find("<h1").unwrap()
            && html.rfind(label).unwrap() > html.rfind("</ul>").unwrap()
    );
    assert!(
        html.contains(">(TLP:AMBER) <strong>Assessment:</strong> Repairs"),
        "{html}"
    );
    for (t, colour) in [
        (Tlp::Amber, "#FFC000"),
        (Tlp::AmberStrict, "#FFC000"),
        (Tlp::Green, "#33FF00"),
        (Tlp::Clear, "#FFFFFF"),
    ] {
        let mut i = Issue::new(
            IssueId(1),
            IssueMeta {
                title: "T".into(),
                tlp: Some(t),
                ..IssueMeta::default()
            },
        );
        i.sections.push(Section::new(SectionId(1), "S"));
        i.sections[0].bullets.push(Bullet::new(BulletId(1), "x"));
        let h = ex(&i, Format::Html, SourceStyle::Inline, None).text;
        assert!(
            h.contains(&format!("color:{colour}\">{}</span>", t.label())),
            "{h}"
        );
    }
}

#[test]
fn json_keeps_every_source_field_and_the_marking() {
    let mut i = marked_issue();
    i.sections[0].bullets[0].sources[0].published =
        chrono::DateTime::parse_from_rfc3339("2025-03-03T08:15:00+01:00").ok();
    let json = ex(&i, Format::Json, SourceStyle::None, None).text;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let issue = &v;
    assert_eq!(issue["tlp"], "TLP:RED");
    let first = &issue["sections"][0]["bullets"][0];
    assert_eq!(first["sources"][0]["outlet"], "Reuters");
    assert_eq!(
        first["sources"][0]["url"],
        "https://www.reuters.com/world/a"
    );
    assert_eq!(
        first["sources"][0]["published"],
        "2025-03-03T08:15:00+01:00"
    );
    assert_eq!(issue["sections"][0]["bullets"][1]["tlp"], "TLP:RED");
}

#[test]
fn max_tlp_leaves_out_exactly_the_stricter_bullets_with_their_sub_points() {
    let i = marked_issue();
    for format in [Format::Md, Format::Txt, Format::Html, Format::Json] {
        let out = ex(&i, format, SourceStyle::Inline, Some(Tlp::Green));
        assert_eq!(
            (out.left_out, out.left_out_with_sub_points),
            (2, 3),
            "{format:?}"
        );
        assert_eq!(
            out.tlp,
            Some(Tlp::Green),
            "{format:?}: the issue's own marking"
        );
        assert!(out.text.contains("Three cables were cut."), "{format:?}");
        for gone in ["ministry", "Details from the source", "Repairs"] {
            assert!(!out.text.contains(gone), "{format:?}: {gone}\n{}", out.text);
        }
    }
    // AMBER keeps the AMBER bullet, so the export is AMBER: stricter than the issue.
    let out = ex(&i, Format::Md, SourceStyle::Inline, Some(Tlp::Amber));
    assert_eq!((out.left_out, out.tlp), (1, Some(Tlp::Amber)));
    assert!(out.text.starts_with("TLP:AMBER\n") && out.text.ends_with("\nTLP:AMBER\n"));
}

/// Tags and attributes briefdesk's html writes; a source may add nothing else.
fn tags_are_ours(html: &str) -> Result<(), String> {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i..];
        let end = after.find('>').ok_or("a < never closed")?;
        let tag = &after[..=end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!')
            .collect();
        let known = [
            "!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title", "body",
            "/body", "div", "/div", "h1", "/h1", "h2", "/h2", "h3", "/h3", "p", "/p", "ul", "/ul",
            "ol", "/ol", "li", "/li", "strong", "/strong", "em", "/em", "span", "/span", "a", "/a",
        ];
        if !known.contains(&name.as_str()) {
            return Err(format!("a tag not ours: {tag}"));
        }
        if name == "a" {
            let href = tag
                .strip_prefix("<a href=\"")
                .and_then(|t| t.strip_suffix("\">"))
                .ok_or(format!("an <a> with more than its href: {tag}"))?;
            if href.contains(['"', '<', '>', '\'', ' ']) {
                return Err(format!("an href that leaves its quotes: {tag}"));
            }
            let lower = href.to_ascii_lowercase();
            if !(lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("mailto:"))
            {
                return Err(format!("a link that is not http, https or mailto: {tag}"));
            }
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("<script>".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("\" onmouseover=\"x".to_string()),
            Just("javascript:".to_string()),
            Just("https://".to_string()),
            Just("mailto:".to_string()),
            Just("](".to_string()),
            Just(")".to_string()),
            Just("[".to_string()),
            Just("&".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("\\".to_string()),
            Just(" ".to_string()),
            Just("\u{1b}[2J".to_string()),
            "[a-z.]{1,4}".prop_map(|s| s),
        ],
        0..8,
    );
    pieces.prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever a source says (even a URL that was never checked), html gains no tag or
    /// attribute from it, and every link is http, https or mailto.
    #[test]
    fn no_source_text_can_inject_markup_into_html(outlet in hostile(), url in hostile()) {
        let mut i = marked_issue();
        i.sections[0].bullets[0].sources = vec![src(&outlet, &url)];
        for style in [SourceStyle::Inline, SourceStyle::Endnotes] {
            let html = ex(&i, Format::Html, style, None).text;
            prop_assert!(tags_are_ours(&html).is_ok(), "{:?}\n{}", tags_are_ours(&html), html);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever a source and the bullet say, md reads back to the same text and the same
    /// sources: nothing from a source became Markdown structure. A source that may not be
    /// a link is inert text after the bullet's own.
    #[test]
    fn no_source_text_can_inject_markup_into_md(
        text in hostile(),
        outlet in hostile(),
        path in hostile(),
        linkable in any::<bool>(),
    ) {
        let path: String = path.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
        let url = if linkable { format!("https://example.org/{path}") } else { format!("ftp://example.org/{path}") };
        let mut i = Issue::new(IssueId(1), IssueMeta { title: "T".into(), ..IssueMeta::default() });
        let mut s = Section::new(SectionId(1), "S");
        let mut b = Bullet::new(BulletId(1), text.clone());
        b.sources = vec![src(&outlet, &url)];
        s.bullets.push(b);
        i.sections.push(s);
        let md = ex(&i, Format::Md, SourceStyle::Inline, None).text;
        let back = markdown::parse(&md);
        prop_assert!(back.is_ok(), "{:?}\n{}", back.err(), md);
        let back = back.unwrap();
        prop_assert_eq!(back.sections.len(), 1, "{}", md);
        prop_assert_eq!(back.sections[0].bullets.len(), 1, "{}", md);
        let got = &back.sections[0].bullets[0];
        let clean = export::one_line(&text);
        let o = export::one_line(&outlet);
        if linkable {
            let expected = Source {
                outlet: (!o.is_empty() && o != url).then(|| o.clone()),
                url: Some(url.clone()),
                published: None,
                entry: None,
            };
            prop_assert_eq!(&got.text, &clean, "{}", md);
            prop_assert_eq!(&got.sources, &vec![expected], "{}", md);
        } else {
            let cited = if o.is_empty() { url.clone() } else { format!("{o}, {url}") };
            let whole = if clean.is_empty() { format!("({cited})") } else { format!("{clean} ({cited})") };
            prop_assert_eq!(&got.text, &whole, "{}", md);
            prop_assert!(got.sources.is_empty());
        }
    }
}

#[test]
fn html_reads_back_its_markings_and_links_and_refuses_a_script_link() {
    use briefdesk::format::html;
    let mut i = marked_issue();
    i.sections[0].bullets[0].sources = vec![reuters()];
    let page = ex(&i, Format::Html, SourceStyle::Inline, None).text;
    let back = html::parse(&page).unwrap();
    assert_eq!(back.meta.tlp, Some(Tlp::Red));
    let b = &back.sections[0].bullets;
    assert_eq!(
        (b[0].text.as_str(), &b[0].sources),
        ("Three cables were cut.", &vec![reuters()])
    );
    assert_eq!((b[1].tlp, b[2].tlp), (Some(Tlp::Red), Some(Tlp::Amber)));
    let planted = page.replace("https://www.reuters.com/world/a", "javascript:alert(1)");
    let e = html::parse(&planted).unwrap_err().to_string();
    assert!(e.contains("javascript:") && !e.contains('\n'), "{e}");
}
