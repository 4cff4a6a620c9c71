//! Every command, undone, gives back exactly the desk it started from; redone, exactly the
//! desk it made.

use proptest::prelude::*;

use super::*;

fn item(id: u64, headline: &str) -> Item {
    Item::new(ItemId(id), headline, vec![format!("{headline}: body.")])
}

/// A small desk: five pool items, one used, one issue with two sections and nested bullets.
fn desk() -> Desk {
    let mut d = Desk::new();
    for (i, h) in [
        "Iran run-off",
        "France vote",
        "Kenya protests",
        "Gaza talks",
        "Midnight Blizzard",
    ]
    .iter()
    .enumerate()
    {
        let it = item(i as u64 + 1, h);
        d.items.insert(it.id, it);
    }
    let mut used = item(6, "North Korea");
    used.state = ItemState::Used;
    d.items.insert(used.id, used);
    let mut issue = Issue::new(
        IssueId(1),
        IssueMeta {
            title: "Digest – July 2, 2024".into(),
            ..IssueMeta::default()
        },
    );
    let mut a = Section::new(SectionId(1), "International Affairs");
    let mut b1 = Bullet::new(BulletId(1), "North Korea criticized trilateral ties.");
    b1.item = Some(ItemId(6));
    let mut sub = Bullet::new(BulletId(2), "This will likely continue.");
    sub.kind = BulletKind::Assessment;
    sub.sub_points
        .push(Bullet::new(BulletId(3), "Third level."));
    b1.sub_points.push(sub);
    a.bullets.push(b1);
    a.bullets.push(Bullet::new(BulletId(4), "Second bullet."));
    a.bullets.push(Bullet::new(BulletId(5), "Third bullet."));
    let mut b = Section::new(SectionId(2), "Israel\u{a0}– Gaza");
    b.bullets
        .push(Bullet::new(BulletId(6), "Ceasefire language."));
    issue.sections.push(a);
    issue.sections.push(b);
    d.issues.insert(issue.id, issue);
    d
}

fn all_commands() -> Vec<Command> {
    let i = IssueId(1);
    vec![
        Command::AddItems {
            items: vec![item(7, "New one"), item(8, "Another")],
        },
        Command::EditItem {
            item: item(2, "France vote, edited"),
        },
        Command::ToggleSpike { item: ItemId(1) },
        Command::ToggleHold { item: ItemId(2) },
        Command::Assign {
            item: ItemId(3),
            issue: i,
            section: 1,
            from: BulletFrom::Lead,
        },
        Command::AssignToNewSection {
            item: ItemId(4),
            issue: i,
            name: "Cyber".into(),
            from: BulletFrom::Body,
        },
        Command::AssignMany {
            items: vec![ItemId(5), ItemId(1)],
            issue: i,
            section: 1,
            new_section: None,
            from: BulletFrom::Lead,
        },
        Command::NewIssue {
            issue: Issue::new(
                IssueId(2),
                IssueMeta {
                    title: "Next".into(),
                    ..IssueMeta::default()
                },
            ),
        },
        Command::SetIssueMeta {
            issue: i,
            meta: IssueMeta {
                title: "Renamed".into(),
                ..IssueMeta::default()
            },
        },
        Command::DeleteIssue { issue: i },
        Command::NewSection {
            issue: i,
            index: 1,
            name: "Africa".into(),
        },
        Command::RenameSection {
            issue: i,
            index: 0,
            name: "World".into(),
        },
        Command::MoveSectionUp { issue: i, index: 1 },
        Command::MoveSectionDown { issue: i, index: 0 },
        Command::RemoveSection { issue: i, index: 0 },
        Command::NewBullet {
            issue: i,
            path: BulletPath::top(0, 1),
            text: "Typed in.".into(),
        },
        Command::NewBullet {
            issue: i,
            path: BulletPath::new(0, vec![0, 0, 1]),
            text: "Deep.".into(),
        },
        Command::EditBullet {
            issue: i,
            path: BulletPath::new(0, vec![0, 0]),
            text: "Edited.".into(),
        },
        Command::ToggleAssessment {
            issue: i,
            path: BulletPath::top(0, 2),
        },
        Command::MoveBulletUp {
            issue: i,
            path: BulletPath::top(0, 2),
        },
        Command::MoveBulletDown {
            issue: i,
            path: BulletPath::top(0, 0),
        },
        Command::Indent {
            issue: i,
            path: BulletPath::top(0, 1),
        },
        Command::Indent {
            issue: i,
            path: BulletPath::top(0, 2),
        },
        Command::Outdent {
            issue: i,
            path: BulletPath::new(0, vec![0, 0]),
        },
        Command::Outdent {
            issue: i,
            path: BulletPath::new(0, vec![0, 0, 0]),
        },
        Command::MoveToSection {
            issue: i,
            path: BulletPath::top(0, 0),
            section: 1,
        },
        Command::MoveToSection {
            issue: i,
            path: BulletPath::new(0, vec![0, 0]),
            section: 0,
        },
        Command::RemoveBullet {
            issue: i,
            path: BulletPath::top(0, 0),
        },
        Command::SetBulletSources {
            issue: i,
            path: BulletPath::new(0, vec![0, 0]),
            sources: Source::new("Reuters", "https://reuters.com/a")
                .into_iter()
                .flatten()
                .collect(),
        },
        Command::SetBulletTlp {
            issue: i,
            path: BulletPath::top(0, 1),
            tlp: Some(Tlp::Amber),
        },
    ]
}

