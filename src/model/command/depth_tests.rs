use super::*;
use crate::model::BulletId;
use crate::model::issue::tests::nested;
use crate::model::{Bullet, Desk, EditError, MAX_DEPTH, TOO_DEEP};

/// A desk with `nested(levels)` as issue 1.
fn desk_with(levels: usize) -> Desk {
    let mut desk = Desk::new();
    let issue = nested(levels);
    desk.issues.insert(issue.id, issue);
    desk
}

/// The path of the one bullet at `depth` in `nested`.
fn at(depth: usize) -> BulletPath {
    BulletPath::new(0, vec![0; depth + 1])
}

fn refused(r: Result<Plan, EditError>) -> String {
    match r {
        Err(EditError::Refused(msg)) => msg,
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn indent_goes_down_to_the_limit_and_no_further() {
    let mut desk = desk_with(MAX_DEPTH - 1);
    let issue = IssueId(1);
    // A second bullet beside the deepest one, at level 15: `>` takes it to 16.
    let beside = at(MAX_DEPTH - 1).with_last(1);
    let new = Command::NewBullet {
        issue,
        path: beside.clone(),
        text: "beside".into(),
    };
    let mut history = crate::model::History::default();
    history.perform(&mut desk, &new).unwrap();
    let indent = Command::Indent {
        issue,
        path: beside,
    };
    let done = history.perform(&mut desk, &indent).unwrap();
    assert_eq!(done.select.as_ref().map(BulletPath::depth), Some(MAX_DEPTH));
    assert_eq!(desk.issue(issue).unwrap().check(), Ok(()));

    // Another at level 16 cannot go to 17.
    let beside = at(MAX_DEPTH).with_last(1);
    history
        .perform(
            &mut desk,
            &Command::NewBullet {
                issue,
                path: beside.clone(),
                text: "too deep".into(),
            },
        )
        .unwrap();
    let msg = refused(
        Command::Indent {
            issue,
            path: beside,
        }
        .plan(&desk),
    );
    assert_eq!(msg, TOO_DEEP);
}

#[test]
fn indent_counts_the_sub_points_that_move_with_the_bullet() {
    // A top-level bullet with 16 levels below it, after another: `>` would take its
    // deepest sub-point to 17.
    let mut desk = desk_with(MAX_DEPTH);
    let issue = desk.issues.get_mut(&IssueId(1)).unwrap();
    let mut chain = nested(MAX_DEPTH).sections.remove(0).bullets.remove(0);
    fn renumber(b: &mut Bullet, next: &mut u64) {
        b.id = BulletId(*next);
        *next += 1;
        b.sub_points.iter_mut().for_each(|s| renumber(s, next));
    }
    renumber(&mut chain, &mut 100);
    issue.sections[0].bullets.push(chain);
    let msg = refused(
        Command::Indent {
            issue: IssueId(1),
            path: BulletPath::top(0, 1),
        }
        .plan(&desk),
    );
    assert_eq!(msg, TOO_DEEP);
}

#[test]
fn a_new_issue_deeper_than_the_limit_is_refused() {
    let desk = Desk::new();
    let msg = refused(
        Command::NewIssue {
            issue: nested(MAX_DEPTH + 1),
        }
        .plan(&desk),
    );
    assert!(msg.contains(TOO_DEEP), "{msg}");
    assert!(
        Command::NewIssue {
            issue: nested(MAX_DEPTH)
        }
        .plan(&desk)
        .is_ok()
    );
}
