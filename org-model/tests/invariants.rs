//! Layout invariants: the seed has no finding but the suggestion that its management account is
//! outside SCPs (ORG081); for every rule, a minimal change to the seed yields exactly that
//! rule's code (besides ORG081), with its severity and location; all findings are collected at
//! once; custom checks run after the built-in rules.

use std::collections::BTreeSet;

use iam_policy::{AccountId, Policy};
use org_model::checks::{self, LayoutFinding, RULES, Severity, check, check_with};
use org_model::guardrails::{GuardrailSettings, OrganizationPolicy};
use org_model::{
    Account, BaselineItem, Grant, Group, Layout, Permission, Purpose, Role, User, seed,
};

fn account<'a>(layout: &'a mut Layout, name: &str) -> &'a mut Account {
    layout
        .accounts
        .iter_mut()
        .find(|account| account.name == name)
        .unwrap_or_else(|| panic!("no account {name}"))
}

fn role<'a>(layout: &'a mut Layout, name: &str) -> &'a mut Role {
    layout
        .roles
        .iter_mut()
        .find(|role| role.name == name)
        .unwrap_or_else(|| panic!("no role {name}"))
}

fn group<'a>(layout: &'a mut Layout, name: &str) -> &'a mut Group {
    layout
        .groups
        .iter_mut()
        .find(|group| group.name == name)
        .unwrap_or_else(|| panic!("no group {name}"))
}

fn user<'a>(layout: &'a mut Layout, name: &str) -> &'a mut User {
    layout
        .users
        .iter_mut()
        .find(|user| user.name == name)
        .unwrap_or_else(|| panic!("no user {name}"))
}

fn grant<'a>(layout: &'a mut Layout, group: &str, role: &str) -> &'a mut Grant {
    layout
        .grants
        .iter_mut()
        .find(|grant| grant.group == group && grant.role == role)
        .unwrap_or_else(|| panic!("no grant {group}→{role}"))
}

fn id(digits: &str) -> Option<AccountId> {
    AccountId::new(digits).ok()
}

/// A new account that is valid in the seed: unique id, email and no alias.
fn extra_account(name: &str, digits: &str) -> Account {
    let mut account = Account::new(
        name,
        Purpose::Other,
        format!("aws+extra{digits}@example.com"),
    );
    account.id = id(digits);
    account
}

fn policy(json: &str) -> Policy {
    Policy::from_json(json).unwrap_or_else(|error| panic!("{error}: {json}"))
}

fn inline(name: &str, json: &str) -> Permission {
    Permission::Inline {
        inline: name.to_owned(),
        policy: policy(json),
    }
}

fn customer(name: &str, json: &str) -> Permission {
    Permission::Customer {
        customer: name.to_owned(),
        path: None,
        policy: policy(json),
    }
}

const READ_BUCKET: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*"}]}"#;

const DENY_EC2: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*"}]}"#;

const ASSUME_ANY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;

