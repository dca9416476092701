//! What moto does not do for resource control policies, against AWS's answers recorded as the
//! Organizations API reference gives them (awsJson1_1: `X-Amz-Target:
//! AWSOrganizationsV20161128.<Operation>`, errors as `{"__type": ..., "Message": ...}` with
//! HTTP 400), served by a loopback server (no moto needed):
//!
//! * a policy type just enabled is `PENDING_ENABLE` on the root for a while: it counts as
//!   enabled, and is not enabled a second time;
//! * `RCPFullAWSAccess` is AWS's own (`AwsManaged: true`), attached by AWS to the root: it is
//!   left alone, and the layout's RCP on the root is in the audit as ok;
//! * enabling a type already enabled answers `PolicyTypeAlreadyEnabledException`, attaching a
//!   policy already attached `DuplicatePolicyAttachmentException`, detaching one that is not
//!   `PolicyNotAttachedException` (moto answers all three with success): a retried call whose
//!   first answer was lost counts as done.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use aws_credential_types::Credentials;
use jumpgate_aws::{Aws, RetrySettings, Settings, static_config};
use jumpgate_planner::audit::Status;
use jumpgate_planner::guardrails_state::GuardrailTarget;
use jumpgate_planner::{Change, ChangeAction, GuardrailOp, Op, Plan, PlanOptions, Target};
use org_model::guardrails::{Guardrails, OrganizationPolicyKind};
use org_model::{CheckedLayout, Layout};

const ORGANIZATION: &str = "o-a1b2c3d4e5";
const ROOT: &str = "r-examplerootid111";
const LOG_RCP: &str = "p-a1b2c3d4e5";

/// The seed with ids, the management account `111111111111`, and the organization's id.
fn layout() -> Layout {
    let mut layout = org_model::seed::landing_zone().organization_id(ORGANIZATION);
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        account.id = Some(format!("1111111111{index:02}").parse().expect("12 digits"));
    }
    layout
}

/// The recorded answers: operation → (status, body), and the operations asked, in order.
struct Recorded {
    answers: BTreeMap<&'static str, (u16, String)>,
    asked: Mutex<Vec<String>>,
}

