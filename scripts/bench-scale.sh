#!/usr/bin/env bash
# Apply, no-op plan and audit of a layout of N accounts, all created by email, on a local moto
# behind a proxy that delays every request (50 ms: a distant AWS Region), at `--parallelism 1`
# and at the default parallelism. Prints a table: wall time, requests (counted by the proxy),
# requests per account, and the ratio of the times default/1.
#
#   scripts/bench-scale.sh [--quick] [--delay-ms MS] [N ...]      (default N: 49 200)
#
# The layout is the seed (examples/landing-zone.toml) with its 8 member accounts' ids removed and
# N - 9 more accounts (ACCT001, ...: development and production in turn, ten a team: a group
# per team with `admin` in its development accounts and `read-only` in its production ones), so
# `apply` creates N - 1 accounts by email.
# The management account ROOT keeps its id: the commands run with session credentials of a role
# there (moto issues them for any account id, as in scripts/try-local.sh), and the organization
# is created first with them (directly on moto, not timed), its id recorded in the layout, as the
# log bucket's policy needs above 25 accounts. For each parallelism, moto is reset and the
# apply starts from that empty organization; the plan must then be empty (exit 0, else the
# benchmark fails) and the audit reads everything (exit 0 or 1: root MFA stays `missing`).
#
# --quick: above 100 accounts, only the no-op plans are compared (the apply at the default
#   parallelism, reported, makes the organization; the apply at --parallelism 1, the slowest
#   run by far, and the audits are skipped).
# --delay-ms MS: the proxy's delay (default 50).
# PARALLELISM_FLAG=0: never pass `--parallelism` (for a jumpgate without it: both columns then
#   run the same commands, and their ratio shows the noise).
# JUMPGATE=PATH: that binary instead of `cargo build --release -p jumpgate-cli`.
#
# Needs python3 (3.11+) and curl; moto comes from the repository's .venv, installed as
# scripts/test-all.sh does. Every server binds a free loopback port; all of them and the
# temporary directory go at exit. Figures are wall times on a shared machine: compare ratios.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

quick=0
delay_ms=50
sizes=()
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --delay-ms)
            [ $# -ge 2 ] || { echo "error: --delay-ms needs a value" >&2; exit 2; }
            delay_ms="$2"
            shift
            ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        -*) echo "error: unknown option \`$1\` (see --help)" >&2; exit 2 ;;
        *)
            if ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 9 ] || [ "$1" -gt 1000 ]; then
                echo "error: \`$1\` is no number of accounts from 9 (the seed's) to 1000" >&2
                exit 2
            fi
            sizes+=("$1")
            ;;
    esac
    shift
