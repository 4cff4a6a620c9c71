//! The scroll limit counts wrapped lines: the last line is reachable at every width, CJK
//! included; following a row puts it on screen whole.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use super::*;
use crate::model::{Bullet, BulletId, BulletKind, BulletPath, IssueId, IssueMeta, ItemId, Section};
use crate::model::{Item, SectionId};

const END: &str = "END-OF-DIGEST";

fn long(n: usize, words: &str) -> String {
    std::iter::repeat_n(words, n).collect::<Vec<_>>().join(" ")
}

/// Two sections of long bullets (English, CJK without spaces, an assessment sub-point),
/// the last one ending in `END`.
fn issue() -> Issue {
    let mut issue = Issue::new(
        IssueId(1),
        IssueMeta {
            title: "Weekly Security Digest – March 4, 2025".into(),
            tagline: "Risk and policy notes".into(),
            date: None,
            group: Some("Global Security Matters".into()),
            tlp: None,
        },
    );
    let mut id = 0;
    let mut bullet = |text: String| {
        id += 1;
        Bullet::new(BulletId(id), text)
    };
    let mut a = Section::new(SectionId(1), "International Affairs");
    for _ in 0..6 {
        let mut b = bullet(long(12, "talks stalled over the sequencing of a deal,"));
        let mut sub = bullet(long(4, "we believe (or know) the delay will last,"));
        sub.kind = BulletKind::Assessment;
        b.sub_points.push(sub);
        a.bullets.push(b);
    }
    let mut c = Section::new(SectionId(2), "東アジア");
    for _ in 0..4 {
        c.bullets.push(bullet(long(
            20,
            "北京发布新的网络安全法规，新规定将于下月生效。",
        )));
    }
    c.bullets.push(bullet(format!(
        "{} {END}",
        long(10, "新的网络安全法规 rules")
    )));
    issue.sections.push(a);
    issue.sections.push(c);
    issue
}

fn last_path() -> BulletPath {
    BulletPath::top(1, 4)
}

fn draw(v: &View, w: usize, h: usize) -> Buffer {
    let (w, h) = (w as u16 + 2, h as u16 + 2);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    term.draw(|f| render(v, f, f.area())).expect("draw");
    term.backend().buffer().clone()
}

/// Row `y` of the buffer as text (a wide char's trailing cell skipped).
fn row(buf: &Buffer, y: u16) -> String {
    let mut s = String::new();
    let mut skip = 0;
    for x in 0..buf.area.width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let sym = buf[(x, y)].symbol();
        s.push_str(sym);
        skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
    }
    s
}

const SIZES: [(usize, usize); 6] = [(20, 3), (33, 6), (41, 5), (57, 9), (78, 6), (98, 20)];

#[test]
fn the_last_line_of_the_digest_is_reachable_at_every_width() {
    let theme = Theme::no_color();
    let issue = issue();
    for raw in [false, true] {
        for (w, h) in SIZES {
            let mut v = View {
                showing: Showing::Digest {
                    issue: Some(&issue),
                    raw,
                    at: None,
                },
                scroll: Scroll::At(0),
                focused: true,
                theme: &theme,
                words: None,
            };
            let max = max_scroll(&v, w, h);
            // The raw Markdown is wrapped by the pane: a count of its unwrapped lines
            // would stop short of the end.
            let unwrapped = content(&v, w).lines.len();
            assert!(!raw || max + h > unwrapped, "{w}x{h}: nothing wraps?");
            v.scroll = Scroll::At(max);
            let buf = draw(&v, w, h);
            let last = row(&buf, h as u16);
            assert!(last.contains("DIGEST"), "{w}x{h} raw {raw}: {last:?}");
            // And scrolling further stays there: the last line at the bottom, not above it.
            v.scroll = Scroll::At(max + 50);
            assert_eq!(scroll_and_max(&v, w, h).0, max, "{w}x{h} raw {raw}");
        }
    }
}

#[test]
fn the_last_line_of_a_long_cjk_draft_is_reachable() {
    let theme = Theme::no_color();
    let mut item = Item::new(
        ItemId(1),
        "北京发布新的网络安全法规 🔒",
        vec![
            long(120, "新规定将于下月生效。"),
            format!("{} 終わり", long(25, "法规")),
        ],
    );
    item.tags = vec!["中国".into()].into();
    for (w, h) in SIZES {
        let mut v = View {
            showing: Showing::Draft(Some(&item)),
            scroll: Scroll::At(0),
            focused: true,
            theme: &theme,
            words: None,
        };
        let max = max_scroll(&v, w, h);
        v.scroll = Scroll::At(max);
        let buf = draw(&v, w, h);
        let last = row(&buf, h as u16);
        assert!(last.contains("tags: 中国"), "{w}x{h}: {last:?}");
        let above = row(&buf, h as u16 - 1);
        assert!(h < 3 || !above.contains("tags"), "{w}x{h}: {above:?}");
    }
}

#[test]
fn following_the_last_bullet_shows_it_whole_and_highlighted() {
    let theme = Theme::default();
    let issue = issue();
    for (w, h) in SIZES {
        let v = View {
            showing: Showing::Digest {
                issue: Some(&issue),
                raw: false,
                at: Some(RowKind::Bullet(last_path())),
            },
            scroll: Scroll::Follow,
            focused: false,
            theme: &theme,
            words: None,
        };
        let c = content(&v, w);
        let Some(lines) = c.followed.clone() else {
            panic!("{w}x{h}: the last bullet has no lines");
        };
        let at = scroll_and_max(&v, w, h).0;
        if lines.len() <= h {
            assert!(at <= lines.start && lines.end <= at + h, "{w}x{h}: {at}");
        }
        let buf = draw(&v, w, h);
        let shown: String = (1..=h as u16).map(|y| row(&buf, y)).collect();
        assert!(shown.contains("END") || lines.len() > h, "{w}x{h}: {shown}");
        // The followed lines wear the selection's colours, the others do not.
        let first = (lines.start.max(at) - at) as u16 + 1;
        let reversed = |y: u16| buf[(5, y)].modifier.contains(Modifier::REVERSED);
        assert!(reversed(first), "{w}x{h}");
        if lines.start > at {
            assert!(!reversed(first - 1), "{w}x{h}");
        }
    }
}

#[test]
fn the_digest_as_read_has_no_markdown_escapes_and_hanging_indents() {
    let theme = Theme::no_color();
    let issue = issue();
    let v = View {
        showing: Showing::Digest {
            issue: Some(&issue),
            raw: false,
            at: None,
        },
        scroll: Scroll::At(0),
        focused: true,
        theme: &theme,
        words: None,
    };
    let text: Vec<String> = content(&v, 40)
        .lines
        .iter()
        .map(|l| l.to_string())
        .collect();
    let all = text.join("\n");
    assert!(!all.contains('\\'), "{all}");
    assert!(!all.contains("**"), "{all}");
    assert!(all.contains("  • talks stalled"), "{all}");
    assert!(
        all.contains("    • Assessment: we believe (or know)"),
        "{all}"
    );
    // A wrapped bullet's next line hangs under its text, not under the glyph.
    let i = text
        .iter()
        .position(|l| l.starts_with("  • talks"))
        .unwrap_or(0);
    assert!(
        text[i + 1].starts_with("    ") && !text[i + 1].starts_with("     "),
        "{all}"
    );
    // The raw view is the Markdown export, escapes included.
    let raw = View {
        showing: Showing::Digest {
            issue: Some(&issue),
            raw: true,
            at: None,
        },
        ..v
    };
    let md: String = content(&raw, 200)
        .lines
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(md.contains("**Assessment:**"), "{md}");
}
