#!/usr/bin/env python3
"""Stale incident reminders to staff (issue 12 part 4) end to end, with a fake clock and a real SMTP server.

Starts its own server (demo data) wired to aiosmtpd in this process. Two admin accounts are added
with `driftstatus user add --language sv|en` (and `user list` must show their languages); an
incident is opened through the write API. The server is then restarted with its clock moved
forward by DRIFTSTATUS_TEST_CLOCK_OFFSET_SECONDS (the whole server lives that far ahead):
- right away: no reminder about the incident;
- clock +61 min: exactly one reminder per admin, in the admin's language, naming the incident and
  linking to its admin page; the /admin/ dashboard of a signed-in admin shows the banner; another
  restart at the same offset sends nothing more;
- clock +121 min: one more each; after an update (posted at +121 min) and a restart at +150 min,
  none, and no banner.
Other (demo) incidents may be stale too: only mail about this check's incident is counted.
The first argument (the shared server's address) is not used.
"""
import http.client
import re
import subprocess
import time
import urllib.parse

import driftstatus_server
from driftstatus_server import BINARY, ROOT, OwnServer, expect_exactly, fail, smtp_env, start_smtp

MINUTE = 60
PASSWORD = "a long enough check passphrase 42"
TITLE = {"sv": "Kortbetalningar fungerar inte", "en": "Card payments are failing"}
ADMINS = {"ada@example.se": "sv", "bob@example.com": "en"}
SUBJECT = {"sv": "Ingen uppdatering på {} minuter: " + TITLE["sv"], "en": "No update for {} minutes: " + TITLE["en"]}


class Mailbox(driftstatus_server.Mailbox):
    def reminders(self, address):
        return [m for m in self.to(address)
                if m["X-Driftstatus-Event-Type"] == "incident.stale" and any(t in m["Subject"] for t in TITLE.values())]


def add_admin(server, address, language):
    subprocess.run([str(BINARY), "user", "add", "--email", address, "--name", address.split("@")[0], "--role", "admin",
                    "--language", language, "--db", server.database, "--site", str(ROOT)],
                   input=PASSWORD + "\n", check=True, capture_output=True, text=True, env=server.env)


def sign_in(server, address):
    """The session cookie of a staff member signed in through the real form."""
    parts = urllib.parse.urlsplit(server.base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("POST", "/admin/login", urllib.parse.urlencode({"email": address, "password": PASSWORD}),
                       {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    cookies = [v.split(";")[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
    if response.status != 303 or not cookies:
        fail(f"sign-in as {address}: HTTP {response.status}")
    return "; ".join(cookies)


def dashboard(server, cookie, language):
    status, _, body = server.get(f"/admin/?lang={language}", {"Cookie": cookie})
    if status != 200:
        fail(f"/admin/: HTTP {status}")
    return body.decode()


def main():
    mailbox = Mailbox()
    controller, smtp_port = start_smtp(mailbox)
    server = OwnServer(smtp_env(smtp_port, DRIFTSTATUS_NOTIFICATIONS_STALE_INCIDENT_MINUTES="60"))
    try:
        for address, language in ADMINS.items():
            add_admin(server, address, language)
        listing = server.command("user", "list")
        for address, language in ADMINS.items():
            if not re.search(rf"^{re.escape(address)}\s+\S+\s+admin\s+{language}\s", listing, re.MULTILINE):
                fail(f"`user list` does not show {address} with language {language}:\n{listing}")

        server.start()
        status, answer = server.api("POST", "/api/v1/incidents", {
            "title": TITLE, "body": {"sv": "Vi undersöker.", "en": "We are investigating."}, "impact": "major"})
        if status != 201:
            fail(f"open the incident: HTTP {status} {answer}")
        incident = answer["incident"]["id"]
        time.sleep(1.5)
        if any(mailbox.reminders(a) for a in ADMINS):
            fail("a reminder right after the incident was opened")

        def restart(offset_minutes):
            server.restart_ahead(offset_minutes * MINUTE)

        def expect_reminders(count, minutes, when):
            expect_exactly(lambda a: len(mailbox.reminders(a)), ADMINS, count, f"reminders {when}")
            for address, language in ADMINS.items():
                got = mailbox.reminders(address)
                subject = SUBJECT[language].format(minutes)
                if not got[-1]["Subject"].endswith(subject):
                    fail(f"{address}: subject {got[-1]['Subject']!r} does not end with {subject!r}")
                text = got[-1].get_body(preferencelist=("plain",)).get_content()
                if not re.search(rf"https?://\S+/admin/incidents/{incident}\b", text):
                    fail(f"{address}: no link to the incident's admin page in:\n{text}")

        restart(61)
        expect_reminders(1, 61, "61 minutes after the incident opened")
        cookie = sign_in(server, "bob@example.com")
        english = dashboard(server, cookie, "en")
        if f"{TITLE['en']}: no update for 61 minutes" not in english or f'href="/admin/incidents/{incident}"' not in english:
            fail("no stale-incident banner with a link on the English /admin/")
        if f"{TITLE['sv']}: ingen uppdatering på 61 minuter" not in dashboard(server, cookie, "sv"):
            fail("no stale-incident banner on the Swedish /admin/")
        restart(61)
        expect_reminders(1, 61, "after a restart at the same time")

        restart(121)
        expect_reminders(2, 121, "after a second period")
        status, answer = server.api("POST", f"/api/v1/incidents/{incident}/updates", {
            "status": "identified", "body": {"sv": "Orsaken är hittad.", "en": "The cause is found."}})
        if status not in (200, 201):
            fail(f"post an update: HTTP {status} {answer}")
        restart(150)
        time.sleep(1.5)
        if any(len(mailbox.reminders(a)) != 2 for a in ADMINS):
            fail("a reminder less than a period after an update")
        if f"{TITLE['en']}: no update for" in dashboard(server, sign_in(server, "bob@example.com"), "en"):
            fail("the banner still names the incident after an update")
        ids = {m["Message-ID"] for a in ADMINS for m in mailbox.reminders(a)}
        if len(ids) != 4:
            fail(f"reminder Message-IDs are not distinct: {ids}")
        print("ok: one reminder per admin (sv and en) per 60 minutes without an update under a fake clock, through a real "
              "SMTP listener, none repeated after a restart, none after an update; the banner is on /admin/")
    finally:
        server.stop()
        controller.stop()


if __name__ == "__main__":
    main()
