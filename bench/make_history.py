#!/usr/bin/env python3
"""Adds N synthetic resolved incidents (bilingual, 3 updates each, one component each) to a
Driftstatus database, all older than 95 days and spread evenly over the ten years before that,
so the public pages' time-bounded queries see the same window whatever N is.

Usage: make_history.py DB N
Benchmarks only: it writes the schema of migrations/0001_initial.sql directly, in one transaction.
"""
import random
import sqlite3
import sys
import time

DAY_MS = 86_400_000


def main():
    path, count = sys.argv[1], int(sys.argv[2])
    db = sqlite3.connect(path)
    components = [row[0] for row in db.execute("SELECT id FROM component")]
    if not components:
        sys.exit("make_history: the database has no components; run `driftstatus demo` first")
    now = int(time.time() * 1000)
    newest, span = now - 95 * DAY_MS, 3650 * DAY_MS
    rng = random.Random(20261125)
    next_incident = (db.execute("SELECT COALESCE(MAX(id), 0) FROM incident").fetchone()[0] or 0) + 1
    next_update = (db.execute("SELECT COALESCE(MAX(id), 0) FROM incident_update").fetchone()[0] or 0) + 1
    texts, incidents, updates, links, changes = [], [], [], [], []
    for index in range(count):
        started = newest - int(span * index / max(count, 1)) - rng.randint(0, 3_600_000)
        resolved = started + rng.randint(20, 600) * 60_000
        incident_id, component = next_incident + index, rng.choice(components)
        incidents.append((incident_id, rng.choice(["minor", "major", "critical"]), "resolved", started, resolved))
        links.append((incident_id, component, 0))
        texts += [("incident", incident_id, "title", "sv", f"Störning nummer {index + 1}"),
                  ("incident", incident_id, "title", "en", f"Disruption number {index + 1}")]
        for step, (status, at) in enumerate([("investigating", started), ("identified", (started + resolved) // 2),
                                             ("resolved", resolved)]):
            update_id = next_update
            next_update += 1
            updates.append((update_id, incident_id, status, at))
            changes.append((update_id, component, "operational" if status == "resolved" else "partial_outage", 0))
            texts += [("incident_update", update_id, "body", "sv", f"Uppdatering {step + 1}: vi arbetar med saken."),
                      ("incident_update", update_id, "body", "en", f"Update {step + 1}: we are working on it.")]
    with db:
        db.executemany("INSERT INTO incident (id, impact, status, started_at, resolved_at) VALUES (?, ?, ?, ?, ?)", incidents)
        db.executemany("INSERT INTO incident_update (id, incident_id, status, created_at) VALUES (?, ?, ?, ?)", updates)
        db.executemany("INSERT INTO incident_component (incident_id, component_id, position) VALUES (?, ?, ?)", links)
        db.executemany("INSERT INTO incident_update_component (update_id, component_id, status, position) VALUES (?, ?, ?, ?)", changes)
        db.executemany("INSERT INTO localized_text (owner_type, owner_id, field, language, body) VALUES (?, ?, ?, ?, ?)", texts)
        db.execute("UPDATE meta SET value = value + 1 WHERE key = 'data_version'")
    print(f"added {count} past incidents to {path}")


if __name__ == "__main__":
    main()
