#!/usr/bin/env python3
"""The maintenance calendars (issue 13 section 3) read by a real iCalendar parser.

Starts its own server (demo data), plans through the write API a window across the next end of
daylight saving in Europe/Stockholm (last Sunday of October, 22:00 CEST until 06:00 CET: nine
hours, not eight) and a window it then cancels, and one it moves. Then `icalendar` parses
/sv/maintenance.ics and /en/maintenance.ics and `recurring-ical-events` lists the events of the
coming 400 days: every upcoming window the API lists appears once, with the API's times in UTC;
the cancelled one has STATUS:CANCELLED and a higher SEQUENCE; the moved one too; UIDs are
stable across languages; the NAME is in the feed's language.
The first argument (the shared server's address) is not used.
"""
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from driftstatus_server import OwnServer, fail

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def next_dst_end(after):
    """The last Sunday of October (local) that is after `after`."""
    for year in (after.year, after.year + 1):
        day = datetime(year, 10, 31, tzinfo=STOCKHOLM)
        while day.weekday() != 6:
            day -= timedelta(days=1)
        if day > after:
            return day
    fail("no end of daylight saving found")


def parse_time(text):
    """UTC, to the second: iCalendar's resolution."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc).replace(microsecond=0)


def main():
    server = OwnServer().start()
    try:
        now = datetime.now(timezone.utc)
        sunday = next_dst_end(now)
        saturday = sunday - timedelta(days=1)
        across = {"title": {"sv": "Byte av servrar över sommartidens slut", "en": "Server swap across the end of summer time"},
                  "body": {"sv": "Rad ett, med komma; och semikolon.\nRad två.", "en": "Line one, with comma; and semicolon.\nLine two."},
                  "starts_at": saturday.replace(hour=22).isoformat(),
                  "ends_at": sunday.replace(hour=6).isoformat(), "notify": False}
        status, answer = server.api("POST", "/api/v1/maintenances", across)
        if status != 201:
            fail(f"create the window across the end of DST: HTTP {status} {answer}")
        across_id = answer["maintenance"]["id"]
        expected_start = saturday.replace(hour=22).astimezone(timezone.utc)
        expected_end = sunday.replace(hour=6).astimezone(timezone.utc)
        if expected_end - expected_start != timedelta(hours=9):
            fail(f"test setup: {expected_start} to {expected_end} is not nine hours")

        soon = (now + timedelta(days=3)).replace(microsecond=0)
        made = {}
        for name in ("cancelled", "moved"):
            status, answer = server.api("POST", "/api/v1/maintenances", {
                "title": {"sv": f"Fönster {name}", "en": f"Window {name}"}, "notify": False,
                "starts_at": soon.isoformat(), "ends_at": (soon + timedelta(hours=2)).isoformat()})
            if status != 201:
                fail(f"create the {name} window: HTTP {status} {answer}")
            made[name] = answer["maintenance"]["id"]
        status, answer = server.api("POST", f"/api/v1/maintenances/{made['cancelled']}/cancel")
        if status != 200:
            fail(f"cancel: HTTP {status} {answer}")
        moved_start = (soon + timedelta(days=1)).replace(microsecond=0)
        status, answer = server.api("POST", f"/api/v1/maintenances/{made['moved']}/reschedule", {
            "starts_at": moved_start.isoformat(), "ends_at": (moved_start + timedelta(hours=3)).isoformat(), "notify": False})
        if status != 200:
            fail(f"reschedule: HTTP {status} {answer}")

        status, listing = server.api("GET", "/api/v1/maintenances?limit=100")
        upcoming = {m["id"]: m for m in listing["maintenances"] if parse_time(m["ends_at"]) > now}
        if across_id not in upcoming:
            fail("the API does not list the window across the end of DST as upcoming")

        uids = {}
        for language, name in (("sv", "planerat underhåll"), ("en", "planned maintenance")):
            status, headers, body = server.get(f"/{language}/maintenance.ics")
            if status != 200 or not headers.get("Content-Type", "").startswith("text/calendar"):
                fail(f"/{language}/maintenance.ics: HTTP {status} {headers.get('Content-Type')}")
            if any(len(line) > 75 for line in body.split(b"\r\n")):
                fail(f"/{language}/maintenance.ics has a line longer than 75 octets")
            calendar = icalendar.Calendar.from_ical(body)
            if name not in str(calendar.get("NAME", "")) or not str(calendar.get("REFRESH-INTERVAL", "")):
                fail(f"/{language}: NAME {calendar.get('NAME')!r} or REFRESH-INTERVAL missing")
            events = recurring_ical_events.of(calendar).between(now - timedelta(days=31), now + timedelta(days=800))
            by_id = {}
            for event in events:
                uid = str(event["UID"])
                maintenance_id = int(uid.split("@")[0].removeprefix("maintenance-"))
                if maintenance_id in by_id:
                    fail(f"/{language}: {uid} appears twice")
                by_id[maintenance_id] = event
            for maintenance_id, maintenance in upcoming.items():
                event = by_id.get(maintenance_id)
                if event is None:
                    fail(f"/{language}: upcoming window {maintenance_id} is missing")
                start, end = event["DTSTART"].dt, event["DTEND"].dt
                if start.utcoffset() != timedelta(0) or end.utcoffset() != timedelta(0):
                    fail(f"/{language}: window {maintenance_id} is not in UTC: {start} {end}")
                if start != parse_time(maintenance["starts_at"]) or end != parse_time(maintenance["ends_at"]):
                    fail(f"/{language}: window {maintenance_id} at {start}–{end}, the API says "
                         f"{maintenance['starts_at']}–{maintenance['ends_at']}")
                if f"/{language}/maintenance/{maintenance_id}" not in str(event["URL"]):
                    fail(f"/{language}: window {maintenance_id} URL {event['URL']}")
                uids.setdefault(maintenance_id, set()).add(str(event["UID"]))
            across_event = by_id[across_id]
            if (across_event["DTSTART"].dt, across_event["DTEND"].dt) != (expected_start, expected_end):
                fail(f"/{language}: the DST window is {across_event['DTSTART'].dt}–{across_event['DTEND'].dt}")
            if "," not in str(across_event["DESCRIPTION"]) or "\n" not in str(across_event["DESCRIPTION"]):
                fail(f"/{language}: the description lost its comma or line break: {across_event['DESCRIPTION']!r}")
            cancelled = by_id.get(made["cancelled"])
            if cancelled is None or str(cancelled["STATUS"]) != "CANCELLED":
                fail(f"/{language}: the cancelled window is not STATUS:CANCELLED")
            if int(cancelled["SEQUENCE"]) <= int(across_event["SEQUENCE"]):
                fail(f"/{language}: the cancelled window's SEQUENCE did not grow ({cancelled['SEQUENCE']})")
            moved = by_id[made["moved"]]
            if int(moved["SEQUENCE"]) < 1 or moved["DTSTART"].dt != moved_start.astimezone(timezone.utc):
                fail(f"/{language}: the moved window has SEQUENCE {moved['SEQUENCE']} and starts {moved['DTSTART'].dt}")
            if str(across_event["STATUS"]) != "CONFIRMED":
                fail(f"/{language}: a planned window is {across_event['STATUS']}")
        if any(len(found) != 1 for found in uids.values()):
            fail(f"UIDs differ between the languages: {uids}")

        status, headers, _ = server.get("/sv/maintenance.ics")
        status, _, _ = server.get("/sv/maintenance.ics", {"If-None-Match": headers["ETag"]})
        if status != 304:
            fail(f"a repeated request with If-None-Match answered {status}, not 304")
        print(f"ok: {len(upcoming)} upcoming windows in both languages with the API's UTC times, the one across the end of "
              f"DST on {sunday.date()} {expected_start:%H:%M}Z–{expected_end:%H:%M}Z; cancelled and moved windows have a "
              f"higher SEQUENCE; 304 on a repeat")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
