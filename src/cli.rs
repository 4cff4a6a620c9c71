//! The command line: `briefdesk [--desk DIR] [COMMAND]`, as DESIGN.md sets it out.
//!
//! Each command is a thin sequence: open the desk, run model commands through the history
//! (the same path the TUI takes), save what they touched, say what happened in one line.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand, ValueEnum};

use crate::export::{self, AssessmentStyle};
use crate::filter::Matcher;
use crate::import;
use crate::model::doc::ItemsDoc;
use crate::model::review::{Event, Transition};
use crate::model::{
    Command, Desk, History, Issue, IssueId, IssueMeta, Review, Section, SectionId, Status,
};
use crate::store::{self, Store};
use crate::tui;

/// One line on stderr, through the display filter: file names, lock holders and log authors
/// come from a shared directory anyone in the group can plant things in, so no line a command
/// tells goes to the terminal unfiltered. A closed stderr is not an error (nor a panic).
macro_rules! tell {
    ($($arg:tt)*) => {
        tell_line(&mut std::io::stderr(), &format!($($arg)*))
    };
}

/// The same for a line of a report on stdout (`doctor`).
macro_rules! report {
    ($($arg:tt)*) => {
        tell_line(&mut std::io::stdout(), &format!($($arg)*))
    };
}

/// Write one line made safe for a terminal ([`crate::model::text::for_display`]: controls
/// shown as symbols, newlines as spaces, so it stays one line).
fn tell_line(to: &mut dyn Write, line: &str) {
    let _ = writeln!(to, "{}", crate::model::text::for_display(line));
}

