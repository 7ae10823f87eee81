#!/usr/bin/env python3
"""Makes the fixture of tests/deploy/upgrade_test.py with a release's own binary.

The database is used as a municipality would have used that release. It holds the sample
sheet, accounts of every role with API tokens, a month opened for reporting, an owner's
report approved, a co-owner's note, another section's report returned, a publication,
and a second municipality with its own sheet. Beside it are what that release answered:
the export of every sheet in JSON and the public API's published sheet.

Run it once per release, with that release's binary (a worktree of its tag):
  tests/deploy/make_upgrade_fixture.py /work/v1.0.0/build/release/torikumi tests/deploy/upgrade/v1.0.0
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

BINARY, OUT = os.path.abspath(sys.argv[1]), sys.argv[2]
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DB = os.path.join(OUT, "torikumi.db")
PASSWORD = "upgrade fixture password"


def torikumi(*arguments, stdin=None):
    result = subprocess.run([BINARY, *arguments, "--db", DB], input=stdin, capture_output=True,
                            text=True, check=True)
    return result.stdout


def api(port, token, method, path, body=None):
    request = urllib.request.Request("http://127.0.0.1:%d/api/v1%s" % (port, path), method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + token,
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def main():
    os.makedirs(OUT, exist_ok=True)
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(DB + suffix):
            os.remove(DB + suffix)
    torikumi("import", os.path.join(SOURCE, "data/kawanishi-r7-process-sheet.tsv"))
    torikumi("municipality", "name", "282171", "--name", "川西市")
    for login, role, sections in [("kikaku", "editor", "企画政策課"), ("ict", "editor", "ICT推進課"),
                                  ("planner", "coordinator", "")]:
        torikumi("user", "add", login, "--role", role, "--name", login + "さん",
                 *(["--sections", sections] if sections else []), stdin=PASSWORD + "\n")
    tokens = {login: torikumi("user", "token", login, "--name", "fixture", "--days", "365").strip()
              for login in ["kikaku", "ict", "planner"]}

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([BINARY, "serve", "--db", DB, "--listen", "127.0.0.1:%d" % port],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        admin = {}
        while "port" not in admin:
            line = server.stdout.readline()
            if not line:
                raise SystemExit("the server ended")
            if m := re.search(r"パスワード: (\S+)", line):
                admin["password"] = m.group(1)
            if "で公開しています" in line:
                admin["port"] = port
        time.sleep(0.2)
        api(port, tokens["planner"], "POST", "/years/2025/months", {"month": 10})
        first = api(port, tokens["kikaku"], "GET", "/years/2025/initiatives/1")
        api(port, tokens["kikaku"], "POST", "/years/2025/initiatives/1/progress",
            {"version": first["version"], "month": 10, "rating": "→",
             "text": "10月：行政経営推進会議で再検証の結果を報告した。"})
        first = api(port, tokens["ict"], "GET", "/years/2025/initiatives/1")
        api(port, tokens["ict"], "POST", "/years/2025/initiatives/1/progress",
            {"version": first["version"], "month": 10, "text": "10月：電子申請の対象手続を 12 件追加した。"})
        third = api(port, tokens["ict"], "GET", "/years/2025/initiatives/3")
        api(port, tokens["ict"], "POST", "/years/2025/initiatives/3/progress",
            {"version": third["version"], "month": 10, "text": "10月：研修を 2 回実施した。"})
        api(port, tokens["kikaku"], "POST", "/years/2025/reports", {"month": 10, "action": "submit", "nos": [1]})
        api(port, tokens["ict"], "POST", "/years/2025/reports", {"month": 10, "action": "submit", "nos": [1, 3]})
        api(port, tokens["planner"], "POST", "/years/2025/reports", {"month": 10, "action": "approve", "nos": [1]})
        api(port, tokens["planner"], "POST", "/years/2025/reports",
            {"month": 10, "action": "approve", "nos": [1], "section": "ICT推進課"})
        api(port, tokens["planner"], "POST", "/years/2025/reports",
            {"month": 10, "action": "return", "nos": [3], "comment": "回数だけでなく受講者数も書いてください。"})
        api(port, tokens["planner"], "POST", "/years/2025/publications", {"published_on": "2025-10-31"})
        with urllib.request.urlopen("http://127.0.0.1:%d/api/v1/years/2025/public/sheet" % port) as r:
            public_sheet = r.read()
    finally:
        server.terminate()
        server.wait()

    torikumi("municipality", "add", "282006", "--name", "兵庫県")
    torikumi("import", os.path.join(SOURCE, "data/kawanishi-r7-process-sheet.tsv"),
             "--municipality", "282006", "--publish", "2026-03-31")
    subprocess.run(["sqlite3", DB, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True, capture_output=True)

    with open(os.path.join(OUT, "export-2025.json"), "w", encoding="utf-8") as f:
        f.write(torikumi("export", "--year", "2025"))
    with open(os.path.join(OUT, "export-282006-2025.json"), "w", encoding="utf-8") as f:
        f.write(torikumi("export", "--year", "2025", "--municipality", "282006"))
    with open(os.path.join(OUT, "public-sheet-2025.json"), "wb") as f:
        f.write(public_sheet)
    with open(os.path.join(OUT, "accounts.json"), "w", encoding="utf-8") as f:
        json.dump({"password": PASSWORD, "logins": ["kikaku", "ict", "planner"],
                   "release": subprocess.run([BINARY, "--version"],
                                                               capture_output=True, text=True).stdout.strip()
                   or os.path.basename(OUT)}, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
