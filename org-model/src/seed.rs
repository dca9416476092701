//! The seed layout: the landing zone jumpgate is built for, as a starting point.

use iam_policy::AccountId;

use crate::organization_policy::GuardrailSettings;
use crate::{Account, Grant, Group, Layout, Purpose, Role, User};

fn id(digits: &str) -> Option<AccountId> {
    AccountId::new(digits).ok()
}

fn account(name: &str, purpose: Purpose, digits: &str, ou: &str) -> Account {
    let mut account = Account::new(
        name,
        purpose,
        format!("aws+{}@example.com", name.to_ascii_lowercase()),
    )
    .in_ou(ou)
    .alias(format!("example-{}", name.to_ascii_lowercase()));
    account.id = id(digits);
    account
}

/// ROOT, PROTO, DEV, STG, UAT, PRD, CICD, JUMP and LOG in OUs `Security`, `Infrastructure`,
/// `Workloads/NonProduction` and `Workloads/Production`; groups `developers` (admin in
/// PROTO/DEV, read-only in STG/UAT/PRD), `operators` (admin in STG/UAT/PRD and CICD) and
/// `auditors` (read-only everywhere); three users. The security baseline (Config, CloudTrail,
/// GuardDuty, root MFA) is on everywhere, logging to `example-logs-100000000002` in LOG; the
/// seed guardrail set ([`crate::guardrails`]) is in force, with `OrganizationAccountAccessRole`
/// as the deployment role.
///
/// ```
/// let layout = org_model::seed::landing_zone();
/// assert_eq!(layout.accounts.len(), 9);
/// ```
pub fn landing_zone() -> Layout {
    let everywhere = ["PROTO", "DEV", "STG", "UAT", "PRD", "CICD", "LOG", "JUMP"];
    let mut layout = Layout::new("example", "ROOT")
        .default_region("eu-west-1")
        .log_bucket("example-logs-100000000002")
        .ou("Security")
        .ou("Infrastructure")
        .ou("Workloads")
        .ou("Workloads/NonProduction")
        .ou("Workloads/Production")
        .account(account("ROOT", Purpose::Management, "100000000000", ""))
        .account(account("JUMP", Purpose::Jump, "100000000001", "Security"))
        .account(account("LOG", Purpose::Log, "100000000002", "Security"))
        .account(account(
            "CICD",
            Purpose::Cicd,
            "100000000003",
            "Infrastructure",
        ))
        .account(account(
            "PROTO",
            Purpose::Prototype,
            "100000000004",
            "Workloads/NonProduction",
        ))
        .account(account(
            "DEV",
            Purpose::Development,
            "100000000005",
            "Workloads/NonProduction",
        ))
        .account(account(
            "STG",
            Purpose::Staging,
            "100000000006",
            "Workloads/NonProduction",
        ))
        .account(account(
            "UAT",
            Purpose::UserAcceptance,
            "100000000007",
            "Workloads/NonProduction",
        ))
        .account(account(
            "PRD",
            Purpose::Production,
            "100000000008",
            "Workloads/Production",
        ))
        .group(Group::new("developers"))
        .group(Group::new("operators"))
        .group(Group::new("auditors"))
        .user(User::new("alice").groups(["developers"]))
        .user(User::new("bob").groups(["developers", "operators"]))
        .user(User::new("carol").groups(["auditors"]))
        .role(
            Role::new("admin")
                .aws_managed("AdministratorAccess")
                .max_mfa_age(3_600),
        )
        .role(
            Role::new("read-only")
                .aws_managed("ReadOnlyAccess")
                .max_session(43_200),
        )
        .grant(Grant::new("developers", "admin").accounts(["PROTO", "DEV"]))
        .grant(Grant::new("developers", "read-only").accounts(["STG", "UAT", "PRD"]))
        .grant(Grant::new("operators", "admin").accounts(["STG", "UAT", "PRD", "CICD"]))
        .grant(
            Grant::new("auditors", "read-only")
                .accounts(everywhere)
                .session(43_200),
        );
    layout.guardrails = Some(GuardrailSettings::new());
    layout
}
