//! Whatever string a layout field holds, a layout that checks without an ERROR renders into
//! files that parse into exactly the structure the layout implies: no extra INI section or key,
//! no extra JSON member, no extra Markdown block or link, no extra Mermaid or Graphviz node,
//! edge or cluster. Strings either fail a check (ORG0xx ERROR) or are escaped for each format.
//!
//! The property mutates one field of a rich base layout (the seed plus a role with a path,
//! customer and inline policies with a condition value, a waiver, a tag, reasons and an
//! organization id) and compares the structure of what renders with the base's. Structures are
//! compared as multisets, independent of file paths and order: renaming a user reorders
//! sections, it does not change what is there.

use std::collections::BTreeMap;

use iam_policy::Policy;
use org_model::checks::check;
use org_model::render::{Rendered, render};
use org_model::{BaselineItem, Grant, Layout, Permission, Role, names, seed};
use proptest::prelude::*;

const ARTIFACTS: &str = "artifacts";
const LOGS: &str = "logs";

/// A customer policy whose condition value is `team`.
fn artifacts_policy(team: &str) -> Option<Policy> {
    let document = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "Read",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::example-artifacts/*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": team}}
        }]
    });
    Policy::from_json(&document.to_string()).ok()
}

fn logs_policy() -> Policy {
    Policy::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:GetLogEvents","Resource":"*"}]}"#,
    )
    .expect("a policy")
}

/// The seed with one of everything a string can sit in.
fn base() -> Layout {
    let mut layout = seed::landing_zone()
        .organization_id("o-exampleorg1")
        .role(
            Role::new("deploy")
                .permission(Permission::Customer {
                    customer: ARTIFACTS.to_owned(),
                    path: None,
                    policy: artifacts_policy("platform").expect("a policy"),
                })
                .permission(Permission::Inline {
                    inline: LOGS.to_owned(),
                    policy: logs_policy(),
                }),
        )
        .grant(Grant::new("operators", "deploy").accounts(["CICD", "DEV"]));
    let deploy = role(&mut layout, "deploy");
    deploy.path = "/ci/".to_owned();
    deploy.trust.mfa_waiver = Some("pipelines assume it".to_owned());
    let dev = account(&mut layout, "DEV");
    *dev = dev
        .clone()
        .waive(BaselineItem::Guardduty, "cost review")
        .tag("cost-center", "42");
    group(&mut layout, "operators")
        .permissions
        .push(Permission::AwsManaged {
            aws_managed: "job-function/ViewOnlyAccess".to_owned(),
        });
    group(&mut layout, "auditors").allow_assume_any_role = Some("break glass".to_owned());
    layout
}

fn account<'a>(layout: &'a mut Layout, name: &str) -> &'a mut org_model::Account {
    layout
        .accounts
        .iter_mut()
        .find(|account| account.name == name)
        .expect("an account")
}

fn role<'a>(layout: &'a mut Layout, name: &str) -> &'a mut Role {
    layout
        .roles
        .iter_mut()
        .find(|role| role.name == name)
        .expect("a role")
}

fn group<'a>(layout: &'a mut Layout, name: &str) -> &'a mut org_model::Group {
    layout
        .groups
        .iter_mut()
        .find(|group| group.name == name)
        .expect("a group")
}

fn rename_account(layout: &mut Layout, from: &str, to: &str) {
    account(layout, from).name = to.to_owned();
    if layout.organization.management_account == from {
        layout.organization.management_account = to.to_owned();
    }
    for grant in &mut layout.grants {
        for name in &mut grant.accounts {
            if name == from {
                *name = to.to_owned();
            }
        }
    }
}

fn rename_group(layout: &mut Layout, from: &str, to: &str) {
    group(layout, from).name = to.to_owned();
    for grant in layout.grants.iter_mut().filter(|grant| grant.group == from) {
        grant.group = to.to_owned();
    }
    for user in &mut layout.users {
        for name in &mut user.groups {
            if name == from {
                *name = to.to_owned();
            }
        }
    }
}

fn rename_role(layout: &mut Layout, from: &str, to: &str) {
    role(layout, from).name = to.to_owned();
    for grant in layout.grants.iter_mut().filter(|grant| grant.role == from) {
        grant.role = to.to_owned();
    }
}

/// Renames OU `from` (and its descendants) to `to`.
fn rename_ou(layout: &mut Layout, from: &str, to: &str) {
    let moved = |path: &mut String| {
        if path == from {
            *path = to.to_owned();
        } else if let Some(rest) = path.strip_prefix(&format!("{from}/")) {
            *path = format!("{to}/{rest}");
        }
    };
    for ou in &mut layout.organizational_units {
        moved(&mut ou.path);
    }
    for account in &mut layout.accounts {
        moved(&mut account.ou);
    }
}

fn permission_name<'a>(layout: &'a mut Layout, role_name: &str, index: usize) -> &'a mut String {
    match &mut role(layout, role_name).permissions[index] {
        Permission::AwsManaged { aws_managed } => aws_managed,
        Permission::Customer { customer, .. } => customer,
        Permission::Inline { inline, .. } => inline,
    }
}

/// Every string field of the layout, by what it is, with how to put a string there (IAM paths
/// as `/STRING/`, so that the string, not the slashes, decides whether the path is valid).
type Mutation = (&'static str, fn(&mut Layout, &str));

const MUTATIONS: &[Mutation] = &[
    ("organization.name", |l, s| {
        l.organization.name = s.to_owned();
    }),
    ("organization.default_region", |l, s| {
        l.organization.default_region = s.to_owned();
    }),
    ("organization.id", |l, s| {
        l.organization.id = Some(s.to_owned());
    }),
    ("organization.management_account", |l, s| {
        l.organization.management_account = s.to_owned();
    }),
    ("ou Security", |l, s| rename_ou(l, "Security", s)),
    ("ou Workloads", |l, s| rename_ou(l, "Workloads", s)),
    ("account DEV", |l, s| rename_account(l, "DEV", s)),
    ("account JUMP", |l, s| rename_account(l, "JUMP", s)),
    ("account LOG", |l, s| rename_account(l, "LOG", s)),
    ("account.email", |l, s| {
        account(l, "DEV").email = s.to_owned();
    }),
    ("JUMP alias", |l, s| {
        account(l, "JUMP").alias = Some(s.to_owned());
    }),
    ("PRD alias", |l, s| {
        account(l, "PRD").alias = Some(s.to_owned());
    }),
    ("account.ou", |l, s| account(l, "DEV").ou = s.to_owned()),
    ("tag key", |l, s| {
        let tags = &mut account(l, "DEV").tags;
        if let Some(value) = tags.remove("cost-center") {
            tags.insert(s.to_owned(), value);
        }
    }),
    ("tag value", |l, s| {
        account(l, "DEV")
            .tags
            .insert("cost-center".to_owned(), s.to_owned());
    }),
    ("waiver reason", |l, s| {
        account(l, "DEV").baseline.waivers[0].reason = s.to_owned();
    }),
    ("group operators", |l, s| rename_group(l, "operators", s)),
    ("group.path", |l, s| {
        group(l, "developers").path = format!("/{s}/");
    }),
    ("group.allow_assume_any_role", |l, s| {
        group(l, "auditors").allow_assume_any_role = Some(s.to_owned());
    }),
    ("group aws_managed", |l, s| {
        group(l, "operators").permissions[0] = Permission::AwsManaged {
            aws_managed: s.to_owned(),
        };
    }),
    ("user bob", |l, s| {
        // A one-character name legitimately renders no `role_session_name` (RoleSessionName
        // needs two): such a name is doubled.
        let name = if s.chars().count() == 1 {
            s.repeat(2)
        } else {
            s.to_owned()
        };
        if let Some(user) = l.users.iter_mut().find(|user| user.name == "bob") {
            user.name = name;
        }
    }),
    ("user.path", |l, s| l.users[0].path = format!("/{s}/")),
    ("user.account", |l, s| {
        l.users[2].account = Some(s.to_owned());
    }),
    ("user.groups", |l, s| l.users[0].groups[0] = s.to_owned()),
    ("role deploy", |l, s| rename_role(l, "deploy", s)),
    ("role admin", |l, s| rename_role(l, "admin", s)),
    ("role.path", |l, s| {
        role(l, "deploy").path = format!("/{s}/");
    }),
    ("role aws_managed", |l, s| {
        *permission_name(l, "admin", 0) = s.to_owned();
    }),
    ("role customer", |l, s| {
        *permission_name(l, "deploy", 0) = s.to_owned();
    }),
    ("role inline", |l, s| {
        *permission_name(l, "deploy", 1) = s.to_owned();
    }),
    ("role.trust.mfa_waiver", |l, s| {
        role(l, "deploy").trust.mfa_waiver = Some(s.to_owned());
    }),
    ("grant.group", |l, s| l.grants[0].group = s.to_owned()),
    ("grant.role", |l, s| l.grants[0].role = s.to_owned()),
    ("grant.accounts", |l, s| {
        l.grants[0].accounts[0] = s.to_owned();
    }),
    ("baseline.log_bucket", |l, s| {
        l.baseline.log_bucket = Some(s.to_owned());
    }),
    ("policy condition value", |l, s| {
        if let Some(policy) = artifacts_policy(s)
            && let Permission::Customer { policy: held, .. } = &mut role(l, "deploy").permissions[0]
        {
            *held = policy;
        }
    }),
];

/// What breaks a line for some reader of these files: Python's universal newlines and
/// `str.splitlines`, JavaScript's line terminators.
const LINE_BREAKS: [char; 10] = [
    '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}', '\u{2029}',
];

fn lines(text: &str) -> Vec<&str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split(LINE_BREAKS).collect()
}

/// An INI file as an AWS CLI-style reader sees it: the key sets of its sections, in order, and
/// the number of comment lines; an error for any other line.
fn ini_structure(text: &str) -> Result<String, String> {
    let mut sections: Vec<Vec<String>> = Vec::new();
    let mut comments = 0;
    for line in lines(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') || trimmed.starts_with(';') {
            comments += 1;
            continue;
        }
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            sections.push(Vec::new());
            continue;
        }
        let (key, _) = line
            .split_once(" = ")
            .ok_or_else(|| format!("not a key line: {line:?}"))?;
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(format!("not a key: {key:?}"));
        }
        let section = sections
            .last_mut()
            .ok_or_else(|| format!("key outside a section: {line:?}"))?;
        section.push(key.to_owned());
    }
    let mut shapes: Vec<String> = sections.iter().map(|keys| keys.join(",")).collect();
    // The first section is the base profile; the others are role profiles in any order.
    let first = if shapes.is_empty() {
        String::new()
    } else {
        shapes.remove(0)
    };
    shapes.sort();
    Ok(format!("{comments} comments; [{first}] {shapes:?}"))
}

/// Whether `text` has Markdown punctuation that is not backslash-escaped.
fn unescaped_markdown(text: &str) -> Option<char> {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if "`*_[]<>#|&".contains(c) {
            return Some(c);
        }
    }
    None
}

/// The cells of a Markdown table row (`| a | b\\|c |`): split at unescaped `|`.
fn table_cells(row: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (index, c) in row.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => {
                cells.push(&row[start..index]);
                start = index + 1;
            }
            _ => escaped = false,
        }
    }
    cells.push(&row[start..]);
    cells
}

/// `switch-roles.md` and `guardrails.md`: their blocks, each section as the kinds of its lines
/// (table rows with their number of cells).
fn markdown_structure(text: &str) -> Result<String, String> {
    let mut head: Vec<String> = Vec::new();
    let mut sections: Vec<Vec<String>> = Vec::new();
    for line in lines(text) {
        let kind = if let Some(title) = line.strip_prefix("# ") {
            if let Some(c) = unescaped_markdown(title) {
                return Err(format!("unescaped `{c}` in a title: {line:?}"));
            }
            "h1".to_owned()
        } else if let Some(title) = line.strip_prefix("## ") {
            if let Some(c) = unescaped_markdown(title) {
                return Err(format!("unescaped `{c}` in a heading: {line:?}"));
            }
            sections.push(Vec::new());
            continue;
        } else if let Some(url) = line.strip_prefix("- <").and_then(|l| l.strip_suffix('>')) {
            if !url.starts_with("https://") || url.contains(['<', '>', ' ']) {
                return Err(format!("not an autolink: {line:?}"));
            }
            "autolink".to_owned()
        } else if let Some(link) = line.strip_prefix("- [") {
            let (text, url) = link
                .rsplit_once("](")
                .ok_or_else(|| format!("not a link: {line:?}"))?;
            if let Some(c) = unescaped_markdown(text) {
                return Err(format!("unescaped `{c}` in link text: {line:?}"));
            }
            let url = url.strip_suffix(')').ok_or("link without `)`")?;
            if !url.starts_with("https://signin.aws.amazon.com/switchrole?")
                || url.contains(['(', ')', ' ', '<', '>'])
            {
                return Err(format!("not a switch-role URL: {line:?}"));
            }
            "link".to_owned()
        } else if let Some(item) = line.strip_prefix("- ") {
            if let Some(c) = unescaped_markdown(item) {
                return Err(format!("unescaped `{c}` in a list item: {line:?}"));
            }
            "item".to_owned()
        } else if let Some(row) = line.strip_prefix('|').and_then(|l| l.strip_suffix('|')) {
            let cells = table_cells(row);
            if let Some(c) = cells.iter().find_map(|cell| unescaped_markdown(cell)) {
                return Err(format!("unescaped `{c}` in a table cell: {line:?}"));
            }
            format!("row of {}", cells.len())
        } else if line.is_empty() {
            "blank".to_owned()
        } else {
            if line.starts_with(['#', '-', '*', '>', '|', '<', '[', '`']) {
                return Err(format!("a paragraph that starts a block: {line:?}"));
            }
            "text".to_owned()
        };
        let block = match sections.last_mut() {
            Some(section) => section,
            None => &mut head,
        };
        // A table has as many rows as its subject has: guardrails in force depend on where the
        // account is (an OU path may name a shallower or deeper OU). Its rows count once; a
        // string cannot add one, since a newline in a cell breaks its own row first.
        if !(kind.starts_with("row of ") && block.last() == Some(&kind)) {
            block.push(kind);
        }
    }
    // Blank lines separate sections: the last one has none after it, whichever user it is.
    let mut sections: Vec<String> = sections
        .iter_mut()
        .map(|kinds| {
            while kinds.last().map(String::as_str) == Some("blank") {
                kinds.pop();
            }
            kinds.join(",")
        })
        .collect();
    sections.sort();
    Ok(format!("{head:?} {sections:?}"))
}

/// A Mermaid or Graphviz file: its statements with quoted strings emptied and generated ids'
/// numbers as `#`, as a multiset; an error for an unterminated string or a newline in one.
fn diagram_structure(text: &str, backslash_escapes: bool) -> Result<String, String> {
    let mut statements = Vec::new();
    for line in lines(text) {
        let mut skeleton = String::new();
        let mut chars = line.trim().chars();
        while let Some(c) = chars.next() {
            if c == '"' {
                skeleton.push_str("\"\"");
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') if backslash_escapes => {
                            chars.next();
                        }
                        Some('%') if !backslash_escapes => {
                            return Err(format!("`%` in a Mermaid string: {line:?}"));
                        }
                        Some(_) => {}
                        None => return Err(format!("unterminated string: {line:?}")),
                    }
                }
            } else if c.is_ascii_digit() {
                if !skeleton.ends_with('#') {
                    skeleton.push('#');
                }
            } else {
                skeleton.push(c);
            }
        }
        statements.push(skeleton);
    }
    statements.sort();
    Ok(statements.join("\n"))
}

/// A JSON value's shape: object keys with the shapes of their values, array elements' shapes
/// as a multiset, scalars by type.
fn json_shape(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(members) => {
            let mut shapes: Vec<String> = members
                .iter()
                .map(|(key, value)| format!("{key:?}:{}", json_shape(value)))
                .collect();
            shapes.sort();
            format!("{{{}}}", shapes.join(","))
        }
        serde_json::Value::Array(items) => {
            let mut shapes: Vec<String> = items.iter().map(json_shape).collect();
            shapes.sort();
            format!("[{}]", shapes.join(","))
        }
        serde_json::Value::String(_) => "s".to_owned(),
        serde_json::Value::Number(_) => "n".to_owned(),
        serde_json::Value::Bool(_) => "b".to_owned(),
        serde_json::Value::Null => "null".to_owned(),
    }
}

/// Every rendered file's structure, by kind, as a multiset (file paths left out).
fn structure(rendered: &Rendered) -> BTreeMap<String, Vec<String>> {
    let mut by_kind: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, contents) in rendered.files() {
        let kind = rendered.kind(path).map_or("?", |kind| kind.as_str());
        let parsed = if path.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(contents)
                .map(|value| json_shape(&value))
                .map_err(|error| error.to_string())
        } else if path.ends_with(".config") || path.ends_with(".ini") {
            ini_structure(contents)
        } else if path.ends_with(".md") {
            markdown_structure(contents)
        } else if path.ends_with(".mmd") {
            diagram_structure(contents, false)
        } else if path.ends_with(".dot") {
            diagram_structure(contents, true)
        } else {
            Err("unknown file type".to_owned())
        };
        let mut shape = parsed.unwrap_or_else(|error| format!("INVALID {path}: {error}"));
        if !path.ends_with(".json")
            && let Some(c) = contents
                .chars()
                .find(|&c| c != '\n' && names::is_unsafe_char(c))
        {
            shape = format!("INVALID {path}: raw {c:?}");
        }
        by_kind.entry(kind.to_owned()).or_default().push(shape);
    }
    for shapes in by_kind.values_mut() {
        shapes.sort();
    }
    by_kind
}

/// Renders `layout` when it checks without an ERROR; its structure must be the base's.
fn assert_same_structure(layout: &Layout, expected: &BTreeMap<String, Vec<String>>) -> bool {
    if check(layout).has_errors() {
        return false;
    }
    let rendered = render(layout).expect("a layout without errors renders");
    let actual = structure(&rendered);
    for (kind, shapes) in expected {
        assert_eq!(
            actual.get(kind),
            Some(shapes),
            "the structure of the `{kind}` files differs; skipped: {:#?}",
            rendered.skipped()
        );
    }
    assert_eq!(
        actual.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    true
}

fn base_structure() -> BTreeMap<String, Vec<String>> {
    let layout = base();
    let report = check(&layout);
    assert!(!report.has_errors(), "{:#?}", report.findings);
    let structure = structure(&render(&layout).expect("renders"));
    for shapes in structure.values() {
        for shape in shapes {
            assert!(!shape.starts_with("INVALID"), "{shape}");
        }
    }
    structure
}

#[test]
fn hostile_but_valid_strings_render_into_the_same_structure() {
    let expected = base_structure();
    // Strings that pass every check yet hold each format's syntax.
    let hostile = [
        (
            "organization.name",
            "Acme \"[x]\" = #1 \\ | {y} --> z; %% <b>&amp; `c` *d* _e_",
        ),
        ("organization.name", "[profile evil]"),
        ("waiver reason", "see ]] [profile evil] = \\\" --> |x| {y}"),
        ("group.allow_assume_any_role", "\"} ]; evil -> x [label=\""),
        ("role.trust.mfa_waiver", "## heading\\n- [x](https://evil)"),
        ("role.path", "a[b]=c#\"d\\/e|{f}-->g"),
        ("group.path", "[profile-x]"),
        ("user.path", "%%{init}%%"),
        ("role customer", "a=b,c@d"),
        ("role inline", "x.y+z"),
        ("user bob", "b=o,b@x.y"),
        ("role deploy", "d=p,l@y"),
        ("group operators", "o+p=s"),
        ("account DEV", "D-E_V"),
        ("ou Security", "Sec. ur_ity-1"),
        ("tag value", "a b/c:d=e+f-g@h_i.j"),
        (
            "policy condition value",
            "\"}]}, \"Evil\": {\"x\": \"\n[profile evil]\t",
        ),
        ("role aws_managed", "job-function/ViewOnlyAccess"),
        ("organization.default_region", "us-gov-east-9"),
    ];
    for (field, value) in hostile {
        let (_, mutate) = MUTATIONS
            .iter()
            .find(|(name, _)| *name == field)
            .unwrap_or_else(|| panic!("no mutation {field}"));
        let mut layout = base();
        mutate(&mut layout, value);
        if field == "organization.default_region" {
            layout.organization.partition = iam_policy::Partition::AwsUsGov;
            // Console links exist for `aws` only: compare with the same partition's base.
            let mut other = base();
            other.organization.partition = iam_policy::Partition::AwsUsGov;
            other.organization.default_region = "us-gov-west-1".to_owned();
            let expected = structure(&render(&other).expect("renders"));
            assert!(
                assert_same_structure(&layout, &expected),
                "{field}: {value:?}"
            );
            continue;
        }
        let report = check(&layout);
        assert!(
            !report.has_errors(),
            "{field} = {value:?} should pass: {:#?}",
            report.findings
        );
        assert!(
            assert_same_structure(&layout, &expected),
            "{field}: {value:?}"
        );
    }
}

#[test]
fn bidi_and_control_characters_are_escaped_in_human_readable_files() {
    let mut layout = base();
    layout.organization.name = "acme\u{202e}gnp.exe\r\n[profile evil]\u{2028}x".to_owned();
    let rendered = render(&layout).expect("renders");
    for (path, contents) in rendered.files() {
        if path.ends_with(".json") {
            continue;
        }
        assert!(
            !contents
                .chars()
                .any(|c| c != '\n' && names::is_unsafe_char(c)),
            "{path} holds a raw control or bidi character:\n{contents}"
        );
        assert!(
            !contents.contains("\n[profile evil]"),
            "{path}:\n{contents}"
        );
    }
    let files = rendered.files();
    assert!(
        files["aws-config/alice.config"]
            .contains("acme\\u{202e}gnp.exe\\r\\n[profile evil]\\u{2028}x")
    );
    assert!(files["switch-roles.md"].starts_with("# Switching roles in acme\\\\u{202e}gnp.exe"));
}

/// One character of a hostile string: syntax of every format, controls, bidi, anything.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '\n', '\r', '\t', '[', ']', '=', '#', '"', '\'', '\\', '|', '{', '}', '-', '>', '<',
            '%', '`', ';', '&', '/', ' ', '.', '@', '+', ',', ':', '_', '*', '(', ')', '!', '~',
            '\u{0}', '\u{1b}', '\u{85}', '\u{202e}', '\u{2066}', '\u{200f}', '\u{2028}', 'é',
        ]),
        6 => prop::char::range('a', 'z'),
        2 => prop::char::range('A', 'Z'),
        2 => prop::char::range('0', '9'),
        1 => any::<char>(),
    ]
}

/// A name that passes the IAM name checks often: `[A-Za-z0-9+=,.@_-]`, 2 to 20 of them.
fn iam_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('a', 'z'),
        2 => prop::char::range('A', 'Z'),
        2 => prop::char::range('0', '9'),
        2 => prop::sample::select(vec!['+', '=', ',', '.', '@', '_', '-']),
    ]
}

fn hostile_string() -> impl Strategy<Value = String> {
    let text = |chars: BoxedStrategy<char>, range: std::ops::Range<usize>| {
        prop::collection::vec(chars, range).prop_map(|chars| chars.into_iter().collect::<String>())
    };
    let hostile = text(hostile_char().boxed(), 0..24);
    let injections = prop::sample::select(vec![
        "\n[profile evil]\nrole_arn = arn:aws:iam::666666666666:role/x\n",
        "\"]\n  evil[\"x",
        "\" ];\n  evil -> x [label=\"",
        " --> evil",
        "|evil|",
        "%% evil",
        "\n## evil\n- [x](https://evil)",
        "</a><script>",
        "\\n\\\"",
    ]);
    prop_oneof![
        3 => hostile.clone(),
        2 => text(iam_char().boxed(), 2..20),
        2 => (hostile.clone(), injections, hostile)
            .prop_map(|(before, injection, after)| format!("{before}{injection}{after}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_string_adds_structure_to_rendered_files(
        mutation in 0..MUTATIONS.len(),
        value in hostile_string(),
    ) {
        static BASE: std::sync::OnceLock<BTreeMap<String, Vec<String>>> = std::sync::OnceLock::new();
        let expected = BASE.get_or_init(base_structure);
        let (_, mutate) = MUTATIONS[mutation];
        let mut layout = base();
        mutate(&mut layout, &value);
        // Either a check reports an ERROR, or the files have exactly the base's structure.
        assert_same_structure(&layout, expected);
    }
}
