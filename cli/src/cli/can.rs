//! `jumpgate can`: may a user (or a member of a group) of a layout call an action on a resource,
//! switching role into an account? Every path evaluated, with the request context it carries.

use clap::{Args, ValueEnum};
use jumpgate::iam_policy::eval::{ContextValue, Decision, Mismatch, NearMiss, StatementRef};
use jumpgate::org_model::access::{Answer, EffectiveAccess, Question, Route, Step, Subject, Via};
use jumpgate::org_model::guardrails::Guardrails;
use serde_json::{Value, json};

use super::check::load_layout;
use super::output::{Failed, Stdout, error_line, help_line};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// The decision, the context, then each path with its steps' explanations.
    Text,
    /// One JSON object: `{"decision", "context", "paths", ...}`.
    Json,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("subject").required(true).args(["user", "group"]))]
pub(super) struct CanArgs {
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
    /// The user who asks.
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// Ask for a member of this group who is in no other group.
    #[arg(long, value_name = "NAME")]
    group: Option<String>,
    /// The action, `service:Name`.
    #[arg(long, value_name = "SERVICE:ACTION")]
    action: String,
    /// The resource ARN, or `*`.
    #[arg(long, value_name = "ARN")]
    resource: String,
    /// The account whose roles the user switches into, by name (or id).
    #[arg(long, value_name = "ACCOUNT")]
    account: String,
    /// Ask what happens when the user signed in without MFA.
    #[arg(long)]
    without_mfa: bool,
    /// A context key to override or add (repeat a key for several values).
    #[arg(long = "context", value_name = "KEY=VALUE", value_parser = parse_context)]
    context: Vec<(String, String)>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

fn parse_context(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err("expected `KEY=VALUE`, such as `aws:SourceIp=203.0.113.7`".to_owned()),
    }
}

fn show_value(value: &ContextValue) -> String {
    match value {
        ContextValue::Single(value) => value.clone(),
        ContextValue::Multiple(values) => format!("[{}]", values.join(", ")),
    }
}

fn json_value(value: &ContextValue) -> Value {
    match value {
        ContextValue::Single(value) => json!(value),
        ContextValue::Multiple(values) => json!(values),
    }
}

fn why(near: &NearMiss) -> String {
    match &near.failed {
        Mismatch::Action => "its action element does not cover the action".to_owned(),
        Mismatch::Resource => "its resource element does not cover the resource".to_owned(),
        Mismatch::Principal => "its principal element does not name the caller".to_owned(),
        Mismatch::Condition(keys) => {
            let parts: Vec<String> = keys.iter().map(ToString::to_string).collect();
            format!("its condition does not hold: {}", parts.join("; "))
        }
    }
}

/// The report's lines (escaped when printed).
fn text_lines(question: &Question, answer: &Answer) -> Vec<String> {
    let mfa = if question.mfa {
        "signed in with MFA"
    } else {
        "signed in without MFA"
    };
    let mut lines = vec![format!(
        "{}: {} calling `{}` on `{}` in `{}` ({}), {mfa}",
        answer.decision,
        question.subject,
        question.action,
        question.resource,
        answer.account,
        answer.account_id
    )];
    let common = answer.common_context();
    if !common.is_empty() {
        lines.push("context of every request:".to_owned());
        for (key, value) in &common {
            lines.push(format!("  {key} = {}", show_value(value)));
        }
    }
    for (index, route) in answer.routes.iter().enumerate() {
        lines.push(format!(
            "path {}: {}: {}",
            index + 1,
            route.decision,
            route.via
        ));
        for (number, step) in route.steps.iter().enumerate() {
            step_lines(number + 1, step, &common, &mut lines);
        }
        for note in &route.notes {
            lines.push(format!("  = note: {note}"));
        }
    }
    for note in &answer.notes {
        lines.push(format!("= note: {note}"));
    }
    lines
}

fn step_lines(
    number: usize,
    step: &Step,
    common: &[(String, ContextValue)],
    lines: &mut Vec<String>,
) {
    let request = &step.request;
    let evaluation = &step.evaluation;
    lines.push(format!(
        "  step {number}: {}: `{}` calling `{}` on `{}`",
        evaluation.decision, request.principal, request.action, request.resource
    ));
    let own: Vec<String> = request
        .context
        .iter()
        .filter(|(key, value)| !common.iter().any(|(k, v)| k == key && v == *value))
        .map(|(key, value)| format!("{key} = {}", show_value(value)))
        .collect();
    if !own.is_empty() {
        lines.push(format!("    = context: {}", own.join(", ")));
    }
    let verb = if evaluation.decision == Decision::ExplicitDeny {
        "denied by"
    } else {
        "allowed by"
    };
    for statement in &evaluation.explanation.deciding {
        lines.push(format!("    --> {verb} {}", step.describe(statement)));
    }
    if let Some(reason) = &evaluation.explanation.reason {
        lines.push(format!("    = reason: {reason}"));
    }
    // What nearly decided a denied step (statements about other actions are left to JSON).
    if evaluation.decision != Decision::Allow {
        for near in &evaluation.explanation.near_misses {
            if near.failed != Mismatch::Action {
                lines.push(format!(
                    "    = note: nearly applied: {}: {}",
                    step.describe(&near.statement),
                    why(near)
                ));
            }
        }
    }
    for note in &evaluation.explanation.notes {
        lines.push(format!("    = note: {note}"));
    }
}

