//! The command line: `briefdesk [--desk DIR] [COMMAND]`, as DESIGN.md sets it out.
//!
//! Each command is a thin sequence: open the desk, run model commands through the history
//! (the same path the TUI takes), save what they touched, say what happened in one line.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::export::AssessmentStyle;
use crate::model::review::Event;
use crate::model::{Command, Desk, History, Issue, IssueId, Review};
use crate::store::{self, Store};
use crate::tui;

/// One line on stderr, through the display filter: file names, lock holders and log authors
/// come from a shared directory anyone in the group can plant things in, so no line a command
/// tells goes to the terminal unfiltered. A closed stderr is not an error (nor a panic).
macro_rules! tell {
    ($($arg:tt)*) => {
        $crate::cli::tell_line(&mut std::io::stderr(), &format!($($arg)*))
    };
}

/// The same for a line of a report on stdout (`doctor`).
macro_rules! report {
    ($($arg:tt)*) => {
        $crate::cli::tell_line(&mut std::io::stdout(), &format!($($arg)*))
    };
}

/// Write one line made safe for a terminal ([`crate::model::text::for_display`]: controls
/// shown as symbols, newlines as spaces, so it stays one line).
fn tell_line(to: &mut dyn Write, line: &str) {
    let _ = writeln!(to, "{}", crate::model::text::for_display(line));
}

mod demo;
mod diff;
mod doctor;
mod export;
mod import;
mod issue;
mod list;
mod open;
mod review;

pub use demo::build_demo;

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
        format: Option<crate::import::Format>,
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
        #[arg(long, value_enum, default_value_t = crate::export::Format::Md)]
        format: crate::export::Format,
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

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => open::open_tui(cli.desk.as_deref(), tui::Options::default()),
        Some(Cmd::Demo) => demo::demo(),
        Some(Cmd::Import { format, files }) => {
            import::import_files(cli.desk.as_deref(), format, &files)
        }
        Some(Cmd::Issue(IssueCmd::New {
            title,
            date,
            tagline,
            group,
            sections,
        })) => issue::new_issue(cli.desk.as_deref(), title, date, tagline, group, sections),
        Some(Cmd::List { what, filter, json }) => {
            list::list(cli.desk.as_deref(), what, filter.as_deref(), json)
        }
        Some(Cmd::Export {
            issue,
            format,
            assessments,
            output,
            require_approved,
        }) => export::export_issue(
            cli.desk.as_deref(),
            issue.as_deref(),
            format,
            assessments,
            output.as_deref(),
            require_approved,
        ),
        Some(Cmd::Diff { issue, json }) => diff::diff(cli.desk.as_deref(), issue.as_deref(), json),
        Some(Cmd::Review { issue }) => review::review(cli.desk.as_deref(), issue.as_deref()),
        Some(Cmd::Doctor {
            restore,
            forget_missing,
            break_lock,
        }) => {
            if break_lock {
                doctor::unlock(cli.desk.as_deref())?;
            }
            doctor::doctor(cli.desk.as_deref(), restore, forget_missing)
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

fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "briefdesk").map(|d| d.config_dir().to_path_buf())
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