/// A valid identity policy of roughly `buckets * 32` characters.
fn big_policy(buckets: usize) -> String {
    let resources: Vec<String> = (0..buckets)
        .map(|index| format!(r#""arn:aws:s3:::example-bucket-{index:05}/*""#))
        .collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":[{}]}}]}}"#,
        resources.join(",")
    )
}

/// `count` distinct AWS managed policies that exist (ORG060), named as a layout names them.
fn aws_managed(count: usize) -> Vec<Permission> {
    iam_policy::managed::all()
        .take(count)
        .map(|policy| Permission::AwsManaged {
            aws_managed: policy.to_string()[1..].to_owned(),
        })
        .collect()
}

/// A failing twin of the seed: its name, the one code it yields and the location.
struct Case {
    name: &'static str,
    code: &'static str,
    location: &'static str,
    layout: Layout,
}

fn case(
    name: &'static str,
    code: &'static str,
    location: &'static str,
    change: impl FnOnce(&mut Layout),
) -> Case {
    let mut layout = seed::landing_zone();
    change(&mut layout);
    Case {
        name,
        code,
        location,
        layout,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "management account missing",
            "ORG001",
            "organization",
            |l| {
                l.organization.management_account = "MGMT".to_owned();
            },
        ),
        case(
            "management account purpose",
            "ORG002",
            "account[ROOT]",
            |l| {
                account(l, "ROOT").purpose = Purpose::Other;
            },
        ),
        case(
            "second management account",
            "ORG002",
            "account[ROOT2]",
            |l| {
                let mut extra = extra_account("ROOT2", "100000000009");
                extra.purpose = Purpose::Management;
                l.accounts.push(extra);
            },
        ),
        case(
            "grant to management",
            "ORG003",
            "grant[operators→admin]",
            |l| {
                grant(l, "operators", "admin")
                    .accounts
                    .push("ROOT".to_owned());
            },
        ),
        case("user in management", "ORG003", "user[erin]", |l| {
            // In no group: a user outside JUMP who reaches production is ORG051's.
            let mut erin = User::new("erin");
            erin.account = Some("ROOT".to_owned());
            l.users.push(erin);
        }),
        case("no jump account", "ORG004", "organization", |l| {
            account(l, "JUMP").purpose = Purpose::Other;
        }),
        case("second jump account", "ORG004", "account[JUMP2]", |l| {
            let mut extra = extra_account("JUMP2", "100000000009");
            extra.purpose = Purpose::Jump;
            l.accounts.push(extra);
        }),
        case("user outside jump", "ORG005", "user[erin]", |l| {
            let mut erin = User::new("erin").groups(["contractors"]);
            erin.account = Some("DEV".to_owned());
            l.groups.push(Group::new("contractors"));
            l.users.push(erin);
        }),
        case("no log account", "ORG006", "organization", |l| {
            account(l, "LOG").purpose = Purpose::Other;
        }),
        case("second log account", "ORG006", "account[LOG2]", |l| {
            let mut extra = extra_account("LOG2", "100000000009");
            extra.purpose = Purpose::Log;
            l.accounts.push(extra);
        }),
        case("waiver without reason", "ORG007", "account[DEV]", |l| {
            let dev = account(l, "DEV");
            *dev = dev.clone().waive(BaselineItem::Guardduty, " ");
        }),
        case("root mfa waived", "ORG008", "account[DEV]", |l| {
            let dev = account(l, "DEV");
            *dev = dev
                .clone()
                .waive(BaselineItem::RootMfa, "shared break-glass token");
        }),
        case("duplicate id", "ORG009", "account[STG]", |l| {
            account(l, "STG").id = id("100000000005");
        }),
        case("duplicate account name", "ORG010", "account[DEV]", |l| {
            l.accounts.push(extra_account("DEV", "100000000009"));
        }),
        case("account name", "ORG011", "account[SAND BOX]", |l| {
            l.accounts.push(extra_account("SAND BOX", "100000000009"));
        }),
        case("duplicate email", "ORG012", "account[STG]", |l| {
            account(l, "STG").email = "AWS+DEV@EXAMPLE.COM".to_owned();
        }),
        case("email", "ORG013", "account[DEV]", |l| {
            account(l, "DEV").email = "aws+dev.example.com".to_owned();
        }),
        case("duplicate alias", "ORG014", "account[STG]", |l| {
            account(l, "STG").alias = Some("example-dev".to_owned());
        }),
        case("alias", "ORG015", "account[DEV]", |l| {
            account(l, "DEV").alias = Some("Example-Dev".to_owned());
        }),
        case("alias of 12 digits", "ORG015", "account[DEV]", |l| {
            account(l, "DEV").alias = Some("123456789012".to_owned());
        }),
        case("reserved tag", "ORG016", "account[DEV]", |l| {
            let dev = account(l, "DEV");
            *dev = dev.clone().tag("aws:owner", "platform");
        }),
        case("account to be created", "ORG017", "account[DEV]", |l| {
            account(l, "DEV").id = None;
        }),
        case("ou parent", "ORG018", "ou[Sandbox/Teams]", |l| {
            *l = l.clone().ou("Sandbox/Teams");
        }),
        case("duplicate ou", "ORG019", "ou[Security]", |l| {
            *l = l.clone().ou("Security");
        }),
        case("ou depth", "ORG020", "ou[A/B/C/D/E/F]", |l| {
            for path in ["A", "A/B", "A/B/C", "A/B/C/D", "A/B/C/D/E", "A/B/C/D/E/F"] {
                *l = l.clone().ou(path);
            }
        }),
        case("ou name", "ORG021", "ou[Sand#box]", |l| {
            *l = l.clone().ou("Sand#box");
        }),
        case("account ou", "ORG022", "account[DEV]", |l| {
            account(l, "DEV").ou = "Workloads/Dev".to_owned();
        }),
        case(
            "grant account missing",
            "ORG023",
            "grant[developers→admin]",
            |l| {
                grant(l, "developers", "admin")
                    .accounts
                    .push("SANDBOX".to_owned());
            },
        ),
        case(
            "grant role missing",
            "ORG023",
            "grant[developers→admni]",
            |l| {
                grant(l, "developers", "admin").role = "admni".to_owned();
            },
        ),
        case(
            "grant group missing",
            "ORG023",
            "grant[devs→admin]",
            |l| {
                grant(l, "developers", "admin").group = "devs".to_owned();
            },
        ),
        case("user group missing", "ORG023", "user[carol]", |l| {
            user(l, "carol").groups.push("auditor".to_owned());
        }),
        case("user account missing", "ORG023", "user[erin]", |l| {
            // In no group: a user outside JUMP who reaches production is ORG051's too.
            let mut erin = User::new("erin");
            erin.account = Some("JUMPP".to_owned());
            l.users.push(erin);
        }),
        case(
            "grant without accounts",
            "ORG024",
            "grant[auditors→admin]",
            |l| {
                l.grants.push(Grant::new("auditors", "admin"));
            },
        ),
        case(
            "duplicate grant",
            "ORG025",
            "grant[developers→admin]",
            |l| {
                l.grants
                    .push(Grant::new("developers", "admin").accounts(["DEV"]));
            },
        ),
        case("assume any role", "ORG026", "group[developers]", |l| {
            let developers = group(l, "developers");
            developers
                .permissions
                .push(inline("assume-any", ASSUME_ANY));
        }),
        case(
            "assume any role, empty reason",
            "ORG026",
            "group[developers]",
            |l| {
                let developers = group(l, "developers");
                developers
                    .permissions
                    .push(customer("assume-any", ASSUME_ANY));
                developers.allow_assume_any_role = Some(String::new());
            },
        ),
        case(
            "mfa waiver without reason",
            "ORG027",
            "role[deployer]",
            |l| {
                let mut deployer = Role::new("deployer").aws_managed("PowerUserAccess");
                deployer.trust.mfa_waiver = Some(String::new());
                *l = l
                    .clone()
                    .role(deployer)
                    .grant(Grant::new("operators", "deployer").accounts(["DEV"]));
            },
        ),
        case(
            "mfa waived in production",
            "ORG028",
            "role[read-only]",
            |l| {
                role(l, "read-only").trust.mfa_waiver = Some("dashboards on a kiosk".to_owned());
            },
        ),
        case(
            "mfa waived in production without a reason",
            "ORG050",
            "role[admin]",
            |l| {
                role(l, "admin").trust.mfa_waiver = Some(" ".to_owned());
                role(l, "admin").trust.max_mfa_age = None;
            },
        ),
        case(
            "user outside jump reaching production",
            "ORG051",
            "user[alice]",
            |l| {
                user(l, "alice").account = Some("DEV".to_owned());
            },
        ),
        case(
            "group listed twice in a user's groups",
            "ORG052",
            "user[alice].groups[2]",
            |l| {
                let alice = user(l, "alice");
                let group = alice.groups[0].clone();
                alice.groups.push("auditors".to_owned());
                alice.groups.push(group);
            },
        ),
        case("group name", "ORG029", "group[dev ops]", |l| {
            l.groups.push(Group::new("dev ops"));
        }),
        case("user name", "ORG029", "user[dave/ops]", |l| {
            l.users.push(User::new("dave/ops"));
        }),
        case("duplicate user", "ORG030", "user[Alice]", |l| {
            l.users.push(User::new("Alice"));
        }),
        case("role path", "ORG031", "role[admin]", |l| {
            role(l, "admin").path = "team".to_owned();
        }),
        case(
            "switch role length",
            "ORG032",
            "role[platform-administrators-with-a-very-long-name-indeed]",
            |l| {
                let mut long = Role::new("platform-administrators-with-a-very-long-name-indeed");
                long.path = "/organization/".to_owned();
                l.roles.push(long);
            },
        ),
        case("policy name", "ORG033", "role[admin]", |l| {
            role(l, "admin")
                .permissions
                .push(inline("read bucket", READ_BUCKET));
        }),
        case("policy attached twice", "ORG034", "role[admin]", |l| {
            let admin = role(l, "admin");
            *admin = admin.clone().aws_managed("AdministratorAccess");
        }),
        case(
            "customer policies disagree",
            "ORG034",
            "role[read-only]",
            |l| {
                role(l, "admin")
                    .permissions
                    .push(customer("bucket", READ_BUCKET));
                role(l, "read-only").permissions.push(customer(
                    "bucket",
                    &READ_BUCKET
                        .replace("GetObject", "ListBucket")
                        .replace("/*", ""),
                ));
            },
        ),
        case("group managed policies", "ORG035", "group[auditors]", |l| {
            group(l, "auditors").permissions = aws_managed(11);
        }),
        case("user groups", "ORG035", "user[carol]", |l| {
            let names: Vec<String> = (0..10).map(|index| format!("team{index}")).collect();
            for name in &names {
                l.groups.push(Group::new(name));
            }
            user(l, "carol").groups.extend(names);
        }),
        case("role managed policies", "ORG036", "role[read-only]", |l| {
            role(l, "read-only").permissions = aws_managed(11);
        }),
        case("role session", "ORG037", "role[admin]", |l| {
            role(l, "admin").max_session_duration = 50_000;
        }),
        case(
            "grant session",
            "ORG038",
            "grant[developers→admin]",
            |l| {
                grant(l, "developers", "admin").session_duration = Some(600);
            },
        ),
        case(
            "grant session over role",
            "ORG039",
            "grant[developers→admin]",
            |l| {
                grant(l, "developers", "admin").session_duration = Some(7_200);
            },
        ),
        case(
            "invalid policy",
            "ORG040",
            "role[admin].policy[read-bucket]",
            |l| {
                let missing_resource = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}"#;
                role(l, "admin")
                    .permissions
                    .push(inline("read-bucket", missing_resource));
            },
        ),
        case(
            "customer policy size",
            "ORG041",
            "role[admin].policy[buckets]",
            |l| {
                role(l, "admin")
                    .permissions
                    .push(customer("buckets", &big_policy(200)));
            },
        ),
        case(
            "inline policies together",
            "ORG041",
            "group[auditors]",
            |l| {
                let auditors = group(l, "auditors");
                auditors
                    .permissions
                    .push(inline("buckets-a", &big_policy(90)));
                auditors
                    .permissions
                    .push(inline("buckets-b", &big_policy(90)));
            },
        ),
        case(
            "log bucket policy size",
            "ORG041",
            "baseline.log-bucket-policy",
            |l| {
                // Each account adds its trail, its CloudTrail and Config prefixes and its id.
                for n in 0..120 {
                    let id = format!("2000000{n:05}").parse().unwrap();
                    l.accounts.push(
                        Account::new(
                            format!("W{n:03}"),
                            Purpose::Other,
                            format!("aws+w{n:03}@example.com"),
                        )
                        .id(id)
                        .in_ou("Workloads"),
                    );
                }
            },
        ),
        case("organization id", "ORG043", "organization", |l| {
            l.organization.id = Some("o-ABC".to_owned());
        }),
        case("log bucket name", "ORG042", "baseline.log_bucket", |l| {
            l.baseline.log_bucket = Some("Example_Logs".to_owned());
        }),
        case(
            "region with a profile in it",
            "ORG044",
            "organization",
            |l| {
                l.organization.default_region =
                    "eu-west-1\n[profile evil]\nrole_arn = arn:aws:iam::666666666666:role/x"
                        .to_owned();
            },
        ),
        case(
            "region of another partition",
            "ORG044",
            "organization",
            |l| {
                l.organization.default_region = "cn-north-1".to_owned();
            },
        ),
        case("unknown region", "ORG045", "organization", |l| {
            l.organization.default_region = "eu-wset-1".to_owned();
        }),
        case(
            "aws managed policy with a path and a profile",
            "ORG046",
            "role[admin]",
            |l| {
                role(l, "admin").permissions.push(Permission::AwsManaged {
                    aws_managed: "../../x\n[profile evil]".to_owned(),
                });
            },
        ),
        case(
            "aws managed policy as an ARN",
            "ORG046",
            "group[auditors]",
            |l| {
                group(l, "auditors")
                    .permissions
                    .push(Permission::AwsManaged {
                        aws_managed: "arn:aws:iam::aws:policy/ReadOnlyAccess".to_owned(),
                    });
            },
        ),
        case(
            "misspelt aws managed policy",
            "ORG060",
            "role[admin]",
            |l| {
                role(l, "admin").permissions.push(Permission::AwsManaged {
                    aws_managed: "ReadOnlyAcess".to_owned(),
                });
            },
        ),
        case(
            "aws managed policy without its path",
            "ORG060",
            "group[auditors]",
            |l| {
                group(l, "auditors")
                    .permissions
                    .push(Permission::AwsManaged {
                        aws_managed: "ViewOnlyAccess".to_owned(),
                    });
            },
        ),
        case("tag characters", "ORG047", "account[DEV]", |l| {
            account(l, "DEV")
                .tags
                .insert("cost-center".to_owned(), "42\n[profile evil]".to_owned());
        }),
        case(
            "organization name with a bidi override",
            "ORG048",
            "organization",
            |l| {
                l.organization.name = "acme\u{202e}gnp.exe".to_owned();
            },
        ),
        case("empty organization name", "ORG048", "organization", |l| {
            l.organization.name = String::new();
        }),
        case(
            "waiver reason with a control character",
            "ORG049",
            "account[DEV]",
            |l| {
                *account(l, "DEV") = account(l, "DEV")
                    .clone()
                    .waive(BaselineItem::Guardduty, "cost\u{1b}[2Jcleared");
            },
        ),
        case(
            "long assume-any-role reason",
            "ORG049",
            "group[auditors]",
            |l| {
                group(l, "auditors").allow_assume_any_role = Some("x".repeat(1_025));
            },
        ),
        case(
            "password expiry beyond IAM's limit",
            "ORG090",
            "jump.password_policy",
            |l| l.jump.password_policy.max_password_age = 1_096,
        ),
        case(
            "reuse prevention beyond IAM's limit",
            "ORG090",
            "jump.password_policy",
            |l| l.jump.password_policy.password_reuse_prevention = 25,
        ),
        case(
            "password policy weaker than CIS",
            "ORG091",
            "jump.password_policy",
            |l| l.jump.password_policy.minimum_password_length = 8,
        ),
        case(
            "no reuse prevention",
            "ORG091",
            "jump.password_policy",
            |l| l.jump.password_policy.password_reuse_prevention = 0,
        ),
        case(
            "one-letter user name, no session name",
            "ORG092",
            "user[a]",
            |l| user(l, "alice").name = "a".to_owned(),
        ),
        case("access key age of zero days", "ORG093", "jump.audit", |l| {
            l.jump.audit.access_key_max_age_days = 0;
        }),
        // Guardrails (ORG070–ORG084).
        case(
            "organization policy named like AWS's",
            "ORG070",
            "organization_policy[FullAWSAccess]",
            |l| {
                l.organization_policies.push(
                    OrganizationPolicy::scp("FullAWSAccess", policy(DENY_EC2)).on_ou("Workloads"),
                );
            },
        ),
        case(
            "organization policy named like a seed guardrail",
            "ORG070",
            "organization_policy[protect-baseline]",
            |l| {
                l.organization_policies
                    .push(OrganizationPolicy::scp("protect-baseline", policy(DENY_EC2)).on_root());
            },
        ),
        case(
            "organization policy description with a control character",
            "ORG071",
            "organization_policy[no-ec2]",
            |l| {
                l.organization_policies.push(
                    OrganizationPolicy::scp("no-ec2", policy(DENY_EC2))
                        .description("no\u{1b}[2J instances")
                        .on_root(),
                );
            },
        ),
        case(
            "organization policy on an OU that does not exist",
            "ORG072",
            "organization_policy[no-ec2]",
            |l| {
                l.organization_policies.push(
                    OrganizationPolicy::scp("no-ec2", policy(DENY_EC2)).on_ou("Workloads/Prod"),
                );
            },
        ),
        case(
            "organization policy attached nowhere",
            "ORG072",
            "organization_policy[no-ec2]",
            |l| {
                l.organization_policies
                    .push(OrganizationPolicy::scp("no-ec2", policy(DENY_EC2)));
            },
        ),
        case(
            "organization policy on the management account",
            "ORG073",
            "organization_policy[no-ec2]",
            |l| {
                l.organization_policies
                    .push(OrganizationPolicy::scp("no-ec2", policy(DENY_EC2)).on_account("ROOT"));
            },
        ),
        case(
            "SCP with a principal",
            "ORG074",
            "organization_policy[no-ec2]",
            |l| {
                let with_principal = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"ec2:*","Resource":"*"}]}"#;
                l.organization_policies
                    .push(OrganizationPolicy::scp("no-ec2", policy(with_principal)).on_root());
            },
        ),
        case(
            "SCP past its quota",
            "ORG075",
            "organization_policy[big]",
            |l| {
                let big = big_policy(330).replace("Allow", "Deny");
                l.organization_policies
                    .push(OrganizationPolicy::scp("big", policy(&big)).on_ou("Workloads"));
            },
        ),
        case(
            "eleven SCPs on one account",
            "ORG076",
            "account[DEV]",
            |l| {
                for index in 0..10 {
                    l.organization_policies.push(
                        OrganizationPolicy::scp(format!("no-ec2-{index}"), policy(DENY_EC2))
                            .on_account("DEV"),
                    );
                }
            },
        ),
        case(
            "RCP replacing RCPFullAWSAccess",
            "ORG077",
            "organization_policy[no-public-s3]",
            |l| {
                let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
                l.organization_policies.push(
                    OrganizationPolicy::rcp("no-public-s3", policy(deny))
                        .on_root()
                        .replacing_full_aws_access(),
                );
            },
        ),
        case(
            "misspelt seed guardrail left out",
            "ORG078",
            "guardrails.leave_out[0]",
            |l| {
                l.guardrails =
                    Some(GuardrailSettings::new().leave_out("protect-baselin", "replaced"));
            },
        ),
        case(
            "seed guardrail left out without a reason",
            "ORG078",
            "guardrails.leave_out[0]",
            |l| {
                l.guardrails = Some(GuardrailSettings::new().leave_out("allowed-regions", " "));
            },
        ),
        case(
            "allowed Region that is no Region",
            "ORG079",
            "guardrails.allowed_regions",
            |l| {
                l.guardrails =
                    Some(GuardrailSettings::new().allowed_regions(["eu-west-1", "eu-west"]));
            },
        ),
        case(
            "no Region allowed",
            "ORG079",
            "guardrails.allowed_regions",
            |l| {
                l.guardrails = Some(GuardrailSettings::new().allowed_regions(Vec::<String>::new()));
            },
        ),
        case(
            "no deployment role",
            "ORG080",
            "guardrails.deployment_roles",
            |l| {
                l.guardrails =
                    Some(GuardrailSettings::new().deployment_roles(Vec::<String>::new()));
            },
        ),
        case(
            "management account outside SCPs",
            "ORG081",
            "account[ROOT]",
            |_| {},
        ),
        case(
            "SCP that blocks the deployment role",
            "ORG082",
            "account[DEV]",
            |l| {
                let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateRole","Resource":"*"}]}"#;
                l.organization_policies
                    .push(OrganizationPolicy::scp("no-new-roles", policy(deny)).on_account("DEV"));
            },
        ),
        case(
            "RCP that blocks a grant",
            "ORG083",
            "grant[operators→admin]",
            |l| {
                let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/admin"}]}"#;
                l.organization_policies
                    .push(OrganizationPolicy::rcp("no-admin", policy(deny)).on_account("PRD"));
            },
        ),
        case(
            "role named like the deployment role",
            "ORG084",
            "account[DEV].role[OrganizationAccountAccessRole]",
            |l| {
                l.roles
                    .push(Role::new("OrganizationAccountAccessRole").aws_managed("ReadOnlyAccess"));
                l.grants.push(
                    Grant::new("developers", "OrganizationAccountAccessRole").accounts(["DEV"]),
                );
            },
        ),
    ]
}

