#!/usr/bin/env python3
"""Check a running Driftstatus's write API against its own OpenAPI document.

Usage: check_openapi.py BASE_URL

1. /api/v1/openapi.json must be a valid OpenAPI 3.1 document (openapi-spec-validator).
2. Every documented operation that needs a token must answer 401 without one, as a problem
   document (validated with jsonschema against the documented Problem schema) with
   WWW-Authenticate: Bearer.
3. Methods the document does not list for a path must answer 405 with an Allow header that
   lists exactly the documented methods (plus HEAD where GET is documented).
No token is needed and nothing is written. Prints one line per check and "N passed, M failed";
exits 1 on any failure.
"""
import json
import sys
import urllib.error
import urllib.request

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]


def request(method, url, body=None, headers=None):
    data = body.encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def concrete(path, operation):
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "path":
            path = path.replace("{%s}" % parameter["name"], str(parameter.get("example", 1)))
    return path


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    base = sys.argv[1].rstrip("/")
    passed = failed = 0

    def report(ok, what):
        nonlocal passed, failed
        print(("ok    " if ok else "FAIL  ") + what)
        if ok:
            passed += 1
        else:
            failed += 1

    status, _, body = request("GET", base + "/api/v1/openapi.json")
    document = json.loads(body)
    try:
        validate(document)
        report(status == 200, "openapi.json is a valid OpenAPI %s document" % document.get("openapi"))
    except Exception as error:  # the validator raises several error types
        report(False, "openapi.json: %s" % error)

    def validator(name):
        schema = dict(document["components"]["schemas"][name])
        schema["$defs"] = document["components"]["schemas"]
        return Draft202012Validator(json.loads(json.dumps(schema).replace("#/components/schemas/", "#/$defs/")))

    # /api/v1 answers RFC 9457 problems with a Bearer challenge; the Statuspage v1 routes answer
    # Statuspage's {"error": "..."} with an OAuth challenge, as documented under their own responses.
    shapes = {"/api/v1/": ("Bearer", "application/problem+json", validator("Problem")),
              "/v1/": ("OAuth", "application/json; charset=utf-8", validator("StatuspageError"))}

    for path, item in document["paths"].items():
        documented = {method.upper() for method in item}
        for method, operation in item.items():
            if not operation.get("security"):
                continue
            scheme, content_type, problem_validator = shapes["/v1/" if path.startswith("/v1/") else "/api/v1/"]
            url = base + concrete(path, operation)
            headers = {"Content-Type": "application/json"}
            status, response_headers, body = request(method.upper(), url, "{}", headers)
            errors = []
            if status != 401 or "401" not in operation["responses"]:
                errors.append("status %d" % status)
            if not response_headers.get("WWW-Authenticate", "").startswith(scheme):
                errors.append("no WWW-Authenticate: " + scheme)
            if response_headers.get("Content-Type") != content_type:
                errors.append("content type %s" % response_headers.get("Content-Type"))
            else:
                errors += [e.message for e in problem_validator.iter_errors(json.loads(body))]
            report(not errors, "%s %s without token -> 401 problem %s" % (method.upper(), path, "; ".join(errors)))
        expected = documented | ({"HEAD"} if "GET" in documented else set())
        any_operation = next(iter(item.values()))
        for method in METHODS:
            if method in documented:
                continue
            status, response_headers, _ = request(method, base + concrete(path, any_operation))
            allowed = {m.strip() for m in response_headers.get("Allow", "").split(",") if m.strip()}
            report(status == 405 and allowed == expected,
                   "%s %s -> %d, Allow: %s" % (method, path, status, ", ".join(sorted(allowed))))

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
