use super::atomic::{is_temp_name, temp_pid, write_atomic_with};
use super::faults::Faults;
use std::fs;
use std::path::Path;

use super::doc::{ChunkIn, parse_doc};
use super::layout::{FileKey, numbered_json};
use super::*;
use crate::model::{Edit, IssueId, Item, ItemId, Touch};

#[test]
fn temp_names_and_pids() {
    assert!(is_temp_name(".000001.json.tmp-123-7"));
    assert!(!is_temp_name("000001.json"));
    assert_eq!(temp_pid(".desk.json.tmp-4242-0"), Some(4242));
    assert_eq!(temp_pid(".x.tmp-oops"), None);
}

#[test]
fn numbered_file_names() {
    assert_eq!(numbered_json("000042.json"), Some(42));
    assert_eq!(numbered_json("7.json"), Some(7));
    assert_eq!(numbered_json("x7.json"), None);
    assert_eq!(numbered_json(".json"), None);
    assert_eq!(numbered_json("7.json.1"), None);
}

#[test]
fn parse_doc_tells_errors_apart() {
    let p = Path::new("d/x.json");
    let e = parse_doc::<ChunkIn>(
        p,
        b"{\"briefdesk\": \"items\",\n \"schema\": 1, \"items\": [}",
        "items",
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(e.starts_with("d/x.json, line 2, column "), "{e}");
    let e = parse_doc::<ChunkIn>(p, b"{\"briefdesk\": \"items\"", "items");
    assert!(matches!(e, Err(StoreError::Truncated { .. })));
    let e = parse_doc::<ChunkIn>(p, b"\"items\"", "items");
    assert!(matches!(e, Err(StoreError::Foreign { .. })));
    let e = parse_doc::<ChunkIn>(p, b"{\"briefdesk\": \"issue\", \"schema\": 1}", "items");
    assert!(matches!(e, Err(StoreError::Foreign { .. })));
    let e = parse_doc::<ChunkIn>(p, b"{\"briefdesk\": \"items\", \"schema\": 99}", "items");
    assert!(matches!(e, Err(StoreError::Newer { schema: 99, .. })));
    let e = parse_doc::<ChunkIn>(p, b"{\"briefdesk\": \"items\"}", "items");
    assert!(matches!(e, Err(StoreError::Invalid { .. })));
    let ok = parse_doc::<ChunkIn>(
        p,
        b"{\"briefdesk\": \"items\", \"schema\": 1, \"items\": []}",
        "items",
    );
    assert!(ok.is_ok_and(|c| c.items.is_empty() && c.seq == 0));
}

#[test]
fn write_atomic_replaces_and_leaves_no_temp() -> Result<(), Box<dyn std::error::Error>> {
    let t = tempfile::tempdir()?;
    let p = t.path().join("f.json");
    write_atomic(&p, b"one")?;
    write_atomic(&p, b"two")?;
    assert_eq!(fs::read(&p)?, b"two");
    assert_eq!(fs::read_dir(t.path())?.count(), 1);
    // A real error (no such directory) says where, and leaves nothing.
    let e = write_atomic(&t.path().join("missing/f.json"), b"x");
    assert!(e.is_err_and(|e| e.to_string().contains("missing does not exist")));
    Ok(())
}

#[test]
fn crash_during_write_leaves_old_file_and_half_temp() -> Result<(), Box<dyn std::error::Error>> {
    let t = tempfile::tempdir()?;
    let p = t.path().join("f.json");
    write_atomic(&p, b"old contents")?;
    for n in 1..=5 {
        let mut faults = Faults {
            crash_at: Some(n),
            count: 0,
            disk_full: false,
        };
        let r = write_atomic_with(&p, b"new contents", None, &mut faults);
        assert!(matches!(r, Err(StoreError::Crashed { .. })), "point {n}");
        let now = fs::read(&p)?;
        assert!(
            now == b"old contents" || now == b"new contents",
            "point {n}"
        );
        write_atomic(&p, b"old contents")?;
    }
    Ok(())
}

#[test]
fn chunk_of_touch() {
    assert_eq!(FileKey::of(Touch::Item(ItemId(63))), FileKey::Chunk(0));
    assert_eq!(FileKey::of(Touch::Item(ItemId(64))), FileKey::Chunk(1));
    assert_eq!(FileKey::of(Touch::Issue(IssueId(9))), FileKey::Issue(9));
}

#[test]
fn files_follow_the_desk_directory_permissions() -> Result<(), Box<dyn std::error::Error>> {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).map(|m| m.permissions().mode() & 0o7777);
    let t = tempfile::tempdir()?;
    // A new desk is private to its maker.
    let solo = t.path().join("solo");
    drop(Store::open(&solo)?);
    assert_eq!(mode(&solo)?, 0o700);
    // A team desk: the directory given to a group, setgid; every file made in it follows,
    // whatever the umask.
    let team = t.path().join("team");
    fs::create_dir(&team)?;
    fs::set_permissions(&team, fs::Permissions::from_mode(0o2770))?;
    let (mut store, mut desk) = Store::open(&team)?;
    let item = Item::new(ItemId(1), "Headline", vec!["Body.".into()]);
    let edit = Edit::InsertItem { item };
    store.append_journal(std::slice::from_ref(&edit))?;
    edit.apply(&mut desk)?;
    store.save(&desk, &[Touch::Item(ItemId(1))])?;
    assert_eq!(mode(&team.join(DESK_FILE))?, 0o660);
    assert_eq!(mode(&team.join(JOURNAL_FILE))?, 0o660);
    assert_eq!(mode(&team.join(ITEMS_DIR))?, 0o2770);
    for entry in fs::read_dir(team.join(ITEMS_DIR))? {
        assert_eq!(mode(&entry?.path())?, 0o660);
    }
    Ok(())
}

#[test]
fn a_write_into_a_missing_directory_says_so_plainly() {
    // #15 point 8: the directory the user named, never our temp file's name.
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("nodir").join("sub");
    let e = write_atomic(&dir.join("d.md"), b"x")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        e,
        format!(
            "the directory {} does not exist: create it or pick another directory; nothing was written",
            dir.display()
        )
    );
    assert!(!tmp.path().join("nodir").exists());
}