#[test]
fn string_findings_say_what_is_wrong_and_suggest() {
    let mut layout = seed::landing_zone();
    layout.organization.default_region = "eu-wset-1".to_owned();
    let report = check(&layout);
    let finding = report.with_code("ORG045").next().expect("ORG045");
    assert_eq!(finding.help.as_deref(), Some("did you mean `eu-west-1`?"));

    layout.organization.default_region = "eu-west-1\n[profile evil]".to_owned();
    let report = check(&layout);
    let finding = report.with_code("ORG044").next().expect("ORG044");
    assert!(
        finding.message.contains("`eu-west-1\\n[profile evil]`"),
        "{finding}"
    );

    layout.organization.default_region = "eu-west1".to_owned();
    let report = check(&layout);
    let finding = report.with_code("ORG044").next().expect("ORG044");
    assert_eq!(finding.help.as_deref(), Some("did you mean `eu-west-1`?"));

    layout.organization.default_region = "cn-north-1".to_owned();
    let report = check(&layout);
    let finding = report.with_code("ORG044").next().expect("ORG044");
    assert!(
        finding
            .help
            .as_deref()
            .is_some_and(|help| help.contains("aws-cn")),
        "{finding:?}"
    );
}

#[test]
fn unknown_aws_managed_policies_get_the_reference_apply_would_attach() {
    let finding = |reference: &str| {
        let mut layout = seed::landing_zone();
        role(&mut layout, "admin").permissions = vec![Permission::AwsManaged {
            aws_managed: reference.to_owned(),
        }];
        let report = check(&layout);
        let findings: Vec<&LayoutFinding> = report
            .findings
            .iter()
            .filter(|finding| finding.code != SEED_SUGGESTION)
            .collect();
        match findings.as_slice() {
            [] => None,
            [finding] if finding.code == "ORG060" && finding.location == "role[admin]" => Some((
                finding.message.clone(),
                finding.help.clone().unwrap_or_default(),
            )),
            _ => panic!("{reference}: {findings:#?}"),
        }
    };
    for exists in [
        "AdministratorAccess",
        "ReadOnlyAccess",
        "job-function/ViewOnlyAccess",
        "job-function/Billing",
        "service-role/AWS_ConfigRole",
        "aws-service-role/AWSSupportServiceRolePolicy",
    ] {
        assert_eq!(finding(exists), None, "{exists}");
    }
    let help = |reference: &str| finding(reference).map(|(_, help)| help);
    assert_eq!(
        help("ReadOnlyAcess").as_deref(),
        Some("did you mean `ReadOnlyAccess`?")
    );
    assert_eq!(
        help("readonlyaccess").as_deref(),
        Some("did you mean `ReadOnlyAccess`?"),
        "IAM's policy ARNs are case-sensitive"
    );
    assert_eq!(
        help("job-function/ViewOnlyAcess").as_deref(),
        Some("did you mean `job-function/ViewOnlyAccess`?")
    );
    let (message, help) = finding("service-role/ViewOnlyAccess").expect("a finding");
    assert_eq!(
        message,
        "aws managed policy `service-role/ViewOnlyAccess` does not exist: AWS publishes \
         `ViewOnlyAccess` at the path `/job-function/`"
    );
    assert_eq!(help, "did you mean `job-function/ViewOnlyAccess`?");
    assert_eq!(
        finding("Billing").map(|(_, help)| help).as_deref(),
        Some("did you mean `job-function/Billing`?")
    );
    let (message, help) = finding("CompletelyInventedPolicy").expect("a finding");
    assert_eq!(
        message,
        "aws managed policy `CompletelyInventedPolicy` does not exist"
    );
    assert!(
        help.contains(iam_policy::managed::DATA_VERSION),
        "the help says how recent the data is: {help}"
    );
    // A reference ORG046 refuses is not reported twice.
    let mut layout = seed::landing_zone();
    role(&mut layout, "admin").permissions = vec![Permission::AwsManaged {
        aws_managed: "/ReadOnlyAcess".to_owned(),
    }];
    let codes: Vec<String> = check(&layout)
        .findings
        .into_iter()
        .map(|finding| finding.code)
        .collect();
    assert_eq!(codes, ["ORG046", SEED_SUGGESTION]);
}

