#!/usr/bin/env bash
# Runs every test of the workspace. Installs and starts what the tests need first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cargo test --workspace --all-features --lib --bins --tests --examples
cargo test --workspace --all-features --doc
