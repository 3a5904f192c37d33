"""Page speed: every public page type against a static file, on one server, in one run.

    .venv/bin/python bench/pages.py                        # a fresh demo site, 5 s per address
    .venv/bin/python bench/pages.py --duration 10 --concurrency 16 --languages es
    .venv/bin/python bench/pages.py --only HomePage,ProtocolWork
    .venv/bin/python bench/pages.py --url http://127.0.0.1:8000   # a site already running

Without --url it starts the demo as tests/live.py does: its own temporary database (SQLite, or
`<name>_live_<random>` on the PostgreSQL server DATABASE_URL names) and media, migrated, the demo loaded,
static files collected, served by gunicorn with `make run`'s configuration (config/gunicorn.py)
under the production settings: a random SECRET_KEY, requests sent as the TLS proxy forwards them
(X-Forwarded-Proto: https), rate limits off (they would measure the 429 page instead). When the
settings have the anonymous page cache (PAGE_CACHE_ENABLED), the site is measured twice, by two
servers on the same database: with the cache off ("uncached") and on ("cached").

For each server, one client (a thread per connection, keep-alive, gzip accepted as browsers do,
no cookies: every request is a new visitor's) measures each page type in each language against
the site's stylesheet, interleaved so that a change in the machine's load falls on both alike:
after --warmup seconds of each untimed, it alternates short slices (--slice seconds) of the
stylesheet and the page, stylesheet first and last, for --duration seconds of the page in all.
Each page slice is compared with the mean of the stylesheet slices either side of it; the row's
ratio is the median of those comparisons. It prints requests per second of the page and of its
stylesheet slices, that ratio, p50 and p95 latency, and the database queries of one request,
counted separately, in this process, with Django's test client after one visit that warms what
a process reads once (for "cached": the visit that fills the cache, then the one it answers);
then a summary line per server: how many rows reach --target (0.7) times the stylesheet.
With --url the addresses and the query counts come from the database the environment names
(DATABASE_URL, DJANGO_SETTINGS_MODULE: `make run`'s by default), which must be that site's.
"""

import argparse
import contextlib
import gzip
import http.client
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.site_pages import discover  # noqa: E402
from tests.live import free_port, run_manage, running_site, serving  # noqa: E402

SERVER_SETTINGS = "config.settings.production"
URL_SETTINGS = "config.settings.local"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) quipu-bench/1"
# Addresses the page cache never answers (operations/page_cache.py: searches).
NEVER_CACHED = {"Search", "SearchEmpty"}

# The protocol page and an OFR instrument by kind (site_pages' "ProtocolWork" is whichever work
# comes first); runs in `manage.py shell` like site_pages.DISCOVER.
DISCOVER_WORKS = r"""
import json
from django.conf import settings
from core.visibility import public_pages
from protocols_library.models import ProtocolWorkPage, WorkKind

found = {}
for key, kind in (("Protocol", WorkKind.PROTOCOL), ("OfrInstrument", WorkKind.OFR_INSTRUMENT)):
    work = public_pages(ProtocolWorkPage.objects.filter(kind=kind)).order_by("path").first()
    if work is not None:
        found[key] = {code: work.route_url("current", code) for code, _ in settings.LANGUAGES}
print(json.dumps(found))
"""


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=float, default=5.0, help="timed seconds of each page (5)"
    )
    parser.add_argument(
        "--slice",
        type=float,
        default=1.0,
        help="seconds of one slice: the stylesheet and the page alternate slice by slice (1)",
    )
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="untimed seconds of each before (1)"
    )
    parser.add_argument(
        "--target", type=float, default=0.7, help="ratio to the stylesheet counted as fast (0.7)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, help="connections at once, each keep-alive (8)"
    )
    parser.add_argument("--languages", default="es,en", help="comma-separated (es,en)")
    parser.add_argument("--only", help="page types to measure, comma-separated")
    parser.add_argument("--url", help="measure this running site instead of starting one")
    parser.add_argument(
        "--modes",
        default="auto",
        help="uncached, cached or both (auto: both when the settings have a page cache)",
    )
    parser.add_argument("--json", help="also write every figure to this file")
    return parser.parse_args(argv)


