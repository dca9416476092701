//! Rendering a [`Layout`] into files, purely and deterministically: [`render`] builds every file
//! in memory (paths with `/`, in a sorted map); writing them is left to the caller (the
//! `jumpgate` crate's `output_dir` module replaces a directory with them).
//!
//! | Path | Kind |
//! |---|---|
//! | `accounts/<ACCOUNT>/roles/<role>/trust-policy.json` | `trust-policy` |
//! | `accounts/<ACCOUNT>/roles/<role>/policies/<name>.json` | `permission-policy` |
//! | `accounts/<ACCOUNT>/roles/<role>/role.json` | `role` |
//! | `jump/groups/<group>/assume-roles.json`, `…/policies/<name>.json`, `jump/policies/require-mfa.json` | `group-policy` |
//! | `jump/groups/<group>/group.json` | `group` |
//! | `jump/users.json` | `users` |
//! | `accounts/<ACCOUNT>/baseline.json` | `baseline` |
//! | `accounts/<LOG>/log-bucket/bucket.json` | `log-bucket` |
//! | `accounts/<LOG>/log-bucket/bucket-policy.json` | `bucket-policy` |
//! | `organization-policies/<kind>/<name>.json` (`scp`, `rcp`) | `organization-policy` |
//! | `organization-policies/guardrails.json` | `guardrails` |
//! | `accounts/<ACCOUNT>/guardrails.md` | `account-guardrails` |
//! | `switch-roles.md` | `switch-roles` |
//! | `jump/first-sign-in/<user>.md` | `first-sign-in` |
//! | `password-policy.json` | `password-policy` |
//! | `aws-config/<user>.config` | `aws-config` |
//! | `aws-extend-switch-roles/<user>.ini` | `extension-config` |
//! | `diagram.mmd`, `diagram.dot` | `diagram` |
//! | `manifest.json` | `manifest` |
//!
//! Policies are the lossless model pretty-printed by `serde_json`, except SCPs and RCPs, which are
//! exactly the text apply sends (compact JSON and a newline: [`crate::guardrails::content`],
//! what their size quota counts); every file ends with a newline. Whatever cannot be rendered is listed in `manifest.json` under `skipped`, with the
//! reason: accounts without an id, everything on the JUMP side while the JUMP account has no id,
//! names that are not IAM names (`[A-Za-z0-9+=,.@_-]`, used as path segments and in profile
//! names), users outside JUMP, grants naming what the layout does not define, and paths or
//! profile names that would collide (also ignoring ASCII case, for case-insensitive file
//! systems).
//!
//! The manifest gives each file's length in bytes and its SHA-256 in lowercase hex
//! ([`sha256_hex`]), as `sha256sum` prints it.
//!
//! ```
//! let rendered = org_model::render::render(&org_model::seed::landing_zone())?;
//! assert!(rendered.files().contains_key("accounts/PRD/roles/admin/trust-policy.json"));
//! assert!(rendered.files()["switch-roles.md"].contains("roleName=admin&account=100000000008"));
//! # Ok::<(), org_model::Error>(())
//! ```

mod baseline;
mod client;
mod context;
mod diagram;
mod guardrails;
mod iam;
mod output;
mod text;

pub use client::password_file_name;
pub use output::{FileKind, Rendered, Skipped, sha256_hex};

use crate::{Error, Layout};
use context::Context;
use output::Out;

/// Renders every file of `layout` (see the [module docs](self) for the list).
pub fn render(layout: &Layout) -> Result<Rendered, Error> {
    let cx = Context::new(layout);
    let mut out = Out::default();
    cx.note_skipped(&mut out);
    iam::accounts(&cx, &mut out)?;
    baseline::baseline(&cx, &mut out)?;
    iam::password_policy(&cx, &mut out)?;
    guardrails::guardrails(&cx, &mut out)?;
    if cx.jump.is_some() {
        iam::jump(&cx, &mut out)?;
        client::switch_roles(&cx, &mut out);
        client::first_sign_ins(&cx, &mut out);
        client::aws_configs(&cx, &mut out);
        client::extension_configs(&cx, &mut out);
    }
    diagram::mermaid(&cx, &mut out);
    diagram::graphviz(&cx, &mut out);
    out.finish(&layout.organization.name)
}