#[derive(Debug, Parser)]
#[command(
    name = "briefdesk",
    version,
    about = "A terminal editorial desk for a weekly security digest"
)]
pub struct Cli {
    /// The desk directory (default: $BRIEFDESK_DIR, else the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub desk: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

impl Cli {
    /// Does this command run the full-screen desk (rather than print and exit)?
    pub fn opens_desk(&self) -> bool {
        matches!(
            self.command,
            None | Some(Cmd::Demo) | Some(Cmd::Review { .. })
        )
    }
}

/// A printing command whose reader went away (`briefdesk list drafts | head`) ends quietly,
/// as `cat` or `grep` do, instead of failing with "Broken pipe" or panicking in `println!`:
/// SIGPIPE back to the default. Not for the desk itself, which must never die on a write.
pub fn quiet_on_closed_pipe(cli: &Cli) {
    if !cli.opens_desk() {
        // SAFETY: setting a signal's disposition to the default is async-signal-safe and
        // done before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Open a temporary copy of the built-in demo desk.
    Demo,
    /// Add drafts or issues from files (`-` reads standard input); the format is detected.
    Import {
        /// Force the input format instead of detecting it.
        #[arg(long, value_enum)]
        format: Option<import::Format>,
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Work with issues.
    #[command(subcommand)]
    Issue(IssueCmd),
    /// List drafts or issues.
    List {
        #[arg(value_enum)]
        what: ListWhat,
        /// Fuzzy filter, the same matcher as the desk's `/`.
        #[arg(long, value_name = "QUERY")]
        filter: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Render an issue to Markdown, plain text, HTML or JSON.
    Export {
        /// The issue's id or date (YYYY-MM-DD); default the newest.
        #[arg(long, value_name = "ID|DATE")]
        issue: Option<String>,
        #[arg(long, value_enum, default_value_t = export::Format::Md)]
        format: export::Format,
        /// How assessments are marked in md and html.
        #[arg(long, value_enum, default_value_t = AssessmentStyle::Label)]
        assessments: AssessmentStyle,
        /// Write to this file (atomically) instead of standard output; records the export
        /// in the issue's review history.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Refuse (exit 1, nothing written) unless the issue is approved as it reads now.
        #[arg(long)]
        require_approved: bool,
    },
    /// What changed in an issue since it was last approved or exported.
    Diff {
        /// The issue's id or date (YYYY-MM-DD); default the newest.
        #[arg(long, value_name = "ID|DATE")]
        issue: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Open the desk read-only, for review.
    Review {
        #[arg(long, value_name = "ID|DATE")]
        issue: Option<String>,
    },
    /// Check every desk file; with --restore, bring damaged or missing ones back from their
    /// backups and replay what a damaged journal still holds.
    Doctor {
        #[arg(long)]
        restore: bool,
        /// Take files that are gone and have no backup off the desk's list (what they held
        /// is lost; their ids stay spent).
        #[arg(long)]
        forget_missing: bool,
        /// Remove the desk's lock on purpose (a session on another host that is gone).
        #[arg(long)]
        break_lock: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum IssueCmd {
    /// Start a new issue.
    New {
        title: String,
        /// The issue date (YYYY-MM-DD); default: read from the title, else today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        tagline: Option<String>,
        /// The heading above the sections ("Global Security Matters").
        #[arg(long)]
        group: Option<String>,
        /// A section to start with (repeat for more).
        #[arg(long = "section", value_name = "NAME")]
        sections: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    Drafts,
    Issues,
}

/// The demo desk's texts, built into the binary so `demo` works from any directory.
const DEMO_LIVE: &[u8] = include_bytes!("../data/demo/live-updates.txt");
const DEMO_DIGEST: &[u8] = include_bytes!("../data/demo/digest.txt");

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => open_tui(cli.desk.as_deref(), tui::Options::default()),
        Some(Cmd::Demo) => demo(),
        Some(Cmd::Import { format, files }) => import_files(cli.desk.as_deref(), format, &files),
        Some(Cmd::Issue(IssueCmd::New {
            title,
            date,
            tagline,
            group,
            sections,
        })) => new_issue(cli.desk.as_deref(), title, date, tagline, group, sections),
        Some(Cmd::List { what, filter, json }) => {
            list(cli.desk.as_deref(), what, filter.as_deref(), json)
        }
        Some(Cmd::Export {
            issue,
            format,
            assessments,
            output,
            require_approved,
        }) => export_issue(
            cli.desk.as_deref(),
            issue.as_deref(),
            format,
            assessments,
            output.as_deref(),
            require_approved,
        ),
        Some(Cmd::Diff { issue, json }) => diff(cli.desk.as_deref(), issue.as_deref(), json),
        Some(Cmd::Review { issue }) => review(cli.desk.as_deref(), issue.as_deref()),
        Some(Cmd::Doctor {
            restore,
            forget_missing,
            break_lock,
        }) => {
            if break_lock {
                unlock(cli.desk.as_deref())?;
            }
            doctor(cli.desk.as_deref(), restore, forget_missing)
        }
    }
}

/// Open the desk to change it: the lock first, so no two writers ever load, repair or save
/// the same desk at once. The lock is held until the returned `Lock` drops.
fn open_to_write(flag: Option<&Path>) -> Result<(Store, Desk, store::Lock)> {
    let dir = Store::resolve_dir(flag)?;
    let lock = Store::lock_dir(&dir).map_err(|e| anyhow!("{e}; nothing was changed"))?;
    let (store, desk, notices) = Store::open_with_notices(&dir)?;
    // What the open repaired (a journal replayed, a torn line skipped) is said, not hidden.
    for n in notices.iter().filter(|n| n.contains("journal")) {
        tell!("briefdesk: {n}");
    }
    Ok((store, desk, lock))
}

/// Open the desk to read it: no lock, nothing written, whoever else has it open.
fn open_to_read(flag: Option<&Path>) -> Result<(PathBuf, Desk)> {
    let dir = Store::resolve_dir(flag)?;
    // Only a desk.json that is not there means "no desk": one we may not read is an error.
    let desk_file = dir.join(store::DESK_FILE);
    if let Err(e) = std::fs::symlink_metadata(&desk_file)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        bail!(
            "{}: cannot read: {e}: ask for access to the desk",
            desk_file.display()
        );
    }
    if !desk_file.exists() && is_empty_dir(&dir) {
        bail!(
            "there is no desk in {} yet: start one with `briefdesk import FILE` or `briefdesk issue new TITLE`",
            dir.display()
        );
    }
    let (_store, desk, _notices) = Store::open_read_only(&dir)?;
    Ok((dir, desk))
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut rd| rd.next().is_none())
}

/// Run one model command as the TUI would, and save what it touched.
fn perform(store: &mut Store, desk: &mut Desk, cmd: &Command) -> Result<()> {
    let mut history = History::new();
    let done = history.perform(desk, cmd).map_err(|e| anyhow!("{e}"))?;
    store
        .append_journal(&done.edits)
        .map_err(|e| anyhow!("not saved, nothing was changed: {e}"))?;
    if let Err(e) = store.save(desk, &done.touched) {
        if e.is_out_of_space() {
            // The edit is safe in the journal (fsynced): the next write saves it.
            bail!("journaled, not saved: will be saved on the next write when space is free ({e})");
        }
        bail!("journaled, not saved: {e}; the next open replays the journal");
    }
    Ok(())
}

fn need_terminal() -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the desk needs a terminal: run it in one, or use `briefdesk list` / `briefdesk export`"
        );
    }
    Ok(())
}

/// The desk to edit; when someone else holds it, the same desk read-only, saying who.
fn open_tui(flag: Option<&Path>, opts: tui::Options) -> Result<()> {
    need_terminal()?;
    let dir = Store::resolve_dir(flag)?;
    match Store::lock_dir(&dir) {
        Ok(lock) => {
            // The newest drafts on screen first on a big desk (see `Store::open_newest_first`).
            let opened = Store::open_newest_first(&dir)?;
            let opts = tui::Options {
                config_dir: config_dir(),
                ..opts
            };
            let result = tui::run_opened(opened, opts);
            drop(lock);
            result
        }
        Err(store::Locked::Held { holder, .. }) => {
            let (store, desk, mut notices) = Store::open_read_only(&dir)?;
            // Who first: at 80 columns the status line may cut the tail.
            notices.insert(
                0,
                format!(
                    "read-only: {}@{} is editing this desk (pid {}, for {})",
                    holder.user,
                    holder.host,
                    holder.pid,
                    holder.age()
                ),
            );
            let opts = tui::Options {
                read_only: true,
                config_dir: config_dir(),
                notices,
                ..tui::Options::default()
            };
            tui::run(store, desk, opts)
        }
        // A desk this user may read but not write (no write permission on the directory,
        // a read-only mount): open it read-only, saying why, as for a held desk.
        Err(store::Locked::Io { source, .. })
            if matches!(
                source.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) && dir.join(store::DESK_FILE).is_file() =>
        {
            let (store, desk, mut notices) = Store::open_read_only(&dir)?;
            notices.insert(
                0,
                format!(
                    "read-only: you cannot write to {} ({source})",
                    dir.display()
                ),
            );
            let opts = tui::Options {
                read_only: true,
                config_dir: config_dir(),
                notices,
                ..tui::Options::default()
            };
            tui::run(store, desk, opts)
        }
        Err(e) => Err(anyhow!("{e}")),
    }
}

/// Review: read-only, and never takes the editor's lock.
fn review(flag: Option<&Path>, issue: Option<&str>) -> Result<()> {
    need_terminal()?;
    let dir = Store::resolve_dir(flag)?;
    let (store, desk, notices) = Store::open_read_only(&dir)?;
    let issue = match issue {
        Some(_) => Some(pick_issue(&desk, issue)?.id),
        None => None,
    };
    let opts = tui::Options {
        read_only: true,
        config_dir: config_dir(),
        notices,
        issue,
        review: true,
    };
    tui::run(store, desk, opts)
}

/// Break the lock on purpose. A live session on this host is never broken: quit it instead.
fn unlock(flag: Option<&Path>) -> Result<()> {
    let dir = Store::resolve_dir(flag)?;
    if let Err(store::Locked::Held { holder, .. }) = Store::lock_dir(&dir)
        && holder.host == store::LockHolder::me().host
        && !holder.is_dead_here()
    {
        bail!(
            "{holder} is still running on this host: quit that session instead of breaking its lock"
        );
    }
    // Either the lock was free (and we took it, released on drop), or it is held elsewhere.
    let (store, _desk, _) = Store::open_read_only(&dir)?;
    match store.break_lock()? {
        store::BrokenLock::Held(holder) => tell!("broke the lock held by {holder}"),
        store::BrokenLock::Unreadable(path) => {
            tell!("{}: removed a lock that did not read", path.display());
        }
        store::BrokenLock::NotLocked => tell!("{}: the desk was not locked", dir.display()),
    }
    Ok(())
}

/// Report every damaged, missing or unreplayable file; exit 1 while any is left.
fn doctor(flag: Option<&Path>, restore: bool, forget_missing: bool) -> Result<()> {
    use store::Damage;
    let dir = Store::resolve_dir(flag)?;
    let found = store::recoverable(&dir);
    if found.is_empty() {
        report!("{}: every desk file loads", dir.display());
        return Ok(());
    }
    let _lock = if restore || forget_missing {
        Some(Store::lock_dir(&dir).map_err(|e| anyhow!("{e}; nothing was restored"))?)
    } else {
        None
    };
    let (mut left, mut forgot) = (0, false);
    let mut journal = None;
    for rec in &found {
        match (rec.damage, &rec.backup) {
            (Damage::Journal, _) if restore => journal = Some(rec),
            (Damage::Journal, _) => {
                left += 1;
                report!("{}", rec.problem);
                report!(
                    "  `briefdesk doctor --restore` replays the lines that read and keeps the journal's copy"
                );
            }
            (_, Some(b)) if !restore => {
                left += 1;
                report!("{}", rec.problem);
                report!("  can be restored from {}", b.display());
            }
            (_, Some(_)) => {
                let from = store::restore(rec)?;
                report!("{}: restored from {}", rec.file.display(), from.display());
            }
            (Damage::Missing, None) if forget_missing => {
                forgot = true;
                report!(
                    "{}: taken off the desk's list (what it held is lost)",
                    rec.file.display()
                );
            }
            (Damage::Missing, None) => {
                left += 1;
                report!("{}", rec.problem);
                if let Some(refused) = &rec.refused {
                    report!("  {refused}");
                }
                report!(
                    "  no backup: put it back from a copy, or take it off the desk with `briefdesk doctor --forget-missing` (what it held is lost)"
                );
            }
            (_, None) => {
                left += 1;
                report!("{}", rec.problem);
                if let Some(refused) = &rec.refused {
                    report!("  {refused}");
                }
                report!("  no good backup: fix it by hand");
            }
        }
    }
    if forgot {
        store::forget_missing(&dir)?;
    }
    if let Some(rec) = journal {
        if left > 0 {
            bail!(
                "{}: not replayed while other files are damaged or missing: fix those first",
                rec.file.display()
            );
        }
        let (_store, _desk, notices) = Store::open_salvaging_journal(&dir)?;
        for n in notices {
            report!("{n}");
        }
    }
    if left > 0 {
        if !restore
            && found
                .iter()
                .any(|r| r.backup.is_some() || r.damage == Damage::Journal)
        {
            tell!("run `briefdesk doctor --restore` to restore them");
        }
        bail!("{left} desk file(s) damaged or missing: see above");
    }
    Ok(())
}

fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "briefdesk").map(|d| d.config_dir().to_path_buf())
}

