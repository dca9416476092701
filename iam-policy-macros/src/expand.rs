//! Checking the policy with the runtime parser and validator, then generating the value.

use iam_policy::validate::{Finding, Options, PolicyKind, Severity, validate};
use iam_policy::{
    ActionElement, ActionPattern, Condition, ConditionValue, JsonPath, OneOrMany, PathSegment,
    Policy, Principal, PrincipalElement, PrincipalType, ResourceElement, ResourcePattern,
    SetQualifier, Statement, Version, parse_policy,
};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::tokens::{Input, placeholder_index};

/// The span of the token on `line` (1-based) of the generated JSON text.
fn span_of_line(input: &Input, line: Option<usize>) -> Span {
    line.and_then(|line| input.line_spans.get(line.checked_sub(1)?))
        .copied()
        .unwrap_or(input.object_span)
}

fn combine(errors: &mut Option<syn::Error>, error: syn::Error) {
    match errors {
        Some(existing) => existing.combine(error),
        None => *errors = Some(error),
    }
}

fn describe(finding_code: &str, message: &str, help: Option<&String>) -> String {
    // Positions inside the macro's generated JSON text mean nothing to the user.
    let message = match (message.find(" (first at line "), message.find("); ")) {
        (Some(start), Some(end)) if end > start => {
            format!("{}{}", &message[..start], &message[end + 1..])
        }
        _ => message.to_owned(),
    };
    match help {
        Some(help) => format!("{finding_code}: {message}\n  = help: {help}"),
        None => format!("{finding_code}: {message}"),
    }
}

/// The JSON value at `path`, read from the generated text.
fn value_at<'a>(root: &'a serde_json::Value, path: &JsonPath) -> Option<&'a serde_json::Value> {
    let mut value = root;
    for segment in path.segments() {
        value = match (segment, value) {
            (PathSegment::Key(key), serde_json::Value::Object(map)) => map.get(key)?,
            (PathSegment::Index(index), serde_json::Value::Array(items)) => items.get(*index)?,
            _ => return Some(value),
        };
    }
    Some(value)
}

/// Whether a finding is about a value the compiler cannot see (an interpolation), so that only
/// the check when the policy is built can judge it.
fn concerns_interpolation(
    root: &serde_json::Value,
    finding: &Finding,
    has_interpolations: bool,
) -> bool {
    if !has_interpolations {
        return false;
    }
    if finding.path.is_root() {
        // Size and character checks depend on the interpolated values.
        return true;
    }
    let is_placeholder =
        |value: &serde_json::Value| value.as_str().and_then(placeholder_index).is_some();
    match value_at(root, &finding.path) {
        Some(serde_json::Value::Array(items)) => items.iter().any(is_placeholder),
        Some(value) => is_placeholder(value),
        None => false,
    }
}

