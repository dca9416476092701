//! `jumpgate check`: read a layout file and report the invariants it breaks, as text or JSON
//! lines. Also home of the layout loading shared by `render` and `access`.

use std::io::Write;

use clap::{Args, ValueEnum};
use jumpgate::org_model::checks::{self, LayoutFinding};
use jumpgate::org_model::{Error, Layout};

use super::input::{escape_controls, read_input};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `FILE: SEVERITY CODE location: message`, with help lines.
    Text,
    /// One JSON object per finding per line.
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
}

/// A layout file read and parsed, with the name to print.
pub struct LoadedLayout {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// The layout.
    pub layout: Layout,
}

/// Reads and parses a layout file; on failure prints the error (`FILE: error: ...` or
/// `FILE:LINE:COL: error: MESSAGE`) to standard error and returns the exit code: 2 when the file
/// cannot be read, 1 when it is not a layout.
pub fn load_layout(argument: &str) -> Result<LoadedLayout, u8> {
    let input = read_input(argument).map_err(|message| {
        eprintln!("{message}");
        EXIT_USAGE
    })?;
    let name = input.name;
    let text = match String::from_utf8(input.bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
            let column = valid
                .rsplit(|&byte| byte == b'\n')
                .next()
                .map_or(0, |last| String::from_utf8_lossy(last).chars().count())
                + 1;
            eprintln!(
                "{}:{line}:{column}: error: the file is not UTF-8",
                escape_controls(&name)
            );
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
            eprintln!(
                "{}:{line}:{column}: error: {}",
                escape_controls(&name),
                escape_controls(message.trim_end())
            );
            Err(EXIT_INVALID_INPUT)
        }
        Err(error) => {
            eprintln!("{}: error: {error}", escape_controls(&name));
            Err(EXIT_INVALID_INPUT)
        }
    }
}

/// `FILE: SEVERITY CODE location: message`, then `  = help: ...`.
pub fn text_lines(file: &str, finding: &LayoutFinding) -> String {
    let mut text = format!(
        "{}: {} {} {}: {}",
        escape_controls(file),
        finding.severity,
        finding.code,
        escape_controls(&finding.location.to_string()),
        escape_controls(&finding.message)
    );
    if let Some(help) = &finding.help {
        text.push_str("\n  = help: ");
        text.push_str(&escape_controls(help));
    }
    text
}

fn json_line(file: &str, finding: &LayoutFinding) -> String {
    let mut object = serde_json::Map::new();
    object.insert("file".into(), file.into());
    object.insert("code".into(), finding.code.to_string().into());
    object.insert("severity".into(), finding.severity.to_string().into());
    object.insert("location".into(), finding.location.to_string().into());
    object.insert("message".into(), finding.message.clone().into());
    if let Some(help) = &finding.help {
        object.insert("help".into(), help.clone().into());
    }
    serde_json::Value::Object(object).to_string()
}

pub fn run(args: &CheckArgs) -> u8 {
    let loaded = match load_layout(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let report = checks::check(&loaded.layout);
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    for finding in &report.findings {
        let line = match args.format {
            Format::Text => text_lines(&loaded.name, finding),
            Format::Json => json_line(&loaded.name, finding),
        };
        if writeln!(stdout, "{line}").is_err() {
            return EXIT_USAGE;
        }
    }
    if report.has_errors() {
        EXIT_INVALID_INPUT
    } else {
        EXIT_OK
    }
}
