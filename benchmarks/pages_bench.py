"""What a phone on a slow network meets: bytes, requests and first paint of two public pages, in Chromium.

Two pages of a throwaway SQLite database (built like benchmarks/agenda_bench.py and
benchmarks/registration_bench.py build theirs, with their own builders):

- the public registration page of a forum open for registration (a first visit: nothing cached);
- the public programme of a published forum with 500 items (agenda_bench's forum).

The app (TestingConfig with CSRF on, as a browser meets it) is served by werkzeug's threaded server on
127.0.0.1 in a thread of this process. Debian's /usr/bin/chromium, driven by Playwright (never a downloaded
browser), loads each page with the browser cache disabled and the network throttled through the DevTools
protocol (Network.emulateNetworkConditions: 400 ms latency, 50,000 bytes/s down and up: a slow phone
connection). Measured, median of --runs page loads each (after one warm-up load):

- bytes: every response's encodedDataLength (headers and body as they crossed the wire, compressed or not),
  summed over every request of the visit until the network is idle (favicon included);
- requests: how many;
- paint: first-contentful-paint from the Paint Timing API (ms after navigation start).

Targets: registration page <= 25,000 bytes and paint <= 1,000 ms; programme of 500 items paint <= 2,000 ms.
It is a report: the exit code is 0 whatever the numbers; a number over its target is marked ABOVE TARGET.

    cd /work/main && PYTHONPATH=. python benchmarks/pages_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# agenda_bench points the test configuration at its own temporary SQLite file when imported
import agenda_bench  # noqa: E402
from registration_bench import make_forum  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from config import TestingConfig  # noqa: E402
from forumops import create_app  # noqa: E402
from forumops.core.database import rebuild_schema  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LATENCY_MS = 400
THROUGHPUT = 50_000  # bytes per second, each way
REGISTER_SLUG = "asean-register-bench-2027"
RUNS = 5
TARGETS = {"register_bytes": 25_000, "register_paint": 1000, "programme_paint": 2000}
PHONE = {"width": 390, "height": 844}


class BrowserConfig(TestingConfig):
    WTF_CSRF_ENABLED = True  # the form carries its token, as in production


class Server:
    """werkzeug's threaded server on 127.0.0.1:<free port>, in a thread; stop() always ends it."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.server.shutdown()
        self.thread.join(timeout=10)


def visit(browser, url: str) -> dict:
    """One first visit under the slow network: bytes, requests and first contentful paint."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": LATENCY_MS, "downloadThroughput": THROUGHPUT, "uploadThroughput": THROUGHPUT})
    sent: dict[str, str] = {}
    received: dict[str, int] = {}
    encodings: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: sent.setdefault(e["requestId"], e["request"]["url"]))
    cdp.on("Network.responseReceived", lambda e: encodings.__setitem__(
        e["requestId"], {k.lower(): v for k, v in e["response"]["headers"].items()}.get("content-encoding", "-")))
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle", timeout=120_000)
    paint = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime")
    files = sorted((sent[rid].removeprefix(url.split("/forums")[0]), size, encodings.get(rid, "-"))
                   for rid, size in received.items())
    context.close()
    return {"bytes": sum(received.values()), "requests": len(sent), "paint": paint, "files": files}


def measure(browser, url: str, runs: int) -> dict:
    visit(browser, url)  # warm-up, not counted: the server compiles its templates, as a worker does once
    visits = [visit(browser, url) for _ in range(runs)]
    return {"bytes": statistics.median(v["bytes"] for v in visits),
            "requests": statistics.median(v["requests"] for v in visits),
            "paint": statistics.median(v["paint"] for v in visits), "files": visits[-1]["files"]}


def flag(value: float, target: float) -> str:
    return "met" if value <= target else "ABOVE TARGET"


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()

    app = create_app(BrowserConfig)
    logging.disable(logging.INFO)  # one line per migration and per request would bury the report
    rebuild_schema(app)
    agenda_bench.build_forum(app)
    make_forum(app, REGISTER_SLUG, capacity=300)

    with Server(app) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            register = measure(browser, f"{server.url}/forums/{REGISTER_SLUG}/register", args.runs)
            programme = measure(browser, f"{server.url}/forums/{agenda_bench.SLUG}/agenda", args.runs)
        finally:
            browser.close()

    print(f"network:    Chromium ({CHROMIUM}), cache disabled, {LATENCY_MS} ms latency, {THROUGHPUT:,} bytes/s "
          f"each way, phone viewport {PHONE['width']}x{PHONE['height']}; median of {args.runs} first visits\n")
    for title, result in (("registration page", register), ("programme, 500 items", programme)):
        print(f"{title}: {result['bytes']:,.0f} bytes in {result['requests']:.0f} requests, "
              f"first contentful paint {result['paint']:,.0f} ms")
        for path, size, encoding in result["files"]:
            print(f"    {size:>9,} bytes  {encoding:<5} {path}")
    print()
    rows = [("registration page: bytes", register["bytes"], TARGETS["register_bytes"], "bytes"),
            ("registration page: paint", register["paint"], TARGETS["register_paint"], "ms"),
            ("programme of 500 items: paint", programme["paint"], TARGETS["programme_paint"], "ms")]
    for name, value, target, unit in rows:
        print(f"{name:<31} {value:>9,.0f} {unit:<5} target <= {target:>6,} {unit:<5} {flag(value, target)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
