//! `jumpgate fmt`: print policy documents losslessly (or canonically), pretty-printed.
//!
//! Several documents are printed in the order given, one blank line apart (a stream of JSON
//! texts that `jq` and `serde_json::StreamDeserializer` read as it is); an input that does not
//! parse prints nothing there, and its errors go to standard error.

use clap::Args;
use jumpgate::iam_policy::{Finding, ParseError, parse_policy_bytes};

use super::input::read_input;
use super::output::{Failed, Stdout, error_line, help_line};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Args)]
pub(super) struct FmtArgs {
    /// Print the canonical form (sorted sets, arrays everywhere, lowercased actions) instead of
    /// the lossless form.
    #[arg(long)]
    canonical: bool,
    /// Policy files to print, one blank line apart; `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

/// Prints a parse error as `FILE:LINE:COL: error: MESSAGE (at PATH)`, plus a help line.
pub(super) fn print_parse_error(file: &str, error: &ParseError) {
    for diagnostic in error.diagnostics() {
        error_line(&format_diagnostic(file, diagnostic));
        if let Some(help) = &diagnostic.help {
            help_line(help);
        }
    }
}

fn format_diagnostic(file: &str, diagnostic: &Finding) -> String {
    let (line, column) = diagnostic
        .position
        .map_or((1, 1), |position| (position.line, position.column));
    format!(
        "{file}:{line}:{column}: error: {} (at {})",
        diagnostic.message, diagnostic.path
    )
}

pub(super) fn run(args: &FmtArgs, limit: u64) -> u8 {
    let mut code = EXIT_OK;
    let mut stdout = Stdout::lock();
    let mut printed_one = false;
    for argument in &args.files {
        let input = match read_input(argument, limit) {
            Ok(input) => input,
            Err(unreadable) => {
                unreadable.print();
                code = code.max(EXIT_USAGE);
                continue;
            }
        };
        let parsed = match parse_policy_bytes(&input.bytes) {
            Ok(parsed) => parsed,
            Err(error) => {
                print_parse_error(&input.name, &error);
                code = code.max(EXIT_INVALID_INPUT);
                continue;
            }
        };
        let policy = if args.canonical {
            parsed.policy.to_canonical()
        } else {
            parsed.policy
        };
        let text = match serde_json::to_string_pretty(&policy) {
            Ok(text) => text,
            Err(error) => {
                error_line(&format!("{}: error: cannot serialize: {error}", input.name));
                code = code.max(EXIT_INVALID_INPUT);
                continue;
            }
        };
        let separated = if printed_one {
            stdout.blank_line()
        } else {
            Ok(())
        };
        if separated.and_then(|()| stdout.json(&text)).is_err() {
            return Failed::CODE;
        }
        printed_one = true;
    }
    code
}
