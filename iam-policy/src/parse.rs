//! Reading policy JSON into the model, with every structural error collected and located.

use std::fmt;

use crate::codes::{self, Code};
use crate::finding::Finding;
use crate::json::{self, KeyIndex, LineIndex, Member, Node, NodeValue};
use crate::model::{
    ActionElement, ActionPattern, Condition, ConditionBlock, ConditionEntry, ConditionOperator,
    ConditionValue, Effect, ElementOrder, OneOrMany, Policy, PolicyElement, Principal,
    PrincipalElement, PrincipalType, ResourceElement, ResourcePattern, Statement, StatementElement,
    Version,
};
use crate::path::{JsonPath, PathSegment};
use crate::suggest;

pub use crate::json::Position;

/// Every problem found while reading a policy document (at least one), each a [`Finding`] of
/// severity `ERROR` with a code of [`codes::POLICY`] (`JSON_SYNTAX_ERROR`, `MISSING_EFFECT`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    diagnostics: Vec<Finding>,
}

impl ParseError {
    /// The problems, in document order (by line and column).
    pub fn diagnostics(&self) -> &[Finding] {
        &self.diagnostics
    }

    /// The first problem.
    pub fn first(&self) -> Option<&Finding> {
        self.diagnostics.first()
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.as_slice() {
            [] => f.write_str("invalid policy document"),
            [only] => write!(f, "{only}"),
            [first, rest @ ..] => write!(f, "{first} (and {} more)", rest.len()),
        }
    }
}

impl std::error::Error for ParseError {}

/// A policy parsed from text, with what is needed to turn JSON paths into lines and columns.
///
/// It holds the policy and the text, not a tree of the JSON: positions are found in the text.
#[derive(Debug)]
pub struct ParsedPolicy<'a> {
    /// The policy.
    pub policy: Policy,
    text: &'a str,
    // Built on first use: most documents never need a position.
    lines: std::sync::OnceLock<LineIndex<'a>>,
    /// For [`ParsedPolicy::position`]: the JSON tree, read again on first use.
    tree: std::sync::OnceLock<Option<(Node<'a>, KeyIndex)>>,
}

impl Clone for ParsedPolicy<'_> {
    fn clone(&self) -> Self {
        // The tree is not cloned: its key index names the original tree's objects.
        Self {
            policy: self.policy.clone(),
            text: self.text,
            lines: std::sync::OnceLock::new(),
            tree: std::sync::OnceLock::new(),
        }
    }
}

impl<'a> ParsedPolicy<'a> {
    /// The line and column of the element at `path` (the key for object members), if it exists.
    ///
    /// The first call reads the document's JSON tree again and keeps it, so that each further
    /// call costs only the depth of its path; [`ParsedPolicy::positions`] finds many paths in one
    /// pass over the text without keeping a tree.
    pub fn position(&self, path: &JsonPath) -> Option<Position> {
        let (tree, keys) = self
            .tree
            .get_or_init(|| {
                let tree = json::parse(self.text).ok()?;
                let keys = KeyIndex::new(&tree);
                Some((tree, keys))
            })
            .as_ref()?;
        let offset = json::offset_of(tree, path, keys)?;
        Some(self.lines().position(offset))
    }

    /// The line and column of each of `paths` (as [`ParsedPolicy::position`] gives them),
    /// found in one pass over the text.
    pub fn positions(&self, paths: &[&JsonPath]) -> Vec<Option<Position>> {
        let offsets = crate::locate::offsets(self.text, paths);
        let lines = self.lines();
        offsets
            .into_iter()
            .map(|offset| offset.map(|offset| lines.position(offset)))
            .collect()
    }

    fn lines(&self) -> &LineIndex<'a> {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// The text the policy was parsed from.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }
}

