//! The work of every stage (parse, serde, serialize, canonical form, size, validation) grows
//! linearly with the size of a document: counted in steps (see [`crate::meter`]), not timed.
//! `benches/scaling.rs` measures the same shapes in time.

use std::fmt::Write as _;

use crate::Policy;
use crate::meter;
use crate::size::{SizeRule, policy_size};
use crate::validate::{Options, PolicyKind, validate_text};

/// A document of `n` elements.
type Document = fn(usize) -> String;

fn statement(index: usize) -> String {
    format!(
        r#"{{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket{index}/*"}}"#
    )
}

fn policy_of(statements: impl Iterator<Item = String>, separator: &str) -> String {
    let statements: Vec<String> = statements.collect();
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(&format!(",{separator}"))
    )
}

fn condition_policy(keys: impl Iterator<Item = String>) -> String {
    let mut block = String::new();
    for (index, key) in keys.enumerate() {
        if index > 0 {
            block.push_str(",\n");
        }
        let _ = write!(block, r#""{key}": "v{index}""#);
    }
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {{"StringEquals": {{{block}}}}}}}]}}"#
    )
}

/// The `index`-th spelling of one condition key in another ASCII case.
fn case_variant(index: usize) -> String {
    let mut bits = index;
    "aws:principaltag/teamnamesx"
        .chars()
        .map(|character| {
            if !character.is_ascii_lowercase() {
                return character;
            }
            let upper = bits & 1 == 1;
            bits >>= 1;
            if upper {
                character.to_ascii_uppercase()
            } else {
                character
            }
        })
        .collect()
}

fn shapes() -> Vec<(&'static str, PolicyKind, Document)> {
    vec![
        ("distinct statements", PolicyKind::Identity, |n| {
            policy_of((0..n).map(statement), "\n")
        }),
        ("statements with Sids", PolicyKind::ServiceControl, |n| {
            policy_of(
                (0..n).map(|index| {
                    format!(
                        r#"{{"Sid": "Deny{index}", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::bucket{index}"}}"#
                    )
                }),
                "\n",
            )
        }),
        (
            "one long non-ASCII line of findings",
            PolicyKind::Identity,
            |n| {
                policy_of(
                (0..n).map(|index| {
                    format!(
                        r#"{{"Sid": "é-{index}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "bucket{index}"}}"#
                    )
                }),
                " ",
            )
            },
        ),
        ("condition keys", PolicyKind::Identity, |n| {
            condition_policy((0..n).map(|index| format!("aws:PrincipalTag/team{index}")))
        }),
        ("malformed condition keys", PolicyKind::Identity, |n| {
            condition_policy((0..n).map(|index| format!("k{index}")))
        }),
        (
            "condition keys differing in case",
            PolicyKind::Identity,
            |n| condition_policy((0..n).map(case_variant)),
        ),
        ("keys of an unknown object", PolicyKind::Identity, |n| {
            let members: Vec<String> = (0..n).map(|index| format!(r#""k{index}": 1"#)).collect();
            format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}], "Extra": {{{}}}}}"#,
                members.join(",")
            )
        }),
        (
            "wildcard resources with one literal start",
            PolicyKind::Identity,
            |n| {
                let resources: Vec<String> = (0..n)
                    .map(|index| format!("\"arn:aws:s3:::b*{index:06}\""))
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{}]}}]}}"#,
                    resources.join(", ")
                )
            },
        ),
        (
            "wildcard actions with one literal start",
            PolicyKind::Identity,
            |n| {
                let actions: Vec<String> = (0..n)
                    .map(|index| format!("\"ec2:Describe*{index:06}\""))
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Resource": "*", "Action": [{}]}}]}}"#,
                    actions.join(", ")
                )
            },
        ),
        (
            "repeated wildcard actions on as many ARNs of another service",
            PolicyKind::Identity,
            |n| {
                let actions = vec!["\"s3:*\""; n].join(", ");
                let resources: Vec<String> = (0..n)
                    .map(|index| {
                        format!("\"arn:aws:dynamodb:us-east-1:111122223333:table/t{index}\"")
                    })
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{actions}], "Resource": [{}]}}]}}"#,
                    resources.join(", ")
                )
            },
        ),
        (
            "repeated actions with as many condition keys",
            PolicyKind::Identity,
            |n| {
                let actions = vec!["\"s3:PutObject\""; n].join(", ");
                let keys: Vec<String> = (0..n)
                    .map(|index| format!(r#""s3:ExistingObjectTag/t{index}": "v""#))
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{actions}], "Resource": "*", "Condition": {{"StringEquals": {{{}}}}}}}]}}"#,
                    keys.join(", ")
                )
            },
        ),
        (
            "trusted principals with actions that do not fit them",
            PolicyKind::Trust,
            |n| {
                let principals: Vec<String> = (0..n)
                    .map(|index| format!("\"arn:aws:iam::{:012}:root\"", 100_000_000_000 + index))
                    .collect();
                let actions = vec!["\"sts:TagSession\""; n].join(", ");
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": [{actions}]}}]}}"#,
                    principals.join(", ")
                )
            },
        ),
        (
            "OIDC providers with as many condition keys",
            PolicyKind::Trust,
            |n| {
                let providers: Vec<String> = (0..n)
                    .map(|index| {
                        format!("\"arn:aws:iam::111122223333:oidc-provider/h{index}.example.com\"")
                    })
                    .collect();
                let keys: Vec<String> = (0..n)
                    .map(|index| format!(r#""k{index}.example.com:aud": "x""#))
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": [{}]}}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {{"StringEquals": {{{}}}}}}}]}}"#,
                    providers.join(", "),
                    keys.join(", ")
                )
            },
        ),
        ("wildcard actions", PolicyKind::Identity, |n| {
            let actions: Vec<String> = (0..n)
                .map(|index| format!("\"ec2:Describe{index:06}*\""))
                .collect();
            format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Resource": "*", "Action": [{}]}}]}}"#,
                actions.join(", ")
            )
        }),
    ]
}

