//! Exporters (md, txt, html, json) and the Markdown importer's round trip.

use briefdesk::format::export::{self, AssessmentStyle, Exported, Format, Options, one_line};
use briefdesk::format::markdown;
use briefdesk::format::markdown as md;
use briefdesk::model::{
    Bullet, BulletId, BulletKind, Issue, IssueId, IssueMeta, ItemId, Section, SectionId,
};
use chrono::NaiveDate;
use proptest::prelude::*;

// ---------------------------------------------------------------- fixtures

fn fact(id: u64, text: &str) -> Bullet {
    Bullet::new(BulletId(id), text)
}

fn assess(id: u64, text: &str) -> Bullet {
    let mut b = Bullet::new(BulletId(id), text);
    b.kind = BulletKind::Assessment;
    b
}

fn with_subs(mut b: Bullet, subs: Vec<Bullet>) -> Bullet {
    b.sub_points = subs;
    b
}

fn section(id: u64, name: &str, bullets: Vec<Bullet>) -> Section {
    let mut s = Section::new(SectionId(id), name);
    s.bullets = bullets;
    s
}

/// Shaped like the house digest: title with a date, tagline, group heading, 3 sections of
/// 5/3/1 bullets, the first bullet with 4 assessment sub-points.
fn digest_issue() -> Issue {
    let mut issue = Issue::new(
        IssueId(7),
        IssueMeta {
            title: "Harbor Point Advisory’s Weekly Security Digest – March 4, 2025".into(),
            tagline:
                "Harbor Point’s Weekly Brief | Risk, Security and Policy Notes – March 4, 2025"
                    .into(),
            date: NaiveDate::from_ymd_opt(2025, 3, 4),
            group: Some("World Security Watch".into()),
            tlp: None,
        },
    );
    let mut first = fact(
        10,
        "Voters in Montevideo head back to the polls on Sunday for a run‑off between the \
         incumbent coalition’s candidate and a former trade minister, after a first round \
         that left both short of a majority.",
    );
    first.item = Some(ItemId(41));
    issue.sections.push(section(
        3,
        "Regional Affairs",
        vec![
            with_subs(
                first,
                vec![
                    assess(11, "The trade minister is courting the “undecided middle”; turnout in the capital will likely decide it."),
                    assess(12, "A narrow result would almost certainly bring a recount request from the losing side."),
                    assess(13, "Markets priced in a coalition win – a surprise could weaken the currency for a week or two."),
                    assess(14, "Regional partners are watching for a shift in the port‑access talks."),
                ],
            ),
            fact(15, "Flooding along the lower Danube displaced about 12,000 people; relief convoys reached the worst‑hit towns on Thursday."),
            fact(16, "A new border agreement between two Caucasus states was signed in Tbilisi, ending a 30‑year dispute over four villages."),
            fact(17, "Dock workers in three Baltic ports began a 48‑hour strike over automation plans."),
            fact(18, "The coast guard intercepted a freighter carrying undeclared drone parts 40 nautical miles off Crete."),
        ],
    ));
    issue.sections.push(section(
        4,
        "Sahel\u{a0}– Coastal States",
        vec![
            fact(20, "Authorities in Accra raised the terror alert level for the northern regions after an attack near the border."),
            fact(21, "A ceasefire brokered by regional mediators has held for ten days, the longest pause this year."),
            fact(22, "Aid agencies warn that the lean season will leave 2.1 million people short of food."),
        ],
    ));
    issue.sections.push(section(
        5,
        "Cyber / Critical Infrastructure",
        vec![fact(30, "A ransomware group claimed an intrusion at a regional water utility; the operator says treatment was never affected and backups were restored within a day.")],
    ));
    issue
}

