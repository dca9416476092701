//! What people use to sign in and switch role: console links (`switch-roles.md`), the steps of
//! each user's first sign-in (`jump/first-sign-in/<user>.md`), `~/.aws/config` blocks
//! (`aws-config/<user>.config`) and aws-extend-switch-roles configurations
//! (`aws-extend-switch-roles/<user>.ini`).

use std::collections::BTreeSet;

use iam_policy::Partition;

use super::context::{Context, Jump, Reach};
use super::output::{FileKind, Out};
use super::text;
use crate::{Purpose, User};

/// A role profile of a user: `<organization slug>-<account lowercase>-<role>`.
struct Profile<'a> {
    name: String,
    reach: Reach<'a>,
}

/// The profile holding the user's own credentials (`~/.aws/config`), and the base profile of
/// the extension configuration: `<organization slug>-jump`. Profile names start with the
/// organization's name, so that they do not collide with profiles the user already has (or with
/// another organization's).
fn jump_profile(cx: &Context<'_>) -> String {
    format!("{}-jump", text::slug(&cx.layout.organization.name))
}

/// The role profiles of `user`, in environment order ([`Context::reachable`]); a name that is
/// already taken (by another profile or the base profile) is skipped.
fn profiles<'a>(cx: &Context<'a>, user: &User, out: &mut Out) -> Vec<Profile<'a>> {
    let mut taken: BTreeSet<String> = [jump_profile(cx)].into();
    let mut profiles = Vec::new();
    for reach in cx.reachable(user) {
        let name = format!(
            "{}-{}-{}",
            text::slug(&cx.layout.organization.name),
            reach.account.name.to_ascii_lowercase(),
            reach.role.name
        );
        if taken.insert(name.clone()) {
            profiles.push(Profile { name, reach });
        } else {
            out.skip(
                format!(
                    "profile {name} of user {} (role {} in {})",
                    user.name, reach.role.name, reach.account.name
                ),
                "another profile has the same name",
            );
        }
    }
    profiles
}

/// The console sign-in URLs of the JUMP account: by id, and by alias when it has a valid one.
fn sign_in_urls(jump: Jump<'_>) -> Vec<String> {
    let mut urls = vec![format!("https://{}.signin.aws.amazon.com/console", jump.id)];
    if let Some(alias) = jump.account.alias.as_deref().filter(|a| text::is_alias(a)) {
        urls.push(format!("https://{alias}.signin.aws.amazon.com/console"));
    }
    urls
}

/// The console link that switches to `reach`'s role.
fn switch_role_url(reach: &Reach<'_>) -> String {
    format!(
        "https://signin.aws.amazon.com/switchrole?roleName={}&account={}&displayName={}",
        text::url_encode(&reach.role_path_name()),
        reach.id,
        text::url_encode(&display_name(reach)),
    )
}

/// `role@ACCOUNT`.
fn display_name(reach: &Reach<'_>) -> String {
    format!("{}@{}", reach.role.name, reach.account.name)
}

/// `switch-roles.md`: the JUMP sign-in URLs, then each user's switch-role links.
pub(super) fn switch_roles(cx: &Context<'_>, out: &mut Out) {
    let Some(jump) = cx.jump else {
        return;
    };
    if cx.partition != Partition::Aws {
        out.skip(
            "switch-roles.md",
            format!(
                "console URLs are known only for the aws partition, not {}",
                cx.partition
            ),
        );
        return;
    }
    let mut md = String::new();
    md.push_str(&format!(
        "# Switching roles in {}\n\n",
        text::markdown(&cx.layout.organization.name)
    ));
    md.push_str(&format!(
        "Sign in to {} (account `{}`) as your IAM user, with MFA:\n\n",
        text::markdown(&jump.account.name),
        jump.id
    ));
    for url in sign_in_urls(jump) {
        md.push_str(&format!("- <{url}>\n"));
    }
    md.push_str("\nThen switch role with one of your links below.\n");
    for user in &cx.users {
        md.push_str(&format!("\n## {}\n\n", text::markdown(&user.name)));
        let profiles = profiles(cx, user, out);
        if profiles.is_empty() {
            md.push_str("No roles.\n");
        }
        for profile in &profiles {
            md.push_str(&format!(
                "- [{}]({})\n",
                text::markdown(&display_name(&profile.reach)),
                switch_role_url(&profile.reach)
            ));
        }
    }
    out.add("switch-roles.md".to_owned(), FileKind::SwitchRoles, md);
}