#[test]
fn every_command_changes_the_desk_and_undo_gives_it_back() {
    for cmd in all_commands() {
        let start = desk();
        let mut d = start.clone();
        let mut h = History::new();
        h.perform(&mut d, &cmd)
            .unwrap_or_else(|e| panic!("{cmd:?} refused: {e}"));
        assert_ne!(d, start, "{cmd:?} changed nothing");
        let after = d.clone();
        h.undo(&mut d)
            .expect("a step to undo")
            .expect("undo applies");
        assert_eq!(d, start, "undo of {cmd:?}");
        h.redo(&mut d)
            .expect("a step to redo")
            .expect("redo applies");
        assert_eq!(d, after, "redo of {cmd:?}");
    }
}

#[test]
fn assign_is_one_step_touching_pool_and_issue() {
    let mut d = desk();
    let mut h = History::new();
    let done = h
        .perform(
            &mut d,
            &Command::Assign {
                item: ItemId(3),
                issue: IssueId(1),
                section: 1,
                from: BulletFrom::Lead,
            },
        )
        .unwrap();
    assert_eq!(
        done.touched,
        vec![Touch::Item(ItemId(3)), Touch::Issue(IssueId(1))]
    );
    assert_eq!(done.select, Some(BulletPath::top(1, 1)));
    let issue = d.issue(IssueId(1)).unwrap();
    assert_eq!(issue.sections[1].bullets[1].item, Some(ItemId(3)));
    assert_eq!(issue.sections[1].bullets[1].text, "Kenya protests: body.");
    assert_eq!(d.item(ItemId(3)).unwrap().state, ItemState::Used);
    h.undo(&mut d).unwrap().unwrap();
    assert!(!h.can_undo());
    assert_eq!(d, desk());
}

#[test]
fn used_items_cannot_be_assigned_twice_or_spiked() {
    let mut d = desk();
    let mut h = History::new();
    let err = h.perform(
        &mut d,
        &Command::Assign {
            item: ItemId(6),
            issue: IssueId(1),
            section: 0,
            from: BulletFrom::Lead,
        },
    );
    assert!(matches!(err, Err(EditError::Refused(_))));
    assert!(
        h.perform(&mut d, &Command::ToggleSpike { item: ItemId(6) })
            .is_err()
    );
    assert_eq!(d, desk(), "a refused command changes nothing");
    assert!(!h.can_undo(), "a refused command leaves no step");
}

