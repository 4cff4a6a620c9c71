//! `briefdesk import`: drafts or issues from files, every file read before the desk opens.

use std::collections::HashSet;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use super::desk::{open_locked, perform};
use crate::format::import;
use crate::format::mojibake::Repairs;
use crate::format::stream::{self, Streamed};
use crate::model::{Command, Item, ItemId};
use crate::store::{self, Store};

pub(super) fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow!("{}: no such file: check the path", path.display()),
        _ => anyhow!("{}: cannot read: {e}", path.display()),
    })
}

/// A file read and checked before the desk is touched.
enum Input<'a> {
    /// Read whole: its bytes and what it holds.
    Whole(&'a PathBuf, Vec<u8>, import::Parsed),
    /// A live-updates page read as a stream (issue #19): checked to the end, each draft's
    /// fingerprint in page order; it is read once more as it is written.
    Streamed(&'a PathBuf, Checked),
}

struct Checked {
    fingerprints: Vec<u64>,
    repaired: Repairs,
}

pub(super) fn import_files(
    flag: Option<&Path>,
    format: Option<import::Format>,
    files: &[PathBuf],
) -> Result<()> {
    // Read and parse every file before touching the desk: one bad file changes nothing.
    let mut inputs = Vec::with_capacity(files.len());
    for f in files {
        if let Some(checked) = check_streamed(f, format)? {
            inputs.push(Input::Streamed(f, checked));
            continue;
        }
        let bytes = read_input(f)?;
        let what = import::read(&bytes, format).map_err(|e| anyhow!("{}: {e}", name(f)))?;
        inputs.push(Input::Whole(f, bytes, what));
    }
    let dir = Store::resolve_dir(flag)?;
    let lock = match Store::lock_dir(&dir) {
        Ok(lock) => lock,
        // A live session on this host holds the desk: hand it the files through its inbox.
        // (One on another host may be gone, its files never taken in: refused as before.)
        Err(store::Locked::Held { holder, .. }) if holder.host == store::identity::host_name() => {
            return queue(&dir, &holder, format, inputs);
        }
        Err(e) => bail!("{e}; nothing was changed"),
    };
    // Only streamed pages: the desk's drafts are not held, only their fingerprints.
    let lean = inputs.iter().all(|i| matches!(i, Input::Streamed(..)));
    let (mut store, mut desk, mut known, _lock) =
        match lean.then(|| Store::open_for_import(&dir)).flatten() {
            Some((store, desk, known)) => (store, desk, known, lock),
            None => {
                let (store, desk, lock) = open_locked(&dir, lock)?;
                let known = desk.items.values().map(Item::fingerprint).collect();
                (store, desk, known, lock)
            }
        };
    let mut added = super::import_undo::Added::default();
    for input in inputs {
        match input {
            Input::Whole(f, _, what) => {
                // `known` also has what a streamed file before it put on disk only.
                let (cmd, report) = import::plan_import_known(&desk, what, &known);
                if let Some(cmd) = &cmd {
                    perform(&mut store, &mut desk, cmd)?;
                    added.note(cmd);
                }
                tell!("{}: {}", name(f), describe(&report));
            }
            Input::Streamed(f, checked) => {
                let report = stream_in(
                    &mut store, &mut desk, f, format, checked, &mut known, &mut added,
                )?;
                tell!("{}: {}", name(f), describe(&report));
            }
        }
    }
    // Saved: now what `import --undo-last` may take back.
    let names: Vec<String> = files.iter().map(|f| name(f)).collect();
    if let Err(e) = added.record(&dir, &desk, names) {
        tell!("warning: {e}: `briefdesk import --undo-last` cannot take this import back");
    }
    Ok(())
}

/// A live-updates page in a file (not standard input, which cannot be read twice), read as
/// a stream to the end: every check a whole read makes, each draft's fingerprint kept.
/// `None`: read it whole (another format, or not plainly a live page).
fn check_streamed(f: &Path, format: Option<import::Format>) -> Result<Option<Checked>> {
    if f == Path::new("-") || !matches!(format, None | Some(import::Format::Live)) {
        return Ok(None);
    }
    if !std::fs::metadata(f).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let file = open_page(f)?;
    let mut fingerprints = Vec::new();
    let forced = format.is_some();
    let read = stream::read_live(BufReader::with_capacity(PIECE, file), forced, |item| {
        fingerprints.push(item.fingerprint());
        Ok(())
    })
    .map_err(|e| anyhow!("{}: {e}", name(f)))?;
    Ok(match read {
        Streamed::Done { repaired, .. } => Some(Checked {
            fingerprints,
            repaired,
        }),
        Streamed::Whole => None,
    })
}

/// How much of a page is read at a time.
const PIECE: usize = 1 << 20;

fn open_page(f: &Path) -> Result<std::fs::File> {
    std::fs::File::open(f).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow!("{}: no such file: check the path", f.display()),
        _ => anyhow!("{}: cannot read: {e}", f.display()),
    })
}

