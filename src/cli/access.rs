//! `jumpgate access`: who reaches which role in which account, and the production rule.

use clap::Args;
use jumpgate::org_model::reachability::{
    access_matrix_from_paths, access_paths, production_counterexamples,
};

use super::check::load_layout;
use super::output::{Failed, Stdout};
use super::{EXIT_INVALID_INPUT, EXIT_OK};

#[derive(Debug, Args)]
pub struct AccessArgs {
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
}

/// The report's lines (escaped when printed: names are the layout's text): the matrix, then
/// the production rule's verdict and counterexamples; and whether the rule holds.
fn report(layout: &jumpgate::org_model::Layout) -> (Vec<String>, bool) {
    let paths = access_paths(layout);
    let mut lines: Vec<String> = access_matrix_from_paths(layout, &paths)
        .lines()
        .map(str::to_owned)
        .collect();
    let counterexamples = production_counterexamples(&paths);
    lines.push(String::new());
    lines.push(
        "Production rule: only JUMP users reach a role in a production account, and only with \
         MFA."
            .to_owned(),
    );
    if counterexamples.is_empty() {
        lines.push("It holds: no counterexample.".to_owned());
    } else {
        let count = counterexamples.len();
        let noun = if count == 1 {
            "counterexample"
        } else {
            "counterexamples"
        };
        lines.push(format!("It does not hold: {count} {noun}."));
        for counterexample in &counterexamples {
            lines.push(format!("- {counterexample}"));
        }
    }
    (lines, counterexamples.is_empty())
}

pub fn run(args: &AccessArgs, limit: u64) -> u8 {
    let loaded = match load_layout(&args.file, limit) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let (lines, holds) = report(&loaded.layout);
    let mut stdout = Stdout::lock();
    for line in &lines {
        if stdout.line(line).is_err() {
            return Failed::CODE;
        }
    }
    if holds { EXIT_OK } else { EXIT_INVALID_INPUT }
}
