#!/usr/bin/env python3
"""Statuspage's REST API v1 front-end (issue 12) driven by Atlassian's generated Python client.

`atlassian-statuspage==1.0.2` is swagger-codegen output from Statuspage's own OpenAPI document; it
runs from its own venv (its pins conflict with requirements.txt, see requirements-statuspage.txt).
Pointed at a server of its own (demo data) only by `configuration.host = base + "/v1"` and an
`Authorization: OAuth <token>` key, the client:
- creates an incident with components, posts an update, resolves it;
- sets a component's status;
- lists unresolved incidents;
- creates a planned maintenance as a scheduled incident, starts and completes it;
and after each step the public page (/en/ and the incident or maintenance page) and
/api/v2/summary.json must show it. Any wrong answer, exception or missing text fails the check.
The first argument (the shared server's address) is not used.
"""
import json
from datetime import datetime, timedelta, timezone

import atlassian_statuspage as sp
from atlassian_statuspage.rest import ApiException

from driftstatus_server import OwnServer, fail, wait_for

PAGE = "driftstatus"


def main():
    server = OwnServer()
    # An English token: what the client sends is stored as English (docs/statuspage-v1.md).
    token = server.command("token", "create", "--name", "statuspage-client", "--language", "en").strip()
    try:
        server.start()
        configuration = sp.Configuration()
        configuration.host = server.base + "/v1"
        configuration.api_key["Authorization"] = token
        configuration.api_key_prefix["Authorization"] = "OAuth"
        client = sp.ApiClient(configuration)
        incidents, components = sp.IncidentsApi(client), sp.ComponentsApi(client)

        def public(path):
            status, _, body = server.get(path)
            if status != 200:
                fail(f"GET {path}: HTTP {status}")
            return body.decode()

        def summary():
            return json.loads(public("/api/v2/summary.json"))

        def shows(path, *texts):
            wait_for(lambda: all(text in public(path) for text in texts), f"{path} to show {texts}", timeout=5)

        def summary_holds(predicate, what):
            wait_for(lambda: predicate(summary()), f"summary.json: {what}", timeout=5)

        listed = components.get_pages_page_id_components(PAGE)
        real = [c for c in listed if not c.group]
        if len(real) < 2:
            fail(f"expected the demo components, got {len(real)}")
        first, second = real[0], real[1]

        # 1. An incident with components.
        name = "Card payments fail for some customers"
        created = incidents.post_pages_page_id_incidents(sp.PostPagesPageIdIncidents(incident=sp.PostPagesPageIdIncidentsIncident(
            name=name, status="investigating", body="We are investigating failed card payments.",
            component_ids=[first.id], components={first.id: "partial_outage"}, deliver_notifications=False)), PAGE)
        if created.status != "investigating" or created.impact != "major" or created.page_id != PAGE:
            fail(f"created incident: status {created.status}, impact {created.impact}, page {created.page_id}")
        if [(c.id, c.status) for c in created.components] != [(first.id, "partial_outage")]:
            fail(f"created incident components: {[(c.id, c.status) for c in created.components]}")
        incident_page = f"/en/incidents/{created.id}"
        shows("/en/", name)
        shows(incident_page, name, "We are investigating failed card payments.")
        summary_holds(lambda s: any(i["id"] == created.id and i["status"] == "investigating" for i in s["incidents"]),
                      "the incident is unresolved")
        summary_holds(lambda s: any(c["id"] == first.id and c["status"] == "partial_outage" for c in s["components"]),
                      "its component is partial_outage")

        # 2. Unresolved incidents list it.
        unresolved = [i.id for i in incidents.get_pages_page_id_incidents_unresolved(PAGE)]
        if created.id not in unresolved:
            fail(f"unresolved incidents {unresolved} lack {created.id}")

        # 3. An update.
        updated = incidents.patch_pages_page_id_incidents_incident_id(sp.PatchPagesPageIdIncidents(
            incident=sp.PatchPagesPageIdIncidentsIncident(status="identified", body="A faulty card terminal gateway was found.",
                                                         components={first.id: "degraded_performance"})), PAGE, created.id)
        if updated.status != "identified" or len(updated.incident_updates) != 2:
            fail(f"updated incident: status {updated.status}, {len(updated.incident_updates)} updates")
        shows(incident_page, "A faulty card terminal gateway was found.")
        summary_holds(lambda s: any(i["id"] == created.id and i["status"] == "identified" for i in s["incidents"]),
                      "the incident is identified")
        summary_holds(lambda s: any(c["id"] == first.id and c["status"] == "degraded_performance" for c in s["components"]),
                      "its component is degraded_performance")

        # 4. Resolved.
        resolved = incidents.patch_pages_page_id_incidents_incident_id(sp.PatchPagesPageIdIncidents(
            incident=sp.PatchPagesPageIdIncidentsIncident(status="resolved", body="Card payments work again.")), PAGE, created.id)
        if resolved.status != "resolved" or resolved.resolved_at is None:
            fail(f"resolved incident: status {resolved.status}, resolved_at {resolved.resolved_at}")
        shows(incident_page, "Card payments work again.")
        summary_holds(lambda s: all(i["id"] != created.id for i in s["incidents"]), "the incident is no longer unresolved")
        summary_holds(lambda s: any(c["id"] == first.id and c["status"] == "operational" for c in s["components"]),
                      "its component is operational again")
        if created.id in [i.id for i in incidents.get_pages_page_id_incidents_unresolved(PAGE)]:
            fail("the resolved incident is still listed as unresolved")

        # 5. A component's status.
        changed = components.patch_pages_page_id_components_component_id(sp.PatchPagesPageIdComponents(
            component=sp.PostPagesPageIdComponentsComponent(status="major_outage")), PAGE, second.id)
        if changed.status != "major_outage":
            fail(f"component status after PATCH: {changed.status}")
        summary_holds(lambda s: any(c["id"] == second.id and c["status"] == "major_outage" for c in s["components"]),
                      "the component is major_outage")
        summary_holds(lambda s: s["status"]["indicator"] == "critical", "the page indicator is critical")
        shows("/en/", "Major outage")
        components.patch_pages_page_id_components_component_id(sp.PatchPagesPageIdComponents(
            component=sp.PostPagesPageIdComponentsComponent(status="operational")), PAGE, second.id)
        summary_holds(lambda s: any(c["id"] == second.id and c["status"] == "operational" for c in s["components"]),
                      "the component is operational again")

        # 6. A planned maintenance as a scheduled incident.
        start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=2)
        title = "Card terminal gateway replacement"
        planned = incidents.post_pages_page_id_incidents(sp.PostPagesPageIdIncidents(incident=sp.PostPagesPageIdIncidentsIncident(
            name=title, status="scheduled", body="Card payments may fail during the replacement.",
            scheduled_for=start, scheduled_until=start + timedelta(hours=1), scheduled_remind_prior=True,
            scheduled_auto_in_progress=True, scheduled_auto_completed=True, component_ids=[first.id],
            deliver_notifications=False)), PAGE)
        if planned.status != "scheduled" or planned.impact != "maintenance" or not planned.id.startswith("m"):
            fail(f"scheduled incident: id {planned.id}, status {planned.status}, impact {planned.impact}")
        if planned.scheduled_for != start or planned.scheduled_until != start + timedelta(hours=1):
            fail(f"scheduled incident window: {planned.scheduled_for} - {planned.scheduled_until}")
        maintenance_page = f"/en/maintenance/{planned.id[1:]}"
        shows("/en/", title)
        shows(maintenance_page, title, "Card payments may fail during the replacement.")
        summary_holds(lambda s: any(m["id"] == planned.id and m["status"] == "scheduled" for m in s["scheduled_maintenances"]),
                      "the maintenance is scheduled")
        if planned.id not in [i.id for i in incidents.get_pages_page_id_incidents_upcoming(PAGE)]:
            fail("the scheduled incident is not listed as upcoming")

        started = incidents.patch_pages_page_id_incidents_incident_id(sp.PatchPagesPageIdIncidents(
            incident=sp.PatchPagesPageIdIncidentsIncident(status="in_progress")), PAGE, planned.id)
        if started.status != "in_progress":
            fail(f"started maintenance status: {started.status}")
        summary_holds(lambda s: any(m["id"] == planned.id and m["status"] == "in_progress" for m in s["scheduled_maintenances"]),
                      "the maintenance is in progress")
        summary_holds(lambda s: any(c["id"] == first.id and c["status"] == "under_maintenance" for c in s["components"]),
                      "its component is under maintenance")
        if planned.id not in [i.id for i in incidents.get_pages_page_id_incidents_active_maintenance(PAGE)]:
            fail("the started maintenance is not listed as active")

        completed = incidents.patch_pages_page_id_incidents_incident_id(sp.PatchPagesPageIdIncidents(
            incident=sp.PatchPagesPageIdIncidentsIncident(status="completed")), PAGE, planned.id)
        if completed.status != "completed":
            fail(f"completed maintenance status: {completed.status}")
        summary_holds(lambda s: all(m["id"] != planned.id for m in s["scheduled_maintenances"]), "the maintenance is over")
        summary_holds(lambda s: any(c["id"] == first.id and c["status"] == "operational" for c in s["components"]),
                      "its component is operational after the maintenance")

        # 7. Refusals reach the client as Statuspage errors.
        try:
            incidents.get_pages_page_id_incidents_unresolved("not-this-page")
            fail("another page id was answered")
        except ApiException as error:
            if error.status != 404 or "error" not in json.loads(error.body):
                fail(f"another page id: HTTP {error.status} {error.body!r}")
        print("ok: incident, update, resolve, component status, unresolved list and scheduled maintenance "
              "through atlassian-statuspage 1.0.2, each visible on /en/, its page and summary.json")
    except ApiException as error:
        fail(f"the client got HTTP {error.status}: {error.body!r}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
