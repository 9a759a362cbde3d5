"""Page weight and load time of home, lesson and quiz pages on an emulated 400 kbit/s, 400 ms
link, in Debian's Chromium at 360x740, served by gunicorn (real br/gzip compression).

    .venv/bin/python bench/page_weight.py

cold: a fresh browser profile, before the service worker is installed (the page's own requests;
      the worker's precache runs after and is counted apart, as "app shell precache").
warm: the same profile once the worker is active and controls the page, same page again; the
      page's requests and the worker's own fetches (a CDP session on the worker's target,
      throttled the same way) are both counted.
downloaded: the module downloaded with its button, then a lesson of it opened.
bytes = sum of CDP Network.loadingFinished encodedDataLength (headers included); requests =
requests the page made (served by the worker or not) / requests that reached the network."""

from __future__ import annotations

import argparse
import http.client
import json
import time

from playwright.sync_api import sync_playwright

from common import Server, banner, create_schema_and_learners, database, make_app

VERBOSE = False
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LINK = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
        "uploadThroughput": 400_000 / 8}
PAGES = [  # (name, path, what must be visible)
    ("home", "/", "#main"),
    ("lesson", "/modules/conectate/lessons/tu-celular", "#lesson-text"),
    ("quiz", "/modules/conectate/lessons/tu-celular/quiz", "#main form"),
]
# Paint times from the page itself: FCP, and LCP with whether its element is the lesson text.
TIMING_JS = """() => new Promise((resolve) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const done = (lcp) => resolve({load: nav ? nav.loadEventEnd : null, fcp: fcp ? fcp.startTime : null,
    lcp: lcp ? lcp.startTime : null, lcpInLesson: !!(lcp && lcp.element && lcp.element.closest('#lesson-text'))});
  new PerformanceObserver((list) => { const e = list.getEntries(); done(e[e.length - 1]); })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => done(null), 1000);
})"""


class Meter:
    """Requests and encoded bytes seen by one CDP target (a page, or the service worker)."""

    def __init__(self):
        self.requests, self.network, self.bytes, self.last = 0, 0, 0, time.monotonic()
        self.from_sw: set[str] = set()
        self.log: list[tuple[float, str, str]] = []  # (seconds, event, url) for --verbose

    def event(self, method: str, params: dict) -> None:
        self.last = time.monotonic()
        if method == "Network.requestWillBeSent" and not params["request"]["url"].startswith("data:"):
            self.requests += 1
            self.log.append((self.last, "request", params["request"]["url"].split("?")[0]))
        elif method == "Network.responseReceived" and (
                params["response"].get("fromServiceWorker") or params["response"].get("fromDiskCache")):
            self.from_sw.add(params["requestId"])
        elif method == "Network.loadingFinished" and params["requestId"] not in self.from_sw:
            self.network += 1
            self.bytes += int(params["encodedDataLength"])
            self.log.append((self.last, f"{int(params['encodedDataLength'])} B", params["requestId"]))


def page_meter(context, page) -> Meter:
    meter, cdp = Meter(), context.new_cdp_session(page)
    for method in ("Network.requestWillBeSent", "Network.responseReceived", "Network.loadingFinished"):
        cdp.on(method, lambda params, m=method: meter.event(m, params))
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.emulateNetworkConditions", LINK)
    page._bench_cdp = cdp  # keep the session: detaching it would lift the throttling
    return meter


def worker_meter(browser, page) -> Meter:
    """Throttle and meter the worker's own fetches (see testing/browser-probe gotcha 10)."""
    own = page.context.new_cdp_session(page)
    context_id = own.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
    own.detach()
    cdp = browser.new_browser_cdp_session()
    workers = [t for t in cdp.send("Target.getTargets")["targetInfos"]
               if t["type"] == "service_worker" and t.get("browserContextId") == context_id]
    assert len(workers) == 1, workers
    session = cdp.send("Target.attachToTarget",
                       {"targetId": workers[0]["targetId"], "flatten": False})["sessionId"]
    meter, replies = Meter(), {}

    def message(event):
        data = json.loads(event["message"])
        if "id" in data:
            replies[data["id"]] = data
        elif data.get("method", "").startswith("Network."):
            meter.event(data["method"], data["params"])

    cdp.on("Target.receivedMessageFromTarget", message)
    for n, (method, params) in enumerate([("Network.enable", {}),
                                          ("Network.emulateNetworkConditions", LINK)], 1):
        cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": json.dumps(
            {"id": n, "method": method, "params": params})})
    wait(page, lambda: 2 in replies, 10)
    page._bench_worker_cdp = cdp
    return meter


