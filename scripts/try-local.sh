#!/usr/bin/env bash
# A local sandbox: plan → apply → plan → audit of a layout (default: the seed,
# examples/landing-zone.toml) against a moto server on loopback, never against AWS.
#
#   scripts/try-local.sh [LAYOUT.toml]
#
# Starts moto on 127.0.0.1 (a free port), takes session credentials in the layout's management
# account there (moto issues them for any account id), runs the four commands on a copy of the
# layout, prints what they print against AWS, and stops moto. Your own AWS configuration and
# credentials are never read: every command gets `--endpoint-url` and empty AWS files.
# JUMPGATE=PATH runs that jumpgate binary instead of building one (`cargo build --bin jumpgate`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
layout="${1:-$root/examples/landing-zone.toml}"
if [ ! -f "$layout" ]; then
    echo "error: no layout file \`$layout\`" >&2
    exit 2
fi

# moto and the AWS CLI, from PyPI, in the repository's venv (gitignored), as scripts/test-all.sh.
if [ ! -x "$root/.venv/bin/moto_server" ] || [ ! -x "$root/.venv/bin/aws" ]; then
    echo "== installing moto and the AWS CLI into .venv (once)"
    python3 -m venv "$root/.venv"
    "$root/.venv/bin/pip" install -q "awscli==1.46.3" "moto==5.2.5" "flask==3.1.2" "flask-cors==6.0.1"
fi

if [ -z "${JUMPGATE:-}" ]; then
    echo "== building jumpgate (cargo build --bin jumpgate)"
    (cd "$root" && cargo build --quiet --bin jumpgate)
    JUMPGATE="$root/target/debug/jumpgate"
fi

work="$(mktemp -d)"
moto_pid=""
cleanup() {
    local code=$?
    if [ "$code" != 0 ] && [ -s "$work/moto.log" ]; then
        echo "moto's log (the last 40 lines):" >&2
        tail -n 40 "$work/moto.log" >&2
    fi
    if [ -n "$moto_pid" ]; then
        kill "$moto_pid" 2>/dev/null || true
        wait "$moto_pid" 2>/dev/null || true
        echo "== moto server $moto_pid stopped"
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Nothing of the user's own AWS set-up, for moto (botocore) and the commands alike: no profile,
# no files, no instance metadata.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1

# The layout's management account id (`[organization] management_account` names the account).
management="$(python3 - "$layout" <<'EOF'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    layout = tomllib.load(f)
name = layout["organization"]["management_account"]
ids = [a.get("id") for a in layout.get("account", []) if a.get("name") == name]
if not ids or not ids[0]:
    sys.exit(f"error: the management account `{name}` has no id in the layout")
print(ids[0])
EOF
)"

: >"$work/moto.log" # there before the server writes it, for the loop below to read
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$root/.venv/bin/moto_server" -H 127.0.0.1 -p 0 >"$work/moto.log" 2>&1 &
moto_pid=$!
port=""
for _ in $(seq 1 100); do
    port="$(sed -n 's|.*Running on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/moto.log" | head -n 1)"
    if [ -n "$port" ] && curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/"; then
        break
    fi
    port=""
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "error: moto did not start:" >&2
    cat "$work/moto.log" >&2
    exit 1
fi
endpoint="http://127.0.0.1:$port"
echo "== moto server $moto_pid at $endpoint (a local stand-in for AWS; nothing leaves this machine)"

read -r key secret token < <("$root/.venv/bin/aws" --endpoint-url "$endpoint" sts assume-role \
    --role-arn "arn:aws:iam::$management:role/OrganizationAccountAccessRole" \
    --role-session-name jumpgate-sandbox \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token"
echo "== acting as the management account $management"

cp "$layout" "$work/layout.toml"
step() {
    local expected="$1"
    shift
    echo
    echo "== jumpgate $1 $(basename "$layout")"
    local code=0
    "$JUMPGATE" "$@" --endpoint-url "$endpoint" || code=$?
    if [ "$code" != "$expected" ]; then
        echo "error: \`jumpgate $1\` exited $code, expected $expected" >&2
        exit 1
    fi
}
step 2 plan "$work/layout.toml"           # 2: changes to make
# Initial console passwords go to the sandbox's own directory (removed with it), not to
# ~/.local/state/jumpgate/credentials where passwords of real accounts would go.
step 0 apply "$work/layout.toml" --yes --credentials-dir "$work/credentials"    # makes exactly the plan shown
step 0 plan "$work/layout.toml"           # 0: AWS matches the layout
audit=0
echo
echo "== jumpgate audit $(basename "$layout")"
"$JUMPGATE" audit "$work/layout.toml" --endpoint-url "$endpoint" || audit=$?
if [ "$audit" = 1 ]; then
    echo "(root MFA cannot be enabled through any API, and a new user enrols MFA at the first"
    echo " sign-in: those stay \`missing\` until done by hand)"
elif [ "$audit" != 0 ]; then
    echo "error: \`jumpgate audit\` exited $audit" >&2
    exit 1
fi
echo
echo "== sandbox done: the same commands, without --endpoint-url and with the management"
echo "   account's credentials, run against AWS"
