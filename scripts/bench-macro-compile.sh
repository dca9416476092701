#!/usr/bin/env bash
# Measures the compile-time cost of `policy!`: a crate with 200 invocations against the same
# crate with 200 runtime `Policy::from_json` calls of the same JSON, clean (the crate only; its
# dependencies are built first) and incremental (after touching the source). Prints per-invocation
# figures. Usage: scripts/bench-macro-compile.sh [COUNT]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-200}"
work="$root/target/macro-compile-bench"
mkdir -p "$work"

write_crate() { # name, body generator
  local name="$1" kind="$2" dir="$work/$1"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
iam-policy = { path = "$root/iam-policy" }
iam-policy-macros = { path = "$root/iam-policy-macros" }

[profile.dev]
debug = 0

[workspace]
TOML
  {
    echo "use iam_policy::Policy;"
    echo "#[allow(unused_imports)] use iam_policy_macros::policy;"
    echo "fn main() {"
    echo "    let mut policies: Vec<Policy> = Vec::new();"
    for i in $(seq 1 "$count"); do
      local json="{ \"Version\": \"2012-10-17\", \"Statement\": [ { \"Sid\": \"Read$i\", \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:ListBucket\"], \"Resource\": [\"arn:aws:s3:::bucket-$i\", \"arn:aws:s3:::bucket-$i/*\"], \"Condition\": { \"Bool\": { \"aws:SecureTransport\": \"true\" } } } ] }"
      if [ "$kind" = macro ]; then
        echo "    policies.push(policy!($json));"
      else
        local escaped="${json//\"/\\\"}"
        echo "    policies.push(Policy::from_json(\"$escaped\").expect(\"valid\"));"
      fi
    done
    echo "    println!(\"{}\", policies.len());"
    echo "}"
  } > "$dir/src/main.rs"
}

seconds() { # dir -> build time of the crate itself, in seconds
  local start end
  start=$(date +%s.%N)
  (cd "$1" && CARGO_TARGET_DIR="$work/target" cargo build --quiet)
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

write_crate macro_invocations macro
write_crate runtime_parsing runtime
# Build the dependencies once, so that the figures are the crates' own compile times.
(cd "$work/runtime_parsing" && CARGO_TARGET_DIR="$work/target" cargo build --quiet)
(cd "$work/macro_invocations" && CARGO_TARGET_DIR="$work/target" cargo build --quiet)

declare -A clean incremental
for name in macro_invocations runtime_parsing; do
  (cd "$work/$name" && CARGO_TARGET_DIR="$work/target" cargo clean --quiet -p "$name")
  clean[$name]=$(seconds "$work/$name")
  touch "$work/$name/src/main.rs"
  incremental[$name]=$(seconds "$work/$name")
done

per() { echo "scale=2; ($1 - $2) * 1000 / $count" | bc -l; }
printf '%-22s %10s %14s\n' "crate ($count policies)" "clean (s)" "incremental (s)"
for name in macro_invocations runtime_parsing; do
  printf '%-22s %10.2f %14.2f\n' "$name" "${clean[$name]}" "${incremental[$name]}"
done
echo "policy! cost per invocation: clean $(per "${clean[macro_invocations]}" "${clean[runtime_parsing]}") ms, incremental $(per "${incremental[macro_invocations]}" "${incremental[runtime_parsing]}") ms (budget: 5 ms)"
