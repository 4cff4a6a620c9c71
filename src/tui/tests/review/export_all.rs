//! The export dialog's assessment style (`Ctrl-a`) and "all formats" (Tab past json): the
//! same files and bytes as `briefdesk export --assessments … --format all`.

use crate::format::export::{self, AssessmentStyle, Format};
use crate::ops::publish;

use super::*;

fn dialog(app: &App) -> &Export {
    match app.dialog::<Export>() {
        Some(st) => st,
        None => panic!("the export dialog is not open"),
    }
}

fn set_path(app: &mut App, path: &std::path::Path) {
    let Some(st) = app.dialog_mut::<Export>() else {
        panic!("the export dialog is not open");
    };
    st.path = path.display().to_string();
}

#[test]
fn ctrl_a_steps_the_assessment_style_and_the_file_has_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, _disk) = setup(false, "ed", vec![]);
    ch(&mut app, 'x');
    assert_eq!(dialog(&app).style, AssessmentStyle::Label);
    ctrl(&mut app, 'a');
    assert_eq!(dialog(&app).style, AssessmentStyle::Italic);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Assessments:  label   italic   plain"), "{s}");
    set_path(&mut app, &dir.path().join("d.md"));
    press(&mut app, KeyCode::Enter);
    let text = std::fs::read_to_string(dir.path().join("d.md")).expect("written");
    let italic = export::Options {
        assessments: AssessmentStyle::Italic,
        ..export::Options::default()
    };
    assert_eq!(
        text,
        export::export(&issue1(&app), Format::Md, &italic).text
    );
    assert_ne!(
        text,
        export::export(&issue1(&app), Format::Md, &export::Options::default()).text,
        "the test issue has an assessment, so the style shows"
    );
    // Plain, then label again.
    ctrl(&mut app, 'a');
    ctrl(&mut app, 'a');
    assert_eq!(dialog(&app).style, AssessmentStyle::Label);
    assert_eq!(dialog(&app).stage, Stage::Editing);
}

#[test]
fn tab_past_json_is_all_formats_named_from_the_stem() {
    let (mut app, _disk) = setup(false, "ed", vec![]);
    ch(&mut app, 'x');
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    let st = dialog(&app);
    assert!(st.all);
    assert_eq!(st.path, "digest-2024-10-21");
    ctrl(&mut app, 'a');
    insta::assert_snapshot!("export_all_formats_80x24", screen(&app, 80, 24));
    // Tab again: md, the ending back on.
    press(&mut app, KeyCode::Tab);
    let st = dialog(&app);
    assert_eq!(
        (st.all, st.format, st.path.as_str()),
        (false, Format::Md, "digest-2024-10-21.md")
    );
}

#[test]
fn all_formats_writes_four_files_records_each_and_says_so_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (app0, _) = setup(false, "ed", vec![]);
    let approved = issue1(&app0);
    let (mut app, disk) = setup(
        false,
        "ed",
        vec![status("rita", 1, Status::Approved, Some(&approved))],
    );
    ch(&mut app, 'x');
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'a'); // italic
    let stem = dir.path().join("digest");
    set_path(&mut app, &stem);
    press(&mut app, KeyCode::Enter);
    let files: Vec<std::path::PathBuf> = publish::all_paths(&stem)
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    match &dialog(&app).stage {
        Stage::WroteAll {
            files: wrote,
            warnings,
        } => {
            assert_eq!(wrote, &files);
            // The formats' own warnings (the test issue has an empty section), each once.
            assert!(
                warnings.iter().any(|w| w.contains("has no bullets")),
                "{warnings:?}"
            );
            let mut once = warnings.clone();
            once.dedup();
            assert_eq!(&once, warnings);
        }
        other => panic!("not written: {other:?}"),
    }
    let italic = export::Options {
        assessments: AssessmentStyle::Italic,
        ..export::Options::default()
    };
    for (f, p) in publish::all_paths(&stem) {
        let text = std::fs::read_to_string(&p).expect("written");
        assert_eq!(
            text,
            export::export(&issue1(&app), f, &italic).text,
            "{f:?}"
        );
    }
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let said = message(&app);
    assert!(
        said.starts_with(&format!("wrote {}; warning: ", names.join(", "))),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1);
    let exported = disk
        .borrow()
        .events
        .iter()
        .filter(|(_, e)| {
            matches!(
                &e.kind,
                EventKind::Status {
                    to: Status::Exported,
                    ..
                }
            )
        })
        .count();
    assert_eq!(exported, 4, "each file is recorded as its own export");

    // Again: the files exist, so Enter asks first; Enter again overwrites.
    press(&mut app, KeyCode::Tab); // md
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    set_path(&mut app, &stem);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        dialog(&app).stage,
        Stage::ConfirmOverwrite(files[0].clone())
    );
    press(&mut app, KeyCode::Enter);
    assert!(matches!(dialog(&app).stage, Stage::WroteAll { .. }));
}

#[test]
fn all_formats_stops_at_the_first_failure_and_says_what_came_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, _disk) = setup(false, "ed", vec![]);
    std::fs::create_dir(dir.path().join("d.txt")).expect("a directory in the way");
    ch(&mut app, 'x');
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    // d.txt exists (a directory): asked first, then it fails there.
    set_path(&mut app, &dir.path().join("d"));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    match &dialog(&app).stage {
        Stage::Failed(line) => {
            assert!(
                line.starts_with(&format!("{}: ", dir.path().join("d.txt").display())),
                "{line}"
            );
            assert!(
                line.ends_with(&format!(
                    "written before it: {}",
                    dir.path().join("d.md").display()
                )),
                "{line}"
            );
            assert_eq!(&message(&app), line);
        }
        other => panic!("not refused: {other:?}"),
    }
    assert!(!dir.path().join("d.html").exists());
}
