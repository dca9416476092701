//! The request file of `jumpgate eval`: a request, the policies in play and the account facts as
//! one JSON document, read with every problem located by JSON path, line and column.
//!
//! ```json
//! {"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject",
//!              "resource": "arn:aws:s3:::docs/a.txt", "context": {"aws:SourceIp": "203.0.113.7"},
//!              "principal_role_arn": null},
//!  "policies": {"identity": [{...}], "resource": null, "permissions_boundary": null,
//!               "session": null, "scps": [[{...}], [{...}]], "rcps": []},
//!  "principal_account": null, "resource_account": "111122223333",
//!  "org": {"management_account": "999999999999"}}
//! ```
//!
//! Unknown top-level members are ignored; unknown members elsewhere are errors. A context key is
//! a string or an array of strings; `[]` is a present key with no values.

use std::fmt;

use super::{
    Context, ContextValue, PolicyRef, PolicySet, PolicyType, Request, RequestPrincipal,
    StatementRef,
};
use crate::codes::{self, Code};
use crate::finding::Finding;
use crate::json::{self, LineIndex, Member, Node, NodeValue};
use crate::parse::{Position, Reader};
use crate::path::JsonPath;
use crate::{AccountId, Arn, Policy};

/// The longest principal, action, resource, ARN or context value accepted, in bytes (ARNs are
/// at most 2,048 characters in IAM). Matching time grows with it.
pub const MAX_STRING_BYTES: usize = 2048;

/// The most values one context key may have.
pub const MAX_CONTEXT_VALUES: usize = 1024;

/// The owned policies of a request file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policies {
    /// Identity-based policies.
    pub identity: Vec<Policy>,
    /// The resource-based policy.
    pub resource: Option<Policy>,
    /// The permissions boundary.
    pub permissions_boundary: Option<Policy>,
    /// The session policy.
    pub session: Option<Policy>,
    /// SCPs per level, from the root down.
    pub scps: Vec<Vec<Policy>>,
    /// RCPs per level, from the root down.
    pub rcps: Vec<Vec<Policy>>,
}

impl Policies {
    /// The policies as a [`PolicySet`] to evaluate with.
    pub fn as_set(&self) -> PolicySet<'_> {
        PolicySet {
            identity: self.identity.iter().collect(),
            resource: self.resource.as_ref(),
            permissions_boundary: self.permissions_boundary.as_ref(),
            session: self.session.as_ref(),
            scps: self
                .scps
                .iter()
                .map(|level| level.iter().collect())
                .collect(),
            rcps: self
                .rcps
                .iter()
                .map(|level| level.iter().collect())
                .collect(),
        }
    }
}

/// A request file, read.
#[derive(Debug, Clone)]
pub struct RequestFile {
    /// The request with its facts.
    pub request: Request,
    /// The policies in play.
    pub policies: Policies,
    // Where each policy's statements start in the file.
    positions: Vec<(PolicyRef, Vec<Position>)>,
}

/// Every problem found in a request file (at least one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFileError {
    diagnostics: Vec<Finding>,
}

impl RequestFileError {
    /// The problems, in document order.
    pub fn diagnostics(&self) -> &[Finding] {
        &self.diagnostics
    }
}

impl fmt::Display for RequestFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.as_slice() {
            [] => f.write_str("invalid request file"),
            [only] => write!(f, "{only}"),
            [first, rest @ ..] => write!(f, "{first} (and {} more)", rest.len()),
        }
    }
}

impl std::error::Error for RequestFileError {}

