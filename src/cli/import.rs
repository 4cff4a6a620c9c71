//! `briefdesk import`: drafts or issues from files, every file read before the desk opens.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use super::desk::{open_locked, perform};
use crate::format::import;
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

pub(super) fn import_files(
    flag: Option<&Path>,
    format: Option<import::Format>,
    files: &[PathBuf],
) -> Result<()> {
    // Read and parse every file before touching the desk: one bad file changes nothing.
    let mut parsed = Vec::with_capacity(files.len());
    for f in files {
        let bytes = read_input(f)?;
        let what = import::read(&bytes, format).map_err(|e| anyhow!("{}: {e}", name(f)))?;
        parsed.push((f, bytes, what));
    }
    let dir = Store::resolve_dir(flag)?;
    let lock = match Store::lock_dir(&dir) {
        Ok(lock) => lock,
        // A live session on this host holds the desk: hand it the files through its inbox.
        // (One on another host may be gone, its files never taken in: refused as before.)
        Err(store::Locked::Held { holder, .. }) if holder.host == store::identity::host_name() => {
            return queue(&dir, &holder, format, parsed);
        }
        Err(e) => bail!("{e}; nothing was changed"),
    };
    let (mut store, mut desk, _lock) = open_locked(&dir, lock)?;
    let mut added = super::import_undo::Added::default();
    for (f, _, what) in parsed {
        let (cmd, report) = import::plan_import(&desk, what);
        if let Some(cmd) = &cmd {
            perform(&mut store, &mut desk, cmd)?;
            added.note(cmd);
        }
        tell!("{}: {}", name(f), describe(&report));
    }
    // Saved: now what `import --undo-last` may take back.
    let names: Vec<String> = files.iter().map(|f| name(f)).collect();
    if let Err(e) = added.record(&dir, &desk, names) {
        tell!("warning: {e}: `briefdesk import --undo-last` cannot take this import back");
    }
    Ok(())
}

/// The files, already checked, queued raw into the desk's `inbox/` for the session that
/// holds it (it takes them in on its next look, within a second).
fn queue(
    dir: &Path,
    holder: &store::LockHolder,
    format: Option<import::Format>,
    parsed: Vec<(&PathBuf, Vec<u8>, import::Parsed)>,
) -> Result<()> {
    let n = parsed.len();
    for (i, (f, bytes, what)) in parsed.into_iter().enumerate() {
        store::inbox::queue(dir, &bytes, format.map(import::Format::name)).map_err(|e| {
            let before = match i {
                0 => "nothing was queued".to_string(),
                _ => format!("the {i} file{} before it were queued", plural(i)),
            };
            anyhow!("{}: {e}; {before}", name(f))
        })?;
        let (count, thing) = held(&what.what);
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
