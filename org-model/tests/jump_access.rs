//! The rendered JUMP policies, proven with the offline evaluator (`iam_policy::eval`): a new user
//! can change the initial password and enroll a virtual MFA device named after themselves
//! without MFA, and nothing else; after signing in with MFA, manage their own access keys and
//! switch into the roles their groups are granted, only under their own name as the session
//! name (and, optionally, source identity).

use iam_policy::Policy;
use iam_policy::eval::{ContextValue, Decision, PolicySet, Request, evaluate};
use org_model::policies::{LayoutPolicies, require_mfa_policy};
use org_model::{Layout, seed};

const JUMP: &str = "100000000001";
const DEV: &str = "100000000005";
const PRD: &str = "100000000008";

/// The policies a JUMP user in `group` has: the group's AssumeRole policy and the MFA policy.
fn group_policies(layout: &Layout, group: &str) -> Vec<Policy> {
    let rendered = LayoutPolicies::new(layout);
    let mut policies = vec![
        require_mfa_policy(layout)
            .expect("renders")
            .expect("JUMP has an id"),
    ];
    if let Some(assume) = rendered.group_assume_role_policy(group).expect("renders") {
        policies.push(assume);
    }
    policies
}

fn trust(layout: &Layout, role: &str) -> Policy {
    let role = layout.role_named(role).expect("role in the layout");
    LayoutPolicies::new(layout)
        .trust_policy(role)
        .expect("renders")
        .expect("JUMP has an id")
}

/// How the request was signed.
#[derive(Clone, Copy)]
enum Signed {
    /// Console password, no MFA: `aws:MultiFactorAuthPresent` is `false`.
    PasswordOnly,
    /// A long-term access key: the MFA keys are absent.
    AccessKey,
    /// Signed in with MFA 60 seconds ago.
    WithMfa,
}

struct Call<'a> {
    user: &'a str,
    action: &'a str,
    resource: String,
    signed: Signed,
    context: Vec<(&'a str, &'a str)>,
}

impl<'a> Call<'a> {
    fn new(user: &'a str, action: &'a str, resource: impl Into<String>, signed: Signed) -> Self {
        Self {
            user,
            action,
            resource: resource.into(),
            signed,
            context: Vec::new(),
        }
    }

    fn with(mut self, key: &'a str, value: &'a str) -> Self {
        self.context.push((key, value));
        self
    }

    fn request(&self) -> Request {
        let principal = format!("arn:aws:iam::{JUMP}:user/{}", self.user)
            .parse()
            .expect("a user ARN");
        let mut request = Request::new(principal, self.action, self.resource.clone());
        match self.signed {
            Signed::PasswordOnly => request.context.insert(
                "aws:MultiFactorAuthPresent",
                ContextValue::Single("false".to_owned()),
            ),
            Signed::AccessKey => {}
            Signed::WithMfa => {
                request.context.insert(
                    "aws:MultiFactorAuthPresent",
                    ContextValue::Single("true".to_owned()),
                );
                request.context.insert(
                    "aws:MultiFactorAuthAge",
                    ContextValue::Single("60".to_owned()),
                );
            }
        }
        for (key, value) in &self.context {
            request
                .context
                .insert(*key, ContextValue::Single((*value).to_owned()));
        }
        request
    }

    /// The decision with the user's `identity` policies (and the role's `trust`, for STS).
    fn decide(&self, identity: &[Policy], trust: Option<&Policy>) -> Decision {
        let set = PolicySet {
            identity: identity.iter().collect(),
            resource: trust,
            ..PolicySet::default()
        };
        evaluate(&self.request(), &set).decision
    }
}

fn own(user: &str) -> String {
    format!("arn:aws:iam::{JUMP}:user/{user}")
}

fn mfa_device(name: &str) -> String {
    format!("arn:aws:iam::{JUMP}:mfa/{name}")
}

fn role(account: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:role/{name}")
}