impl RequestFile {
    /// Reads a request file from UTF-8 bytes.
    pub fn parse_bytes(bytes: &[u8]) -> Result<RequestFile, RequestFileError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::parse(text),
            Err(error) => {
                let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
                Err(RequestFileError {
                    diagnostics: vec![Finding {
                        position: Some(LineIndex::new(valid).position(valid.len())),
                        help: Some("request files are UTF-8 JSON".to_owned()),
                        ..Finding::new(
                            codes::JSON_SYNTAX_ERROR,
                            JsonPath::root(),
                            "invalid UTF-8 in the file",
                        )
                    }],
                })
            }
        }
    }

    /// Reads a request file from text.
    ///
    /// ```
    /// use iam_policy::eval::{evaluate, file::RequestFile, Decision};
    /// let file = RequestFile::parse(r#"{
    ///   "request": {"principal": "arn:aws:iam::111122223333:user/alice",
    ///               "action": "s3:ListBucket", "resource": "arn:aws:s3:::docs"},
    ///   "policies": {"identity": [{"Version": "2012-10-17", "Statement": [
    ///     {"Effect": "Allow", "Action": "s3:List*", "Resource": "*"}]}]}
    /// }"#)?;
    /// let evaluation = evaluate(&file.request, &file.policies.as_set());
    /// assert_eq!(evaluation.decision, Decision::Allow);
    /// let statement = &evaluation.explanation.deciding[0];
    /// assert_eq!(statement.file_path().to_string(), "policies.identity[0].Statement[0]");
    /// assert_eq!(file.statement_position(statement).map(|p| p.line), Some(5));
    /// # Ok::<(), iam_policy::eval::file::RequestFileError>(())
    /// ```
    pub fn parse(text: &str) -> Result<RequestFile, RequestFileError> {
        let tree = json::parse(text).map_err(|error| RequestFileError {
            diagnostics: vec![Finding {
                position: Some(json::position_of(text, error.offset)),
                ..Finding::new(error.code, JsonPath::root(), error.message)
            }],
        })?;
        let lines = LineIndex::new(text);
        let mut reader = FileReader {
            lines: &lines,
            diagnostics: Vec::new(),
            positions: Vec::new(),
        };
        let parsed = reader.file(&tree);
        match parsed {
            Some((request, policies)) if reader.diagnostics.is_empty() => Ok(RequestFile {
                request,
                policies,
                positions: reader.positions,
            }),
            _ => {
                let mut diagnostics = reader.diagnostics;
                diagnostics
                    .sort_by_key(|diagnostic| (diagnostic.position.is_none(), diagnostic.position));
                Err(RequestFileError { diagnostics })
            }
        }
    }

    /// Where a statement starts in the file.
    pub fn statement_position(&self, statement: &StatementRef) -> Option<Position> {
        self.positions
            .iter()
            .find(|(policy, _)| *policy == statement.policy)
            .and_then(|(_, positions)| positions.get(statement.index).copied())
    }
}

struct FileReader<'l> {
    lines: &'l LineIndex<'l>,
    diagnostics: Vec<Finding>,
    positions: Vec<(PolicyRef, Vec<Position>)>,
}

const TOP_MEMBERS: [&str; 5] = [
    "request",
    "policies",
    "principal_account",
    "resource_account",
    "org",
];
const REQUEST_MEMBERS: [&str; 6] = [
    "principal",
    "action",
    "resource",
    "context",
    "principal_role_arn",
    "principal_user_arn",
];
const POLICY_MEMBERS: [&str; 6] = [
    "identity",
    "resource",
    "permissions_boundary",
    "session",
    "scps",
    "rcps",
];
const ORG_MEMBERS: [&str; 1] = ["management_account"];

/// The known member `key` most likely stands for: the closest by edit distance, else one that
/// contains it (`boundary` → `permissions_boundary`) or shares its first five letters
/// (`policy` → `policies`).
fn suggestion<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    crate::suggest::closest(key, known.iter().copied()).or_else(|| {
        let lower = key.to_ascii_lowercase();
        (lower.len() >= 4)
            .then(|| {
                known.iter().copied().find(|name| {
                    let common = name
                        .bytes()
                        .zip(lower.bytes())
                        .take_while(|(a, b)| a == b)
                        .count();
                    name.contains(lower.as_str()) || lower.contains(*name) || common >= 5
                })
            })
            .flatten()
    })
}

fn member<'n, 'a>(members: &'n [Member<'a>], key: &str) -> Option<&'n Member<'a>> {
    members.iter().find(|member| member.key == key)
}