fn read_input(path: &Path) -> Result<Vec<u8>> {
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

fn import_files(
    flag: Option<&Path>,
    format: Option<import::Format>,
    files: &[PathBuf],
) -> Result<()> {
    // Read and parse every file before touching the desk: one bad file changes nothing.
    let mut parsed = Vec::with_capacity(files.len());
    for f in files {
        let bytes = read_input(f)?;
        let what = import::read(&bytes, format).map_err(|e| anyhow!("{}: {e}", name(f)))?;
        parsed.push((f, what));
    }
    let (mut store, mut desk, _lock) = open_to_write(flag)?;
    for (f, what) in parsed {
        let (cmds, report) = import::plan_parsed(&desk, what);
        for cmd in &cmds {
            perform(&mut store, &mut desk, cmd)?;
        }
        tell!("{}: {}", name(f), describe(&report));
    }
    Ok(())
}

fn name(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".into()
    } else {
        path.display().to_string()
    }
}

fn describe(r: &import::ImportReport) -> String {
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| anyhow!("--date {s:?} is not a date: write it as YYYY-MM-DD, e.g. 2024-07-02"))
}

fn new_issue(
    flag: Option<&Path>,
    title: String,
    date: Option<String>,
    tagline: Option<String>,
    group: Option<String>,
    sections: Vec<String>,
) -> Result<()> {
    let title = crate::model::text::sanitize(&title).trim().to_string();
    if title.is_empty() {
        bail!(
            "an issue needs a title: briefdesk issue new \"Weekly Security Digest – July 2, 2024\""
        );
    }
    let date = match date {
        Some(d) => Some(parse_date(&d)?),
        None => Some(
            crate::model::text::date_in(&title)
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        ),
    };
    let (mut store, mut desk, _lock) = open_to_write(flag)?;
    let id = desk.next_issue_id();
    let meta = IssueMeta {
        title,
        tagline: tagline
            .map(|t| crate::model::text::sanitize(&t).trim().to_string())
            .unwrap_or_default(),
        date,
        group: group
            .map(|g| crate::model::text::sanitize(&g).trim().to_string())
            .filter(|g| !g.is_empty()),
    };
    let mut issue = Issue::new(id, meta);
    for (i, name) in sections.iter().enumerate() {
        let name = crate::model::text::sanitize(name).trim().to_string();
        if name.is_empty() {
            bail!("--section needs a name");
        }
        issue
            .sections
            .push(Section::new(SectionId(i as u64 + 1), name));
    }
    perform(&mut store, &mut desk, &Command::NewIssue { issue })?;
    println!("{id}");
    tell!("issue {id} created in {}", store.dir().display());
    Ok(())
}

