#!/usr/bin/env python3
"""Chat channels (issue 13 section 5): Slack, Microsoft Teams and Discord receivers.

Starts its own server (demo data) and three receivers (http.server stand-ins for the chat tools'
webhook endpoints), sets up one webhook per format through the write API (Teams in Swedish, the
others in English; Discord filtered to one component), then publishes an incident with an update,
plans a maintenance and changes a component's status. Every body must validate:
- Slack against Tests/Schemas/chat/slack-incoming-webhook.schema.json (from Slack's docs);
- Teams against the Workflows message schema, and its card against Microsoft's own Adaptive Card
  1.4 schema (Tests/Schemas/chat/adaptive-card-1.4.json, JSON Schema draft-06);
- Discord against Tests/Schemas/chat/discord-webhook.schema.json, plus the 6000-character total of
  its embeds (a limit JSON Schema cannot express).
Texts are in each receiver's language, and component filters hold.
The first argument (the shared server's address) is not used.
"""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from jsonschema import Draft6Validator, Draft202012Validator, FormatChecker

from driftstatus_server import OwnServer, fail, wait_for

SCHEMAS = Path(__file__).resolve().parent.parent / "Schemas" / "chat"


def validator(name, kind=Draft202012Validator):
    return kind(json.loads((SCHEMAS / name).read_text()), format_checker=FormatChecker())


class Receiver(BaseHTTPRequestHandler):
    lock = threading.Lock()
    bodies = {"/slack": [], "/teams": [], "/discord": []}

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with Receiver.lock:
            Receiver.bodies.setdefault(self.path, []).append((self.headers.get("X-Driftstatus-Event-Type"), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def errors(validator_, document):
    return sorted(str(e.message) for e in validator_.iter_errors(document))


def main():
    slack, discord = validator("slack-incoming-webhook.schema.json"), validator("discord-webhook.schema.json")
    teams, card = validator("teams-workflows-message.schema.json"), validator("adaptive-card-1.4.json", Draft6Validator)
    receivers = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receivers.serve_forever, daemon=True).start()
    hooks = f"http://127.0.0.1:{receivers.server_address[1]}"
    # The receivers listen on loopback, which webhooks may reach only when the operator allows it.
    server = OwnServer({"DRIFTSTATUS_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "true"}).start()
    try:
        components = {c["slug"]: c for c in server.api("GET", "/api/v1/components")[1]["components"]}
        bank = components["bank-sync"]
        other = next(c for s, c in components.items() if s != "bank-sync" and not c["hidden"])
        for path, language, format_, filters in (("/slack", "en", "slack", []), ("/teams", "sv", "teams", []),
                                                 ("/discord", "en", "discord", [other["id"]])):
            status, answer = server.api("POST", "/api/v1/webhooks", {"url": hooks + path, "language": language, "format": format_,
                                                                     "component_ids": filters})
            if status != 201 or answer["webhook"]["format"] != format_:
                fail(f"create the {format_} webhook: HTTP {status} {answer}")
        status, answer = server.api("POST", "/api/v1/webhooks", {"url": hooks + "/x", "format": "mattermost"})
        if status != 422:
            fail(f"an unknown format was answered {status}, not 422")

        status, answer = server.api("POST", "/api/v1/incidents", {
            "title": {"sv": "Banksynkroniseringen är försenad <b>&", "en": "Bank synchronisation is delayed <b>&"},
            "body": {"sv": "Vi undersöker. @everyone <!channel>", "en": "We are investigating. @everyone <!channel>"},
            "impact": "major", "components": [{"component": "bank-sync", "status": "partial_outage"}]})
        if status != 201:
            fail(f"create incident: HTTP {status} {answer}")
        incident = answer["incident"]["id"]
        server.api("POST", f"/api/v1/incidents/{incident}/updates", {"status": "identified",
                                                                    "body": {"sv": "Orsaken är hittad.", "en": "The cause is found."}})
        server.api("POST", "/api/v1/maintenances", {
            "title": {"sv": "Uppgradering av databasen", "en": "Database upgrade"}, "body": {"sv": "Kort avbrott.", "en": "Short outage."},
            "starts_at": "2030-01-10T22:00:00Z", "ends_at": "2030-01-11T01:00:00Z", "components": [other["slug"]]})
        server.api("PUT", f"/api/v1/components/{other['slug']}", {"status": "degraded_performance"})

        wait_for(lambda: len(Receiver.bodies["/slack"]) >= 4 and len(Receiver.bodies["/teams"]) >= 4
                 and len(Receiver.bodies["/discord"]) >= 2, "the chat receivers to get every event")
        time.sleep(1.0)
        counts = {}
        for path, check in (("/slack", slack), ("/teams", teams), ("/discord", discord)):
            for kind, body in Receiver.bodies[path]:
                document = json.loads(body)
                problems = errors(check, document)
                if path == "/teams":
                    for attachment in document.get("attachments", []):
                        problems += [f"card: {p}" for p in errors(card, attachment["content"])]
                if path == "/discord":
                    total = sum(len(e.get("title", "")) + len(e.get("description", ""))
                                + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", [])) for e in document.get("embeds", []))
                    if total > 6000:
                        problems.append(f"embeds total {total} characters > 6000")
                if problems:
                    fail(f"{path} {kind}: {problems[:3]}\n{json.dumps(document, ensure_ascii=False)[:600]}")
                counts[path] = counts.get(path, 0) + 1

        def texts(path, kind):
            return [json.loads(b) for k, b in Receiver.bodies[path] if k == kind]

        slack_incident = texts("/slack", "incident.created")[0]
        if slack_incident["blocks"][0]["text"]["text"] != "Bank synchronisation is delayed <b>&":
            fail(f"Slack header: {slack_incident['blocks'][0]}")
        if "<!channel>" in json.dumps(slack_incident["blocks"]) or "&lt;!channel&gt;" not in json.dumps(slack_incident["blocks"]):
            fail("Slack: staff text was not escaped for mrkdwn")
        teams_incident = texts("/teams", "incident.created")[0]["attachments"][0]["content"]
        if "Banksynkroniseringen är försenad" not in teams_incident["body"][0]["text"]:
            fail(f"Teams card is not in Swedish: {teams_incident['body'][0]}")
        discord_kinds = sorted(k for k, _ in Receiver.bodies["/discord"])
        if any(k.startswith("incident.") for k in discord_kinds):
            fail(f"the Discord webhook filtered to another component got {discord_kinds}")
        discord_maintenance = texts("/discord", "maintenance.scheduled")[0]
        if discord_maintenance["allowed_mentions"] != {"parse": []} or discord_maintenance["embeds"][0]["title"] != "Database upgrade":
            fail(f"Discord maintenance: {discord_maintenance}")
        print(f"ok: Slack {counts.get('/slack')}, Teams {counts.get('/teams')} (cards valid against Adaptive Card 1.4), "
              f"Discord {counts.get('/discord')} bodies valid against their schemas, in the receivers' languages, filters held")
    finally:
        server.stop()
        receivers.shutdown()


if __name__ == "__main__":
    main()
