#!/usr/bin/env python3
"""Reads a running site's feeds the way feed readers do, with feedparser.

Usage: check_feeds.py BASE_URL [--component SLUG] [--languages sv,en]

Fetches /{lang}/feed.rss and /{lang}/feed.atom for every language plus one component's
Atom feed, and fails a feed on any parser warning (`bozo`), a wrong or missing language,
no entries, or an entry without id, link and a date. Prints one line per feed and a final
"N passed, M failed" line; exits 1 when any feed failed. Needs `pip install feedparser`.
"""
import argparse
import sys
import urllib.request

import feedparser


def fetch(url):
    # urllib, not feedparser's own fetching: the raw bytes and headers are checked too.
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def check(url, language, expected_type):
    """Returns a list of problems (empty when the feed is fine) and the entry count."""
    status, content_type, body = fetch(url)
    problems = []
    if status != 200:
        return [f"HTTP {status}"], 0
    if not content_type.startswith(expected_type):
        problems.append(f"Content-Type {content_type!r}, expected {expected_type}")
    feed = feedparser.parse(body, response_headers={"content-location": url, "content-type": content_type})
    if feed.bozo:
        problems.append(f"parser warning: {feed.bozo_exception!r}")
    declared = (feed.feed.get("language") or "").lower()
    if declared.split("-")[0] != language:
        problems.append(f"language {declared!r}, expected {language!r}")
    if not feed.feed.get("title"):
        problems.append("feed has no title")
    if not any(link.get("rel") == "self" for link in feed.feed.get("links", [])):
        problems.append("feed has no self link")
    if not feed.entries:
        problems.append("no entries")
    ids = set()
    for index, entry in enumerate(feed.entries):
        name = entry.get("id") or f"entry {index}"
        if not entry.get("id"):
            problems.append(f"{name}: no id/guid")
        elif entry["id"] in ids:
            problems.append(f"{name}: id used twice")
        ids.add(entry.get("id"))
        if not entry.get("link", "").startswith(("http://", "https://")):
            problems.append(f"{name}: no absolute link")
        if not (entry.get("published_parsed") or entry.get("updated_parsed")):
            problems.append(f"{name}: no published/updated date")
        if not entry.get("title"):
            problems.append(f"{name}: no title")
    return problems, len(feed.entries)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8080")
    parser.add_argument("--component", default="bank-sync", help="slug of the component whose feed is read (default: bank-sync)")
    parser.add_argument("--languages", default="sv,en", help="comma-separated site languages (default: sv,en)")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]

    feeds = []
    for language in languages:
        feeds.append((f"{base}/{language}/feed.rss", language, "application/rss+xml"))
        feeds.append((f"{base}/{language}/feed.atom", language, "application/atom+xml"))
    feeds.append((f"{base}/{languages[0]}/components/{args.component}/feed.atom", languages[0], "application/atom+xml"))

    passed = failed = 0
    for url, language, expected_type in feeds:
        try:
            problems, count = check(url, language, expected_type)
        except Exception as error:  # a refused connection or an HTTP error is a failed feed, not a crash
            problems, count = [f"{type(error).__name__}: {error}"], 0
        if problems:
            failed += 1
            print(f"FAIL {url}: " + "; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""))
        else:
            passed += 1
            print(f"ok   {url}: {count} entries")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
