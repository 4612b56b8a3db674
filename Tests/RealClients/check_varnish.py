#!/usr/bin/env python3
"""The cache tier end to end (issue 14): Debian's Varnish 7.1 with varnish-modules (xkey), running
the project's own deploy/varnish/driftstatus.vcl, in front of a real `driftstatus serve` (demo data).

Only the backend's port is changed in the VCL (the origin runs on a free port); everything else is
the file as shipped, and docs/deploy.md must show that same file. Checks, through Varnish:
- a page is served from the cache: hit ratio > 99 % under wrk (or a Python loop without wrk),
  one copy per encoding (gzip or not), the xkey tags not shown to clients;
- a publish through the write API shows within 1 s (the origin sends PURGE xkey-softpurge);
- Driftstatus killed (SIGKILL) and every public page soft-purged: every page still 200 (grace);
- Driftstatus restarted, a second publish shows within 1 s again;
- Varnish stopped, a third publish, Varnish started again: the queued purge arrives (varnishlog);
- behind the trusted proxy, subscribe requests from many X-Forwarded-For addresses: one address
  over the limit gets 429, the others do not.
The first argument (the shared server's address) is not used.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "driftstatus"
VCL = ROOT / "deploy" / "varnish" / "driftstatus.vcl"
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
SUBSCRIBE_LIMIT = 3


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, timeout=15.0, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(interval)
    fail(f"timed out waiting for {what}")


def stop_process(process):
    """SIGTERM, and SIGKILL when it has not ended within 15 s."""
    if process:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(url, method="GET", data=None, headers=None):
    """(status, headers, body text); never raises for an HTTP status."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with OPENER.open(req, timeout=10) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


class Origin:
    def __init__(self, work, port, varnish_port):
        self.work, self.port, self.varnish_port = work, port, varnish_port
        self.process = None

    def start(self):
        env = dict(os.environ,
                   DRIFTSTATUS_CACHE_PURGE_URLS=f"http://127.0.0.1:{self.varnish_port}",
                   DRIFTSTATUS_HTTP_TRUSTED_PROXIES="127.0.0.1,::1",
                   # A relay that is never reached switches the subscribe form on.
                   DRIFTSTATUS_SMTP_HOST="127.0.0.1", DRIFTSTATUS_SMTP_PORT="9", DRIFTSTATUS_SMTP_SECURITY="none",
                   DRIFTSTATUS_NOTIFICATIONS_SUBSCRIBE_LIMIT=str(SUBSCRIBE_LIMIT))
        self.log = open(self.work / "serve.log", "a")
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--db", str(self.work / "demo.sqlite"), "--site", str(ROOT), "--port", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        wait_for(lambda: request(f"http://127.0.0.1:{self.port}/healthz?ready")[0] == 200, "driftstatus to start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self):
        stop_process(self.process)
        self.process = None


class Varnish:
    def __init__(self, work, port, vcl):
        self.work, self.port, self.vcl = work, port, vcl
        self.name = work / "varnish"
        self.process = None

    def start(self):
        self.log = open(self.work / "varnishd.log", "a")
        self.process = subprocess.Popen(
            ["varnishd", "-F", "-n", str(self.name), "-a", f"127.0.0.1:{self.port}", "-f", str(self.vcl),
             "-s", "malloc,64m", "-p", "thread_pool_min=10", "-p", "thread_pools=1"],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: self.process.poll() is None and request(self.url("/en/"))[0] == 200, "varnishd to start")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        stop_process(self.process)
        self.process = None

    def counters(self):
        out = subprocess.run(["varnishstat", "-n", str(self.name), "-1", "-j"], capture_output=True, text=True, check=True).stdout
        data = json.loads(out)
        data = data.get("counters", data)
        return {name: data[name]["value"] for name in ("MAIN.cache_hit", "MAIN.cache_miss", "MAIN.client_req")}

    def backend_health(self):
        """The probe's verdict on the origin as varnishadm reports it: "healthy" or "sick"."""
        out = subprocess.run(["varnishadm", "-n", str(self.name), "backend.list"], capture_output=True, text=True, timeout=10).stdout
        line = next((l for l in out.splitlines() if "driftstatus" in l), "")
        return "sick" if "sick" in line else "healthy" if "healthy" in line else line

    def logged_purges(self):
        out = subprocess.run(["varnishlog", "-n", str(self.name), "-d", "-g", "request", "-q", 'ReqMethod eq "PURGE"',
                              "-i", "ReqHeader,RespStatus"], capture_output=True, text=True, timeout=10).stdout
        return out


def tested_vcl(work, origin_port):
    text = VCL.read_text()
    backend_port = '    .port = "8080";\n'
    if text.count(backend_port) != 1:
        fail("deploy/varnish/driftstatus.vcl must name its backend port exactly once as .port = \"8080\"")
    if not DEPLOY_DOC.exists() or text not in DEPLOY_DOC.read_text():
        fail("docs/deploy.md must show deploy/varnish/driftstatus.vcl exactly as it is")
    path = work / "driftstatus.vcl"
    path.write_text(text.replace(backend_port, f'    .port = "{origin_port}";\n'))
    path.chmod(0o644)
    return path


