//! An AWS multi-account layout as Rust values: one Organization whose management account owns
//! accounts per purpose and environment, people as IAM users only in the JUMP account, and
//! roles they reach by switching role with MFA.
//!
//! * [`Layout`] and its parts, built in Rust or read from TOML ([`Layout::from_toml`]);
//! * the policies a layout implies ([`policies`]);
//! * effective access, decided by the policy evaluator over every path of the layout
//!   ([`access`]), and reachability and the production rule built on it ([`reachability`]);
//! * the security baseline of every account and the LOG bucket ([`baseline`]);
//! * the seed landing zone ([`seed::landing_zone`]);
//! * the rules for names, Regions and other strings of a layout ([`names`]);
//! * the names, paths, ARNs and tags of what `jumpgate apply` creates ([`managed`]).

pub mod access;
pub mod baseline;
mod checked;
pub mod checks;
mod de;
mod error;
pub mod managed;
mod model;
pub mod names;
pub mod policies;
pub mod reachability;
pub mod render;
#[cfg(feature = "schema")]
mod schema;
pub mod seed;
mod toml_file;

/// This crate's version (the layout format's, in generated files).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub use checked::{CheckedLayout, RejectedLayout};
pub use checks::{Check, CheckReport, LayoutFinding, check, check_with};
pub use error::Error;
pub use model::{
    Account, Baseline, BaselineItem, BaselineWaiver, Grant, Group, Layout, Organization,
    OrganizationalUnit, Permission, Purpose, Role, TrustSettings, User,
};