/// Import a checked page as it is read again: each draft deduplicated by fingerprint
/// against the desk (and the drafts this run streamed before), given its id, and written
/// into chunk files aside; one journal line makes them the desk's (`Store::begin_import`).
/// One step for `import --undo-last`, as any import.
fn stream_in(
    store: &mut Store,
    desk: &mut crate::model::Desk,
    f: &Path,
    format: Option<import::Format>,
    checked: Checked,
    known: &mut HashSet<u64>,
    added: &mut super::import_undo::Added,
) -> Result<import::ImportReport> {
    let Checked {
        fingerprints,
        repaired,
    } = checked;
    // Which drafts are new: the first of each fingerprint, unless the desk (`known`: its
    // drafts and those imported before in this run) has it. On a failure the command
    // stops, so `known` may take them at once.
    let kept: Vec<bool> = fingerprints.iter().map(|fp| known.insert(*fp)).collect();
    let n = kept.iter().filter(|k| **k).count();
    let report = import::ImportReport {
        items_added: n,
        items_skipped_duplicate: fingerprints.len() - n,
        repaired,
        ..import::ImportReport::default()
    };
    if n == 0 {
        return Ok(report);
    }
    let changed = || {
        anyhow!(
            "{}: the file changed while it was imported: import it again; nothing was changed",
            name(f)
        )
    };
    let mut writer = store
        .begin_import(desk, n as u64)
        .map_err(|e| anyhow!("{e}; nothing was changed"))?;
    let top = writer.first_id() + n as u64;
    let (mut at, mut given) = (0usize, 0u64);
    let mut failed: Option<store::StoreError> = None;
    let read = stream::read_live(
        BufReader::with_capacity(PIECE, open_page(f)?),
        format.is_some(),
        |item| {
            let (Some(fp), Some(keep)) = (fingerprints.get(at), kept.get(at)) else {
                return Err(import::ImportError::Other(String::new()));
            };
            at += 1;
            if item.fingerprint() != *fp {
                return Err(import::ImportError::Other(String::new()));
            }
            if !keep {
                return Ok(());
            }
            given += 1;
            let mut item = item;
            item.id = ItemId(top - given);
            // The one rule for text entering the desk, as `Command::plan` applies it.
            let cmd = Command::Import {
                items: vec![item],
                issues: Vec::new(),
            };
            let Command::Import { mut items, .. } = cmd.sanitized().into_owned() else {
                return Err(import::ImportError::Other(String::new()));
            };
            let Some(item) = items.pop() else {
                return Err(import::ImportError::Other(String::new()));
            };
            writer.add(item).map_err(|e| {
                let msg = e.to_string();
                failed = Some(e);
                import::ImportError::Other(msg)
            })
        },
    );
    if let Some(e) = failed {
        bail!("not saved, nothing was changed: {e}");
    }
    match read {
        Ok(Streamed::Done { drafts, .. })
            if drafts as usize == fingerprints.len() && at == fingerprints.len() => {}
        // Not a change of the file: a failure to read it again.
        Err(import::ImportError::Other(e)) if !e.is_empty() => {
            bail!("{}: {e}; nothing was changed", name(f))
        }
        _ => return Err(changed()),
    }
    let done = writer.commit(desk).map_err(|e| {
        if !e.journaled {
            anyhow!("not saved, nothing was changed: {e}")
        } else if e.error.is_out_of_space() {
            anyhow!(
                "journaled, not saved: will be saved on the next write when space is free ({e})"
            )
        } else {
            anyhow!("journaled, not saved: {e}; the next open replays the journal")
        }
    })?;
    added.note_streamed(done.added);
    Ok(report)
}

