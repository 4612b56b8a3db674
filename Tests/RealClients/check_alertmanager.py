"""Prometheus Alertmanager (Debian's prometheus-alertmanager 0.25) moves a component.

- Alertmanager runs from the docs' own configuration (docs/alertmanager.md, only the address and
  the token replaced), started here with its own storage, a free loopback port and clustering off,
  so the Debian service need not run.
- An alert posted to Alertmanager's /api/v2/alerts reaches a real `driftstatus serve` through the
  webhook: the component changes on /en/ and /api/v2/components.json; the same alert posted again
  with endsAt in the past resolves it and the component returns.
- A `draft` rule: the proposed incident appears on /admin/; publishing it makes it public.
Run: .build-realclients/venv/bin/python Tests/RealClients/check_alertmanager.py http://127.0.0.1:1
(the address is ignored: this check starts its own servers)."""
import datetime
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from driftstatus_server import BINARY, ROOT, OwnServer, fail, wait_for  # noqa: E402

ALERTMANAGER = shutil.which("prometheus-alertmanager") or "/usr/bin/prometheus-alertmanager"
DOC = ROOT / "docs" / "alertmanager.md"
EMAIL, PASSWORD = "alerts-check@example.com", "alerts check password 42"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def documented_config(base, token):
    """The docs' alertmanager.yml with only the address and the token replaced (each exactly once)."""
    text = DOC.read_text()
    match = re.search(r"<!-- alertmanager\.yml[^>]*-->\n```yaml\n(.*?)```", text, re.S)
    if not match:
        fail("docs/alertmanager.md has no alertmanager.yml block")
    block = match.group(1)
    for placeholder in ("http://127.0.0.1:8080", "DRIFTSTATUS_API_TOKEN"):
        if block.count(placeholder) != 1:
            fail(f"docs/alertmanager.md: the receiver block must contain {placeholder} once")
    return block.replace("http://127.0.0.1:8080", base).replace("DRIFTSTATUS_API_TOKEN", token)


def statuses(server):
    status, _, body = server.get("/api/v2/components.json")
    if status != 200:
        fail(f"/api/v2/components.json: HTTP {status}")
    return {c["id"]: c for c in json.loads(body)["components"]}


def start_with_config(server, config):
    server.process = subprocess.Popen(
        [str(BINARY), "serve", "--db", server.database, "--site", str(ROOT), "--port", "0", "--log-level", "warning",
         "--config", config], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=server.env, text=True)
    line = server.process.stdout.readline()
    if not line.startswith("listening on "):
        fail(f"server did not start: {line!r} {server.process.stderr.read()}")
    server.base = line.split("listening on ", 1)[1].strip()


def post_alert(port, labels, starts, ends=None):
    alert = {"labels": labels, "annotations": {"summary": "<b>slow</b> [x](javascript:alert(1))"},
             "startsAt": starts, "generatorURL": "http://prometheus.invalid/graph"}
    if ends:
        alert["endsAt"] = ends
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v2/alerts", data=json.dumps([alert]).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 200:
            fail(f"alertmanager /api/v2/alerts: HTTP {response.status}")


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Browser:
    """A signed-in staff member: cookies kept, CSRF token read from the page."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())
        status = self.post("/admin/login", {"email": EMAIL, "password": PASSWORD})
        if status != 303:
            fail(f"admin sign-in: HTTP {status}")

    def get(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": self.base})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    if not os.path.exists(ALERTMANAGER):
        fail("prometheus-alertmanager is not installed (scripts/setup.sh --test)")
    server = OwnServer()
    subprocess.run([str(BINARY), "user", "add", "--email", EMAIL, "--name", "Alert Check", "--role", "admin",
                    "--db", server.database, "--site", str(ROOT)], input=PASSWORD + "\n", text=True, check=True,
                   capture_output=True, env=server.env)
    # Pick two components the demo left operational, so a change is visible.
    server.start()
    before = statuses(server)
    server.stop()
    slug_of = component_slugs(server)
    operational = [c for c in before.values() if c["status"] == "operational" and c["id"] in slug_of]
    if len(operational) < 2:
        fail("the demo data has fewer than two operational components")
    moved, drafted = operational[0], operational[1]
    work = tempfile.mkdtemp(prefix="alertmanager-check-")
    alertmanager = None
    try:
        config = os.path.join(work, "driftstatus.toml")
        with open(config, "w") as out:
            out.write(f"""