fn list(flag: Option<&Path>, what: ListWhat, query: Option<&str>, json: bool) -> Result<()> {
    // The text list needs headlines, states and stamps only: read just those when the
    // desk allows it (see `store::draft_heads`), else open it in full as below.
    if what == ListWhat::Drafts
        && !json
        && let Some(heads) = store::draft_heads(&Store::resolve_dir(flag)?)
    {
        return list_draft_heads(heads, query);
    }
    let (dir, desk) = open_to_read(flag)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match what {
        ListWhat::Drafts => {
            let items: Vec<_> = desk.items_newest_first().collect();
            // Scores only: positions are not printed.
            let hits = Matcher::default().rank(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| (i as u32, it.headline.as_str())),
                query.unwrap_or(""),
            );
            if json {
                let doc = ItemsDoc::new(hits.iter().map(|&h| items[h as usize].clone()).collect());
                export::json::to_writer_pretty(&mut out, &doc)?;
                writeln!(out)?;
            } else {
                for &h in &hits {
                    let it = items[h as usize];
                    let stamp = it.stamp.as_ref().map_or("", |s| s.written.as_str());
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}",
                        it.id,
                        it.state.as_str(),
                        crate::model::text::for_display(stamp),
                        crate::model::text::for_display(&it.headline)
                    )?;
                }
            }
        }
        ListWhat::Issues => {
            let mut issues: Vec<&Issue> = desk.issues.values().collect();
            issues.sort_by_key(|i| std::cmp::Reverse((i.meta.date, i.id)));
            let hits = Matcher::default().filter(
                issues.iter().map(|i| i.meta.title.as_str()),
                query.unwrap_or(""),
            );
            // Each issue's review, read before anything is printed so its warnings come first.
            let reviews: Vec<Option<Review>> = hits
                .iter()
                .map(|h| review_of(&dir, issues[h.index].id))
                .collect();
            if json {
                let docs: Vec<_> = hits
                    .iter()
                    .zip(&reviews)
                    .map(|(h, r)| IssueListing {
                        doc: crate::model::doc::IssueDoc::new(issues[h.index].clone()),
                        status: r.as_ref().map(|r| r.status),
                        history: r.as_ref().map_or(&[][..], |r| &r.history[..]),
                        open_comments: r.as_ref().map_or(0, Review::open_count),
                    })
                    .collect();
                export::json::to_writer_pretty(&mut out, &docs)?;
                writeln!(out)?;
            } else {
                for (h, r) in hits.iter().zip(&reviews) {
                    let is = issues[h.index];
                    let date = is
                        .meta
                        .date
                        .map_or_else(|| "-".to_string(), |d| d.to_string());
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{} sections, {} bullets\t{}",
                        is.id,
                        date,
                        crate::model::text::for_display(&is.meta.title),
                        is.sections.len(),
                        is.bullet_count(),
                        r.as_ref()
                            .map_or_else(|| "?".into(), |r| r.status_label(is))
                    )?;
                }
            }
        }
    }
    out.flush()?;
    // A one-shot command: the OS takes the memory back at exit, faster than freeing
    // 100,000 items one by one.
    std::mem::forget(desk);
    Ok(())
}

