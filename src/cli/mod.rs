//! The command line: `briefdesk [--desk DIR] [COMMAND]`, as DESIGN.md sets it out.
//!
//! Each command is a thin sequence: open the desk, run model commands through the history
//! (the same path the TUI takes), save what they touched, say what happened in one line.
//!
//! Here: the clap `Cli`, `run` (the dispatch) and the `tell!` / `report!` lines. Each
//! command is one file (`import`, `issue`, `issue_edit`, `issue_delete`, `list`, `export`, `diff`, `review`, `doctor`,
//! `demo`; `open` for the desk itself); `desk.rs` opens the desk for them. What the desk's
//! TUI does too (publishing, identity, the clock) is in `crate::ops`.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::format::export::AssessmentStyle;
use crate::tui;

/// One line on stderr, through the display filter: file names, lock holders and log authors
/// come from a shared directory anyone in the group can plant things in, so no line a command
/// tells goes to the terminal unfiltered. A closed stderr is not an error (nor a panic).
macro_rules! tell {
    ($($arg:tt)*) => {
        $crate::cli::tell::line(&mut std::io::stderr(), &format!($($arg)*))
    };
}

/// The same for a line of a report on stdout (`doctor`).
macro_rules! report {
    ($($arg:tt)*) => {
        $crate::cli::tell::line(&mut std::io::stdout(), &format!($($arg)*))
    };
}

mod check;
mod demo;
mod desk;
mod diff;
mod doctor;
mod exit;
mod export;
mod feeds;
mod import;
mod import_undo;
mod issue;
mod issue_delete;
mod issue_edit;
mod list;
mod open;
mod purge;
mod review;
mod settings;
mod tell;

