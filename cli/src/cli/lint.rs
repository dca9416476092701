//! `jumpgate lint`: validate policy files and print findings as text or JSON lines.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};
use jumpgate::iam_policy::AccountId;
use jumpgate::iam_policy::validate::{
    Finding, Options, PolicyKind, Severity, UnknownResourceType, validate_bytes,
};

use super::findings::{FindingLine, print_json};
use super::input::read_input;
use super::output::{Failed, Stdout, error_line, help_line};
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

fn print_findings(format: Format, file: &str, findings: &[Finding]) -> Result<(), Failed> {
    let mut stdout = Stdout::lock();
    for finding in findings {
        match format {
            Format::Text => {
                for line in text_lines(file, finding) {
                    stdout.line(&line)?;
                }
            }
            Format::Json => print_json(&mut stdout, &FindingLine::policy(file, finding))?,
        }
    }
    Ok(())
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
    let mut code = EXIT_OK;
    for argument in &args.files {
        let input = match read_input(argument, limit) {
            Ok(input) => input,
            Err(unreadable) => {
                unreadable.print();
                code = code.max(EXIT_USAGE);
                continue;
            }
        };
        let report = validate_bytes(&input.bytes, &kind, &options);
        if report
            .findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
        {
            code = code.max(EXIT_INVALID_INPUT);
        }
        if print_findings(args.format, &input.name, &report.findings).is_err() {
            return Failed::CODE;
        }
        // Nothing to report: one line saying what was checked (text only; JSON stays empty).
        if report.findings.is_empty()
            && args.format == Format::Text
            && Stdout::lock()
                .line(&clean_line(&input.name, &kind))
                .is_err()
        {
            return Failed::CODE;
        }
    }
    code
}