#[test]
fn a_new_user_changes_the_password_and_enrolls_mfa_without_mfa_and_nothing_more() {
    let layout = seed::landing_zone();
    let alice = group_policies(&layout, "developers");
    let allowed = |call: Call<'_>| call.decide(&alice, None);
    for signed in [Signed::PasswordOnly, Signed::AccessKey] {
        // First sign-in: the initial password must be changed, under the password policy.
        assert_eq!(
            allowed(Call::new(
                "alice",
                "iam:GetAccountPasswordPolicy",
                "*",
                signed
            )),
            Decision::Allow
        );
        assert_eq!(
            allowed(Call::new(
                "alice",
                "iam:ChangePassword",
                own("alice"),
                signed
            )),
            Decision::Allow
        );
        // Enrolling a virtual MFA device named after the user, as the steps say.
        for (action, resource) in [
            ("iam:ListVirtualMFADevices", "*".to_owned()),
            ("iam:CreateVirtualMFADevice", mfa_device("alice")),
            ("iam:DeleteVirtualMFADevice", mfa_device("alice")),
            ("iam:EnableMFADevice", own("alice")),
            ("iam:ListMFADevices", own("alice")),
            ("iam:GetMFADevice", own("alice")),
            ("iam:ResyncMFADevice", own("alice")),
            ("iam:GetUser", own("alice")),
        ] {
            assert_eq!(
                allowed(Call::new("alice", action, resource.clone(), signed)),
                Decision::Allow,
                "{action} on {resource}"
            );
        }
        // Not a device under another name (the rendered mfa_serial would be wrong), not
        // another user's, and nothing else without MFA.
        for (action, resource, decision) in [
            (
                "iam:CreateVirtualMFADevice",
                mfa_device("my-phone"),
                Decision::ImplicitDeny,
            ),
            (
                "iam:CreateVirtualMFADevice",
                mfa_device("bob"),
                Decision::ImplicitDeny,
            ),
            ("iam:EnableMFADevice", own("bob"), Decision::ImplicitDeny),
            ("iam:ChangePassword", own("bob"), Decision::ImplicitDeny),
            ("iam:CreateAccessKey", own("alice"), Decision::ExplicitDeny),
            (
                "iam:DeactivateMFADevice",
                own("alice"),
                Decision::ExplicitDeny,
            ),
            ("sts:AssumeRole", role(DEV, "admin"), Decision::ExplicitDeny),
            (
                "s3:ListAllMyBuckets",
                "*".to_owned(),
                Decision::ExplicitDeny,
            ),
        ] {
            assert_eq!(
                allowed(Call::new("alice", action, resource.clone(), signed)),
                decision,
                "{action} on {resource}"
            );
        }
    }
}

#[test]
fn after_mfa_a_user_manages_their_own_access_keys_and_mfa_device_only() {
    let layout = seed::landing_zone();
    let alice = group_policies(&layout, "developers");
    let with_mfa = |action: &str, resource: String| {
        Call::new("alice", action, resource, Signed::WithMfa).decide(&alice, None)
    };
    for action in [
        "iam:CreateAccessKey",
        "iam:ListAccessKeys",
        "iam:UpdateAccessKey",
        "iam:DeleteAccessKey",
        "iam:GetAccessKeyLastUsed",
        "iam:GetLoginProfile",
        "iam:DeactivateMFADevice",
    ] {
        assert_eq!(with_mfa(action, own("alice")), Decision::Allow, "{action}");
        assert_eq!(
            with_mfa(action, own("bob")),
            Decision::ImplicitDeny,
            "{action} on bob"
        );
    }
    // No password reset without the old password, and no other IAM administration.
    for action in ["iam:UpdateLoginProfile", "iam:CreateLoginProfile"] {
        assert_eq!(
            with_mfa(action, own("alice")),
            Decision::ImplicitDeny,
            "{action}"
        );
    }
    assert_eq!(
        with_mfa("iam:CreateUser", own("mallory")),
        Decision::ImplicitDeny
    );
}

#[test]
fn users_with_an_iam_path_manage_themselves_too() {
    let mut layout = seed::landing_zone();
    for user in &mut layout.users {
        if user.name == "alice" {
            "/staff/".clone_into(&mut user.path);
        }
    }
    let alice = group_policies(&layout, "developers");
    let staff = format!("arn:aws:iam::{JUMP}:user/staff/alice");
    for action in ["iam:ChangePassword", "iam:EnableMFADevice"] {
        assert_eq!(
            Call::new("alice", action, staff.clone(), Signed::PasswordOnly).decide(&alice, None),
            Decision::Allow,
            "{action}"
        );
    }
    // bob (at `/`) still manages only himself.
    assert_eq!(
        Call::new("bob", "iam:ChangePassword", staff, Signed::PasswordOnly).decide(&alice, None),
        Decision::ImplicitDeny
    );
}

