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

/// The rendered files of `layout`, parsed where they are policies.
struct RenderedFiles(std::collections::BTreeMap<String, String>);

impl RenderedFiles {
    fn of(layout: &Layout) -> Self {
        Self(
            org_model::render::render(layout)
                .expect("renders")
                .into_files(),
        )
    }

    fn policy(&self, path: &str) -> Policy {
        let text = self
            .0
            .get(path)
            .unwrap_or_else(|| panic!("`{path}` is rendered"));
        Policy::from_json(text).unwrap_or_else(|error| panic!("`{path}`: {error}"))
    }

    /// Every policy the rendered files give a member of `groups` in JUMP: the inline policies of
    /// each group (`jump/groups/<group>/...json` but `group.json`), the MFA policy among them.
    fn user_policies(&self, groups: &[String]) -> Vec<Policy> {
        let mut policies = Vec::new();
        for group in groups {
            let prefix = format!("jump/groups/{group}/");
            for path in self.0.keys().filter(|path| {
                path.starts_with(&prefix)
                    && path.ends_with(".json")
                    && !path.ends_with("/group.json")
            }) {
                policies.push(self.policy(path));
            }
        }
        policies.push(self.policy("jump/policies/require-mfa.json"));
        policies
    }

    /// `(key, value)` of every `key = value` line of the rendered `aws-config/<user>.config`,
    /// by profile.
    fn profiles(&self, user: &str) -> Vec<(String, Vec<(String, String)>)> {
        let text = &self.0[&format!("aws-config/{user}.config")];
        let mut profiles: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for line in text.lines() {
            if let Some(name) = line
                .strip_prefix("[profile ")
                .and_then(|rest| rest.strip_suffix(']'))
            {
                profiles.push((name.to_owned(), Vec::new()));
            } else if let (Some((key, value)), Some(last)) =
                (line.split_once(" = "), profiles.last_mut())
            {
                last.1.push((key.to_owned(), value.to_owned()));
            }
        }
        profiles
    }
}

fn setting<'a>(settings: &'a [(String, String)], key: &str) -> Option<&'a str> {
    settings
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
}