def wait(page, check, seconds: float) -> bool:
    """CDP events arrive only while Playwright waits: wait in small steps, bounded."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(50)
    return True


def measure(page, base: str, path: str, selector: str, meters: list[Meter]) -> dict:
    before = [(m.requests, m.network, m.bytes) for m in meters]
    t0 = time.monotonic()
    page.goto(base + path, wait_until="commit", timeout=120_000)
    page.locator(selector).first.wait_for(state="visible", timeout=120_000)
    visible = time.monotonic() - t0
    page.wait_for_load_state("load", timeout=120_000)
    # Done when no meter has seen an event for 2 s (scripts fetch /api/me after load).
    wait(page, lambda: time.monotonic() - max(m.last for m in meters) > 2.0, 60)
    timing = page.evaluate(TIMING_JS)
    if VERBOSE:  # the waterfall: which request starts when (a chain of imports costs RTTs)
        for when, what, url in sorted(e for m in meters for e in m.log if e[0] >= t0):
            print(f"    {when - t0:6.2f} s  {what:>9}  {url}")
    deltas = [(m.requests - r, m.network - n, m.bytes - b) for m, (r, n, b) in zip(meters, before)]
    return {"visible_s": visible, "fcp_s": (timing["fcp"] or 0) / 1000,
            "lcp_s": (timing["lcp"] or 0) / 1000, "lcp_in_lesson": timing["lcpInLesson"],
            "load_s": (timing["load"] or 0) / 1000,
            "requests": deltas[0][0], "network": sum(d[1] for d in deltas),
            "bytes": sum(d[2] for d in deltas)}


def wait_for_worker(page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null && "
                           "navigator.serviceWorker.controller.state === 'activated'", timeout=120_000)


def precache_bytes(port: int) -> dict[str, tuple[int, int]]:
    """The shell the worker precaches, fetched as Chromium would (br): (body, HTTP/1.1 headers)
    bytes per URL."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/service-worker.js")  # uncompressed: only to read its list
    worker = conn.getresponse()
    first_line = worker.read().decode().split("\n")[1]  # const SHELL_URLS = [...];
    urls = json.loads(first_line.split("=", 1)[1].strip().rstrip(";")) + ["/"]
    sizes = {}
    for url in urls:
        conn.request("GET", url, headers={"Accept-Encoding": "br, gzip"})
        response = conn.getresponse()
        body = response.read()
        headers = 17 + sum(len(k) + len(v) + 4 for k, v in response.getheaders())
        sizes[url.split("?")[0]] = (len(body), headers)
    conn.close()
    return sizes


def new_page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-BO")
    page = context.new_page()
    return context, page, page_meter(context, page)


def cold_and_warm(browser, base: str, name: str, path: str, selector: str) -> list[tuple]:
    context, page, meter = new_page(browser)
    try:
        cold = measure(page, base, path, selector, [meter])
        wait_for_worker(page)
        sw = worker_meter(browser, page)
        warm = measure(page, base, path, selector, [meter, sw])
        return [(name, "cold", cold), (name, "warm", warm)]
    finally:
        context.close()


def downloaded(browser, base: str) -> list[tuple]:
    """Download the module with its button, then open one of its lessons."""
    context, page, meter = new_page(browser)
    try:
        measure(page, base, "/modules/conectate", "#download", [meter])
        wait_for_worker(page)
        sw = worker_meter(browser, page)
        page.reload(wait_until="load")  # the module page, now controlled, shows the button
        before, t0 = meter.bytes + sw.bytes, time.monotonic()
        counts = (meter.requests, meter.network + sw.network)
        page.locator("#download-button").click(timeout=60_000)
        page.wait_for_selector("#download[data-state='done']", timeout=300_000)
        wait(page, lambda: time.monotonic() - max(meter.last, sw.last) > 2.0, 60)
        fetched = {"visible_s": time.monotonic() - t0, "requests": meter.requests - counts[0],
                   "network": meter.network + sw.network - counts[1],
                   "bytes": meter.bytes + sw.bytes - before}
        opened = measure(page, base, "/modules/conectate/lessons/datos-y-wifi", "#lesson-text",
                         [meter, sw])
        return [("module conectate", "download", fetched), ("lesson", "downloaded", opened)]
    finally:
        context.close()


def report(rows: list[tuple], shell: dict[str, tuple[int, int]]) -> None:
    print("\n| page | visit | bytes (KB) | requests (page / network) | visible (s) | FCP (s) | "
          "LCP (s) | load (s) |")
    print("|---|---|---:|---|---:|---:|---:|---:|")
    for name, visit, m in rows:
        if visit == "download":
            print(f"| {name} | download button | {m['bytes'] / 1000:.1f} | {m['requests']} / "
                  f"{m['network']} | {m['visible_s']:.1f} (until stored) | | | |")
            continue
        lcp = f"{m['lcp_s']:.2f}" + (" (lesson text)" if m["lcp_in_lesson"] else "")
        print(f"| {name} | {visit} | {m['bytes'] / 1000:.1f} | {m['requests']} / {m['network']} | "
              f"{m['visible_s']:.2f} | {m['fcp_s']:.2f} | {lcp} | {m['load_s']:.2f} |")
    body, headers = (sum(size[i] for size in shell.values()) for i in (0, 1))
    print(f"\napp shell precache (server-side count, br): {len(shell)} URLs, "
          f"{(body + headers) / 1000:.1f} KB = {body / 1000:.1f} KB bodies + {headers / 1000:.1f} KB "
          "HTTP/1.1 headers; largest bodies: " + ", ".join(
              f"{url} {size[0] / 1000:.1f}" for url, size in sorted(shell.items(), key=lambda i: -i[1][0])[:6]))
    print("KB = 1000 bytes. visible = from navigation start until the selector is visible in the "
          "DOM (#lesson-text on the lesson page, #main on home, the form on the quiz page); "
          "FCP/LCP = first/largest contentful paint as the page reports them.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--verbose", action="store_true", help="print each load's requests")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    banner("Page weight and load time (400 kbit/s, 400 ms, 360x740)")
    with database("sqlite", "pages") as url:
        create_schema_and_learners(make_app(url), 0)
        with Server(url) as server, sync_playwright() as p:
            base = f"http://127.0.0.1:{server.port}"
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            try:
                rows = []
                for name, path, selector in PAGES:
                    rows += cold_and_warm(browser, base, name, path, selector)
                rows += downloaded(browser, base)
            finally:
                browser.close()
            report(rows, precache_bytes(server.port))
            print(f"server errors logged: {len(server.errors_logged())}")


if __name__ == "__main__":
    main()
