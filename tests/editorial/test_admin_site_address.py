"""Absolute links follow SITE_URL: the default Site record and the admin's and API's base URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_site_roots():
    """The Site record is rolled back after each test; its cached root URLs must go too."""
    from wagtail.models import Site

    yield
    Site.clear_site_root_paths_cache()


def test_migrate_writes_site_url_into_the_default_site(pages):
    from wagtail.models import Site

    from editorial.site_address import apply_site_url

    with override_settings(SITE_URL="https://quipu.example.org"):
        apply_site_url()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("quipu.example.org", 443)
    assert pages["lesson"].full_url.startswith("https://quipu.example.org/es/")

    with override_settings(SITE_URL="http://10.0.0.5:8080"):
        apply_site_url()
    assert Site.objects.get(is_default_site=True).root_url == "http://10.0.0.5:8080"


def test_a_malformed_site_url_is_refused_with_a_message():
    from editorial.site_address import apply_site_url

    with override_settings(SITE_URL="quipu.example.org"), pytest.raises(ImproperlyConfigured):
        apply_site_url()


def test_site_url_sets_the_admin_and_api_base_urls():
    env = {**os.environ, "SITE_URL": "https://quipu.example.org/"}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.WAGTAILADMIN_BASE_URL, settings.WAGTAILAPI_BASE_URL]))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(output.strip().splitlines()[-1]) == [
        "https://quipu.example.org",
        "https://quipu.example.org",
    ]
