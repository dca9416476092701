//! `jumpgate eval`: evaluate request files (a request, the policies in play and the account
//! facts) and print each decision with its explanation, as text or JSON lines.

use std::io::Write;

use clap::{Args, ValueEnum};
use jumpgate::iam_policy::eval::file::RequestFile;
use jumpgate::iam_policy::eval::{
    Decision, DenyReason, Evaluation, Mismatch, NearMiss, StatementRef, evaluate,
};

use super::input::{InputError, read_input};
use super::output::{escape_controls, is_unsafe};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

/// Files a worker evaluates between two hand-overs to the writer.
const CHUNK: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// The decision, then `-->` lines for the deciding statements and `= note:` lines.
    Text,
    /// One JSON object per file per line: `{"file", "decision", "explanation"}`.
    Json,
}

#[derive(Debug, Args)]
pub(super) struct EvalArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Request files (JSON); `-` reads standard input.
    #[arg(value_name = "REQUEST.json", required = true)]
    files: Vec<String>,
}

/// What one file gives: the lines for standard output and standard error, and the exit code.
struct Outcome {
    stdout: String,
    stderr: String,
    code: u8,
}

/// Appends `text` as a JSON string. Control characters and the Unicode bidirectional controls
/// are written as `\u` escapes, so that no output line can be reordered or split on a terminal.
fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_key(out: &mut String, key: &str) {
    out.push('"');
    out.push_str(key);
    out.push_str("\":");
}

fn push_optional_number(out: &mut String, value: Option<usize>) {
    match value {
        Some(value) => out.push_str(&value.to_string()),
        None => out.push_str("null"),
    }
}

fn push_strings(out: &mut String, values: &[String]) {
    out.push('[');
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_string(out, value);
    }
    out.push(']');
}

fn push_statement(out: &mut String, file: &RequestFile, statement: &StatementRef) {
    let position = file.statement_position(statement);
    out.push('{');
    push_key(out, "path");
    push_string(out, &statement.file_path().to_string());
    out.push(',');
    push_key(out, "policy_type");
    push_string(out, statement.policy.policy_type.key());
    out.push(',');
    push_key(out, "level");
    push_optional_number(out, statement.policy.level);
    out.push(',');
    push_key(out, "policy_index");
    push_optional_number(out, Some(statement.policy.index));
    out.push(',');
    push_key(out, "statement_index");
    push_optional_number(out, Some(statement.index));
    out.push(',');
    push_key(out, "sid");
    match &statement.sid {
        Some(sid) => push_string(out, sid),
        None => out.push_str("null"),
    }
    out.push(',');
    push_key(out, "effect");
    push_string(out, statement.effect.as_str());
    out.push(',');
    push_key(out, "line");
    push_optional_number(out, position.map(|p| p.line));
    out.push(',');
    push_key(out, "column");
    push_optional_number(out, position.map(|p| p.column));
    out.push('}');
}

fn push_statements(out: &mut String, file: &RequestFile, statements: &[StatementRef]) {
    out.push('[');
    for (index, statement) in statements.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_statement(out, file, statement);
    }
    out.push(']');
}

fn push_reason(out: &mut String, reason: &DenyReason) {
    out.push('{');
    push_key(out, "kind");
    match reason {
        DenyReason::NoAllow { policy_type, level } => {
            push_string(out, "no_allow");
            out.push(',');
            push_key(out, "policy_type");
            push_string(out, policy_type.key());
            out.push(',');
            push_key(out, "level");
            push_optional_number(out, *level);
        }
        DenyReason::FederatedUserWithoutSessionPolicy => {
            push_string(out, "federated_user_without_session_policy");
        }
        DenyReason::RootUserCannotAssumeRole => push_string(out, "root_user_cannot_assume_role"),
    }
    out.push(',');
    push_key(out, "message");
    push_string(out, &reason.to_string());
    out.push('}');
}

fn push_near_miss(out: &mut String, file: &RequestFile, near: &NearMiss) {
    out.push('{');
    push_key(out, "statement");
    push_statement(out, file, &near.statement);
    out.push(',');
    push_key(out, "failed");
    push_string(out, near.failed.element());
    if let Mismatch::Condition(keys) = &near.failed {
        out.push(',');
        push_key(out, "conditions");
        out.push('[');
        for (index, key) in keys.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            let mut path = near.statement.policy.path();
            for segment in key.path.segments() {
                path.push(segment.clone());
            }
            out.push('{');
            push_key(out, "operator");
            push_string(out, &key.operator);
            out.push(',');
            push_key(out, "key");
            push_string(out, &key.key);
            out.push(',');
            push_key(out, "policy_values");
            push_strings(out, &key.policy_values);
            out.push(',');
            push_key(out, "request_values");
            match &key.request_values {
                Some(values) => push_strings(out, values),
                None => out.push_str("null"),
            }
            out.push(',');
            push_key(out, "path");
            push_string(out, &path.to_string());
            out.push('}');
        }
        out.push(']');
    }
    out.push('}');
}