/// The answers of an organization whose RCP type is still `PENDING_ENABLE`, with the layout's
/// `log-bucket-perimeter` created by jumpgate and attached to the root next to
/// `RCPFullAWSAccess`.
fn answers(layout: &Layout) -> BTreeMap<&'static str, (u16, String)> {
    let guardrails = Guardrails::of(layout).expect("guardrails");
    let rcp = guardrails
        .policies
        .iter()
        .find(|policy| policy.name == "log-bucket-perimeter")
        .expect("the seed's RCP");
    let management = "111111111100";
    let ok = |body: serde_json::Value| (200, body.to_string());
    BTreeMap::from([
        (
            "DescribeOrganization",
            ok(serde_json::json!({"Organization": {
                "Id": ORGANIZATION,
                "Arn": format!("arn:aws:organizations::{management}:organization/{ORGANIZATION}"),
                "FeatureSet": "ALL",
                "MasterAccountArn": format!("arn:aws:organizations::{management}:account/{ORGANIZATION}/{management}"),
                "MasterAccountId": management,
                "MasterAccountEmail": "aws+root@example.com",
                "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]
            }})),
        ),
        (
            "ListRoots",
            ok(serde_json::json!({"Roots": [{
                "Id": ROOT,
                "Arn": format!("arn:aws:organizations::{management}:root/{ORGANIZATION}/{ROOT}"),
                "Name": "Root",
                "PolicyTypes": [
                    {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"},
                    {"Type": "RESOURCE_CONTROL_POLICY", "Status": "PENDING_ENABLE"}
                ]
            }]})),
        ),
        (
            "ListOrganizationalUnitsForParent",
            ok(serde_json::json!({"OrganizationalUnits": []})),
        ),
        (
            "ListAccounts",
            ok(serde_json::json!({"Accounts": [{
                "Id": management,
                "Arn": format!("arn:aws:organizations::{management}:account/{ORGANIZATION}/{management}"),
                "Email": "aws+root@example.com",
                "Name": "ROOT",
                "Status": "ACTIVE",
                "JoinedMethod": "INVITED",
                "JoinedTimestamp": 1.7e9
            }]})),
        ),
        (
            "ListParents",
            ok(serde_json::json!({"Parents": [{"Id": ROOT, "Type": "ROOT"}]})),
        ),
        // The organization is read one parent at a time: the root holds the one account.
        (
            "ListAccountsForParent",
            ok(serde_json::json!({"Accounts": [{
                "Id": management,
                "Arn": format!("arn:aws:organizations::{management}:account/{ORGANIZATION}/{management}"),
                "Email": "aws+root@example.com",
                "Name": "ROOT",
                "Status": "ACTIVE",
                "JoinedMethod": "INVITED",
                "JoinedTimestamp": 1.7e9
            }]})),
        ),
        // Only the RCPs are listed: the SCP type is asked for too, and answered with none.
        (
            "ListPolicies",
            ok(serde_json::json!({"Policies": [
                {
                    "Id": "p-RCPFullAWSAccess",
                    "Arn": "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess",
                    "Name": "RCPFullAWSAccess",
                    "Description": "Allows access to every resource",
                    "Type": "RESOURCE_CONTROL_POLICY",
                    "AwsManaged": true
                },
                {
                    "Id": LOG_RCP,
                    "Arn": format!("arn:aws:organizations::{management}:policy/{ORGANIZATION}/resource_control_policy/{LOG_RCP}"),
                    "Name": "log-bucket-perimeter",
                    "Description": rcp.description,
                    "Type": "RESOURCE_CONTROL_POLICY",
                    "AwsManaged": false
                }
            ]})),
        ),
        (
            "ListTargetsForPolicy",
            ok(serde_json::json!({"Targets": [{
                "TargetId": ROOT,
                "Arn": format!("arn:aws:organizations::{management}:root/{ORGANIZATION}/{ROOT}"),
                "Name": "Root",
                "Type": "ROOT"
            }]})),
        ),
        (
            "ListTagsForResource",
            ok(serde_json::json!({"Tags": [{"Key": "managed-by", "Value": "jumpgate"}]})),
        ),
        (
            "DescribePolicy",
            ok(serde_json::json!({"Policy": {
                "PolicySummary": {
                    "Id": LOG_RCP,
                    "Name": "log-bucket-perimeter",
                    "Description": rcp.description,
                    "Type": "RESOURCE_CONTROL_POLICY",
                    "AwsManaged": false
                },
                "Content": rcp.content
            }})),
        ),
        (
            "EnablePolicyType",
            (400, serde_json::json!({
                "__type": "PolicyTypeAlreadyEnabledException",
                "Message": "The specified policy type is already enabled."
            }).to_string()),
        ),
        (
            "AttachPolicy",
            (400, serde_json::json!({
                "__type": "DuplicatePolicyAttachmentException",
                "Message": "The selected policy is already attached to the specified target."
            }).to_string()),
        ),
        (
            "DetachPolicy",
            (400, serde_json::json!({
                "__type": "PolicyNotAttachedException",
                "Message": "The policy isn't attached to the specified target in the specified root."
            }).to_string()),
        ),
    ])
}

/// One HTTP/1.1 connection: requests answered until the client closes it.
fn serve(stream: TcpStream, recorded: &Recorded) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut length = 0;
        let mut target = String::new();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let value = value.trim();
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.parse().unwrap_or(0),
                    "x-amz-target" => target = value.to_owned(),
                    _ => {}
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let body = String::from_utf8_lossy(&body);
        let (status, content_type, answer) = if body.contains("Action=GetCallerIdentity") {
            (
                200,
                "text/xml",
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
                 <GetCallerIdentityResult><Arn>arn:aws:iam::111111111100:user/admin</Arn>\
                 <UserId>AIDAEXAMPLEUSERID1111</UserId><Account>111111111100</Account>\
                 </GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId>\
                 </ResponseMetadata></GetCallerIdentityResponse>"
                    .to_owned(),
            )
        } else {
            let operation = target.rsplit('.').next().unwrap_or_default().to_owned();
            // The SCP type has no policy of its own here.
            let scps = operation == "ListPolicies" && body.contains("SERVICE_CONTROL_POLICY");
            recorded.asked.lock().expect("lock").push(operation.clone());
            match recorded.answers.get(operation.as_str()) {
                _ if scps => (
                    200,
                    "application/x-amz-json-1.1",
                    r#"{"Policies":[]}"#.to_owned(),
                ),
                Some((status, answer)) => (*status, "application/x-amz-json-1.1", answer.clone()),
                None => (
                    400,
                    "application/x-amz-json-1.1",
                    format!(
                        r#"{{"__type":"UnknownOperationException","Message":"not recorded: {operation}"}}"#
                    ),
                ),
            }
        };
        write!(
            writer,
            "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             x-amzn-RequestId: 1\r\n\r\n{answer}",
            answer.len()
        )?;
        writer.flush()?;
    }
}