/// The files, already checked, queued raw into the desk's `inbox/` for the session that
/// holds it (it takes them in on its next look, within a second).
fn queue(
    dir: &Path,
    holder: &store::LockHolder,
    format: Option<import::Format>,
    inputs: Vec<Input<'_>>,
) -> Result<()> {
    let n = inputs.len();
    for (i, input) in inputs.into_iter().enumerate() {
        // A streamed page is queued whole, as any file: the session reads it whole.
        let (f, bytes, (count, thing)) = match input {
            Input::Whole(f, bytes, what) => (f, bytes, held(&what.what)),
            Input::Streamed(f, checked) => {
                (f, read_input(f)?, (checked.fingerprints.len(), "draft"))
            }
        };
        store::inbox::queue(dir, &bytes, format.map(import::Format::name)).map_err(|e| {
            let before = match i {
                0 => "nothing was queued".to_string(),
                _ => format!("the {i} file{} before it were queued", plural(i)),
            };
            anyhow!("{}: {e}; {before}", name(f))
        })?;
        let verb = if n == 1 && count == 1 {
            "it appears"
        } else {
            "they appear"
        };
        tell!(
            "{}: {count} {thing}{} queued for the open desk held by {}@{}; {verb} within 2 s",
            name(f),
            plural(count),
            holder.user,
            holder.host,
        );
    }
    Ok(())
}

/// How many drafts or issues a file holds, for the queue line.
fn held(what: &import::Imported) -> (usize, &'static str) {
    match what {
        import::Imported::Items(items) => (items.len(), "draft"),
        import::Imported::Issue(_) => (1, "issue"),
        import::Imported::Issues(issues) => (issues.len(), "issue"),
    }
}

pub(super) fn name(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".into()
    } else {
        path.display().to_string()
    }
}

pub(super) fn describe(r: &import::ImportReport) -> String {
    let mut parts = Vec::new();
    if r.items_added > 0
        || (r.items_skipped_duplicate == 0 && r.issues_added + r.issues_skipped_duplicate == 0)
    {
        parts.push(format!(
            "{} draft{} added",
            r.items_added,
            plural(r.items_added)
        ));
    }
    if r.items_skipped_duplicate > 0 {
        parts.push(format!(
            "{} draft{} already on the desk, skipped",
            r.items_skipped_duplicate,
            plural(r.items_skipped_duplicate)
        ));
    }
    if r.issues_added > 0 {
        parts.push(format!(
            "{} issue{} added",
            r.issues_added,
            plural(r.issues_added)
        ));
    }
    match r.issues_skipped_duplicate {
        0 => {}
        1 => parts.push("the issue is already on the desk, skipped".to_string()),
        n => parts.push(format!("{n} issues already on the desk, skipped")),
    }
    if r.repaired.count > 0 {
        let n = r.repaired.count;
        let mut s = format!("repaired {n} mis-decoded character{}", plural(n));
        if let Some((was, now)) = &r.repaired.example {
            s.push_str(&format!(" (e.g. {was} -> {now})"));
        }
        parts.push(s);
    }
    parts.join("; ")
}

pub(super) use crate::model::text::plural;
