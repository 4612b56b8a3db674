#!/usr/bin/env python3
"""Validate Driftstatus webhook payloads against the schemas written from Statuspage's webhook docs.

Usage: validate_webhooks.py DIR
Every DIR/*.json is checked: names starting with "component" against webhook-component.schema.json,
the others against webhook-incident.schema.json. Prints one line per file and "N passed, M failed";
exits 1 on any failure.
"""
import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parent


def validators():
    schemas = {p.name[: -len(".schema.json")]: json.loads(p.read_text()) for p in SCHEMA_DIR.glob("*.schema.json")}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    result = {}
    for name in ("webhook-incident", "webhook-component"):
        Draft202012Validator.check_schema(schemas[name])
        result[name] = Draft202012Validator(schemas[name], registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return result


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    checks = validators()
    results = []
    for path in sorted(Path(argv[1]).glob("*.json")):
        name = "webhook-component" if path.name.startswith("component") else "webhook-incident"
        try:
            document = json.loads(path.read_bytes())
            errors = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in checks[name].iter_errors(document)]
        except ValueError as error:
            errors = [f"not JSON ({error})"]
        results.append(not errors)
        print(("FAIL " if errors else "PASS ") + f"{path.name} ({name})" + (": " + "; ".join(errors[:5]) if errors else ""))
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if results and passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
