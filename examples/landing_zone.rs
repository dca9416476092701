//! The seed landing zone end to end: build it, check its invariants and the production rule,
//! render every file, and print a summary.
//!
//! Run with `cargo run --example landing_zone [OUT_DIR]` (default `target/landing-zone`). Exits
//! with 1 when the layout has an ERROR finding (the production rule's breaches are findings: a
//! role without MFA in production is the ERROR ORG050, or the SECURITY_WARNING ORG028 when its
//! waiver gives a reason, exactly as `jumpgate check`, `render` and `access` decide), 2 when the
//! files cannot be rendered or written.

use std::path::PathBuf;
use std::process::ExitCode;

use jumpgate::iam_policy::Partition;
use jumpgate::org_model::checks::{self, Severity};
use jumpgate::org_model::reachability::{Verdict, access_paths, production_rule};
use jumpgate::org_model::render::render;
use jumpgate::org_model::{Account, Layout, seed};

/// The console sign-in URL of an account: by alias when set, by id otherwise.
fn sign_in_url(layout: &Layout, account: &Account) -> Option<String> {
    let label = match (&account.alias, account.id) {
        (Some(alias), _) => alias.clone(),
        (None, Some(id)) => id.to_string(),
        (None, None) => return None,
    };
    let domain = match layout.organization.partition {
        Partition::AwsCn => "signin.amazonaws.cn",
        Partition::AwsUsGov => "signin.amazonaws-us-gov.com",
        _ => "signin.aws.amazon.com",
    };
    Some(format!("https://{label}.{domain}/console"))
}

fn main() -> ExitCode {
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/landing-zone"), PathBuf::from);
    let layout = seed::landing_zone();

    let report = checks::check(&layout);
    for finding in &report.findings {
        println!(
            "{} {} {}: {}",
            finding.severity, finding.code, finding.location, finding.message
        );
        if let Some(help) = &finding.help {
            println!("  = help: {help}");
        }
    }
    if report.has_errors() {
        eprintln!("error: the layout has ERROR findings; nothing rendered");
        return ExitCode::from(1);
    }
    let warnings = report
        .findings
        .iter()
        .filter(|finding| finding.severity != Severity::Error)
        .count();

    // The production rule's breaches are among the findings above; an unwaived one is an
    // ERROR, so the layout was refused already. What is left is how it holds.
    let paths = access_paths(&layout);
    let production = match production_rule(&layout).verdict() {
        Verdict::Holds => "production rule holds",
        Verdict::HoldsByWaiver => "production rule holds by waiver (see the SECURITY_WARNINGs)",
        Verdict::DoesNotHold => {
            eprintln!("error: the production rule does not hold; nothing rendered");
            return ExitCode::from(1);
        }
    };

    let rendered = match render(&layout) {
        Ok(rendered) => rendered,
        Err(error) => {
            eprintln!("error: cannot render: {error}");
            return ExitCode::from(2);
        }
    };
    // Replaces the directory whole: refused when it holds anything an earlier render did not
    // write.
    if let Err(error) = jumpgate::output_dir::replace_dir(&out, &rendered) {
        eprintln!("error: {error}");
        if let Some(help) = error.help() {
            eprintln!("  = help: {help}");
        }
        return ExitCode::from(2);
    }

    let deployed: usize = layout
        .role_deployments()
        .iter()
        .map(|(_, accounts)| accounts.len())
        .sum();
    println!("landing zone `{}`", layout.organization.name);
    println!(
        "  checks:          no errors, {warnings} other finding(s); {production} ({} access paths)",
        paths.len()
    );
    println!("  accounts:        {}", layout.accounts.len());
    println!("  users:           {}", layout.users.len());
    println!(
        "  roles deployed:  {deployed} ({} roles, each in the accounts its grants name)",
        layout.roles.len()
    );
    match jumpgate::org_model::baseline::desired(&layout) {
        Ok(baseline) => {
            let count = |has: fn(&jumpgate::org_model::baseline::AccountBaseline) -> bool| {
                baseline
                    .accounts
                    .iter()
                    .filter(|account| has(account))
                    .count()
            };
            println!(
                "  baseline:        config {}, cloudtrail {}, guardduty {}, root mfa {} of {} accounts; logs to {}",
                count(|account| account.config.is_some()),
                count(|account| account.trail.is_some()),
                count(|account| account.guardduty.is_some()),
                count(|account| account.root_mfa),
                baseline.accounts.len(),
                baseline.log_bucket.as_ref().map_or(
                    "(no log bucket)".to_owned(),
                    |bucket| format!("s3://{} in {}", bucket.name, bucket.account)
                ),
            );
        }
        Err(error) => {
            eprintln!("error: cannot work out the baseline: {error}");
            return ExitCode::from(2);
        }
    }
    println!(
        "  files written:   {} under {}",
        rendered.files().len(),
        out.display()
    );
    match layout
        .jump_account()
        .and_then(|jump| sign_in_url(&layout, jump))
    {
        Some(url) => println!("  JUMP sign-in:    {url}"),
        None => println!("  JUMP sign-in:    (no JUMP account with an alias or id)"),
    }
    ExitCode::SUCCESS
}
