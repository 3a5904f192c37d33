"""Screenshots of every public page type, in every language, at desktop and phone widths.

    make screenshots                      # starts its own demo site (a few minutes)
    python -m tests.browser.screenshots --url http://127.0.0.1:8000   # a site already running

With --url the page addresses are read from the database the environment names (DATABASE_URL),
which must be the one that site serves. Files go to screenshots/ (ignored by git), named
`<language>-<width>-<page type>.png`, full page, so a reviewer sees every screen side by side.
"""

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.site_pages import discover
from tests.live import BASE_DIR, run_manage, running_site

WIDTHS = ((1280, 800), (390, 844))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]


@contextlib.contextmanager
def site(url):
    """(base URL, manage) of the site to photograph: the one given, or a fresh demo site."""
    if url:
        env = {**os.environ}
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
        yield url.rstrip("/"), lambda *args: run_manage(env, *args)
        return
    folder = Path(tempfile.mkdtemp(prefix="quipu-screenshots-"))
    try:
        print("Starting a demo site (migrate and load the demo)…", flush=True)
        with running_site(folder) as live:
            yield live.url, live.manage
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Quipu site; by default a fresh demo site")
    parser.add_argument("--out", default=str(BASE_DIR / "screenshots"))
    parser.add_argument("--only", help="page types to shoot, comma separated")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    options = parser.parse_args(argv)
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    only = set(options.only.split(",")) if options.only else None

    with site(options.url) as (base_url, manage):
        pages = discover(manage)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=options.chromium, headless=True, args=CHROMIUM_ARGS
            )
            count = 0
            for width, height in WIDTHS:
                context = browser.new_context(
                    base_url=base_url, viewport={"width": width, "height": height}
                )
                page = context.new_page()
                for kind, addresses in sorted(pages.items()):
                    if only and kind not in only:
                        continue
                    for language, path in sorted(addresses.items()):
                        page.goto(path)
                        page.wait_for_load_state("load")
                        # Lazy images below the fold load too, so the full page shows them.
                        page.evaluate(
                            "document.querySelectorAll('img[loading=lazy]')"
                            ".forEach(i => { i.loading = 'eager'; })"
                        )
                        page.wait_for_load_state("networkidle")
                        name = f"{language}-{width}-{kind}.png"
                        page.screenshot(path=str(out / name), full_page=True)
                        count += 1
                        print(f"{count:3d} {name}  {path}", flush=True)
                context.close()
            browser.close()
    print(f"{count} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
