#!/usr/bin/env python3
"""Status badges (issue 13 section 6) checked with real parsers.

Starts its own server (demo data). For the whole service and every visible component, in both
languages: the SVG is parsed by libxml2 (lxml, no recovery: any well-formedness error fails) and
validated against Tests/Schemas/badge/badge.rng (the SVG structure with role="img" and a
<title>); the JSON validates against Shields.io's endpoint schema
(Tests/Schemas/shields/endpoint.schema.json); both carry Access-Control-Allow-Origin: * and an
ETag. Then a component's status is changed through the write API and both forms must show the new
status within a second.
The first argument (the shared server's address) is not used.
"""
import json
import time
from pathlib import Path

from jsonschema import Draft202012Validator
from lxml import etree

from driftstatus_server import OwnServer, fail

SCHEMAS = Path(__file__).resolve().parent.parent / "Schemas"
SVG = "{http://www.w3.org/2000/svg}"


def main():
    relaxng = etree.RelaxNG(etree.parse(str(SCHEMAS / "badge" / "badge.rng")))
    shields = Draft202012Validator(json.loads((SCHEMAS / "shields" / "endpoint.schema.json").read_text()))
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    server = OwnServer().start()
    try:
        status, components = server.api("GET", "/api/v1/components")
        visible = [c for c in components["components"] if not c.get("hidden")]
        paths = ["/badge/status"] + [f"/badge/components/{c['slug']}" for c in visible]
        checked = 0

        def svg(path):
            status, headers, body = server.get(path)
            if status != 200 or headers.get("Content-Type") != "image/svg+xml; charset=utf-8":
                fail(f"{path}: HTTP {status} {headers.get('Content-Type')}")
            if headers.get("Access-Control-Allow-Origin") != "*" or not headers.get("ETag"):
                fail(f"{path}: no Access-Control-Allow-Origin: * or ETag")
            document = etree.fromstring(body, parser)
            if not relaxng.validate(document):
                fail(f"{path}: not a valid badge SVG: {relaxng.error_log.last_error}")
            return document.find(f"{SVG}title").text

        def endpoint(path):
            status, headers, body = server.get(path)
            if status != 200 or headers.get("Access-Control-Allow-Origin") != "*":
                fail(f"{path}: HTTP {status}, Access-Control-Allow-Origin {headers.get('Access-Control-Allow-Origin')}")
            document = json.loads(body)
            errors = sorted(shields.iter_errors(document), key=str)
            if errors:
                fail(f"{path}: not a Shields endpoint document: {errors[0].message}")
            return document

        for path in paths:
            for language in ("sv", "en"):
                svg(f"{path}.svg?lang={language}")
                endpoint(f"{path}.json?lang={language}")
                checked += 2
        for missing in ("/badge/components/no-such-component.svg", "/badge/components/no-such-component.json"):
            if server.get(missing)[0] != 404:
                fail(f"{missing} is not 404")

        # A status change shows within a second.
        target = next(c for c in visible if c["status"] != "major_outage")
        before = svg(f"/badge/components/{target['slug']}.svg?lang=en")
        changed_at = time.monotonic()
        status, answer = server.api("PUT", f"/api/v1/components/{target['slug']}", {"status": "major_outage", "notify": False})
        if status != 200:
            fail(f"set status: HTTP {status} {answer}")
        while True:
            title = svg(f"/badge/components/{target['slug']}.svg?lang=en")
            document = endpoint(f"/badge/components/{target['slug']}.json?lang=en")
            if title.endswith("Major outage") and document["message"] == "Major outage" and document["color"] == "c41d2b":
                break
            if time.monotonic() - changed_at > 1.0:
                fail(f"a second after the change the badge still says {title!r} / {document}")
            time.sleep(0.05)
        elapsed = time.monotonic() - changed_at
        print(f"ok: {checked} badges (SVG valid against badge.rng, JSON against Shields' endpoint schema) in sv and en; "
              f"{before!r} became 'Major outage' {elapsed * 1000:.0f} ms after the change")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