/// Parses a policy document from text, keeping positions for later findings.
pub fn parse_policy(text: &str) -> Result<ParsedPolicy<'_>, ParseError> {
    // Each statement is read into the model as soon as its JSON is read, and its JSON dropped:
    // the whole tree and the whole model are never held together.
    let mut statements = Vec::new();
    let mut complete = true;
    let mut diagnostics = Vec::new();
    let tree = json::parse_streaming(text, &mut |index, node| {
        let mut reader = Reader::default();
        reader.enter_key("Statement");
        if let Some(index) = index {
            reader.enter_index(index);
        }
        match reader.statement(&node) {
            Some(statement) => statements.push(statement),
            None => complete = false,
        }
        diagnostics.append(&mut reader.diagnostics);
    })
    .map_err(|error| ParseError {
        diagnostics: vec![Finding {
            position: Some(json::position_of(text, error.offset)),
            ..Finding::new(error.code, JsonPath::root(), error.message)
        }],
    })?;
    let mut reader = Reader {
        diagnostics,
        streamed: Some((statements, complete)),
        ..Reader::default()
    };
    let policy = reader.policy(&tree);
    match (policy, reader.diagnostics.is_empty()) {
        (Some(policy), true) => Ok(ParsedPolicy {
            policy,
            text,
            lines: std::sync::OnceLock::new(),
            tree: std::sync::OnceLock::new(),
        }),
        _ => Err(reader.finish(Some(&LineIndex::new(text)))),
    }
}

/// Parses a policy document from bytes, reporting invalid UTF-8 at the first bad byte.
pub fn parse_policy_bytes(bytes: &[u8]) -> Result<ParsedPolicy<'_>, ParseError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_policy(text),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let text = std::str::from_utf8(valid).unwrap_or_default();
            let position = LineIndex::new(text).position(text.len());
            Err(ParseError {
                diagnostics: vec![Finding {
                    position: Some(position),
                    help: Some("IAM policy documents are UTF-8 text".to_owned()),
                    ..Finding::new(
                        codes::JSON_SYNTAX_ERROR,
                        JsonPath::root(),
                        "invalid UTF-8 in the document",
                    )
                }],
            })
        }
    }
}

impl Policy {
    /// Parses a policy document from JSON text.
    ///
    /// ```
    /// use iam_policy::Policy;
    /// let error = Policy::from_json(r#"{"Statement": [{"Effect": "allow", "Acton": "s3:*"}]}"#).unwrap_err();
    /// let messages: Vec<String> = error.diagnostics().iter().map(|d| d.to_string()).collect();
    /// assert_eq!(messages, [
    ///     "1:16: statement has neither `Action` nor `NotAction` (at Statement[0])",
    ///     "1:27: invalid `Effect` value `allow`: expected `Allow` or `Deny` (at Statement[0].Effect); did you mean `Allow`?",
    ///     "1:36: unknown statement element `Acton` (at Statement[0].Acton); did you mean `Action`?",
    /// ]);
    /// ```
    pub fn from_json(text: &str) -> Result<Policy, ParseError> {
        parse_policy(text).map(|parsed| parsed.policy)
    }

    /// Parses a policy document from UTF-8 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Policy, ParseError> {
        parse_policy_bytes(bytes).map(|parsed| parsed.policy)
    }
}

impl std::str::FromStr for Policy {
    type Err = ParseError;
    fn from_str(text: &str) -> Result<Self, ParseError> {
        Policy::from_json(text)
    }
}

/// Converts a JSON tree into the model, collecting every problem.
#[derive(Default)]
pub(crate) struct Reader<'t> {
    // The path being read, as borrowed steps; a `JsonPath` is built only for a diagnostic.
    path: Vec<Step<'t>>,
    diagnostics: Vec<(Finding, Option<usize>)>,
    /// The statements, when they were read as the JSON was (see [`parse_policy`]), in order,
    /// and whether every one could be read.
    streamed: Option<(Vec<Statement>, bool)>,
}

const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// One step of the path being read.
#[derive(Debug, Clone, Copy)]
enum Step<'t> {
    Key(&'t str),
    Index(usize),
}

impl<'t> Reader<'t> {
    /// The diagnostics, located with `lines` when the document came from text, in position
    /// order (ties and unlocated diagnostics in the order found).
    pub(crate) fn finish(self, lines: Option<&LineIndex<'_>>) -> ParseError {
        let mut diagnostics: Vec<Finding> = self
            .diagnostics
            .into_iter()
            .map(|(mut diagnostic, offset)| {
                diagnostic.position =
                    offset.and_then(|offset| lines.map(|lines| lines.position(offset)));
                diagnostic
            })
            .collect();
        diagnostics.sort_by_key(|diagnostic| position_order(diagnostic.position));
        ParseError { diagnostics }
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.diagnostics.is_empty()
    }

    fn report(&mut self, code: Code, offset: Option<usize>, message: String, help: Option<String>) {
        self.diagnostics.push((
            Finding {
                help,
                ..Finding::new(code, self.current_path(), message)
            },
            offset,
        ));
    }

