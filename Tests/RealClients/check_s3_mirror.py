#!/usr/bin/env python3
"""The mirror on object storage (issue 14 section 3), against a real S3-compatible server.

Starts moto's S3 server (`python -m moto.server`) behind a small TCP proxy this script can cut
and restore, and its own `driftstatus serve --mirror s3://BUCKET/PREFIX` (demo data, its own
database) that reaches the bucket through the proxy. Reading back with boto3, it checks:
- every object has the right Content-Type, Cache-Control and (gzip = true) Content-Encoding;
- every link (href/src) in every mirrored page resolves to an object, the way a bucket's website
  endpoint resolves it (the key, or KEY/index.html);
- a publish through the API reaches the home page object within seconds;
- a page that no longer exists (a component hidden by another process) is deleted;
- the storage server unreachable during a publish (connections refused): nothing is lost; when it
  returns the bucket converges, the queue empties, and the bucket holds exactly what the
  database says it holds.
Moto keeps its state in memory, so the outage is made by the proxy while moto keeps running.
The first argument (the shared server's address) is not used.
"""
import gzip
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import boto3
from botocore.config import Config

from driftstatus_server import BINARY, ROOT, fail, wait_for

PUBLIC_BASE = "https://status.example.se"
BUCKET, PREFIX = "status-site", "mirror/"
KEY_ID, SECRET = "AKIADRIFTSTATUSTEST1", "driftstatus-test-secret-key-0123456789"


def free_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


class CuttableProxy:
    """Forwards 127.0.0.1:port to the target; `cut()` closes every connection and refuses new
    ones (the port stays bound but unanswered connections are reset), `restore()` ends that."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.open = True
        self.sockets = []
        self.refused = 0
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            client, _ = self.listener.accept()
            with self.lock:
                if not self.open:
                    self.refused += 1
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    client.close()
                    continue
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        with self.lock:
            self.open = False
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.sockets = []

    def restore(self):
        with self.lock:
            self.open = True


class Bucket:
    def __init__(self, port):
        self.s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="eu-north-1",
                               aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
                               config=Config(s3={"addressing_style": "path"}))

    def keys(self):
        keys, token = [], None
        while True:
            args = {"Bucket": BUCKET, "Prefix": PREFIX}
            if token:
                args["ContinuationToken"] = token
            page = self.s3.list_objects_v2(**args)
            keys += [o["Key"] for o in page.get("Contents", [])]
            token = page.get("NextContinuationToken")
            if not token:
                return set(keys)

    def get(self, key):
        """(headers, decoded bytes) or None when missing."""
        try:
            answer = self.s3.get_object(Bucket=BUCKET, Key=key)
        except self.s3.exceptions.NoSuchKey:
            return None
        body = answer["Body"].read()
        if answer.get("ContentEncoding") == "gzip":
            body = gzip.decompress(body)
        return answer, body

    def text(self, key):
        found = self.get(key)
        return found[1].decode() if found else ""


def api(base, token, method, path, payload=None):
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def check_objects(bucket):
    """Types, caching and encodings; returns the HTML pages' texts by key."""
    pages = {}
    keys = bucket.keys()
    for key in sorted(keys):
        answer, body = bucket.get(key)
        kind, encoding = answer["ContentType"], answer.get("ContentEncoding")
        if not answer.get("CacheControl"):
            fail(f"{key}: no Cache-Control")
        expected = {".html": "text/html", ".json": "application/json", ".rss": "application/rss+xml",
                    ".atom": "application/atom+xml", ".css": "text/css", ".svg": "image/svg+xml"}
        suffix = os.path.splitext(key)[1]
        if suffix in expected and not kind.startswith(expected[suffix]):
            fail(f"{key}: Content-Type {kind}, expected {expected[suffix]}")
        compressible = suffix in (".html", ".json", ".rss", ".atom")
        if compressible != (encoding == "gzip"):
            fail(f"{key}: Content-Encoding {encoding!r} ({kind})")
        if suffix == ".html":
            pages[key] = body.decode()
    if not pages:
        fail("no HTML objects in the bucket")
    return keys, pages


def check_links(keys, pages):
    checked = 0
    for key, html in pages.items():
        for link in re.findall(r'(?:href|src)="([^"]+)"', html):
            link = link.replace("&amp;", "&").split("#", 1)[0]
            if not link or link.startswith(("mailto:", "data:")):
                continue
            if link.startswith(PUBLIC_BASE):
                path = link[len(PUBLIC_BASE):] or "/"
            elif link.startswith("/") and not link.startswith("//"):
                path = link
            elif re.match(r"^[a-z]+:", link):
                continue  # another site (the support link)
            else:
                fail(f"{key}: relative link {link!r}")
            # A bucket ignores the query of a GET (the assets' `?v=` cache-busters): the path decides.
            path = path.split("?", 1)[0]
            target = PREFIX + path.lstrip("/")
            candidates = [target + "index.html"] if target.endswith("/") else [target, target + "/index.html"]
            if not any(c in keys for c in candidates):
                fail(f"{key}: link {link!r} resolves to no object ({' or '.join(candidates)})")
            checked += 1
    return checked


