#!/usr/bin/env python3
"""scripts/sbom.py writes a CycloneDX 1.5 document that names what the release binary loads
(libsodium, SQLite, Boost among them) and what builds and tests it, each with a purl that
agrees with its name and version.

Usage: tests/build/sbom_test.py SOURCE_DIR BINARY
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse


def main():
    source_dir, binary = sys.argv[1], sys.argv[2]
    if not os.path.isfile(binary):
        sys.exit(f"missing {binary}: build the release preset first (make build)")
    with tempfile.TemporaryDirectory() as work:
        output = os.path.join(work, "sbom.cdx.json")
        subprocess.run([os.path.join(source_dir, "scripts", "sbom.py"), output, binary],
                       check=True)
        with open(output, encoding="utf-8") as f:
            bom = json.load(f)

    problems = []
    if bom.get("bomFormat") != "CycloneDX":
        problems.append(f"bomFormat is {bom.get('bomFormat')!r}, not 'CycloneDX'")
    if bom.get("specVersion") != "1.5":
        problems.append(f"specVersion is {bom.get('specVersion')!r}, not '1.5'")
    if not re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", bom.get("serialNumber", "")):
        problems.append("serialNumber is not a urn:uuid")
    components = bom.get("components") or []
    if not components:
        problems.append("components is empty")

    for c in components:
        name, version, purl = c.get("name"), c.get("version"), c.get("purl", "")
        if not name or not version:
            problems.append(f"component without name or version: {c}")
            continue
        m = re.fullmatch(r"pkg:(deb|npm)/(?:debian/)?([^@?]+)@([^?]+)(?:\?arch=(\S+))?", purl)
        if not m:
            problems.append(f"{name}: purl {purl!r} is not pkg:deb/debian/… or pkg:npm/…")
            continue
        kind, purl_name, purl_version, arch = m.groups()
        if urllib.parse.unquote(purl_name) != name or urllib.parse.unquote(purl_version) != version:
            problems.append(f"{name} {version}: purl {purl!r} names something else")
        if kind == "deb" and not arch:
            problems.append(f"{name}: Debian purl {purl!r} has no arch")
        if c.get("scope") not in ("required", "excluded"):
            problems.append(f"{name}: scope {c.get('scope')!r}")

    def present(pattern, scope):
        return any(re.fullmatch(pattern, c.get("name", "")) and c.get("scope") == scope
                   for c in components)

    # What the served binary loads, found through its DT_NEEDED entries.
    for pattern in (r"libsodium\d+", r"libsqlite3-\d+", r"libboost-json[\d.]+", r"libc6"):
        if not present(pattern, "required"):
            problems.append(f"no runtime (required) component matches {pattern}")
    # What builds it, from scripts/packages.txt, and the browser tests' npm packages.
    for pattern in (r"libsodium-dev", r"libsqlite3-dev", r"libboost1\.81-dev", r"cmake",
                    r"playwright-core", r"@apidevtools/swagger-parser"):
        if not present(pattern, "excluded"):
            problems.append(f"no build or test (excluded) component matches {pattern}")

    if problems:
        print("the SBOM is not what it should be:", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        sys.exit(1)
    print(f"CycloneDX 1.5, {len(components)} components")


if __name__ == "__main__":
    main()