    fn type_mismatch(&mut self, node: &'t Node<'_>, expected: &str) {
        self.report(
            codes::DATA_TYPE_MISMATCH,
            node.offset,
            format!("expected {expected}, found {}", node.value.type_name()),
            None,
        );
    }

    fn current_path(&self) -> JsonPath {
        let mut path = JsonPath::root();
        for step in &self.path {
            path.push(match step {
                Step::Key(key) => PathSegment::Key((*key).to_owned()),
                Step::Index(index) => PathSegment::Index(*index),
            });
        }
        path
    }

    fn enter_key(&mut self, key: &'t str) {
        self.path.push(Step::Key(key));
    }

    fn enter_index(&mut self, index: usize) {
        self.path.push(Step::Index(index));
    }

    fn leave(&mut self) {
        self.path.pop();
    }

    fn unknown_element(&mut self, member: &'t Member<'_>, level: &str, known: &[&'static str]) {
        let help = suggest::closest(&member.key, known.iter().copied())
            .map(|suggestion| format!("did you mean `{suggestion}`?"));
        self.report(
            codes::INVALID_POLICY_ELEMENT,
            member.key_offset,
            format!("unknown {level} element `{}`", member.key),
            help,
        );
    }

    pub(crate) fn policy(&mut self, node: &'t Node<'_>) -> Option<Policy> {
        let NodeValue::Object(members) = &node.value else {
            self.report(
                codes::DATA_TYPE_MISMATCH,
                node.offset,
                format!(
                    "a policy document must be a JSON object, found {}",
                    node.value.type_name()
                ),
                None,
            );
            return None;
        };
        let mut version = None;
        let mut id = None;
        let mut statement = None;
        let mut order = ElementOrder::default();
        for member in members {
            self.enter_key(&member.key);
            match member.key.as_ref() {
                "Version" => {
                    order.record(PolicyElement::Version);
                    version = self.version(&member.value);
                }
                "Id" => {
                    order.record(PolicyElement::Id);
                    id = self.string(&member.value);
                }
                "Statement" => {
                    order.record(PolicyElement::Statement);
                    statement = self.statements(&member.value);
                }
                _ => self.unknown_element(member, "policy", &POLICY_ELEMENTS),
            }
            self.leave();
        }
        if !members.iter().any(|member| member.key == "Statement") {
            self.report(
                codes::MISSING_STATEMENT,
                node.offset,
                "the policy has no `Statement` element".to_owned(),
                Some("add \"Statement\": [ ... ] with at least one statement".to_owned()),
            );
        }
        Some(Policy {
            version,
            id,
            statement: statement?,
            order,
        })
    }

    fn version(&mut self, node: &'t Node<'_>) -> Option<Version> {
        let text = self.string(node)?;
        match text.parse() {
            Ok(version) => Some(version),
            Err(()) => {
                self.report(
                    codes::INVALID_VERSION,
                    node.offset,
                    format!("unsupported policy version `{text}`"),
                    Some("use \"2012-10-17\" (or the legacy \"2008-10-17\")".to_owned()),
                );
                None
            }
        }
    }

    fn string(&mut self, node: &'t Node<'_>) -> Option<String> {
        match &node.value {
            NodeValue::String(text) => Some(text.to_string()),
            _ => {
                self.type_mismatch(node, "a string");
                None
            }
        }
    }

    fn statements(&mut self, node: &'t Node<'_>) -> Option<OneOrMany<Statement>> {
        if let Some(streamed) = self.streamed.take() {
            // The tree holds stand-ins; the statements were read already.
            let (mut statements, complete) = streamed;
            return match &node.value {
                NodeValue::Object(_) if complete => statements.pop().map(OneOrMany::One),
                NodeValue::Array(_) if complete => Some(OneOrMany::Many(statements)),
                NodeValue::Object(_) | NodeValue::Array(_) => None,
                _ => {
                    self.type_mismatch(node, "a statement object or an array of statements");
                    None
                }
            };
        }
        match &node.value {
            NodeValue::Object(_) => self.statement(node).map(OneOrMany::One),
            NodeValue::Array(items) => {
                let mut statements = Vec::with_capacity(items.len());
                let mut complete = true;
                for (index, item) in items.iter().enumerate() {
                    self.enter_index(index);
                    match self.statement(item) {
                        Some(statement) => statements.push(statement),
                        None => complete = false,
                    }
                    self.leave();
                }
                complete.then_some(OneOrMany::Many(statements))
            }
            _ => {
                self.type_mismatch(node, "a statement object or an array of statements");
                None
            }
        }
    }

    pub(crate) fn statement(&mut self, node: &'t Node<'_>) -> Option<Statement> {
        let NodeValue::Object(members) = &node.value else {
            self.type_mismatch(node, "a statement object");
            return None;
        };
        let errors_before = self.diagnostics.len();
        let mut sid = None;
        let mut effect = None;
        let mut principal: Option<PrincipalElement> = None;
        let mut action: Option<ActionElement> = None;
        let mut resource: Option<ResourceElement> = None;
        let mut condition = None;
        let mut order = ElementOrder::default();
        let mut seen: [Option<&str>; 3] = [None; 3];
        for member in members {
            self.enter_key(&member.key);
            let key = member.key.as_ref();
            let exclusive_slot = match key {
                "Principal" | "NotPrincipal" => Some(0),
                "Action" | "NotAction" => Some(1),
                "Resource" | "NotResource" => Some(2),
                _ => None,
            };
            if let Some(slot) = exclusive_slot {
                if let Some(first) = seen[slot] {
                    self.report(
                        codes::UNSUPPORTED_ELEMENT_COMBINATION,
                        member.key_offset,
                        format!("a statement cannot have both `{first}` and `{key}`"),
                        Some(format!("keep only one of `{first}` and `{key}`")),
                    );
                    self.leave();
                    continue;
                }
                seen[slot] = Some(key);
            }
            match key {
                "Sid" => {
                    order.record(StatementElement::Sid);
                    sid = self.string(&member.value);
                }
                "Effect" => {
                    order.record(StatementElement::Effect);
                    effect = self.effect(&member.value);
                }
                "Principal" | "NotPrincipal" => {
                    order.record(StatementElement::Principal);
                    principal = self.principal(&member.value).map(|value| {
                        if key == "Principal" {
                            PrincipalElement::Principal(value)
                        } else {
                            PrincipalElement::NotPrincipal(value)
                        }
                    });
                }
                "Action" | "NotAction" => {
                    order.record(StatementElement::Action);
                    action = self.string_or_array(&member.value).map(|values| {
                        let patterns = values.map(ActionPattern::new);
                        if key == "Action" {
                            ActionElement::Action(patterns)
                        } else {
                            ActionElement::NotAction(patterns)
                        }
                    });
                }
                "Resource" | "NotResource" => {
                    order.record(StatementElement::Resource);
                    resource = self.string_or_array(&member.value).map(|values| {
                        let patterns = values.map(ResourcePattern::new);
                        if key == "Resource" {
                            ResourceElement::Resource(patterns)
                        } else {
                            ResourceElement::NotResource(patterns)
                        }
                    });
                }
                "Condition" => {
                    order.record(StatementElement::Condition);
                    condition = self.condition(&member.value);
                }
                _ => self.unknown_element(member, "statement", &STATEMENT_ELEMENTS),
            }
            self.leave();
        }
        if !members.iter().any(|member| member.key == "Effect") {
            self.report(
                codes::MISSING_EFFECT,
                node.offset,
                "statement has no `Effect`".to_owned(),
                Some("add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"".to_owned()),
            );
        }
        if seen[1].is_none() {
            self.report(
                codes::MISSING_ACTION,
                node.offset,
                "statement has neither `Action` nor `NotAction`".to_owned(),
                None,
            );
        }
        if self.diagnostics.len() > errors_before {
            return None;
        }
        Some(Statement {
            sid,
            effect: effect?,
            principal,
            action: action?,
            resource,
            condition,
            order,
        })
    }

    fn effect(&mut self, node: &'t Node<'_>) -> Option<Effect> {
        let text = self.string(node)?;
        match text.as_str() {
            "Allow" => Some(Effect::Allow),
            "Deny" => Some(Effect::Deny),
            _ => {
                let help = suggest::closest(&text, ["Allow", "Deny"])
                    .map(|suggestion| format!("did you mean `{suggestion}`?"));
                self.report(
                    codes::INVALID_EFFECT,
                    node.offset,
                    format!("invalid `Effect` value `{text}`: expected `Allow` or `Deny`"),
                    help,
                );
                None
            }
        }
    }

    fn string_or_array(&mut self, node: &'t Node<'_>) -> Option<OneOrMany<String>> {
        match &node.value {
            NodeValue::String(text) => Some(OneOrMany::One(text.to_string())),
            NodeValue::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    self.enter_index(index);
                    if let Some(text) = self.string(item) {
                        values.push(text);
                    }
                    self.leave();
                }
                (values.len() == items.len()).then_some(OneOrMany::Many(values))
            }
            _ => {
                self.type_mismatch(node, "a string or an array of strings");
                None
            }
        }
    }

