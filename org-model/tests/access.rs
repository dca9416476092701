//! Effective access over the seed: every path of a question evaluated (assume the role, then
//! call the action), the context each request carries, MFA, groups, the direct path, SCPs and
//! RCPs of an environment, trust policies edited by hand, placeholder ids, and malformed
//! questions.

use iam_policy::Policy;
use iam_policy::eval::{ContextValue, Decision, DenyReason, PolicyType};
use org_model::access::{
    Attachment, EffectiveAccess, Environment, PolicySource, Question, QuestionError, Subject,
    Target, TrustOverride, Via,
};
use org_model::{Layout, Permission, seed};

const TRAIL_IN_DEV: &str = "arn:aws:cloudtrail:eu-west-1:100000000005:trail/jumpgate";
const TRAIL_IN_PRD: &str = "arn:aws:cloudtrail:us-west-2:100000000008:trail/jumpgate";

fn policy(json: &str) -> Policy {
    Policy::from_json(json).unwrap_or_else(|error| panic!("{error}: {json}"))
}

fn question(user: &str, action: &str, resource: &str, account: &str) -> Question {
    Question::new(Subject::User(user.to_owned()), action, resource, account)
}

fn ask(layout: &Layout, question: &Question) -> org_model::access::Answer {
    EffectiveAccess::new(layout)
        .ask(question)
        .unwrap_or_else(|error| panic!("{error}"))
}

fn single(value: &str) -> ContextValue {
    ContextValue::Single(value.to_owned())
}

#[test]
fn alice_may_stop_the_trail_in_dev_as_admin_with_the_switch_role_context() {
    let layout = seed::landing_zone();
    let answer = ask(
        &layout,
        &question("alice", "cloudtrail:stoplogging", TRAIL_IN_DEV, "DEV"),
    );
    assert_eq!(answer.decision, Decision::Allow);
    assert_eq!(answer.action, "cloudtrail:StopLogging");
    assert_eq!(
        answer.principal.as_str(),
        "arn:aws:iam::100000000001:user/alice"
    );
    assert_eq!(answer.account_id.as_str(), "100000000005");
    // Both roles deployed to DEV, in layout order: admin (developers), read-only (auditors).
    let vias: Vec<String> = answer.routes.iter().map(|r| r.via.to_string()).collect();
    assert_eq!(
        vias,
        [
            "group `developers` → role `admin` in `DEV`",
            "role `read-only` in `DEV`"
        ]
    );
    let admin = &answer.routes[0];
    assert_eq!(admin.decision, Decision::Allow);
    let [assume, call] = admin.steps.as_slice() else {
        panic!("two steps: {admin:#?}")
    };
    assert_eq!(assume.request.action, "sts:AssumeRole");
    assert_eq!(
        assume.request.resource,
        "arn:aws:iam::100000000005:role/admin"
    );
    let deciding: Vec<String> = assume
        .evaluation
        .explanation
        .deciding
        .iter()
        .map(|statement| assume.describe(statement))
        .collect();
    assert_eq!(
        deciding,
        [
            "group `developers` inline policy `jumpgate-assume-roles`, Statement[0] (Allow, Sid `AssumeRolesOfDevelopers`)",
            "trust policy of role `admin` in `DEV`, Statement[0] (Allow, Sid `AssumeAdminFromJump`)",
        ]
    );
    // The context of a switch-role: MFA just used, the user's name as the session name, TLS,
    // the Region of the resource (step 2) or the default Region (step 1), accounts and ARNs.
    let context = &assume.request.context;
    for (key, value) in [
        ("aws:MultiFactorAuthPresent", "true"),
        ("aws:MultiFactorAuthAge", "0"),
        ("aws:SecureTransport", "true"),
        ("sts:RoleSessionName", "alice"),
        ("aws:RequestedRegion", "eu-west-1"),
        ("aws:PrincipalAccount", "100000000001"),
        ("aws:PrincipalArn", "arn:aws:iam::100000000001:user/alice"),
        ("aws:ResourceAccount", "100000000005"),
        ("aws:username", "alice"),
    ] {
        assert_eq!(context.get(key), Some(&single(value)), "{key}");
    }
    assert!(
        context.get("aws:PrincipalOrgID").is_none(),
        "the seed has no organization id"
    );
    assert_eq!(
        call.request.principal.to_string(),
        "arn:aws:sts::100000000005:assumed-role/admin/alice"
    );
    assert_eq!(
        call.request
            .principal_role_arn
            .as_ref()
            .map(iam_policy::Arn::as_str),
        Some("arn:aws:iam::100000000005:role/admin")
    );
    assert_eq!(
        call.request.context.get("aws:PrincipalArn"),
        Some(&single("arn:aws:iam::100000000005:role/admin"))
    );
    assert!(call.request.context.get("sts:RoleSessionName").is_none());
    assert_eq!(call.evaluation.decision, Decision::Allow);
    assert_eq!(
        call.describe(&call.evaluation.explanation.deciding[0]),
        "role `admin` AWS managed policy `AdministratorAccess`, Statement[0] (Allow)"
    );

    // alice is no auditor: no identity policy of hers lets her assume read-only.
    let read_only = &answer.routes[1];
    assert_eq!(read_only.decision, Decision::ImplicitDeny);
    assert_eq!(
        read_only.steps[0].evaluation.explanation.reason,
        Some(DenyReason::NoAllow {
            policy_type: PolicyType::Identity,
            level: None
        })
    );
    assert!(answer.notes.is_empty(), "{:?}", answer.notes);
    let common: Vec<String> = answer
        .common_context()
        .iter()
        .map(|(key, _)| key.clone())
        .collect();
    assert!(
        common.contains(&"aws:MultiFactorAuthAge".to_owned()),
        "{common:?}"
    );
    assert!(
        !common.contains(&"aws:PrincipalArn".to_owned()),
        "{common:?}"
    );
}

