#!/usr/bin/env python3
"""Maintenance reminders (issue 13 section 4) end to end, with a fake clock and a real SMTP server.

Starts its own server (demo data) wired to aiosmtpd in this process. A Swedish and an English
subscriber confirm through the real double opt-in; a window is planned through the write API 30
hours ahead with notifications on. The server is then restarted with its clock moved forward by
DRIFTSTATUS_TEST_CLOCK_OFFSET_SECONDS (the only test hook: the whole server lives that far ahead):
- 30 hours ahead: no reminder;
- clock +7 h (23 h before the start): exactly one reminder each, in their language, also after
  another restart;
- the window is moved 40 hours ahead of the server's clock: nothing at once; clock +24 h (23 h
  before the new start): exactly one more each.
The first argument (the shared server's address) is not used.
"""
import re
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

import driftstatus_server
from driftstatus_server import OwnServer, expect_exactly, fail, smtp_env, start_smtp, wait_for

HOUR = 3600
TITLE = {"sv": "Byte av lagringssystem", "en": "Storage replacement"}
SUBJECT = {"sv": "Påminnelse om planerat underhåll: Byte av lagringssystem",
           "en": "Reminder of planned maintenance: Storage replacement"}
PEOPLE = {"kund@example.se": "sv", "customer@example.com": "en"}


class Mailbox(driftstatus_server.Mailbox):
    def reminders(self, address):
        return [m for m in self.to(address) if m["X-Driftstatus-Event-Type"] == "maintenance.reminder"]


def main():
    mailbox = Mailbox()
    controller, smtp_port = start_smtp(mailbox)
    server = OwnServer(smtp_env(smtp_port, DRIFTSTATUS_NOTIFICATIONS_MAINTENANCE_REMINDER_HOURS="24"))
    try:
        server.start()
        for address, language in PEOPLE.items():
            status, _ = server.form(f"/{language}/subscribe", {"email": address, "language": language})
            if status != 202:
                fail(f"subscribe {address}: HTTP {status}")
        wait_for(lambda: all(mailbox.to(a) for a in PEOPLE), "the confirmation emails")
        for address in PEOPLE:
            text = mailbox.to(address)[0].get_body(preferencelist=("plain",)).get_content()
            link = re.search(r"https?://\S+/subscribe/confirm\?token=[A-Za-z0-9_-]+", text).group(0)
            parts = urllib.parse.urlsplit(link)
            if server.confirm_subscription(f"{parts.path}?{parts.query}") != 200:
                fail(f"confirming {address} failed")

        start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=30)
        status, answer = server.api("POST", "/api/v1/maintenances", {
            "title": TITLE, "body": {"sv": "Tjänsten är otillgänglig.", "en": "The service is unavailable."},
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat(), "notify": True})
        if status != 201:
            fail(f"plan the window: HTTP {status} {answer}")
        window = answer["maintenance"]["id"]
        wait_for(lambda: all(any(m["X-Driftstatus-Event-Type"] == "maintenance.scheduled" for m in mailbox.to(a)) for a in PEOPLE),
                 "the announcement")
        time.sleep(1.5)
        if any(mailbox.reminders(a) for a in PEOPLE):
            fail("a reminder 30 hours before the start")

        def restart(offset_hours):
            server.restart_ahead(offset_hours * HOUR)

        def expect_reminders(count, when):
            expect_exactly(lambda a: len(mailbox.reminders(a)), PEOPLE, count, f"reminders {when}")
            for address, language in PEOPLE.items():
                got = mailbox.reminders(address)
                if not all(m["Subject"].endswith(SUBJECT[language]) for m in got):
                    fail(f"{address}: reminder subjects not in {language}: {[m['Subject'] for m in got]}")

        restart(7)
        expect_reminders(1, "23 hours before the start")
        restart(7)
        expect_reminders(1, "after another restart")

        moved = start + timedelta(hours=17)  # 47 hours from the real now; the server's clock is 7 hours ahead: 40 from its now
        status, answer = server.api("POST", f"/api/v1/maintenances/{window}/reschedule", {
            "starts_at": moved.isoformat(), "ends_at": (moved + timedelta(hours=2)).isoformat(), "notify": False})
        if status != 200:
            fail(f"move the window: HTTP {status} {answer}")
        time.sleep(1.5)
        if any(len(mailbox.reminders(a)) != 1 for a in PEOPLE):
            fail("a reminder right after moving the window 40 hours ahead")
        restart(24)  # the moved start is now 23 hours away
        expect_reminders(2, "23 hours before the moved start")
        ids = {m["Message-ID"] for a in PEOPLE for m in mailbox.reminders(a)}
        if len(ids) != 4:
            fail(f"reminder Message-IDs are not distinct: {ids}")
        print("ok: one reminder per subscriber (sv and en) 23 h before the window under a fake clock, none earlier, none "
              "repeated after a restart, and one more after the window moved")
    finally:
        server.stop()
        controller.stop()


if __name__ == "__main__":
    main()
