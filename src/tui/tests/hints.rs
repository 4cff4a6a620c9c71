//! The status line's key hints at 80 columns (#15 point 9): the newcomer's keys stay.

use super::{app, ch, screen};

#[test]
fn at_80_columns_palette_help_and_quit_stay_in_every_pane() {
    let mut app = app();
    for pane in ['1', '2', '3'] {
        ch(&mut app, pane);
        let s = screen(&app, 80, 24);
        let hints = s.lines().nth(23).unwrap_or_default();
        for want in [": palette", "? help", "q quit"] {
            assert!(
                hints.contains(want),
                "pane {pane}: {want:?} missing from {hints:?}"
            );
        }
    }
    ch(&mut app, '1');
    insta::assert_snapshot!("hints_drafts_80x24", screen(&app, 80, 24));
}
