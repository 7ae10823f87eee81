#!/usr/bin/env python3
"""Writes torikumi's software bill of materials as CycloneDX 1.5 JSON.

Usage: scripts/sbom.py OUTPUT [BINARY]

Lists the Debian packages of scripts/packages.txt as this machine has them installed, the
packages that hold the shared libraries BINARY (the release executable) loads when it is
given, and the npm packages pinned by tests/e2e/package-lock.json. Versions are read from
dpkg and the lock file, never written by hand, so the document describes the machine that
built the binary.
"""

import base64
import datetime
import json
import os
import re
import subprocess
import sys
import urllib.parse
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def listed_debian_packages():
    """Every name in scripts/packages.txt, the conditional ones too: the SBOM keeps those
    that are installed, whoever installed them."""
    names = []
    with open(os.path.join(ROOT, "scripts", "packages.txt"), encoding="utf-8") as f:
        for line in f:
            line = re.sub(r"\[unless [^]]+\]", "", line.split("#", 1)[0])
            names.extend(line.split())
    return names


def runtime_debian_packages(binary):
    """The packages holding the shared libraries the binary names (DT_NEEDED)."""
    dynamic = subprocess.run(["readelf", "-dW", binary], check=True, capture_output=True,
                             text=True).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^]]+)\]", dynamic)
    cache = subprocess.run(["ldconfig", "-p"], check=True, capture_output=True,
                           text=True).stdout
    paths = {}
    for m in re.finditer(r"^\s*(\S+) \(libc6,x86-64[^)]*\) => (\S+)$", cache, re.M):
        paths.setdefault(m.group(1), m.group(2))
    packages = set()
    for library in needed:
        path = paths.get(library)
        if path is None:
            print(f"sbom: {library} is not in the loader's cache; left out", file=sys.stderr)
            continue
        owner = subprocess.run(["dpkg-query", "-S", os.path.realpath(path)],
                               capture_output=True, text=True)
        if owner.returncode != 0:
            # Debian 12 keeps libraries under /usr/lib while some packages still list /lib.
            owner = subprocess.run(["dpkg-query", "-S", path], capture_output=True, text=True)
        if owner.returncode != 0:
            print(f"sbom: no package holds {path}; left out", file=sys.stderr)
            continue
        packages.add(owner.stdout.split(":", 1)[0])
    return sorted(packages)


def installed(names):
    """(name, version, architecture) of each name dpkg has installed."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Version}\t${Architecture}\t${db:Status-Abbrev}\n",
         *names], capture_output=True, text=True)
    found = {}
    for line in result.stdout.splitlines():
        name, version, arch, status = line.split("\t")
        if status.startswith("ii"):
            found[name] = (version, arch)
    for name in names:
        if name not in found:
            print(f"sbom: {name} is not installed; left out", file=sys.stderr)
    return found


def quote(text):
    return urllib.parse.quote(text, safe="")


def debian_component(name, version, arch, scope):
    return {
        "type": "library" if name.startswith("lib") else "application",
        "bom-ref": f"deb:{name}",
        "name": name,
        "version": version,
        "purl": f"pkg:deb/debian/{quote(name)}@{quote(version)}?arch={quote(arch)}",
        "scope": scope,
    }


def npm_components():
    with open(os.path.join(ROOT, "tests", "e2e", "package-lock.json"), encoding="utf-8") as f:
        lock = json.load(f)
    components = []
    for path, package in sorted(lock.get("packages", {}).items()):
        if not path:
            continue  # the lock file's own project
        name = path.rsplit("node_modules/", 1)[1]
        version = package["version"]
        if name.startswith("@"):
            scope, base = name[1:].split("/", 1)
            purl = f"pkg:npm/%40{quote(scope)}/{quote(base)}@{quote(version)}"
        else:
            purl = f"pkg:npm/{quote(name)}@{quote(version)}"
        component = {
            "type": "library",
            "bom-ref": f"npm:{path}",
            "name": name,
            "version": version,
            "purl": purl,
            # The npm packages drive the browser tests only; none ships with the server.
            "scope": "excluded",
        }
        if package.get("license"):
            component["licenses"] = [{"expression": package["license"]}]
        integrity = package.get("integrity", "")
        if integrity.startswith("sha512-"):
            digest = base64.b64decode(integrity[len("sha512-"):]).hex()
            component["hashes"] = [{"alg": "SHA-512", "content": digest}]
        components.append(component)
    return components


def torikumi_version():
    described = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                               capture_output=True, text=True)
    return described.stdout.strip() or "unknown"


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[2])
    output = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) == 3 else None

    runtime = runtime_debian_packages(binary) if binary else []
    listed = [n for n in listed_debian_packages() if n not in runtime]
    versions = installed(runtime + listed)
    components = []
    # What the executable loads ships with it; the rest builds and tests it.
    for name in runtime:
        if name in versions:
            components.append(debian_component(name, *versions[name], "required"))
    for name in listed:
        if name in versions:
            components.append(debian_component(name, *versions[name], "excluded"))
    components += npm_components()

    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": datetime.datetime.now(datetime.timezone.utc)
                         .strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tools": {"components": [{"type": "application", "name": "scripts/sbom.py"}]},
            "component": {
                "type": "application",
                "bom-ref": "torikumi",
                "name": "torikumi",
                "version": torikumi_version(),
            },
        },
        "components": components,
    }
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w", encoding="utf-8") as f:
        json.dump(bom, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"{output}: {len(components)} components", file=sys.stderr)


if __name__ == "__main__":
    main()
