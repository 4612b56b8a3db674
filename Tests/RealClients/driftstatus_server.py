"""A `driftstatus serve` of its own for checks that write (an API token, their own demo database,
their own environment), so they neither depend on nor disturb the shared server run.sh starts.
Not a check itself: run.sh runs check_*.py only."""
import asyncio
import email
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "driftstatus"


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def wait_for(predicate, what, timeout=30.0):
    """Polls `predicate` until it holds; returns the moment it did (for checks that measure how long)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return time.time()
        time.sleep(0.05)
    fail(f"timed out after {timeout:.0f} s waiting for {what}")


class Mailbox:
    """aiosmtpd handler: keeps every accepted message; `delay` holds the 250 reply back."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []  # (recipient, EmailMessage)
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.messages.append((recipient.lower(), message))
        return "250 OK"

    def to(self, address):
        with self.lock:
            return [m for r, m in self.messages if r == address.lower()]


def start_smtp(mailbox):
    """A real SMTP server (aiosmtpd) on a free loopback port delivering to `mailbox`: (controller, port)."""
    from aiosmtpd.controller import Controller
    # aiosmtpd checks its own port after starting, so it needs a real one rather than 0.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port


def smtp_env(port, **extra):
    """The environment of a server sending through the aiosmtpd listener on `port`, retrying after 0.3 s."""
    return {"DRIFTSTATUS_SMTP_HOST": "127.0.0.1", "DRIFTSTATUS_SMTP_PORT": str(port), "DRIFTSTATUS_SMTP_SECURITY": "none",
            "DRIFTSTATUS_SMTP_FROM": "status@example.se", "DRIFTSTATUS_NOTIFICATIONS_RETRY_FIRST_SECONDS": "0.3", **extra}


def expect_exactly(count_of, recipients, count, what, settle=1.5):
    """Waits until every recipient has `count` of `what` (`count_of(recipient)` counts), then, after
    `settle` seconds for any extra one to arrive, fails unless each has exactly that many."""
    wait_for(lambda: all(count_of(r) >= count for r in recipients), f"{count} {what} each")
    time.sleep(settle)
    for recipient in recipients:
        if count_of(recipient) != count:
            fail(f"{recipient} has {count_of(recipient)} {what}, expected {count}")


class OwnServer:
    """Demo data in a fresh database, an admin token, and `serve` on a free port with `env` added."""

    def __init__(self, env=None):
        if not BINARY.exists():
            fail(f"{BINARY} is missing: run swift build first")
        self.work = tempfile.mkdtemp(prefix="driftstatus-check-")
        self.database = os.path.join(self.work, "check.sqlite")
        self.env = dict(os.environ, **(env or {}))
        self.process, self.base = None, None
        self.command("demo")
        self.token = self.command("token", "create", "--name", "check", "--role", "admin").strip()

    def command(self, *args):
        return subprocess.run([str(BINARY), *args, "--db", self.database, "--site", str(ROOT)], check=True,
                              capture_output=True, text=True, env=self.env).stdout

    def start(self, **extra_env):
        env = dict(self.env, **extra_env)
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--db", self.database, "--site", str(ROOT), "--port", "0", "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on "):
            fail(f"server did not start: {line!r}")
        self.base = line.split("listening on ", 1)[1].strip()
        return self

    def restart_ahead(self, seconds):
        """Restarts the server with its whole clock `seconds` ahead (DRIFTSTATUS_TEST_CLOCK_OFFSET_SECONDS)."""
        self.stop()
        return self.start(DRIFTSTATUS_TEST_CLOCK_OFFSET_SECONDS=str(seconds))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None

    def request(self, method, path, body=None, headers=None):
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def api(self, method, path, payload=None):
        status, _, body = self.request(method, path, json.dumps(payload) if payload is not None else None,
                                       {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        text = body.decode()
        return status, (json.loads(text) if text.strip().startswith(("{", "[")) else text)

    def confirm_subscription(self, path):
        """Opens a confirmation link and presses its one button (a GET alone confirms nothing)."""
        status, _, body = self.get(path)
        page = body.decode()
        forms = re.findall(r'<form method="post" action="([^"]+)">\s*<input type="hidden" name="token" value="([^"]+)">', page)
        if status != 200 or len(forms) != 1:
            fail(f"confirm page {path}: HTTP {status}, {len(forms)} button forms")
        return self.form(forms[0][0], {"token": forms[0][1]})[0]

    def form(self, path, fields):
        import urllib.parse
        status, _, body = self.request("POST", path, urllib.parse.urlencode(fields, doseq=True),
                                       {"Content-Type": "application/x-www-form-urlencoded"})
        return status, body.decode()
