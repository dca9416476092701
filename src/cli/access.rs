//! `jumpgate access`: who reaches which role in which account, and the production rule.

use std::io::Write;

use clap::Args;
use jumpgate::org_model::reachability::{
    access_matrix_from_paths, access_paths, production_counterexamples,
};

use super::check::load_layout;
use super::input::escape_controls;
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Args)]
pub struct AccessArgs {
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
}

/// The report: the matrix, then the production rule's verdict and counterexamples.
fn report(layout: &jumpgate::org_model::Layout) -> (String, bool) {
    let paths = access_paths(layout);
    let mut text = String::new();
    // Names are the layout's text: control characters are escaped, as everywhere in the CLI.
    for line in access_matrix_from_paths(layout, &paths).lines() {
        text.push_str(&escape_controls(line));
        text.push('\n');
    }
    let counterexamples = production_counterexamples(&paths);
    text.push_str(
        "\nProduction rule: only JUMP users reach a role in a production account, and only with \
         MFA.\n",
    );
    if counterexamples.is_empty() {
        text.push_str("It holds: no counterexample.\n");
    } else {
        let count = counterexamples.len();
        let noun = if count == 1 {
            "counterexample"
        } else {
            "counterexamples"
        };
        text.push_str(&format!("It does not hold: {count} {noun}.\n"));
        for counterexample in &counterexamples {
            text.push_str("- ");
            text.push_str(&escape_controls(&counterexample.to_string()));
            text.push('\n');
        }
    }
    (text, counterexamples.is_empty())
}

pub fn run(args: &AccessArgs) -> u8 {
    let loaded = match load_layout(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let (text, holds) = report(&loaded.layout);
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    if holds { EXIT_OK } else { EXIT_INVALID_INPUT }
}
