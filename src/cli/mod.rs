//! Command-line parsing and dispatch; each subcommand lives in its own module.

mod fmt;
mod input;
mod lint;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: everything went well.
pub const EXIT_OK: u8 = 0;
/// Exit code: some input is invalid (a finding or parse error).
pub const EXIT_INVALID_INPUT: u8 = 1;
/// Exit code: usage error or unreadable file.
pub const EXIT_USAGE: u8 = 2;

/// Write AWS multi-account layouts and IAM policies as code, and check them before they reach AWS.
#[derive(Debug, Parser)]
#[command(name = "jumpgate", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print policy documents in a stable, pretty form (lossless unless --canonical).
    Fmt(fmt::FmtArgs),
    /// Validate policy files and report findings (exit 1 when any is an ERROR).
    Lint(lint::LintArgs),
}

/// Parses the command line and runs the subcommand.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Fmt(args) => fmt::run(&args),
        Command::Lint(args) => lint::run(&args),
    };
    ExitCode::from(code)
}
