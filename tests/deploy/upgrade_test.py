#!/usr/bin/env python3
"""A database made by an earlier release, opened by this one.

For each fixture under tests/deploy/upgrade/ (made by make_upgrade_fixture.py with that
release's binary), on a copy: this binary migrates it on start to its newest schema, and
then gives what the earlier release gave. The exports of both municipalities' sheets are
the same, and so is the public API's published sheet. The audit chain still verifies,
and the release's accounts still sign in with their passwords.

Usage: upgrade_test.py TORIKUMI_BINARY SOURCE_DIR
"""

import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse

BINARY, SOURCE = os.path.abspath(sys.argv[1]), sys.argv[2]
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def torikumi(db, *arguments):
    return subprocess.run([BINARY, *arguments, "--db", db], capture_output=True, text=True)


def migrations_applied(db):
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migration").fetchone()[0]


def newest_schema():
    """The newest schema this binary makes, read from a database it creates."""
    directory = tempfile.mkdtemp(prefix="torikumi-schema-")
    try:
        db = os.path.join(directory, "new.db")
        torikumi(db, "municipality", "list")
        return migrations_applied(db)
    finally:
        shutil.rmtree(directory)


def sign_in(port, login, password):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/login")
    form = connection.getresponse()
    page = form.read().decode()
    cookies = "; ".join(c.split(";")[0] for c in form.headers.get_all("Set-Cookie") or [])
    nonce = re.search(r'name="csrf" value="([^"]+)"', page)
    connection.request("POST", "/login", body=urllib.parse.urlencode(
        {"csrf": nonce.group(1) if nonce else "", "login": login, "password": password}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def check_fixture(fixture, newest):
    name = os.path.basename(fixture)
    accounts = json.load(open(os.path.join(fixture, "accounts.json"), encoding="utf-8"))
    directory = tempfile.mkdtemp(prefix="torikumi-upgrade-")
    server = None
    try:
        db = os.path.join(directory, "torikumi.db")
        shutil.copy(os.path.join(fixture, "torikumi.db"), db)
        before = migrations_applied(db)
        check(before <= newest, "%s: its schema (%d) is not newer than this release's (%d)" % (name, before, newest))

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([BINARY, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        started = False
        said = ""
        for line in server.stdout:
            said += line
            if "で公開しています" in line:
                started = True
                break
        check(started, "%s: the server starts on the release's database" % name)
        check(migrations_applied(db) == newest,
              "%s: it migrated the database on start (%d → %d)" % (name, before, migrations_applied(db)))
        check("管理者アカウントを作りました" not in said, "%s: the release's accounts are kept" % name)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/api/v1/years/2025/public/sheet")
        public = json.loads(connection.getresponse().read())
        connection.close()
        expected = json.load(open(os.path.join(fixture, "public-sheet-2025.json"), encoding="utf-8"))
        check(public == expected, "%s: the published sheet is served as the release served it" % name)
        for login in accounts["logins"]:
            check(sign_in(port, login, accounts["password"]) == 303,
                  "%s: %s signs in with the release's password" % (name, login))
        server.terminate()
        server.wait(timeout=60)
        server = None

        for municipality, file in [(None, "export-2025.json"), ("282006", "export-282006-2025.json")]:
            exported = torikumi(db, "export", "--year", "2025",
                                *(["--municipality", municipality] if municipality else []))
            expected = json.load(open(os.path.join(fixture, file), encoding="utf-8"))
            check(exported.returncode == 0 and json.loads(exported.stdout) == expected,
                  "%s: %s exports as the release exported it" % (name, file))
        verified = torikumi(db, "audit", "verify")
        check(verified.returncode == 0, "%s: the audit chain verifies: %s" % (name, verified.stdout.strip()
                                                                             or verified.stderr.strip()))
    finally:
        if server is not None:
            server.kill()
            server.wait()
        shutil.rmtree(directory, ignore_errors=True)


def main():
    newest = newest_schema()
    fixtures = sorted(os.path.join(SOURCE, "tests/deploy/upgrade", d)
                      for d in os.listdir(os.path.join(SOURCE, "tests/deploy/upgrade")))
    check(len(fixtures) > 0, "there are fixtures of earlier releases")
    for fixture in fixtures:
        check_fixture(fixture, newest)
    if failures:
        print("%d checks failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
