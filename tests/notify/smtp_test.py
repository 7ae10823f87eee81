#!/usr/bin/python3
"""Notifications by mail through a real SMTP relay on 127.0.0.1 (Debian's python3-aiosmtpd).

  smtp_test.py TORIKUMI_BINARY SOURCE_DIR

On SQLite: every step of the monthly cycle, done through the API by the roles it belongs
to, mails whom it concerns, with the Japanese subject, sender name and body decoded as
written, over STARTTLS with authentication; the relay is stopped mid-run and started again,
and every mail arrives exactly once; the clock is moved (`torikumi notify --now`, the test
hook for "now") to fire the reminders on their days, once each. With $TORIKUMI_TEST_POSTGRES
(tests/store/with_postgres.sh) two servers on one PostgreSQL database send each mail once,
and two schedulers fire each reminder once.
"""

import datetime
import email
import email.policy
import json
import logging
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# aiosmtpd 1.4 warns of its own deprecated attribute at each authentication, in its log.
warnings.filterwarnings("ignore", category=DeprecationWarning)
logging.getLogger("mail.log").setLevel(logging.ERROR)

BINARY, SOURCE = sys.argv[1], sys.argv[2]
PASSWORD = "correct horse battery"
DOMAIN = "city.example.lg.jp"
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the relay accepted, parsed as a mail reader would."""

    def __init__(self):
        self.mails = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # The relay knows no mailbox "gone": a refusal for good.
        if address.startswith("gone@"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.mails.append({"to": list(envelope.rcpt_tos), "message": message,
                               "subject": str(message["subject"]), "from": str(message["from"]),
                               "body": message.get_content(), "id": str(message["message-id"])})
        return "250 OK"

    def taken(self):
        with self.lock:
            return list(self.mails)

    def wait_for(self, count, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline and len(self.taken()) < count:
            time.sleep(0.1)
        return self.taken()


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and \
        auth_data.login == b"torikumi" and auth_data.password == b"relay-secret"
    return AuthResult(success=ok)


class Relay:
    """aiosmtpd on a fixed port, requiring STARTTLS and authentication, stopped and started."""

    def __init__(self, port, inbox, certificate, key):
        self.port, self.inbox = port, inbox
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(certificate, key)
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port,
                                     tls_context=self.context, require_starttls=True,
                                     authenticator=authenticator, auth_require_tls=True)
        self.controller.start()

    def stop(self):
        self.controller.stop()


def run(*arguments, stdin=None, db=None, config=None):
    command = [BINARY, *arguments]
    if config:
        command += ["--config", config]
    if db:
        command += ["--db", db]
    result = subprocess.run(command, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(" ".join(arguments) + ": " + result.stderr)
    return result.stdout


class Api:
    def __init__(self, base, token):
        self.base, self.token = base, token

    def call(self, method, path, body=None, status=200):
        request = urllib.request.Request(
            self.base + "/api/v1" + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request) as reply:
                code, text = reply.status, reply.read()
        except urllib.error.HTTPError as error:
            code, text = error.code, error.read()
        if code != status:
            raise RuntimeError("%s %s: %d %s" % (method, path, code, text.decode()))
        return json.loads(text) if text else None

    def report(self, no, month, text):
        stored = self.call("GET", "/years/2025/initiatives/%d" % no)
        self.call("POST", "/years/2025/initiatives/%d/progress" % no,
                  {"version": stored["version"], "month": month, "text": text})


def start_server(db, config):
    server = subprocess.Popen([BINARY, "serve", "--db", db, "--config", config,
                               "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    if not line.startswith("torikumi: http://"):
        server.kill()
        output, errors = server.communicate()
        raise RuntimeError("the server did not start (exit %s): %r\n%s%s" %
                           (server.returncode, line, output, errors))
    url = line.split(" ")[1].rstrip("/")
    return server, url


def setup(directory, db, relay_port, certificate, interval):
    config = os.path.join(directory, "torikumi.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(f"""[mail]
