//! `jumpgate eval`: evaluate request files (a request, the policies in play and the account
//! facts) and print each decision with its explanation, as text or JSON lines.

use std::io::{Read, Write};

use clap::{Args, ValueEnum};
use jumpgate::iam_policy::eval::file::RequestFile;
use jumpgate::iam_policy::eval::{
    Decision, DenyReason, Evaluation, Mismatch, NearMiss, StatementRef, evaluate,
};
use serde_json::{Map, Value, json};

use super::input::{InputFile, escape_controls};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

/// The largest request file read: 8 MiB, as for every other input of the CLI.
pub const MAX_INPUT_BYTES: u64 = 8 << 20;

/// Files evaluated between two writes of the output, spread over the threads.
const BATCH: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The decision, then `-->` lines for the deciding statements and `= note:` lines.
    Text,
    /// One JSON object per file per line: `{"file", "decision", "explanation"}`.
    Json,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
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

/// Reads one input, at most `limit` bytes (reading stops one byte past it).
fn read_bounded(argument: &str, limit: u64) -> Result<InputFile, String> {
    let (name, result) = if argument == "-" {
        let mut bytes = Vec::new();
        let result = std::io::stdin()
            .lock()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|error| format!("cannot read standard input: {error}"));
        ("<stdin>".to_owned(), result)
    } else {
        let result = std::fs::File::open(argument)
            .and_then(|file| {
                let mut bytes = Vec::new();
                file.take(limit.saturating_add(1))
                    .read_to_end(&mut bytes)
                    .map(|_| bytes)
            })
            .map_err(|error| format!("cannot read file: {error}"));
        (argument.to_owned(), result)
    };
    match result {
        Ok(bytes) if bytes.len() as u64 > limit => Err(format!(
            "{}: error: the input is larger than the limit of {limit} bytes",
            escape_controls(&name)
        )),
        Ok(bytes) => Ok(InputFile { name, bytes }),
        Err(message) => Err(format!("{}: error: {message}", escape_controls(&name))),
    }
}

fn statement_json(file: &RequestFile, statement: &StatementRef) -> Value {
    let position = file.statement_position(statement);
    json!({
        "path": statement.file_path().to_string(),
        "policy_type": statement.policy.policy_type.key(),
        "level": statement.policy.level,
        "policy_index": statement.policy.index,
        "statement_index": statement.index,
        "sid": statement.sid,
        "effect": statement.effect.as_str(),
        "line": position.map(|p| p.line),
        "column": position.map(|p| p.column),
    })
}

fn reason_json(reason: &DenyReason) -> Value {
    let mut object = Map::new();
    match reason {
        DenyReason::NoAllow { policy_type, level } => {
            object.insert("kind".into(), "no_allow".into());
            object.insert("policy_type".into(), policy_type.key().into());
            object.insert("level".into(), json!(level));
        }
        DenyReason::FederatedUserWithoutSessionPolicy => {
            object.insert(
                "kind".into(),
                "federated_user_without_session_policy".into(),
            );
        }
        DenyReason::RootUserCannotAssumeRole => {
            object.insert("kind".into(), "root_user_cannot_assume_role".into());
        }
    }
    object.insert("message".into(), reason.to_string().into());
    Value::Object(object)
}

fn near_miss_json(file: &RequestFile, near: &NearMiss) -> Value {
    let mut object = Map::new();
    object.insert("statement".into(), statement_json(file, &near.statement));
    object.insert("failed".into(), near.failed.element().into());
    if let Mismatch::Condition(keys) = &near.failed {
        let keys: Vec<Value> = keys
            .iter()
            .map(|key| {
                let mut path = near.statement.policy.path();
                for segment in key.path.segments() {
                    path.push(segment.clone());
                }
                json!({
                    "operator": key.operator,
                    "key": key.key,
                    "policy_values": key.policy_values,
                    "request_values": key.request_values,
                    "path": path.to_string(),
                })
            })
            .collect();
        object.insert("conditions".into(), Value::Array(keys));
    }
    Value::Object(object)
}

fn json_line(name: &str, file: &RequestFile, evaluation: &Evaluation) -> String {
    let explanation = &evaluation.explanation;
    let statements = |list: &[StatementRef]| -> Vec<Value> {
        list.iter().map(|s| statement_json(file, s)).collect()
    };
    let explanation = json!({
        "deciding": statements(&explanation.deciding),
        "matched": statements(&explanation.matched),
        "reason": explanation.reason.as_ref().map(reason_json),
        "near_misses": explanation.near_misses.iter().map(|n| near_miss_json(file, n)).collect::<Vec<_>>(),
        "notes": explanation.notes,
    });
    // Written by hand so that the members come in the documented order.
    format!(
        "{{\"file\":{},\"decision\":\"{}\",\"explanation\":{explanation}}}",
        Value::String(name.to_owned()),
        evaluation.decision.as_str()
    )
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
            let errors: Vec<Value> = error
                .diagnostics()
                .iter()
                .map(|diagnostic| {
                    json!({
                        "code": diagnostic.code,
                        "message": diagnostic.message,
                        "path": diagnostic.path.to_string(),
                        "line": diagnostic.position.map(|p| p.line),
                        "column": diagnostic.position.map(|p| p.column),
                        "help": diagnostic.help,
                    })
                })
                .collect();
            Outcome {
                stdout: format!(
                    "{}\n",
                    json!({"file": name, "decision": null, "errors": errors})
                ),
                stderr: String::new(),
                code: EXIT_USAGE,
            }
        }
    }
}

fn evaluate_one(argument: &str, format: Format, limit: u64) -> Outcome {
    let input = match read_bounded(argument, limit) {
        Ok(input) => input,
        Err(message) => {
            return Outcome {
                stdout: String::new(),
                stderr: format!("{message}\n"),
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

/// Evaluates `files` on `threads` threads, keeping their order.
fn evaluate_batch(files: &[String], format: Format, limit: u64, threads: usize) -> Vec<Outcome> {
    if threads <= 1 || files.len() < 2 {
        return files
            .iter()
            .map(|f| evaluate_one(f, format, limit))
            .collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|f| evaluate_one(f, format, limit))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    vec![Outcome {
                        stdout: String::new(),
                        stderr: "error: an evaluation thread failed\n".to_owned(),
                        code: EXIT_USAGE,
                    }]
                })
            })
            .collect()
    })
}

pub fn run(args: &EvalArgs, limit: u64) -> u8 {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    let mut code = EXIT_OK;
    for batch in args.files.chunks(BATCH) {
        for outcome in evaluate_batch(batch, args.format, limit, threads) {
            code = code.max(outcome.code);
            if !outcome.stderr.is_empty() {
                let _ = stdout.flush();
                eprint!("{}", outcome.stderr);
            }
            if stdout.write_all(outcome.stdout.as_bytes()).is_err() {
                return EXIT_USAGE;
            }
        }
    }
    if stdout.flush().is_err() {
        return EXIT_USAGE;
    }
    code
}