pub(crate) fn expand(input: Input) -> syn::Result<TokenStream> {
    let parsed = match parse_policy(&input.json) {
        Ok(parsed) => parsed,
        Err(error) => {
            let mut errors = None;
            for diagnostic in error.diagnostics() {
                let span = span_of_line(&input, diagnostic.position.map(|position| position.line));
                combine(
                    &mut errors,
                    syn::Error::new(
                        span,
                        describe(
                            diagnostic.code,
                            &diagnostic.message,
                            diagnostic.help.as_ref(),
                        ),
                    ),
                );
            }
            return Err(
                errors.unwrap_or_else(|| syn::Error::new(input.object_span, "invalid policy"))
            );
        }
    };
    let report = validate(&parsed.policy, &input.kind, &Options::default());
    let root: serde_json::Value =
        serde_json::from_str(&input.json).unwrap_or(serde_json::Value::Null);
    let has_interpolations = !input.interpolations.is_empty();
    let mut errors = None;
    let mut warnings = Vec::new();
    for finding in &report.findings {
        if concerns_interpolation(&root, finding, has_interpolations) {
            continue;
        }
        let span = span_of_line(
            &input,
            parsed.position(&finding.path).map(|position| position.line),
        );
        let text = describe(finding.code, &finding.message, finding.help.as_ref());
        if finding.severity == Severity::Error || input.deny_warnings {
            combine(&mut errors, syn::Error::new(span, text));
        } else {
            warnings.push(warning(finding.severity, &text, span, warnings.len()));
        }
    }
    if let Some(errors) = errors {
        return Err(errors);
    }
    let generator = Generator {
        krate: &input.crate_path,
        interpolations: &input.interpolations,
    };
    let value = generator.policy(&parsed.policy);
    let krate = &input.crate_path;
    let body = if has_interpolations {
        let kind_tokens = kind_tokens(krate, input.kind);
        quote! { #krate::__macro_support_v1::check_interpolated(#value, &#kind_tokens) }
    } else {
        value
    };
    Ok(quote! {{
        #(#warnings)*
        #body
    }})
}

/// A compiler warning at `span`: the use of a generated `#[deprecated]` item whose note is the
/// finding. (Stable Rust has no other way for a macro to emit a warning.)
fn warning(severity: Severity, text: &str, span: Span, index: usize) -> TokenStream {
    let name = format_ident!("IAM_POLICY_{}_{}", severity.as_str(), index, span = span);
    let note = format!("{severity} {text}");
    quote_spanned! {span=>
        #[allow(non_upper_case_globals, dead_code)]
        {
            #[deprecated(note = #note)]
            const #name: () = ();
            #name
        };
    }
}

/// The expression for `kind` in the expansion: `policy!` names no resource type.
fn kind_tokens(krate: &TokenStream, kind: PolicyKind) -> TokenStream {
    match kind {
        PolicyKind::Identity => quote!(#krate::validate::PolicyKind::Identity),
        PolicyKind::Trust => quote!(#krate::validate::PolicyKind::Trust),
        PolicyKind::Resource { .. } => {
            quote!(#krate::validate::PolicyKind::Resource { resource_type: None })
        }
        PolicyKind::ServiceControl => quote!(#krate::validate::PolicyKind::ServiceControl),
        PolicyKind::ResourceControl => quote!(#krate::validate::PolicyKind::ResourceControl),
    }
}

/// Writes Rust that constructs a parsed policy, with interpolations in place of placeholders.
struct Generator<'a> {
    krate: &'a TokenStream,
    interpolations: &'a [(TokenStream, Span)],
}

impl Generator<'_> {
    fn interpolation(&self, text: &str) -> Option<&(TokenStream, Span)> {
        placeholder_index(text).and_then(|index| self.interpolations.get(index))
    }

    fn string(&self, text: &str) -> TokenStream {
        let krate = self.krate;
        match self.interpolation(text) {
            Some((expression, span)) => {
                quote_spanned!(*span=> #krate::__macro_support_v1::Interpolate::policy_text(&(#expression)))
            }
            None => quote!(#krate::__macro_support_v1::text(#text)),
        }
    }

    fn optional_string(&self, text: Option<&String>) -> TokenStream {
        match text {
            Some(text) => {
                let value = self.string(text);
                quote!(::std::option::Option::Some(#value))
            }
            None => quote!(::std::option::Option::None),
        }
    }

    fn one_or_many<T>(
        &self,
        values: &OneOrMany<T>,
        item: impl Fn(&T) -> TokenStream,
    ) -> TokenStream {
        let krate = self.krate;
        match values {
            OneOrMany::One(value) => {
                let value = item(value);
                quote!(#krate::OneOrMany::One(#value))
            }
            OneOrMany::Many(values) => {
                let values = values.iter().map(item);
                quote!(#krate::__macro_support_v1::many([#(#values),*]))
            }
        }
    }

    fn policy(&self, policy: &Policy) -> TokenStream {
        let krate = self.krate;
        let version = match policy.version {
            Some(Version::V2012_10_17) => {
                quote!(::std::option::Option::Some(#krate::Version::V2012_10_17))
            }
            Some(Version::V2008_10_17) => {
                quote!(::std::option::Option::Some(#krate::Version::V2008_10_17))
            }
            None => quote!(::std::option::Option::None),
        };
        let id = self.optional_string(policy.id.as_ref());
        let statements = self.one_or_many(&policy.statement, |statement| self.statement(statement));
        let order = iam_policy::__macro_support_v1::policy_order(policy);
        quote!(#krate::__macro_support_v1::policy(#version, #id, #statements, &[#(#order),*]))
    }

    fn statement(&self, statement: &Statement) -> TokenStream {
        let krate = self.krate;
        let sid = self.optional_string(statement.sid.as_ref());
        let effect = match statement.effect {
            iam_policy::Effect::Allow => quote!(#krate::Effect::Allow),
            iam_policy::Effect::Deny => quote!(#krate::Effect::Deny),
        };
        let principal = match &statement.principal {
            Some(PrincipalElement::Principal(principal)) => {
                let principal = self.principal(principal);
                quote!(::std::option::Option::Some(#krate::PrincipalElement::Principal(#principal)))
            }
            Some(PrincipalElement::NotPrincipal(principal)) => {
                let principal = self.principal(principal);
                quote!(::std::option::Option::Some(#krate::PrincipalElement::NotPrincipal(#principal)))
            }
            None => quote!(::std::option::Option::None),
        };
        let action_pattern = |pattern: &ActionPattern| match self.interpolation(pattern.as_str()) {
            Some(_) => {
                let text = self.string(pattern.as_str());
                quote!(#krate::ActionPattern::new(#text))
            }
            None => {
                let text = pattern.as_str();
                quote!(#krate::__macro_support_v1::action(#text))
            }
        };
        let action = match &statement.action {
            ActionElement::Action(patterns) => {
                let patterns = self.one_or_many(patterns, action_pattern);
                quote!(#krate::ActionElement::Action(#patterns))
            }
            ActionElement::NotAction(patterns) => {
                let patterns = self.one_or_many(patterns, action_pattern);
                quote!(#krate::ActionElement::NotAction(#patterns))
            }
        };
        let resource_pattern =
            |pattern: &ResourcePattern| match self.interpolation(pattern.as_str()) {
                Some(_) => {
                    let text = self.string(pattern.as_str());
                    quote!(#krate::ResourcePattern::new(#text))
                }
                None => {
                    let text = pattern.as_str();
                    quote!(#krate::__macro_support_v1::resource(#text))
                }
            };
        let resource = match &statement.resource {
            Some(ResourceElement::Resource(patterns)) => {
                let patterns = self.one_or_many(patterns, resource_pattern);
                quote!(::std::option::Option::Some(#krate::ResourceElement::Resource(#patterns)))
            }
            Some(ResourceElement::NotResource(patterns)) => {
                let patterns = self.one_or_many(patterns, resource_pattern);
                quote!(::std::option::Option::Some(#krate::ResourceElement::NotResource(#patterns)))
            }
            None => quote!(::std::option::Option::None),
        };
        let condition = match &statement.condition {
            Some(condition) => {
                let condition = self.condition(condition);
                quote!(::std::option::Option::Some(#condition))
            }
            None => quote!(::std::option::Option::None),
        };
        let order = iam_policy::__macro_support_v1::statement_order(statement);
        quote!(#krate::__macro_support_v1::statement(#sid, #effect, #principal, #action, #resource, #condition, &[#(#order),*]))
    }

    fn principal(&self, principal: &Principal) -> TokenStream {
        let krate = self.krate;
        match principal {
            Principal::Any => quote!(#krate::Principal::Any),
            Principal::Map(entries) => {
                let entries = entries.iter().map(|(kind, values)| {
                    let kind = match kind {
                        PrincipalType::Aws => quote!(#krate::PrincipalType::Aws),
                        PrincipalType::Service => quote!(#krate::PrincipalType::Service),
                        PrincipalType::Federated => quote!(#krate::PrincipalType::Federated),
                        PrincipalType::CanonicalUser => {
                            quote!(#krate::PrincipalType::CanonicalUser)
                        }
                    };
                    let values = self.one_or_many(values, |value| self.string(value));
                    quote!((#kind, #values))
                });
                quote!(#krate::Principal::Map(::std::vec::Vec::from([#(#entries),*])))
            }
        }
    }

    fn condition(&self, condition: &Condition) -> TokenStream {
        let krate = self.krate;
        let blocks = condition.blocks.iter().map(|block| {
            let qualifier = match block.operator.qualifier {
                Some(SetQualifier::ForAllValues) => {
                    quote!(::std::option::Option::Some(#krate::SetQualifier::ForAllValues))
                }
                Some(SetQualifier::ForAnyValue) => {
                    quote!(::std::option::Option::Some(#krate::SetQualifier::ForAnyValue))
                }
                None => quote!(::std::option::Option::None),
            };
            let base = format_ident!("{}", block.operator.base.as_str());
            let if_exists = block.operator.if_exists;
            let entries = block.entries.iter().map(|entry| {
                let key = self.string(&entry.key);
                let values = self.one_or_many(&entry.values, |value| self.condition_value(value));
                quote!(#krate::ConditionEntry { key: #key, values: #values })
            });
            quote!(#krate::ConditionBlock {
                operator: #krate::ConditionOperator {
                    qualifier: #qualifier,
                    base: #krate::BaseOperator::#base,
                    if_exists: #if_exists,
                },
                entries: ::std::vec::Vec::from([#(#entries),*]),
            })
        });
        quote!(#krate::Condition { blocks: ::std::vec::Vec::from([#(#blocks),*]) })
    }

    fn condition_value(&self, value: &ConditionValue) -> TokenStream {
        let krate = self.krate;
        match value {
            ConditionValue::String(text) => match self.interpolation(text) {
                Some((expression, span)) => {
                    quote_spanned!(*span=> #krate::__macro_support_v1::Interpolate::condition_value(&(#expression)))
                }
                None => quote!(#krate::__macro_support_v1::condition_text(#text)),
            },
            ConditionValue::Bool(value) => quote!(#krate::ConditionValue::Bool(#value)),
            ConditionValue::Number(number) => {
                // As written: `1.50` stays `1.50`.
                let text = number.as_str();
                quote!(#krate::__macro_support_v1::number(#text))
            }
        }
    }
}
