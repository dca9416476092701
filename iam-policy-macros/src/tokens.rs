//! Reading the macro input: options, then JSON written as Rust tokens.
//!
//! The JSON is turned into text with **one token per line**, so that a line number reported by
//! the runtime parser or validator names exactly one token, and so one span.

use iam_policy::validate::PolicyKind;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::ToTokens;

/// The parsed macro input.
pub(crate) struct Input {
    /// The path of the `iam_policy` crate in the expansion.
    pub crate_path: TokenStream,
    /// The policy kind, by name (`identity` by default; `resource` has no resource type).
    pub kind: PolicyKind,
    /// Whether findings below ERROR fail the build.
    pub deny_warnings: bool,
    /// The JSON text, one token per line.
    pub json: String,
    /// The span of each line of `json` (index = line - 1).
    pub line_spans: Vec<Span>,
    /// `(expression)` values with their spans, in order; the JSON holds placeholder strings
    /// for them.
    pub interpolations: Vec<(TokenStream, Span)>,
    /// The span of the whole policy object.
    pub object_span: Span,
}

/// The placeholder string standing for interpolation `index` in the JSON text.
pub(crate) fn placeholder(index: usize) -> String {
    format!("\u{b7}jumpgate-interpolation-{index}\u{b7}")
}

/// The index of an interpolation placeholder, if `text` is one.
pub(crate) fn placeholder_index(text: &str) -> Option<usize> {
    text.strip_prefix("\u{b7}jumpgate-interpolation-")?
        .strip_suffix('\u{b7}')?
        .parse()
        .ok()
}

/// Splits `a, b, c` at top-level commas.
fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => parts.push(Vec::new()),
            _ => {
                if let Some(last) = parts.last_mut() {
                    last.push(token);
                }
            }
        }
    }
    if parts.last().is_some_and(Vec::is_empty) {
        parts.pop();
    }
    parts
}

pub(crate) fn parse_input(tokens: TokenStream) -> syn::Result<Input> {
    let mut parts = split_commas(tokens);
    let Some(object) = parts.pop() else {
        return Err(syn::Error::new(
            Span::call_site(),
            "expected a policy: policy!({ \"Version\": \"2012-10-17\", \"Statement\": [ ... ] })",
        ));
    };
    let mut input = Input {
        crate_path: quote::quote!(::iam_policy),
        kind: PolicyKind::Identity,
        deny_warnings: false,
        json: String::new(),
        line_spans: Vec::new(),
        interpolations: Vec::new(),
        object_span: Span::call_site(),
    };
    let mut errors: Option<syn::Error> = None;
    let add_error = |error: syn::Error, errors: &mut Option<syn::Error>| match errors {
        Some(existing) => existing.combine(error),
        None => *errors = Some(error),
    };
    for option in parts {
        match option.as_slice() {
            [TokenTree::Ident(name), TokenTree::Punct(equals), path @ ..]
                if name == "crate" && equals.as_char() == '=' =>
            {
                input.crate_path = path.iter().cloned().collect();
            }
            [TokenTree::Ident(name)] => match name.to_string().as_str() {
                "deny_warnings" => input.deny_warnings = true,
                other => match other.parse::<PolicyKind>() {
                    Ok(kind) => input.kind = kind,
                    Err(_) => add_error(
                        syn::Error::new(
                            name.span(),
                            format!(
                                "unknown option `{other}`: expected a policy kind ({}) or `deny_warnings`",
                                PolicyKind::NAMES.join(", ")
                            ),
                        ),
                        &mut errors,
                    ),
                },
            },
            other => {
                let span = other.first().map_or(Span::call_site(), TokenTree::span);
                add_error(
                    syn::Error::new(
                        span,
                        format!(
                            "expected a policy kind ({}), `deny_warnings`, or the policy object",
                            PolicyKind::NAMES.join(", ")
                        ),
                    ),
                    &mut errors,
                );
            }
        }
    }
    match object.as_slice() {
        [TokenTree::Group(group)] if group.delimiter() == Delimiter::Brace => {
            input.object_span = group.span();
            let mut writer = JsonWriter {
                input: &mut input,
                errors: None,
            };
            writer.object(group);
            if let Some(error) = writer.errors {
                add_error(error, &mut errors);
            }
        }
        other => {
            let span = other.first().map_or(Span::call_site(), TokenTree::span);
            add_error(
                syn::Error::new(
                    span,
                    "expected the policy object `{ ... }` as the last argument",
                ),
                &mut errors,
            );
        }
    }
    match errors {
        Some(error) => Err(error),
        None => Ok(input),
    }
}

struct JsonWriter<'a> {
    input: &'a mut Input,
    errors: Option<syn::Error>,
}