/// No tagline, no group, an empty section, three levels of nesting, scripts from right to
/// left and wide ones, emoji, and Markdown syntax in every text.
fn edge_issue() -> Issue {
    let mut issue = Issue::new(
        IssueId(2),
        IssueMeta {
            title: "Edge *cases* & [links](x) <b>#1</b> | `code` ~strike~ _under_ \\ back".into(),
            tagline: String::new(),
            date: None,
            group: None,
            tlp: None,
        },
    );
    issue.sections.push(section(
        1,
        "שלום – עדכון ביטחוני",
        vec![with_subs(
            fact(1, "ביטחון: הודעה חדשה מהמשטרה"),
            vec![with_subs(
                assess(2, "سلام دنیا — likely a 中文 update 👩‍💻🚀"),
                vec![
                    fact(3, "third level: 東京 🗼 and 한국어"),
                    assess(4, "also third level, an assessment"),
                ],
            )],
        )],
    ));
    issue.sections.push(section(2, "Nothing here yet", vec![]));
    issue.sections.push(section(
        3,
        "Syntax # in | names",
        vec![
            fact(5, "- starts like a list item"),
            fact(6, "1. starts like an ordered list"),
            fact(7, "> starts like a quote"),
            fact(8, "# starts like a heading"),
            fact(9, "+ plus and = equals"),
            fact(10, "* star, _underscore_, [bracket] (paren) <tag> # hash | pipe `tick` \\ backslash ~tilde~ & amp &amp; entity"),
            assess(11, "**Assessment:** looks like a label already"),
            fact(12, "*looks italic*"),
            fact(13, "see https://example.com/a_b and www.example.org or mail a@b.example"),
            fact(14, "=== and --- and *** lines"),
            fact(15, "$x$ math, ^sup^, {#id} attributes, @cite"),
            fact(16, "ends with a backslash \\"),
        ],
    ));
    issue
}

/// What md keeps of an issue: empty sections dropped, texts on one line, no item links,
/// ids renumbered 1.. in reading order, the date as the title gives it, issue id 0.
fn md_view(issue: &Issue, style: AssessmentStyle) -> Issue {
    let group = issue
        .meta
        .group
        .as_deref()
        .map(one_line)
        .filter(|g| !g.is_empty());
    let title = one_line(&issue.meta.title);
    let mut out = Issue::new(
        IssueId(0),
        IssueMeta {
            date: markdown::date_from_title(&title),
            title,
            tagline: one_line(&issue.meta.tagline),
            group,
            // Issue #17: md carries the marking the export went out under.
            tlp: briefdesk::format::marking::marked(issue, None).tlp,
        },
    );
    let mut next = 1;
    fn conv(b: &Bullet, style: AssessmentStyle, next: &mut u64) -> Bullet {
        let mut n = Bullet::new(BulletId(*next), one_line(&b.text));
        *next += 1;
        n.tlp = b.tlp;
        n.sources = b.sources.clone();
        n.kind = if style == AssessmentStyle::Plain {
            BulletKind::Fact
        } else {
            b.kind
        };
        n.sub_points = b.sub_points.iter().map(|s| conv(s, style, next)).collect();
        n
    }
    for s in issue.sections.iter().filter(|s| !s.bullets.is_empty()) {
        let id = out.sections.len() as u64 + 1;
        let mut ns = Section::new(SectionId(id), one_line(&s.name));
        ns.bullets = s
            .bullets
            .iter()
            .map(|b| conv(b, style, &mut next))
            .collect();
        out.sections.push(ns);
    }
    out
}

fn ex(issue: &Issue, format: Format, style: AssessmentStyle) -> Exported {
    export::export(
        issue,
        format,
        &Options {
            assessments: style,
            ..Options::default()
        },
    )
}

/// A group heading and no section with bullets.
fn quiet_issue() -> Issue {
    let mut i = Issue::new(
        IssueId(3),
        IssueMeta {
            title: "Quiet week – 2025-01-07".into(),
            tagline: "Nothing to report".into(),
            date: NaiveDate::from_ymd_opt(2025, 1, 7),
            group: Some("World Security Watch".into()),
            tlp: None,
        },
    );
    i.sections.push(section(1, "Empty", vec![]));
    i
}

fn fixtures() -> Vec<(&'static str, Issue)> {
    vec![
        ("digest", digest_issue()),
        ("edge", edge_issue()),
        ("quiet", quiet_issue()),
    ]
}

