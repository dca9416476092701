//! Command-line parsing and dispatch; each subcommand lives in its own module.

mod access;
#[cfg(feature = "aws")]
mod aws;
mod check;
mod eval;
mod fmt;
mod input;
mod lint;
mod render;

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
    /// Print who reaches which role in which account, and check the production rule (exit 1 when
    /// it does not hold).
    Access(access::AccessArgs),
    /// Apply a layout to AWS: show the plan, ask (unless --yes), then make the changes.
    #[cfg(feature = "aws")]
    Apply(aws::ApplyArgs),
    /// Audit the security baseline of every account, read-only (exit 0: all items hold, 1: not).
    #[cfg(feature = "aws")]
    Audit(aws::AuditArgs),
    /// Check a layout file and report findings (exit 1 when any is an ERROR).
    Check(check::CheckArgs),
    /// Evaluate request files against their policies and explain each decision (exit 0: all
    /// allowed, 1: any denied, 2: malformed input).
    Eval(eval::EvalArgs),
    /// Print policy documents in a stable, pretty form (lossless unless --canonical).
    Fmt(fmt::FmtArgs),
    /// Validate policy files and report findings (exit 1 when any is an ERROR).
    Lint(lint::LintArgs),
    /// Compare a layout with AWS and print the changes (exit 0: none, 2: changes, 1: error).
    #[cfg(feature = "aws")]
    Plan(aws::PlanArgs),
    /// Check a layout file, then write every file rendered from it (refused on any ERROR).
    Render(render::RenderArgs),
}

/// Parses the command line and runs the subcommand.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `plan` reserves 2 for "changes to apply" (like `terraform plan -detailed-exitcode`),
            // so its usage errors are errors (1) there.
            let usage_code = if std::env::args().nth(1).as_deref() == Some("plan") {
                EXIT_INVALID_INPUT
            } else {
                EXIT_USAGE
            };
            let code = if error.use_stderr() {
                usage_code
            } else {
                EXIT_OK
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Access(args) => access::run(&args),
        #[cfg(feature = "aws")]
        Command::Apply(args) => aws::apply(&args),
        #[cfg(feature = "aws")]
        Command::Audit(args) => aws::audit(&args),
        Command::Check(args) => check::run(&args),
        Command::Eval(args) => eval::run(&args, eval::MAX_INPUT_BYTES),
        Command::Fmt(args) => fmt::run(&args),
        Command::Lint(args) => lint::run(&args),
        #[cfg(feature = "aws")]
        Command::Plan(args) => aws::plan(&args),
        Command::Render(args) => render::run(&args),
    };
    ExitCode::from(code)
}
