#!/usr/bin/env bash
# Runs every test of the workspace. Installs and starts what the tests need first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The real AWS CLI, from PyPI, in a local venv (gitignored): `org-model/tests/seed_layout.rs`
# runs it on every rendered `aws-config/<user>.config`, and fails without it.
if [ ! -x .venv/bin/aws ]; then
    python3 -m venv .venv
    .venv/bin/pip install -q "awscli==1.46.3"
fi
export JUMPGATE_AWS_CLI="$PWD/.venv/bin/aws"

# moto, from PyPI, in the same venv: the AWS adapter tests (`aws-adapter/tests/moto.rs`) run
# against ONE moto server on loopback for the whole run, and fail without it.
if [ ! -x .venv/bin/moto_server ]; then
    .venv/bin/pip install -q "moto==5.2.5" "flask==3.1.2" "flask-cors==6.0.1"
fi
moto_log="$(mktemp)"
# No `cd` and an absolute path: `$!` is then the server itself, not a subshell.
# AWS managed policies (AdministratorAccess, ...) exist in moto only when it loads them, which
# costs about a second per account the tests touch; the seed attaches them, so load them.
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$PWD/.venv/bin/moto_server" -H 127.0.0.1 -p 0 >"$moto_log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; rm -f "$moto_log"' EXIT
moto_port=""
for _ in $(seq 1 100); do
    moto_port="$(sed -n 's|.*Running on http://127.0.0.1:\([0-9]*\).*|\1|p' "$moto_log" | head -n 1)"
    if [ -n "$moto_port" ] && curl -fsS -o /dev/null "http://127.0.0.1:$moto_port/moto-api/"; then
        break
    fi
    moto_port=""
    sleep 0.1
done
if [ -z "$moto_port" ]; then
    echo "moto did not start:" >&2
    cat "$moto_log" >&2
    exit 1
fi
export MOTO_ENDPOINT="http://127.0.0.1:$moto_port"
echo "moto server $moto_pid at $MOTO_ENDPOINT"

cargo test --workspace --all-features --lib --bins --tests --examples
cargo test --workspace --all-features --doc
# The command line without its default feature `aws`: asked for plan, apply or audit, it names
# the feature and package that bring them.
cargo test -p jumpgate-cli --no-default-features --bins --test cli_features
