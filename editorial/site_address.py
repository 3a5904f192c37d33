"""The default Site record follows SITE_URL, so pages' full URLs name the real address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


def host_and_port(url):
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL is {url!r}; set it to the site's address, e.g. https://quipu.example.org"
        )
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]


def apply_site_url(**kwargs):
    """`post_migrate`: writes SITE_URL's host and port into the default Site, when set."""
    if not settings.SITE_URL:
        return
    from wagtail.models import Site

    hostname, port = host_and_port(settings.SITE_URL)
    Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).update(
        hostname=hostname, port=port
    )
    Site.clear_site_root_paths_cache()
