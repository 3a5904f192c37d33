"""`make run` shows the site's own 404, not Django's debug page, and still serves its assets.

The server is started the way `make run` starts it (manage.py runserver, development settings),
on the live test site's database and media.
"""

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.live import BASE_DIR, free_port

pytestmark = pytest.mark.browser


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.fixture(scope="module")
def make_run_server(live_site):
    port = free_port()
    env = {**live_site.env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env.pop("DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(f"{url}/es/")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, "runserver exited"
            time.sleep(0.5)
        else:
            pytest.fail("runserver did not answer within 60 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.mark.parametrize(
    ("path", "heading", "home"),
    [
        ("/es/no-existe/", "Página no encontrada", "/es/"),
        ("/en/nothing-here/", "Page not found", "/en/"),
    ],
)
def test_make_run_answers_an_unknown_address_with_the_sites_404(
    make_run_server, site_pages, path, heading, home
):
    status, html = fetch(make_run_server + path)

    assert status == 404
    assert f"<h1>{heading}</h1>" in html
    assert "URLconf" not in html and "Using the URLconf" not in html
    assert f'href="{home}"' in html
    language = home.strip("/")
    assert f'href="{site_pages["ProtocolLibraryPage"][language]}"' in html
    assert 'role="search"' in html


def test_make_run_still_serves_stylesheets_and_images(make_run_server):
    status, html = fetch(make_run_server + "/es/")
    assert status == 200
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    assert fetch(make_run_server + stylesheet)[0] == 200
    images = re.findall(r'<img[^>]+src="(/media/[^"]+)"', html)
    assert images, "the demo home page shows at least one image"
    assert fetch(make_run_server + images[0])[0] == 200
