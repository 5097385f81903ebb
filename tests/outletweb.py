"""A small web of outlets on loopback, one server per outlet (127.0.0.2, .3, ...), for `prov follow`.

The pages are ours, in the shapes of real syndication: a city newspaper's report (the origin),
a news agency's rewrite crediting it with a link on its name, a forum repost of the agency story
behind a leading [KestrelNews] tag and an `original-source` tag, and an aggregator summary ending
in "Original Source: URL". The newspaper's report links the city's inspection notice, which the
city has since taken down (410): a Memento TimeGate on its own address holds a copy. Test pages
add a loop (two posts crediting each other), a credited link that redirects to a `file:` URL, and
a chain of generated posts for the depth and fetch limits.

Links in the pages name their hosts as `{courier}`, `{kestrel}`, ...: each server fills in the
addresses of the others when it serves a page. `python tests/outletweb.py` starts the web, prints
the forum post's address and serves until it is stopped (the demo uses it).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUTLETS = ("courier", "kestrel", "forum", "digest", "city", "archive")
# Each outlet on its own loopback address: the outlet's site is its host.
ADDRESSES = {name: f"127.0.0.{i}" for i, name in enumerate(OUTLETS, start=2)}

MEMENTO_DATETIME = "Tue, 01 Jul 2025 09:14:00 GMT"
MEMENTO_STAMP = "20250701091400"


def page(title: str, site: str, published: str, body: str, *, author: str = "", head: str = "") -> str:
    byline = f'<p class="byline">By {author}</p>' if author else ""
    meta_author = f'<meta name="author" content="{author}">' if author else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}T07:00:00+00:00">{meta_author}{head}
</head><body><header><a class="logo" href="/">{site}</a><nav><a href="/news/">News</a> <a href="/about/">About</a>
</nav></header><main><article><h1>{title}</h1>{byline}
<time datetime="{published}">{published}</time>
{body}
</article></main><footer><p>&copy; 2025 {site}. <a href="/privacy/">Privacy</a></p></footer></body></html>"""


COURIER = "/2025/07/02/harrow-bridge-closed-after-inspection/"
KESTREL = "/en/2025/07/03/port-alder-bridge-closure/"
FORUM = "/topic.php?id=9120"
DIGEST = "/world/port-alder-bridge-closed-5530"
CITY = "/notices/2025/harrow-bridge-inspection"