    fn principal(&mut self, node: &'t Node<'_>) -> Option<Principal> {
        match &node.value {
            NodeValue::String(text) if text == "*" => Some(Principal::Any),
            NodeValue::String(text) => {
                self.report(
                    codes::INVALID_PRINCIPAL_FORMAT,
                    node.offset,
                    format!("a principal given as a plain string must be `*`, found `{text}`"),
                    Some(format!(
                        "write {{\"AWS\": \"{text}\"}} (or `Service`, `Federated`, `CanonicalUser`)"
                    )),
                );
                None
            }
            NodeValue::Object(members) => {
                let mut entries = Vec::with_capacity(members.len());
                let mut complete = true;
                for member in members {
                    self.enter_key(&member.key);
                    match member.key.parse::<PrincipalType>() {
                        Ok(kind) => match self.string_or_array(&member.value) {
                            Some(values) => entries.push((kind, values)),
                            None => complete = false,
                        },
                        Err(()) => {
                            complete = false;
                            let help = suggest::closest(
                                &member.key,
                                PrincipalType::ALL.iter().map(|kind| kind.as_str()),
                            )
                            .map(|suggestion| format!("did you mean `{suggestion}`?"));
                            self.report(
                                codes::INVALID_PRINCIPAL_KEY,
                                member.key_offset,
                                format!(
                                    "unknown principal type `{}`: expected `AWS`, `Service`, `Federated` or `CanonicalUser`",
                                    member.key
                                ),
                                help,
                            );
                        }
                    }
                    self.leave();
                }
                complete.then_some(Principal::Map(entries))
            }
            _ => {
                self.type_mismatch(node, "`*` or an object such as {\"AWS\": \"...\"}");
                None
            }
        }
    }