#[test]
fn aws_managed_policies_of_other_partitions_are_not_checked() {
    // The compiled-in data is the `aws` partition's; China and GovCloud publish other sets.
    let mut layout = seed::landing_zone();
    layout.organization.partition = iam_policy::Partition::AwsCn;
    layout.organization.default_region = "cn-north-1".to_owned();
    role(&mut layout, "admin")
        .permissions
        .push(Permission::AwsManaged {
            aws_managed: "AmazonEC2RoleforChinaOnlyExample".to_owned(),
        });
    assert_eq!(check(&layout).with_code("ORG060").count(), 0);
    layout.organization.partition = iam_policy::Partition::Aws;
    layout.organization.default_region = "eu-west-1".to_owned();
    assert_eq!(check(&layout).with_code("ORG060").count(), 1);
}

#[test]
fn the_alias_rule_of_checks_is_the_rule_of_rendering() {
    // `a--b` was accepted by the renderer's rule and refused by the check's.
    let mut layout = seed::landing_zone();
    account(&mut layout, "JUMP").alias = Some("example--jump".to_owned());
    assert_eq!(
        check(&layout).with_code("ORG015").count(),
        1,
        "the check refuses a double `-`"
    );
    let rendered = org_model::render::render(&layout).expect("renders");
    let files = rendered.files();
    assert!(!files["switch-roles.md"].contains("example--jump"));
    assert!(
        files["aws-extend-switch-roles/alice.ini"].contains("aws_account_id = 100000000001\n"),
        "{}",
        files["aws-extend-switch-roles/alice.ini"]
    );
    assert!(
        rendered
            .skipped()
            .iter()
            .any(|skipped| skipped.item == "alias example--jump of account JUMP")
    );
}