PAGES: dict[tuple[str, str], str] = {
    ("courier", COURIER): page(
        "Harrow Bridge closed to traffic after inspection finds corroded cables", "Port Alder Courier",
        "2025-07-02", author="Mira Castell", body="""
<p>The city of Port Alder closed the Harrow Bridge to all motor traffic on Tuesday evening after an
inspection found corrosion in eleven of its forty suspension cables, the city engineering office said.</p>
<p>The closure will last at least fourteen weeks, according to the <a href="http://{city}/notices/2025/harrow-bridge-inspection">inspection notice the city published</a>
on its website. Buses on the three routes that cross the river will use the Quay Road bridge instead.</p>
<p>"We would rather close it for a season than take a chance with forty-year-old steel," chief engineer
Tomas Reyl said at the bridge on Tuesday. The repairs are expected to cost 6.2 million
crowns, to be shared with the regional transport fund.</p>
<p>About 21,000 vehicles crossed the bridge each day last year. Shop owners on Harrow Street said they
feared a quiet summer; the city council will discuss a support scheme for them on Friday.</p>
<p>Pedestrians and cyclists may still use the walkway on the east side, which rests on a separate frame
that the inspectors found in good condition.</p>"""),
    ("kestrel", KESTREL): page(
        "Port Alder shuts Harrow Bridge for fourteen weeks over corroded cables", "Kestrel News Agency",
        "2025-07-03", author="Kestrel staff", body="""
<p>Port Alder has closed the Harrow Bridge to motor traffic for at least fourteen weeks after inspectors
found corrosion in eleven of its forty suspension cables, the city's main newspaper reported.</p>
<p>The city would rather close the bridge for a season than take a chance with forty-year-old steel, chief
engineer Tomas Reyl said, the <a href="http://{courier}/2025/07/02/harrow-bridge-closed-after-inspection/">Port Alder Courier</a>
reported on Wednesday. The repairs are expected to cost 6.2 million crowns.</p>
<p>About 21,000 vehicles crossed the bridge each day last year. Buses on three routes will be sent over the
Quay Road bridge, and pedestrians and cyclists may still use the walkway on the east side.</p>
<p>The city council will discuss support for shop owners on Harrow Street on Friday.</p>"""),
    ("forum", FORUM): page(
        "Port Alder shuts Harrow Bridge for fourteen weeks over corroded cables", "Dispatch Forum", "2025-07-03",
        author="night owl",
        head='<meta name="original-source" content="http://{kestrel}/en/2025/07/03/port-alder-bridge-closure/">',
        body="""
<p>Told you that bridge was rotten.</p>
<p>[KestrelNews] Port Alder has closed the Harrow Bridge to motor traffic for at least fourteen weeks after
inspectors found corrosion in eleven of its forty suspension cables, the city's main newspaper reported.</p>
<p>The city would rather close the bridge for a season than take a chance with forty-year-old steel, chief
engineer Tomas Reyl said, the Port Alder Courier reported on Wednesday. The repairs are expected to cost 6.2
million crowns.</p>
<p>About 21,000 vehicles crossed the bridge each day last year. Buses on three routes will be sent over the
Quay Road bridge, and pedestrians and cyclists may still use the walkway on the east side.</p>
<p>The city council will discuss support for shop owners on Harrow Street on Friday.</p>"""),
    ("digest", DIGEST): page(
        "Port Alder bridge closed: what we know", "Digest Hub", "2025-07-04", body="""
<p>The Harrow Bridge in Port Alder is closed to cars, lorries and buses for at least fourteen weeks.
Inspectors found eleven corroded suspension cables; repairs will cost about 6.2 million crowns.</p>
<p>The walkway on the east side stays open, and buses on three routes now cross at Quay Road.</p>
<p>Original Source: http://{courier}/2025/07/02/harrow-bridge-closed-after-inspection/</p>"""),
}

# The city's notice, as the archive holds it (the city's own address answers 410 Gone).
CITY_NOTICE = page(
    "Inspection notice: Harrow Bridge", "City of Port Alder", "2025-07-01", body="""
<p>The engineering office inspected the Harrow Bridge between 23 and 27 June 2025. Corrosion was found in
eleven of the forty main suspension cables, four of them with a loss of section above the limit for
service.</p>
<p>The bridge is closed to motor traffic from 1 July 2025 for at least fourteen weeks while the cables are
replaced. The east walkway, carried on a separate frame, remains open to pedestrians and cyclists.</p>
<p>Questions about the works may be sent to the engineering office at the city hall.</p>""")