impl FileReader<'_> {
    fn report(
        &mut self,
        code: Code,
        path: &JsonPath,
        offset: Option<usize>,
        message: String,
        help: Option<String>,
    ) {
        self.diagnostics.push(Finding {
            position: offset.map(|offset| self.lines.position(offset)),
            help,
            ..Finding::new(code, path.clone(), message)
        });
    }

    fn type_mismatch(&mut self, path: &JsonPath, node: &Node<'_>, expected: &str) {
        self.report(
            codes::DATA_TYPE_MISMATCH,
            path,
            node.offset,
            format!("expected {expected}, found {}", node.value.type_name()),
            None,
        );
    }

    fn object<'n, 'a>(
        &mut self,
        path: &JsonPath,
        node: &'n Node<'a>,
        known: &[&'static str],
        strict: bool,
    ) -> Option<&'n [Member<'a>]> {
        let NodeValue::Object(members) = &node.value else {
            self.type_mismatch(path, node, "an object");
            return None;
        };
        if strict {
            for member in members {
                if !known.contains(&member.key.as_ref()) {
                    let help = suggestion(&member.key, known)
                        .map(|suggestion| format!("did you mean `{suggestion}`?"))
                        .or_else(|| Some(format!("expected one of: {}", known.join(", "))));
                    self.report(
                        codes::UNKNOWN_MEMBER,
                        &path.key(&member.key),
                        member.key_offset,
                        format!("unknown member `{}`", member.key),
                        help,
                    );
                }
            }
        }
        Some(members)
    }

    fn missing(&mut self, path: &JsonPath, node: &Node<'_>, key: &str, help: Option<String>) {
        self.report(
            codes::MISSING_MEMBER,
            path,
            node.offset,
            format!("missing member `{key}`"),
            help,
        );
    }

    /// A bounded string.
    fn string(&mut self, path: &JsonPath, node: &Node<'_>) -> Option<String> {
        let NodeValue::String(text) = &node.value else {
            self.type_mismatch(path, node, "a string");
            return None;
        };
        if text.len() > MAX_STRING_BYTES {
            self.report(
                codes::VALUE_TOO_LONG,
                path,
                node.offset,
                format!(
                    "the value has {} bytes; at most {MAX_STRING_BYTES} are accepted",
                    text.len()
                ),
                None,
            );
            return None;
        }
        Some(text.to_string())
    }

    fn optional_string(&mut self, path: &JsonPath, node: Option<&Node<'_>>) -> Option<String> {
        match node {
            None => None,
            Some(Node {
                value: NodeValue::Null,
                ..
            }) => None,
            Some(node) => self.string(path, node),
        }
    }

    fn account(&mut self, path: &JsonPath, node: Option<&Node<'_>>) -> Option<AccountId> {
        let text = self.optional_string(path, node)?;
        match text.parse::<AccountId>() {
            Ok(account) => Some(account),
            Err(error) => {
                self.report(
                    codes::INVALID_VALUE,
                    path,
                    node.and_then(|node| node.offset),
                    error.to_string(),
                    None,
                );
                None
            }
        }
    }

    fn file(&mut self, node: &Node<'_>) -> Option<(Request, Policies)> {
        let root = JsonPath::root();
        let members = self.object(&root, node, &TOP_MEMBERS, false)?;
        let suggest_from_unknown = |key: &str| {
            members
                .iter()
                .map(|member| member.key.as_ref())
                .filter(|other| !TOP_MEMBERS.contains(other))
                .find(|other| suggestion(other, &[key]).is_some())
                .map(|other| {
                    format!(
                        "`{other}` is not a member the file format knows; did you mean `{key}`?"
                    )
                })
        };
        let request = match member(members, "request") {
            Some(request) => self.request(&root.key("request"), &request.value),
            None => {
                let help = suggest_from_unknown("request");
                self.missing(&root, node, "request", help);
                None
            }
        };
        let policies = match member(members, "policies") {
            Some(policies) => self.policies(&root.key("policies"), &policies.value),
            None => {
                let help = suggest_from_unknown("policies")
                    .or_else(|| Some("add \"policies\": {} when no policy applies".to_owned()));
                self.missing(&root, node, "policies", help);
                None
            }
        };
        let principal_account = self.account(
            &root.key("principal_account"),
            member(members, "principal_account").map(|m| &m.value),
        );
        let resource_account = self.account(
            &root.key("resource_account"),
            member(members, "resource_account").map(|m| &m.value),
        );
        let mut management_account = None;
        if let Some(org) = member(members, "org") {
            let path = root.key("org");
            if !matches!(org.value.value, NodeValue::Null)
                && let Some(org_members) = self.object(&path, &org.value, &ORG_MEMBERS, true)
            {
                match member(org_members, "management_account") {
                    Some(account) => {
                        management_account =
                            self.account(&path.key("management_account"), Some(&account.value));
                    }
                    None => self.missing(&path, &org.value, "management_account", None),
                }
            }
        }
        let mut request = request?;
        let policies = policies?;
        if let (Some(given), Some(from_arn)) = (principal_account, request.principal.account())
            && given != from_arn
        {
            let node = member(members, "principal_account").map(|m| &m.value);
            self.report(
                    codes::INVALID_VALUE,
                    &root.key("principal_account"),
                    node.and_then(|node| node.offset),
                    format!(
                        "`principal_account` is `{given}` but the principal's ARN names account `{from_arn}`"
                    ),
                    Some("leave `principal_account` null to take it from the ARN".to_owned()),
                );
        }
        request.principal_account = principal_account;
        request.resource_account = resource_account;
        request.management_account = management_account;
        Some((request, policies))
    }

    fn request(&mut self, path: &JsonPath, node: &Node<'_>) -> Option<Request> {
        let members = self.object(path, node, &REQUEST_MEMBERS, true)?;
        let required = |reader: &mut Self, key: &str| match member(members, key) {
            Some(found) => reader
                .string(&path.key(key), &found.value)
                .map(|text| (text, found)),
            None => {
                reader.missing(path, node, key, None);
                None
            }
        };
        let principal = required(self, "principal");
        let action = required(self, "action");
        let resource = required(self, "resource");
        let principal =
            principal.and_then(|(text, found)| match text.parse::<RequestPrincipal>() {
                Ok(principal) => Some(principal),
                Err(error) => {
                    self.report(
                        codes::INVALID_VALUE,
                        &path.key("principal"),
                        found.value.offset,
                        error.to_string(),
                        None,
                    );
                    None
                }
            });
        let action = action.and_then(|(text, found)| {
            let well_formed = text
                .split_once(':')
                .is_some_and(|(service, name)| !service.is_empty() && !name.is_empty());
            if !well_formed || text.contains(['*', '?']) {
                self.report(
                    codes::INVALID_VALUE,
                    &path.key("action"),
                    found.value.offset,
                    format!("invalid action `{text}`"),
                    Some(
                        "a request names one action as `service:ActionName`, without wildcards"
                            .to_owned(),
                    ),
                );
                return None;
            }
            Some(text)
        });
        let resource = resource.and_then(|(text, found)| {
            if text.is_empty() {
                self.report(
                    codes::INVALID_VALUE,
                    &path.key("resource"),
                    found.value.offset,
                    "the resource is empty".to_owned(),
                    Some("use `*` for actions without a resource".to_owned()),
                );
                return None;
            }
            Some(text)
        });
        let context = match member(members, "context") {
            Some(found) => self.context(&path.key("context"), &found.value),
            None => Some(Context::new()),
        };
        let role_arn = self.arn_member(members, path, "principal_role_arn", "role/");
        let user_arn = self.arn_member(members, path, "principal_user_arn", "user/");
        let (principal, action, resource, context) = (principal?, action?, resource?, context?);
        if let (Some(role_arn), Some(name)) = (&role_arn, principal.role_name()) {
            let consistent = role_arn.account_id() == principal.account()
                && role_arn.resource().rsplit('/').next() == Some(name);
            if !consistent {
                let found = member(members, "principal_role_arn").map(|m| &m.value);
                self.report(
                    codes::INVALID_VALUE,
                    &path.key("principal_role_arn"),
                    found.and_then(|node| node.offset),
                    format!(
                        "`principal_role_arn` `{role_arn}` is not the role `{name}` of account `{}` behind the session",
                        principal.account().map(|a| a.to_string()).unwrap_or_default()
                    ),
                    None,
                );
                return None;
            }
        }
        let mut request = Request::new(principal, action, resource);
        request.context = context;
        request.principal_role_arn = role_arn;
        request.principal_user_arn = user_arn;
        Some(request)
    }

    fn arn_member(
        &mut self,
        members: &[Member<'_>],
        path: &JsonPath,
        key: &str,
        resource_prefix: &str,
    ) -> Option<Arn> {
        let found = member(members, key)?;
        let path = path.key(key);
        let text = self.optional_string(&path, Some(&found.value))?;
        match text.parse::<Arn>() {
            Ok(arn)
                if arn.service() == "iam"
                    && arn.resource().starts_with(resource_prefix)
                    && arn.account_id().is_some()
                    && !arn.has_wildcard() =>
            {
                Some(arn)
            }
            _ => {
                self.report(
                    codes::INVALID_VALUE,
                    &path,
                    found.value.offset,
                    format!("`{text}` is not an IAM `{resource_prefix}` ARN"),
                    Some(format!(
                        "expected `arn:aws:iam::ACCOUNT:{resource_prefix}...`"
                    )),
                );
                None
            }
        }
    }

    fn context(&mut self, path: &JsonPath, node: &Node<'_>) -> Option<Context> {
        let members = self.object(path, node, &[], false)?;
        let mut context = Context::new();
        let mut ok = true;
        for entry in members {
            let key_path = path.key(&entry.key);
            if entry.key.is_empty() || entry.key.len() > 256 {
                self.report(
                    codes::INVALID_VALUE,
                    &key_path,
                    entry.key_offset,
                    "a context key has 1 to 256 bytes".to_owned(),
                    None,
                );
                ok = false;
                continue;
            }
            if context.get(&entry.key).is_some() {
                self.report(
                    codes::DUPLICATE_KEY,
                    &key_path,
                    entry.key_offset,
                    format!(
                        "context key `{}` is given twice (keys ignore case)",
                        entry.key
                    ),
                    None,
                );
                ok = false;
                continue;
            }
            let value = match &entry.value.value {
                NodeValue::String(_) => self
                    .string(&key_path, &entry.value)
                    .map(ContextValue::Single),
                NodeValue::Array(items) => {
                    if items.len() > MAX_CONTEXT_VALUES {
                        self.report(
                            codes::VALUE_TOO_LONG,
                            &key_path,
                            entry.value.offset,
                            format!(
                                "the key has {} values; at most {MAX_CONTEXT_VALUES} are accepted",
                                items.len()
                            ),
                            None,
                        );
                        None
                    } else {
                        let mut values = Vec::with_capacity(items.len());
                        let mut all = true;
                        for (index, item) in items.iter().enumerate() {
                            match self.string(&key_path.index(index), item) {
                                Some(text) => values.push(text),
                                None => all = false,
                            }
                        }
                        all.then_some(ContextValue::Multiple(values))
                    }
                }
                _ => {
                    self.report(
                        codes::DATA_TYPE_MISMATCH,
                        &key_path,
                        entry.value.offset,
                        format!(
                            "expected a string or an array of strings, found {}",
                            entry.value.value.type_name()
                        ),
                        Some("write numbers and booleans as strings, as AWS passes them: \"10\", \"true\"".to_owned()),
                    );
                    None
                }
            };
            match value {
                Some(value) => context.insert(entry.key.to_string(), value),
                None => ok = false,
            }
        }
        ok.then_some(context)
    }

    fn policies(&mut self, path: &JsonPath, node: &Node<'_>) -> Option<Policies> {
        let members = self.object(path, node, &POLICY_MEMBERS, true)?;
        let errors_before = self.diagnostics.len();
        let mut policies = Policies::default();
        let plain = |policy_type, index| PolicyRef {
            policy_type,
            level: None,
            index,
        };
        if let Some(found) = member(members, "identity") {
            let list_path = path.key("identity");
            match &found.value.value {
                NodeValue::Null => {}
                NodeValue::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        if let Some(policy) = self.document(
                            &list_path.index(index),
                            item,
                            plain(PolicyType::Identity, index),
                        ) {
                            policies.identity.push(policy);
                        }
                    }
                }
                _ => self.type_mismatch(&list_path, &found.value, "an array of policy documents"),
            }
        }
        for (key, policy_type) in [
            ("resource", PolicyType::Resource),
            ("permissions_boundary", PolicyType::PermissionsBoundary),
            ("session", PolicyType::Session),
        ] {
            let Some(found) = member(members, key) else {
                continue;
            };
            if matches!(found.value.value, NodeValue::Null) {
                continue;
            }
            let policy = self.document(&path.key(key), &found.value, plain(policy_type, 0));
            match policy_type {
                PolicyType::Resource => policies.resource = policy,
                PolicyType::PermissionsBoundary => policies.permissions_boundary = policy,
                _ => policies.session = policy,
            }
        }
        for (key, policy_type) in [("scps", PolicyType::Scp), ("rcps", PolicyType::Rcp)] {
            let Some(found) = member(members, key) else {
                continue;
            };
            let levels_path = path.key(key);
            let levels = match &found.value.value {
                NodeValue::Null => continue,
                NodeValue::Array(levels) => levels,
                _ => {
                    self.type_mismatch(
                        &levels_path,
                        &found.value,
                        "an array of levels (root first), each an array of policy documents",
                    );
                    continue;
                }
            };
            let mut parsed_levels = Vec::with_capacity(levels.len());
            for (level, documents) in levels.iter().enumerate() {
                let level_path = levels_path.index(level);
                let NodeValue::Array(documents) = &documents.value else {
                    self.type_mismatch(&level_path, documents, "an array of policy documents");
                    continue;
                };
                let mut parsed = Vec::with_capacity(documents.len());
                for (index, document) in documents.iter().enumerate() {
                    let reference = PolicyRef {
                        policy_type,
                        level: Some(level),
                        index,
                    };
                    if let Some(policy) =
                        self.document(&level_path.index(index), document, reference)
                    {
                        parsed.push(policy);
                    }
                }
                parsed_levels.push(parsed);
            }
            match policy_type {
                PolicyType::Scp => policies.scps = parsed_levels,
                _ => policies.rcps = parsed_levels,
            }
        }
        (self.diagnostics.len() == errors_before).then_some(policies)
    }

    fn document(
        &mut self,
        path: &JsonPath,
        node: &Node<'_>,
        reference: PolicyRef,
    ) -> Option<Policy> {
        let mut reader = Reader::default();
        let policy = reader.policy(node);
        if reader.has_errors() {
            let error = reader.finish(Some(self.lines));
            for diagnostic in error.diagnostics() {
                let mut located = path.clone();
                for segment in diagnostic.path.segments() {
                    located.push(segment.clone());
                }
                self.diagnostics.push(Finding {
                    path: located,
                    ..diagnostic.clone()
                });
            }
            return None;
        }
        let policy = policy?;
        let mut positions = Vec::new();
        if let NodeValue::Object(members) = &node.value
            && let Some(statement) = member(members, "Statement")
        {
            match &statement.value.value {
                NodeValue::Array(items) => positions.extend(
                    items
                        .iter()
                        .filter_map(|item| item.offset)
                        .map(|offset| self.lines.position(offset)),
                ),
                _ => positions.extend(
                    statement
                        .value
                        .offset
                        .map(|offset| self.lines.position(offset)),
                ),
            }
        }
        self.positions.push((reference, positions));
        Some(policy)
    }
}
