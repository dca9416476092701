//! `jumpgate check`: read a layout file and report the invariants it breaks, as text or JSON
//! lines. Also home of the layout loading shared by `render` and `access`.

use clap::{Args, ValueEnum};
use jumpgate::org_model::checks::{self, LayoutFinding};
use jumpgate::org_model::guardrails;
use jumpgate::org_model::{Error, Layout};

use super::findings::{FindingLine, print_json};
use super::input::read_input;
use super::output::{Failed, Stdout, error_line};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// `FILE: SEVERITY CODE location: message`, with help lines.
    Text,
    /// One JSON object per finding per line.
    Json,
}

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
}

/// A layout file read and parsed, with the name to print.
pub(super) struct LoadedLayout {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// The layout.
    pub layout: Layout,
}

/// Reads and parses a layout file; on failure prints the error (`FILE: error: ...` or
/// `FILE:LINE:COL: error: MESSAGE`) to standard error and returns the exit code: 2 when the file
/// cannot be read or is larger than `limit` bytes, 1 when it is not a layout.
pub(super) fn load_layout(argument: &str, limit: u64) -> Result<LoadedLayout, u8> {
    let input = read_input(argument, limit).map_err(|unreadable| {
        unreadable.print();
        EXIT_USAGE
    })?;
    parse_layout(input.name, input.bytes)
}

/// Parses the bytes of a layout file read as `name`; on failure prints the error as
/// [`load_layout`] does and returns 1.
pub(super) fn parse_layout(name: String, bytes: Vec<u8>) -> Result<LoadedLayout, u8> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
            let column = valid
                .rsplit(|&byte| byte == b'\n')
                .next()
                .map_or(0, |last| String::from_utf8_lossy(last).chars().count())
                + 1;
            error_line(&format!(
                "{name}:{line}:{column}: error: the file is not UTF-8"
            ));
            return Err(EXIT_INVALID_INPUT);
        }
    };
    match Layout::from_toml(&text) {
        Ok(layout) => Ok(LoadedLayout { name, layout }),
        Err(Error::Layout {
            line,
            column,
            message,
        }) => {
            error_line(&format!(
                "{name}:{line}:{column}: error: {}",
                message.trim_end()
            ));
            Err(EXIT_INVALID_INPUT)
        }
        Err(error) => {
            error_line(&format!("{name}: error: {error}"));
            Err(EXIT_INVALID_INPUT)
        }
    }
}

/// `FILE: SEVERITY CODE location: message`, then `  = help: ...`: lines to print (escaped by
/// the printing).
pub(super) fn text_lines(file: &str, finding: &LayoutFinding) -> Vec<String> {
    let mut lines = vec![format!(
        "{file}: {} {} {}: {}",
        finding.severity, finding.code, finding.location, finding.message
    )];
    if let Some(help) = &finding.help {
        lines.push(format!("  = help: {help}"));
    }
    lines
}

/// What `check` says of a layout without findings (text format): one line naming what it
/// checked, so that success is told apart from a silent no-op.
fn clean_line(file: &str, layout: &Layout) -> String {
    fn count(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }
    format!(
        "{file}: ok: {}, {}, {}, {}, {} and {} meet all {} layout rules",
        count(layout.accounts.len(), "account", "accounts"),
        count(layout.organizational_units.len(), "OU", "OUs"),
        count(layout.users.len(), "user", "users"),
        count(layout.groups.len(), "group", "groups"),
        count(layout.roles.len(), "role", "roles"),
        count(layout.grants.len(), "grant", "grants"),
        checks::RULES.len(),
    )
}

pub(super) fn run(args: &CheckArgs, limit: u64) -> u8 {
    let loaded = match load_layout(&args.file, limit) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let report = checks::check(&loaded.layout);
    if print_findings(args.format, &loaded.name, &report.findings).is_err() {
        return Failed::CODE;
    }
    if args.format == Format::Text && print_guardrails(&loaded.name, &loaded.layout).is_err() {
        return Failed::CODE;
    }
    // Nothing to fix (no finding, or suggestions only): one line says what was checked, so
    // that success is not a silent no-op.
    let nothing_to_fix = report
        .findings
        .iter()
        .all(|finding| finding.severity == jumpgate::iam_policy::Severity::Suggestion);
    if nothing_to_fix
        && args.format == Format::Text
        && Stdout::lock()
            .line(&clean_line(&loaded.name, &loaded.layout))
            .is_err()
    {
        return Failed::CODE;
    }
    if report.has_errors() {
        EXIT_INVALID_INPUT
    } else {
        EXIT_OK
    }
}

/// After the findings of a layout with guardrails: each SCP and RCP jumpgate keeps with its size
/// and the room left below its quota, then each proof and whether it holds.
fn print_guardrails(file: &str, layout: &Layout) -> Result<(), Failed> {
    let Ok(set) = guardrails::Guardrails::of(layout) else {
        // The findings say why (ORG074).
        return Ok(());
    };
    let mut stdout = Stdout::lock();
    for policy in set.policies.iter().filter(|policy| policy.is_managed()) {
        stdout.line(&format!(
            "{file}: guardrail `{}` ({}): {} of {} characters, {} left",
            policy.name,
            policy.kind,
            policy.size(),
            policy.kind.size_quota(),
            policy.room()
        ))?;
    }
    if let Ok(Some(proofs)) = guardrails::prove(layout) {
        for proof in &proofs.proofs {
            stdout.line(&format!("{file}: proof {}", proof.summary()))?;
        }
    }
    Ok(())
}

fn print_findings(format: Format, file: &str, findings: &[LayoutFinding]) -> Result<(), Failed> {
    let mut stdout = Stdout::lock();
    for finding in findings {
        match format {
            Format::Text => {
                for line in text_lines(file, finding) {
                    stdout.line(&line)?;
                }
            }
            Format::Json => print_json(&mut stdout, &FindingLine::layout(file, finding))?,
        }
    }
    Ok(())
}