def extra_pages() -> dict[tuple[str, str], str]:
    """Pages the tests add: a loop, a link that redirects to a file: URL, and a chain of posts."""
    pages = {
        ("digest", "/world/loop-one-2025"): page(
            "Ferry timetable change, part one", "Digest Hub", "2025-07-05", body="""
<p>The harbour ferry will leave every twenty minutes from Monday, and the last crossing moves to
eleven at night, the operator said in a notice to passengers on the quay.</p>
<p>More in the <a href="http://{forum}/topic.php?id=9300">Dispatch Forum thread on the new timetable</a>,
where regular passengers compared the old and the new departures.</p>"""),
        ("forum", "/topic.php?id=9300"): page(
            "Ferry timetable change, part two", "Dispatch Forum", "2025-07-05", body="""
<p>The harbour ferry will leave every twenty minutes from Monday. The last crossing is now at eleven.</p>
<p>As reported by <a href="http://{digest}/world/loop-one-2025">Digest Hub in its own ferry story</a>,
the operator posted the notice on the quay.</p>"""),
        ("digest", "/world/lighthouse-repair-2025"): page(
            "Lighthouse repair starts", "Digest Hub", "2025-07-06", body="""
<p>Repairs to the north lighthouse begin next week and will take a month, according to a
<a href="http://{kestrel}/go/lighthouse-notice-2025">harbour authority notice</a> on the works.</p>
<p>The light will stay on throughout, the notice says, and crews will work only in daylight.</p>
<p>A temporary light on the pier will back up the lamp, according to the
<a href="http://{courier}/2025/07/06/lighthouse-works-begin/">Port Alder Courier</a>.</p>"""),
        ("forum", "/topic.php?id=9400"): page(
            "Lighthouse works", "Dispatch Forum", "2025-07-07", body="""
<p>Repairs to the north lighthouse begin next week, and crews will work only in daylight for about a month,
according to the <a href="http://{courier}/s/4471">Port Alder Courier</a>, which spoke to the harbour master.</p>
<p>The lamp stays on; a temporary light on the pier will back it up.</p>"""),
        ("courier", "/2025/07/06/lighthouse-works-begin/"): page(
            "Lighthouse works begin next week", "Port Alder Courier", "2025-07-06", body="""
<p>Repairs to the north lighthouse begin next week, harbour master Ines Dorn said on Sunday,
and the crews will work only in daylight for about a month.</p>
<p>The lamp itself will not be switched off: a temporary light on the pier will back it up.</p>"""),
    }
    for n in range(1, 7):
        # A chain of posts, each crediting the next by a link: chain-1 -> chain-2 -> ... -> chain-6.
        outlet = ("digest", "forum")[n % 2]
        following = ("digest", "forum")[(n + 1) % 2]
        credit = (f'<p>This follows <a href="http://{{{following}}}/chain/{n + 1}/harbour-fees-2025">an earlier '
                  f'report on the harbour fees, part {n + 1}</a>, which set out the first figures.</p>' if n < 6 else "")
        pages[(outlet, f"/chain/{n}/harbour-fees-2025")] = page(
            f"Harbour fees, part {n}", ("Digest Hub", "Dispatch Forum")[n % 2], "2025-07-07", body=f"""
<p>Harbour fees for small boats rise by {n + 4} percent from August, the port board decided in its
meeting number {n * 7}, after a debate on the state of the southern jetty and its pontoons.</p>
{credit}
<p>Owners of boats under eight metres will pay the new rate from the first of the month, number {n}.</p>""")
    return pages


def generated_web(n: int, *, fanout: int = 2) -> dict[tuple[str, str], str]:
    """N linked pages over four outlets: page i credits pages 2i and 2i+1 (a tree of credits),
    each a distinct text, for the benchmark."""
    import random

    pages = {}
    sites = ("courier", "kestrel", "forum", "digest")
    syllables = ("ka", "lo", "mi", "ren", "sa", "tor", "vel", "un", "bri", "dan", "ef", "gol", "har", "is", "jon",
                 "kel", "mar", "nos", "pel", "quo", "ris", "sten", "tal", "vor")

    def site(i: int) -> str:  # by level in the tree: a page and the pages it credits are on two outlets
        return sites[(i.bit_length() - 1) % len(sites)]

    for i in range(1, n + 1):
        links = "".join(
            f'<p>Earlier figures came from <a href="http://{{{site(j)}}}/gen/{j}/port-report">the '
            f'port report number {j}</a> on the quays.</p>' for j in range(i * fanout, i * fanout + fanout) if j <= n)
        rng = random.Random(i)  # each page its own words: the pages credit each other, they share no text
        def word() -> str:
            return "".join(rng.choice(syllables) for _ in range(3))  # noqa: B023 - called in this iteration

        sentences = [" ".join(word() for _ in range(12)).capitalize() + "." for _ in range(6)]
        pages[(site(i), f"/gen/{i}/port-report")] = page(
            f"Port report {i}: {' '.join(word() for _ in range(4))}", site(i).title(), "2025-07-08",
            body=f"""
<p>{' '.join(sentences[:3])} The harbour handled {1000 + i} containers.</p>
{links}
<p>{' '.join(sentences[3:])}</p>""")
    return pages