/// Issue #17: an issue marked GREEN with an AMBER and a RED bullet, sources with links
/// whose outlet and URL hold Markdown's own characters.
fn marked_issue() -> Issue {
    use briefdesk::model::{Source, Tlp};
    let src = |outlet: &str, url: &str| Source {
        outlet: Some(outlet.into()),
        url: Some(url.into()),
        published: None,
        entry: None,
    };
    let mut i = digest_issue();
    i.meta.tlp = Some(Tlp::Green);
    let s = &mut i.sections[0];
    s.bullets[0].sources = vec![src("Reuters", "https://www.reuters.com/world/a")];
    s.bullets[0].tlp = Some(Tlp::Amber);
    if let Some(sub) = s.bullets[0].sub_points.first_mut() {
        sub.sources = vec![
            src("Wiki [en] *(x)*", "https://en.wikipedia.org/wiki/A_(b)"),
            src("Desk", "mailto:desk@example.org"),
        ];
    }
    if let Some(b) = s.bullets.get_mut(1) {
        b.tlp = Some(Tlp::Red);
    }
    let mut empty = Bullet::new(BulletId(900), "");
    empty.sources = vec![src("AP", "https://apnews.com/x")];
    s.bullets.push(empty);
    i
}

/// The fixtures Markdown round-trips: every one, and the marked issue (issue #17).
fn md_fixtures() -> Vec<(&'static str, Issue)> {
    let mut all = fixtures();
    all.push(("marked", marked_issue()));
    all
}

const STYLES: [AssessmentStyle; 3] = [
    AssessmentStyle::Label,
    AssessmentStyle::Italic,
    AssessmentStyle::Plain,
];

// ---------------------------------------------------------------- snapshots

#[test]
fn snapshots_digest() {
    let i = digest_issue();
    insta::assert_snapshot!("digest_md", ex(&i, Format::Md, AssessmentStyle::Label).text);
    insta::assert_snapshot!(
        "digest_md_italic",
        ex(&i, Format::Md, AssessmentStyle::Italic).text
    );
    insta::assert_snapshot!(
        "digest_txt",
        ex(&i, Format::Txt, AssessmentStyle::Label).text
    );
    insta::assert_snapshot!(
        "digest_html",
        ex(&i, Format::Html, AssessmentStyle::Label).text
    );
    insta::assert_snapshot!(
        "digest_json",
        ex(&i, Format::Json, AssessmentStyle::Label).text
    );
}

#[test]
fn snapshots_edge() {
    let i = edge_issue();
    insta::assert_snapshot!("edge_md", ex(&i, Format::Md, AssessmentStyle::Label).text);
    insta::assert_snapshot!("edge_txt", ex(&i, Format::Txt, AssessmentStyle::Label).text);
    insta::assert_snapshot!(
        "edge_html_italic",
        ex(&i, Format::Html, AssessmentStyle::Italic).text
    );
    insta::assert_snapshot!(
        "edge_json",
        ex(&i, Format::Json, AssessmentStyle::Label).text
    );
}

// ---------------------------------------------------------------- md

/// Issue #17: md with its sources as endnotes reads back to the same sources and exports
/// byte for byte.
#[test]
fn md_round_trip_with_endnotes_is_byte_identical() {
    use briefdesk::format::export::SourceStyle;
    let opts = Options {
        sources: SourceStyle::Endnotes,
        ..Options::default()
    };
    let mut issue = marked_issue();
    issue.sections[0].bullets[2].sources = vec![briefdesk::model::Source {
        outlet: Some("Archive".into()),
        url: Some("ftp://files.example/x".into()),
        published: None,
        entry: None,
    }];
    let first = export::export(&issue, Format::Md, &opts).text;
    assert!(first.contains("\n## Sources\n\n1. [Reuters]"), "{first}");
    let back = markdown::parse(&first).unwrap_or_else(|e| panic!("{e}\n{first}"));
    assert_eq!(back, md_view(&issue, AssessmentStyle::Label), "{first}");
    assert_eq!(export::export(&back, Format::Md, &opts).text, first);
}

#[test]
fn md_round_trip_is_byte_identical_and_keeps_the_issue() {
    for (name, issue) in md_fixtures() {
        for style in STYLES {
            let first = ex(&issue, Format::Md, style).text;
            let back = markdown::parse(&first)
                .unwrap_or_else(|e| panic!("{name} {style:?}: import failed: {e}\n{first}"));
            assert_eq!(back, md_view(&issue, style), "{name} {style:?}\n{first}");
            let again = ex(&back, Format::Md, style).text;
            assert_eq!(first, again, "{name} {style:?}: md -> import -> md changed");
            assert!(markdown::looks_like(&first), "{name}");
        }
    }
}