impl JsonWriter<'_> {
    fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        let error = syn::Error::new(span, message);
        match &mut self.errors {
            Some(existing) => existing.combine(error),
            None => self.errors = Some(error),
        }
    }

    /// Writes one token's JSON text on its own line.
    fn line(&mut self, text: &str, span: Span) {
        self.input.json.push_str(text);
        self.input.json.push('\n');
        self.input.line_spans.push(span);
    }

    /// The `,` before every member or element but the first: writes it and returns the index
    /// after it, or reports a missing or trailing comma and returns `None` (the caller then
    /// closes the group).
    fn separator(
        &mut self,
        tokens: &[TokenTree],
        index: usize,
        close: char,
        between: &str,
    ) -> Option<usize> {
        match &tokens[index] {
            TokenTree::Punct(punct) if punct.as_char() == ',' => {
                self.line(",", punct.span());
                if index + 1 == tokens.len() {
                    self.error(
                        punct.span(),
                        format!("trailing comma: JSON does not allow a comma before `{close}`"),
                    );
                    return None;
                }
                Some(index + 1)
            }
            other => {
                self.error(other.span(), format!("expected `,` between {between}"));
                None
            }
        }
    }

    fn object(&mut self, group: &proc_macro2::Group) {
        self.line("{", group.span_open());
        let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
        let mut index = 0;
        let mut first = true;
        while index < tokens.len() {
            if !first {
                match self.separator(&tokens, index, '}', "members of an object") {
                    Some(next) => index = next,
                    None => break,
                }
            }
            first = false;
            let key = &tokens[index];
            match (string_literal(key), key) {
                (Some(text), _) => self.line(&json_string(&text), key.span()),
                (None, TokenTree::Ident(ident)) => {
                    // Keep going as if it were quoted, to report later mistakes too.
                    self.error(
                        ident.span(),
                        format!("keys must be quoted: write \"{ident}\""),
                    );
                    self.line(&json_string(&ident.to_string()), ident.span());
                }
                (None, _) => {
                    self.error(key.span(), "expected a quoted key such as \"Effect\"");
                    return self.line("}", group.span_close());
                }
            }
            index += 1;
            match tokens.get(index) {
                Some(TokenTree::Punct(punct)) if punct.as_char() == ':' => {
                    self.line(":", punct.span());
                    index += 1;
                }
                Some(other) => {
                    // Report, then read the value that follows as if the `:` were there.
                    self.error(other.span(), "expected `:` after the key");
                }
                None => {
                    self.error(group.span_close(), "expected `:` and a value after the key");
                    return self.line("}", group.span_close());
                }
            }
            index = self.value(&tokens, index, group.span_close());
        }
        self.line("}", group.span_close());
    }

    fn array(&mut self, group: &proc_macro2::Group) {
        self.line("[", group.span_open());
        let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
        let mut index = 0;
        let mut first = true;
        while index < tokens.len() {
            if !first {
                match self.separator(&tokens, index, ']', "array elements") {
                    Some(next) => index = next,
                    None => break,
                }
            }
            first = false;
            index = self.value(&tokens, index, group.span_close());
        }
        self.line("]", group.span_close());
    }

    /// Writes the value starting at `tokens[index]`; returns the index after it.
    fn value(&mut self, tokens: &[TokenTree], index: usize, end: Span) -> usize {
        let Some(token) = tokens.get(index) else {
            self.error(end, "expected a value");
            self.line("null", end);
            return index;
        };
        match token {
            TokenTree::Group(group) => match group.delimiter() {
                Delimiter::Brace => self.object(group),
                Delimiter::Bracket => self.array(group),
                Delimiter::Parenthesis => {
                    let position = self.input.interpolations.len();
                    self.input.interpolations.push((group.stream(), group.span()));
                    self.line(&json_string(&placeholder(position)), group.span());
                }
                Delimiter::None => self.error(group.span(), "expected a JSON value"),
            },
            TokenTree::Literal(literal) => {
                if let Some(text) = string_literal(token) {
                    self.line(&json_string(&text), literal.span());
                } else {
                    let text = literal.to_string();
                    if text.parse::<f64>().is_ok() && !text.contains('_') {
                        self.line(&text, literal.span());
                    } else {
                        self.error(literal.span(), "expected a JSON value: a \"string\", a number, true, false, an array, an object, or a Rust expression in parentheses");
                    }
                }
            }
            TokenTree::Ident(ident) => match ident.to_string().as_str() {
                word @ ("true" | "false" | "null") => self.line(word, ident.span()),
                other => self.error(
                    ident.span(),
                    format!("expected a JSON value, found `{other}`; write a Rust expression in parentheses: `({other})`"),
                ),
            },
            TokenTree::Punct(punct) if punct.as_char() == '-' => {
                match tokens.get(index + 1) {
                    Some(TokenTree::Literal(literal)) if literal.to_string().parse::<f64>().is_ok() => {
                        self.line(&format!("-{literal}"), punct.span().join(literal.span()).unwrap_or(literal.span()));
                        return index + 2;
                    }
                    _ => self.error(punct.span(), "expected a number after `-`"),
                }
            }
            TokenTree::Punct(punct) => self.error(punct.span(), format!("expected a JSON value, found `{}`", punct.as_char())),
        }
        index + 1
    }
}

/// The value of a string literal token (`"..."` or a raw string), if it is one.
fn string_literal(token: &TokenTree) -> Option<String> {
    let TokenTree::Literal(_) = token else {
        return None;
    };
    syn::parse2::<syn::LitStr>(token.to_token_stream())
        .ok()
        .map(|literal| literal.value())
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