    fn condition(&mut self, node: &'t Node<'_>) -> Option<Condition> {
        let NodeValue::Object(members) = &node.value else {
            self.type_mismatch(node, "an object of condition operators");
            return None;
        };
        let mut blocks = Vec::with_capacity(members.len());
        let mut complete = true;
        for member in members {
            self.enter_key(&member.key);
            match member.key.parse::<ConditionOperator>() {
                Ok(operator) => match self.condition_entries(&member.value) {
                    Some(entries) => blocks.push(ConditionBlock { operator, entries }),
                    None => complete = false,
                },
                Err(()) => {
                    complete = false;
                    self.report(
                        codes::INVALID_CONDITION_OPERATOR,
                        member.key_offset,
                        format!("unknown condition operator `{}`", member.key),
                        suggest_operator(&member.key)
                            .map(|suggestion| format!("did you mean `{suggestion}`?")),
                    );
                }
            }
            self.leave();
        }
        complete.then_some(Condition { blocks })
    }

    fn condition_entries(&mut self, node: &'t Node<'_>) -> Option<Vec<ConditionEntry>> {
        let NodeValue::Object(members) = &node.value else {
            self.type_mismatch(node, "an object of condition keys");
            return None;
        };
        let mut entries = Vec::with_capacity(members.len());
        let mut complete = true;
        for member in members {
            self.enter_key(&member.key);
            let values = match &member.value.value {
                NodeValue::Array(items) => {
                    let mut values = Vec::with_capacity(items.len());
                    for (index, item) in items.iter().enumerate() {
                        self.enter_index(index);
                        if let Some(value) = self.condition_value(item) {
                            values.push(value);
                        }
                        self.leave();
                    }
                    (values.len() == items.len()).then_some(OneOrMany::Many(values))
                }
                _ => self.condition_value(&member.value).map(OneOrMany::One),
            };
            match values {
                Some(values) => entries.push(ConditionEntry {
                    key: member.key.to_string(),
                    values,
                }),
                None => complete = false,
            }
            self.leave();
        }
        complete.then_some(entries)
    }

    fn condition_value(&mut self, node: &'t Node<'_>) -> Option<ConditionValue> {
        match &node.value {
            NodeValue::String(text) => Some(ConditionValue::String(text.to_string())),
            NodeValue::Bool(value) => Some(ConditionValue::Bool(*value)),
            NodeValue::Number(number) => Some(ConditionValue::Number(number.clone())),
            _ => {
                self.type_mismatch(node, "a string, boolean or number condition value");
                None
            }
        }
    }
}