/// An issue in `list issues --json`: its document, and where it is in review.
#[derive(serde::Serialize)]
struct IssueListing<'a> {
    #[serde(flatten)]
    doc: crate::model::doc::IssueDoc,
    /// `null` when the review logs cannot be read (a warning says why).
    status: Option<Status>,
    history: &'a [Transition],
    open_comments: usize,
}

/// The review of an issue. Lines of the logs that were skipped are told on stderr as
/// warnings; logs that cannot be read at all are a warning too, and `None`.
fn review_of(dir: &Path, id: IssueId) -> Option<Review> {
    match read_events_warned(dir, id) {
        Ok(events) => Some(Review::fold(events)),
        Err(e) => {
            tell!("warning: {e}: the review of issue {id} is not shown");
            None
        }
    }
}

/// Every author's events for an issue; lines skipped are told on stderr as warnings.
fn read_events_warned(dir: &Path, id: IssueId) -> Result<Vec<Event>, store::StoreError> {
    let (events, problems) = store::review::read_events(dir, id)?;
    for p in problems {
        tell!("warning: {p}");
    }
    Ok(events)
}

/// `list drafts` from the quick read: the same lines as from the full desk.
fn list_draft_heads(heads: Vec<store::DraftHead>, query: Option<&str>) -> Result<()> {
    let hits = Matcher::default().rank(
        heads
            .iter()
            .enumerate()
            .map(|(i, h)| (i as u32, h.headline.as_str())),
        query.unwrap_or(""),
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for &h in &hits {
        let it = &heads[h as usize];
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            it.id,
            it.state.as_str(),
            crate::model::text::for_display(it.stamp.as_deref().unwrap_or("")),
            crate::model::text::for_display(&it.headline)
        )?;
    }
    out.flush()?;
    // As in `list`: the OS takes the memory back at exit, faster than freeing it.
    std::mem::forget(heads);
    Ok(())
}

