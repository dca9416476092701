#!/usr/bin/env bash
# Compares `jumpgate eval` with the TypeScript peer evaluator @cloud-copilot/iam-simulate (npm,
# pinned 0.1.173, AGPL: run as a black box, never a dependency) on the same request files, in
# one run, and reports decisions side by side and the speed ratio.
#
#   scripts/bench-eval.sh [N]          # N request files (default 5000)
#
# Steps:
#   1. generate N request files into a temp dir under target/bench-eval/: the evaluator's cases
#      (iam-policy/tests/eval_cases/*.json, each with its "expected" decision and rule tags),
#      cycled, as case-NNNNN-ID.json;
#   2. install the peer into target/bench-eval/peer (npm; skipped when present) with the runner
#      run.mjs from PEER_TOOL_DIR (default: shared/tools/iam-simulate beside the checkout);
#   3. run the peer on the distinct cases (accuracy against "expected", which side is right per
#      the cited page) and on the N files: its warm in-process rate (REPS repetitions);
#   4. `jumpgate eval --format json` over the N files in one process (release build), wall time,
#      and its accuracy against "expected";
#   5. `cargo bench -p iam-policy --bench eval`: the library's requests per second on one core;
#   6. the ratios: jumpgate CLI files/s ÷ peer warm requests/s (target >= 50x) and library
#      requests/s (target >= 100,000/s).
#
# It is a report: it exits 0 whether or not the targets are met, non-zero if a step fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

N="${1:-5000}"
REPS="${REPS:-20}"
OUT="target/bench-eval"
PEER="$OUT/peer"
PEER_VERSION="0.1.173"
if [[ -z "${PEER_TOOL_DIR:-}" ]]; then
    # The checkout's sibling shared/ (a worktree sits one level deeper).
    for candidate in "$ROOT/../shared" "$ROOT/../../shared"; do
        [[ -f "$candidate/tools/iam-simulate/run.mjs" ]] && PEER_TOOL_DIR="$candidate/tools/iam-simulate" && break
    done
fi
PEER_TOOL_DIR="${PEER_TOOL_DIR:-$ROOT/../shared/tools/iam-simulate}"
mkdir -p "$OUT"
FILES="$(mktemp -d "$ROOT/$OUT/files.XXXXXX")"
CASES="$(mktemp -d "$ROOT/$OUT/cases.XXXXXX")"
trap 'rm -rf "$FILES" "$CASES"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "1/6 $N request files in $FILES"
python3 - "$FILES" "$CASES" "$N" iam-policy/tests/eval_cases/*.json <<'EOF'
import json, sys
files, cases_dir, n, sources = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
cases = [case for source in sources for case in json.load(open(source))]
for case in cases:
    json.dump(case, open(f"{cases_dir}/case-{case['id']}.json", "w"))
for index in range(n):
    case = cases[index % len(cases)]
    json.dump(case, open(f"{files}/case-{index:05d}-{case['id']}.json", "w"))
print(f"{len(cases)} distinct cases, {n} files")
EOF

step "2/6 peer @cloud-copilot/iam-simulate@$PEER_VERSION in $PEER"
mkdir -p "$PEER"
if [[ ! -f "$PEER/node_modules/@cloud-copilot/iam-simulate/package.json" ]]; then
    (cd "$PEER" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund "@cloud-copilot/iam-simulate@$PEER_VERSION")
fi
[[ -f "$PEER_TOOL_DIR/run.mjs" ]] || { echo "error: $PEER_TOOL_DIR/run.mjs not found (set PEER_TOOL_DIR)" >&2; exit 1; }
cp "$PEER_TOOL_DIR/run.mjs" "$PEER/run.mjs"

step "3/6 peer on the distinct cases (accuracy) and on the $N files (warm rate, $REPS reps)"
(cd "$PEER" && node run.mjs "$CASES" 1) > "$OUT/peer-cases.txt"
sed -n '1,4p' "$OUT/peer-cases.txt"
sed -n '/-- wrong (non-error)/,/-- supplemental/p' "$OUT/peer-cases.txt" | sed '$d'
cp "$PEER/results.json" "$OUT/peer-results.json"
(cd "$PEER" && node run.mjs "$FILES" "$REPS") > "$OUT/peer-files.txt"
PEER_RATE="$(sed -n 's/^warm: .* -> \([0-9]*\) cases\/s.*/\1/p' "$OUT/peer-files.txt")"
echo "peer warm rate: $PEER_RATE requests/s"

step "4/6 jumpgate eval --format json over the $N files (one process)"
cargo build --release --quiet --bin jumpgate
# Best of 3 runs (the machine may be shared): wall time, and the CPU time (user + system) of the
# process, which contention does not inflate.
read -r ELAPSED_MS CPU_MS < <(python3 - "$FILES" "$OUT/jumpgate.jsonl" <<'EOF'
import glob, resource, subprocess, sys, time
files = sorted(glob.glob(sys.argv[1] + "/case-*.json"))
best = None
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(sys.argv[2], "w") as out:
        status = subprocess.run(["./target/release/jumpgate", "eval", "--format", "json", *files], stdout=out).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if status > 1:
        sys.exit(f"jumpgate eval exited {status}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    best = (wall, cpu) if best is None or wall < best[0] else best
print(int(best[0] * 1000), int(best[1] * 1000))
EOF
)
python3 - "$OUT/jumpgate.jsonl" <<'EOF'
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1])]
wrong = []
for line in lines:
    case = json.load(open(line["file"]))
    if line["decision"] != case["expected"]:
        wrong.append(f"{case['id']}: {line['decision']} vs {case['expected']}")
print(f"jumpgate: {len(lines)} files, {len(lines) - len(wrong)} as expected")
for item in sorted(set(wrong)):
    print("  wrong:", item)
EOF
CLI_RATE=$(( N * 1000 / (ELAPSED_MS > 0 ? ELAPSED_MS : 1) ))
CPU_RATE=$(( N * 1000 / (CPU_MS > 0 ? CPU_MS : 1) ))
echo "jumpgate eval: $N files in $ELAPSED_MS ms wall ($CLI_RATE files/s), $CPU_MS ms CPU ($CPU_RATE files per CPU-second)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

step "5/6 cargo bench -p iam-policy --bench eval"
cargo bench -p iam-policy --bench eval 2>/dev/null | tee "$OUT/bench.txt"
LIB_RATE="$(sed -n 's/^evaluate .*: \([0-9]*\) requests\/s.*/\1/p' "$OUT/bench.txt")"

step "6/6 ratios"
python3 - "$PEER_RATE" "$CLI_RATE" "$LIB_RATE" "$CPU_RATE" <<'EOF'
import sys
peer, cli, lib, cpu = (float(x) for x in sys.argv[1:])
print(f"peer (iam-simulate, warm, in process): {peer:,.0f} requests/s")
print(f"jumpgate eval CLI (files read, parsed, evaluated, printed): {cli:,.0f} files/s = {cli / peer:.0f}x the peer (target >= 50x)")
print(f"  per CPU-second: {cpu:,.0f} files = {cpu / peer:.0f}x the peer's rate")
print(f"iam_policy::eval library (one core): {lib:,.0f} requests/s = {lib / peer:.0f}x the peer (target >= 100,000/s)")
EOF