class Handler(BaseHTTPRequestHandler):
    server: OutletServer  # type: ignore[assignment]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return

    def send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        web = self.server.web
        with web.lock:
            web.requests.append((self.server.outlet, self.path, time.monotonic()))
        if web.delay:
            time.sleep(web.delay)
        name = self.server.outlet
        if name == "kestrel" and self.path == "/go/lighthouse-notice-2025":
            self.send(302, b"", {"Location": "file:///etc/passwd"})
        elif name == "courier" and self.path == "/s/4471":  # a short address, moved to the story's own
            self.send(301, b"", {"Location": "/2025/07/06/lighthouse-works-begin/"})
        elif name == "city" and self.path == CITY:
            self.send(410, b"<html><body><h1>Gone</h1></body></html>")
        elif name == "archive":
            self.archive()
        elif (name, self.path) in web.pages and (name, self.path) not in web.gone:
            self.send(200, web.fill(web.pages[(name, self.path)]).encode())
        else:
            self.send(404, b"<html><body>Not found</body></html>")

    def archive(self) -> None:
        """A Memento TimeGate (/timegate/URL: 302 to the memento) and its mementos (/web/STAMP/URL)."""
        web = self.server.web
        city_url = web.url("city", CITY)
        if self.path == f"/timegate/{city_url}":
            with web.lock:
                web.accept_datetimes.append(self.headers.get("Accept-Datetime"))
            self.send(302, b"", {"Location": f"/web/{MEMENTO_STAMP}/{city_url}", "Vary": "accept-datetime",
                                 "Link": f'<{city_url}>; rel="original"'})
        elif self.path == f"/web/{MEMENTO_STAMP}/{city_url}":
            self.send(200, web.fill(CITY_NOTICE).encode(), {
                "Memento-Datetime": MEMENTO_DATETIME,
                "Link": f'<{city_url}>; rel="original", <{web.url("archive", "/timegate/" + city_url)}>; '
                        'rel="timegate"'})
        else:
            self.send(404, b"<html><body>No memento</body></html>")


class OutletServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, web: OutletWeb, outlet: str) -> None:
        super().__init__((ADDRESSES[outlet], web.ports.get(outlet, 0)), Handler)
        self.web = web
        self.outlet = outlet

    def handle_error(self, request: object, client_address: object) -> None:
        return


class OutletWeb:
    """One server per outlet, each on its own loopback address; `requests` logs what was asked."""

    def __init__(self, pages: dict[tuple[str, str], str] | None = None, *, delay: float = 0.0) -> None:
        self.pages = dict(PAGES) if pages is None else pages
        self.gone: set[tuple[str, str]] = set()
        self.accept_datetimes: list[str | None] = []  # what the TimeGate was asked for
        self.requests: list[tuple[str, str, float]] = []
        self.lock = threading.Lock()
        self.delay = delay
        self.ports: dict[str, int] = {}
        self.servers: dict[str, OutletServer] = {}

    def start(self) -> OutletWeb:
        for name in OUTLETS:
            server = OutletServer(self, name)
            self.servers[name] = server
            self.ports[name] = server.server_address[1]
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    def host(self, outlet: str) -> str:
        return f"{ADDRESSES[outlet]}:{self.ports[outlet]}"

    def url(self, outlet: str, path: str) -> str:
        return f"http://{self.host(outlet)}{path}"

    def fill(self, template: str) -> str:
        for name in OUTLETS:
            template = template.replace("{" + name + "}", self.host(name))
        return template

    def asked(self, outlet: str | None = None) -> list[str]:
        with self.lock:
            return [path for name, path, _ in self.requests if outlet is None or name == outlet]


if __name__ == "__main__":
    import sys

    web = OutletWeb().start()
    print(web.url("forum", FORUM), flush=True)
    print(web.url("archive", "/timegate/"), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        web.stop()
        sys.exit(0)
