#!/usr/bin/env python3
"""Time parliament (duo-labs, PyPI `parliament`) over every AWS managed policy, in process.

Run by scripts/bench-peers.sh inside target/bench-venv; usable alone:

    target/bench-venv/bin/python scripts/bench_parliament.py \
        iam-policy/data/managed-policies.tsv [--json-out FILE] [--rounds N] [--json-rounds N]

The corpus is the managed-policy data compiled into iam-policy: after two `#` header lines, one
line per policy, `name<TAB>path<TAB>version<TAB>document`. The document text is the fourth field,
the same bytes that iam-policy/benches/corpus.rs reads through `iam_policy::managed`.

Measured, all wall time with time.perf_counter:
  * `import parliament`, once (it loads the ~10 MB iam_definition.json);
  * one corpus pass of `parliament.analyze_policy_string(text)` + reading `.findings`
    (the median pass if --rounds > 1), catching exceptions per document;
  * `json.loads` over the same texts (median of --json-rounds passes), for reference.

Prints a human summary on stdout and writes a JSON summary to --json-out (or stdout with `-`).
"""

import argparse
import collections
import json
import statistics
import sys
import time
import warnings

def documents(path):
    """(name, text) per policy line of the data file."""
    docs = []
    with open(path, encoding="utf-8", newline="\n") as corpus:
        for number, line in enumerate(corpus, 1):
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            fields = line.split("\t", 3)
            if len(fields) != 4:
                sys.exit(f"{path}:{number}: expected 4 tab-separated fields")
            docs.append((fields[0], fields[3]))
    return docs


def parliament_pass(analyze, docs):
    """One pass over every document: (seconds, findings, per-issue counts, crashes, all findings)."""
    findings = 0
    kept = []
    issues = collections.Counter()
    crashes = []
    start = time.perf_counter()
    for name, text in docs:
        try:
            policy_findings = analyze(text).findings
        except Exception as error:  # parliament raises plain Exception on some inputs
            crashes.append(
                {"name": name, "error": f"{type(error).__name__}: {error}"}
            )
            continue
        findings += len(policy_findings)
        kept.append(policy_findings)
        for finding in policy_findings:
            issues[finding.issue] += 1
    return time.perf_counter() - start, findings, issues, crashes, kept


def json_pass(docs):
    start = time.perf_counter()
    for _, text in docs:
        json.loads(text)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--json-out", default="-")
    parser.add_argument("--rounds", type=int, default=1, help="parliament corpus passes")
    parser.add_argument("--json-rounds", type=int, default=21, help="json.loads corpus passes")
    args = parser.parse_args()
    if args.rounds < 1 or args.json_rounds < 1:
        parser.error("rounds must be at least 1")

    docs = documents(args.corpus)
    if not docs:
        sys.exit(f"no documents in {args.corpus}")
    corpus_bytes = sum(len(text.encode("utf-8")) for _, text in docs)

    # parliament imports pkg_resources, which warns about its own deprecation.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=".*pkg_resources.*")
    start = time.perf_counter()
    import parliament

    import_seconds = time.perf_counter() - start

    passes = [parliament_pass(parliament.analyze_policy_string, docs) for _ in range(args.rounds)]
    times = sorted(p[0] for p in passes)
    corpus_seconds = times[len(times) // 2]
    _, findings, issues, crashes, kept = passes[0]

    # What the CLI would print at its default --minimum_severity LOW (untimed, for reference).
    from parliament.cli import is_finding_filtered

    shown = sum(
        not is_finding_filtered(parliament.enhance_finding(finding))
        for policy_findings in kept
        for finding in policy_findings
    )

    json_times = sorted(json_pass(docs) for _ in range(args.json_rounds))
    json_seconds = json_times[len(json_times) // 2]

    summary = {
        "tool": "parliament",
        "version": parliament.__version__,
        "python": sys.version.split()[0],
        "documents": len(docs),
        "corpus_bytes": corpus_bytes,
        "import_s": import_seconds,
        "corpus_s": corpus_seconds,
        "corpus_rounds": args.rounds,
        "corpus_all_s": times,
        "per_document_ms": corpus_seconds * 1e3 / len(docs),
        "findings": findings,
        "findings_shown_by_cli": shown,
        "top_issues": dict(issues.most_common(10)),
        "crashes": len(crashes),
        "crashed": crashes,
        "json_loads_s": json_seconds,
        "json_loads_rounds": args.json_rounds,
    }

    print(f"parliament {summary['version']} on Python {summary['python']}")
    print(f"  corpus:          {len(docs)} documents, {corpus_bytes / 1e6:.2f} MB")
    print(f"  import:          {import_seconds * 1e3:10.1f} ms (once)")
    print(
        f"  corpus pass:     {corpus_seconds * 1e3:10.1f} ms"
        f" ({'median of %d' % args.rounds if args.rounds > 1 else '1 pass'},"
        f" {summary['per_document_ms']:.2f} ms/document)"
    )
    print(f"  json.loads pass: {json_seconds * 1e3:10.1f} ms (median of {args.json_rounds})")
    print(f"  findings:        {findings} ({shown} shown by the CLI at LOW)")
    print("  top issues:      " + ", ".join(f"{k} {v}" for k, v in issues.most_common(5)))
    print(f"  crashes:         {len(crashes)}")
    for crash in crashes:
        print(f"    {crash['name']}: {crash['error']}")

    text = json.dumps(summary, indent=2)
    if args.json_out == "-":
        print(text)
    else:
        with open(args.json_out, "w", encoding="utf-8") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