#[test]
fn remove_bullet_sends_every_linked_item_back_to_the_pool() {
    let mut d = desk();
    let mut h = History::new();
    h.perform(
        &mut d,
        &Command::Assign {
            item: ItemId(1),
            issue: IssueId(1),
            section: 0,
            from: BulletFrom::Lead,
        },
    )
    .unwrap();
    // Make the new bullet (index 3) a sub-point of bullet 2, then remove bullet 2's parent chain.
    h.perform(
        &mut d,
        &Command::Indent {
            issue: IssueId(1),
            path: BulletPath::top(0, 3),
        },
    )
    .unwrap();
    h.perform(
        &mut d,
        &Command::RemoveBullet {
            issue: IssueId(1),
            path: BulletPath::top(0, 2),
        },
    )
    .unwrap();
    assert_eq!(d.item(ItemId(1)).unwrap().state, ItemState::Pool);
    h.perform(
        &mut d,
        &Command::RemoveBullet {
            issue: IssueId(1),
            path: BulletPath::top(0, 0),
        },
    )
    .unwrap();
    assert_eq!(d.item(ItemId(6)).unwrap().state, ItemState::Pool);
}

#[test]
fn indent_outdent_keep_order_and_three_levels() {
    let mut d = desk();
    let mut h = History::new();
    let i = IssueId(1);
    // Bullets 0,1,2 at top; indent 1 under 0, then 2 under 0, then 2 under 1 (third level).
    h.perform(
        &mut d,
        &Command::Indent {
            issue: i,
            path: BulletPath::top(0, 1),
        },
    )
    .unwrap();
    let done = h
        .perform(
            &mut d,
            &Command::Indent {
                issue: i,
                path: BulletPath::top(0, 1),
            },
        )
        .unwrap();
    assert_eq!(done.select, Some(BulletPath::new(0, vec![0, 2])));
    let done = h
        .perform(
            &mut d,
            &Command::Indent {
                issue: i,
                path: BulletPath::new(0, vec![0, 2]),
            },
        )
        .unwrap();
    assert_eq!(done.select, Some(BulletPath::new(0, vec![0, 1, 0])));
    let issue = d.issue(i).unwrap();
    let texts: Vec<(usize, &str)> = issue
        .outline()
        .iter()
        .map(|(p, b)| (p.depth(), b.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        vec![
            (0, "North Korea criticized trilateral ties."),
            (1, "This will likely continue."),
            (2, "Third level."),
            (1, "Second bullet."),
            (2, "Third bullet."),
            (0, "Ceasefire language."),
        ]
    );
    let done = h
        .perform(
            &mut d,
            &Command::Outdent {
                issue: i,
                path: BulletPath::new(0, vec![0, 1, 0]),
            },
        )
        .unwrap();
    assert_eq!(done.select, Some(BulletPath::new(0, vec![0, 2])));
    while h.can_undo() {
        h.undo(&mut d).unwrap().unwrap();
    }
    assert_eq!(d, desk());
}

#[test]
fn refusals_at_the_edges() {
    let mut d = desk();
    let mut h = History::new();
    let i = IssueId(1);
    for cmd in [
        Command::MoveBulletUp {
            issue: i,
            path: BulletPath::top(0, 0),
        },
        Command::MoveBulletDown {
            issue: i,
            path: BulletPath::top(0, 2),
        },
        Command::Indent {
            issue: i,
            path: BulletPath::top(0, 0),
        },
        Command::Outdent {
            issue: i,
            path: BulletPath::top(0, 1),
        },
        Command::MoveSectionUp { issue: i, index: 0 },
        Command::MoveSectionDown { issue: i, index: 1 },
        Command::NewSection {
            issue: i,
            index: 0,
            name: "  ".into(),
        },
        Command::MoveToSection {
            issue: i,
            path: BulletPath::top(0, 1),
            section: 0,
        },
        Command::EditBullet {
            issue: i,
            path: BulletPath::top(0, 9),
            text: "x".into(),
        },
        Command::Assign {
            item: ItemId(99),
            issue: i,
            section: 0,
            from: BulletFrom::Lead,
        },
        Command::Assign {
            item: ItemId(1),
            issue: IssueId(9),
            section: 0,
            from: BulletFrom::Lead,
        },
    ] {
        assert!(
            h.perform(&mut d, &cmd).is_err(),
            "{cmd:?} should be refused"
        );
        assert_eq!(d, desk());
    }
}

#[test]
fn a_failing_edit_in_a_plan_rolls_back_the_ones_before_it() {
    let mut d = desk();
    let before = d.clone();
    // Insert a section, then a bullet at an impossible place: nothing must remain.
    let edits = vec![
        Edit::InsertSection {
            issue: IssueId(1),
            index: 0,
            section: Section::new(SectionId(9), "X"),
        },
        Edit::InsertBullet {
            issue: IssueId(1),
            path: BulletPath::top(0, 5),
            bullet: Bullet::new(BulletId(9), "y"),
        },
    ];
    let mut inverses = Vec::new();
    let mut failed = false;
    for e in edits {
        match e.apply(&mut d) {
            Ok(inv) => inverses.push(inv),
            Err(_) => {
                failed = true;
                break;
            }
        }
    }
    assert!(failed);
    for inv in inverses.into_iter().rev() {
        inv.apply(&mut d).unwrap();
    }
    assert_eq!(d, before);
}

#[test]
fn new_ids_never_collide() {
    let d = desk();
    assert_eq!(d.next_item_id(), ItemId(7));
    assert_eq!(d.next_issue_id(), IssueId(2));
    let issue = d.issue(IssueId(1)).unwrap();
    assert_eq!(issue.next_bullet_id(), BulletId(7));
    assert_eq!(issue.next_section_id(), SectionId(3));
}

#[test]
fn issues_are_found_by_id_or_date() {
    let mut d = desk();
    let mut other = Issue::new(
        IssueId(2),
        IssueMeta {
            title: "B".into(),
            ..IssueMeta::default()
        },
    );
    other.meta.date = chrono::NaiveDate::from_ymd_opt(2024, 7, 9);
    d.issues.insert(other.id, other);
    assert_eq!(d.find_issue("1").map(|i| i.id), Some(IssueId(1)));
    assert_eq!(d.find_issue("2024-07-09").map(|i| i.id), Some(IssueId(2)));
    assert_eq!(d.find_issue("2024-07-10"), None);
    assert_eq!(d.newest_issue().map(|i| i.id), Some(IssueId(2)));
}

/// A random user action, phrased with small numbers so many of them apply.
fn any_command() -> impl Strategy<Value = Command> {
    let i = IssueId(1);
    let path = (0usize..3, prop::collection::vec(0usize..4, 1..4))
        .prop_map(|(s, ix)| BulletPath::new(s, ix));
    prop_oneof![
        (1u64..8).prop_map(|n| Command::ToggleSpike { item: ItemId(n) }),
        (1u64..8).prop_map(|n| Command::ToggleHold { item: ItemId(n) }),
        (1u64..8, 0usize..3).prop_map(move |(n, s)| Command::Assign {
            item: ItemId(n),
            issue: i,
            section: s,
            from: BulletFrom::Lead,
        }),
        (1u64..8, "[a-z]{1,6}").prop_map(move |(n, name)| Command::AssignToNewSection {
            item: ItemId(n),
            issue: i,
            name,
            from: BulletFrom::Headline,
        }),
        (prop::collection::vec(1u64..8, 0..4), 0usize..3).prop_map(move |(ns, s)| {
            Command::AssignMany {
                items: ns.into_iter().map(ItemId).collect(),
                issue: i,
                section: s,
                new_section: None,
                from: BulletFrom::Lead,
            }
        }),
        (0usize..3, "[A-Za-z ]{0,6}").prop_map(move |(index, name)| Command::NewSection {
            issue: i,
            index,
            name
        }),
        (0usize..3).prop_map(move |index| Command::MoveSectionUp { issue: i, index }),
        (0usize..3).prop_map(move |index| Command::MoveSectionDown { issue: i, index }),
        (0usize..3).prop_map(move |index| Command::RemoveSection { issue: i, index }),
        (path.clone(), ".{0,8}").prop_map(move |(path, text)| Command::NewBullet {
            issue: i,
            path,
            text
        }),
        (path.clone(), ".{0,8}").prop_map(move |(path, text)| Command::EditBullet {
            issue: i,
            path,
            text
        }),
        path.clone()
            .prop_map(move |path| Command::ToggleAssessment { issue: i, path }),
        path.clone()
            .prop_map(move |path| Command::MoveBulletUp { issue: i, path }),
        path.clone()
            .prop_map(move |path| Command::MoveBulletDown { issue: i, path }),
        path.clone()
            .prop_map(move |path| Command::Indent { issue: i, path }),
        path.clone()
            .prop_map(move |path| Command::Outdent { issue: i, path }),
        (path.clone(), 0usize..3).prop_map(move |(path, section)| Command::MoveToSection {
            issue: i,
            path,
            section
        }),
        (path.clone(), "[a-z]{0,4}").prop_map(move |(path, outlet)| Command::SetBulletSources {
            issue: i,
            path,
            sources: vec![Source {
                outlet: Some(outlet),
                url: None,
                published: None,
                entry: None
            }],
        }),
        (path.clone(), 0usize..6).prop_map(move |(path, n)| Command::SetBulletTlp {
            issue: i,
            path,
            tlp: Tlp::ALL.get(n).copied(),
        }),
        path.prop_map(move |path| Command::RemoveBullet { issue: i, path }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random sequences of actions (refused ones included): undo all gives back the start,
    /// redo all gives back the end, and a used item is always in exactly one bullet.
    #[test]
    fn undo_all_gives_back_the_start(cmds in prop::collection::vec(any_command(), 1..40)) {
        let start = desk();
        let mut d = start.clone();
        let mut h = History::new();
        for c in &cmds {
            let before = d.clone();
            if h.perform(&mut d, c).is_err() {
                prop_assert_eq!(&d, &before, "a refused command changed the desk");
            }
        }
        let end = d.clone();
        for item in d.items.values() {
            let linked = d.issues.values()
                .flat_map(|is| is.outline().into_iter().map(|(_, b)| b.item))
                .filter(|l| *l == Some(item.id))
                .count();
            let expected = usize::from(item.state == ItemState::Used);
            prop_assert_eq!(linked, expected, "item {} in state {:?}", item.id, item.state);
        }
        while h.can_undo() {
            prop_assert!(h.undo(&mut d).is_some_and(|r| r.is_ok()));
        }
        prop_assert_eq!(&d, &start);
        while h.can_redo() {
            prop_assert!(h.redo(&mut d).is_some_and(|r| r.is_ok()));
        }
        prop_assert_eq!(&d, &end);
    }
}

/// Issue #12, point 3: an undone issue's id (and its review logs) must not go to the next
/// issue; the same for drafts. Redo gives back the same ids.
#[test]
fn ids_are_never_reused_after_undo_and_redo_gives_the_same_ids() {
    let mut d = desk();
    let mut h = History::new();
    let issue = Issue::new(IssueId(2), IssueMeta::default());
    h.perform(&mut d, &Command::NewIssue { issue }).unwrap();
    let items = vec![item(7, "Seventh"), item(8, "Eighth")];
    h.perform(&mut d, &Command::AddItems { items }).unwrap();
    assert_eq!(
        (d.next_item_id(), d.next_issue_id()),
        (ItemId(9), IssueId(3))
    );
    h.undo(&mut d).unwrap().unwrap();
    h.undo(&mut d).unwrap().unwrap();
    assert_eq!(d, desk(), "undo gives back the drafts and issues");
    assert_eq!(d.next_issue_id(), IssueId(3), "issue 2 stays spent");
    assert_eq!(d.next_item_id(), ItemId(9), "items 7 and 8 stay spent");
    h.redo(&mut d).unwrap().unwrap();
    h.redo(&mut d).unwrap().unwrap();
    assert!(d.issue(IssueId(2)).is_some() && d.item(ItemId(8)).is_some());
    assert_eq!(
        (d.next_item_id(), d.next_issue_id()),
        (ItemId(9), IssueId(3))
    );
    // Removing the newest issue by hand does not lower the mark either.
    Edit::RemoveIssue { id: IssueId(2) }.apply(&mut d).unwrap();
    assert_eq!(d.next_issue_id(), IssueId(3));
}
