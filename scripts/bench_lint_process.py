#!/usr/bin/env python3
"""Time the whole `jumpgate lint` process over every AWS managed policy, one file per policy.

Run by scripts/bench-peers.sh right after parliament's pass (same run); usable alone:

    python3 scripts/bench_lint_process.py iam-policy/data/managed-policies.tsv \
        --jumpgate target/release/jumpgate --dir target/bench-peers/corpus [--rounds N]

The documents are the ones scripts/bench_parliament.py gives parliament (the fourth field of each
policy line, the same text), each written to DIR/NNNN-NAME.json. Then, --rounds times, alternating
so that both see the same machine load: `jumpgate lint --aws-managed --jobs 1 FILES...` and
`jumpgate lint --aws-managed FILES...` (rayon's default: one thread per CPU), standard output to
/dev/null. Each is the wall time of the whole process (start, reading every file, linting,
printing, exit) with time.perf_counter; the median of the rounds is reported.

Prints a human summary and writes a JSON summary to --json-out (or stdout with `-`).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_parliament import documents  # noqa: E402


def write_corpus(docs, directory):
    """Writes each document to its own file; returns the paths, in corpus order."""
    os.makedirs(directory, exist_ok=True)
    for stale in os.listdir(directory):
        os.remove(os.path.join(directory, stale))
    paths = []
    for number, (name, text) in enumerate(docs, 1):
        path = os.path.join(directory, f"{number:04d}-{name}.json")
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        paths.append(path)
    return paths


def run_once(command):
    start = time.perf_counter()
    finished = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    # 0: no ERROR finding; 1: some policy has one. Anything else is a failed run.
    if finished.returncode not in (0, 1):
        sys.exit(f"{command[0]} exited {finished.returncode}: {finished.stderr.decode()}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--jumpgate", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--json-out", default="-")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("rounds must be at least 1")

    docs = documents(args.corpus)
    paths = write_corpus(docs, args.dir)
    base = [args.jumpgate, "lint", "--aws-managed"]
    commands = {"jobs_1": base + ["--jobs", "1"] + paths, "default": base + paths}
    # One untimed run each: the binary and the files in the page cache.
    for command in commands.values():
        run_once(command)
    times = {key: [] for key in commands}
    for _ in range(args.rounds):
        for key, command in commands.items():
            times[key].append(run_once(command))

    summary = {
        "documents": len(paths),
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "jobs_1_s": statistics.median(times["jobs_1"]),
        "default_s": statistics.median(times["default"]),
        "jobs_1_all_s": times["jobs_1"],
        "default_all_s": times["default"],
    }
    print(f"jumpgate lint over {len(paths)} files, {os.cpu_count()} CPUs")
    print(f"  --jobs 1:        {summary['jobs_1_s'] * 1e3:10.1f} ms (median of {args.rounds})")
    print(f"  default jobs:    {summary['default_s'] * 1e3:10.1f} ms (median of {args.rounds})")
    text = json.dumps(summary, indent=2)
    if args.json_out == "-":
        print(text)
    else:
        with open(args.json_out, "w", encoding="utf-8") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