/// Sorts by line and column, with unlocated items last.
pub(crate) fn position_order(position: Option<Position>) -> (bool, Option<Position>) {
    (position.is_none(), position)
}

/// The nearest valid spelling of a misspelled operator, keeping its qualifier and `IfExists`.
pub(crate) fn suggest_operator(text: &str) -> Option<String> {
    use crate::model::BaseOperator;
    // Every spelling, built once (a document may misspell thousands of operators).
    static CANDIDATES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let candidates = CANDIDATES.get_or_init(|| {
        let mut candidates = Vec::new();
        for qualifier in ["", "ForAllValues:", "ForAnyValue:"] {
            for base in BaseOperator::ALL {
                for suffix in ["", "IfExists"] {
                    candidates.push(format!("{qualifier}{}{suffix}", base.as_str()));
                }
            }
        }
        candidates
    });
    suggest::closest(text, candidates.iter().map(String::as_str)).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(&'static str, String)> {
        Policy::from_json(text)
            .unwrap_err()
            .diagnostics()
            .iter()
            .map(|diagnostic| (diagnostic.code, diagnostic.path.to_string()))
            .collect()
    }

    #[test]
    fn collects_every_structural_error() {
        let text = r#"{
            "Version": "2012-10-18",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:*", "NotAction": "iam:*", "Resource": "*"},
                {"Sid": 7, "Effect": "Allow", "Action": ["s3:GetObject", 3], "Resource": "*",
                 "Condition": {"StringEqual": {"aws:username": "x"}}}
            ],
            "Extra": true
        }"#;
        assert_eq!(
            codes(text),
            vec![
                ("INVALID_VERSION", "Version".to_owned()),
                (
                    "UNSUPPORTED_ELEMENT_COMBINATION",
                    "Statement[0].NotAction".to_owned()
                ),
                ("DATA_TYPE_MISMATCH", "Statement[1].Sid".to_owned()),
                ("DATA_TYPE_MISMATCH", "Statement[1].Action[1]".to_owned()),
                (
                    "INVALID_CONDITION_OPERATOR",
                    "Statement[1].Condition.StringEqual".to_owned()
                ),
                ("INVALID_POLICY_ELEMENT", "Extra".to_owned()),
            ]
        );
    }

    #[test]
    fn top_level_must_be_an_object() {
        assert_eq!(
            codes("[]"),
            vec![("DATA_TYPE_MISMATCH", "(document)".to_owned())]
        );
        assert_eq!(
            codes("\"x\""),
            vec![("DATA_TYPE_MISMATCH", "(document)".to_owned())]
        );
        assert_eq!(
            codes("{}"),
            vec![("MISSING_STATEMENT", "(document)".to_owned())]
        );
        assert_eq!(
            codes(""),
            vec![("JSON_SYNTAX_ERROR", "(document)".to_owned())]
        );
    }

    #[test]
    fn positions_point_at_the_offending_key() {
        let error = Policy::from_json("{\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"s3:*\",\n    \"Condition\": {\"StringEquals\": {\"k\": null}}\n  }\n}").unwrap_err();
        let diagnostic = error.first().unwrap();
        assert_eq!(
            diagnostic.path.to_string(),
            "Statement.Condition.StringEquals.k"
        );
        assert_eq!(
            diagnostic.position,
            Some(Position {
                line: 5,
                column: 41
            })
        );
        assert_eq!(
            diagnostic.message,
            "expected a string, boolean or number condition value, found null"
        );
    }

    #[test]
    fn invalid_utf8_is_reported_at_the_bad_byte() {
        let error = Policy::from_slice(b"{\n  \"Id\": \"\xff\"}").unwrap_err();
        let diagnostic = error.first().unwrap();
        assert_eq!(
            diagnostic.position,
            Some(Position {
                line: 2,
                column: 10
            })
        );
        assert!(diagnostic.message.contains("UTF-8"));
    }

    #[test]
    fn suggests_operators() {
        assert_eq!(
            suggest_operator("StringEqual").as_deref(),
            Some("StringEquals")
        );
        assert_eq!(
            suggest_operator("ForAnyValue:StringLikeIfExist").as_deref(),
            Some("ForAnyValue:StringLikeIfExists")
        );
        assert_eq!(
            suggest_operator("stringequals").as_deref(),
            Some("StringEquals")
        );
    }
}
