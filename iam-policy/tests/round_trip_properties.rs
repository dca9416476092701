//! Property tests of the lossless model:
//!
//! * every generated policy document parses (from text, through serde, from a `Value`) and
//!   serializes back to the same JSON, byte for byte, whatever its whitespace;
//! * meaning-preserving rewrites have equal canonical forms, meaning-changing mutations do not,
//!   and the canonical form is idempotent and round-trips;
//! * no input, whether text, JSON or bytes, makes the parser panic, and every error is explained.
//!
//! Documents are generated as [`Json`], an order-keeping JSON tree: `serde_json::Value` is built
//! here without `preserve_order`, so its objects would sort their keys and member order could not
//! be tested. A [`Json`] converts to a `Value` and serializes in its written order.
//!
//! Condition keys that differ only in case (`aws:username` and `AWS:UserName` in one block) are
//! kept out of the main generator and tested by the `case_colliding_condition_keys_*` properties.
//!
//! Floating-point condition values are short decimals: without its `float_roundtrip` feature,
//! serde_json may read a 17-digit float one ulp off, which is serde_json's rounding, not ours.

use iam_policy::{ConditionOperator, ParseError, Policy};
use proptest::prelude::*;
use proptest::sample::select;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Number, Value};

/// 256 cases per property; shrinking is bounded so that a failure is reported in seconds, and
/// failing seeds are not written next to the test (no `.proptest-regressions` file).
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        max_shrink_iters: 1024,
        max_shrink_time: 3_000,
        ..ProptestConfig::with_cases(256)
    }
}

// ---------------------------------------------------------------------------------------------
// An order-keeping JSON tree
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Json {
    Str(String),
    Bool(bool),
    Num(Number),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Str(text) => serializer.serialize_str(text),
            Json::Bool(value) => serializer.serialize_bool(*value),
            Json::Num(number) => number.serialize(serializer),
            Json::Arr(items) => {
                let mut sequence = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    sequence.serialize_element(item)?;
                }
                sequence.end()
            }
            Json::Obj(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl Json {
    fn str(text: &str) -> Self {
        Json::Str(text.to_owned())
    }

    fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a Json tree converts to a Value")
    }

    fn compact(&self) -> String {
        serde_json::to_string(self).expect("a Json tree serializes")
    }

    fn pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a Json tree serializes")
    }

    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Json::Obj(members) => members
                .iter_mut()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The statements of a policy document, whichever form `Statement` has.
    fn statements_mut(&mut self) -> Vec<&mut Json> {
        match self.get_mut("Statement") {
            Some(Json::Arr(items)) => items.iter_mut().collect(),
            Some(single) => vec![single],
            None => Vec::new(),
        }
    }

    /// The items of a string-or-array value.
    fn items(&self) -> &[Json] {
        match self {
            Json::Arr(items) => items,
            single => std::slice::from_ref(single),
        }
    }

    fn items_mut(&mut self) -> &mut [Json] {
        match self {
            Json::Arr(items) => items,
            single => std::slice::from_mut(single),
        }
    }

    /// A condition value as IAM compares it: numbers by value, in their canonical spelling
    /// (`57407481.0` is `57407481`).
    fn text(&self) -> String {
        match self {
            Json::Str(text) => text.clone(),
            Json::Bool(value) => value.to_string(),
            Json::Num(number) => iam_policy::JsonNumber::new(&number.to_string())
                .map_or_else(|_| number.to_string(), |number| number.canonical()),
            other => other.compact(),
        }
    }
}

/// Renders `json` with random whitespace (spaces, tabs, CR, LF) between all tokens.
fn render_spaced(json: &Json, rng: &mut Prng) -> String {
    fn space(rng: &mut Prng, out: &mut String) {
        const SPACES: [&str; 7] = ["", "", " ", "\n", "\t", "\r\n    ", "  \n\t "];
        out.push_str(SPACES[rng.below(SPACES.len())]);
    }
    fn render(json: &Json, rng: &mut Prng, out: &mut String) {
        match json {
            Json::Arr(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    space(rng, out);
                    render(item, rng, out);
                    space(rng, out);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (index, (key, value)) in members.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    space(rng, out);
                    out.push_str(&Json::Str(key.clone()).compact());
                    space(rng, out);
                    out.push(':');
                    space(rng, out);
                    render(value, rng, out);
                    space(rng, out);
                }
                out.push('}');
            }
            scalar => out.push_str(&scalar.compact()),
        }
    }
    let mut out = String::new();
    space(rng, &mut out);
    render(json, rng, &mut out);
    space(rng, &mut out);
    out
}

/// A small deterministic generator (SplitMix64) for rewrites driven by a proptest-chosen seed.
#[derive(Debug, Clone)]
struct Prng(u64);