/// One JSON line: `{"file", "decision", "explanation": {"deciding", "matched", "reason",
/// "near_misses", "notes"}}`, written directly (thousands of files a second).
fn json_line(name: &str, file: &RequestFile, evaluation: &Evaluation) -> String {
    let explanation = &evaluation.explanation;
    let mut out = String::with_capacity(512);
    out.push('{');
    push_key(&mut out, "file");
    push_string(&mut out, name);
    out.push(',');
    push_key(&mut out, "decision");
    push_string(&mut out, evaluation.decision.as_str());
    out.push(',');
    push_key(&mut out, "explanation");
    out.push('{');
    push_key(&mut out, "deciding");
    push_statements(&mut out, file, &explanation.deciding);
    out.push(',');
    push_key(&mut out, "matched");
    push_statements(&mut out, file, &explanation.matched);
    out.push(',');
    push_key(&mut out, "reason");
    match &explanation.reason {
        Some(reason) => push_reason(&mut out, reason),
        None => out.push_str("null"),
    }
    out.push(',');
    push_key(&mut out, "near_misses");
    out.push('[');
    for (index, near) in explanation.near_misses.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_near_miss(&mut out, file, near);
    }
    out.push(']');
    out.push(',');
    push_key(&mut out, "notes");
    push_strings(&mut out, &explanation.notes);
    out.push_str("}}");
    out
}

/// `FILE:LINE:COL` of a statement, or the file name alone.
fn location(name: &str, file: &RequestFile, statement: &StatementRef) -> String {
    match file.statement_position(statement) {
        Some(position) => format!(
            "{}:{}:{}",
            escape_controls(name),
            position.line,
            position.column
        ),
        None => escape_controls(name).into_owned(),
    }
}

fn describe(statement: &StatementRef) -> String {
    let mut text = format!("{} ({}", statement.file_path(), statement.effect);
    if let Some(sid) = &statement.sid {
        text.push_str(&format!(", Sid `{}`", escape_controls(sid)));
    }
    text.push(')');
    text
}

fn text_report(name: &str, file: &RequestFile, evaluation: &Evaluation) -> String {
    let request = &file.request;
    let explanation = &evaluation.explanation;
    let mut out = format!(
        "{}: {}: `{}` calling `{}` on `{}`\n",
        escape_controls(name),
        evaluation.decision,
        escape_controls(&request.principal.to_string()),
        escape_controls(&request.action),
        escape_controls(&request.resource)
    );
    let verb = match evaluation.decision {
        Decision::ExplicitDeny => "denied by",
        _ => "allowed by",
    };
    for statement in &explanation.deciding {
        out.push_str(&format!(
            "  --> {}: {verb} {}\n",
            location(name, file, statement),
            describe(statement)
        ));
    }
    if let Some(reason) = &explanation.reason {
        out.push_str(&format!("  = reason: {reason}\n"));
    }
    for statement in &explanation.matched {
        if !explanation.deciding.contains(statement) {
            out.push_str(&format!(
                "  = note: also applied: {} at {}\n",
                describe(statement),
                location(name, file, statement)
            ));
        }
    }
    for near in &explanation.near_misses {
        let why = match &near.failed {
            Mismatch::Action => "its action element does not cover the action".to_owned(),
            Mismatch::Resource => "its resource element does not cover the resource".to_owned(),
            Mismatch::Principal => "its principal element does not name the caller".to_owned(),
            Mismatch::Condition(keys) => {
                let parts: Vec<String> = keys.iter().map(ToString::to_string).collect();
                format!("its condition does not hold: {}", parts.join("; "))
            }
        };
        out.push_str(&format!(
            "  = note: nearly applied: {} at {}: {}\n",
            describe(&near.statement),
            location(name, file, &near.statement),
            escape_controls(&why)
        ));
    }
    for note in &explanation.notes {
        out.push_str(&format!("  = note: {}\n", escape_controls(note)));
    }
    out
}