#[test]
fn every_alias_the_check_accepts_is_the_one_rendering_uses() {
    // The renderer once had its own alias rule, which accepted `example--jump`.
    for alias in [
        "example-jump",
        "1234567890123",
        "example--jump",
        "Example-Jump",
        "-jump",
        "jump-",
        "ab",
        "123456789012",
        "example_jump",
    ] {
        let mut layout = seed::landing_zone();
        account(&mut layout, "JUMP").alias = Some(alias.to_owned());
        let accepted = check(&layout).with_code("ORG015").count() == 0;
        let rendered = org_model::render::render(&layout).expect("renders");
        let used = rendered.files()["switch-roles.md"]
            .contains(&format!("https://{alias}.signin.aws.amazon.com/console"));
        let skipped = rendered
            .skipped()
            .iter()
            .any(|skipped| skipped.item == format!("alias {alias} of account JUMP"));
        assert_eq!(
            used, accepted,
            "{alias}: checked {accepted}, rendered {used}"
        );
        assert_eq!(skipped, !accepted, "{alias}: skipped {skipped}");
    }
}

#[test]
fn every_region_the_check_accepts_is_the_one_rendering_uses() {
    // The renderer once took any lowercase letters, digits and `-` for a Region (`eu-west1`),
    // then any partition's Region (`cn-north-1` in partition `aws`); the check refuses both.
    use iam_policy::Partition;
    for (partition, region) in [
        (Partition::Aws, "eu-west-1"),
        (Partition::Aws, "eu-wset-1"),
        (Partition::Aws, "eu-west1"),
        (Partition::Aws, "eu-west-1a"),
        (Partition::Aws, "eu-west-1\n[profile evil]"),
        (Partition::Aws, "cn-north-1"),
        (Partition::Aws, "us-gov-west-1"),
        (Partition::AwsCn, "cn-north-1"),
        (Partition::AwsCn, "eu-west-1"),
        (Partition::AwsUsGov, "us-gov-east-9"),
    ] {
        let mut layout = seed::landing_zone();
        layout.organization.partition = partition;
        layout.organization.default_region = region.to_owned();
        let accepted = check(&layout).with_code("ORG044").count() == 0;
        let rendered = org_model::render::render(&layout).expect("renders");
        let config = &rendered.files()["aws-config/alice.config"];
        let used = config.contains(&format!("\nregion = {region}\n"));
        let skipped = rendered
            .skipped()
            .iter()
            .any(|skipped| skipped.item.starts_with("region "));
        assert_eq!(
            used, accepted,
            "{partition:?} {region:?}: checked {accepted}, rendered {used}"
        );
        assert_eq!(skipped, !accepted, "{partition:?} {region:?}");
        assert!(used || !config.contains("region ="), "{config}");
    }
}

