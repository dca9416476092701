//! `jumpgate fmt`: print policy documents losslessly (or canonically), pretty-printed.

use std::io::Write;

use clap::Args;
use jumpgate::iam_policy::{Diagnostic, ParseError, parse_policy_bytes};

use super::input::{escape_controls, read_input};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Print the canonical form (sorted sets, arrays everywhere, lowercased actions) instead of
    /// the lossless form.
    #[arg(long)]
    canonical: bool,
    /// Policy files to print; `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

/// Prints a parse error as `FILE:LINE:COL: error: MESSAGE (at PATH)`, plus a help line.
pub fn print_parse_error(file: &str, error: &ParseError) {
    let stderr = std::io::stderr();
    let mut stderr = stderr.lock();
    for diagnostic in error.diagnostics() {
        let _ = writeln!(stderr, "{}", format_diagnostic(file, diagnostic));
        if let Some(help) = &diagnostic.help {
            let _ = writeln!(stderr, "  = help: {}", escape_controls(help));
        }
    }
}

fn format_diagnostic(file: &str, diagnostic: &Diagnostic) -> String {
    let (line, column) = diagnostic
        .position
        .map_or((1, 1), |position| (position.line, position.column));
    format!(
        "{}:{line}:{column}: error: {} (at {})",
        escape_controls(file),
        escape_controls(&diagnostic.message),
        escape_controls(&diagnostic.path.to_string())
    )
}

pub fn run(args: &FmtArgs) -> u8 {
    let mut code = EXIT_OK;
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    for argument in &args.files {
        let input = match read_input(argument) {
            Ok(input) => input,
            Err(message) => {
                eprintln!("{message}");
                code = code.max(EXIT_USAGE);
                continue;
            }
        };
        match parse_policy_bytes(&input.bytes) {
            Ok(parsed) => {
                let policy = if args.canonical {
                    parsed.policy.to_canonical()
                } else {
                    parsed.policy
                };
                match serde_json::to_string_pretty(&policy) {
                    Ok(text) => {
                        if writeln!(stdout, "{text}").is_err() {
                            return EXIT_USAGE;
                        }
                    }
                    Err(error) => {
                        eprintln!("{}: error: cannot serialize: {error}", input.name);
                        code = code.max(EXIT_INVALID_INPUT);
                    }
                }
            }
            Err(error) => {
                print_parse_error(&input.name, &error);
                code = code.max(EXIT_INVALID_INPUT);
            }
        }
    }
    code
}