fn error_outcome(
    name: &str,
    error: &jumpgate::iam_policy::eval::file::RequestFileError,
    format: Format,
) -> Outcome {
    match format {
        Format::Text => {
            let mut stderr = String::new();
            for diagnostic in error.diagnostics() {
                let location = match diagnostic.position {
                    Some(position) => format!(
                        "{}:{}:{}",
                        escape_controls(name),
                        position.line,
                        position.column
                    ),
                    None => escape_controls(name).into_owned(),
                };
                stderr.push_str(&format!(
                    "{location}: error: {} (at {})\n",
                    escape_controls(&diagnostic.message),
                    escape_controls(&diagnostic.path.to_string())
                ));
                if let Some(help) = &diagnostic.help {
                    stderr.push_str(&format!("  = help: {}\n", escape_controls(help)));
                }
            }
            Outcome {
                stdout: String::new(),
                stderr,
                code: EXIT_USAGE,
            }
        }
        Format::Json => {
            let mut line = String::from("{");
            push_key(&mut line, "file");
            push_string(&mut line, name);
            line.push_str(",\"decision\":null,\"errors\":[");
            for (index, diagnostic) in error.diagnostics().iter().enumerate() {
                if index > 0 {
                    line.push(',');
                }
                line.push('{');
                push_key(&mut line, "code");
                push_string(&mut line, diagnostic.code);
                line.push(',');
                push_key(&mut line, "message");
                push_string(&mut line, &diagnostic.message);
                line.push(',');
                push_key(&mut line, "path");
                push_string(&mut line, &diagnostic.path.to_string());
                line.push(',');
                push_key(&mut line, "line");
                push_optional_number(&mut line, diagnostic.position.map(|p| p.line));
                line.push(',');
                push_key(&mut line, "column");
                push_optional_number(&mut line, diagnostic.position.map(|p| p.column));
                line.push(',');
                push_key(&mut line, "help");
                match &diagnostic.help {
                    Some(help) => push_string(&mut line, help),
                    None => line.push_str("null"),
                }
                line.push('}');
            }
            line.push_str("]}\n");
            Outcome {
                stdout: line,
                stderr: String::new(),
                code: EXIT_USAGE,
            }
        }
    }
}

fn evaluate_one(argument: &str, format: Format, limit: u64) -> Outcome {
    let input = match read_input(argument, limit) {
        Ok(input) => input,
        Err(unreadable) => {
            let mut stderr = format!(
                "{}: error: {}\n",
                escape_controls(&unreadable.name),
                unreadable.error
            );
            if let InputError::TooLarge { .. } = unreadable.error {
                stderr.push_str("  = help: raise the limit with --max-input-bytes\n");
            }
            return Outcome {
                stdout: String::new(),
                stderr,
                code: EXIT_USAGE,
            };
        }
    };
    let file = match RequestFile::parse_bytes(&input.bytes) {
        Ok(file) => file,
        Err(error) => return error_outcome(&input.name, &error, format),
    };
    let evaluation = evaluate(&file.request, &file.policies.as_set());
    let code = if evaluation.decision == Decision::Allow {
        EXIT_OK
    } else {
        EXIT_INVALID_INPUT
    };
    let stdout = match format {
        Format::Text => text_report(&input.name, &file, &evaluation),
        Format::Json => {
            let mut line = json_line(&input.name, &file, &evaluation);
            line.push('\n');
            line
        }
    };
    Outcome {
        stdout,
        stderr: String::new(),
        code,
    }
}

/// Evaluates every file on `threads` worker threads and writes the outcomes in the order of the
/// files as they complete; returns the exit code.
fn evaluate_all(args: &EvalArgs, limit: u64, threads: usize, out: &mut impl Write) -> u8 {
    let files = &args.files;
    let format = args.format;
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Workers take files a chunk at a time and send a chunk's outcomes at once: one wake-up of
    // the writer per chunk, not per file.
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, Vec<Outcome>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, files.len().div_ceil(CHUNK).max(1)) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let start = next.fetch_add(CHUNK, std::sync::atomic::Ordering::Relaxed);
                    let Some(chunk) = files.get(start..files.len().min(start + CHUNK)) else {
                        break;
                    };
                    if chunk.is_empty() {
                        break;
                    }
                    let outcomes = chunk
                        .iter()
                        .map(|file| evaluate_one(file, format, limit))
                        .collect();
                    if sender.send((start, outcomes)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Chunks that arrived before their turn, by first index.
        let mut pending = std::collections::BTreeMap::<usize, Vec<Outcome>>::new();
        let mut written = 0;
        let mut code = EXIT_OK;
        let mut failed = false;
        for (start, outcomes) in receiver {
            pending.insert(start, outcomes);
            while let Some(outcomes) = pending.remove(&written) {
                written += CHUNK;
                for outcome in outcomes {
                    code = code.max(outcome.code);
                    if failed {
                        continue;
                    }
                    if !outcome.stderr.is_empty() {
                        let _ = out.flush();
                        // A standard error that cannot be written changes no exit code.
                        let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
                    }
                    if out.write_all(outcome.stdout.as_bytes()).is_err() {
                        // Standard output is gone: stop the workers at their next chunk.
                        failed = true;
                        next.store(files.len(), std::sync::atomic::Ordering::Relaxed);
                    }
                }
            }
        }
        if failed || out.flush().is_err() {
            return EXIT_USAGE;
        }
        code
    })
}

pub(super) fn run(args: &EvalArgs, limit: u64) -> u8 {
    // Two threads a core: reading files waits on the file system.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get) * 2;
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    evaluate_all(args, limit, threads, &mut stdout)
}
