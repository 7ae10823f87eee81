#!/usr/bin/env python3
"""The Debian package as a municipality's IT section meets it.

Checks the package with dpkg-deb and lintian, installs it with dpkg -i on this machine,
verifies its systemd units (and rates their protections), and runs the installed binary
as the `torikumi` user with the packaged configuration, as systemd would: readiness and
watchdog pings on a notify socket, the first administrator's password in the state
directory and not in the log. Then Debian's nginx, with a self-signed certificate and
docs/deploy/nginx.conf, proxies to it: a sign-in through it gets Secure __Host- cookies and
HSTS, and the sign-in limits count the client's own address, which a client cannot forge.
Then the scheduled backups keep the newest N, SIGTERM stops the server cleanly, and the
package is purged, leaving the machine as it was.

Usage: install_test.py SOURCE_DIR PACKAGE.deb
"""

import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse

SOURCE, PACKAGE = sys.argv[1], os.path.abspath(sys.argv[2])
CONFIG = "/etc/torikumi/torikumi.toml"
STATE = "/var/lib/torikumi"
# Left in the state directory by this test, so that only what it made is removed.
MARKER = STATE + "/.made-by-install-test"
ROOT = [] if os.geteuid() == 0 else ["sudo", "-n"]

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def as_root(command, **kwargs):
    return run(ROOT + command, **kwargs)


def as_torikumi(command):
    """`command` run as the torikumi user (to be run as root). setpriv execs the command
    itself, so that signals reach the server, as under systemd."""
    return ["setpriv", "--reuid=torikumi", "--regid=torikumi", "--init-groups", "--"] + command


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def installed_version():
    result = run(["dpkg-query", "-W", "-f=${Status} ${Version}", "torikumi"])
    if result.returncode != 0 or "install ok installed" not in result.stdout:
        return None
    return result.stdout.split()[-1]


def purge():
    as_root(["dpkg", "--purge", "torikumi"])
    # The package leaves the data and the user (a municipality's records are never deleted
    # by a package); what this test made, it removes.
    if os.path.exists(MARKER) or as_root(["test", "-e", MARKER]).returncode == 0:
        as_root(["rm", "-rf", STATE])
        as_root(["userdel", "torikumi"])
        as_root(["groupdel", "torikumi"])


def check_package():
    fields = run(["dpkg-deb", "--field", PACKAGE]).stdout
    check(re.search(r"^Package: torikumi$", fields, re.M) is not None, "the package is torikumi")
    depends = re.search(r"^Depends: (.*)$", fields, re.M)
    depends = depends.group(1) if depends else ""
    for dependency in ["adduser", "fonts-noto-cjk", "libsqlite3-0", "libpq5", "libsystemd0",
                       "libharfbuzz0b", "libicu72", "libtomlplusplus3", "libcurl4"]:
        check(re.search(r"(^|, )" + re.escape(dependency) + r"( |,|$)", depends) is not None,
              "it depends on " + dependency)
    control = tempfile.mkdtemp(prefix="torikumi-control-")
    run(["dpkg-deb", "--control", PACKAGE, control])
    conffiles = open(os.path.join(control, "conffiles"), encoding="utf-8").read().strip()
    shutil.rmtree(control)
    check(conffiles == CONFIG, "its configuration is a conffile, kept across upgrades")
    contents = run(["dpkg-deb", "--contents", PACKAGE]).stdout
    for path in ["./usr/bin/torikumi", "./etc/torikumi/torikumi.toml",
                 "./lib/systemd/system/torikumi.service",
                 "./lib/systemd/system/torikumi-backup.service",
                 "./lib/systemd/system/torikumi-backup.timer",
                 "./usr/share/man/man1/torikumi.1.gz", "./usr/share/doc/torikumi/copyright",
                 "./usr/share/doc/torikumi/deploy/nginx.conf",
                 "./usr/share/doc/torikumi/examples/kawanishi-r7-process-sheet.tsv"]:
        check(re.search(r" " + re.escape(path) + r"$", contents, re.M) is not None,
              "it holds " + path)
    lintian = run(["lintian", "--fail-on", "error", "--no-tag-display-limit", PACKAGE])
    print(lintian.stdout, end="")
    check(lintian.returncode == 0, "lintian finds no errors")