relay = "smtp://127.0.0.1:{relay_port}"
starttls = true
ca_file = "{certificate}"
user = "torikumi"
password = "relay-secret"
from = "torikumi@{DOMAIN}"
from_name = "企画政策課（取組管理）"
site_url = "https://torikumi.{DOMAIN}"
allowed_domains = ["{DOMAIN}"]

[notifications]
interval = {interval}
""")
    run("import", os.path.join(SOURCE, "data/kawanishi-r7-process-sheet.tsv"), db=db)
    users = {"coordinator": ("coordinator", ""), "coordinator2": ("coordinator", ""),
             "kikaku": ("editor", "企画政策課"), "ict": ("editor", "ICT推進課"),
             "admin": ("administrator", "")}
    tokens = {}
    for login, (role, section) in users.items():
        arguments = ["user", "add", login, "--name", login + "さん", "--role", role]
        if section:
            arguments += ["--sections", section]
        run(*arguments, stdin=PASSWORD + "\n", db=db)
        tokens[login] = run("user", "token", login, "--name", "smtp-test", db=db).strip()
    return config, tokens


def certificate_in(directory):
    certificate = os.path.join(directory, "relay.pem")
    key = os.path.join(directory, "relay.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", certificate], check=True, capture_output=True)
    return certificate, key


def japan_today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=9)).date()


def to(mail):
    return mail["to"][0].split("@")[0]


def the_cycle_on_sqlite(directory):
    certificate, key = certificate_in(directory)
    inbox = Inbox()
    relay = Relay(free_port(), inbox, certificate, key)
    relay.start()
    db = os.path.join(directory, "torikumi.db")
    config, tokens = setup(directory, db, relay.port, certificate, 1)
    server, url = start_server(db, config)
    try:
        api = {login: Api(url, token) for login, token in tokens.items()}
        for login in ("kikaku", "ict", "coordinator", "coordinator2"):
            api[login].call("PUT", "/account/mail", {"address": f"{login}@{DOMAIN}"})
        api["kikaku"].call("PUT", "/account/mail", {"address": "kikaku@gmail.com"}, status=400)
        # coordinator2 wants only resubmissions by mail.
        api["coordinator2"].call("PUT", "/account/mail",
                                 {"address": f"coordinator2@{DOMAIN}", "kinds": ["resubmitted"]})

        deadline = japan_today() + datetime.timedelta(days=30)
        api["coordinator"].call("POST", "/years/2025/months", {"month": 6, "deadline": deadline.isoformat()})
        mails = inbox.wait_for(2)
        check(sorted(to(m) for m in mails) == ["ict", "kikaku"],
              "opening June mails the editors of both sections: %s" % [to(m) for m in mails])
        due = "%d月%d日" % (deadline.month, deadline.day)
        check(all(m["subject"] == f"令和7年度 6月の報告の受付が始まりました（提出期限 {due}）" for m in mails),
              "the Japanese subject decodes as written: " + mails[0]["subject"])
        check(mails[0]["from"] == f"企画政策課（取組管理） <torikumi@{DOMAIN}>",
              "the sender's Japanese name decodes: " + mails[0]["from"])
        check("6月の進捗状況を書いて" in mails[0]["body"] and
              f"https://torikumi.{DOMAIN}/staff/2025/board?month=6" in mails[0]["body"],
              "the body is UTF-8 text with the link to the board")
        check(mails[0]["message"]["Content-Type"].params.get("charset", "").lower() == "utf-8",
              "the body is declared UTF-8")

        api["kikaku"].report(1, 6, "6月の進捗。")
        api["kikaku"].call("POST", "/years/2025/reports", {"month": 6, "action": "submit", "nos": [1]})
        api["coordinator"].call("POST", "/years/2025/reports",
                                {"month": 6, "action": "return", "nos": [1], "comment": "参加人数を書いてください"})
        mails = inbox.wait_for(3)
        returned = mails[2]
        check(to(returned) == "kikaku" and "差し戻されました" in returned["subject"] and
              "コメント: 参加人数を書いてください" in returned["body"] and
              f"https://torikumi.{DOMAIN}/staff/2025/initiatives/1?month=6" in returned["body"],
              "a return mails the owner section's editor the comment and the link: " + returned["subject"])

        # The relay goes down: the resubmission waits in the outbox.
        relay.stop()
        api["kikaku"].report(1, 6, "6月の進捗。参加者 120 人。")
        api["kikaku"].call("POST", "/years/2025/reports", {"month": 6, "action": "submit", "nos": [1]})
        time.sleep(3)
        outbox = api["admin"].call("GET", "/mail")
        waiting = [m for m in outbox["mails"] if m["state"] == "pending"]
        check(outbox["pending"] == 2 and len(waiting) == 2 and all(m["attempts"] >= 1 and m["last_error"] for m in waiting),
              "with the relay down both resubmission mails wait, with why: %s" %
              [(m["to"], m["attempts"], m["last_error"][:40]) for m in waiting])
        check(all(m["to"].startswith("coordinator") for m in waiting), "they are the coordinators'")
        with urllib.request.urlopen(url + "/metrics") as reply:
            metrics = reply.read().decode()
        check('torikumi_mail_outbox{state="pending"} 2' in metrics,
              "/metrics shows the two waiting in the outbox")
        relay.start()
        # The next try is a minute on: move the clock past it.
        later = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=9, minutes=5))
        run("notify", "--now", later.strftime("%Y-%m-%dT%H:%M"), db=db, config=config)
        mails = inbox.wait_for(5, seconds=5)
        resubmitted = [m for m in mails if "再提出" in m["subject"]]
        check(sorted(to(m) for m in resubmitted) == ["coordinator", "coordinator2"],
              "after the relay is back the resubmission reaches both coordinators: %s" % [to(m) for m in mails])

        api["coordinator2"].call("POST", "/years/2025/reports", {"month": 6, "action": "approve", "nos": [1]})
        api["coordinator2"].call("POST", "/years/2025/publications", {"published_on": japan_today().isoformat()}, status=201)
        mails = inbox.wait_for(7)
        check(any(to(m) == "kikaku" and "承認されました" in m["subject"] for m in mails),
              "an approval mails the editor")
        check(any(to(m) == "coordinator" and "公表しました" in m["subject"] for m in mails),
              "a publication mails the other coordinator")
        check(not any(to(m) == "coordinator2" and "公表" in m["subject"] for m in mails),
              "…and not the one who published, nor what coordinator2 did not ask for")

        # The reminders, by moving the clock.
        def notify_at(day, hour=9):
            run("notify", "--now", "%sT%02d:00" % (day.isoformat(), hour), db=db, config=config)
            return inbox.wait_for(0, seconds=1)

        before = len(inbox.taken())
        notify_at(deadline - datetime.timedelta(days=4))
        check(len(inbox.taken()) == before, "four days before the deadline: no reminder")
        notify_at(deadline - datetime.timedelta(days=3))
        notify_at(deadline - datetime.timedelta(days=3), 17)
        reminders = [m for m in inbox.wait_for(before + 2, seconds=5) if "あと3日" in m["subject"]]
        check(sorted(to(m) for m in reminders) == ["ict", "kikaku"],
              "three days before: one reminder to each section that has not submitted: %s" % [to(m) for m in reminders])
        check("No.3" in [m for m in reminders if to(m) == "ict"][0]["body"], "it lists the section's reports")
        notify_at(deadline)
        notify_at(deadline + datetime.timedelta(days=1))
        notify_at(deadline + datetime.timedelta(days=1), 18)
        mails = inbox.wait_for(before + 7, seconds=5)
        today = [m for m in mails if "本日" in m["subject"]]
        overdue = [m for m in mails if "過ぎています" in m["subject"]]
        check(sorted(to(m) for m in today) == ["ict", "kikaku"], "on the day: once each")
        check(sorted(to(m) for m in overdue) == ["coordinator", "ict", "kikaku"],
              "after it: the sections and the coordinator who asked for it, once: %s" % [to(m) for m in overdue])

        # A mailbox the relay refuses for good: the mail is marked failed, with its answer.
        api["coordinator2"].call("PUT", "/account/mail", {"address": f"gone@{DOMAIN}"})
        api["coordinator"].call("POST", "/years/2025/publications",
                                {"published_on": japan_today().isoformat()}, status=201)
        deadline_wait = time.time() + 10
        failed = []
        while time.time() < deadline_wait and not failed:
            time.sleep(0.5)
            failed = [m for m in api["admin"].call("GET", "/mail")["mails"] if m["state"] == "failed"]
        check(len(failed) == 1 and failed[0]["to"] == f"gone@{DOMAIN}" and "550" in failed[0]["last_error"],
              "a mailbox refused with 550 is marked failed with the relay's answer: %s" %
              [(m["to"], m["last_error"]) for m in failed])

        ids = [m["id"] for m in inbox.taken()]
        check(len(ids) == len(set(ids)), "no mail arrived twice (%d mails)" % len(ids))
        sent = [m for m in api["admin"].call("GET", "/mail")["mails"] if m["state"] == "sent"]
        check(len(sent) == len(ids), "every mail the outbox sent arrived: %d sent, %d arrived" % (len(sent), len(ids)))
    finally:
        server.terminate()
        server.wait(timeout=30)
        try:
            relay.stop()
        except Exception:
            pass
    errors = server.stderr.read()
    check("relay-secret" not in errors, "the relay's password is in no log")


def two_servers_on_postgres(directory):
    certificate, key = certificate_in(directory)
    inbox = Inbox()
    relay = Relay(free_port(), inbox, certificate, key)
    relay.start()
    db = os.environ["TORIKUMI_TEST_POSTGRES"]
    config, tokens = setup(directory, db, relay.port, certificate, 1)
    coordinator = None
    servers = [start_server(db, config) for _ in range(2)]
    try:
        api = {login: Api(servers[k % 2][1], token) for k, (login, token) in enumerate(tokens.items())}
        for login in ("kikaku", "ict", "coordinator", "coordinator2"):
            api[login].call("PUT", "/account/mail", {"address": f"{login}@{DOMAIN}"})
        far = japan_today() + datetime.timedelta(days=60)
        for month in range(4, 13):
            api["coordinator"].call("POST", "/years/2025/months", {"month": month, "deadline": far.isoformat()})
        mails = inbox.wait_for(18, seconds=30)
        time.sleep(3)
        mails = inbox.taken()
        ids = [m["id"] for m in mails]
        check(len(mails) == 18 and len(set(ids)) == 18,
              "two servers sent the 18 mails of nine months opened once each: %d arrived, %d distinct" %
              (len(mails), len(set(ids))))
        # Two schedulers at once on the reminder day: each reminder once.
        day = (far - datetime.timedelta(days=2)).isoformat() + "T09:00"
        runs = [subprocess.Popen([BINARY, "notify", "--now", day, "--db", db, "--config", config],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for r in runs:
            r.wait(timeout=60)
        time.sleep(3)
        reminders = [m for m in inbox.taken() if "あと2日" in m["subject"]]
        check(len(reminders) == 18 and len({m["id"] for m in reminders}) == 18,
              "two schedulers at once sent each of the 18 reminders once: %d" % len(reminders))
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=30)
        relay.stop()


def main():
    with tempfile.TemporaryDirectory() as directory:
        if os.environ.get("TORIKUMI_TEST_POSTGRES"):
            two_servers_on_postgres(directory)
        else:
            the_cycle_on_sqlite(directory)
    if failures:
        print("%d failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