impl Prng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound > 0`).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// True once in `odds` times.
    fn one_in(&mut self, odds: usize) -> bool {
        self.below(odds) == 0
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for index in (1..items.len()).rev() {
            let other = self.below(index + 1);
            items.swap(index, other);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const ACTIONS: &[&str] = &[
    "*",
    "s3:*",
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "s3:Get*",
    "iam:PassRole",
    "iam:Get*",
    "ec2:Describe*",
    "sts:AssumeRole",
    "sts:TagSession",
    "kms:Decrypt",
    "dynamodb:Query",
    "lambda:InvokeFunction",
    "logs:CreateLogStream",
];

const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::reports",
    "arn:aws:s3:::reports/*",
    "arn:aws:s3:::home/${aws:username}/*",
    "arn:aws:iam::111122223333:role/Admin",
    "arn:aws:iam::*:role/ops-?",
    "arn:aws-cn:kms:cn-north-1:111122223333:key/abc",
    "arn:aws:dynamodb:eu-west-1:444455556666:table/Orders",
];

const AWS_PRINCIPALS: &[&str] = &[
    "*",
    "111122223333",
    "444455556666",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::444455556666:root",
    "arn:aws:iam::111122223333:role/Deploy",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:sts::111122223333:assumed-role/Deploy/session",
];

const SERVICES: &[&str] = &[
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "states.eu-west-1.amazonaws.com",
    "ecs-tasks.amazonaws.com",
];

const FEDERATED: &[&str] = &[
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "arn:aws:iam::111122223333:saml-provider/Okta",
    "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
];

const CONDITION_KEYS: &[&str] = &[
    "aws:PrincipalOrgID",
    "aws:username",
    "AWS:UserName",
    "aws:SourceIp",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:TagKeys",
    "aws:PrincipalTag/${aws:username}",
    "aws:RequestTag/team",
    "sts:ExternalId",
    "s3:prefix",
    "kms:ViaService",
    "token.actions.githubusercontent.com:sub",
];

const CONDITION_STRINGS: &[&str] = &[
    "true",
    "false",
    "3600",
    "o-abcdefghij",
    "203.0.113.0/24",
    "2001:DB8::/32",
    "2026-01-01T00:00:00Z",
    "arn:aws:iam::111122223333:role/*",
    "${aws:username}",
    "repo:org/app:ref:refs/heads/main",
    "",
];

fn pooled(pool: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    select(pool).prop_map(str::to_owned)
}

/// Free text that exercises escaping: quotes, backslashes, control and non-ASCII characters.
fn free_text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        4 => "[ -~]{0,16}",
        2 => r#"[\x00-\x1f"\\/\x7f-\xa0é€😀\u{2028}\u{feff}a-z]{0,8}"#,
        1 => any::<String>(),
    ]
}

/// A bare value or a non-empty array of values.
fn one_or_many<S>(item: S) -> impl Strategy<Value = Json> + Clone
where
    S: Strategy<Value = Json> + Clone,
{
    prop_oneof![
        item.clone(),
        prop::collection::vec(item, 1..4).prop_map(Json::Arr),
    ]
}

/// Keeps the first member for each key (a document must not repeat keys).
fn distinct(members: Vec<(String, Json)>) -> Vec<(String, Json)> {
    let mut kept: Vec<(String, Json)> = Vec::with_capacity(members.len());
    for (key, value) in members {
        if !kept.iter().any(|(existing, _)| *existing == key) {
            kept.push((key, value));
        }
    }
    kept
}

/// Keeps the first member for each key ignoring ASCII case. Condition keys that differ only in
/// case are tested on their own (see `case_colliding_condition_keys_*`).
fn distinct_ignoring_case(members: Vec<(String, Json)>) -> Vec<(String, Json)> {
    let mut kept: Vec<(String, Json)> = Vec::with_capacity(members.len());
    for (key, value) in members {
        if !kept
            .iter()
            .any(|(existing, _)| existing.eq_ignore_ascii_case(&key))
        {
            kept.push((key, value));
        }
    }
    kept
}

fn action() -> impl Strategy<Value = Json> + Clone {
    prop_oneof![
        3 => pooled(ACTIONS),
        1 => "[a-z][a-z0-9-]{1,10}:[A-Za-z*?]{1,16}",
    ]
    .prop_map(Json::Str)
}

fn resource() -> impl Strategy<Value = Json> + Clone {
    prop_oneof![3 => pooled(RESOURCES), 1 => free_text()].prop_map(Json::Str)
}

fn principal() -> impl Strategy<Value = Json> {
    let values = |pool: &'static [&'static str]| one_or_many(pooled(pool).prop_map(Json::Str));
    let canonical_user = one_or_many("[0-9a-f]{64}".prop_map(Json::Str));
    let map = (
        proptest::option::of(values(AWS_PRINCIPALS)),
        proptest::option::of(values(SERVICES)),
        proptest::option::of(values(FEDERATED)),
        proptest::option::of(canonical_user),
        Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
    )
        .prop_map(|(aws, service, federated, canonical_user, order)| {
            let mut slots = [
                ("AWS", aws),
                ("Service", service),
                ("Federated", federated),
                ("CanonicalUser", canonical_user),
            ];
            let mut members = Vec::new();
            for index in order {
                let (kind, values) = &mut slots[index];
                if let Some(values) = values.take() {
                    members.push(((*kind).to_owned(), values));
                }
            }
            if members.is_empty() {
                members.push((
                    "AWS".to_owned(),
                    Json::str("arn:aws:iam::111122223333:root"),
                ));
            }
            Json::Obj(members)
        });
    prop_oneof![1 => Just(Json::str("*")), 4 => map]
}

/// `[ForAllValues:|ForAnyValue:]BASE[IfExists]`, over all 27 base operators.
fn operator() -> impl Strategy<Value = String> {
    (
        select(&["", "ForAllValues:", "ForAnyValue:"][..]),
        select(iam_policy::BaseOperator::ALL),
        any::<bool>(),
    )
        .prop_map(|(qualifier, base, if_exists)| {
            format!(
                "{qualifier}{base}{}",
                if if_exists { "IfExists" } else { "" }
            )
        })
}

/// A short decimal such as `-12.5` or `0.001`: exactly readable by every JSON parser.
fn short_float() -> impl Strategy<Value = Number> + Clone {
    (any::<i32>(), 1..4i32).prop_map(|(mantissa, scale)| {
        Number::from_f64(f64::from(mantissa) / 10f64.powi(scale)).expect("finite")
    })
}

/// A JSON number as a person might write it: `-0`, `1E2`, `1.50`, `0.5e-3`. One-digit exponents
/// keep every spelling exactly readable by serde_json's default float parser.
fn number_spelling() -> impl Strategy<Value = String> {
    r"-?(0|[1-9][0-9]{0,6})(\.[0-9]{1,3})?([eE][+-]?[0-9])?"
}

fn condition_value() -> impl Strategy<Value = Json> + Clone {
    prop_oneof![
        3 => pooled(CONDITION_STRINGS).prop_map(Json::Str),
        2 => free_text().prop_map(Json::Str),
        1 => any::<bool>().prop_map(Json::Bool),
        1 => any::<i64>().prop_map(|n| Json::Num(n.into())),
        1 => any::<u64>().prop_map(|n| Json::Num(n.into())),
        1 => short_float().prop_map(Json::Num),
    ]
}

fn condition_key() -> impl Strategy<Value = String> {
    prop_oneof![3 => pooled(CONDITION_KEYS), 1 => "[a-z0-9]{2,6}:[A-Za-z/]{1,12}"]
}

fn condition() -> impl Strategy<Value = Json> {
    let block = prop::collection::vec((condition_key(), one_or_many(condition_value())), 1..4)
        .prop_map(|entries| Json::Obj(distinct_ignoring_case(entries)));
    prop::collection::vec((operator(), block), 1..4).prop_map(|blocks| Json::Obj(distinct(blocks)))
}

/// Either the plain element name or its `Not` form.
fn element(not: bool, name: &str) -> String {
    if not {
        format!("Not{name}")
    } else {
        name.to_owned()
    }
}

fn statement() -> impl Strategy<Value = Json> {
    (
        proptest::option::of("[A-Za-z0-9]{1,12}"),
        select(&["Allow", "Deny"][..]),
        proptest::option::of((any::<bool>(), principal())),
        (any::<bool>(), one_or_many(action())),
        proptest::option::of((any::<bool>(), one_or_many(resource()))),
        proptest::option::of(condition()),
    )
        .prop_map(|(sid, effect, principal, action, resource, condition)| {
            let mut members = Vec::new();
            if let Some(sid) = sid {
                members.push(("Sid".to_owned(), Json::Str(sid)));
            }
            members.push(("Effect".to_owned(), Json::str(effect)));
            if let Some((not, principal)) = principal {
                members.push((element(not, "Principal"), principal));
            }
            members.push((element(action.0, "Action"), action.1));
            if let Some((not, resource)) = resource {
                members.push((element(not, "Resource"), resource));
            }
            if let Some(condition) = condition {
                members.push(("Condition".to_owned(), condition));
            }
            members
        })
        .prop_flat_map(|members| Just(members).prop_shuffle())
        .prop_map(Json::Obj)
}

/// An arbitrary valid policy document.
fn policy_document() -> impl Strategy<Value = Json> {
    (
        proptest::option::of(select(&["2012-10-17", "2008-10-17"][..])),
        proptest::option::of(free_text()),
        prop_oneof![
            statement(),
            prop::collection::vec(statement(), 1..4).prop_map(Json::Arr),
        ],
    )
        .prop_map(|(version, id, statement)| {
            let mut members = Vec::new();
            if let Some(version) = version {
                members.push(("Version".to_owned(), Json::str(version)));
            }
            if let Some(id) = id {
                members.push(("Id".to_owned(), Json::Str(id)));
            }
            members.push(("Statement".to_owned(), statement));
            members
        })
        .prop_flat_map(|members| Just(members).prop_shuffle())
        .prop_map(Json::Obj)
}

/// Arbitrary JSON whose keys are often policy vocabulary, to get deep into the reader. Objects may
/// repeat keys.
fn arbitrary_json() -> impl Strategy<Value = Json> {
    const VOCABULARY: &[&str] = &[
        "Version",
        "Id",
        "Statement",
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
        "AWS",
        "Service",
        "StringEquals",
        "ForAnyValue:StringLikeIfExists",
        "Null",
        "aws:username",
    ];
    const WORDS: &[&str] = &[
        "2012-10-17",
        "2008-10-17",
        "Allow",
        "Deny",
        "*",
        "s3:GetObject",
        "true",
    ];
    let key = prop_oneof![3 => pooled(VOCABULARY), 1 => "[A-Za-z:]{0,8}"];
    let leaf = prop_oneof![
        3 => pooled(WORDS).prop_map(Json::Str),
        1 => free_text().prop_map(Json::Str),
        1 => any::<bool>().prop_map(Json::Bool),
        1 => any::<i64>().prop_map(|n| Json::Num(n.into())),
        1 => short_float().prop_map(Json::Num),
    ];
    leaf.prop_recursive(5, 48, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Json::Arr),
            prop::collection::vec((key.clone(), inner), 0..5).prop_map(Json::Obj),
        ]
    })
}

// ---------------------------------------------------------------------------------------------
// Rewrites
// ---------------------------------------------------------------------------------------------

/// Shuffles, duplicates and re-forms (string ↔ one-element array) the items of a set-valued
/// element, after applying `each` to every item.
fn rewrite_set(value: &mut Json, rng: &mut Prng, mut each: impl FnMut(&mut Json, &mut Prng)) {
    let mut items = match std::mem::replace(value, Json::Arr(Vec::new())) {
        Json::Arr(items) => items,
        single => vec![single],
    };
    for item in &mut items {
        each(item, rng);
    }
    if !items.is_empty() && rng.one_in(5) {
        let copy = items[rng.below(items.len())].clone();
        items.push(copy);
    }
    rng.shuffle(&mut items);
    *value = if items.len() == 1 && rng.one_in(2) {
        items.pop().unwrap_or(Json::Arr(Vec::new()))
    } else {
        Json::Arr(items)
    };
}

fn change_ascii_case(text: &str, rng: &mut Prng) -> String {
    text.chars()
        .map(|c| match rng.below(3) {
            0 => c.to_ascii_uppercase(),
            1 => c.to_ascii_lowercase(),
            _ => c,
        })
        .collect()
}

/// `111122223333` ↔ `arn:aws:iam::111122223333:root`: IAM stores the first as the second.
fn swap_account_form(value: &mut Json, rng: &mut Prng) {
    let Json::Str(text) = value else { return };
    if !rng.one_in(2) {
        return;
    }
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        *text = format!("arn:aws:iam::{text}:root");
    } else if let Some(id) = text
        .strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.strip_suffix(":root"))
        .filter(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()))
    {
        *text = id.to_owned();
    }
}

/// Rewrites a valid document without changing what it means: reorders statements, object members
/// and set elements, duplicates set elements, switches string ↔ one-element array (also for
/// `Statement`), changes the case of actions and condition keys, writes bool and number condition
/// values as strings (numbers in their canonical spelling), and switches between an account id
/// and its root ARN.
fn rewrite_preserving(document: &Json, rng: &mut Prng) -> Json {
    let mut document = document.clone();
    if let Some(statement) = document.get_mut("Statement") {
        let mut statements = match std::mem::replace(statement, Json::Arr(Vec::new())) {
            Json::Arr(items) => items,
            single => vec![single],
        };
        for item in &mut statements {
            rewrite_statement(item, rng);
        }
        rng.shuffle(&mut statements);
        *statement = if statements.len() == 1 && rng.one_in(2) {
            statements.pop().unwrap_or(Json::Arr(Vec::new()))
        } else {
            Json::Arr(statements)
        };
    }
    if let Json::Obj(members) = &mut document {
        rng.shuffle(members);
    }
    document
}

fn rewrite_statement(statement: &mut Json, rng: &mut Prng) {
    let Json::Obj(members) = statement else {
        return;
    };
    for (name, value) in members.iter_mut() {
        match name.as_str() {
            "Action" | "NotAction" => rewrite_set(value, rng, |item, rng| {
                if let Json::Str(text) = item {
                    *text = change_ascii_case(text, rng);
                }
            }),
            "Resource" | "NotResource" => rewrite_set(value, rng, |_, _| {}),
            "Principal" | "NotPrincipal" => {
                if let Json::Obj(entries) = value {
                    for (kind, values) in entries.iter_mut() {
                        let is_aws = kind == "AWS";
                        rewrite_set(values, rng, |item, rng| {
                            if is_aws {
                                swap_account_form(item, rng);
                            }
                        });
                    }
                    rng.shuffle(entries);
                }
            }
            "Condition" => {
                if let Json::Obj(blocks) = value {
                    for (_, block) in blocks.iter_mut() {
                        if let Json::Obj(entries) = block {
                            rewrite_condition_block(entries, rng);
                        }
                    }
                    rng.shuffle(blocks);
                }
            }
            _ => {}
        }
    }
    rng.shuffle(members);
}

fn rewrite_condition_block(entries: &mut [(String, Json)], rng: &mut Prng) {
    for index in 0..entries.len() {
        let renamed = change_ascii_case(&entries[index].0, rng);
        // Only when the new spelling does not collide with another key of the block.
        if !entries.iter().any(|(key, _)| *key == renamed) {
            entries[index].0 = renamed;
        }
        rewrite_set(&mut entries[index].1, rng, |item, rng| {
            if matches!(item, Json::Bool(_) | Json::Num(_)) && rng.one_in(2) {
                *item = Json::Str(item.text());
            }
        });
    }
    rng.shuffle(entries);
}

/// A fresh string `"{stem}{n}"` that is not in `taken` (compared ignoring ASCII case).
fn fresh(stem: &str, taken: &[String]) -> String {
    (0..)
        .map(|n| format!("{stem}{n}"))
        .find(|candidate| {
            !taken
                .iter()
                .any(|used| used.eq_ignore_ascii_case(candidate))
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mutation {
    FlipEffect,
    SwapActionAndNotAction,
    ReplaceAction,
    ChangeResource,
    ChangeOperator,
    ChangeConditionValue,
}

/// Changes what one statement means; returns the mutation applied.
fn rewrite_changing(document: &mut Json, rng: &mut Prng) -> Mutation {
    let mut statements = document.statements_mut();
    let index = rng.below(statements.len());
    let statement = &mut *statements[index];
    let action_name = if statement.get("Action").is_some() {
        "Action"
    } else {
        "NotAction"
    };
    let resource_name = ["Resource", "NotResource"]
        .into_iter()
        .find(|name| statement.get(name).is_some());
    let condition_blocks: Vec<(String, usize)> = match statement.get("Condition") {
        Some(Json::Obj(blocks)) => blocks
            .iter()
            .map(|(operator, entries)| match entries {
                Json::Obj(entries) => (operator.clone(), entries.len()),
                _ => (operator.clone(), 0),
            })
            .collect(),
        _ => Vec::new(),
    };

    let mut options = vec![Mutation::FlipEffect, Mutation::SwapActionAndNotAction];
    if matches!(statement.get(action_name), Some(Json::Arr(items)) if items.len() >= 2) {
        options.push(Mutation::ReplaceAction);
    }
    if resource_name.is_some() {
        options.push(Mutation::ChangeResource);
    }
    if condition_blocks.iter().any(|(_, entries)| *entries > 0) {
        options.push(Mutation::ChangeOperator);
        options.push(Mutation::ChangeConditionValue);
    }
    let mutation = options[rng.below(options.len())];

    match mutation {
        Mutation::FlipEffect => {
            if let Some(Json::Str(effect)) = statement.get_mut("Effect") {
                *effect = if effect == "Allow" { "Deny" } else { "Allow" }.to_owned();
            }
        }
        Mutation::SwapActionAndNotAction => {
            if let Json::Obj(members) = statement {
                for (name, _) in members.iter_mut() {
                    if name == "Action" {
                        *name = "NotAction".to_owned();
                    } else if name == "NotAction" {
                        *name = "Action".to_owned();
                    }
                }
            }
        }
        Mutation::ReplaceAction => {
            if let Some(Json::Arr(items)) = statement.get_mut(action_name) {
                let taken: Vec<String> = items.iter().map(Json::text).collect();
                let dropped = rng.below(items.len());
                items.remove(dropped);
                let position = rng.below(items.len() + 1);
                items.insert(position, Json::Str(fresh("mutated:Action", &taken)));
            }
        }
        Mutation::ChangeResource => {
            if let Some(value) = resource_name.and_then(|name| statement.get_mut(name)) {
                let taken: Vec<String> = value.items().iter().map(Json::text).collect();
                let items = value.items_mut();
                let target = rng.below(items.len());
                items[target] = Json::Str(fresh("arn:aws:s3:::mutated-", &taken));
            }
        }
        Mutation::ChangeOperator => {
            let candidates: Vec<&(String, usize)> = condition_blocks
                .iter()
                .filter(|(_, entries)| *entries > 0)
                .collect();
            let (old, _) = candidates[rng.below(candidates.len())];
            let mut operator: ConditionOperator =
                old.parse().expect("generated operators are valid");
            let bases: Vec<_> = iam_policy::BaseOperator::ALL
                .iter()
                .copied()
                .filter(|base| *base != operator.base)
                .filter(|base| {
                    let renamed = ConditionOperator {
                        base: *base,
                        ..operator
                    }
                    .to_string();
                    !condition_blocks
                        .iter()
                        .any(|(existing, _)| *existing == renamed)
                })
                .collect();
            operator.base = bases[rng.below(bases.len())];
            if let Some(Json::Obj(blocks)) = statement.get_mut("Condition") {
                for (name, _) in blocks.iter_mut() {
                    if *name == *old {
                        *name = operator.to_string();
                    }
                }
            }
        }
        Mutation::ChangeConditionValue => {
            if let Some(Json::Obj(blocks)) = statement.get_mut("Condition") {
                let mut entries: Vec<&mut Json> = blocks
                    .iter_mut()
                    .filter_map(|(_, block)| match block {
                        Json::Obj(entries) => Some(entries),
                        _ => None,
                    })
                    .flat_map(|entries| entries.iter_mut().map(|(_, values)| values))
                    .filter(|values| !values.items().is_empty())
                    .collect();
                let target = rng.below(entries.len());
                let values = &mut *entries[target];
                let taken: Vec<String> = values.items().iter().map(Json::text).collect();
                let items = values.items_mut();
                let position = rng.below(items.len());
                items[position] = Json::Str(fresh("mutated-value-", &taken));
            }
        }
    }
    mutation
}

/// Flips, inserts, deletes or truncates a few bytes.
fn corrupt_bytes(text: &str, rng: &mut Prng) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 => bytes.truncate(at),
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            2 if at < bytes.len() => bytes[at] = (rng.next() & 0xFF) as u8,
            _ => {
                const TOKENS: [&[u8]; 10] = [
                    b"{",
                    b"}",
                    b"[",
                    b"]",
                    b"\"",
                    b",",
                    b":",
                    b"\\",
                    b"\xff",
                    b"\xe2\x82",
                ];
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
            }
        }
    }
    bytes
}

/// Replaces a random subtree, deletes a random member, or repeats a random member.
fn corrupt_tree(json: &mut Json, replacement: Json, rng: &mut Prng) {
    let child_count = match json {
        Json::Arr(items) => items.len(),
        Json::Obj(members) => members.len(),
        _ => 0,
    };
    if child_count == 0 || rng.one_in(4) {
        *json = replacement;
        return;
    }
    let index = rng.below(child_count);
    match (json, rng.below(4)) {
        (Json::Arr(items), 0) => {
            items.remove(index);
        }
        (Json::Obj(members), 0) => {
            members.remove(index);
        }
        (Json::Obj(members), 1) => {
            let copy = members[index].clone();
            members.push(copy);
        }
        (Json::Arr(items), _) => corrupt_tree(&mut items[index], replacement, rng),
        (Json::Obj(members), _) => corrupt_tree(&mut members[index].1, replacement, rng),
        _ => {}
    }
}

/// Adds to one condition block a second key that differs from an existing one only in ASCII
/// case, e.g. `aws:username` next to `AWS:USERNAME` (IAM compares key names ignoring case, so
/// both constrain the same key and are ANDed).
fn with_case_colliding_keys(mut document: Json, values: Json, rng: &mut Prng) -> Json {
    let mut statements = document.statements_mut();
    let index = rng.below(statements.len());
    let Json::Obj(members) = &mut *statements[index] else {
        return document;
    };
    if !members.iter().any(|(name, _)| name == "Condition") {
        let block = Json::Obj(vec![("aws:username".to_owned(), Json::str("alice"))]);
        members.push((
            "Condition".to_owned(),
            Json::Obj(vec![("StringEquals".to_owned(), block)]),
        ));
    }
    let Some((_, Json::Obj(blocks))) = members.iter_mut().find(|(name, _)| name == "Condition")
    else {
        return document;
    };
    let block = rng.below(blocks.len());
    let Json::Obj(entries) = &mut blocks[block].1 else {
        return document;
    };
    let existing = entries[rng.below(entries.len())].0.clone();
    let variant: String = existing
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if variant != existing && !entries.iter().any(|(key, _)| *key == variant) {
        let position = rng.below(entries.len() + 1);
        entries.insert(position, (variant, values));
    }
    document
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

fn parse_ok(text: &str) -> Result<Policy, TestCaseError> {
    Policy::from_json(text).map_err(|error| TestCaseError::fail(format!("{error}\nin: {text}")))
}

fn to_text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serializes")
}

/// A parse error has at least one diagnostic, and every diagnostic is explained; from text, every
/// diagnostic is located inside the document.
fn check_error(error: &ParseError, text: Option<&str>) -> Result<(), TestCaseError> {
    prop_assert!(
        !error.diagnostics().is_empty(),
        "an error without diagnostics"
    );
    prop_assert!(!error.to_string().trim().is_empty());
    for diagnostic in error.diagnostics() {
        prop_assert!(!diagnostic.code.is_empty(), "{diagnostic:?}");
        prop_assert!(!diagnostic.message.trim().is_empty(), "{diagnostic:?}");
        if let Some(text) = text {
            let Some(position) = diagnostic.position else {
                return Err(TestCaseError::fail(format!("unlocated {diagnostic:?}")));
            };
            let lines = text.split('\n').count();
            prop_assert!(
                position.line >= 1 && position.line <= lines && position.column >= 1,
                "{diagnostic:?} is outside the {lines}-line document"
            );
        }
    }
    Ok(())
}

/// Feeds `text` to both parsers: neither panics, they accept and reject the same documents,
/// read them to the same policy, and explain every error.
fn check_parsers_agree(text: &str) -> Result<(), TestCaseError> {
    let from_text = Policy::from_json(text);
    let through_serde = serde_json::from_str::<Policy>(text);
    match (&from_text, &through_serde) {
        (Ok(policy), Ok(other)) => {
            prop_assert_eq!(policy, other);
            prop_assert_eq!(to_text(policy), to_text(other));
        }
        (Err(error), Err(other)) => {
            check_error(error, Some(text))?;
            prop_assert!(!other.to_string().is_empty());
        }
        _ => {
            return Err(TestCaseError::fail(format!(
                "the parsers disagree on {text}: from_json {from_text:?}, serde {through_serde:?}"
            )));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    // a. Lossless: parse, serialize, compare.
    #[test]
    fn generated_documents_round_trip_losslessly(document in policy_document(), seed in any::<u64>()) {
        let value = document.to_value();
        let text = document.compact();

        let from_text = parse_ok(&text)?;
        let through_serde: Policy = serde_json::from_str(&text)
            .map_err(|error| TestCaseError::fail(format!("serde: {error}\nin: {text}")))?;
        let from_value: Policy = serde_json::from_value(value.clone())
            .map_err(|error| TestCaseError::fail(format!("from_value: {error}\nin: {text}")))?;
        prop_assert_eq!(&through_serde, &from_text);
        // A `Value` has sorted keys, so only the content can be compared.
        prop_assert_eq!(&serde_json::to_value(&from_value).expect("serializes"), &value);
        prop_assert!(from_value.semantically_equals(&from_text));

        prop_assert_eq!(&serde_json::to_value(&from_text).expect("serializes"), &value);
        prop_assert_eq!(&serde_json::to_value(&through_serde).expect("serializes"), &value);
        // Stronger than Value equality: member order and layout survive, byte for byte.
        prop_assert_eq!(&to_text(&from_text), &text);
        prop_assert_eq!(&to_text(&through_serde), &text);

        // Serializing and reparsing gives an equal policy.
        let reparsed = parse_ok(&to_text(&from_text))?;
        prop_assert_eq!(&reparsed, &from_text);

        // Whitespace does not matter.
        let pretty = document.pretty();
        let from_pretty = parse_ok(&pretty)?;
        prop_assert_eq!(&from_pretty, &from_text);
        prop_assert_eq!(&to_text(&from_pretty), &text);
        let spaced = render_spaced(&document, &mut Prng(seed));
        let from_spaced = parse_ok(&spaced)?;
        prop_assert_eq!(&from_spaced, &from_text);
        prop_assert_eq!(&to_text(&from_spaced), &text);
        let bytes_spaced = Policy::from_slice(spaced.as_bytes())
            .map_err(|error| TestCaseError::fail(format!("{error}\nin: {spaced}")))?;
        prop_assert_eq!(&bytes_spaced, &from_text);
        let through_serde_spaced: Policy = serde_json::from_str(&spaced)
            .map_err(|error| TestCaseError::fail(format!("serde: {error}\nin: {spaced}")))?;
        prop_assert_eq!(&through_serde_spaced, &from_text);
    }

    // b. Meaning-preserving rewrites have equal canonical forms.
    #[test]
    fn meaning_preserving_rewrites_are_semantically_equal(document in policy_document(), seed in any::<u64>()) {
        let mut rng = Prng(seed);
        let original = parse_ok(&document.compact())?;
        let rewritten_document = rewrite_preserving(&document, &mut rng);
        let rewritten_text = render_spaced(&rewritten_document, &mut rng);
        let rewritten = parse_ok(&rewritten_text)?;
        prop_assert!(
            original.semantically_equals(&rewritten),
            "not equal:\n{}\n{}\ncanonical:\n{}\n{}",
            document.compact(),
            rewritten_document.compact(),
            to_text(&original.to_canonical()),
            to_text(&rewritten.to_canonical())
        );
        prop_assert_eq!(original.to_canonical(), rewritten.to_canonical());
        prop_assert_eq!(to_text(&original.to_canonical()), to_text(&rewritten.to_canonical()));
    }

    // b. Meaning-changing mutations are never semantically equal.
    #[test]
    fn meaning_changing_mutations_are_detected(document in policy_document(), seed in any::<u64>()) {
        let original = parse_ok(&document.compact())?;
        // With two identical statements, changing one of them can leave the set unchanged.
        prop_assume!(original.to_canonical().statements().len() == original.statements().len());
        let mut rng = Prng(seed);
        let mut mutated_document = document.clone();
        let mutation = rewrite_changing(&mut mutated_document, &mut rng);
        // The mutated document is written differently, too.
        let mutated_document = rewrite_preserving(&mutated_document, &mut rng);
        let mutated = parse_ok(&mutated_document.compact())?;
        prop_assert!(
            !original.semantically_equals(&mutated),
            "{mutation:?} was not detected:\n{}\n{}",
            document.compact(),
            mutated_document.compact()
        );
        prop_assert_ne!(to_text(&original.to_canonical()), to_text(&mutated.to_canonical()));
    }

    // b. The canonical form is idempotent, means the same, and round-trips through JSON.
    #[test]
    fn canonical_form_is_idempotent_and_round_trips(document in policy_document()) {
        let policy = parse_ok(&document.compact())?;
        let canonical = policy.to_canonical();
        prop_assert_eq!(&canonical.to_canonical(), &canonical);
        prop_assert_eq!(to_text(&canonical.to_canonical()), to_text(&canonical));
        prop_assert!(policy.semantically_equals(&canonical));

        let text = to_text(&canonical);
        let reparsed = parse_ok(&text)?;
        prop_assert_eq!(&reparsed, &canonical);
        prop_assert_eq!(&to_text(&reparsed), &text);
        prop_assert_eq!(&reparsed.to_canonical(), &canonical);
        let through_serde: Policy = serde_json::from_str(&text)
            .map_err(|error| TestCaseError::fail(format!("serde: {error}\nin: {text}")))?;
        prop_assert_eq!(&through_serde, &canonical);
    }

    // c. Arbitrary text never panics either parser.
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_parsers_agree(&text)?;
    }

    // c. Text made of JSON tokens gets past the first byte more often.
    #[test]
    fn json_like_text_never_panics(text in r#"[\[\]{}":,\\ \n0-9eE.+\-tuarlsfn\u{e9}]{0,48}"#) {
        check_parsers_agree(&text)?;
    }

    // c. Arbitrary bytes, including invalid UTF-8, never panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..128)) {
        if let Err(error) = Policy::from_slice(&bytes) {
            check_error(&error, None)?;
            prop_assert!(error.diagnostics().iter().all(|d| d.position.is_some()));
        }
    }

    // c. A valid document with a few bytes broken never panics.
    #[test]
    fn corrupted_documents_never_panic(document in policy_document(), seed in any::<u64>()) {
        let mut rng = Prng(seed);
        let bytes = corrupt_bytes(&document.compact(), &mut rng);
        match Policy::from_slice(&bytes) {
            Ok(policy) => {
                // Whatever is accepted must still round-trip.
                let text = std::str::from_utf8(&bytes).expect("accepted bytes are UTF-8");
                prop_assert_eq!(&parse_ok(&to_text(&policy))?, &policy);
                prop_assert_eq!(&parse_ok(text)?, &policy);
            }
            Err(error) => {
                check_error(&error, None)?;
                prop_assert!(error.diagnostics().iter().all(|d| d.position.is_some()));
            }
        }
    }

    // c. Arbitrary JSON (as text, as bytes and as a `Value`) never panics; both parsers agree.
    #[test]
    fn arbitrary_json_never_panics(json in arbitrary_json()) {
        let text = json.compact();
        check_parsers_agree(&text)?;
        if let Err(error) = Policy::from_slice(text.as_bytes()) {
            check_error(&error, Some(&text))?;
        }
        let value = json.to_value();
        if let Err(error) = serde_json::from_value::<Policy>(value) {
            prop_assert!(!error.to_string().is_empty());
        }
    }

    // c. A valid document with a subtree replaced, a member deleted or a key repeated: no panic,
    // both parsers agree, and whatever is accepted round-trips exactly.
    #[test]
    fn mangled_documents_never_panic(
        document in policy_document(),
        replacement in arbitrary_json(),
        seed in any::<u64>(),
    ) {
        let mut mangled = document;
        corrupt_tree(&mut mangled, replacement, &mut Prng(seed));
        let text = mangled.compact();
        check_parsers_agree(&text)?;
        if let Ok(policy) = Policy::from_json(&text) {
            prop_assert_eq!(&to_text(&policy), &text);
        }
        let pretty = mangled.pretty();
        check_parsers_agree(&pretty)?;
    }

    // a. Number spellings read the same through both parsers and as a `serde_json::Value`.
    #[test]
    fn number_spellings_read_like_serde_json(numbers in prop::collection::vec(number_spelling(), 1..6)) {
        let text = format!(
            r#"{{"Statement":{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{"NumericEquals":{{"aws:MultiFactorAuthAge":[{}]}}}}}}}}"#,
            numbers.join(",")
        );
        let expected: Value = serde_json::from_str(&text).expect("valid JSON");
        let from_text = parse_ok(&text)?;
        let through_serde: Policy = serde_json::from_str(&text)
            .map_err(|error| TestCaseError::fail(format!("serde: {error}\nin: {text}")))?;
        prop_assert_eq!(&serde_json::to_value(&from_text).expect("serializes"), &expected, "from_json changed a number in {}", text);
        prop_assert_eq!(&serde_json::to_value(&through_serde).expect("serializes"), &expected);
        prop_assert_eq!(&from_text, &through_serde, "the parsers disagree on {}", text);
        prop_assert!(from_text.semantically_equals(&through_serde));
        prop_assert_eq!(&parse_ok(&to_text(&from_text))?, &from_text);
    }

    // a. Condition keys that differ only in case are kept as written.
    #[test]
    fn case_colliding_condition_keys_round_trip_losslessly(
        document in policy_document(),
        values in one_or_many(condition_value()),
        seed in any::<u64>(),
    ) {
        let document = with_case_colliding_keys(document, values, &mut Prng(seed));
        let text = document.compact();
        let policy = parse_ok(&text)?;
        prop_assert_eq!(&to_text(&policy), &text);
        check_parsers_agree(&text)?;
    }

    // b. The canonical form of such a document does not depend on how it is written.
    #[test]
    fn case_colliding_condition_keys_have_an_order_independent_canonical_form(
        document in policy_document(),
        values in one_or_many(condition_value()),
        seed in any::<u64>(),
    ) {
        let mut rng = Prng(seed);
        let document = with_case_colliding_keys(document, values, &mut rng);
        let original = parse_ok(&document.compact())?;
        let rewritten_document = rewrite_preserving(&document, &mut rng);
        let rewritten = parse_ok(&rewritten_document.compact())?;
        prop_assert!(
            original.semantically_equals(&rewritten),
            "not equal:\n{}\n{}\ncanonical:\n{}\n{}",
            document.compact(),
            rewritten_document.compact(),
            to_text(&original.to_canonical()),
            to_text(&rewritten.to_canonical())
        );
    }

    // b. The canonical form of such a document is still a valid document.
    #[test]
    fn case_colliding_condition_keys_have_a_reparsable_canonical_form(
        document in policy_document(),
        values in one_or_many(condition_value()),
        seed in any::<u64>(),
    ) {
        let document = with_case_colliding_keys(document, values, &mut Prng(seed));
        let canonical = parse_ok(&document.compact())?.to_canonical();
        prop_assert_eq!(&canonical.to_canonical(), &canonical);
        let reparsed = parse_ok(&to_text(&canonical))?;
        prop_assert_eq!(&reparsed, &canonical);
    }
}
