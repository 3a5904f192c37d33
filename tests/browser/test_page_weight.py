"""The first visit of every public page type, in both languages, at phone width (390x844) in a
real Chromium with an empty cache, transfers at most 250 KB: HTML, CSS, JavaScript, fonts and
the images the browser loads (those below the fold wait, as they are lazy).

Bytes are what went over the wire, as Chromium's network log counts them (headers included,
compressed where the server compresses)."""

import pytest

from .conftest import PHONE
from .site_pages import REQUIRED

pytestmark = pytest.mark.browser

BUDGET = 250 * 1024


def first_visit(public_browser, live_site, path):
    """(total bytes, [(bytes, url), ...]) of a first visit to `path` at phone width."""
    context = public_browser.new_context(base_url=live_site.url, viewport=PHONE, locale="es-PE")
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        urls, sizes = {}, {}
        session.on(
            "Network.responseReceived",
            lambda event: urls.__setitem__(event["requestId"], event["response"]["url"]),
        )
        session.on(
            "Network.loadingFinished",
            lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]),
        )
        response = page.goto(path, wait_until="load")
        assert response is not None and response.status < 500, path
        page.wait_for_load_state("networkidle")
        files = sorted(
            ((size, urls.get(request_id, "?")) for request_id, size in sizes.items()),
            reverse=True,
        )
        return sum(size for size, _url in files), files
    finally:
        context.close()


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_first_visit_at_phone_width_stays_within_250_kb(
    kind, site_pages, chromium_path, public_browser, live_site
):
    over = []
    for code, path in sorted(site_pages[kind].items()):
        total, files = first_visit(public_browser, live_site, path)
        assert files, f"{path}: Chromium reported no transfer"
        print(f"{kind} {code} {path}: {total / 1024:.1f} KB in {len(files)} files")
        if total > BUDGET:
            heaviest = ", ".join(f"{url} {size / 1024:.1f} KB" for size, url in files[:5])
            over.append(f"{path}: {total / 1024:.1f} KB (heaviest: {heaviest})")
    assert over == [], "\n".join(over)