fn pick_issue<'a>(desk: &'a Desk, key: Option<&str>) -> Result<&'a Issue> {
    match key {
        Some(k) => desk
            .find_issue(k)
            .ok_or_else(|| anyhow!("no issue {k:?} on this desk: see `briefdesk list issues`")),
        None => desk.newest_issue().ok_or_else(|| {
            anyhow!("this desk has no issue yet: create one with `briefdesk issue new TITLE`")
        }),
    }
}

fn export_issue(
    flag: Option<&Path>,
    key: Option<&str>,
    format: export::Format,
    assessments: AssessmentStyle,
    output: Option<&Path>,
    require_approved: bool,
) -> Result<()> {
    let (dir, desk) = open_to_read(flag)?;
    let issue = pick_issue(&desk, key)?;
    let review = read_events_warned(&dir, issue.id).map(Review::fold);
    let title = crate::model::text::for_display(&issue.meta.title);
    let unapproved = match &review {
        Ok(review) => review.not_approved(issue, &title),
        Err(e) => Some(format!(
            "issue {} \"{}\" may not be approved: its review cannot be read ({e})",
            issue.id, title
        )),
    };
    if let Some(why) = &unapproved {
        if require_approved {
            bail!(
                "{why}: approve it first (`briefdesk review`, then Y), or export without --require-approved; nothing was written"
            );
        }
        tell!("warning: {why}");
    }
    let done = export::export(issue, format, &export::Options { assessments });
    for w in &done.warnings {
        tell!("warning: {w}");
    }
    match output {
        Some(path) => {
            store::write_atomic(path, done.text.as_bytes())
                .map_err(|e| anyhow!("{}: cannot write the export: {e}", path.display()))?;
            tell!("wrote {}", path.display());
            if let Err(e) = record_export(&dir, review.ok(), issue, path) {
                tell!(
                    "warning: the export was written, but not recorded in the review history: {e}"
                );
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(done.text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Record a finished export to a file in the issue's review history (the exporter's own
/// log), with the issue as exported, so `briefdesk diff` can show what changed since.
fn record_export(
    dir: &Path,
    review: Option<Review>,
    issue: &Issue,
    path: &Path,
) -> Result<(), String> {
    let review = review.ok_or("its review could not be read")?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let ev = review.status_event(
        issue,
        &store::review::login_name(),
        Utc::now(),
        Status::Exported,
        &format!("to {name}"),
    )?;
    store::review::append_event(dir, issue.id, &ev).map_err(|e| e.to_string())
}

/// `briefdesk diff`: the changes of an issue since its last approval or export.
fn diff(flag: Option<&Path>, key: Option<&str>, json: bool) -> Result<()> {
    let (dir, desk) = open_to_read(flag)?;
    let issue = pick_issue(&desk, key)?;
    let events = read_events_warned(&dir, issue.id)?;
    let review = Review::fold(events);
    let since = review.baseline.as_ref().map(|(k, _)| &review.history[*k]);
    let changes = review.changes_since(issue);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        let doc = DiffDoc {
            issue: issue.id,
            title: &issue.meta.title,
            status: review.status,
            since,
            changes: &changes,
        };
        export::json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        let title = crate::model::text::for_display(&issue.meta.title);
        match review.baseline_label() {
            Some(since) => writeln!(out, "issue {} \"{title}\": changes since {since}", issue.id)?,
            None => writeln!(
                out,
                "issue {} \"{title}\": no approval or export yet, so everything is new",
                issue.id
            )?,
        }
        if changes.is_empty() {
            writeln!(out, "no changes")?;
        }
        for c in &changes {
            writeln!(out, "{}", crate::model::text::for_display(&c.describe()))?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `briefdesk diff --json`.
#[derive(serde::Serialize)]
struct DiffDoc<'a> {
    issue: IssueId,
    title: &'a str,
    status: Status,
    /// The approval or export compared against; `null` when there is none yet.
    since: Option<&'a Transition>,
    changes: &'a [crate::model::diff::Change],
}

/// Build the demo desk in a temporary directory: this week's drafts, last week's finished
/// issue, and this week's issue with its sections, ready to fill.
pub fn build_demo(dir: &Path) -> Result<(Store, Desk)> {
    let (mut store, mut desk) = Store::open(dir)?;
    for (bytes, fmt) in [
        (DEMO_DIGEST, import::Format::Digest),
        (DEMO_LIVE, import::Format::Live),
    ] {
        let what = import::parse(bytes, Some(fmt)).map_err(|e| anyhow!("demo data: {e}"))?;
        let (cmds, _) = import::plan(&desk, what);
        for cmd in &cmds {
            perform(&mut store, &mut desk, cmd)?;
        }
    }
    let last = desk
        .newest_issue()
        .cloned()
        .ok_or_else(|| anyhow!("demo data: the digest gave no issue"))?;
    let date = last.meta.date.map(|d| d + chrono::Days::new(7));
    // Next week's issue: the same shape, the date moved on in the title and tagline.
    let next_week = |text: &str| match (last.meta.date, date) {
        (Some(old), Some(new)) => text.replace(
            &old.format("%B %-d, %Y").to_string(),
            &new.format("%B %-d, %Y").to_string(),
        ),
        _ => text.to_string(),
    };
    let title = next_week(&last.meta.title);
    let tagline = next_week(&last.meta.tagline);
    let mut issue = Issue::new(
        desk.next_issue_id(),
        IssueMeta {
            title,
            tagline,
            date,
            ..last.meta.clone()
        },
    );
    for (i, s) in last.sections.iter().enumerate() {
        issue
            .sections
            .push(Section::new(SectionId(i as u64 + 1), s.name.clone()));
    }
    perform(&mut store, &mut desk, &Command::NewIssue { issue })?;
    Ok((store, desk))
}

fn demo() -> Result<()> {
    let tmp = tempfile::Builder::new()
        .prefix("briefdesk-demo-")
        .tempdir()
        .context("making a temporary desk")?;
    let (store, desk) = build_demo(tmp.path())?;
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        tui::run(
            store,
            desk,
            tui::Options {
                config_dir: config_dir(),
                ..tui::Options::default()
            },
        )
    } else {
        // No terminal (a pipe, CI): show what the demo desk holds instead.
        let issue = desk
            .issues
            .values()
            .find(|i| i.bullet_count() > 0)
            .ok_or_else(|| anyhow!("demo data: no finished issue"))?;
        let done = export::export(issue, export::Format::Md, &export::Options::default());
        tell!(
            "briefdesk demo: no terminal, so here is the demo desk's finished issue as Markdown ({} drafts in the pool)",
            desk.items.len()
        );
        print!("{}", done.text);
        Ok(())
    }
}