done
[ ${#sizes[@]} -gt 0 ] || sizes=(49 200)
if ! [[ "$delay_ms" =~ ^[0-9]+$ ]] || [ "$delay_ms" -gt 10000 ]; then
    echo "error: --delay-ms \`$delay_ms\`: expected milliseconds from 0 to 10000" >&2
    exit 2
fi
flag="${PARALLELISM_FLAG:-1}"

# moto, from PyPI, in the repository's venv (gitignored), as scripts/test-all.sh.
if [ ! -x "$root/.venv/bin/moto_server" ]; then
    echo "== installing moto into .venv (once)"
    python3 -m venv "$root/.venv"
    "$root/.venv/bin/pip" install -q "moto==5.2.5" "flask==3.1.2" "flask-cors==6.0.1"
fi
if [ -z "${JUMPGATE:-}" ]; then
    echo "== building jumpgate (cargo build --release -p jumpgate-cli)"
    (cd "$root" && cargo build --quiet --release -p jumpgate-cli)
    JUMPGATE="$root/target/release/jumpgate"
fi
[ -x "$JUMPGATE" ] || { echo "error: no jumpgate binary at \`$JUMPGATE\`" >&2; exit 1; }

work="$(mktemp -d)"
moto_pid=""
proxy_pid=""
stop() {
    local pid="$1"
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
cleanup() {
    local code=$?
    if [ "$code" != 0 ]; then
        for log in moto proxy; do
            if [ -s "$work/$log.log" ]; then
                echo "$log's log (the last 20 lines):" >&2
                tail -n 20 "$work/$log.log" >&2
            fi
        done
    fi
    stop "$proxy_pid"
    stop "$moto_pid"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Nothing of the user's own AWS set-up: no profile, no files, no instance metadata.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
seed="$root/examples/landing-zone.toml"
management="$(python3 - "$seed" <<'EOF'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    layout = tomllib.load(f)
name = layout["organization"]["management_account"]
print(next(a["id"] for a in layout["account"] if a["name"] == name))
EOF
)"

# moto (with the AWS managed policies the seed's roles attach) and the proxy in front of it.
: >"$work/moto.log"
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$root/.venv/bin/moto_server" -H 127.0.0.1 -p 0 >"$work/moto.log" 2>&1 &
moto_pid=$!
moto_port=""
for _ in $(seq 1 100); do
    moto_port="$(sed -n 's|.*Running on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/moto.log" | head -n 1)"
    if [ -n "$moto_port" ] && curl -fsS -o /dev/null "http://127.0.0.1:$moto_port/moto-api/"; then
        break
    fi
    moto_port=""
    sleep 0.1
done
[ -n "$moto_port" ] || { echo "error: moto did not start" >&2; exit 1; }
moto="http://127.0.0.1:$moto_port"
python3 "$root/scripts/latency_proxy.py" --upstream "$moto" --delay-ms "$delay_ms" \
    --port-file "$work/proxy.port" >"$work/proxy.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 100); do
    [ -s "$work/proxy.port" ] && break
    sleep 0.1
done
[ -s "$work/proxy.port" ] || { echo "error: the latency proxy did not start" >&2; exit 1; }
endpoint="http://127.0.0.1:$(cat "$work/proxy.port")"
echo "== moto $moto_pid at $moto, behind the latency proxy $proxy_pid at $endpoint ($delay_ms ms a request)"

requests() {
    curl -fsS "$endpoint/__proxy/stats" | sed -n 's/.*"requests": \([0-9]*\).*/\1/p'
}

# An empty moto with an organization of the management account alone, credentials there
# (exported), and the layout of `$1` accounts for it at `$2`.
fresh_organization() {
    local accounts="$1" layout="$2"
    curl -fsS -X POST -o /dev/null "$moto/moto-api/reset"
    local key="" secret="" token="" organization=""
    read -r key secret token organization < <(
        AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN= \
            "$root/.venv/bin/python" - "$moto" "$management" <<'EOF'
import sys, boto3
endpoint, management = sys.argv[1], sys.argv[2]
sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1")
c = sts.assume_role(RoleArn=f"arn:aws:iam::{management}:role/OrganizationAccountAccessRole",
                    RoleSessionName="bench-scale")["Credentials"]
org = boto3.client("organizations", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                   aws_session_token=c["SessionToken"])
organization = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
print(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"], organization)
EOF
    )
    [ -n "$organization" ] || { echo "error: no organization on moto" >&2; exit 1; }
    export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token"
    python3 - "$seed" "$accounts" "$organization" >"$layout" <<'EOF'
import re, sys, tomllib
seed, count, organization = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(seed).read()
layout = tomllib.loads(text)
management = layout["organization"]["management_account"]
keep = next(a["id"] for a in layout["account"] if a["name"] == management)
out = []
for line in text.splitlines():
    # Member accounts lose their ids (created by email); the log bucket gets its default name,
    # `<organization>-logs-<LOG id>`, once LOG exists.
    if re.fullmatch(r'id = "\d{12}"', line) and line != f'id = "{keep}"':
        continue
    if line.startswith("log_bucket = "):
        continue
    out.append(line)
    if line == "[organization]":
        out.append(f'id = "{organization}"')
extra = count - len(layout["account"])
names = [f"ACCT{i:03}" for i in range(1, extra + 1)]
for number, name in enumerate(names):
    ou, purpose = (
        ("Workloads/NonProduction", "development")
        if number % 2 == 0
        else ("Workloads/Production", "production")
    )
    out += [
        "",
        "[[account]]",
        f'name = "{name}"',
        f'email = "aws+{name.lower()}@example.com"',
        f'ou = "{ou}"',
        f'purpose = "{purpose}"',
    ]
# A team of ten accounts a group (a group's switch-role policy names each role's ARN, and IAM
# holds 5,120 characters of a group's inline policies): `admin` in its development accounts,
# `read-only` in its production ones.
for team in range(0, len(names), 10):
    group = f"team{team // 10 + 1:02}"
    members = names[team : team + 10]
    out += ["", "[[group]]", f'name = "{group}"']
    for role, accounts in (("admin", members[0::2]), ("read-only", members[1::2])):
        if accounts:
            listed = ", ".join(f'"{name}"' for name in accounts)
            out += ["", "[[grant]]", f'group = "{group}"', f'role = "{role}"', f"accounts = [{listed}]"]
print("\n".join(out))
tomllib.loads("\n".join(out))  # still TOML
EOF
}

# Runs `jumpgate $@` through the proxy, timed; the exit code must be one of `$expected` (space
# separated). Sets `seconds` and `calls`.
expected=""
timed() {
    local before after start end code=0
    before="$(requests)"
    start="$(date +%s.%N)"
    "$JUMPGATE" "$@" --endpoint-url "$endpoint" >"$work/out" 2>&1 || code=$?
    end="$(date +%s.%N)"
    after="$(requests)"
    if [[ " $expected " != *" $code "* ]]; then
        echo "error: \`jumpgate $*\` exited $code (expected $expected); its output ends:" >&2
        tail -n 30 "$work/out" >&2
        exit 1
    fi
    seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
    calls=$((after - before))
}

# One row of the table: command, accounts, then per column (1, default) seconds and requests.
rows="$work/rows"
: >"$rows"
row() {
    echo "$*" >>"$rows"
}

parallelism_args() {
    if [ "$1" = 1 ] && [ "$flag" != 0 ]; then
        echo "--parallelism 1"
    fi
}

for accounts in "${sizes[@]}"; do
    partial=0
    [ "$quick" = 1 ] && [ "$accounts" -gt 100 ] && partial=1
    declare -A seconds_of=() calls_of=()
    # The default first: with --quick its apply alone makes the organization the plans read.
    for parallelism in default 1; do
        if [ "$partial" = 1 ] && [ "$parallelism" = 1 ]; then
            break
        fi
        layout="$work/layout-$accounts-$parallelism.toml"
        fresh_organization "$accounts" "$layout"
        # shellcheck disable=SC2046 # the flag is two words or none
        args=($(parallelism_args "$parallelism"))
        echo "== $accounts accounts, parallelism $parallelism${args[*]:+ (${args[*]})}: apply"
        expected="0"
        timed apply "$layout" --yes --credentials-dir "$work/credentials-$parallelism" "${args[@]}"
        seconds_of[apply,$parallelism]="$seconds" calls_of[apply,$parallelism]="$calls"
        created="$(grep -c '^id = "[0-9]\{12\}"' "$layout" || true)"
        if [ "$created" != "$accounts" ]; then
            echo "error: after the apply, $created of $accounts accounts have an id in the layout" >&2
            exit 1
        fi
        for p in default 1; do
            [ "$partial" = 1 ] || [ "$p" = "$parallelism" ] || continue
            # shellcheck disable=SC2046
            plan_args=($(parallelism_args "$p"))
            echo "== $accounts accounts, parallelism $p: no-op plan"
            expected="0"
            timed plan "$layout" "${plan_args[@]}"
            seconds_of[plan,$p]="$seconds" calls_of[plan,$p]="$calls"
            [ "$partial" = 1 ] && continue
            echo "== $accounts accounts, parallelism $p: audit"
            expected="0 1"
            timed audit "$layout" "${plan_args[@]}"
            seconds_of[audit,$p]="$seconds" calls_of[audit,$p]="$calls"
        done
    done
    for command in apply plan audit; do
        row "$accounts" "$command" \
            "${seconds_of[$command,1]:--}" "${calls_of[$command,1]:--}" \
            "${seconds_of[$command,default]:--}" "${calls_of[$command,default]:--}"
    done
    unset seconds_of calls_of
done

echo
echo "jumpgate behind a ${delay_ms} ms proxy in front of moto; wall time (s), requests, requests per account"
if [ "$flag" = 0 ]; then
    echo "(PARALLELISM_FLAG=0: no --parallelism passed, both columns run the same commands)"
fi
awk -v names="no-op plan" '
BEGIN {
    printf "%-8s %-10s | %8s %8s %8s | %8s %8s %8s | %9s\n", "accounts", "command",
        "p=1 s", "requests", "per acct", "dflt s", "requests", "per acct", "default/1"
    print "---------------------+----------------------------+----------------------------+----------"
}
function per(calls, accounts) { return calls == "-" ? "-" : sprintf("%.1f", calls / accounts) }
{
    command = $2 == "plan" ? names : $2
    ratio = ($3 == "-" || $5 == "-" || $3 == 0) ? "-" : sprintf("%.2f", $5 / $3)
    printf "%-8s %-10s | %8s %8s %8s | %8s %8s %8s | %9s\n", $1, command, $3, $4, per($4, $1),
        $5, $6, per($6, $1), ratio
}' "$rows"
if [ "$quick" = 1 ]; then
    echo "(--quick: above 100 accounts only the no-op plans are compared)"
fi
