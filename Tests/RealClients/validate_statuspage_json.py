#!/usr/bin/env python3
"""Validate Driftstatus's Statuspage-compatible JSON (API v2) against schemas written from the docs.

Usage:
  validate_statuspage_json.py BASE_URL      fetch the 8 documents with ?lang=sv and ?lang=en
  validate_statuspage_json.py --files DIR   validate DIR/<lang>/<path> as written by the Swift tests
Either way the docs' own examples (Tests/Schemas/statuspage-v2/examples) are validated too, which
shows the schemas accept what the documentation shows. Prints one line per document and a final
"N passed, M failed"; exits 1 on any failure.
"""
import json
import sys
import urllib.request
from datetime import datetime
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "Schemas" / "statuspage-v2"
EXAMPLE_DIR = SCHEMA_DIR / "examples"
DOCUMENTS = [
    "summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
    "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
]
LANGUAGES = ["sv", "en"]


def schema_name(path):
    """"incidents/unresolved.json" -> "incidents-unresolved"."""
    return path[: -len(".json")].replace("/", "-")


def load_validators():
    schemas = {p.name[: -len(".schema.json")]: json.loads(p.read_text()) for p in SCHEMA_DIR.glob("*.schema.json")}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    checker = Draft202012Validator.FORMAT_CHECKER
    validators = {}
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        validators[name] = Draft202012Validator(schema, registry=registry, format_checker=checker)
    return validators


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def order_problems(document):
    """Lists are newest first (the docs: "the 50 most recent ...")."""
    problems = []
    for key, field in (("incidents", "started_at"), ("scheduled_maintenances", "scheduled_for")):
        items = document.get(key)
        if not isinstance(items, list):
            continue
        try:
            moments = [instant(item.get(field) or item["created_at"]) for item in items]
        except (KeyError, ValueError, TypeError, AttributeError):
            continue  # the schema reports malformed items
        if any(a < b for a, b in zip(moments, moments[1:])):
            problems.append(f"{key} not newest first by {field}")
    return problems


def check(label, name, raw, validators, results):
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        results.append(False)
        print(f"FAIL {label}: not JSON ({error})")
        return
    errors = sorted(validators[name].iter_errors(document), key=lambda e: list(e.absolute_path))
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:5]]
    problems += order_problems(document)
    results.append(not problems)
    if problems:
        print(f"FAIL {label}: " + "; ".join(problems))
    else:
        print(f"PASS {label}")


def fetch(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        content_type = response.headers.get("Content-Type", "")
        if "json" not in content_type:
            raise ValueError(f"Content-Type is {content_type!r}")
        return response.read()


def main(argv):
    if len(argv) == 3 and argv[1] == "--files":
        mode, target = "files", Path(argv[2])
    elif len(argv) == 2 and not argv[1].startswith("-"):
        mode, target = "server", argv[1].rstrip("/")
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    validators = load_validators()
    results = []
    for path in DOCUMENTS:
        example = EXAMPLE_DIR / (schema_name(path) + ".json")
        if example.exists():
            check(f"docs example {example.name}", schema_name(path), example.read_bytes(), validators, results)
    for language in LANGUAGES:
        for path in DOCUMENTS:
            label = f"{language} {path}"
            try:
                if mode == "files":
                    raw = (target / language / path).read_bytes()
                else:
                    raw = fetch(f"{target}/api/v2/{path}?lang={language}")
            except Exception as error:  # a missing document is a failure, not a crash
                results.append(False)
                print(f"FAIL {label}: {error}")
                continue
            check(label, schema_name(path), raw, validators, results)
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