/// Issue #15 point 4: the desk's own HTML page reads back to the issue Markdown gives (the
/// same view: ids renumbered, plain assessments as facts), and html -> import -> html is
/// byte-identical.
#[test]
fn html_round_trip_is_byte_identical_and_keeps_the_issue() {
    use briefdesk::format::html;
    for (name, issue) in md_fixtures() {
        for style in STYLES {
            let first = ex(&issue, Format::Html, style).text;
            let back = html::parse(&first)
                .unwrap_or_else(|e| panic!("{name} {style:?}: import failed: {e}\n{first}"));
            assert_eq!(back, md_view(&issue, style), "{name} {style:?}\n{first}");
            let again = ex(&back, Format::Html, style).text;
            assert_eq!(
                first, again,
                "{name} {style:?}: html -> import -> html changed"
            );
            assert!(html::looks_like(&first), "{name}");
        }
    }
}

#[test]
fn md_layout_with_and_without_group() {
    let i = digest_issue();
    let out = ex(&i, Format::Md, AssessmentStyle::Label);
    assert!(out.text.starts_with(
        "# Harbor Point Advisory’s Weekly Security Digest – March 4, 2025\n\nHarbor Point’s Weekly Brief \\| Risk"
    ));
    assert!(
        out.text
            .contains("\n\n## World Security Watch\n\n### Regional Affairs\n\n- Voters")
    );
    assert!(
        out.text
            .contains("\n  - **Assessment:** The trade minister")
    );
    assert!(out.text.ends_with("within a day.\n"));
    assert!(!out.text.ends_with("\n\n"));
    assert!(!out.text.contains("\n\n\n"));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);

    let e = ex(&edge_issue(), Format::Md, AssessmentStyle::Label);
    assert!(e.text.contains("\n\n## שלום – עדכון ביטחוני\n\n- "));
    assert!(e.text.contains("\n    - third level"));
    assert!(!e.text.contains("###"));
    assert!(!e.text.contains("Nothing here yet"));
    assert_eq!(
        e.warnings,
        vec!["section “Nothing here yet” has no bullets: left out of the export".to_string()]
    );
}

#[test]
fn md_escapes_markup() {
    let e = ex(&edge_issue(), Format::Md, AssessmentStyle::Label).text;
    for line in [
        "# Edge \\*cases\\* \\& \\[links\\]\\(x\\) \\<b\\>\\#1\\</b\\> \\| \\`code\\` \\~strike\\~ \\_under\\_ \\\\ back",
        "- \\- starts like a list item",
        "- 1\\. starts like an ordered list",
        "- \\> starts like a quote",
        "- \\# starts like a heading",
        "- \\+ plus and = equals",
        "- \\=== and -\\-\\- and \\*\\*\\* lines",
        "- **Assessment:** \\*\\*Assessment:\\*\\* looks like a label already",
        "- \\*looks italic\\*",
        "- see https\\://example.com/a\\_b and www\\.example.org or mail a\\@b.example",
        "- ends with a backslash \\\\",
    ] {
        assert!(e.lines().any(|l| l == line), "missing {line:?} in\n{e}");
    }
}

#[test]
fn md_italic_and_plain_styles() {
    let i = digest_issue();
    let it = ex(&i, Format::Md, AssessmentStyle::Italic).text;
    assert!(it.contains("\n  - *Markets priced in a coalition win – a surprise could weaken the currency for a week or two.*\n"));
    let mut odd = i.clone();
    odd.sections[0].bullets[0].sub_points[0].text = "\u{a0}spaced\u{a0}".into();
    let odd_md = ex(&odd, Format::Md, AssessmentStyle::Italic).text;
    assert!(odd_md.contains("\n  - **Assessment:** \u{a0}spaced\u{a0}\n"));
    let plain = ex(&i, Format::Md, AssessmentStyle::Plain).text;
    assert!(plain.contains("\n  - Markets priced in"));
    assert!(!plain.contains("Assessment"));
}

