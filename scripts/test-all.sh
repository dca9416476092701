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

cargo test --workspace --all-features --lib --bins --tests --examples
cargo test --workspace --all-features --doc
