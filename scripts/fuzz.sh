#!/usr/bin/env bash
# Fuzzes the parsers, the validator and the layout pipeline with cargo-fuzz (libFuzzer) on the
# nightly toolchain. Installs what it needs first: nightly (rustup) and cargo-fuzz (pinned, in
# fuzz/.tools, gitignored).
#
#   scripts/fuzz.sh                          every target, 45 s each (what .ci/run runs)
#   scripts/fuzz.sh --time 600 layout        one target for 10 minutes
#   scripts/fuzz.sh --time 60 -- -seed=1     extra libFuzzer flags after `--`
#   scripts/fuzz.sh --build-only             build the targets and stop
#   scripts/fuzz.sh --minimize               shrink each fuzz/corpus/TARGET to the inputs that
#                                            add coverage (it only grows while fuzzing)
#
# Targets: policy_parse, policy_round_trip, policy_validate, layout (fuzz/fuzz_targets/).
# Each run adds what it finds to fuzz/corpus/TARGET (gitignored) and starts from it next time,
# plus the seeds this script builds into fuzz/seeds-generated from the repository's own test
# data. Exits 1 when any target crashes, panics, times out (10 s for one input) or runs out of
# memory (a stack overflow included); the input is then in fuzz/artifacts/TARGET/, the whole
# libFuzzer output in fuzz/logs/TARGET.log, and
#   cargo +nightly fuzz run --fuzz-dir fuzz --sanitizer none --debug-assertions TARGET FILE
# replays it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CARGO_FUZZ_VERSION=0.13.2
ALL_TARGETS=(policy_parse policy_round_trip policy_validate layout)
# Longer inputs are skipped as seeds and never generated: 16 KiB holds every policy under IAM's
# quotas and all but 22 of the 1,594 AWS managed policies.
MAX_LEN=16384

seconds=45
build_only=false
minimize=false
targets=()
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --time)
            seconds="$2"
            shift 2
            ;;
        --build-only)
            build_only=true
            shift
            ;;
        --minimize)
            minimize=true
            shift
            ;;
        --)
            shift
            extra=("$@")
            break
            ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        -*)
            echo "unknown option \`$1\` (see --help)" >&2
            exit 2
            ;;
        *)
            if [[ ! " ${ALL_TARGETS[*]} " == *" $1 "* ]]; then
                echo "unknown target \`$1\`; targets: ${ALL_TARGETS[*]}" >&2
                exit 2
            fi
            targets+=("$1")
            shift
            ;;
    esac
done
if [ ${#targets[@]} -eq 0 ]; then
    targets=("${ALL_TARGETS[@]}")
fi

# The nightly toolchain: libFuzzer's coverage instrumentation needs it.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi

# cargo-fuzz, pinned, in a project-local root.
tools="$PWD/fuzz/.tools"
if [ "$("$tools/bin/cargo-fuzz" --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    cargo install --locked --root "$tools" --version "$CARGO_FUZZ_VERSION" cargo-fuzz
fi
export PATH="$tools/bin:$PATH"

# No sanitizer: the crates have no `unsafe` code, so AddressSanitizer would only slow every
# execution down. Debug assertions instead: integer overflow and `debug_assert!` panic.
fuzz_flags=(--fuzz-dir fuzz --sanitizer none --debug-assertions)

start=$SECONDS
mkdir -p fuzz/logs
if ! cargo +nightly fuzz build "${fuzz_flags[@]}" >fuzz/logs/build.log 2>&1; then
    cat fuzz/logs/build.log >&2
    echo "the fuzz targets do not build" >&2
    exit 1
fi
echo "fuzz targets built in $((SECONDS - start)) s"
if $build_only; then
    exit 0
fi
if $minimize; then
    for target in "${targets[@]}"; do
        corpus="fuzz/corpus/$target"
        before="$(find "$corpus" -type f 2>/dev/null | wc -l)"
        if [ "$before" -eq 0 ]; then
            continue
        fi
        cargo +nightly fuzz cmin "${fuzz_flags[@]}" "$target" "$corpus" -- \
            -max_len="$MAX_LEN" -timeout=10 >"fuzz/logs/$target-cmin.log" 2>&1 ||
            { cat "fuzz/logs/$target-cmin.log" >&2; exit 1; }
        echo "$target: $before inputs, $(find "$corpus" -type f | wc -l) kept"
    done
    exit 0
fi

# Seeds from the repository's test data, rebuilt every run (cheap): the hand-written seeds in
# fuzz/seeds, every AWS managed policy of the test corpus, the golden fixture, the landing zone.
generated=fuzz/seeds-generated
rm -rf "$generated"
mkdir -p "$generated/policy" "$generated/layout"
cp fuzz/seeds/policy/*.json iam-policy/tests/corpus/golden/*.json "$generated/policy/"
cp fuzz/seeds/layout/*.toml examples/landing-zone.toml "$generated/layout/"
python3 - "$generated/policy" "$MAX_LEN" <<'EOF'
import json, sys
out, max_len = sys.argv[1], int(sys.argv[2])
with open("iam-policy/tests/corpus/aws-managed-policies.jsonl", encoding="utf-8") as lines:
    for line in lines:
        entry = json.loads(line)
        # The document's text as published: it is the line's last member.
        line = line.rstrip("\n")
        text = line[line.index('"document":') + len('"document":'):-1]
        if json.loads(text) != entry["document"]:
            sys.exit(f"{entry['name']}: the document is not the last member of its line")
        if len(text.encode()) <= max_len:
            with open(f"{out}/{entry['name']}.json", "w", encoding="utf-8") as file:
                file.write(text)
EOF

failed=()
for target in "${targets[@]}"; do
    case "$target" in
        layout) kind=layout ;;
        *) kind=policy ;;
    esac
    corpus="fuzz/corpus/$target"
    log="fuzz/logs/$target.log"
    mkdir -p "$corpus" "fuzz/artifacts/$target" fuzz/logs
    echo "== fuzz $target for ${seconds} s"
    if cargo +nightly fuzz run "${fuzz_flags[@]}" "$target" "$corpus" "$generated/$kind" -- \
        -max_total_time="$seconds" -timeout=10 -max_len="$MAX_LEN" \
        -dict="fuzz/dict/$kind.dict" -print_final_stats=1 "${extra[@]}" >"$log" 2>&1; then
        runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
        rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
        cov="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)"
        echo "   ok: ${runs:-?} executions, ${rate:-?}/s, ${cov:-cov: ?}, corpus $(find "$corpus" -type f | wc -l) inputs"
    else
        echo "   FAILED (log: $log):" >&2
        tail -n 60 "$log" >&2
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzzing found nothing"