pub use check::CheckFormat;
pub use demo::build_demo;
pub use exit::Exit;
pub use export::ExportFormat;
pub use list::ListWhat;

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
            None | Some(Cmd::Demo) | Some(Cmd::Review { decide: None, .. })
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
        format: Option<crate::format::import::Format>,
        /// Take back what the last `briefdesk import` added to the closed desk, if nothing
        /// was added, edited or used in an issue since.
        #[arg(long, conflicts_with_all = ["files", "format"])]
        undo_last: bool,
        #[arg(required_unless_present = "undo_last", value_name = "FILE")]
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
        /// Drafts in these states only (comma-separated: pool, used, spiked, held).
        #[arg(long, value_name = "STATES")]
        state: Option<String>,
        /// Drafts only: every word in the headline or body, any order, case and accents
        /// aside; "quoted phrases" as they stand. Newest first (best first with --filter).
        #[arg(long, value_name = "WORDS")]
        search: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Render an issue to Markdown, plain text, HTML or JSON.
    Export {
        /// The issue's id or date (YYYY-MM-DD); default the newest.
        #[arg(long, value_name = "ID|DATE")]
        issue: Option<String>,
        /// `all` writes md, txt, html and json side by side, named from -o's stem.
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
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
        /// Tradecraft: append the desk's ladder of estimative terms with their ranges (md,
        /// txt, html).
        #[arg(long)]
        ladder_legend: bool,
        /// Tradecraft: refuse (exit 1, nothing written) when `briefdesk check` has findings.
        #[arg(long)]
        require_clean: bool,
        /// How sources are cited in md, txt and html: after each bullet, as numbered
        /// endnotes, or not at all.
        #[arg(long, value_enum, default_value_t = crate::format::export::SourceStyle::Inline)]
        sources: crate::format::export::SourceStyle,
        /// Leave out every bullet marked above this TLP marking (CLEAR, GREEN, AMBER,
        /// AMBER+STRICT, RED), with its sub-points.
        #[arg(long, value_name = "WORD")]
        max_tlp: Option<String>,
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
    /// Open the desk read-only, for review; or decide without it (`review approve`).
    Review {
        #[arg(long, value_name = "ID|DATE")]
        issue: Option<String>,
        #[command(subcommand)]
        decide: Option<ReviewCmd>,
    },
    /// Remove spiked drafts for good (a copy stays in the desk's .backup); without --yes,
    /// only say what would go.
    Purge {
        /// The spiked drafts (the only ones purge removes).
        #[arg(long, required = true)]
        spiked: bool,
        /// Purge: without it nothing changes.
        #[arg(long)]
        yes: bool,
    },
    /// The feeds the desk follows: add, list, remove, import or export (OPML) them.
    #[command(subcommand)]
    Feeds(feeds::FeedsCmd),
    /// Fetch the desk's feeds and add their new entries as drafts (one undo step).
    Fetch {
        /// Only the feed of this name (or address).
        #[arg(long, value_name = "NAME")]
        feed: Option<String>,
        /// Only the feeds with this tag.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
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
    /// Check an issue's estimative language (tradecraft): exit 0 clean, 1 findings, 2 when
    /// it could not check.
    Check {
        /// The issue's id or date (YYYY-MM-DD); default the newest.
        #[arg(long, value_name = "ID|DATE")]
        issue: Option<String>,
        /// The ladder to check against (icd203 or phia); default the desk's
        /// `tradecraft.ladder`.
        #[arg(long, value_name = "LADDER", value_parser = check::parse_ladder)]
        ladder: Option<crate::model::settings::Ladder>,
        /// `line` (PATH: RULE: TERM: message) or `json`.
        #[arg(long, value_enum, default_value_t = CheckFormat::Line)]
        format: CheckFormat,
    },
    /// List the desk's settings with their values and defaults, or set one (in desk.json,
    /// under the lock): `briefdesk settings review.require_other_approver true`.
    Settings {
        /// The setting, as `group.key` (see the list).
        #[arg(value_name = "KEY")]
        key: Option<String>,
        /// Its new value.
        #[arg(value_name = "VALUE")]
        value: Option<String>,
    },
}

/// A review decision from the command line, as the desk's key makes it.
#[derive(Debug, Subcommand)]
pub enum ReviewCmd {
    /// Approve the issue as it reads now (as `Y` in the desk): one line in your own review
    /// log; the four-eyes rule applies when the desk sets it.
    Approve {
        /// The issue's id or date (YYYY-MM-DD); default the newest.
        #[arg(long, value_name = "ID|DATE")]
        issue: Option<String>,
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
        /// A section to start with (repeat for more); default: the newest issue's sections,
        /// empty.
        #[arg(long = "section", value_name = "NAME")]
        sections: Vec<String>,
        /// Start with no sections at all.
        #[arg(long, conflicts_with = "sections")]
        no_sections: bool,
    },
    /// Change an issue's title, tagline, group heading or date.
    Edit {
        /// The issue's id or date (YYYY-MM-DD); default the newest.
        #[arg(long, value_name = "ID|DATE")]
        issue: Option<String>,
        /// The new title (a date in it dates the issue, unless --date is given).
        #[arg(long)]
        title: Option<String>,
        /// The line under the title ("" removes it).
        #[arg(long)]
        tagline: Option<String>,
        /// The heading above the sections ("" removes it).
        #[arg(long)]
        group: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// The issue's TLP marking: CLEAR, GREEN, AMBER, AMBER+STRICT or RED (none removes it).
        #[arg(long, value_name = "WORD")]
        tlp: Option<String>,
    },
    /// Delete an issue; its drafts go back to the pool. An issue In review or Approved needs
    /// --force.
    Delete {
        /// The issue's id or date (YYYY-MM-DD); default the newest.
        #[arg(long, value_name = "ID|DATE")]
        issue: Option<String>,
        /// Delete it even if it is In review or Approved.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => open::open_tui(cli.desk.as_deref(), tui::Options::default()),
        Some(Cmd::Demo) => demo::demo(),
        Some(Cmd::Import {
            undo_last: true, ..
        }) => import_undo::undo_last(cli.desk.as_deref()),
        Some(Cmd::Import { format, files, .. }) => {
            import::import_files(cli.desk.as_deref(), format, &files)
        }
        Some(Cmd::Issue(IssueCmd::New {
            title,
            date,
            tagline,
            group,
            sections,
            no_sections,
        })) => issue::new_issue(
            cli.desk.as_deref(),
            issue::NewIssue {
                title,
                date,
                tagline,
                group,
                sections,
                no_sections,
            },
        ),
        Some(Cmd::Issue(IssueCmd::Edit {
            issue,
            title,
            tagline,
            group,
            date,
            tlp,
        })) => issue_edit::edit_issue(
            cli.desk.as_deref(),
            issue_edit::IssueEdit {
                issue,
                title,
                tagline,
                group,
                date,
                tlp,
            },
        ),
        Some(Cmd::Issue(IssueCmd::Delete { issue, force })) => {
            issue_delete::delete_issue(cli.desk.as_deref(), issue.as_deref(), force)
        }
        Some(Cmd::List {
            what,
            filter,
            state,
            search,
            json,
        }) => list::list(
            cli.desk.as_deref(),
            what,
            filter.as_deref(),
            state.as_deref(),
            search.as_deref(),
            json,
        ),
        Some(Cmd::Export {
            issue,
            format,
            assessments,
            output,
            require_approved,
            ladder_legend,
            require_clean,
            sources,
            max_tlp,
        }) => export::export_issue(
            cli.desk.as_deref(),
            issue.as_deref(),
            format,
            assessments,
            output.as_deref(),
            require_approved,
            (
                export::Tradecraft {
                    ladder_legend,
                    require_clean,
                },
                export::Marking { sources, max_tlp },
            ),
        ),
        Some(Cmd::Diff { issue, json }) => diff::diff(cli.desk.as_deref(), issue.as_deref(), json),
        Some(Cmd::Review {
            decide: Some(ReviewCmd::Approve { issue }),
            ..
        }) => review::approve(cli.desk.as_deref(), issue.as_deref()),
        Some(Cmd::Review {
            issue,
            decide: None,
        }) => review::review(cli.desk.as_deref(), issue.as_deref()),
        Some(Cmd::Purge { spiked: _, yes }) => purge::purge(cli.desk.as_deref(), yes),
        Some(Cmd::Feeds(cmd)) => feeds::feeds(cli.desk.as_deref(), cmd),
        Some(Cmd::Fetch { feed, tag }) => {
            feeds::fetch(cli.desk.as_deref(), feed.as_deref(), tag.as_deref())
        }
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
        Some(Cmd::Check {
            issue,
            ladder,
            format,
        }) => check::check(cli.desk.as_deref(), issue.as_deref(), ladder, format),
        Some(Cmd::Settings { key, value }) => {
            settings::settings(cli.desk.as_deref(), key.as_deref(), value.as_deref())
        }
    }
}
