//! Preview follows the Issue pane's cursor and reads like the digest; `M` shows the raw
//! Markdown; Drafts rows give the headline the width, stamps a short form.

use chrono::NaiveDate;
use crossterm::event::KeyCode;

use super::{app_with, ch, press, screen, snap};
use crate::model::{
    Bullet, BulletId, BulletKind, Desk, Issue, IssueId, IssueMeta, Item, ItemId, Section,
    SectionId, Stamp,
};
use crate::tui::app::{App, Config, Focus, update};
use crate::tui::events::Event;

const LAST: &str = "Microsoft said Midnight Blizzard used secrets stolen from its corporate \
email to reach source code repositories and internal systems, and that password spraying \
against its tenants rose tenfold in February (the last bullet).";

/// A digest in seed 000's shape: three sections of long bullets, assessments as
/// sub-points, one with Markdown's special characters; drafts with live-page stamps.
fn digest_desk() -> Desk {
    let mut d = Desk::new();
    let heads = [
        (
            "As The U.S. Election Nears, Iran Steps Up Influence Operations",
            Some("UPDATE: 10:30 PM CEST"),
        ),
        (
            "Subsea Data Cable Cut Between Two Baltic Islands",
            Some("9:05 PM CEST"),
        ),
        (
            "Hostage Negotiators Return to Doha for a New Round of Talks",
            None,
        ),
        (
            "Central Bank Warns of a Wave of Deepfake Voice Fraud",
            Some("UPDATE: 4:15 PM CEST"),
        ),
        (
            "Election Commission Reports Phishing Campaign Against Its Staff",
            Some("1:20 PM EDT"),
        ),
        (
            "北京发布新的网络安全法规，新规定将于下月生效",
            Some("09:15 CST"),
        ),
    ];
    for (i, (head, stamp)) in heads.into_iter().enumerate() {
        let mut it = Item::new(ItemId(i as u64 + 1), head, vec!["Body.".into()]);
        it.stamp = stamp.map(|s| {
            Box::new(Stamp {
                written: s.into(),
                utc: None,
            })
        });
        it.date = NaiveDate::from_ymd_opt(2024, 10, 19);
        d.items.insert(it.id, it);
    }
    let mut issue = Issue::new(
        IssueId(1),
        IssueMeta {
            title: "Harbor Lane Advisory’s Weekly Security Digest – March 4, 2025".into(),
            tagline: "Harbor Lane’s Weekly Digest | Risk and Policy Notes".into(),
            date: NaiveDate::from_ymd_opt(2025, 3, 4),
            group: Some("Global Security Matters".into()),
            tlp: None,
        },
    );
    let mut id = 0;
    let mut bullet = |text: &str| {
        id += 1;
        Bullet::new(BulletId(id), text)
    };
    for (s, name) in [
        "International Affairs",
        "Europe",
        "Cyber / Defense Technology",
    ]
    .iter()
    .enumerate()
    {
        let mut sec = Section::new(SectionId(s as u64 + 1), *name);
        for b in 0..4 {
            if s == 2 && b == 3 {
                sec.bullets.push(bullet(LAST));
                continue;
            }
            let mut top = bullet(&format!(
                "Bullet {s}.{b}: officials said on Tuesday that talks had stalled over the \
                 sequencing of a phased agreement, and negotiators will meet in Geneva."
            ));
            if b == 1 {
                let mut sub = bullet(&format!(
                    "Sub-point {s}.{b}: we believe (or know) the delay will last | at least \
                     a quarter."
                ));
                sub.kind = BulletKind::Assessment;
                top.sub_points.push(sub);
            }
            sec.bullets.push(top);
        }
        issue.sections.push(sec);
    }
    d.issues.insert(issue.id, issue);
    d
}

fn digest_app() -> App {
    app_with(digest_desk(), Config::default()).0
}