#[test]
fn md_date_comes_back_from_the_title_or_a_warning_says_it_will_not() {
    let i = digest_issue();
    let back = markdown::parse(&ex(&i, Format::Md, AssessmentStyle::Label).text).unwrap();
    assert_eq!(back.meta.date, NaiveDate::from_ymd_opt(2025, 3, 4));

    let mut no_date_in_title = edge_issue();
    no_date_in_title.meta.date = NaiveDate::from_ymd_opt(2025, 1, 7);
    let out = ex(&no_date_in_title, Format::Md, AssessmentStyle::Label);
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("2025-01-07") && w.contains("title")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn date_from_title_forms() {
    let d = NaiveDate::from_ymd_opt(2024, 7, 2);
    assert_eq!(markdown::date_from_title("Weekly Digest - July 2, 2024"), d);
    assert_eq!(markdown::date_from_title("Weekly Digest – 2 July 2024"), d);
    assert_eq!(markdown::date_from_title("Digest 2024-07-02"), d);
    assert_eq!(markdown::date_from_title("Digest (Jul. 2nd 2024)"), d);
    assert_eq!(markdown::date_from_title("Digest #12"), None);
    assert_eq!(markdown::date_from_title("Digest February 30, 2024"), None);
    assert_eq!(markdown::date_from_title(""), None);
}

#[test]
fn md_group_only_and_empty_issue_round_trip() {
    let mut only_group = Issue::new(
        IssueId(1),
        IssueMeta {
            title: "Quiet week".into(),
            group: Some("World Security Watch".into()),
            ..Default::default()
        },
    );
    only_group.sections.push(section(1, "Empty", vec![]));
    let empty = Issue::new(IssueId(1), IssueMeta::default());
    let mut blank_texts = Issue::new(IssueId(1), IssueMeta::default());
    blank_texts.sections.push(section(
        1,
        "",
        vec![with_subs(fact(1, ""), vec![assess(2, ""), fact(3, " ")])],
    ));
    for issue in [only_group, empty, blank_texts] {
        for style in STYLES {
            let text = ex(&issue, Format::Md, style).text;
            let back = markdown::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert_eq!(back, md_view(&issue, style), "{text}");
            assert_eq!(ex(&back, Format::Md, style).text, text);
        }
    }
}

#[test]
fn md_import_errors_name_the_line() {
    let cases = [
        ("", "empty"),
        ("Just text\n", "line 1"),
        ("# T\n\n- bullet before a section\n", "line 3"),
        ("# T\n\n## S\n\n- a\n      - too deep\n", "line 6"),
        ("# T\n\n## S\n\n- a\n\nstray paragraph\n", "line 7"),
        ("# T\n\n## S\n\n- a\n\n# Another title\n", "line 7"),
        ("# T\n\n### S\n\n- a\n", "line 3"),
        ("# T\n\n## G\n\n### S\n\n- a\n\n## G2\n", "line 9"),
        ("# T\n\n## S\n\n#### Deep\n", "line 5"),
    ];
    for (text, want) in cases {
        let e = markdown::parse(text).expect_err(text).to_string();
        assert!(e.contains(want), "{text:?}: {e}");
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn md_import_reads_hand_edited_variants() {
    let text = "\u{feff}\n# Title, 2 July 2024\r\n\r\nA tagline\nover two lines\n\n## Section ##\n\n* one  \n  + two\n    - *three*\n- **Assessment:** four\n";
    let i = markdown::parse(text).unwrap();
    assert_eq!(i.meta.title, "Title, 2 July 2024");
    assert_eq!(i.meta.date, NaiveDate::from_ymd_opt(2024, 7, 2));
    assert_eq!(i.meta.tagline, "A tagline over two lines");
    assert_eq!(i.meta.group, None);
    assert_eq!(i.sections[0].name, "Section");
    let b = &i.sections[0].bullets;
    assert_eq!(b.len(), 2);
    assert_eq!(b[0].text, "one");
    assert_eq!(b[0].sub_points[0].text, "two");
    assert_eq!(b[0].sub_points[0].sub_points[0].text, "three");
    assert_eq!(
        b[0].sub_points[0].sub_points[0].kind,
        BulletKind::Assessment
    );
    assert_eq!(b[1].kind, BulletKind::Assessment);
    assert_eq!(b[1].id, BulletId(4));
}

#[test]
fn looks_like_md() {
    assert!(markdown::looks_like("\n# T\n\n## S\n"));
    assert!(markdown::looks_like("# T\n\n- a\n"));
    assert!(!markdown::looks_like("# T\n\njust text\n"));
    assert!(!markdown::looks_like("Title\n\n## S\n- a\n"));
    assert!(!markdown::looks_like("#T\n\n## S\n"));
    assert!(!markdown::looks_like(""));
    assert!(!markdown::looks_like("{\"briefdesk\": \"issue\"}"));
}

#[test]
fn md_escape_unescape_examples() {
    for s in [
        "1. a",
        "12.",
        "iv. x",
        "a. b",
        "Mr. Smith",
        "1.5 million",
        "-",
        "--x",
        ":x",
        "www.x",
        "awww.x",
        "a://b",
        "\\",
        "\\\\*",
        "&amp;",
        "naïve ‘quotes’ – dash",
        "a -- b ... c",
        "---",
        "....",
        "",
    ] {
        assert_eq!(md::unescape(&md::escape(s)), s, "{s:?}");
    }
    assert_eq!(md::escape("1.5 million"), "1.5 million");
    assert_eq!(md::escape("Mr. Smith"), "Mr. Smith");
    assert_eq!(md::escape("a. b"), "a\\. b");
    assert_eq!(md::escape("a -- b ... c"), "a -\\- b .\\.\\. c");
}

// ---------------------------------------------------------------- txt

#[test]
fn txt_house_layout() {
    let out = ex(&digest_issue(), Format::Txt, AssessmentStyle::Label);
    let t = &out.text;
    let lines: Vec<&str> = t.split('\n').collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("  • ")).count(), 9);
    assert_eq!(lines.iter().filter(|l| l.starts_with("    • ")).count(), 4);
    assert_eq!(
        &lines[..9],
        &[
            "Harbor Point Advisory’s Weekly Security Digest – March 4, 2025",
            "",
            "Harbor Point’s Weekly Brief | Risk, Security and Policy Notes – March 4, 2025",
            "",
            "World Security Watch",
            "",
            "Regional Affairs",
            "",
            "  • Voters in Montevideo head back to the polls on Sunday for a run‑off between the incumbent coalition’s candidate and a former trade minister, after a first round that left both short of a majority.",
        ]
    );
    assert!(t.contains("port‑access talks.\n  • Flooding"));
    assert!(t.contains("four villages.\n  • Dock"));
    assert!(t.contains("off Crete.\n\nSahel\u{a0}– Coastal States\n\n  • Authorities"));
    assert!(t.contains("short of food.\n\nCyber / Critical Infrastructure\n\n  • A ransomware"));
    // Like the house file: no newline after the last line, no trailing spaces.
    assert!(t.ends_with("within a day."));
    assert!(!t.contains("Assessment"));
    assert!(lines.iter().all(|l| !l.ends_with(' ')));
}

#[test]
fn txt_nesting_without_tagline_or_group() {
    let t = ex(&edge_issue(), Format::Txt, AssessmentStyle::Label).text;
    assert!(t.starts_with("Edge *cases* & [links](x) <b>#1</b> | `code` ~strike~ _under_ \\ back\n\nשלום – עדכון ביטחוני\n\n  • ביטחון"));
    assert!(t.contains("\n    • سلام دنیا"));
    assert!(t.contains("\n      • third level: 東京"));
    assert!(!t.contains("Nothing here yet"));
}

// ---------------------------------------------------------------- html

fn no_controls(s: &str) -> bool {
    s.chars().all(|c| c == '\n' || !c.is_control())
}

#[test]
fn html_escapes_and_has_no_controls() {
    let mut i = digest_issue();
    i.meta.title = "<script>alert('x')</script> & \"quotes\"\u{1b}[2J\u{7}".into();
    i.sections[0].bullets[1].text = "R&D <img src=x onerror=alert(1)>\tand\u{0}more\nlines".into();
    let h = ex(&i, Format::Html, AssessmentStyle::Label).text;
    assert!(!h.contains("<script>"));
    assert!(
        h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</h1>")
    );
    assert!(h.contains("R&amp;D &lt;img src=x onerror=alert(1)&gt; andmore lines"));
    assert!(no_controls(&h));
    assert!(h.contains("<meta charset=\"utf-8\">"));
    assert!(!h.contains("<link") && !h.contains("<script") && !h.contains("url("));
}

#[test]
fn html_structure() {
    let h = ex(&digest_issue(), Format::Html, AssessmentStyle::Label).text;
    assert_eq!(h.matches("<h1 dir=\"auto\"").count(), 1);
    assert_eq!(h.matches("<h2 dir=\"auto\"").count(), 1);
    assert_eq!(h.matches("<h3 dir=\"auto\"").count(), 3);
    assert_eq!(h.matches("<li dir=\"auto\"").count(), 13);
    assert_eq!(h.matches("<li ").count(), h.matches("</li>").count());
    assert_eq!(h.matches("<ul ").count(), 4);
    assert_eq!(h.matches("<ul ").count(), h.matches("</ul>").count());
    assert_eq!(h.matches("<strong>Assessment:</strong> ").count(), 4);
    let it = ex(&digest_issue(), Format::Html, AssessmentStyle::Italic).text;
    assert_eq!(it.matches("<em>").count(), 4);
    let e = ex(&edge_issue(), Format::Html, AssessmentStyle::Label).text;
    assert_eq!(e.matches("<h2 dir=\"auto\"").count(), 2);
    assert!(!e.contains("<h3"));
    assert_eq!(e.matches("<ul ").count(), 4);
    assert_eq!(e.matches("<ul ").count(), e.matches("</ul>").count());
}

// ---------------------------------------------------------------- json

#[test]
fn json_is_the_issue_doc() {
    let i = digest_issue();
    let j = ex(&i, Format::Json, AssessmentStyle::Label).text;
    assert!(j.ends_with("}\n"));
    let doc: briefdesk::model::doc::IssueDoc = serde_json::from_str(&j).unwrap();
    assert_eq!(doc.briefdesk, "issue");
    assert_eq!(doc.issue, i);
    assert!(j.contains("\"kind\": \"assessment\""));
}

// ---------------------------------------------------------------- robustness

fn all_formats(issue: &Issue) {
    for f in [Format::Md, Format::Txt, Format::Html, Format::Json] {
        for style in STYLES {
            let out = ex(issue, f, style);
            if f != Format::Json {
                assert!(no_controls(&out.text), "{f:?}");
            }
        }
    }
}

#[test]
fn never_panics_on_odd_issues() {
    all_formats(&Issue::new(IssueId(0), IssueMeta::default()));
    let mut deep = fact(1, "root");
    for n in 2..200 {
        deep = with_subs(fact(n, "level"), vec![deep]);
    }
    let mut i = Issue::new(IssueId(0), IssueMeta::default());
    i.sections.push(section(1, "deep", vec![deep]));
    all_formats(&i);
    let md_text = ex(&i, Format::Md, AssessmentStyle::Label).text;
    // Reading it back stops at the depth limit (16 levels of sub-points): refused, not
    // misread. Within the limit the round trip is exact.
    assert!(matches!(
        markdown::parse(&md_text),
        Err(briefdesk::format::import::ImportError::TooDeep { depth: 17, .. })
    ));
    let mut deepest = fact(1, "root");
    for n in 2..=(briefdesk::model::MAX_DEPTH as u64 + 1) {
        deepest = with_subs(fact(n, "level"), vec![deepest]);
    }
    let mut i = Issue::new(IssueId(0), IssueMeta::default());
    i.sections.push(section(1, "deep", vec![deepest]));
    let md_text = ex(&i, Format::Md, AssessmentStyle::Label).text;
    assert_eq!(
        markdown::parse(&md_text).unwrap(),
        md_view(&i, AssessmentStyle::Label)
    );

    let mut huge = Issue::new(IssueId(0), IssueMeta::default());
    huge.meta.title = "x".repeat(1 << 20);
    huge.sections
        .push(section(1, "s", vec![fact(1, &"*&<".repeat(100_000))]));
    all_formats(&huge);

    let mut ctl = Issue::new(IssueId(0), IssueMeta::default());
    ctl.meta.title = "a\u{1b}]0;pwn\u{7}b\u{0}\u{85}\u{202e}c".into();
    ctl.meta.group = Some("\u{1b}[31mred\u{1b}[0m".into());
    ctl.sections
        .push(section(1, "\r\n", vec![fact(1, "x\u{9b}31my\rz")]));
    all_formats(&ctl);
    let m = ex(&ctl, Format::Md, AssessmentStyle::Label).text;
    assert!(m.starts_with("# abc\n\n## red\n\n###\n\n- xy z\n"), "{m:?}");
    let j = ex(&ctl, Format::Json, AssessmentStyle::Label).text;
    assert!(!j.contains("\\u001b") && !j.contains("\\u0000"));
}

// ---------------------------------------------------------------- markdownlint

/// Writes the md exports of the fixtures to `$BRIEFDESK_MD_OUT` when it is set, for
/// `tests/markdownlint.sh`.
#[test]
fn write_md_for_markdownlint() {
    let Some(dir) = std::env::var_os("BRIEFDESK_MD_OUT") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, issue) in md_fixtures() {
        for style in STYLES {
            let text = ex(&issue, Format::Md, style).text;
            let file = dir.join(format!("{name}_{style:?}.md").to_lowercase());
            std::fs::write(file, text).unwrap();
        }
    }
    // Issue #17: the sources as endnotes too.
    let endnotes = Options {
        sources: briefdesk::format::export::SourceStyle::Endnotes,
        ..Options::default()
    };
    let text = export::export(&marked_issue(), Format::Md, &endnotes).text;
    std::fs::write(dir.join("marked_endnotes.md"), text).unwrap();
}

