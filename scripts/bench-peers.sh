#!/usr/bin/env bash
# Compares jumpgate's policy linter with the peer tool parliament (duo-labs, PyPI `parliament`
# 1.6.4) and with a bare JSON parse, on the AWS managed-policy corpus, in one run: the whole
# `jumpgate lint` process over the corpus as files, and the validator alone in process.
#
#   scripts/bench-peers.sh
#
# Steps:
#   1. create or reuse the venv target/bench-venv and install parliament==1.6.4 into it
#      (skipped when already installed);
#   2. scripts/bench_parliament.py: import parliament once (timed apart), one in-process pass
#      of parliament.analyze_policy_string over every corpus document (wall time), findings and
#      crashes counted, json.loads over the same texts for reference;
#   3. right after it, scripts/bench_lint_process.py: every corpus document written to its own
#      file, then the whole process `jumpgate lint --aws-managed FILES...` (a release build of
#      `jumpgate-cli` without the AWS parts), with `--jobs 1` and with the default (one thread
#      per CPU), alternating, the median of 21 runs each (wall time: start, reads, lint, output);
#   4. `cargo bench -p iam-policy --bench corpus`: jumpgate's `validate_text (lint)` and the
#      `serde_json::from_str::<Value>` baseline, each the median of 21 corpus passes;
#   5. a final table with the ratios parliament / the `jumpgate lint` process (target >= 100x),
#      parliament / jumpgate's validator in process, and validator / serde_json Value
#      (target <= 3x).
#
# It is a report: it exits 0 whether or not the targets are met, non-zero if a step fails.
# Set PARLIAMENT_ROUNDS=N (default 1) to take the median of N parliament corpus passes,
# LINT_ROUNDS=N (default 21) for the runs of the `jumpgate lint` process.
# All output, temporary files included, stays under target/bench-peers/ (and target/bench-venv/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CORPUS="iam-policy/data/managed-policies.tsv"
VENV="target/bench-venv"
OUT="target/bench-peers"
PARLIAMENT_VERSION="1.6.4"
PARLIAMENT_ROUNDS="${PARLIAMENT_ROUNDS:-1}"
LINT_ROUNDS="${LINT_ROUNDS:-21}"

mkdir -p "$OUT/tmp"
export TMPDIR="$ROOT/$OUT/tmp"
[[ -f "$CORPUS" ]] || { echo "error: corpus not found: $CORPUS" >&2; exit 1; }

step() { printf '\n== %s\n' "$*"; }

# 1. The venv with parliament.
step "1/5 parliament $PARLIAMENT_VERSION in $VENV"
PY="$VENV/bin/python"
has_parliament() {
    [[ -x "$PY" ]] && "$PY" - "$PARLIAMENT_VERSION" <<'EOF' 2>/dev/null
import importlib.metadata, sys
sys.exit(importlib.metadata.version("parliament") != sys.argv[1])
EOF
}
if has_parliament; then
    echo "already installed"
else
    python3 -m venv "$VENV"
    "$PY" -m pip install --quiet --disable-pip-version-check "parliament==$PARLIAMENT_VERSION"
    has_parliament || { echo "error: parliament==$PARLIAMENT_VERSION not installed in $VENV" >&2; exit 1; }
    echo "installed"
fi
# parliament needs pkg_resources (setuptools), which newer Pythons' venvs no longer bundle.
if ! "$PY" -c 'import pkg_resources' >/dev/null 2>&1; then
    "$PY" -m pip install --quiet --disable-pip-version-check 'setuptools<81'
fi

# The release build of the command line timed in step 3, built before anything is timed.
cargo build --release --quiet -p jumpgate-cli --no-default-features

# 2. parliament, in process.
step "2/5 parliament over $CORPUS"
"$PY" scripts/bench_parliament.py "$CORPUS" --rounds "$PARLIAMENT_ROUNDS" \
    --json-out "$OUT/parliament.json" | tee "$OUT/parliament.txt"

# 3. The whole `jumpgate lint` process over the same documents, as files, right after.
step "3/5 jumpgate lint over $CORPUS, one file per policy"
"$PY" scripts/bench_lint_process.py "$CORPUS" --jumpgate target/release/jumpgate \
    --dir "$OUT/corpus" --rounds "$LINT_ROUNDS" --json-out "$OUT/lint-process.json" \
    | tee "$OUT/lint-process.txt"

# 4. jumpgate's validator in process, with the existing Rust bench.
step "4/5 cargo bench -p iam-policy --bench corpus"
cargo bench -p iam-policy --bench corpus | tee "$OUT/cargo-bench.txt"