/// The outline row of a bullet's text, found by its start.
fn go_to_row(app: &mut App, starts: &str) {
    ch(app, '2');
    ch(app, 'g');
    for _ in 0..40 {
        let at = app.selected_row();
        let text = match at {
            Some(crate::tui::outline::RowKind::Bullet(p)) => app
                .current_issue()
                .and_then(|i| i.bullet(&p))
                .map(|b| b.text.clone()),
            _ => None,
        };
        if text.is_some_and(|t| t.starts_with(starts)) {
            return;
        }
        ch(app, 'j');
    }
    panic!("no row starts with {starts:?}");
}

#[test]
fn snapshots_preview_follows_the_cursor_as_read() {
    let mut app = digest_app();
    go_to_row(&mut app, "Sub-point 1.1");
    snap("preview_follows_middle", &app);
    ch(&mut app, 'G');
    snap("preview_follows_last", &app);
    ch(&mut app, 'M');
    snap("preview_raw", &app);
}

#[test]
fn the_followed_bullet_is_whole_on_screen_at_both_sizes() {
    let mut app = digest_app();
    ch(&mut app, '2');
    ch(&mut app, 'G');
    for (w, h) in [(80, 24), (100, 30), (160, 48)] {
        let s = screen(&app, w, h);
        // The tail of the last bullet, wrapped or not, is on screen.
        assert!(s.contains("(the last"), "{w}x{h}:\n{s}");
        assert!(s.contains("bullet)."), "{w}x{h}:\n{s}");
        // As read: no Markdown escapes, no Markdown marks.
        assert!(!s.contains('\\') && !s.contains("**"), "{w}x{h}:\n{s}");
    }
    go_to_row(&mut app, "Sub-point 0.1");
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("Assessment: Sub-point 0.1: we believe (or know)"),
        "{s}"
    );
}

#[test]
fn g_pgdn_and_j_in_preview_reach_the_last_bullet_at_100x30() {
    for keys in ["G", "PgDn", "j"] {
        let mut app = digest_app();
        update(&mut app, Event::Resize(100, 30));
        ch(&mut app, '2');
        ch(&mut app, '3');
        ch(&mut app, 'g');
        match keys {
            "G" => ch(&mut app, 'G'),
            "PgDn" => (0..30).for_each(|_| press(&mut app, KeyCode::PageDown)),
            _ => (0..200).for_each(|_| ch(&mut app, 'j')),
        }
        assert_eq!(app.focus, Focus::Preview);
        let s = screen(&app, 100, 30);
        assert!(s.contains("(the last bullet)."), "{keys}:\n{s}");
        // And no further: one more step down changes nothing.
        let at = app.preview_scroll;
        ch(&mut app, 'j');
        assert_eq!(app.preview_scroll, at, "{keys}");
    }
}

#[test]
fn raw_markdown_is_a_key_away_and_back() {
    let mut app = digest_app();
    ch(&mut app, '2');
    ch(&mut app, 'j');
    ch(&mut app, 'M');
    let s = screen(&app, 160, 48);
    assert!(s.contains("3 Preview: digest (Markdown)"), "{s}");
    assert!(s.contains("# Harbor Lane"), "{s}");
    ch(&mut app, 'M');
    let s = screen(&app, 160, 48);
    assert!(s.contains("3 Preview: digest "), "{s}");
    assert!(!s.contains("(Markdown)"), "{s}");
    // From Drafts (no key there: the palette) it still switches, and says it shows from
    // Issue.
    ch(&mut app, '1');
    update(&mut app, crate::tui::Action::RawMarkdown);
    assert!(app.preview_raw);
    let said = app
        .status
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default();
    assert!(said.starts_with("from Issue"), "{said}");
    ch(&mut app, '2');
    assert!(screen(&app, 160, 48).contains("3 Preview: digest (Markdown)"));
}

#[test]
fn drafts_rows_give_the_headline_the_width() {
    let app = digest_app();
    snap("drafts_stamps", &app);
    // At 120 columns the stamped row shows the headline's first 29 characters and the
    // time on a 24-hour clock.
    let s = screen(&app, 120, 30);
    assert!(s.contains("As The U.S. Election Nears, I"), "{s}");
    assert!(s.contains("22:30"), "{s}");
    assert!(!s.contains("10:30 PM"), "{s}");
}
