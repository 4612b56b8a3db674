#!/usr/bin/env python3
"""Subscriber notifications end to end (issue 6), with real peers.

Starts its own `driftstatus serve` (demo data, its own database) wired to a real SMTP server
(aiosmtpd, in this process) and two webhook receivers (http.server), then checks:
- the double opt-in: nothing but the confirmation email before the link's button is pressed;
- an incident with two updates reaches a Swedish and an English subscriber in their language,
  as multipart text + HTML with List-Unsubscribe headers; component filters hold;
- one-click unsubscribe (RFC 8058) with one request;
- webhooks carry a valid HMAC signature and an event id; a receiver that fails three times then
  succeeds gets each event once;
- the server is killed (SIGKILL) during delivery and right after a publish: after a restart every
  subscriber gets every notification, and no subscriber gets two different messages for one event
  (a message the relay accepted just before the kill may be sent again with the same Message-ID,
  which is how receivers drop it: at-least-once with de-duplication).
The first argument (the shared server's address) is not used.
"""
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from driftstatus_server import Mailbox, fail, start_smtp, wait_for

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "driftstatus"
PUBLIC_BASE = "https://status.example.se"
SECRET_OK = "ok-receiver-secret-0123456789"
SECRET_FLAKY = "flaky-receiver-secret-0123456789"