# The time (in ms) of the case named $1 in the bench output.
bench_ms() {
    local value
    value="$(awk -v name="$1" '
        index($0, name) == 1 && match($0, /[0-9]+(\.[0-9]+)?ms/) {
            print substr($0, RSTART, RLENGTH - 2); exit
        }' "$OUT/cargo-bench.txt")"
    [[ -n "$value" ]] || { echo "error: no '$1' line in $OUT/cargo-bench.txt" >&2; return 1; }
    echo "$value"
}
LINT_MS="$(bench_ms 'validate_text (lint)')"
VALUE_MS="$(bench_ms 'serde_json::from_str::<Value>')"

# 5. The table.
step "5/5 summary"
FIGURES="$("$PY" - "$OUT/parliament.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(s["import_s"] * 1e3, s["corpus_s"] * 1e3, s["documents"], s["findings"], s["crashes"],
      s["json_loads_s"] * 1e3, s["corpus_rounds"])
EOF
)"
read -r P_IMPORT_MS P_CORPUS_MS P_DOCS P_FINDINGS P_CRASHES JSON_MS P_ROUNDS <<<"$FIGURES"
PROCESS="$("$PY" - "$OUT/lint-process.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(s["jobs_1_s"] * 1e3, s["default_s"] * 1e3, s["rounds"], s["cpus"], s["documents"])
EOF
)"
read -r PROC_1_MS PROC_MS PROC_ROUNDS CPUS PROC_DOCS <<<"$PROCESS"
CRASHED="$("$PY" -c 'import json, sys; print(", ".join(c["name"] for c in json.load(open(sys.argv[1]))["crashed"]) or "none")' "$OUT/parliament.json")"

awk -v p_import="$P_IMPORT_MS" -v p_corpus="$P_CORPUS_MS" -v docs="$P_DOCS" \
    -v findings="$P_FINDINGS" -v crashes="$P_CRASHES" -v crashed="$CRASHED" \
    -v json_ms="$JSON_MS" -v lint="$LINT_MS" -v value="$VALUE_MS" -v rounds="$P_ROUNDS" \
    -v proc1="$PROC_1_MS" -v proc="$PROC_MS" -v proc_rounds="$PROC_ROUNDS" -v cpus="$CPUS" \
    -v proc_docs="$PROC_DOCS" 'BEGIN {
    passes = rounds > 1 ? "median of " rounds " passes" : "1 pass"
    printf "corpus: %d documents, one pass each\n\n", docs
    printf "%-44s %12s\n", "measure", "time"
    printf "%-44s %10.1fms  (once, not in the pass)\n", "parliament 1.6.4 import", p_import
    printf "%-44s %10.1fms  (%s)\n", "parliament 1.6.4 corpus pass", p_corpus, passes
    printf "%-44s %10.1fms  (median of %d, %d files)\n", "jumpgate lint process, default (" cpus " CPUs)", proc, proc_rounds, proc_docs
    printf "%-44s %10.1fms  (median of %d, %d files)\n", "jumpgate lint process, --jobs 1", proc1, proc_rounds, proc_docs
    printf "%-44s %10.2fms  (median of 21)\n", "jumpgate validate_text (lint)", lint
    printf "%-44s %10.2fms  (median of 21)\n", "serde_json::from_str::<Value>", value
    printf "%-44s %10.2fms  (median of 21, reference)\n", "python json.loads", json_ms
    printf "\nparliament findings: %d; crashes: %d (%s)\n\n", findings, crashes, crashed
    r0 = p_corpus / proc; r1 = p_corpus / lint; r2 = lint / value
    printf "%-44s %9.1fx  target >= 100x: %s\n", "parliament / jumpgate lint process", r0, (r0 >= 100 ? "met" : "NOT met")
    printf "%-44s %9.1fx\n", "parliament / jumpgate lint process, --jobs 1", p_corpus / proc1
    printf "%-44s %9.1fx\n", "parliament / jumpgate validate_text", r1
    printf "%-44s %9.2fx  target <= 3x:   %s\n", "jumpgate lint / serde_json Value", r2, (r2 <= 3 ? "met" : "NOT met")
    printf "%-44s %9.1fx  (import included)\n", "(parliament + import) / jumpgate lint", (p_corpus + p_import) / lint
}' | tee "$OUT/summary.txt"
printf '\nraw output: %s/{parliament.json,parliament.txt,lint-process.json,lint-process.txt,cargo-bench.txt,summary.txt}\n' "$OUT"