def check_installation():
    installed = as_root(["dpkg", "-i", PACKAGE])
    print(installed.stdout[-2000:], installed.stderr[-2000:], sep="", end="")
    if not check(installed.returncode == 0, "dpkg -i installs it"):
        return False
    as_root(["touch", MARKER])
    user = run(["getent", "passwd", "torikumi"]).stdout.strip().split(":")
    check(len(user) == 7 and user[5] == STATE and user[6].endswith("nologin"),
          "the torikumi system user has no shell and lives in " + STATE)
    state = as_root(["stat", "-c", "%U:%G %a", STATE]).stdout.strip()
    check(state == "torikumi:torikumi 750", "the state directory is the service's only: " + state)
    config = as_root(["stat", "-c", "%U:%G %a", CONFIG]).stdout.strip()
    check(config == "root:torikumi 640", "the configuration is readable by the service only: " + config)
    check(os.path.islink("/etc/systemd/system/multi-user.target.wants/torikumi.service"),
          "the service is enabled")
    check(os.path.islink("/etc/systemd/system/timers.target.wants/torikumi-backup.timer"),
          "the backup timer is enabled")
    version = run(["/usr/bin/torikumi", "--version"]).stdout.strip()
    check(version == "torikumi " + installed_version(), "torikumi --version says " + version)
    units = ["/lib/systemd/system/torikumi.service", "/lib/systemd/system/torikumi-backup.service",
             "/lib/systemd/system/torikumi-backup.timer"]
    verify = as_root(["systemd-analyze", "verify"] + units)
    print(verify.stdout, verify.stderr, sep="", end="")
    check(verify.returncode == 0 and verify.stderr.strip() == "", "systemd-analyze verify accepts the units")
    for unit in units[:2]:
        security = as_root(["systemd-analyze", "security", "--offline=yes", unit])
        level = re.search(r"Overall exposure level for \S+: ([0-9.]+)", security.stdout)
        check(level is not None and float(level.group(1)) <= 2.0,
              os.path.basename(unit) + " is rated exposure " + (level.group(1) if level else "?") +
              " (at most 2.0, OK)")
    checked = as_root(as_torikumi(["/usr/bin/torikumi", "--config", CONFIG, "check-config"]))
    check(checked.returncode == 0 and 'db = "/var/lib/torikumi/torikumi.db"' in checked.stdout.replace("'", '"'),
          "check-config reads the packaged configuration")
    return True


class Notifications:
    """The datagram socket systemd gives a Type=notify service (NOTIFY_SOCKET)."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "notify")
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(self.path)
        os.chmod(self.path, 0o666)
        self.received = []

    def wait_for(self, message, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if any(message in m.split("\n") for m in self.received):
                return True
            self.socket.settimeout(max(0.05, deadline - time.time()))
            try:
                self.received.append(self.socket.recv(4096).decode())
            except socket.timeout:
                pass
        return any(message in m.split("\n") for m in self.received)


def https(port, method, path, body=None, headers=None, source="127.0.0.1"):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context,
                                             source_address=(source, 0), timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read().decode("utf-8", "replace")
    connection.close()
    return response, data


def sign_in(port, login, password, source="127.0.0.1", extra_headers=None):
    """The login form's round trip through the proxy: its nonce cookie and field, then the POST."""
    form, page = https(port, "GET", "/login", source=source)
    cookies = [c.split(";")[0] for c in form.headers.get_all("Set-Cookie") or []]
    nonce = re.search(r'name="csrf" value="([^"]+)"', page)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(cookies)}
    headers.update(extra_headers or {})
    body = urllib.parse.urlencode({"csrf": nonce.group(1) if nonce else "", "login": login,
                                   "password": password})
    return https(port, "POST", "/login", body=body, headers=headers, source=source)