class Receiver(BaseHTTPRequestHandler):
    """/ok answers 200; /flaky answers 500 to its first three requests, then 200."""
    lock = threading.Lock()
    accepted = []  # (path, event_id, event_type, body)
    attempts = {"/flaky": 0, "/ok": 0}
    bad_signatures = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        secret = SECRET_FLAKY if self.path == "/flaky" else SECRET_OK
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        with Receiver.lock:
            if not hmac.compare_digest(expected, self.headers.get("X-Driftstatus-Signature", "")):
                Receiver.bad_signatures.append(self.path)
            Receiver.attempts[self.path] = Receiver.attempts.get(self.path, 0) + 1
            failing = self.path == "/flaky" and Receiver.attempts[self.path] <= 3
            if not failing:
                Receiver.accepted.append((self.path, self.headers.get("X-Driftstatus-Event-Id"),
                                          self.headers.get("X-Driftstatus-Event-Type"), body))
        self.send_response(500 if failing else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Server:
    def __init__(self, database, smtp_port):
        self.database, self.smtp_port = database, smtp_port
        self.process, self.base = None, None

    def start(self):
        env = dict(os.environ,
                   DRIFTSTATUS_BASE_URL=PUBLIC_BASE,
                   DRIFTSTATUS_SMTP_HOST="127.0.0.1", DRIFTSTATUS_SMTP_PORT=str(self.smtp_port),
                   DRIFTSTATUS_SMTP_SECURITY="none", DRIFTSTATUS_SMTP_FROM="status@example.se",
                   DRIFTSTATUS_NOTIFICATIONS_RETRY_FIRST_SECONDS="0.3",
                   DRIFTSTATUS_NOTIFICATIONS_RETRY_MAX_SECONDS="1",
                   DRIFTSTATUS_NOTIFICATIONS_SUBSCRIBE_LIMIT="1000",
                   # The webhook receivers listen on loopback, which is refused by default (SSRF).
                   DRIFTSTATUS_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES="true")
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--db", self.database, "--site", str(ROOT), "--port", "0", "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on "):
            fail(f"server did not start: {line!r}")
        self.base = line.split("listening on ", 1)[1].strip()

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def request(self, method, path, body=None, headers=None):
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form(self, path, fields):
        return self.request("POST", path, urllib.parse.urlencode(fields, doseq=True),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def api(self, method, path, token, payload=None):
        status, text = self.request(method, path, json.dumps(payload) if payload is not None else None,
                                    {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        return status, (json.loads(text) if text.strip().startswith(("{", "[")) else text)


def local_path(link):
    """The path and query of an absolute link in an email (the emails carry the public base URL)."""
    if not link.startswith(PUBLIC_BASE + "/"):
        fail(f"link {link!r} does not start with the configured base URL")
    return link[len(PUBLIC_BASE):]


def parts(message):
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    if text is None or html is None:
        fail(f"message {message['Subject']!r} is not multipart text + HTML")
    return text.get_content(), html.get_content()


def notices(mailbox, address):
    """Messages that belong to an event (confirmation emails carry no event id)."""
    return [m for m in mailbox.to(address) if m["X-Driftstatus-Event-Id"]]


def main():
    if not BINARY.exists():
        fail(f"{BINARY} is missing: run swift build first")
    work = tempfile.mkdtemp(prefix="driftstatus-notify-")
    database = os.path.join(work, "notify.sqlite")
    run = lambda *args, **kw: subprocess.run([str(BINARY), *args, "--db", database, "--site", str(ROOT)],
                                             check=True, capture_output=True, text=True, **kw)
    run("demo")
    token = run("token", "create", "--name", "e2e", "--role", "admin").stdout.strip()

    mailbox = Mailbox()
    controller, smtp_port = start_smtp(mailbox)
    receivers = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receivers.serve_forever, daemon=True).start()
    hook_base = f"http://127.0.0.1:{receivers.server_address[1]}"

    server = Server(database, smtp_port)
    server.start()
    try:
        components = {c["slug"]: c["id"] for c in server.api("GET", "/api/v1/components", token)[1]["components"]}
        bank, other = components["bank-sync"], next(i for s, i in components.items() if s != "bank-sync")

        # Double opt-in.
        signups = [("kund@example.se", "/sv/subscribe", {"language": "sv"}),
                   ("customer@example.com", "/en/subscribe", {"language": "en", "component": [bank]}),
                   ("annan@example.se", "/sv/subscribe", {"language": "sv", "component": [other]}),
                   ("glomsk@example.se", "/sv/subscribe", {"language": "sv"})]
        for address, path, fields in signups:
            status, page = server.form(path, {"email": address, **fields})
            if status != 202:
                fail(f"subscribe {address}: HTTP {status}")
        wait_for(lambda: all(mailbox.to(a) for a, _, _ in signups), "four confirmation emails")
        for address, path, _ in signups:
            confirmation = mailbox.to(address)[0]
            text, html = parts(confirmation)
            links = re.findall(r"https://\S+/subscribe/confirm\?token=[A-Za-z0-9_-]+", text)
            if not links or path.split("/")[1] != local_path(links[0]).split("/")[1]:
                fail(f"confirmation for {address} has no link in its language: {text!r}")
            if address == "glomsk@example.se":
                continue  # never confirms
            # The link shows one button (mail scanners follow links); only its POST confirms.
            status, page = server.request("GET", local_path(links[0]))
            forms = re.findall(r'<form method="post" action="([^"]+)">\s*<input type="hidden" name="token" value="([^"]+)">', page)
            if status != 200 or len(forms) != 1:
                fail(f"confirm page for {address}: HTTP {status}, {len(forms)} button forms")
            status, page = server.form(forms[0][0], {"token": forms[0][1]})
            if status != 200:
                fail(f"confirm {address}: HTTP {status}")

        # Webhooks, through the API.
        for path, secret in (("/ok", SECRET_OK), ("/flaky", SECRET_FLAKY)):
            status, answer = server.api("POST", "/api/v1/webhooks", token,
                                        {"url": hook_base + path, "secret": secret, "language": "en"})
            if status != 201:
                fail(f"create webhook {path}: HTTP {status} {answer}")

        # An incident with two updates.
        status, answer = server.api("POST", "/api/v1/incidents", token, {
            "title": {"sv": "Banksynkroniseringen är försenad", "en": "Bank synchronisation is delayed"},
            "body": {"sv": "Vi undersöker saken.", "en": "We are investigating."},
            "impact": "major", "components": [{"component": "bank-sync", "status": "partial_outage"}]})
        if status != 201:
            fail(f"create incident: HTTP {status} {answer}")
        incident = answer["incident"]["id"]
        server.api("POST", f"/api/v1/incidents/{incident}/updates", token, {
            "status": "identified", "body": {"sv": "Orsaken är hittad.", "en": "The cause is found."}})
        server.api("POST", f"/api/v1/incidents/{incident}/resolve", token, {
            "body": {"sv": "Allt fungerar igen.", "en": "Everything works again."}})

        wait_for(lambda: len(notices(mailbox, "kund@example.se")) >= 3 and len(notices(mailbox, "customer@example.com")) >= 3,
                 "three notices each for the Swedish and the English subscriber")
        for address, language, title, body in (("kund@example.se", "sv", "Banksynkroniseringen är försenad", "Orsaken är hittad."),
                                               ("customer@example.com", "en", "Bank synchronisation is delayed", "The cause is found.")):
            got = notices(mailbox, address)
            if len(got) != 3:
                fail(f"{address} got {len(got)} notices, expected 3")
            if not all(title in m["Subject"] for m in got):
                fail(f"{address}: subjects not in {language}: {[m['Subject'] for m in got]}")
            texts = [parts(m)[0] for m in got]
            if not any(body in t for t in texts):
                fail(f"{address}: the update text is missing from {texts!r}")
            for m in got:
                if not m["List-Unsubscribe"] or m["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click":
                    fail(f"{address}: no one-click List-Unsubscribe headers")
        time.sleep(1.0)
        if notices(mailbox, "annan@example.se"):
            fail("a subscriber of another component got the bank incident")
        if notices(mailbox, "glomsk@example.se"):
            fail("an unconfirmed subscriber got a notice")

        # Webhooks: signed, one copy per event, also at the receiver that failed three times.
        wait_for(lambda: len([a for a in Receiver.accepted if a[0] == "/flaky"]) >= 3, "the flaky receiver to catch up", 20)
        time.sleep(1.0)
        if Receiver.bad_signatures:
            fail(f"webhook signatures did not verify at {Receiver.bad_signatures}")
        for path in ("/ok", "/flaky"):
            ids = [a[1] for a in Receiver.accepted if a[0] == path and a[2].startswith("incident.")]
            if len(ids) != 3 or len(set(ids)) != 3:
                fail(f"{path} accepted incident events {ids}, expected three distinct")
        if Receiver.attempts["/flaky"] < 4:
            fail("the flaky receiver was not retried")
        payload = json.loads(next(a[3] for a in Receiver.accepted if a[0] == "/ok" and a[2] == "incident.created"))
        if payload.get("incident", {}).get("name") != "Bank synchronisation is delayed" or "page" not in payload:
            fail(f"incident webhook payload is not Statuspage-shaped: {payload}")

        # One-click unsubscribe: one POST to the List-Unsubscribe address.
        header = notices(mailbox, "customer@example.com")[0]["List-Unsubscribe"]
        link = re.search(r"<([^>]+)>", header).group(1)
        status, _ = server.request("POST", local_path(link), "List-Unsubscribe=One-Click",
                                   {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 200:
            fail(f"one-click unsubscribe: HTTP {status}")

        # Many confirmed subscribers, then kills: during delivery and right after a publish.
        crowd = [f"kund{i}@example.se" for i in range(16)]
        for address in crowd:
            server.form("/sv/subscribe", {"email": address})
        wait_for(lambda: all(mailbox.to(a) for a in crowd), "the crowd's confirmation emails")
        for address in crowd:
            link = re.search(r"https://\S+/subscribe/confirm\?token=[A-Za-z0-9_-]+", parts(mailbox.to(address)[0])[0]).group(0)
            path, _, link_token = local_path(link).partition("?token=")
            server.form(path, {"token": link_token})
        everyone = crowd + ["kund@example.se"]
        before = {a: len(notices(mailbox, a)) for a in everyone + ["customer@example.com"]}

        mailbox.delay = 0.25
        status, answer = server.api("POST", "/api/v1/incidents", token, {
            "title": {"sv": "Inloggningen är långsam", "en": "Sign-in is slow"},
            "body": {"sv": "Vi undersöker.", "en": "Investigating."}, "impact": "minor"})
        first_event = answer["incident"]["id"]
        time.sleep(1.3)
        server.kill()
        delivered_before_kill = sum(len(notices(mailbox, a)) - before[a] for a in everyone)
        # Killed again right after a publish, before the sender can have sent anything.
        server.start()
        status, answer = server.api("POST", "/api/v1/incidents", token, {
            "title": {"sv": "Exporten står still", "en": "Exports are stuck"},
            "body": {"sv": "Vi undersöker.", "en": "Investigating."}, "impact": "minor"})
        server.kill()
        mailbox.delay = 0.0
        server.start()
        wait_for(lambda: all(len({m["Message-ID"] for m in notices(mailbox, a)}) >= before[a] + 2 for a in everyone),
                 "every subscriber to get both incidents after the restarts", 60)
        time.sleep(1.0)
        duplicates = 0
        for address in everyone:
            fresh = notices(mailbox, address)[before[address]:]
            by_event = {}
            for m in fresh:
                by_event.setdefault(m["X-Driftstatus-Event-Id"], set()).add(m["Message-ID"])
            if len(by_event) != 2 or any(len(ids) != 1 for ids in by_event.values()):
                fail(f"{address}: events/message ids after the kills: {by_event}")
            duplicates += len(fresh) - 2
        if notices(mailbox, "customer@example.com")[before["customer@example.com"]:]:
            fail("the unsubscribed subscriber still got email")
        if not 0 < delivered_before_kill < len(everyone):
            fail(f"the first kill did not land during delivery ({delivered_before_kill} of {len(everyone)} sent before it)")
        if duplicates > 1:
            fail(f"{duplicates} repeated messages after the kills; at most the one in flight may repeat")
        print(f"ok: double opt-in, sv/en texts, filters, one-click unsubscribe, signed webhooks with retries; "
              f"killed during delivery after {delivered_before_kill}/{len(everyone)} emails and right after a publish: "
              f"every subscriber got each event once ({duplicates} resend of the in-flight message, same Message-ID)")
    finally:
        server.stop()
        controller.stop()
        receivers.shutdown()


if __name__ == "__main__":
    main()
