#!/usr/bin/env bash
# `jumpgate import` of a hand-built organization of N accounts (default 200) on a local moto:
# the organization, one JUMP account with a group whose switch-role policy names an `admin`
# role in every other account, that role (trusting JUMP with MFA) in each. Prints the time of
# the import and the number of AWS calls it made (moto's request log), per account too.
#
#   scripts/bench-import.sh [N]
#
# Needs what scripts/test-all.sh installs (.venv with moto) and a release build of the CLI
# (`cargo build --release --bin jumpgate`, or JUMPGATE=path).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
accounts="${1:-200}"
jumpgate="${JUMPGATE:-target/release/jumpgate}"
[ -x "$jumpgate" ] || { echo "no $jumpgate: cargo build --release --bin jumpgate" >&2; exit 1; }
[ -x .venv/bin/moto_server ] || { echo "no .venv/bin/moto_server: run scripts/test-all.sh once" >&2; exit 1; }
work="$(mktemp -d)"
log="$work/moto.log"
.venv/bin/moto_server -H 127.0.0.1 -p 0 >"$log" 2>&1 &
moto=$!
trap 'kill "$moto" 2>/dev/null || true; rm -rf "$work"' EXIT
port=""
for _ in $(seq 1 100); do
    port="$(sed -n 's|.*Running on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log" | head -n 1)"
    [ -n "$port" ] && curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/" && break
    port=""
    sleep 0.1
done
[ -n "$port" ] || { echo "moto did not start" >&2; exit 1; }
endpoint="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent

# Built by hand through the API, as the guide builds it (boto3 comes with moto).
.venv/bin/python - "$endpoint" "$accounts" <<'PY'
import json, sys, boto3
endpoint, count = sys.argv[1], int(sys.argv[2])
def client(service, account=None):
    if account is None:
        return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1")
    sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1")
    c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                        RoleSessionName="bench")["Credentials"]
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                        aws_session_token=c["SessionToken"])
org = client("organizations")
org.create_organization(FeatureSet="ALL")
root = org.list_roots()["Roots"][0]["Id"]
ou = org.create_organizational_unit(ParentId=root, Name="Workloads")["OrganizationalUnit"]["Id"]
def account(name):
    status = org.create_account(AccountName=name, Email=f"aws+{name.lower()}@example.com")
    aid = status["CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=aid, SourceParentId=root, DestinationParentId=ou)
    return aid
jump = account("JUMP")
members = [account(f"ACCT{i:03}") for i in range(count - 1)]
trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{jump}:root"}, "Action": "sts:AssumeRole",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]})
for aid in members:
    client("iam", aid).create_role(RoleName="admin", AssumeRolePolicyDocument=trust)
iam = client("iam", jump)
iam.create_group(GroupName="admins")
iam.put_group_policy(GroupName="admins", PolicyName="switch-role", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
     "Resource": [f"arn:aws:iam::{aid}:role/admin" for aid in members]}]}))
iam.create_user(UserName="alice")
iam.add_user_to_group(GroupName="admins", UserName="alice")
PY

before="$(grep -c '" 200 -' "$log" || true)"
start="$(date +%s.%N)"
"$jumpgate" import --endpoint-url "$endpoint" --out "$work/imported.toml" >"$work/import.out" 2>&1 || {
    cat "$work/import.out" >&2; exit 1; }
end="$(date +%s.%N)"
after="$(grep -c '" 200 -' "$log" || true)"
calls=$((after - before))
grants="$(grep -c '^\[\[grant\]\]' "$work/imported.toml" || true)"
echo "import of $accounts accounts: $(echo "$end - $start" | bc) s, $calls AWS calls ($(echo "scale=1; $calls / $accounts" | bc) per account); $grants grant(s) in the layout"