#[test]
fn the_region_comes_from_the_resource_arn_or_the_default_and_context_overrides() {
    let layout = seed::landing_zone();
    let mut asked = question("bob", "cloudtrail:StopLogging", TRAIL_IN_PRD, "PRD");
    asked.context = vec![
        ("aws:SourceIp".to_owned(), "203.0.113.7".to_owned()),
        ("aws:SecureTransport".to_owned(), "false".to_owned()),
        ("aws:TagKeys".to_owned(), "team".to_owned()),
        ("AWS:TAGKEYS".to_owned(), "env".to_owned()),
    ];
    let answer = ask(&layout, &asked);
    let call = &answer.routes[0].steps[1];
    let context = &call.request.context;
    assert_eq!(
        context.get("aws:RequestedRegion"),
        Some(&single("us-west-2"))
    );
    assert_eq!(context.get("aws:SourceIp"), Some(&single("203.0.113.7")));
    assert_eq!(context.get("aws:SecureTransport"), Some(&single("false")));
    assert_eq!(
        context.get("aws:TagKeys"),
        Some(&ContextValue::Multiple(vec!["team".into(), "env".into()]))
    );
    // The role's ARN has no Region: the layout's default.
    let assume = &answer.routes[0].steps[0];
    assert_eq!(
        assume.request.context.get("aws:RequestedRegion"),
        Some(&single("eu-west-1"))
    );
}

#[test]
fn read_only_cannot_stop_the_trail_in_production_and_admin_is_not_granted_there() {
    let layout = seed::landing_zone();
    let answer = ask(
        &layout,
        &question("alice", "cloudtrail:StopLogging", TRAIL_IN_PRD, "PRD"),
    );
    assert_eq!(answer.decision, Decision::ImplicitDeny);
    let by_role = |role: &str| {
        answer
            .routes
            .iter()
            .find(|route| matches!(&route.via, Via::Role { role: name, .. } if name == role))
            .unwrap_or_else(|| panic!("no {role} route: {answer:#?}"))
    };
    // admin in PRD is the operators' grant, not the developers'.
    let admin = by_role("admin");
    assert_eq!(admin.steps[0].evaluation.decision, Decision::ImplicitDeny);
    // read-only is assumed, then ReadOnlyAccess does not allow StopLogging.
    let read_only = by_role("read-only");
    assert_eq!(read_only.steps[0].evaluation.decision, Decision::Allow);
    assert_eq!(
        read_only.via.to_string(),
        "group `developers` → role `read-only` in `PRD`"
    );
    assert_eq!(
        read_only.steps[1].evaluation.decision,
        Decision::ImplicitDeny
    );
    assert_eq!(read_only.decision, Decision::ImplicitDeny);
    // The account may be named by its id.
    let by_id = ask(
        &layout,
        &question(
            "alice",
            "cloudtrail:StopLogging",
            TRAIL_IN_PRD,
            "100000000008",
        ),
    );
    assert_eq!(by_id.account, "PRD");
    assert_eq!(by_id.routes, answer.routes);
    // bob is an operator: admin in PRD allows.
    let answer = ask(
        &layout,
        &question("bob", "cloudtrail:StopLogging", TRAIL_IN_PRD, "PRD"),
    );
    assert_eq!(answer.decision, Decision::Allow);
}

