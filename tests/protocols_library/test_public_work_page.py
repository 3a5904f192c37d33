"""The work page's own navigation: every tab leads somewhere, and the way back to the library."""

import datetime
import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_every_tab_of_the_work_navigation_has_an_address_on_every_view(
    client, make_work, make_version
):
    work = make_work("Protocolo con pestañas", "Protocol with tabs")
    make_version(work, "v1", timezone.localdate() - datetime.timedelta(days=100))
    make_version(work, "v2", timezone.localdate() - datetime.timedelta(days=10))
    base = work.url_in("en")
    for path in (base, f"{base}versions/", f"{base}compare/", f"{base}v/v1/"):
        html = client.get(path).content.decode()
        nav = re.search(r'<nav class="work-nav".*?</nav>', html, re.S).group(0)
        hrefs = re.findall(r'href="([^"]*)"', nav)
        assert len(hrefs) == 3 and all(hrefs), (path, hrefs)
        # And a way back to the library the work belongs to.
        assert f'<a href="{work.get_parent().url_in("en")}">' in html
