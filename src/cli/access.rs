//! `jumpgate access`: who reaches which role in which account, and the production rule.

use std::io::Write;

use clap::Args;
use jumpgate::org_model::reachability::{
    Verdict, access_matrix_from_paths, access_paths, production_counterexamples, production_rule,
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

/// The report: the matrix, then the production rule's verdict (the same decision `check` and
/// `render` make: [`production_rule`]), its findings and the access paths that break it.
fn report(layout: &jumpgate::org_model::Layout) -> (String, Verdict) {
    let paths = access_paths(layout);
    let mut text = String::new();
    // Names are the layout's text: control characters are escaped, as everywhere in the CLI.
    for line in access_matrix_from_paths(layout, &paths).lines() {
        text.push_str(&escape_controls(line));
        text.push('\n');
    }
    let rule = production_rule(layout);
    let verdict = rule.verdict();
    text.push_str(
        "\nProduction rule: only JUMP users reach a role in a production account, and only with \
         MFA.\n",
    );
    let count = rule.breaches.len();
    let breaches = if count == 1 { "breach" } else { "breaches" };
    text.push_str(&match verdict {
        Verdict::Holds => "It holds: no counterexample.\n".to_owned(),
        Verdict::HoldsByWaiver => {
            format!("It holds by waiver: {count} {breaches}, each waived with a reason.\n")
        }
        Verdict::DoesNotHold => format!("It does not hold: {count} {breaches}.\n"),
    });
    for finding in rule.findings() {
        text.push_str(&escape_controls(&finding.to_string()));
        text.push('\n');
    }
    let counterexamples = production_counterexamples(&paths);
    if !counterexamples.is_empty() {
        let noun = if counterexamples.len() == 1 {
            "path"
        } else {
            "paths"
        };
        text.push_str(&format!(
            "Access {noun} into production through them ({}):\n",
            counterexamples.len()
        ));
        for counterexample in &counterexamples {
            text.push_str("- ");
            text.push_str(&escape_controls(&counterexample.to_string()));
            text.push('\n');
        }
    }
    (text, verdict)
}

pub fn run(args: &AccessArgs) -> u8 {
    let loaded = match load_layout(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let (text, verdict) = report(&loaded.layout);
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    if verdict == Verdict::DoesNotHold {
        EXIT_INVALID_INPUT
    } else {
        EXIT_OK
    }
}