#[test]
fn a_deny_in_a_role_policy_decides_with_its_statement() {
    let mut layout = seed::landing_zone();
    let admin = layout
        .roles
        .iter_mut()
        .find(|role| role.name == "admin")
        .expect("the seed has admin");
    admin.permissions.push(Permission::Inline {
        inline: "keep-trails".to_owned(),
        policy: policy(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"KeepTrails","Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"*"}]}"#,
        ),
    });
    let answer = ask(
        &layout,
        &question("alice", "cloudtrail:StopLogging", TRAIL_IN_DEV, "DEV"),
    );
    // admin is explicitly denied, read-only implicitly: the answer is a deny.
    assert_eq!(answer.decision, Decision::ImplicitDeny);
    let admin = &answer.routes[0];
    assert_eq!(admin.decision, Decision::ExplicitDeny);
    let call = &admin.steps[1];
    assert_eq!(
        call.describe(&call.evaluation.explanation.deciding[0]),
        "role `admin` inline policy `keep-trails`, Statement[0] (Deny, Sid `KeepTrails`)"
    );
}

#[test]
fn without_mfa_every_path_through_an_mfa_policy_is_denied_and_says_so() {
    let layout = seed::landing_zone();
    let mut asked = question("alice", "cloudtrail:StopLogging", TRAIL_IN_DEV, "DEV");
    asked.mfa = false;
    let answer = ask(&layout, &asked);
    assert_eq!(answer.decision, Decision::ExplicitDeny);
    for route in &answer.routes {
        let assume = &route.steps[0];
        assert_eq!(
            assume.request.context.get("aws:MultiFactorAuthPresent"),
            Some(&single("false"))
        );
        assert!(
            assume
                .request
                .context
                .get("aws:MultiFactorAuthAge")
                .is_none()
        );
        assert_eq!(route.decision, Decision::ExplicitDeny);
        assert!(
            route.notes.iter().any(|note| note
                == "without MFA: group `developers` inline policy `jumpgate-require-mfa`, \
                    Statement[4] (Deny, Sid `DenyAllExceptListedIfNoMfa`) requires MFA"),
            "{:#?}",
            route.notes
        );
    }
    // The trust policy of admin wants MFA too.
    assert!(
        answer.routes[0].notes.iter().any(|note| note.starts_with(
            "without MFA: trust policy of role `admin` in `DEV`, Statement[0] (Allow, Sid `AssumeAdminFromJump`)"
        )),
        "{:#?}",
        answer.routes[0].notes
    );
}

#[test]
fn a_group_member_reads_the_log_bucket_through_its_policy() {
    let layout = seed::landing_zone();
    let object = "arn:aws:s3:::example-logs-100000000002/AWSLogs/100000000005/a.json.gz";
    let asked = Question::new(
        Subject::Group("auditors".to_owned()),
        "s3:GetObject",
        object,
        "LOG",
    );
    let answer = ask(&layout, &asked);
    assert_eq!(answer.decision, Decision::Allow);
    assert_eq!(
        answer.principal.as_str(),
        "arn:aws:iam::100000000001:user/member-of-auditors"
    );
    let vias: Vec<String> = answer.routes.iter().map(|r| r.via.to_string()).collect();
    assert_eq!(
        vias,
        [
            "group `auditors` → role `read-only` in `LOG`",
            "directly, without switching role"
        ]
    );
    let call = &answer.routes[0].steps[1];
    assert_eq!(
        call.sources.resource,
        Some(PolicySource::BucketPolicy {
            bucket: "example-logs-100000000002".to_owned()
        })
    );
    assert_eq!(
        call.request.context.get("aws:ResourceAccount"),
        Some(&single("100000000002"))
    );
    // The member's own policies do not reach into LOG's bucket.
    let direct = &answer.routes[1];
    assert_eq!(direct.decision, Decision::ImplicitDeny);
    // Over plain HTTP the bucket policy denies.
    let mut insecure = asked.clone();
    insecure.context = vec![("aws:SecureTransport".to_owned(), "false".to_owned())];
    let answer = ask(&layout, &insecure);
    assert_eq!(answer.decision, Decision::ExplicitDeny);
    let call = &answer.routes[0].steps[1];
    assert_eq!(
        call.describe(&call.evaluation.explanation.deciding[0]),
        "bucket policy of `example-logs-100000000002`, Statement[21] (Deny, Sid `DenyInsecureTransport`)"
    );
}

