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
            let _ = writeln!(std::io::stderr(), "briefdesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}
