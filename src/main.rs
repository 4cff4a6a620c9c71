use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = briefdesk::cli::Cli::parse();
    match briefdesk::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: what, where, what to do (the causes joined).
            eprintln!("briefdesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}
