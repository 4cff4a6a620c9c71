use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

fn main() -> ExitCode {
    briefdesk::malloc::tune();
    let cli = match briefdesk::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return refused_arguments(e),
    };
    briefdesk::cli::quiet_on_closed_pipe(&cli);
    match briefdesk::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<briefdesk::cli::Exit>() => exit_with(e),
        Err(e) => {
            // One line: what, where, what to do (the causes joined). Not eprintln!: after a
            // hang-up stderr may be gone, and that must not panic.
            use std::io::Write;
            // Through the display filter, whole: a file name or a lock holder in the message
            // may hold escapes (a shared desk is anyone's to plant names in).
            let line = format!("briefdesk: {e:#}");
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                briefdesk::model::text::for_display(&line)
            );
            ExitCode::FAILURE
        }
    }
}

/// A command's own exit status (`check`: 1 on findings, 2 when it could not check), with
/// its one line, if any, said as every error is.
fn exit_with(e: anyhow::Error) -> ExitCode {
    use std::io::Write;
    let Some(exit) = e.downcast_ref::<briefdesk::cli::Exit>() else {
        return ExitCode::FAILURE;
    };
    if let Some(m) = &exit.message {
        let line = format!("briefdesk: {m}");
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            briefdesk::model::text::for_display(&line)
        );
    }
    ExitCode::from(exit.code)
}

/// A command line clap refuses. Its error repeats the arguments, and those can be file names
/// a shell glob took from the shared desk directory (`briefdesk import *`): each line goes
/// through the display filter, uncoloured. Help and version are ours and print as clap
/// prints them.
fn refused_arguments(e: clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    use std::io::Write;
    let text = e.render().to_string();
    let mut err = std::io::stderr().lock();
    for line in text.lines() {
        let _ = writeln!(err, "{}", briefdesk::model::text::for_display(line));
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}