# The client ----------------------------------------------------------------------------------


@dataclass
class Result:
    mode: str
    kind: str
    language: str
    path: str
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    kilobytes: float = 0.0
    errors: int = 0
    statuses: dict = field(default_factory=dict)
    ratio: float | None = None
    static_per_second: float | None = None
    # (stylesheet req/s before, page req/s, stylesheet req/s after) of each slice.
    slices: list = field(default_factory=list)
    queries: int | None = None
    queries_repeat: int | None = None

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Client:
    """Keep-alive connections, one per thread, all asking one address until a deadline.

    The connections are kept from one slice to the next, so alternating addresses costs no
    new connection; one the server closed meanwhile is opened again without counting an error.
    """

    def __init__(self, base_url, concurrency, headers):
        parts = urlsplit(base_url)
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.https = parts.scheme == "https"
        self.concurrency = concurrency
        self.headers = headers
        self.connections = []

    def connect(self):
        factory = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        return factory(self.host, self.port, timeout=60)

    def reset(self):
        """New connections for what follows (after a pause longer than the server's keep-alive)."""
        for connection in self.connections:
            connection.close()
        self.connections = [self.connect() for _ in range(self.concurrency)]

    def hammer(self, path, seconds, expected):
        """(latencies in seconds of answers with the expected status, statuses, bytes, errors,
        elapsed seconds)."""
        if len(self.connections) != self.concurrency:
            self.reset()
        deadline = time.perf_counter() + seconds
        latencies, statuses, sizes, errors = [], {}, [], [0]
        lock = threading.Lock()

        def loop(number):
            connection = self.connections[number]
            mine, my_statuses, my_sizes, my_errors = [], {}, [], 0
            first = True
            try:
                while time.perf_counter() < deadline:
                    started = time.perf_counter()
                    try:
                        connection.request("GET", path, headers=self.headers)
                        response = connection.getresponse()
                        body = response.read()
                    except (OSError, http.client.HTTPException):
                        # The server closed the connection (or failed): a new one, counted
                        # unless it was the kept connection's first request of this slice.
                        if not first:
                            my_errors += 1
                        first = False
                        connection.close()
                        connection = self.connect()
                        continue
                    first = False
                    elapsed = time.perf_counter() - started
                    my_statuses[response.status] = my_statuses.get(response.status, 0) + 1
                    if response.status == expected:
                        mine.append(elapsed)
                        my_sizes.append(len(body))
                    else:
                        my_errors += 1
                    if response.will_close:
                        connection.close()
                        connection = self.connect()
            finally:
                self.connections[number] = connection
                with lock:
                    latencies.extend(mine)
                    sizes.extend(my_sizes)
                    errors[0] += my_errors
                    for status, count in my_statuses.items():
                        statuses[status] = statuses.get(status, 0) + count

        started = time.perf_counter()
        threads = [
            threading.Thread(target=loop, args=(number,)) for number in range(self.concurrency)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return latencies, statuses, sizes, errors[0], time.perf_counter() - started

    def against(self, result, static, options, expected=200):
        """Measures `result` against the stylesheet at `static`, slice by slice (see above)."""
        self.reset()
        if options.warmup:
            self.hammer(static, options.warmup, 200)
            self.hammer(result.path, options.warmup, expected)
        count = max(1, round(options.duration / options.slice))

        def static_rate():
            latencies, _statuses, _sizes, _errors, elapsed = self.hammer(static, options.slice, 200)
            return len(latencies) / elapsed if elapsed else 0.0

        before = static_rate()
        latencies, statuses, sizes, errors, seconds = [], {}, [], 0, 0.0
        ratios = []
        for _number in range(count):
            slice_latencies, slice_statuses, slice_sizes, slice_errors, elapsed = self.hammer(
                result.path, options.slice, expected
            )
            after = static_rate()
            page_rate = len(slice_latencies) / elapsed if elapsed else 0.0
            neighbours = (before + after) / 2
            ratios.append(page_rate / neighbours if neighbours else 0.0)
            result.slices.append((before, page_rate, after))
            latencies += slice_latencies
            sizes += slice_sizes
            errors += slice_errors
            seconds += elapsed
            for status, number in slice_statuses.items():
                statuses[status] = statuses.get(status, 0) + number
            before = after
        result.requests = len(latencies)
        result.seconds = seconds
        result.ratio = statistics.median(ratios)
        # Every stylesheet slice once (each sits between two page slices).
        statics = [first for first, _page, _last in result.slices] + [result.slices[-1][2]]
        result.static_per_second = statistics.mean(statics)
        result.p50_ms = percentile(latencies, 0.50) * 1000
        result.p95_ms = percentile(latencies, 0.95) * 1000
        result.kilobytes = statistics.mean(sizes) / 1024 if sizes else 0.0
        result.errors = errors
        result.statuses = {str(status): number for status, number in sorted(statuses.items())}
        return result


# Queries, counted in this process ------------------------------------------------------------


class QueryCounter:
    """Django set up here on the site's own settings and database; one request, its queries."""

    def __init__(self, env):
        os.environ.update({key: value for key, value in env.items() if value is not None})
        import django

        django.setup()
        from django.conf import settings
        from django.test import Client as DjangoClient

        self.settings = settings
        host = (settings.ALLOWED_HOSTS or ["127.0.0.1"])[0].lstrip(".")
        if host == "*":
            host = "127.0.0.1"
        self.client = DjangoClient(HTTP_HOST=host, HTTP_USER_AGENT=USER_AGENT)

    @property
    def has_page_cache(self):
        return hasattr(self.settings, "PAGE_CACHE_ENABLED")

    def count(self, path, page_cache):
        """(queries of a visit, queries of the next visit of the same address).

        A visit with the page cache off comes first, so that what every process reads once
        (the site, its settings, content types) is not counted against this page. With the
        cache on, the first counted visit fills it and the second is answered from it.
        """
        from django.db import connection
        from django.test import override_settings
        from django.test.utils import CaptureQueriesContext

        def overrides(enabled):
            return {"PAGE_CACHE_ENABLED": enabled} if page_cache is not None else {}

        with override_settings(**overrides(False)):
            self.client.get(path, secure=True)
        counts = []
        with override_settings(**overrides(page_cache)):
            for _visit in range(2):
                with CaptureQueriesContext(connection) as queries:
                    self.client.get(path, secure=True)
                counts.append(len(queries.captured_queries))
        return counts[0], counts[1]


# The run -------------------------------------------------------------------------------------


def addresses(manage, languages, only):
    """[(page type, language, path, expected status)] of every public page type, sorted."""
    pages = discover(manage)
    pages.update(json.loads(manage("shell", "-c", DISCOVER_WORKS).strip().splitlines()[-1]))
    found = []
    for kind, by_language in sorted(pages.items()):
        if only and kind not in only:
            continue
        for language in languages:
            if language in by_language:
                expected = 404 if kind == "NotFound" else 200
                found.append((kind, language, by_language[language], expected))
    return found


def stylesheet_path(client):
    """The site's own stylesheet, as its home page links it (the collected, hashed copy)."""
    import re

    connection = client.connect()
    try:
        connection.request("GET", "/es/", headers=client.headers)
        response = connection.getresponse()
        body = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        html = body.decode(errors="replace")
    finally:
        connection.close()
    match = re.search(r'<link rel="stylesheet" href="([^"]+)"', html)
    if not match:
        raise SystemExit("The home page links no stylesheet; is this a Quipu site?")
    return match.group(1)


def measure_server(mode, base_url, targets, counter, options, page_cache):
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,*/*",
        "Accept-Encoding": "gzip",
        "X-Forwarded-Proto": "https",
    }
    client = Client(base_url, options.concurrency, headers)
    static = stylesheet_path(client)
    total = len(targets)
    print(
        f"\n== {mode}: {base_url}, {options.concurrency} connections, {options.duration:g} s "
        f"of each page in {options.slice:g} s slices between slices of {static}"
    )
    results = []

    # Every address once, so that no slice meets a cold server.
    print(f"Warming up {base_url} ({len(targets)} addresses)…", flush=True)
    connection = client.connect()
    try:
        for _kind, _language, path, _expected in targets:
            connection.request("GET", path, headers=headers)
            connection.getresponse().read()
    finally:
        connection.close()
    for number, (kind, language, path, expected) in enumerate(targets, start=1):
        result = Result(mode, kind, language, path)
        if counter is not None:
            result.queries, result.queries_repeat = counter.count(path, page_cache)
        client.against(result, static, options, expected)
        queries = ""
        if result.queries is not None:
            queries = f", {result.queries} queries"
            if page_cache:
                queries += f" ({result.queries_repeat} on a second visit)"
        errors = f", {result.errors} errors {result.statuses}" if result.errors else ""
        print(
            f"[{number}/{total}] {mode} {result.language} {result.kind}: "
            f"{result.per_second:.1f} req/s, stylesheet {result.static_per_second:.1f} req/s, "
            f"{result.ratio:.3f}x, p50 {result.p50_ms:.0f} ms, p95 {result.p95_ms:.0f} ms"
            f"{queries}{errors}",
            flush=True,
        )
        results.append(result)
    for connection in client.connections:
        connection.close()
    return results


def table(results):
    rows = [
        f"{'page type':<28} {'lang':<4} {'req/s':>8} {'static':>8} {'x static':>9} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'KB':>6} {'queries':>8} {'errors':>6}"
    ]
    for result in results:
        queries = "" if result.queries is None else str(result.queries)
        if result.queries_repeat is not None and result.mode == "cached":
            queries = f"{result.queries}/{result.queries_repeat}"
        rows.append(
            f"{result.kind:<28} {result.language:<4} {result.per_second:>8.1f} "
            f"{result.static_per_second or 0:>8.1f} {result.ratio or 0:>9.3f} "
            f"{result.p50_ms:>8.0f} {result.p95_ms:>8.0f} "
            f"{result.kilobytes:>6.1f} {queries:>8} {result.errors:>6}"
        )
    return "\n".join(rows)


def summary(results, target):
    lines = []
    if not results:
        return ""
    mode = results[0].mode
    # Search results are never kept (what people typed, and its rate limit): not page types
    # the page cache can bring near the stylesheet, so counted apart.
    pages = [result for result in results if result.kind not in NEVER_CACHED]
    reached = [result for result in pages if (result.ratio or 0) >= target]
    apart = sorted({result.kind for result in results} & NEVER_CACHED)
    lines.append(
        f"{mode}: {len(reached)}/{len(pages)} page types \u2265 {target:g}\u00d7 the stylesheet"
        + (f" (not counted, never cached: {', '.join(apart)})" if apart else "")
    )
    statics = [result.static_per_second for result in results]
    lines.append(
        f"{mode}: stylesheet {statistics.mean(statics):.1f} req/s on average "
        f"({min(statics):.1f}\u2013{max(statics):.1f} from one page type's slices to another's)"
    )
    lowest = min(results, key=lambda result: result.ratio or 0)
    lines.append(
        f"{mode}: lowest ratio to the stylesheet {lowest.ratio:.3f}x "
        f"({lowest.kind}, {lowest.language})"
    )
    protocol = [result for result in results if result.kind == "Protocol"]
    if protocol:
        reference = statistics.mean(result.per_second for result in protocol)
        slowest = min(results, key=lambda result: result.per_second)
        lines.append(
            f"{mode}: slowest page {slowest.kind} ({slowest.language}) is "
            f"{reference / slowest.per_second if slowest.per_second else float('inf'):.1f}x "
            f"slower than the protocol page ({reference:.1f} req/s)"
        )
    counted = [result.queries for result in results if result.queries is not None]
    if counted:
        most = max(results, key=lambda result: result.queries or 0)
        lines.append(f"{mode}: most queries {most.queries} ({most.kind}, {most.language})")
    return "\n".join(lines)


def modes_for(options, counter):
    if options.modes == "auto":
        return ["uncached", "cached"] if counter.has_page_cache else ["uncached"]
    modes = [mode.strip() for mode in options.modes.split(",") if mode.strip()]
    if options.modes == "both":
        modes = ["uncached", "cached"]
    unknown = set(modes) - {"uncached", "cached"}
    if unknown:
        raise SystemExit(f"--modes: unknown {', '.join(sorted(unknown))}")
    if "cached" in modes and not counter.has_page_cache:
        raise SystemExit("--modes cached: these settings have no page cache (PAGE_CACHE_ENABLED)")
    return modes


@contextlib.contextmanager
def demo_site(folder):
    """A fresh demo site under the production settings, page cache off; yields the LiveSite."""
    extra_env = {
        "SECRET_KEY": secrets.token_urlsafe(64),
        # The bench's requests say they came through TLS; the readiness probe does not.
        "SECURE_SSL_REDIRECT": "false",
        "RATELIMIT_ENABLED": "false",
        "PAGE_CACHE_ENABLED": "false",
        "PAGE_CACHE_STAMP_FILE": str(folder / "page-cache-stamp"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    with running_site(folder, settings=SERVER_SETTINGS, extra_env=extra_env, options=()) as site:
        yield site


def main(argv=None):
    options = arguments(argv)
    languages = [code.strip() for code in options.languages.split(",") if code.strip()]
    only = {kind.strip() for kind in options.only.split(",")} if options.only else None
    results = []
    started = time.monotonic()

    if options.url:
        env = {**os.environ}
        env.setdefault("DJANGO_SETTINGS_MODULE", URL_SETTINGS)
        targets = addresses(lambda *args: run_manage(env, *args), languages, only)
        counter = QueryCounter(env)
        page_cache = bool(counter.settings.PAGE_CACHE_ENABLED) if counter.has_page_cache else None
        mode = "cached" if page_cache else "uncached"
        results += measure_server(
            mode, options.url.rstrip("/"), targets, counter, options, page_cache
        )
    else:
        folder = Path(tempfile.mkdtemp(prefix="quipu-bench-pages-"))
        try:
            print("Starting a demo site under the production settings (migrate, demo, static)…")
            with demo_site(folder) as site:
                print(f"Serving at {site.url}; finding every public page type…", flush=True)
                targets = addresses(site.manage, languages, only)
                counter = QueryCounter(site.env)
                for mode in modes_for(options, counter):
                    cached = mode == "cached"
                    page_cache = cached if counter.has_page_cache else None
                    if not cached:
                        results += measure_server(
                            mode, site.url, targets, counter, options, page_cache
                        )
                        continue
                    port = free_port()
                    env = {**site.env, "PAGE_CACHE_ENABLED": "true"}
                    log = folder / f"gunicorn-{mode}.log"
                    with serving(env, port, log, options=()) as url:
                        results += measure_server(mode, url, targets, counter, options, page_cache)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    for mode in dict.fromkeys(result.mode for result in results):
        print(f"\n== {mode}")
        print(table([result for result in results if result.mode == mode]))
        print(summary([result for result in results if result.mode == mode], options.target))
    print(f"\n{len(results)} measurements in {time.monotonic() - started:.0f} s")
    if options.json:
        Path(options.json).parent.mkdir(parents=True, exist_ok=True)
        Path(options.json).write_text(
            json.dumps(
                {
                    "options": vars(options),
                    "results": [
                        {**asdict(result), "per_second": result.per_second} for result in results
                    ],
                },
                indent=2,
            )
        )
        print(f"Figures written to {options.json}")


if __name__ == "__main__":
    main()
