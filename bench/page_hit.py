"""What a cache hit costs in-process, against the stylesheet, middleware by middleware.

    DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=... DATABASE_URL=... \
        .venv/bin/python bench/page_hit.py /es/ /en/protocolos/ --number 2000 --profile

Runs Django's WSGI handler in this process, with the settings and database the environment
names (a site with its demo loaded and static files collected), as gunicorn would call it:
a GET from a new visitor (no cookie), gzip accepted, through TLS (X-Forwarded-Proto: https).
Each address is asked once to fill the page cache, then --number times; it prints the
microseconds per request of the site's stylesheet and of each address, the middleware a hit
goes through, and with --profile the functions a hit spends its time in.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["/es/", "/en/"])
    parser.add_argument("--number", type=int, default=2000, help="requests per address (2000)")
    parser.add_argument("--profile", action="store_true", help="cProfile the first address")
    parser.add_argument("--host", default="127.0.0.1")
    return parser.parse_args(argv)


def main(argv=None):
    options = arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    handler = WSGIHandler()
    factory = RequestFactory()

    def environ(path):
        return factory._base_environ(
            PATH_INFO=path,
            REQUEST_METHOD="GET",
            HTTP_HOST=options.host,
            HTTP_ACCEPT="text/html,*/*",
            HTTP_ACCEPT_ENCODING="gzip",
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_USER_AGENT="Mozilla/5.0 quipu-bench/1",
        )

    def ask(path):
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen["status"] = status
            seen["headers"] = headers

        answer = handler(environ(path), start_response)
        body = b"".join(answer)
        if hasattr(answer, "close"):
            answer.close()
        return seen["status"], dict(seen["headers"]), body

    def timed(path):
        ask(path)
        started = time.perf_counter()
        for _ in range(options.number):
            ask(path)
        return (time.perf_counter() - started) / options.number * 1e6

    status, headers, body = ask(options.paths[0])
    match = re.search(rb'<link rel="stylesheet" href="([^"]+)"', body)
    if headers.get("Content-Encoding") == "gzip":
        import gzip

        match = re.search(rb'<link rel="stylesheet" href="([^"]+)"', gzip.decompress(body))
    stylesheet = match.group(1).decode() if match else None

    names = [name.rsplit(".", 1)[-1] for name in settings.MIDDLEWARE]
    before = names[: names.index("PageCacheMiddleware") + 1]
    print(f"A hit goes through: {', '.join(before)}")
    print(f"{'address':<48} {'µs/request':>10} {'status':>6} {'bytes':>7} {'cache':>5}")
    for path in ([stylesheet] if stylesheet else []) + options.paths:
        microseconds = timed(path)
        status, headers, body = ask(path)
        print(
            f"{path[:48]:<48} {microseconds:>10.0f} {status.split()[0]:>6} {len(body):>7} "
            f"{headers.get('X-Page-Cache', '-'):>5}"
        )
    if options.profile:
        path = options.paths[0]
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(options.number):
            ask(path)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())


if __name__ == "__main__":
    main()
