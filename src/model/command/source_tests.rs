//! Issue #17: sources and markings on items and bullets: read from older files, carried
//! from an item to its bullet, set with one undoable step, kept through moves.

use super::*;
use crate::model::{
    Bullet, BulletId, Desk, History, Issue, IssueMeta, Section, SectionId, Source, Tlp,
};

fn reuters() -> Source {
    Source::new("Reuters", "https://www.reuters.com/world/x")
        .unwrap()
        .unwrap()
}

fn desk() -> Desk {
    let mut desk = Desk::new();
    let mut item = Item::new(ItemId(1), "Cables cut", vec!["Three cables cut.".into()]);
    item.sources = vec![reuters()].into();
    desk.items.insert(item.id, item);
    let mut issue = Issue::new(IssueId(1), IssueMeta::default());
    let mut s = Section::new(SectionId(1), "Europe");
    s.bullets.push(Bullet::new(BulletId(1), "First."));
    s.bullets.push(Bullet::new(BulletId(2), "Second."));
    issue.sections.push(s);
    desk.issues.insert(issue.id, issue);
    desk
}

#[test]
fn an_item_written_with_one_source_reads_into_the_list_and_writes_the_list() {
    let old =
        r#"{"id":3,"headline":"H","source":{"publication":"Reuters","url":"https://r.com/a"}}"#;
    let item: Item = serde_json::from_str(old).unwrap();
    assert_eq!(item.sources.len(), 1);
    assert_eq!(item.sources[0].outlet.as_deref(), Some("Reuters"));
    let json = serde_json::to_string(&item).unwrap();
    assert!(
        json.contains(r#""sources":[{"outlet":"Reuters","url":"https://r.com/a"}]"#),
        "{json}"
    );
    let again: Item = serde_json::from_str(&json).unwrap();
    assert_eq!(again, item);
}

#[test]
fn no_sources_and_no_marking_write_exactly_what_they_wrote_before() {
    let b = Bullet::new(BulletId(1), "x");
    assert_eq!(
        serde_json::to_string(&b).unwrap(),
        r#"{"id":1,"text":"x","kind":"fact"}"#
    );
    let item = Item::new(ItemId(1), "H", vec![]);
    assert!(!serde_json::to_string(&item).unwrap().contains("source"));
    let meta = IssueMeta {
        title: "T".into(),
        ..IssueMeta::default()
    };
    assert_eq!(serde_json::to_string(&meta).unwrap(), r#"{"title":"T"}"#);
}

#[test]
fn a_bullet_made_from_an_item_carries_its_sources() {
    let mut d = desk();
    let mut h = History::new();
    let cmd = Command::Assign {
        item: ItemId(1),
        issue: IssueId(1),
        section: 0,
        from: BulletFrom::Lead,
    };
    h.perform(&mut d, &cmd).unwrap();
    let b = &d.issues[&IssueId(1)].sections[0].bullets[2];
    assert_eq!(b.sources, vec![reuters()]);
}

#[test]
fn setting_sources_is_one_step_kept_through_indent_and_move_and_undone_exactly() {
    let start = desk();
    let mut d = start.clone();
    let mut h = History::new();
    let i = IssueId(1);
    for cmd in [
        Command::SetBulletSources {
            issue: i,
            path: BulletPath::top(0, 1),
            sources: vec![reuters()],
        },
        Command::SetBulletTlp {
            issue: i,
            path: BulletPath::top(0, 1),
            tlp: Some(Tlp::Amber),
        },
        Command::Indent {
            issue: i,
            path: BulletPath::top(0, 1),
        },
        Command::Outdent {
            issue: i,
            path: BulletPath::new(0, vec![0, 0]),
        },
        Command::MoveBulletUp {
            issue: i,
            path: BulletPath::top(0, 1),
        },
    ] {
        h.perform(&mut d, &cmd).unwrap();
    }
    let b = &d.issues[&i].sections[0].bullets[0];
    assert_eq!(
        (b.id, &b.sources, b.tlp),
        (BulletId(2), &vec![reuters()], Some(Tlp::Amber))
    );
    while h.can_undo() {
        h.undo(&mut d).unwrap().unwrap();
    }
    assert_eq!(d, start);
}

#[test]
fn a_script_url_is_refused_in_one_line_and_changes_nothing() {
    let start = desk();
    let mut d = start.clone();
    let mut h = History::new();
    let bad = Source {
        outlet: Some("x".into()),
        url: Some("javascript:alert(1)".into()),
        published: None,
        entry: None,
    };
    let e = h
        .perform(
            &mut d,
            &Command::SetBulletSources {
                issue: IssueId(1),
                path: BulletPath::top(0, 0),
                sources: vec![bad],
            },
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("javascript:") && !e.contains('\n'), "{e}");
    assert_eq!(d, start);
}