/// A loopback server with the recorded answers; its URL.
fn server(recorded: Arc<Recorded>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let recorded = Arc::clone(&recorded);
            std::thread::spawn(move || serve(stream, &recorded));
        }
    });
    url
}

async fn connect(url: &str) -> Aws {
    let settings = Settings {
        endpoint_url: Some(url.to_owned()),
        retry: RetrySettings::disabled(),
        ..Settings::default()
    };
    let config = static_config(
        &settings,
        Credentials::new("AKIAIOSFODNN7EXAMPLE", "test-secret", None, None, "test"),
    );
    Aws::from_config(config, settings).await.expect("connects")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pending_rcp_type_counts_as_enabled_and_aws_own_rcp_is_left_alone() {
    let layout = layout();
    let recorded = Arc::new(Recorded {
        answers: answers(&layout),
        asked: Mutex::new(Vec::new()),
    });
    let aws = connect(&server(Arc::clone(&recorded))).await;
    let checked = CheckedLayout::check(layout).expect("no ERROR");
    let org = aws.read_org().await.expect("organization");
    let desired = jumpgate_planner::desired::desired_org(&checked, &org);
    let guardrails = jumpgate_planner::guardrails_state::desired_guardrails(&checked, &desired)
        .expect("desired");
    let live = aws.read_guardrails(&guardrails).await.expect("read");
    assert!(live.enabled.contains(&OrganizationPolicyKind::Rcp));
    let full = live
        .policy(OrganizationPolicyKind::Rcp, "RCPFullAWSAccess")
        .expect("AWS's own RCP");
    assert!(full.aws_managed && full.content.is_none(), "{full:?}");

    let plan = jumpgate_planner::plan_guardrails(
        &guardrails,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    // The OUs the organization plan creates get `RCPFullAWSAccess` too (AWS attaches it to a
    // new OU itself: that attachment then counts as done); the layout's RCP is in place.
    let rcp_calls: Vec<&Change> = plan
        .changes
        .iter()
        .filter(|change| change.resource.contains("log-bucket-perimeter"))
        .collect();
    assert!(rcp_calls.is_empty(), "{}", plan.to_text());
    assert!(
        plan.changes
            .iter()
            .flat_map(|change| &change.ops)
            .all(|op| !matches!(
                op,
                Op::Guardrail { call: GuardrailOp::EnablePolicyType { policy_type } }
                    if *policy_type == OrganizationPolicyKind::Rcp
            )),
        "{}",
        plan.to_text()
    );
    let audit = jumpgate_planner::audit_guardrails(&guardrails, &live);
    let row = audit
        .rows
        .iter()
        .find(|row| row.guardrail == "log-bucket-perimeter")
        .expect("the RCP audited");
    assert_eq!(
        (row.status, row.target.as_str()),
        (Status::Ok, "root"),
        "{}",
        audit.to_text()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_whose_effect_is_already_there_count_as_done() {
    let layout = layout();
    let recorded = Arc::new(Recorded {
        answers: answers(&layout),
        asked: Mutex::new(Vec::new()),
    });
    let aws = connect(&server(Arc::clone(&recorded))).await;
    let change = |call: GuardrailOp| Change {
        target: Target::Organization,
        resource: "RCP `log-bucket-perimeter`".to_owned(),
        action: ChangeAction::Update,
        details: Vec::new(),
        ops: vec![Op::Guardrail { call }],
    };
    let plan = Plan {
        changes: vec![
            change(GuardrailOp::EnablePolicyType {
                policy_type: OrganizationPolicyKind::Rcp,
            }),
            change(GuardrailOp::AttachPolicy {
                name: "log-bucket-perimeter".to_owned(),
                policy_type: OrganizationPolicyKind::Rcp,
                target: GuardrailTarget::Root,
            }),
            change(GuardrailOp::DetachPolicy {
                name: "log-bucket-perimeter".to_owned(),
                policy_type: OrganizationPolicyKind::Rcp,
                target: GuardrailTarget::Root,
            }),
        ],
        ..Plan::default()
    };
    aws.execute(&plan).await.expect("done already: no error");
    let asked = recorded.asked.lock().expect("lock").clone();
    for operation in ["EnablePolicyType", "AttachPolicy", "DetachPolicy"] {
        assert_eq!(
            asked.iter().filter(|asked| *asked == operation).count(),
            1,
            "{asked:?}"
        );
    }
}