def check_behind_nginx(directory, server_port, password, server_log):
    certificate = os.path.join(directory, "torikumi.pem")
    key = os.path.join(directory, "torikumi.key")
    made = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=torikumi.test", "-keyout", key, "-out", certificate])
    if not check(made.returncode == 0, "a self-signed certificate is made"):
        return
    http_port, tls_port = free_port(), free_port()
    site = open(os.path.join(SOURCE, "docs/deploy/nginx.conf"), encoding="utf-8").read()
    site = "\n".join(line for line in site.split("\n") if "[::]" not in line)
    site = (site.replace("server 127.0.0.1:8080;", "server 127.0.0.1:%d;" % server_port)
            .replace("listen 80;", "listen 127.0.0.1:%d;" % http_port)
            .replace("listen 443 ssl http2;", "listen 127.0.0.1:%d ssl http2;" % tls_port)
            .replace("/etc/ssl/certs/torikumi.pem", certificate)
            .replace("/etc/ssl/private/torikumi.key", key))
    nginx_dir = os.path.join(directory, "nginx")
    os.makedirs(nginx_dir)
    os.chmod(directory, 0o755)
    os.chmod(nginx_dir, 0o777)
    with open(os.path.join(nginx_dir, "torikumi.conf"), "w", encoding="utf-8") as f:
        f.write(site)
    with open(os.path.join(nginx_dir, "nginx.conf"), "w", encoding="utf-8") as f:
        f.write("""daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    include {d}/torikumi.conf;
}}
""".format(d=nginx_dir))
    nginx = subprocess.Popen(["nginx", "-c", os.path.join(nginx_dir, "nginx.conf")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", tls_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        response, _ = https(tls_port, "GET", "/healthz")
        check(response.status == 200, "nginx proxies to the installed server over TLS")
        check(response.getheader("Strict-Transport-Security") == "max-age=31536000",
              "an answer over TLS carries HSTS, once")
        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/2025/")
        redirect = plain.getresponse()
        check(redirect.status == 301 and (redirect.getheader("Location") or "").startswith("https://"),
              "plain HTTP is sent to HTTPS")
        response, _ = https(tls_port, "GET", "/metrics")
        check(response.status == 404, "/metrics is not served through the proxy")
        check(response.getheader("Strict-Transport-Security") == "max-age=31536000",
              "nginx's own answers carry HSTS too")

        response, _ = sign_in(tls_port, "admin", password)
        cookies = response.headers.get_all("Set-Cookie") or []
        session = [c for c in cookies if c.startswith("__Host-torikumi_session=")]
        check(response.status == 303 and len(session) == 1,
              "the administrator signs in through the proxy")
        check(session and "; Secure" in session[0] and "; HttpOnly" in session[0] and
              "; Path=/" in session[0], "the session cookie is __Host-, Secure and HttpOnly")

        # 20 failures from one client's address lock that address out; the proxy tells the
        # server who the client is, and the client cannot say otherwise.
        for k in range(20):
            sign_in(tls_port, "nobody%d" % k, "wrong password", source="127.0.0.3")
        refused, page = sign_in(tls_port, "admin", password, source="127.0.0.3")
        check(refused.status == 403 and "ログインの失敗が続いたため" in page,
              "after 20 failures the client's address is refused, though the password is right")
        forged, page = sign_in(tls_port, "admin", password, source="127.0.0.3",
                               extra_headers={"X-Forwarded-For": "198.51.100.7"})
        check(forged.status == 403 and "ログインの失敗が続いたため" in page,
              "a forged X-Forwarded-For does not lift the limit")
        other, _ = sign_in(tls_port, "admin", password, source="127.0.0.4")
        check(other.status == 303, "another client's address signs in meanwhile")
        log = open(server_log, encoding="utf-8").read()
        check(re.search(r"access id=[0-9a-f]{32} peer=127\.0\.0\.3 user=0 method=POST path=/login ", log)
              is not None, "the access log names the client's address and nginx's request id")
        check("198.51.100.7" not in log, "the forged address reaches no log")
    finally:
        nginx.terminate()
        nginx.wait(timeout=15)


def syscall_group(group):
    """The system calls of a systemd group (systemd.exec(5) SystemCallFilter=), nested ones included."""
    listing = run(["systemd-analyze", "syscall-filter", group]).stdout.splitlines()[1:]
    names = set()
    for line in (line.strip() for line in listing):
        if line.startswith("@"):
            names |= syscall_group(line)
        elif line and not line.startswith("#"):
            names.add(line)
    return names


def traced_calls(trace):
    calls = set()
    for line in open(trace, encoding="utf-8", errors="replace"):
        match = re.match(r"^(?:\d+\s+)?([a-z0-9_]+)\(", line)
        if match:
            calls.add(match.group(1))
    return calls


def check_system_calls(directory):
    """The unit's filter (@system-service without @privileged) as the service's user meets
    it: every system call the server makes while serving pages, documents, a sign-in and the
    metrics, and the scheduled backup makes, is one the filter allows."""
    os.chmod(directory, 0o777)
    serve_trace = os.path.join(directory, "serve.strace")
    backup_trace = os.path.join(directory, "backup.strace")
    port = free_port()
    tracer = subprocess.Popen(
        ROOT + as_torikumi(["strace", "-f", "-qq", "-o", serve_trace, "env",
                            "TORIKUMI_LISTEN=127.0.0.1:%d" % port, "/usr/bin/torikumi", "--config",
                            CONFIG, "serve"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path in ["/2025/", "/2025/initiatives/1", "/2025/initiatives/1.pdf", "/2025/downloads/",
                     "/2025/downloads/torikumi-R7-2026-03-31.pdf", "/2025/downloads/torikumi-R7-2026-03-31.xlsx",
                     "/metrics", "/login"]:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            check(response.status == 200, "under strace, GET %s answers 200" % path)
        connection.request("POST", "/login", body="csrf=x&login=admin&password=y",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        connection.getresponse().read()
        connection.close()
    finally:
        server = run(["pgrep", "-P", str(tracer.pid), "-f", "torikumi"]).stdout.split()
        children = run(["pgrep", "-P", server[0] if server else "0"]).stdout.split()
        for pid in children or server:
            as_root(["kill", "-TERM", pid])
        tracer.wait(timeout=60)
    backed = as_root(as_torikumi(["strace", "-f", "-qq", "-o", backup_trace, "env",
                                  "TORIKUMI_BACKUP_FOLDER=" + directory + "/traced-backups",
                                  "/usr/bin/torikumi", "--config", CONFIG, "backup", "--scheduled"]), cwd="/")
    check(backed.returncode == 0, "under strace, the scheduled backup is made")
    allowed = syscall_group("@system-service") - syscall_group("@privileged")
    used = traced_calls(serve_trace) | traced_calls(backup_trace)
    check(len(used) > 30 and used <= allowed,
          "the %d system calls the service makes are all in its filter; outside it: %s"
          % (len(used), sorted(used - allowed)))


def check_service():
    directory = tempfile.mkdtemp(prefix="torikumi-install-")
    os.chmod(directory, 0o755)
    server = None
    try:
        imported = as_root(as_torikumi(["/usr/bin/torikumi", "--config", CONFIG, "import",
                                        "/usr/share/doc/torikumi/examples/kawanishi-r7-process-sheet.tsv",
                                        "--publish", "2026-03-31"]), cwd="/")
        check(imported.returncode == 0, "the torikumi user imports the sample into " + STATE)
        notify = Notifications(directory)
        port = free_port()
        server_log = os.path.join(directory, "server.log")
        with open(server_log, "w", encoding="utf-8") as log:
            server = subprocess.Popen(
                ROOT + as_torikumi(["env", "NOTIFY_SOCKET=" + notify.path, "WATCHDOG_USEC=1000000",
                             "STATE_DIRECTORY=" + STATE, "TORIKUMI_LISTEN=127.0.0.1:%d" % port,
                             "/usr/bin/torikumi", "--config", CONFIG, "serve"]),
                stdout=log, stderr=subprocess.STDOUT, cwd="/")
        check(notify.wait_for("READY=1", 30), "the server tells systemd it is ready")
        check(notify.wait_for("WATCHDOG=1", 5), "the server pings the watchdog")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/2025/")
        page = connection.getresponse().read().decode()
        check("DXに向けた事業再検証" in page, "it serves the sample sheet")
        connection.request("GET", "/metrics")
        metrics = connection.getresponse().read().decode()
        check('torikumi_http_requests_total{route="/{year}/",method="GET",status="200"} 1' in metrics,
              "this machine reads its metrics")
        connection.close()

        initial = as_root(["stat", "-c", "%U %a", STATE + "/initial-administrator.txt"]).stdout.strip()
        check(initial == "torikumi 600", "the first administrator's password is in a file of the service's only")
        password = re.search(r"パスワード: (\S+)",
                             as_root(["cat", STATE + "/initial-administrator.txt"]).stdout)
        check(password is not None and password.group(1) not in open(server_log, encoding="utf-8").read(),
              "and never in the log")
        if password:
            check_behind_nginx(directory, port, password.group(1), server_log)

        server.send_signal(signal.SIGTERM)
        check(server.wait(timeout=60) == 0, "SIGTERM stops the server cleanly")
        check(notify.wait_for("STOPPING=1", 5), "the server tells systemd it is stopping")
        server = None
        check_system_calls(directory)

        for _ in range(3):
            backed = as_root(as_torikumi(["env", "TORIKUMI_BACKUP_KEEP=2", "/usr/bin/torikumi",
                                          "--config", CONFIG, "backup", "--scheduled"]), cwd="/")
            check(backed.returncode == 0, "a scheduled backup is made: " + backed.stdout.strip() + backed.stderr.strip())
            time.sleep(1.1)  # the backups are named by the second
        backups = sorted(as_root(["ls", STATE + "/backups"]).stdout.split())
        check(len(backups) == 2 and all(re.fullmatch(r"torikumi-\d{8}T\d{6}\.db", b) for b in backups),
              "the newest two backups are kept: %s" % backups)
        if backups:
            exported = as_root(["/usr/bin/torikumi", "export", "--year", "2025", "--db",
                                STATE + "/backups/" + backups[-1]])
            live = as_root(["/usr/bin/torikumi", "export", "--year", "2025", "--db", STATE + "/torikumi.db"])
            check(exported.returncode == 0 and exported.stdout == live.stdout,
                  "the backup exports the same sheet as the database")
    finally:
        if server is not None:
            server.kill()
            server.wait()
        shutil.rmtree(directory, ignore_errors=True)


def main():
    if os.geteuid() != 0 and run(["sudo", "-n", "true"]).returncode != 0:
        print("This test installs a package: it runs as root, or with sudo without a password.")
        return 1
    if installed_version() is not None and as_root(["test", "-e", MARKER]).returncode != 0:
        print("torikumi is installed on this machine, not by this test: it is left alone.")
        return 1
    purge()
    try:
        check_package()
        if check_installation():
            check_service()
    finally:
        purge()
    check(installed_version() is None and not os.path.exists("/usr/bin/torikumi") and
          not os.path.exists(CONFIG), "dpkg --purge removes the program and its configuration")
    if failures:
        print("%d checks failed:\n  %s" % (len(failures), "\n  ".join(failures)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