#[test]
fn in_jump_the_users_own_policies_are_a_path() {
    let layout = seed::landing_zone();
    let answer = ask(
        &layout,
        &question(
            "carol",
            "iam:ChangePassword",
            "arn:aws:iam::100000000001:user/carol",
            "JUMP",
        ),
    );
    assert_eq!(answer.decision, Decision::Allow);
    let direct = answer.routes.last().expect("a direct route");
    assert_eq!(direct.via, Via::Direct);
    assert_eq!(direct.steps.len(), 1);
    assert_eq!(
        direct.steps[0].describe(&direct.steps[0].evaluation.explanation.deciding[0]),
        "group `auditors` inline policy `jumpgate-require-mfa`, Statement[1] (Allow, Sid `AllowManageOwnUserCredentials`)"
    );
    // Not someone else's password.
    let answer = ask(
        &layout,
        &question(
            "carol",
            "iam:ChangePassword",
            "arn:aws:iam::100000000001:user/alice",
            "JUMP",
        ),
    );
    assert_eq!(answer.decision, Decision::ImplicitDeny);
}

#[test]
fn scps_and_rcps_of_the_environment_apply_on_the_accounts_path() {
    let layout = seed::landing_zone();
    let deny_stop = policy(
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"KeepTrails","Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"*"}]}"#,
    );
    let environment = Environment {
        scps: vec![Attachment {
            target: Target::Ou("Workloads".to_owned()),
            name: "keep-trails".to_owned(),
            policy: deny_stop,
        }],
        ..Environment::default()
    };
    let access = EffectiveAccess::with_environment(&layout, &environment);
    let answer = access
        .ask(&question(
            "alice",
            "cloudtrail:StopLogging",
            TRAIL_IN_DEV,
            "DEV",
        ))
        .expect("answers");
    assert_eq!(answer.decision, Decision::ImplicitDeny);
    let call = &answer.routes[0].steps[1];
    assert_eq!(call.evaluation.decision, Decision::ExplicitDeny);
    assert_eq!(
        call.describe(&call.evaluation.explanation.deciding[0]),
        "SCP `keep-trails` on OU `Workloads`, Statement[0] (Deny, Sid `KeepTrails`)"
    );
    // Root, Workloads, Workloads/NonProduction, DEV: the others have FullAWSAccess.
    let levels: Vec<Vec<String>> = call
        .sources
        .scps
        .iter()
        .map(|level| level.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(
        levels,
        [
            vec!["SCP `FullAWSAccess` on the root (attached by default)".to_owned()],
            vec!["SCP `keep-trails` on OU `Workloads`".to_owned()],
            vec![
                "SCP `FullAWSAccess` on OU `Workloads/NonProduction` (attached by default)"
                    .to_owned()
            ],
            vec!["SCP `FullAWSAccess` on account `DEV` (attached by default)".to_owned()],
        ]
    );
    // Assuming the role is JUMP's request: JUMP's path (Security OU) has no SCP but FullAWSAccess.
    assert_eq!(
        answer.routes[0].steps[0].evaluation.decision,
        Decision::Allow
    );

    // An RCP on PRD's OU denying role sessions without MFA: the role trust is the resource.
    let rcp = policy(
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"MfaToAssume","Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
    );
    let mut waived = seed::landing_zone();
    let admin = waived
        .roles
        .iter_mut()
        .find(|role| role.name == "admin")
        .expect("admin");
    admin.trust.mfa_waiver = Some("break glass".to_owned());
    admin.trust.max_mfa_age = None;
    let environment = Environment {
        rcps: vec![Attachment {
            target: Target::Ou("Workloads/Production".to_owned()),
            name: "mfa-to-assume".to_owned(),
            policy: rcp,
        }],
        ..Environment::default()
    };
    let plain = org_model::reachability::production_rule(&waived);
    assert_eq!(plain.breaches.len(), 1, "{plain:#?}");
    let access = EffectiveAccess::with_environment(&waived, &environment);
    let guarded = org_model::reachability::production_rule_in(&access);
    assert_eq!(
        guarded.breaches,
        [],
        "the RCP denies PRD's roles without MFA"
    );
}

#[test]
fn the_organizations_id_and_paths_are_in_the_context_when_known() {
    let layout = seed::landing_zone().organization_id("o-a1b2c3d4e5");
    let environment = Environment {
        root_id: Some("r-ab12".to_owned()),
        ou_ids: [
            ("Security", "ou-ab12-11111111"),
            ("Workloads", "ou-ab12-22222222"),
            ("Workloads/NonProduction", "ou-ab12-33333333"),
        ]
        .into_iter()
        .map(|(path, id)| (path.to_owned(), id.to_owned()))
        .collect(),
        ..Environment::default()
    };
    let access = EffectiveAccess::with_environment(&layout, &environment);
    let answer = access
        .ask(&question(
            "alice",
            "cloudtrail:StopLogging",
            TRAIL_IN_DEV,
            "DEV",
        ))
        .expect("answers");
    let assume = &answer.routes[0].steps[0].request.context;
    assert_eq!(
        assume.get("aws:PrincipalOrgID"),
        Some(&single("o-a1b2c3d4e5"))
    );
    assert_eq!(
        assume.get("aws:ResourceOrgID"),
        Some(&single("o-a1b2c3d4e5"))
    );
    assert_eq!(
        assume.get("aws:PrincipalOrgPaths"),
        Some(&ContextValue::Multiple(vec![
            "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/".to_owned()
        ]))
    );
    assert_eq!(
        assume.get("aws:ResourceOrgPaths"),
        Some(&ContextValue::Multiple(vec![
            "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/ou-ab12-33333333/".to_owned()
        ]))
    );
    // Without the OU ids, no paths (but still the organization's id).
    let answer = ask(
        &layout,
        &question("alice", "cloudtrail:StopLogging", TRAIL_IN_DEV, "DEV"),
    );
    let assume = &answer.routes[0].steps[0].request.context;
    assert!(assume.get("aws:PrincipalOrgPaths").is_none());
    assert_eq!(
        assume.get("aws:PrincipalOrgID"),
        Some(&single("o-a1b2c3d4e5"))
    );
}

#[test]
fn a_trust_policy_edited_by_hand_is_judged_by_what_it_says() {
    let layout = seed::landing_zone();
    // admin in DEV trusts bob only.
    let environment = Environment {
        trust_policies: vec![TrustOverride {
            role: "admin".to_owned(),
            account: Some("DEV".to_owned()),
            policy: policy(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::100000000001:user/bob"},"Action":"sts:AssumeRole"}]}"#,
            ),
        }],
        ..Environment::default()
    };
    let access = EffectiveAccess::with_environment(&layout, &environment);
    let answer = access
        .ask(&question(
            "alice",
            "cloudtrail:StopLogging",
            TRAIL_IN_DEV,
            "DEV",
        ))
        .expect("answers");
    assert_eq!(answer.decision, Decision::ImplicitDeny);
    let assume = &answer.routes[0].steps[0];
    assert_eq!(
        assume.sources.resource,
        Some(PolicySource::TrustPolicy {
            role: "admin".to_owned(),
            account: "DEV".to_owned(),
            edited: true
        })
    );
    assert_eq!(
        assume.evaluation.explanation.reason,
        Some(DenyReason::NoAllow {
            policy_type: PolicyType::Resource,
            level: None
        })
    );
    let answer = access
        .ask(&question(
            "bob",
            "cloudtrail:StopLogging",
            TRAIL_IN_DEV,
            "DEV",
        ))
        .expect("answers");
    assert_eq!(answer.decision, Decision::Allow);
}

#[test]
fn accounts_without_an_id_are_evaluated_with_a_placeholder() {
    let mut layout = seed::landing_zone();
    for account in &mut layout.accounts {
        if account.name == "DEV" {
            account.id = None;
        }
    }
    let answer = ask(
        &layout,
        &question(
            "alice",
            "cloudtrail:StopLogging",
            "arn:aws:cloudtrail:eu-west-1:000000000000:trail/jumpgate",
            "DEV",
        ),
    );
    assert_eq!(answer.decision, Decision::Allow, "{answer:#?}");
    assert_eq!(answer.account_id.as_str(), "000000000000");
    assert_eq!(
        answer.notes,
        [
            "account `DEV` (the account asked about and the resource's account) has no id yet: \
             evaluated with the placeholder id 000000000000"
        ]
    );
}

#[test]
fn malformed_questions_say_what_and_suggest() {
    let layout = seed::landing_zone();
    let access = EffectiveAccess::new(&layout);
    let error = |mut asked: Question, change: &dyn Fn(&mut Question)| {
        change(&mut asked);
        access.ask(&asked).expect_err("malformed")
    };
    let base = question("alice", "cloudtrail:StopLogging", TRAIL_IN_DEV, "DEV");
    let unknown_user = error(base.clone(), &|q| q.subject = Subject::User("alise".into()));
    assert_eq!(
        unknown_user.to_string(),
        "user `alise` is not in the layout"
    );
    assert_eq!(
        unknown_user.help().as_deref(),
        Some("did you mean `alice`?")
    );
    let unknown_group = error(base.clone(), &|q| {
        q.subject = Subject::Group("auditor".into());
    });
    assert_eq!(
        unknown_group.help().as_deref(),
        Some("did you mean `auditors`?")
    );
    let unknown_account = error(base.clone(), &|q| q.account = "DVE".into());
    assert!(matches!(
        unknown_account,
        QuestionError::UnknownAccount { .. }
    ));
    assert_eq!(
        unknown_account.help().as_deref(),
        Some("did you mean `DEV`?")
    );
    let typo = error(base.clone(), &|q| q.action = "cloudtrail:StopLoging".into());
    assert_eq!(
        typo.to_string(),
        "action `cloudtrail:StopLoging` is not an action AWS documents"
    );
    assert_eq!(
        typo.help().as_deref(),
        Some("did you mean `cloudtrail:StopLogging`?")
    );
    for action in ["StopLogging", "cloudtrail:Stop*", ":x"] {
        let malformed = error(base.clone(), &|q| q.action = action.into());
        assert!(
            matches!(malformed, QuestionError::MalformedAction { .. }),
            "{action}: {malformed}"
        );
    }
    for resource in ["trail/jumpgate", "arn:aws:s3:::bucket/*", "arn:aws"] {
        let malformed = error(base.clone(), &|q| q.resource = resource.into());
        assert!(
            matches!(malformed, QuestionError::MalformedResource { .. }),
            "{resource}: {malformed}"
        );
    }
    let key = error(base.clone(), &|q| {
        q.context = vec![("aws:SoruceVpc".into(), "vpc-1".into())];
    });
    assert_eq!(key.help().as_deref(), Some("did you mean `aws:SourceVpc`?"));
    let no_prefix = error(base.clone(), &|q| {
        q.context = vec![("SourceVpc".into(), "vpc-1".into())];
    });
    assert!(matches!(no_prefix, QuestionError::MalformedContext { .. }));
    let long = error(base.clone(), &|q| {
        q.context = vec![("aws:SourceVpc".into(), "v".repeat(2_049))];
    });
    assert!(matches!(long, QuestionError::MalformedContext { .. }));
    // A template key is a documented key.
    let mut tagged = base.clone();
    tagged.context = vec![("aws:PrincipalTag/team".into(), "platform".into())];
    assert!(access.ask(&tagged).is_ok());
}

#[test]
fn the_index_is_shared_between_threads() {
    fn shared<T: Sync>(_: &T) {}
    let layout = seed::landing_zone();
    let access = EffectiveAccess::new(&layout);
    shared(&access);
    let answers: Vec<Decision> = std::thread::scope(|scope| {
        let handles: Vec<_> = ["alice", "bob", "carol"]
            .into_iter()
            .map(|user| {
                let access = &access;
                scope.spawn(move || {
                    access
                        .ask(&question(
                            user,
                            "cloudtrail:StopLogging",
                            TRAIL_IN_PRD,
                            "PRD",
                        ))
                        .map(|answer| answer.decision)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("no panic").expect("answers"))
            .collect()
    });
    assert_eq!(
        answers,
        [
            Decision::ImplicitDeny,
            Decision::Allow,
            Decision::ImplicitDeny
        ]
    );
}