fn statement_json(step: &Step, statement: &StatementRef) -> Value {
    json!({
        "policy": step.sources.get(&statement.policy).map(ToString::to_string),
        "policy_type": statement.policy.policy_type.key(),
        "level": statement.policy.level,
        "statement": statement.path.to_string(),
        "sid": statement.sid,
        "effect": statement.effect.as_str(),
        "description": step.describe(statement),
    })
}

fn step_json(step: &Step) -> Value {
    let request = &step.request;
    let explanation = &step.evaluation.explanation;
    let context: serde_json::Map<String, Value> = request
        .context
        .iter()
        .map(|(key, value)| (key.to_owned(), json_value(value)))
        .collect();
    let statements = |statements: &[StatementRef]| -> Vec<Value> {
        statements
            .iter()
            .map(|statement| statement_json(step, statement))
            .collect()
    };
    json!({
        "principal": request.principal.to_string(),
        "action": request.action,
        "resource": request.resource,
        "decision": step.evaluation.decision.as_str(),
        "context": context,
        "deciding": statements(&explanation.deciding),
        "matched": statements(&explanation.matched),
        "reason": explanation.reason.as_ref().map(ToString::to_string),
        "near_misses": explanation.near_misses.iter().map(|near| json!({
            "statement": statement_json(step, &near.statement),
            "failed": near.failed.element(),
            "why": why(near),
        })).collect::<Vec<_>>(),
        "notes": explanation.notes,
    })
}

fn route_json(route: &Route) -> Value {
    let via = match &route.via {
        Via::Role {
            role,
            account,
            groups,
        } => json!({"kind": "role", "role": role, "account": account, "groups": groups}),
        Via::Direct => json!({"kind": "direct"}),
    };
    json!({
        "via": via,
        "description": route.via.to_string(),
        "decision": route.decision.as_str(),
        "steps": route.steps.iter().map(step_json).collect::<Vec<_>>(),
        "notes": route.notes,
    })
}

fn answer_json(question: &Question, answer: &Answer) -> Value {
    let subject = match &question.subject {
        Subject::User(name) => json!({"user": name}),
        Subject::Group(name) => json!({"group": name}),
    };
    let context: serde_json::Map<String, Value> = answer
        .common_context()
        .iter()
        .map(|(key, value)| (key.clone(), json_value(value)))
        .collect();
    json!({
        "decision": answer.decision.as_str(),
        "subject": subject,
        "principal": answer.principal.as_str(),
        "action": question.action,
        "resource": question.resource,
        "account": answer.account,
        "account_id": answer.account_id.as_str(),
        "mfa": question.mfa,
        "context": context,
        "paths": answer.routes.iter().map(route_json).collect::<Vec<_>>(),
        "notes": answer.notes,
    })
}

pub(super) fn run(args: &CanArgs, limit: u64) -> u8 {
    // Every malformed input is a usage error here: 1 means "denied".
    let Ok(loaded) = load_layout(&args.file, limit) else {
        return EXIT_USAGE;
    };
    let subject = match (&args.user, &args.group) {
        (Some(user), _) => Subject::User(user.clone()),
        (None, Some(group)) => Subject::Group(group.clone()),
        (None, None) => unreachable!("clap requires --user or --group"),
    };
    let mut question = Question::new(
        subject,
        args.action.clone(),
        args.resource.clone(),
        args.account.clone(),
    );
    question.mfa = !args.without_mfa;
    question.context = args.context.clone();
    // Under the layout's guardrails: a denial names the SCP or RCP that decided.
    let environment = match Guardrails::of(&loaded.layout) {
        Ok(guardrails) => guardrails.environment(),
        Err(error) => {
            error_line(&format!("error: {error}"));
            return EXIT_USAGE;
        }
    };
    let access = EffectiveAccess::with_environment(&loaded.layout, &environment);
    let answer = match access.ask(&question) {
        Ok(answer) => answer,
        Err(error) => {
            error_line(&format!("error: {error}"));
            if let Some(help) = error.help() {
                help_line(&help);
            }
            return EXIT_USAGE;
        }
    };
    // The action as the catalog spells it.
    question.action = answer.action.clone();
    let mut stdout = Stdout::lock();
    let written = match args.format {
        Format::Text => text_lines(&question, &answer)
            .iter()
            .try_for_each(|line| stdout.line(line)),
        Format::Json => stdout.json(&answer_json(&question, &answer).to_string()),
    };
    if written.is_err() {
        return Failed::CODE;
    }
    if answer.decision == Decision::Allow {
        EXIT_OK
    } else {
        EXIT_INVALID_INPUT
    }
}