// ---------------------------------------------------------------- proptest

fn text_strategy() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("*".to_string()),
            Just("_".to_string()),
            Just("**Assessment:**".to_string()),
            Just("\\".to_string()),
            Just("[a](b)".to_string()),
            Just("<b>".to_string()),
            Just("&amp;".to_string()),
            Just("#".to_string()),
            Just("- ".to_string()),
            Just("1. ".to_string()),
            Just("> ".to_string()),
            Just("`".to_string()),
            Just("|".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\u{a0}".to_string()),
            Just("www.".to_string()),
            Just("://".to_string()),
            Just("שלום".to_string()),
            Just("中文".to_string()),
            Just("👩‍💻".to_string()),
            "[a-zA-Z0-9 .,:;!?'\"=+-]{1,8}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..8,
    );
    pieces.prop_map(|p| p.concat())
}

fn bullet_strategy() -> impl Strategy<Value = Bullet> {
    let leaf = (text_strategy(), any::<bool>()).prop_map(|(t, a)| {
        let mut b = Bullet::new(BulletId(0), t);
        if a {
            b.kind = BulletKind::Assessment;
        }
        b
    });
    leaf.prop_recursive(3, 24, 3, |inner| {
        (
            text_strategy(),
            any::<bool>(),
            prop::collection::vec(inner, 0..3),
        )
            .prop_map(|(t, a, subs)| {
                let mut b = Bullet::new(BulletId(0), t);
                if a {
                    b.kind = BulletKind::Assessment;
                }
                b.sub_points = subs;
                b
            })
    })
}