/// Where IAM users manage their own credentials in the console (MFA devices, access keys).
const SECURITY_CREDENTIALS_URL: &str =
    "https://console.aws.amazon.com/iam/home#/security_credentials";

/// The path of the first-sign-in steps of `user`.
pub(super) fn first_sign_in_path(user: &str) -> String {
    format!("jump/first-sign-in/{user}.md")
}

/// The name of the file holding a user's initial password in `jumpgate apply`'s credentials
/// directory: `<JUMP account id>-<user>.password`.
pub fn password_file_name(jump: iam_policy::AccountId, user: &str) -> String {
    format!("{jump}-{user}.password")
}

/// `jump/first-sign-in/<user>.md` for every JUMP user: how to get the first password, change
/// it, enroll the MFA device the rendered profiles name, create an access key and switch role.
pub(super) fn first_sign_ins(cx: &Context<'_>, out: &mut Out) {
    let Some(jump) = cx.jump else {
        return;
    };
    if cx.partition != Partition::Aws {
        out.skip(
            "jump/first-sign-in/",
            format!(
                "console URLs are known only for the aws partition, not {}",
                cx.partition
            ),
        );
        return;
    }
    let policy = cx.layout.jump.password_policy.describe();
    let organization = text::markdown(&cx.layout.organization.name);
    let jump_name = text::markdown(&jump.account.name);
    for user in &cx.users {
        let name = text::markdown(&user.name);
        let mut md = format!(
            "# First sign-in of {name} to {organization}

"
        );
        md.push_str(&format!(
            "Your IAM user {name} lives in the JUMP account {jump_name} ({}). Everything you do \
             elsewhere, you do by switching role from here, with MFA.\n",
            jump.id
        ));
        if user.console {
            md.push_str("\n## 1. Sign in and change your password\n\n");
            md.push_str(&format!(
                "Your administrator applied the layout with jumpgate, which wrote your initial \
                 password to the file {} in its credentials directory, readable by the \
                 administrator only, and hands it to you. Sign in as {name} at:\n\n",
                text::markdown(&password_file_name(jump.id, &user.name))
            ));
            for url in sign_in_urls(jump) {
                md.push_str(&format!("- <{url}>\n"));
            }
            md.push_str(&format!(
                "\nThe console asks for a new password at once: {policy}.\n"
            ));
        } else {
            md.push_str("\n## 1. No console password\n\n");
            md.push_str(
                "You do not sign in to the console (console = false in the layout). Ask your \
                 administrator for an access key, and enroll the MFA device with the AWS CLI: \
                 create-virtual-mfa-device with the device name below, then enable-mfa-device \
                 with two consecutive codes.\n",
            );
        }
        md.push_str("\n## 2. Enroll your MFA device\n\n");
        md.push_str(
            "Until you sign in with MFA you can do nothing but change your password and enroll \
             a device. Open your security credentials:\n\n",
        );
        md.push_str(&format!("- <{SECURITY_CREDENTIALS_URL}>\n\n"));
        md.push_str(&format!(
            "Choose Assign MFA device. As the device name, type exactly {name} (your user name: \
             any other name is refused, and your AWS CLI profiles name the device {}). Choose \
             Authenticator app, scan the QR code with the app and enter two consecutive codes. \
             Then sign out and sign in again, now with a code from the app.\n",
            text::markdown(&cx.mfa_serial(jump, user))
        ));
        md.push_str("\n## 3. Your access key, for the AWS CLI\n\n");
        md.push_str(&format!(
            "Signed in with MFA, choose Create access key on the same page (Command Line \
             Interface). Keep one active key at most: the audit reports a second one, and keys \
             older than {} days or unused for {} days. Put the key into the [jump] section of \
             ~/.aws/credentials, and the block of aws-config/{}.config into ~/.aws/config: \
             every profile asks for an MFA code and uses {name} as the session name.\n",
            cx.layout.jump.audit.access_key_max_age_days,
            cx.layout.jump.audit.unused_credentials_days,
            text::markdown(&user.name)
        ));
        md.push_str("\n## 4. Switch role\n\n");
        let profiles = profiles(cx, user, out);
        if profiles.is_empty() {
            md.push_str("No roles yet.\n");
        } else {
            md.push_str(
                "Signed in with MFA, switch role with these links (the console uses your user \
                 name as the session name, which every role requires):\n\n",
            );
        }
        for profile in &profiles {
            md.push_str(&format!(
                "- [{}]({})\n",
                text::markdown(&display_name(&profile.reach)),
                switch_role_url(&profile.reach)
            ));
        }
        out.add(first_sign_in_path(&user.name), FileKind::FirstSignIn, md);
    }
}

