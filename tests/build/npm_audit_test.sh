#!/usr/bin/env bash
# No npm package that tests/e2e pins has a known vulnerability of high or critical
# severity (npm's advisory database). All of them are test tools, so all are audited.
# Exit 77 (ctest's SKIP_RETURN_CODE) when the advisory database cannot be asked: no
# network, or a registry mirror that refuses the audit request. That is not a pass.
# Usage: tests/build/npm_audit_test.sh SOURCE_DIR
set -uo pipefail
source_dir=${1:?usage: npm_audit_test.sh SOURCE_DIR}
command -v npm >/dev/null || { echo "npm is missing: run scripts/install-deps.sh" >&2; exit 1; }

report=$(cd "$source_dir/tests/e2e" && timeout 120 npm audit --json --audit-level=high 2>/dev/null)
NPM_AUDIT_REPORT=$report python3 - <<'EOF'
import json, os, sys

try:
    report = json.loads(os.environ["NPM_AUDIT_REPORT"])
except ValueError:
    print("npm audit gave no JSON report (timed out or no network?): skipped")
    sys.exit(77)

vulnerabilities = report.get("metadata", {}).get("vulnerabilities")
if vulnerabilities is None:
    reason = report.get("message") or report.get("error", {}).get("summary") or "no report"
    print(f"npm's advisory database could not be asked ({reason}): skipped")
    sys.exit(77)

serious = [(name, v.get("severity"), [
    via.get("title", "") for via in v.get("via", []) if isinstance(via, dict)])
    for name, v in sorted(report.get("vulnerabilities", {}).items())
    if v.get("severity") in ("high", "critical")]
counts = ", ".join(f"{n} {s}" for s, n in vulnerabilities.items() if s != "total" and n)
if serious:
    print("npm packages of tests/e2e with high or critical advisories "
          "(npm audit fix, or update package-lock.json):", file=sys.stderr)
    for name, severity, titles in serious:
        print(f"  - {name} ({severity}): {'; '.join(titles) or 'through a dependency'}",
              file=sys.stderr)
    sys.exit(1)
print(f"npm audit: no high or critical advisories ({counts or 'none at all'})")
EOF
