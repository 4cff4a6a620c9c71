use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    briefdesk::malloc::tune();
    let cli = briefdesk::cli::Cli::parse();
    briefdesk::cli::quiet_on_closed_pipe(&cli);
    match briefdesk::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
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