/// `aws-config/<user>.config` for every JUMP user.
pub(super) fn aws_configs(cx: &Context<'_>, out: &mut Out) {
    let Some(jump) = cx.jump else {
        return;
    };
    let organization = text::one_line(&cx.layout.organization.name);
    let jump_profile = jump_profile(cx);
    for user in &cx.users {
        let mfa_serial = cx.mfa_serial(jump, user);
        let mut ini = String::new();
        ini.push_str(&format!(
            "# BEGIN jumpgate {organization} (generated; do not edit)\n"
        ));
        ini.push_str(&format!(
            "# Profiles of {0}: paste this block into ~/.aws/config, replacing any earlier block \
             between these markers.\n",
            user.name
        ));
        ini.push_str(&format!("[profile {jump_profile}]\n"));
        ini.push_str(&format!(
            "# Credentials: the access key of {} in the [{jump_profile}] section of \
             ~/.aws/credentials.\n",
            user.name
        ));
        if let Some(region) = cx.region {
            ini.push_str(&format!("region = {region}\n"));
        }
        ini.push_str(&format!("mfa_serial = {mfa_serial}\n"));
        for profile in profiles(cx, user, out) {
            let reach = &profile.reach;
            ini.push_str(&format!("\n[profile {}]\n", profile.name));
            ini.push_str(&format!("role_arn = {}\n", role_arn(cx, reach)));
            ini.push_str(&format!("source_profile = {jump_profile}\n"));
            ini.push_str(&format!("mfa_serial = {mfa_serial}\n"));
            ini.push_str(&format!("duration_seconds = {}\n", reach.duration));
            if let Some(region) = cx.region {
                ini.push_str(&format!("region = {region}\n"));
            }
            // RoleSessionName is 2 to 64 characters; the CLI makes one up otherwise.
            if text::is_session_name(&user.name) {
                ini.push_str(&format!("role_session_name = {}\n", user.name));
            }
        }
        ini.push_str(&format!("\n# END jumpgate {organization}\n"));
        out.add(
            format!("aws-config/{}.config", user.name),
            FileKind::AwsConfig,
            ini,
        );
    }
}

/// The role's ARN as an INI value: on one line whatever the role's path holds (a check refuses
/// such paths; a layout rendered unchecked still gets no extra line).
fn role_arn(cx: &Context<'_>, reach: &Reach<'_>) -> String {
    text::one_line(&cx.iam_arn(reach.id, "role", &reach.role.path, &reach.role.name))
}

/// The extension's colour for an account purpose: production red, staging and UAT yellow,
/// development and prototypes green, anything else blue.
fn color(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Production => "f2b0a9",
        Purpose::Staging | Purpose::UserAcceptance => "efda95",
        Purpose::Development | Purpose::Prototype => "b7ca9d",
        Purpose::Management | Purpose::Jump | Purpose::Log | Purpose::Cicd | Purpose::Other => {
            "83d4e8"
        }
    }
}

/// `aws-extend-switch-roles/<user>.ini` for every JUMP user.
pub(super) fn extension_configs(cx: &Context<'_>, out: &mut Out) {
    let Some(jump) = cx.jump else {
        return;
    };
    let base = jump_profile(cx);
    let signed_in_as = jump
        .account
        .alias
        .clone()
        .filter(|alias| text::is_alias(alias))
        .unwrap_or_else(|| jump.id.to_string());
    for user in &cx.users {
        let mut ini = String::new();
        // Comments only before the first section: older versions of the extension fail on
        // comments inside a section.
        ini.push_str(&format!(
            "# aws-extend-switch-roles configuration of {} in {} (generated by jumpgate; do not \
             edit)\n",
            user.name,
            text::one_line(&cx.layout.organization.name)
        ));
        ini.push_str(&format!("[{base}]\naws_account_id = {signed_in_as}\n"));
        for profile in profiles(cx, user, out) {
            let reach = &profile.reach;
            ini.push_str(&format!("\n[{}]\n", profile.name));
            ini.push_str(&format!("role_arn = {}\n", role_arn(cx, reach)));
            ini.push_str(&format!("source_profile = {base}\n"));
            if let Some(region) = cx.region {
                ini.push_str(&format!("region = {region}\n"));
            }
            ini.push_str(&format!("color = {}\n", color(reach.account.purpose)));
        }
        out.add(
            format!("aws-extend-switch-roles/{}.ini", user.name),
            FileKind::ExtensionConfig,
            ini,
        );
    }
}
