//! `jumpgate lint`: validate policy files and print findings as text or JSON lines.

use std::ops::ControlFlow;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};
use jumpgate::iam_policy::AccountId;
use jumpgate::iam_policy::validate::{
    Finding, Options, PolicyKind, Severity, UnknownResourceType, validate_bytes,
};

use super::findings::FindingLine;
use super::in_order;
use super::input::{Unreadable, read_input};
use super::output::{Failed, Stdout, error_line, escape_controls, escape_json, help_line};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// `FILE:LINE:COL: SEVERITY CODE: message`, with help lines.
    Text,
    /// One JSON object per finding per line.
    Json,
}

#[derive(Debug, Args)]
pub(super) struct LintArgs {
    /// The kind of policy in every file.
    #[arg(long, default_value = "identity", value_parser = kind_parser())]
    kind: PolicyKind,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The resource type of a resource policy, as Access Analyzer names it (e.g.
    /// `AWS::S3::Bucket`); `AWS::IAM::AssumeRolePolicyDocument` means a role trust policy.
    #[arg(long, value_name = "TYPE")]
    resource_type: Option<String>,
    /// Leave out findings with this code (repeatable).
    #[arg(long = "disable", value_name = "CODE")]
    disabled_codes: Vec<String>,
    /// The policies are AWS managed: exempt from the customer size quota.
    #[arg(long)]
    aws_managed: bool,
    /// An account that trust policies may name without conditions (repeatable).
    #[arg(long = "trusted-account", value_name = "ACCOUNT_ID")]
    trusted_accounts: Vec<AccountId>,
    /// The account's role trust policy quota: 2048 (the default) up to 4096 after a quota increase.
    #[arg(long, value_name = "CHARACTERS", value_parser = clap::value_parser!(u16).range(2048..=4096))]
    trust_policy_quota: Option<u16>,
    /// Files linted at once (default: one per CPU); the output is the same at every number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: Option<u16>,
    /// Policy files; `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

/// `FILE:LINE:COL: SEVERITY CODE: message (at PATH)`, then `  = help: ...`: lines to print
/// (escaped by the printing).
fn text_lines(file: &str, finding: &Finding) -> Vec<String> {
    let (line, column) = finding
        .position
        .map_or((1, 1), |position| (position.line, position.column));
    let mut lines = vec![format!(
        "{file}:{line}:{column}: {} {}: {} (at {})",
        finding.severity, finding.code, finding.message, finding.path
    )];
    if let Some(help) = &finding.help {
        lines.push(format!("  = help: {help}"));
    }
    lines
}

/// The standard output of one file's findings, escaped as [`Stdout`] writes it: text lines, or one
/// JSON line per finding. `Err` holds the text up to a finding that could not be serialized, and
/// the error to print after it.
fn render_findings(
    format: Format,
    file: &str,
    findings: &[Finding],
) -> Result<String, (String, String)> {
    let mut text = String::new();
    for finding in findings {
        match format {
            Format::Text => {
                for line in text_lines(file, finding) {
                    text.push_str(&escape_controls(&line));
                    text.push('\n');
                }
            }
            Format::Json => match FindingLine::policy(file, finding).to_json() {
                Ok(json) => {
                    text.push_str(&escape_json(&json));
                    text.push('\n');
                }
                // Strings and numbers always serialize; should that change, say so rather than
                // panic.
                Err(error) => {
                    return Err((text, format!("error: cannot serialize a finding: {error}")));
                }
            },
        }
    }
    Ok(text)
}

/// `--kind`: one of [`PolicyKind::NAMES`], each listed in the help with its description.
fn kind_parser() -> impl TypedValueParser<Value = PolicyKind> {
    let values = PolicyKind::ALL.map(|kind| {
        let description = kind.description();
        let mut help = description[..1].to_ascii_uppercase();
        help.push_str(&description[1..]);
        PossibleValue::new(kind.name()).help(help)
    });
    PossibleValuesParser::new(values).try_map(|name| name.parse::<PolicyKind>())
}

/// The policy kind from `--kind` and `--resource-type`, or a usage error (message, help).
fn policy_kind(args: &LintArgs) -> Result<PolicyKind, (String, String)> {
    let kind = args.kind;
    let Some(name) = &args.resource_type else {
        return Ok(kind);
    };
    let typed = PolicyKind::for_resource_type(name).map_err(|error| {
        let known: Vec<&str> = UnknownResourceType::known_names().collect();
        (
            format!("error: {error}"),
            format!("resource types: {}", known.join(", ")),
        )
    })?;
    match (kind, typed) {
        (PolicyKind::Resource { .. }, typed) | (PolicyKind::Trust, typed @ PolicyKind::Trust) => {
            Ok(typed)
        }
        _ => Err((
            format!("error: `--resource-type {name}` needs `--kind resource`"),
            format!(
                "resource types apply to resource policies{}",
                if typed == PolicyKind::Trust {
                    " and role trust policies"
                } else {
                    ""
                }
            ),
        )),
    }
}

/// What `lint` says of a file without findings (text format): one line naming what it checked.
fn clean_line(file: &str, kind: &PolicyKind) -> String {
    let description = kind.description();
    let article = if description.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{file}: ok: no findings as {article} {description}")
}

pub(super) fn run(args: &LintArgs, limit: u64) -> u8 {
    let kind = match policy_kind(args) {
        Ok(kind) => kind,
        Err((message, help)) => {
            error_line(&message);
            help_line(&help);
            return EXIT_USAGE;
        }
    };
    let mut options = Options {
        disabled_codes: args.disabled_codes.clone(),
        aws_managed: args.aws_managed,
        trusted_accounts: args.trusted_accounts.clone(),
        ..Options::default()
    };
    if let Some(quota) = args.trust_policy_quota {
        options.trust_policy_quota = usize::from(quota);
    }
    let files = &args.files;
    let mut code = EXIT_OK;
    let mut failed = false;
    in_order::for_each(
        files.len(),
        args.jobs.map(usize::from),
        // Standard input is read on this thread, at its turn, as one after another would.
        |index| files[index] == "-",
        |index| lint_one(&files[index], limit, args.format, &kind, &options),
        |outcome| {
            let (linted, error) = match outcome {
                Outcome::Unreadable(unreadable) => {
                    unreadable.print();
                    code = code.max(EXIT_USAGE);
                    return ControlFlow::Continue(());
                }
                Outcome::Linted {
                    text,
                    code: file_code,
                    error,
                } => {
                    code = code.max(file_code);
                    (text, error)
                }
            };
            if !linted.is_empty() && Stdout::lock().escaped_lines(&linted).is_err() {
                failed = true;
                return ControlFlow::Break(());
            }
            if let Some(error) = error {
                error_line(&error);
                failed = true;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        },
    );
    if failed { Failed::CODE } else { code }
}

/// What linting one input gave, to print in the order of the arguments.
enum Outcome {
    /// The input could not be read (printed to standard error; exit 2).
    Unreadable(Unreadable),
    /// Its findings.
    Linted {
        /// Standard output's lines for it, escaped.
        text: String,
        /// [`EXIT_INVALID_INPUT`] when a finding is an `ERROR`, [`EXIT_OK`] otherwise.
        code: u8,
        /// A finding could not be serialized: the error to print after `text`, which ends the
        /// command.
        error: Option<String>,
    },
}

/// Reads and validates one input, and renders what to print of it: run for every input at once,
/// on as many threads as there are.
fn lint_one(
    argument: &str,
    limit: u64,
    format: Format,
    kind: &PolicyKind,
    options: &Options,
) -> Outcome {
    let input = match read_input(argument, limit) {
        Ok(input) => input,
        Err(unreadable) => return Outcome::Unreadable(unreadable),
    };
    let report = validate_bytes(&input.bytes, kind, options);
    drop(input.bytes);
    let code = if report
        .findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
    {
        EXIT_INVALID_INPUT
    } else {
        EXIT_OK
    };
    let (mut text, error) = match render_findings(format, &input.name, &report.findings) {
        Ok(text) => (text, None),
        Err((text, error)) => (text, Some(error)),
    };
    // Nothing to report: one line saying what was checked (text only; JSON stays empty).
    if report.findings.is_empty() && format == Format::Text {
        text.push_str(&escape_controls(&clean_line(&input.name, kind)));
        text.push('\n');
    }
    Outcome::Linted { text, code, error }
}
