"""Which downloads count, as repositories count them under the COUNTER Code of Practice.

- Robots and crawlers do not count: a request whose User-Agent matches a known robot pattern
  (COUNTER's list, abridged to the families seen on public sites) is served but not counted.
- A double click does not count twice: repeated requests for the same file from the same
  client within 30 seconds count once.

Nothing personal is stored: the client (its browser cookie, else its address) is hashed with
the site's secret into a cache key that expires after 30 seconds; the database keeps only the
total per file.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache

from config.ratelimit import visitor_key

DOUBLE_CLICK_SECONDS = 30

# Substrings of User-Agents that name a robot, crawler, monitor or scripted client.
ROBOT_PATTERNS = (
    r"bot\b",
    r"bot[/_;-]",
    r"crawl",
    r"spider",
    r"slurp",
    r"archiver",
    r"fetcher",
    r"scraper",
    r"indexer",
    r"harvest",
    r"validator",
    r"monitor",
    r"checker",
    r"preview",
    r"headless",
    r"phantomjs",
    r"lighthouse",
    r"curl/",
    r"wget",
    r"python-requests",
    r"python-urllib",
    r"aiohttp",
    r"httpx",
    r"go-http-client",
    r"java/",
    r"okhttp",
    r"libwww-perl",
    r"apache-httpclient",
    r"node-fetch",
    r"axios/",
    r"facebookexternalhit",
    r"whatsapp",
    r"bingpreview",
    r"google-inspectiontool",
    r"mediapartners-google",
    r"yandex",
    r"baidu",
    r"ia_archiver",
    r"heritrix",
    r"nutch",
    r"zotero",
    r"mendeley",
)
ROBOT = re.compile("|".join(ROBOT_PATTERNS), re.IGNORECASE)


def is_robot(user_agent):
    """True for a User-Agent that names a robot, a crawler or a scripted client."""
    return bool(ROBOT.search(user_agent))


def counts_as_download(request, document):
    """True when this request for `document` adds one to its public download count."""
    if request is None:
        return True
    if is_robot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    client = hashlib.sha256(f"{settings.SECRET_KEY}:{visitor_key(request)}".encode()).hexdigest()
    key = f"download-seen:{document.pk}:{client[:32]}"
    # add() only stores a key that is not there: the first request in 30 seconds wins.
    return cache.add(key, 1, timeout=DOUBLE_CLICK_SECONDS)