#[test]
fn after_mfa_a_user_switches_role_under_their_own_name_only() {
    let layout = seed::landing_zone();
    let bob = group_policies(&layout, "operators");
    let developers = group_policies(&layout, "developers");
    let bob_all: Vec<Policy> = bob.iter().chain(&developers).cloned().collect();
    let admin = trust(&layout, "admin");
    let read_only = trust(&layout, "read-only");
    let assume = |user: &str, session: &str, trust: &Policy, identity: &[Policy]| {
        Call::new(user, "sts:AssumeRole", role(PRD, "admin"), Signed::WithMfa)
            .with("sts:RoleSessionName", session)
            .decide(identity, Some(trust))
    };
    assert_eq!(assume("bob", "bob", &admin, &bob_all), Decision::Allow);
    // bob cannot pass himself off as alice (nor as anyone else).
    assert_eq!(
        assume("bob", "alice", &admin, &bob_all),
        Decision::ImplicitDeny
    );
    assert_eq!(
        assume("bob", "deploy", &admin, &bob_all),
        Decision::ImplicitDeny
    );
    // alice reaches PRD admin through no grant; read-only in PRD she does.
    assert_eq!(
        assume("alice", "alice", &admin, &developers),
        Decision::ImplicitDeny
    );
    assert_eq!(
        Call::new(
            "alice",
            "sts:AssumeRole",
            role(PRD, "read-only"),
            Signed::WithMfa
        )
        .with("sts:RoleSessionName", "alice")
        .decide(&developers, Some(&read_only)),
        Decision::Allow
    );
    // Without MFA: denied, whatever the session name.
    assert_ne!(
        Call::new(
            "bob",
            "sts:AssumeRole",
            role(PRD, "admin"),
            Signed::AccessKey
        )
        .with("sts:RoleSessionName", "bob")
        .decide(&bob_all, Some(&admin)),
        Decision::Allow
    );
}

#[test]
fn a_source_identity_is_allowed_only_as_the_user_name() {
    let layout = seed::landing_zone();
    let alice = group_policies(&layout, "developers");
    let admin = trust(&layout, "admin");
    let set = |source: &str| {
        Call::new(
            "alice",
            "sts:SetSourceIdentity",
            role(DEV, "admin"),
            Signed::WithMfa,
        )
        .with("sts:SourceIdentity", source)
        .decide(&alice, Some(&admin))
    };
    assert_eq!(set("alice"), Decision::Allow);
    assert_eq!(set("bob"), Decision::ImplicitDeny);
    // Allowed, not required: AssumeRole with a source identity, or without one.
    let assume = |source: Option<&str>| {
        let mut call = Call::new(
            "alice",
            "sts:AssumeRole",
            role(DEV, "admin"),
            Signed::WithMfa,
        )
        .with("sts:RoleSessionName", "alice");
        if let Some(source) = source {
            call = call.with("sts:SourceIdentity", source);
        }
        call.decide(&alice, Some(&admin))
    };
    assert_eq!(assume(None), Decision::Allow);
    assert_eq!(assume(Some("alice")), Decision::Allow);
    assert_eq!(assume(Some("bob")), Decision::ImplicitDeny);
}

#[test]
fn a_role_session_in_jump_cannot_switch_even_when_its_policy_allows() {
    // Only IAM users have `aws:username`: a role in JUMP with `sts:AssumeRole` on everything
    // matches no trust policy.
    let layout = seed::landing_zone();
    let admin = trust(&layout, "admin");
    let everything = Policy::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#,
    )
    .expect("policy");
    let principal = format!("arn:aws:sts::{JUMP}:assumed-role/ci/ci")
        .parse()
        .expect("a session ARN");
    let mut request = Request::new(principal, "sts:AssumeRole", role(DEV, "admin"));
    request.principal_role_arn = Some(format!("arn:aws:iam::{JUMP}:role/ci").parse().expect("ARN"));
    for (key, value) in [
        ("aws:MultiFactorAuthPresent", "true"),
        ("aws:MultiFactorAuthAge", "60"),
        ("sts:RoleSessionName", "ci"),
    ] {
        request
            .context
            .insert(key, ContextValue::Single(value.to_owned()));
    }
    let set = PolicySet {
        identity: vec![&everything],
        resource: Some(&admin),
        ..PolicySet::default()
    };
    assert_eq!(evaluate(&request, &set).decision, Decision::ImplicitDeny);
}
