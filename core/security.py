"""The client's address, as far as Quipu can trust it, for sign-in lockouts and throttling.

Without a reverse proxy it is the connection's address. Behind one, every connection comes
from the proxy, so locking "this user name from this address" would lock everyone behind it:
the address must come from the header the proxy sets. Any client can send that header too, so
it is read only when TRUSTED_PROXY_HEADER names it, and, for X-Forwarded-For (to which each
proxy appends the address it saw), only the entry the trusted proxies wrote is used:
TRUSTED_PROXY_COUNT entries from the right. Whatever a client put in front is ignored.
"""

import ipaddress

from django.conf import settings


def parse_address(value):
    """The IP address in ``value`` (allowing a port or IPv6 brackets), or None."""
    value = value.strip().strip('"')
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # 203.0.113.5:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request):
    """The address of the client behind the trusted proxies, or of the connection."""
    remote = request.META.get("REMOTE_ADDR")
    header = settings.TRUSTED_PROXY_HEADER
    if not header:
        return remote
    raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    entries = [entry for entry in raw.split(",") if entry.strip()]
    if not entries:
        # The proxy always sets it; a request without it did not come through the proxy.
        return remote
    chosen = entries[max(len(entries) - settings.TRUSTED_PROXY_COUNT, 0)]
    return parse_address(chosen) or remote
