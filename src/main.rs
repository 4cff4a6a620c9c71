use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    briefdesk::malloc::tune();
    let cli = briefdesk::cli::Cli::parse();
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