/// The one finding of the seed: its management account is outside SCPs (with guardrails).
const SEED_SUGGESTION: &str = "ORG081";

fn codes(report: &checks::CheckReport) -> Vec<&str> {
    report
        .findings
        .iter()
        .map(|finding| finding.code.as_str())
        .collect()
}

#[test]
fn seed_has_no_findings_but_its_suggestion() {
    let report = check(&seed::landing_zone());
    assert_eq!(codes(&report), [SEED_SUGGESTION]);
    assert!(!report.has_errors());
}

#[test]
fn example_landing_zone_file_has_no_findings_but_its_suggestion() {
    let layout = Layout::from_toml(include_str!("../../examples/landing-zone.toml"))
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(codes(&check(&layout)), [SEED_SUGGESTION]);
}

#[test]
fn every_rule_has_a_failing_twin_of_the_seed() {
    let mut problems = Vec::new();
    for case in cases() {
        let mut report = check(&case.layout);
        // The seed's own suggestion (its management account is outside SCPs).
        report
            .findings
            .retain(|finding| finding.code != SEED_SUGGESTION || case.code == SEED_SUGGESTION);
        let codes: BTreeSet<&str> = report
            .findings
            .iter()
            .map(|finding| finding.code.as_str())
            .collect();
        if codes != BTreeSet::from([case.code]) {
            problems.push(format!(
                "{}: expected only {}, got:\n  {}",
                case.name,
                case.code,
                report
                    .findings
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
            continue;
        }
        let rule = RULES.iter().find(|rule| rule.code == case.code);
        for finding in &report.findings {
            if Some(finding.severity) != rule.map(|rule| rule.severity) {
                problems.push(format!("{}: severity of {finding}", case.name));
            }
            if finding.location != case.location {
                problems.push(format!(
                    "{}: location `{}`, expected `{}`",
                    case.name, finding.location, case.location
                ));
            }
            if finding.help.as_deref().is_none_or(str::is_empty) {
                problems.push(format!("{}: no help for {finding}", case.name));
            }
            if finding
                .message
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
                || finding.message.contains('\n')
            {
                problems.push(format!("{}: message style of {finding}", case.name));
            }
        }
        assert_eq!(
            report.has_errors(),
            rule.is_some_and(|rule| rule.severity == Severity::Error),
            "{}",
            case.name
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_is_covered_by_a_case() {
    let covered: BTreeSet<&str> = cases().iter().map(|case| case.code).collect();
    let rules: BTreeSet<&str> = RULES.iter().map(|rule| rule.code).collect();
    assert_eq!(covered, rules);
}

#[test]
fn findings_name_the_policy_and_carry_the_validator_code() {
    let layout = cases()
        .into_iter()
        .find(|case| case.code == "ORG040")
        .map_or_else(|| panic!("no ORG040 case"), |case| case.layout);
    let report = check(&layout);
    let finding = &report.findings[0];
    assert!(
        finding.message.starts_with("`MISSING_RESOURCE`"),
        "{finding}"
    );
}

#[test]
fn all_findings_are_collected_at_once() {
    let mut layout = seed::landing_zone();
    account(&mut layout, "DEV").alias = Some("Example-Dev".to_owned());
    account(&mut layout, "STG").email = "aws+dev@example.com".to_owned();
    account(&mut layout, "UAT").ou = "Workloads/Uat".to_owned();
    user(&mut layout, "alice").account = Some("PRD".to_owned());
    grant(&mut layout, "developers", "admin").session_duration = Some(60);
    role(&mut layout, "read-only").trust.mfa_waiver = Some(String::new());
    layout.groups.push(Group::new("dev ops"));
    let report = check(&layout);
    let codes: Vec<&str> = report
        .findings
        .iter()
        .map(|finding| finding.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            // alice lives in PRD and reaches it (ORG051, not ORG005); `read-only` waives MFA
            // without a reason in PRD (ORG050, not ORG027 and ORG028).
            "ORG012", "ORG015", "ORG022", "ORG050", "ORG051", "ORG029", "ORG038", "ORG081"
        ],
        "{report:#?}"
    );
    assert!(report.has_errors());
    assert_eq!(
        report.with_code("ORG012").next().map(ToString::to_string),
        Some(
            "ERROR ORG012 account[STG]: root email `aws+dev@example.com` is also the email of `DEV`"
                .to_owned()
        )
    );
}

/// A house rule: every account has a `cost-center` tag.
struct CostCenter;

impl checks::Check for CostCenter {
    fn check(&self, layout: &Layout, findings: &mut Vec<LayoutFinding>) {
        for account in layout
            .accounts
            .iter()
            .filter(|account| !account.tags.contains_key("cost-center"))
        {
            findings.push(
                LayoutFinding::new(
                    "HOUSE001",
                    Severity::Warning,
                    format!("account[{}]", account.name),
                    "account has no `cost-center` tag",
                )
                .with_help("tag the account with its cost center"),
            );
        }
    }
}

#[test]
fn custom_checks_run_after_the_built_in_rules() {
    let mut layout = seed::landing_zone();
    for account in &mut layout.accounts {
        if account.name != "PRD" {
            account
                .tags
                .insert("cost-center".to_owned(), "42".to_owned());
        }
    }
    account(&mut layout, "DEV").id = None;
    let no_people = |layout: &Layout, findings: &mut Vec<LayoutFinding>| {
        if layout.users.len() > 2 {
            findings.push(LayoutFinding::new(
                "HOUSE002",
                Severity::Suggestion,
                "organization",
                format!("{} users", layout.users.len()),
            ));
        }
    };
    let report = check_with(&layout, &[&CostCenter, &no_people]);
    let shown: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "SUGGESTION ORG017 account[DEV]: account `DEV` has no id yet; rendered policies and profiles leave it out",
            "SUGGESTION ORG081 account[ROOT]: the management account `ROOT` is outside SCPs (and its resources outside RCPs): nothing there is guarded by them",
            "WARNING HOUSE001 account[PRD]: account has no `cost-center` tag",
            "SUGGESTION HOUSE002 organization: 3 users",
        ]
    );
    assert!(!report.has_errors());
    assert_eq!(codes(&check(&seed::landing_zone())), [SEED_SUGGESTION]);
}

#[test]
fn a_repeated_list_entry_is_one_finding_naming_the_entry_and_its_count() {
    let mut layout = seed::landing_zone();
    user(&mut layout, "bob")
        .groups
        .extend(std::iter::repeat_n("operators".to_owned(), 15_000));
    grant(&mut layout, "operators", "admin")
        .accounts
        .extend(["PRD".to_owned(), "PRD".to_owned()]);
    let dev = account(&mut layout, "DEV");
    *dev = dev
        .clone()
        .waive(BaselineItem::Guardduty, "sandbox")
        .waive(BaselineItem::Guardduty, "still a sandbox");
    let admin = role(&mut layout, "admin");
    for _ in 0..3 {
        admin.permissions.push(Permission::AwsManaged {
            aws_managed: "ReadOnlyAccess".to_owned(),
        });
    }
    let report = check(&layout);
    let shown: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    // Only the repeats: no ORG025 (one grant, not two), one finding per repeated entry.
    assert_eq!(
        shown,
        [
            "WARNING ORG052 user[bob].groups[2]: group `operators` is listed 15001 times \
             (first as `groups[1]`)",
            "WARNING ORG052 grant[operators→admin].accounts[4]: account `PRD` is listed 3 times \
             (first as `accounts[2]`)",
            "WARNING ORG052 account[DEV].baseline.waivers[1]: waiver of `guardduty` is listed 2 \
             times (first as `waivers[0]`)",
            "ERROR ORG034 role[admin]: aws managed policy `ReadOnlyAccess` is attached 3 times",
            "SUGGESTION ORG081 account[ROOT]: the management account `ROOT` is outside SCPs (and \
             its resources outside RCPs): nothing there is guarded by them",
        ],
        "{shown:#?}"
    );
}