def publish(varnish, token, title):
    body = json.dumps({"title": {"sv": title, "en": title}, "body": {"sv": "Vi undersöker.", "en": "We are investigating."},
                       "impact": "minor"}).encode()
    status, _, text = request(varnish.url("/api/v1/incidents"), "POST", body,
                              {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    if status != 201:
        fail(f"publishing through Varnish gave {status}: {text[:300]}")
    return json.loads(text)["incident"]["id"]


def shows_within(varnish, path, title, limit):
    started = time.time()
    while time.time() - started < 10:
        if title in request(varnish.url(path), headers={"Accept-Encoding": "identity"})[2]:
            return time.time() - started
        time.sleep(0.02)
    fail(f"{title!r} did not show on {path} through Varnish within 10 s")


def public_pages(varnish):
    """The public pages a reader reaches from the home pages, plus feeds and JSON."""
    pages = {"/sv/", "/en/", "/sv/history", "/en/history", "/sv/feed.rss", "/en/feed.atom",
             "/api/v2/summary.json", "/api/v2/incidents.json", "/api/v2/scheduled-maintenances.json"}
    for home in ("/sv/", "/en/"):
        html = request(varnish.url(home))[2]
        for link in re.findall(r'href="(/(?:sv|en)/(?:incidents|maintenance|components)/[^"#?]+)"', html):
            pages.add(link)
    return sorted(pages)


def check_hit_ratio(varnish):
    request(varnish.url("/en/"), headers={"Accept-Encoding": "gzip"})
    before = varnish.counters()
    if shutil.which("wrk"):
        out = subprocess.run(["wrk", "-t1", "-c16", "-d3s", "-H", "Accept-Encoding: gzip", varnish.url("/en/")],
                             capture_output=True, text=True, timeout=30).stdout
        match = re.search(r"Requests/sec:\s+([\d.]+)", out)
        rate = f"{float(match.group(1)):.0f} requests/s (wrk -t1 -c16 -d3s)" if match else "wrk gave no rate"
    else:
        started = time.time()
        for _ in range(2000):
            request(varnish.url("/en/"), headers={"Accept-Encoding": "gzip"})
        rate = f"{2000 / (time.time() - started):.0f} requests/s (a Python loop; wrk is not installed)"
    after = varnish.counters()
    hits = after["MAIN.cache_hit"] - before["MAIN.cache_hit"]
    misses = after["MAIN.cache_miss"] - before["MAIN.cache_miss"]
    ratio = hits / max(1, hits + misses)
    print(f"hit ratio through Varnish: {ratio * 100:.3f} % ({hits} hits, {misses} misses), {rate}")
    if hits < 1000 or ratio <= 0.99:
        fail(f"hit ratio {ratio:.4f} with {hits} hits is not above 99 %")


def check_encodings(varnish):
    """One copy per encoding: gzip to those who take it, plain bytes to the others, whichever
    encoding was asked for first (a fresh URL each order: the query makes its own cache key)."""
    for order in (("plain", "gzip", "plain", "gzip"), ("gzip", "plain", "gzip", "plain")):
        path = f"/en/?encodings={'-'.join(order[:2])}"
        for encoding in order:
            status, headers, _ = request(varnish.url(path), headers={"Accept-Encoding": "gzip"} if encoding == "gzip" else {})
            got = headers.get("Content-Encoding")
            if status != 200 or got != ("gzip" if encoding == "gzip" else None):
                fail(f"{path} asked {encoding} after {order[0]} first: {status}, Content-Encoding {got!r}")
    for accept, wanted in (("gzip, deflate, br", "gzip"), ("br", None), (None, None), ("gzip;q=0", None), ("gzip", "gzip")):
        status, headers, _ = request(varnish.url("/sv/"), headers={"Accept-Encoding": accept} if accept else {})
        if status != 200 or headers.get("Content-Encoding") != wanted:
            fail(f"Accept-Encoding {accept!r} through Varnish: {status}, Content-Encoding {headers.get('Content-Encoding')!r}")
        if "xkey" in headers:
            fail("the xkey tags leak to clients")


def check_trusted_proxy(varnish):
    def subscribe(address, n):
        form = urllib.parse.urlencode({"email": f"reader-{address.replace('.', '-')}-{n}@example.se", "language": "en"}).encode()
        return request(varnish.url("/en/subscribe"), "POST", form,
                       {"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address})[0]

    others = [f"198.51.100.{n}" for n in range(1, 21)]
    statuses = [subscribe(address, n) for address in others for n in range(SUBSCRIBE_LIMIT - 1)]
    if any(status == 429 for status in statuses) or set(statuses) != {202}:
        fail(f"clients under the limit were refused: {statuses}")
    noisy = [subscribe("203.0.113.66", n) for n in range(SUBSCRIBE_LIMIT + 1)]
    if noisy[:SUBSCRIBE_LIMIT] != [202] * SUBSCRIBE_LIMIT or noisy[-1] != 429:
        fail(f"the client over the limit got {noisy}, expected {SUBSCRIBE_LIMIT} x 202 then 429")
    after = [subscribe(address, SUBSCRIBE_LIMIT) for address in others[:5]]
    if any(status == 429 for status in after):
        fail(f"other clients were throttled with the noisy one: {after}")
    print(f"trusted proxy: {len(statuses) + len(after)} subscribe requests from {len(others)} forwarded addresses "
          f"all accepted; 203.0.113.66 got {noisy}")


def main():
    for tool in ("varnishd", "varnishstat", "varnishlog", "varnishadm"):
        if not shutil.which(tool):
            fail(f"{tool} is not installed (scripts/setup.sh --test installs varnish and varnish-modules)")
    started = time.time()
    work = Path(tempfile.mkdtemp(prefix="driftstatus-varnish-"))
    work.chmod(0o755)  # varnishd drops privileges; its compiler must read the VCL
    origin_port, varnish_port = free_port(), free_port()
    origin = Origin(work, origin_port, varnish_port)
    varnish = Varnish(work, varnish_port, tested_vcl(work, origin_port))
    try:
        subprocess.run([str(BINARY), "demo", "--db", str(work / "demo.sqlite"), "--site", str(ROOT)],
                       check=True, capture_output=True)
        token = subprocess.run([str(BINARY), "token", "create", "--name", "varnish-check", "--role", "editor",
                                "--db", str(work / "demo.sqlite"), "--site", str(ROOT)],
                               check=True, capture_output=True, text=True).stdout.strip()
        origin.start()
        varnish.start()

        check_hit_ratio(varnish)
        check_encodings(varnish)

        # Cached (max-age 15 s): without a purge the new incident would not show for up to 15 s.
        request(varnish.url("/en/"))
        first = publish(varnish, token, "Varnish check one")
        took = shows_within(varnish, "/en/", "Varnish check one", 1.0)
        print(f"publish 1 shown through Varnish after {took * 1000:.0f} ms")
        if took > 1.0:
            fail(f"the publish took {took:.2f} s to show through Varnish")

        pages = public_pages(varnish)
        if f"/en/incidents/{first}" not in pages:
            pages.append(f"/en/incidents/{first}")
        cached = {page: request(varnish.url(page)) for page in pages}
        broken = {page: answer[0] for page, answer in cached.items() if answer[0] != 200}
        if broken:
            fail(f"pages not 200 before the origin died: {broken}")

        origin.kill()
        # Soft-purge everything, as a publish just before the crash would: only grace can answer now.
        status, _, text = request(varnish.url("/"), "PURGE", headers={"xkey-softpurge": "site"})
        if status != 200:
            fail(f"a soft purge from loopback gave {status}: {text[:200]}")
        for moment in ("at once", "after the probe marked the origin sick"):
            if moment != "at once":
                wait_for(lambda: varnish.backend_health() == "sick", "the probe to mark the origin sick", timeout=10)
            for page in pages:
                status, _, body = request(varnish.url(page))
                if status != 200 or body != cached[page][2]:
                    fail(f"{page} through Varnish with the origin down ({moment}): {status}, stale copy served: {body == cached[page][2]}")
        print(f"origin killed: all {len(pages)} public pages 200 through Varnish (stale, from grace)")

        origin.start()
        wait_for(lambda: varnish.backend_health() == "healthy", "the probe to see the origin again", timeout=10)
        request(varnish.url("/en/"))
        publish(varnish, token, "Varnish check two")
        took = shows_within(varnish, "/en/", "Varnish check two", 1.0)
        print(f"origin restarted: publish 2 shown through Varnish after {took * 1000:.0f} ms")
        if took > 1.0:
            fail(f"after the restart the publish took {took:.2f} s to show")

        varnish.stop()
        third = None
        body = json.dumps({"title": {"sv": "Varnish check three", "en": "Varnish check three"},
                           "body": {"sv": "Vi undersöker.", "en": "Investigating."}, "impact": "minor"}).encode()
        status, _, text = request(f"http://127.0.0.1:{origin_port}/api/v1/incidents", "POST", body,
                                  {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        if status != 201:
            fail(f"publishing with Varnish down gave {status}")
        third = json.loads(text)["incident"]["id"]
        time.sleep(1.5)  # the first attempt fails: nothing listens
        if "purge not taken" not in (work / "serve.log").read_text():
            fail("the origin did not report the failed purge")
        varnish.start()
        wait_for(lambda: f"incident-{third}" in varnish.logged_purges(), "the queued purge to reach Varnish", timeout=15)
        print(f"the purge for incident-{third} queued while Varnish was down arrived after it returned")

        check_trusted_proxy(varnish)
        print(f"varnish check took {time.time() - started:.1f} s")
    finally:
        varnish.stop()
        origin.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
