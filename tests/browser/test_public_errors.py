"""`make run` serves as production does: gunicorn, DEBUG off, static files hashed and cached.

The server is started the way `make run` starts it (gunicorn with config/gunicorn.py and
`make run`'s settings, after collectstatic), on the live test site's database and media; the
Makefile is checked to start exactly that.
"""

import re
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.conftest import require_service
from tests.live import BASE_DIR

from .conftest import MAKE_RUN_SETTINGS

pytestmark = pytest.mark.browser


def fetch(url, headers=None):
    """(status, headers, body) of a GET, following no error into an exception."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def text(url):
    status, _headers, body = fetch(url)
    return status, body.decode(errors="replace")


def make_dry_run(target):
    require_service(shutil.which("make"), "make is not installed")
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", target, "PORT=8765"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_serves_with_gunicorn_and_the_settings_tested_here():
    commands = make_dry_run("run")

    assert "collectstatic --noinput" in commands
    serve = next(line for line in commands.splitlines() if "gunicorn" in line)
    assert f"DJANGO_SETTINGS_MODULE={MAKE_RUN_SETTINGS}" in serve
    assert "PORT=8765" in serve
    assert "-m gunicorn --config config/gunicorn.py config.wsgi" in serve
    assert "runserver" not in commands
    # The worker runs beside it, with the same settings, and stops with it.
    assert f"DJANGO_SETTINGS_MODULE={MAKE_RUN_SETTINGS} .venv/bin/python manage.py run_worker" in (
        commands
    )
    assert "trap 'kill $worker" in commands


def test_make_dev_keeps_the_reloading_server_with_debug_on():
    commands = make_dry_run("dev")

    serve = next(line for line in commands.splitlines() if "runserver" in line)
    assert "DEBUG=${DEBUG:-1}" in serve and "--noreload" not in serve
    assert "gunicorn" not in commands and "collectstatic" not in commands


def test_make_run_is_gunicorn_with_several_processes_and_threads(make_run):
    status, headers, _body = fetch(make_run.url + "/es/")

    assert status == 200
    assert headers["Server"].startswith("gunicorn")
    assert "Using worker: gthread" in make_run.log.read_text()
    assert make_run.log.read_text().count("Booting worker with pid") >= 2


@pytest.mark.parametrize(
    ("path", "heading", "home"),
    [
        ("/es/no-existe/", "Página no encontrada", "/es/"),
        ("/en/nothing-here/", "Page not found", "/en/"),
    ],
)
def test_make_run_answers_an_unknown_address_with_the_sites_404(
    make_run, site_pages, path, heading, home
):
    status, html = text(make_run.url + path)

    assert status == 404
    assert f"<h1>{heading}</h1>" in html
    assert "URLconf" not in html and "Using the URLconf" not in html
    assert f'href="{home}"' in html
    language = home.strip("/")
    assert f'href="{site_pages["ProtocolLibraryPage"][language]}"' in html
    assert 'role="search"' in html


def test_make_run_serves_collected_stylesheets_cached_for_a_year(make_run):
    status, html = text(make_run.url + "/en/")
    assert status == 200
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    # The collected copy, named by its content, so it can be cached for good.
    assert re.fullmatch(r"/static/quipu/css/quipu\.[0-9a-f]{12}\.css", stylesheet), stylesheet

    status, headers, body = fetch(make_run.url + stylesheet, {"Accept-Encoding": "gzip"})

    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    # The compressed copy collectstatic wrote, for slow links.
    assert headers["Content-Encoding"] == "gzip"
    assert body[:2] == b"\x1f\x8b"


def test_make_run_still_serves_images(make_run):
    status, html = text(make_run.url + "/es/")
    assert status == 200
    images = re.findall(r'<img[^>]+src="(/media/[^"]+)"', html)
    assert images, "the demo home page shows at least one image"
    assert fetch(make_run.url + images[0])[0] == 200
