//! `jumpgate access`: who reaches which role in which account, and the production rule.

use clap::Args;
use jumpgate::org_model::access::EffectiveAccess;
use jumpgate::org_model::reachability::{
    Verdict, access_matrix_from_paths, access_paths_in, production_counterexamples,
    production_rule_in,
};

use super::check::load_layout;
use super::output::{Failed, Stdout};
use super::{EXIT_INVALID_INPUT, EXIT_OK};

#[derive(Debug, Args)]
pub(super) struct AccessArgs {
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
}

/// The report's lines (escaped when printed: names are the layout's text): the matrix, then the
/// production rule's verdict (the same decision `check` and `render` make: [`production_rule_in`]),
/// its findings and the access paths that break it.
fn report(layout: &jumpgate::org_model::Layout) -> (Vec<String>, Verdict) {
    // The policies built once for both.
    let access = EffectiveAccess::new(layout);
    let paths = access_paths_in(&access);
    let mut lines: Vec<String> = access_matrix_from_paths(layout, &paths)
        .lines()
        .map(str::to_owned)
        .collect();
    let rule = production_rule_in(&access);
    let verdict = rule.verdict();
    lines.push(String::new());
    lines.push(
        "Production rule: only JUMP users reach a role in a production account, and only with \
         MFA."
            .to_owned(),
    );
    let count = rule.breaches.len();
    let breaches = if count == 1 { "breach" } else { "breaches" };
    lines.push(match verdict {
        Verdict::Holds => "It holds: no counterexample.".to_owned(),
        Verdict::HoldsByWaiver => {
            format!("It holds by waiver: {count} {breaches}, each waived with a reason.")
        }
        Verdict::DoesNotHold => format!("It does not hold: {count} {breaches}."),
    });
    for finding in rule.findings() {
        lines.push(finding.to_string());
    }
    let counterexamples = production_counterexamples(&paths);
    if !counterexamples.is_empty() {
        let noun = if counterexamples.len() == 1 {
            "path"
        } else {
            "paths"
        };
        lines.push(format!(
            "Access {noun} into production through them ({}):",
            counterexamples.len()
        ));
        for counterexample in &counterexamples {
            lines.push(format!("- {counterexample}"));
        }
    }
    (lines, verdict)
}

pub(super) fn run(args: &AccessArgs, limit: u64) -> u8 {
    let loaded = match load_layout(&args.file, limit) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let (lines, verdict) = report(&loaded.layout);
    let mut stdout = Stdout::lock();
    for line in &lines {
        if stdout.line(line).is_err() {
            return Failed::CODE;
        }
    }
    if verdict == Verdict::DoesNotHold {
        EXIT_INVALID_INPUT
    } else {
        EXIT_OK
    }
}