fn issue_strategy() -> impl Strategy<Value = Issue> {
    (
        text_strategy(),
        text_strategy(),
        prop::option::of(text_strategy()),
        prop::collection::vec(
            (
                text_strategy(),
                prop::collection::vec(bullet_strategy(), 0..4),
            ),
            0..4,
        ),
    )
        .prop_map(|(title, tagline, group, sections)| {
            let mut i = Issue::new(
                IssueId(1),
                IssueMeta {
                    title,
                    tagline,
                    date: None,
                    group,
                    tlp: None,
                },
            );
            for (n, (name, bullets)) in sections.into_iter().enumerate() {
                i.sections.push(section(n as u64 + 1, &name, bullets));
            }
            i
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn md_import_gives_back_the_issue(issue in issue_strategy()) {
        for style in [AssessmentStyle::Label, AssessmentStyle::Italic] {
            let text = ex(&issue, Format::Md, style).text;
            let back = markdown::parse(&text);
            prop_assert!(back.is_ok(), "{:?}\n{}", back.err(), text);
            let back = back.unwrap();
            prop_assert_eq!(&back, &md_view(&issue, style), "{}", text);
            prop_assert_eq!(ex(&back, Format::Md, style).text, text);
        }
    }

    #[test]
    fn export_never_panics(issue in issue_strategy()) {
        all_formats(&issue);
    }
}