[[alert_rules]]
match = {{ service = "{slug_of[moved['id']]}", severity = "critical" }}
component = "{slug_of[moved['id']]}"
status = "major_outage"

[[alert_rules]]
name = "draft-check"
match = {{ service = "{slug_of[drafted['id']]}" }}
component = "{slug_of[drafted['id']]}"
status = "partial_outage"
action = "draft"
title_sv = "Larmcheck: {{{{labels.service}}}} stör"
title_en = "Alert check: {{{{labels.service}}}} disrupted"
body_sv = "{{{{annotations.summary}}}}"
body_en = "{{{{annotations.summary}}}}"
""")
        start_with_config(server, config)
        port = free_port()
        yml = os.path.join(work, "alertmanager.yml")
        with open(yml, "w") as out:
            out.write(documented_config(server.base, server.token))
        alertmanager = subprocess.Popen(
            [ALERTMANAGER, f"--config.file={yml}", f"--storage.path={os.path.join(work, 'data')}",
             f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

        def ready():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return alertmanager.poll() is not None and fail(f"alertmanager exited: {alertmanager.stderr.read()}")
        wait_for(ready, "alertmanager ready")

        def home_major_outages():
            return server.get("/en/")[2].decode().count("status--major_outage")
        outages_before = home_major_outages()
        slug = slug_of[moved["id"]]
        starts = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
        labels = {"alertname": "CheckSlow", "service": slug, "severity": "critical"}
        post_alert(port, labels, iso(starts))
        wait_for(lambda: statuses(server)[moved["id"]]["status"] == "major_outage", f"{slug} major_outage in /api/v2", timeout=60)
        if home_major_outages() <= outages_before:
            fail("/en/ does not show the alert's major outage")
        print(f"alertmanager: firing alert moved {slug} to major_outage (/api/v2 and /en/)")

        post_alert(port, labels, iso(starts), iso(datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=1)))
        wait_for(lambda: statuses(server)[moved["id"]]["status"] == "operational", f"{slug} operational again", timeout=60)
        if home_major_outages() != outages_before:
            fail("/en/ still shows the resolved alert's outage")
        print(f"alertmanager: resolved alert returned {slug} to operational")

        draft_slug = slug_of[drafted["id"]]
        post_alert(port, {"alertname": "CheckDraft", "service": draft_slug}, iso(starts))
        browser = Browser(server.base)
        title = f"Alert check: {draft_slug} disrupted"
        wait_for(lambda: title in browser.get("/admin/?lang=en"), "the draft on /admin/", timeout=60)
        dashboard = browser.get("/admin/?lang=en")
        if "<b>slow</b>" in dashboard:
            fail("/admin/ shows the alert's annotation as HTML")
        action = re.search(r'action="(/admin/alert-drafts/\d+/publish)"', dashboard)
        csrf = re.search(r'name="csrf" value="([^"]+)"', dashboard)
        if not action or not csrf:
            fail("/admin/ has no publish form for the draft")
        if title in server.get("/en/")[2].decode():
            fail("the draft is public before it was published")
        status = browser.post(action.group(1), {"csrf": csrf.group(1)})
        if status != 303:
            fail(f"publishing the draft: HTTP {status}")
        home = server.get("/en/")[2].decode()
        if title not in home:
            fail("the published draft is not on /en/")
        if "<b>slow</b>" in home or "javascript:alert" in re.sub(r"\\", "", "".join(re.findall(r'href="[^"]*"', home))):
            fail("the published incident carries the annotation's markup")
        print(f"alertmanager: draft on /admin/, published with one click, now on /en/")
    finally:
        if alertmanager and alertmanager.poll() is None:
            alertmanager.terminate()
            alertmanager.wait(timeout=30)
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("alertmanager: ok")


def component_slugs(server):
    """id -> slug, from the write API (the public JSON names components by name only)."""
    server.start()
    try:
        status, listing = server.api("GET", "/api/v1/components")
        if status != 200:
            fail(f"/api/v1/components: HTTP {status}")
        return {str(c["id"]): c["slug"] for c in listing["components"]}
    finally:
        server.stop()


if __name__ == "__main__":
    main()