def main():
    if not BINARY.exists():
        fail(f"{BINARY} is missing: run swift build first")
    work = tempfile.mkdtemp(prefix="driftstatus-s3-")
    database = os.path.join(work, "mirror.sqlite")
    run = lambda *args: subprocess.run([str(BINARY), *args, "--db", database, "--site", str(ROOT)],
                                       check=True, capture_output=True, text=True)
    run("demo")
    token = run("token", "create", "--name", "s3", "--role", "admin").stdout.strip()

    moto_port = free_port()
    moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    log = open(os.path.join(work, "serve.log"), "w+")
    try:
        bucket = Bucket(moto_port)

        def moto_up():
            try:
                bucket.s3.list_buckets()
                return True
            except Exception:
                return False
        wait_for(moto_up, "moto to start", 20)
        bucket.s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
        proxy = CuttableProxy(moto_port)

        env = dict(os.environ, DRIFTSTATUS_BASE_URL=PUBLIC_BASE,
                   DRIFTSTATUS_MIRROR_S3_ENDPOINT=f"http://127.0.0.1:{proxy.port}",
                   DRIFTSTATUS_MIRROR_S3_REGION="eu-north-1",
                   DRIFTSTATUS_MIRROR_S3_ACCESS_KEY_ID=KEY_ID, DRIFTSTATUS_MIRROR_S3_SECRET_ACCESS_KEY=SECRET,
                   DRIFTSTATUS_MIRROR_S3_PATH_STYLE="true", DRIFTSTATUS_MIRROR_S3_GZIP="true")
        server = subprocess.Popen(
            [str(BINARY), "serve", "--db", database, "--site", str(ROOT), "--port", "0", "--log-level", "warning",
             "--mirror", f"s3://{BUCKET}/{PREFIX}"],
            stdout=subprocess.PIPE, stderr=log, env=env, text=True)
        line = server.stdout.readline()
        if not line.startswith("listening on "):
            fail(f"server did not start: {line!r}")
        base = line.split("listening on ", 1)[1].strip()
        home = PREFIX + "sv/index.html"
        wait_for(lambda: home in bucket.keys(), "the first upload", 20)

        keys, pages = check_objects(bucket)
        links = check_links(keys, pages)
        print(f"ok: {len(keys)} objects with the right types and encodings; {links} links resolve")

        # A publish reaches the home page object within seconds.
        title = "Inloggningen går långsamt (S3-test)"
        started = time.time()
        status, answer = api(base, token, "POST", "/api/v1/incidents", {
            "title": {"sv": title, "en": "Sign-in is slow (S3 test)"},
            "body": {"sv": "Vi undersöker.", "en": "We are investigating."}, "impact": "minor"})
        if status != 201:
            fail(f"create incident: HTTP {status} {answer}")
        seen = wait_for(lambda: title in bucket.text(home), "the publish to reach the home page object", 10)
        print(f"ok: a publish reached {home} after {seen - started:.1f} s")

        # A page that no longer exists is deleted: another process hides a component.
        with sqlite3.connect(database) as db:
            slug = db.execute("SELECT slug FROM component WHERE is_hidden = 0 ORDER BY id LIMIT 1").fetchone()[0]
            feed = f"{PREFIX}sv/components/{slug}/feed.atom"
            if feed not in bucket.keys():
                fail(f"{feed} missing before the component was hidden")
            db.execute("UPDATE component SET is_hidden = 1 WHERE slug = ?", (slug,))
            db.execute("UPDATE meta SET value = value + 1 WHERE key = 'data_version'")
        wait_for(lambda: feed not in bucket.keys(), f"{feed} to be deleted", 15)
        print(f"ok: {feed} deleted after its component was hidden")

        # The storage server unreachable during a publish.
        proxy.cut()
        outage_title = "Betalningar avvisas (under avbrottet)"
        status, answer = api(base, token, "POST", "/api/v1/incidents", {
            "title": {"sv": outage_title, "en": "Payments are declined (during the outage)"},
            "body": {"sv": "Vi undersöker.", "en": "We are investigating."}, "impact": "major"})
        if status != 201:
            fail(f"create incident during the outage: HTTP {status} {answer}")
        outage_incident = answer["incident"]["id"]
        time.sleep(4)
        if proxy.refused == 0:
            fail("the server did not try to reach the bucket during the outage")
        if outage_title in bucket.text(home):
            fail("the home page object changed while the bucket was unreachable (the outage was not real)")
        with sqlite3.connect(database) as db:
            queued = db.execute("SELECT COUNT(*) FROM mirror_upload").fetchone()[0]
        if queued == 0:
            fail("nothing waits in the durable queue during the outage")
        print(f"ok: during the outage {queued} operations wait in the queue ({proxy.refused} connections refused)")
        proxy.restore()
        started = time.time()
        wait_for(lambda: outage_title in bucket.text(home), "the bucket to converge after the outage", 40)

        def queue_empty():
            with sqlite3.connect(database) as db:
                return db.execute("SELECT COUNT(*) FROM mirror_upload").fetchone()[0] == 0
        converged = wait_for(queue_empty, "the upload queue to empty", 40)
        print(f"ok: converged {converged - started:.1f} s after the storage server returned")
        page = f"{PREFIX}sv/incidents/{outage_incident}/index.html"
        if outage_title not in bucket.text(page):
            fail(f"{page} missing or stale after the outage")
        with sqlite3.connect(database) as db:
            recorded = {k for (k,) in db.execute("SELECT key FROM mirror_object")}
        actual = bucket.keys()
        if recorded != actual:
            fail(f"bucket and database disagree: only in the bucket {sorted(actual - recorded)[:5]}, "
                 f"only recorded {sorted(recorded - actual)[:5]}")
        keys, pages = check_objects(bucket)
        links = check_links(keys, pages)
        print(f"ok: after the outage the bucket holds the {len(keys)} objects the database records; {links} links resolve")
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        moto.terminate()
        moto.wait(timeout=10)
        log.seek(0)
        errors = [l for l in log.read().splitlines() if "mirror" in l]
        if errors:
            print("server's mirror log:", *errors[:8], sep="\n  ")


if __name__ == "__main__":
    main()