/// The first sign-in of every JUMP user of the seed, step by step, judged by the evaluator
/// against exactly the rendered files: the password policy read and the password changed, the
/// virtual MFA device the rendered profiles name created and enabled (and no other), nothing
/// else before MFA; after MFA, an access key of their own, and every role of every rendered
/// profile (and of every switch-role link) assumed under the session name the profile sets,
/// each through the rendered trust policy of that role; never as someone else.
#[test]
fn every_user_signs_in_first_with_exactly_the_rendered_files() {
    let layout = seed::landing_zone();
    let files = RenderedFiles::of(&layout);
    let ids: std::collections::HashMap<String, String> = layout
        .accounts
        .iter()
        .filter_map(|account| Some((account.id?.to_string(), account.name.clone())))
        .collect();
    let mut roles_tried = 0;
    for user in &layout.users {
        let name = user.name.as_str();
        let policies = files.user_policies(&user.groups);
        let profiles = files.profiles(name);
        // Profile names start with the organization's name (`example-jump`).
        let jump_profile = format!("{}-jump", layout.organization.name);
        let jump = profiles
            .iter()
            .find(|(profile, _)| *profile == jump_profile)
            .unwrap_or_else(|| panic!("a [profile {jump_profile}]"));
        let serial = setting(&jump.1, "mfa_serial")
            .expect("mfa_serial")
            .to_owned();
        let me = own(name);
        let decide = |action: &str, resource: &str, signed: Signed| {
            Call::new(name, action, resource, signed).decide(&policies, None)
        };

        // 1. First sign-in with the initial password (no MFA): read the rules, change it.
        for (action, resource) in [
            ("iam:GetAccountPasswordPolicy", "*"),
            ("iam:ChangePassword", me.as_str()),
            ("iam:GetUser", me.as_str()),
        ] {
            assert_eq!(
                decide(action, resource, Signed::PasswordOnly),
                Decision::Allow,
                "{name}: {action}"
            );
        }
        // 2. Still without MFA: enroll the device the profiles name.
        for (action, resource) in [
            ("iam:ListVirtualMFADevices", "*"),
            ("iam:ListMFADevices", me.as_str()),
            ("iam:CreateVirtualMFADevice", serial.as_str()),
            ("iam:EnableMFADevice", me.as_str()),
            ("iam:GetMFADevice", me.as_str()),
        ] {
            assert_eq!(
                decide(action, resource, Signed::PasswordOnly),
                Decision::Allow,
                "{name}: {action} on {resource}"
            );
        }
        // ... and nothing else before MFA: no other device name, no key, no role, no reads.
        let other_device = format!("{serial}-phone");
        for (action, resource) in [
            ("iam:CreateVirtualMFADevice", other_device.as_str()),
            ("iam:CreateAccessKey", me.as_str()),
            ("iam:DeactivateMFADevice", me.as_str()),
            ("iam:ListUsers", "*"),
            ("iam:CreateLoginProfile", me.as_str()),
            ("ec2:DescribeInstances", "*"),
        ] {
            assert_ne!(
                decide(action, resource, Signed::PasswordOnly),
                Decision::Allow,
                "{name}: {action} on {resource} before MFA"
            );
        }
        // 3. Signed in again with MFA: an access key of their own, nobody else's.
        for action in ["iam:CreateAccessKey", "iam:ListAccessKeys"] {
            assert_eq!(
                decide(action, &me, Signed::WithMfa),
                Decision::Allow,
                "{name}: {action}"
            );
            let someone_else = layout
                .users
                .iter()
                .find(|other| other.name != name)
                .expect("another user");
            assert_ne!(
                decide(action, &own(&someone_else.name), Signed::WithMfa),
                Decision::Allow,
                "{name}: {action} for {}",
                someone_else.name
            );
        }
        // 4. Switch role: every profile with a role, as the profile says, with the access key
        //    and an MFA code (the CLI's AssumeRole carries the MFA).
        let mut assumed = Vec::new();
        for (profile, settings) in profiles
            .iter()
            .filter(|(profile, _)| *profile != jump_profile)
        {
            let role_arn = setting(settings, "role_arn").expect("role_arn");
            assert_eq!(setting(settings, "mfa_serial"), Some(serial.as_str()));
            let session = setting(settings, "role_session_name").expect("role_session_name");
            let (account_id, role_name) = role_arn
                .strip_prefix("arn:aws:iam::")
                .and_then(|rest| rest.split_once(":role/"))
                .expect("a role ARN");
            let trust = files.policy(&format!(
                "accounts/{}/roles/{role_name}/trust-policy.json",
                ids[account_id]
            ));
            let assume = |session: &str| {
                Call::new(name, "sts:AssumeRole", role_arn, Signed::WithMfa)
                    .with("sts:RoleSessionName", session)
                    .decide(&policies, Some(&trust))
            };
            assert_eq!(assume(session), Decision::Allow, "{name}: {profile}");
            for other in layout.users.iter().filter(|other| other.name != name) {
                assert_ne!(
                    assume(&other.name),
                    Decision::Allow,
                    "{name} as {} in {profile}",
                    other.name
                );
            }
            assert_ne!(
                Call::new(name, "sts:AssumeRole", role_arn, Signed::AccessKey)
                    .with("sts:RoleSessionName", session)
                    .decide(&policies, Some(&trust)),
                Decision::Allow,
                "{name}: {profile} without MFA"
            );
            assumed.push(format!("roleName={role_name}&account={account_id}"));
            roles_tried += 1;
        }
        // The first-sign-in steps' switch-role links are exactly these roles.
        let steps = &files.0[&format!("jump/first-sign-in/{name}.md")];
        let links: Vec<&str> = steps
            .match_indices("switchrole?")
            .map(|(at, _)| {
                let query = &steps[at + "switchrole?".len()..];
                query.split("&displayName").next().expect("a link")
            })
            .collect();
        assumed.sort();
        let mut links_sorted: Vec<String> = links.iter().map(|link| (*link).to_owned()).collect();
        links_sorted.sort();
        assert_eq!(links_sorted, assumed, "{name}");
        assert!(
            steps.contains(&format!("type exactly {name}")),
            "{name}: {steps}"
        );
        assert_eq!(serial, mfa_device(name), "{name}");
    }
    assert!(roles_tried >= 10, "{roles_tried} roles tried");
}
