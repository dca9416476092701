//! Command-line parsing and dispatch; each subcommand lives in its own module.

mod access;
#[cfg(feature = "aws")]
mod aws;
mod can;
mod check;
mod eval;
mod findings;
mod fmt;
mod in_order;
mod input;
mod lint;
mod output;
#[cfg(feature = "aws")]
mod progress;
mod render;
#[cfg(feature = "aws")]
mod saved_plan;
#[cfg(feature = "aws")]
mod write_back;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: everything went well.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: some input is invalid (a finding or parse error).
pub(crate) const EXIT_INVALID_INPUT: u8 = 1;
/// Exit code: usage error, unreadable or too large input, output that cannot be written.
pub(crate) const EXIT_USAGE: u8 = 2;

/// Write AWS multi-account layouts and IAM policies as code, and check them before they reach AWS.
#[derive(Debug, Parser)]
#[command(name = "jumpgate", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The largest input read (each file, standard input): a number of bytes, or of KiB, MiB or
    /// GiB.
    #[arg(
        long,
        global = true,
        value_name = "BYTES",
        default_value = input::DEFAULT_MAX_INPUT_BYTES,
        value_parser = input::parse_size
    )]
    max_input_bytes: u64,
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
    /// May a user (or a member of a group) of a layout call an action on a resource in an
    /// account? Every path evaluated (exit 0: allowed, 1: denied, 2: malformed input).
    Can(can::CanArgs),
    /// Check a layout file and report findings (exit 1 when any is an ERROR).
    Check(check::CheckArgs),
    /// Evaluate request files against their policies and explain each decision (exit 0: all
    /// allowed, 1: any denied, 2: malformed input).
    Eval(eval::EvalArgs),
    /// Print policy documents in a stable, pretty form (lossless unless --canonical).
    Fmt(fmt::FmtArgs),
    /// Read an existing organization and write a layout that describes it, then check it
    /// (exit 0: written, findings or not; 1: error).
    #[cfg(feature = "aws")]
    Import(aws::ImportArgs),
    /// Validate policy files and report findings (exit 1 when any is an ERROR).
    Lint(lint::LintArgs),
    /// Compare a layout with AWS and print the changes (exit 0: none, 2: changes, 1: error).
    #[cfg(feature = "aws")]
    Plan(aws::PlanArgs),
    /// Check a layout file, then replace the output directory with every file rendered from it
    /// (refused on any ERROR).
    Render(render::RenderArgs),
}

/// The subcommands that talk to AWS: in a build with the feature `aws` only.
const AWS_SUBCOMMANDS: [&str; 4] = ["apply", "audit", "import", "plan"];

/// What to say when `name`, a subcommand of the AWS parts, is asked of a build without them
/// (clap would only say "unrecognized subcommand"): the error and the help line. `None` for any
/// other name.
fn missing_aws_subcommand(name: &str) -> Option<(String, &'static str)> {
    AWS_SUBCOMMANDS.contains(&name).then(|| {
        (
            format!(
                "error: `{name}` is not in this build of jumpgate: it comes with the AWS parts, \
                 the feature `aws` of the package `jumpgate-cli` (on by default)"
            ),
            "install with `cargo install --locked --path cli` in a clone of jumpgate, or build \
             with `cargo build --bin jumpgate` (without `--no-default-features`)",
        )
    })
}

/// Parses the command line and runs the subcommand.
pub(crate) fn run() -> ExitCode {
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
            if !error.use_stderr() {
                // Help and version: clap's own text, on standard output.
                return ExitCode::from(match error.print() {
                    Ok(()) => EXIT_OK,
                    Err(_) => output::Failed::CODE,
                });
            }
            if error.kind() == clap::error::ErrorKind::InvalidSubcommand
                && let Some(clap::error::ContextValue::String(name)) =
                    error.get(clap::error::ContextKind::InvalidSubcommand)
                && let Some((message, help)) = missing_aws_subcommand(name)
            {
                output::error_line(&message);
                output::help_line(help);
                return ExitCode::from(usage_code);
            }
            // The message quotes the command line: written plain, each line escaped.
            for line in error.render().to_string().trim_end().lines() {
                output::error_line(line);
            }
            return ExitCode::from(usage_code);
        }
    };
    let limit = cli.max_input_bytes;
    let code = match cli.command {
        Command::Access(args) => access::run(&args, limit),
        #[cfg(feature = "aws")]
        Command::Apply(args) => aws::apply(&args, limit),
        #[cfg(feature = "aws")]
        Command::Audit(args) => aws::audit(&args, limit),
        Command::Can(args) => can::run(&args, limit),
        Command::Check(args) => check::run(&args, limit),
        Command::Eval(args) => eval::run(&args, limit),
        Command::Fmt(args) => fmt::run(&args, limit),
        Command::Lint(args) => lint::run(&args, limit),
        #[cfg(feature = "aws")]
        Command::Import(args) => aws::import(&args),
        #[cfg(feature = "aws")]
        Command::Plan(args) => aws::plan(&args, limit),
        Command::Render(args) => render::run(&args, limit),
    };
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// With the feature `aws`, every name of [`AWS_SUBCOMMANDS`] is a subcommand; without it,
    /// none is, and each gets the message naming the feature.
    #[test]
    fn aws_subcommands_are_the_feature_s() {
        let command = Cli::command();
        for name in AWS_SUBCOMMANDS {
            assert_eq!(
                command.find_subcommand(name).is_some(),
                cfg!(feature = "aws"),
                "{name}"
            );
            let (message, help) = missing_aws_subcommand(name).expect("an AWS subcommand");
            assert!(message.contains(&format!("`{name}`")), "{message}");
            assert!(message.contains("feature `aws`"), "{message}");
            assert!(help.contains("cargo install --locked --path cli"), "{help}");
        }
        assert_eq!(missing_aws_subcommand("check"), None);
        assert_eq!(missing_aws_subcommand("pln"), None);
    }
}