type Stage = fn(&str, &PolicyKind);

fn stages() -> Vec<(&'static str, Stage)> {
    vec![
        ("Policy::from_json", |text, _| {
            let _ = Policy::from_json(text);
        }),
        ("serde_json::from_str", |text, _| {
            let _ = serde_json::from_str::<Policy>(text);
        }),
        ("serde_json::to_string", |text, _| {
            if let Ok(policy) = Policy::from_json(text) {
                let _ = serde_json::to_string(&policy);
            }
        }),
        ("to_canonical", |text, _| {
            if let Ok(policy) = Policy::from_json(text) {
                let _ = policy.to_canonical();
            }
        }),
        ("policy_size", |text, _| {
            if let Ok(policy) = Policy::from_json(text) {
                let _ = policy_size(&policy, SizeRule::IgnoreWhitespace);
            }
        }),
        ("validate_text", |text, kind| {
            let _ = validate_text(text, kind, &Options::default());
        }),
    ]
}

#[test]
fn every_stage_does_linear_work() {
    const SMALL: usize = 200;
    const LARGE: usize = 4 * SMALL;
    let mut superlinear = Vec::new();
    for (shape, kind, document) in shapes() {
        let small = document(SMALL);
        let large = document(LARGE);
        for (stage, run) in stages() {
            let ((), small_steps) = meter::count(|| run(&small, &kind));
            let ((), large_steps) = meter::count(|| run(&large, &kind));
            // Four times the input: at most about four times the steps (quadratic work would
            // take sixteen times).
            if large_steps > 5 * small_steps + 100 {
                superlinear.push(format!(
                    "{stage} on {shape}: {small_steps} steps for {SMALL}, {large_steps} for {LARGE}"
                ));
            }
        }
    }
    assert!(
        superlinear.is_empty(),
        "superlinear work:\n{}",
        superlinear.join("\n")
    );
}
