"""Test settings: fast hashing, local-memory cache, tasks run immediately."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, MEDIA_STORAGE_BACKEND, REDIS_URL, cache_settings, env_bool

SECRET_KEY = "quipu-tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test process has its own cache; tests that need a shared one switch to REDIS_URL
# themselves, and a server a test starts gets it with TEST_SHARED_CACHE=1.
CACHES = cache_settings(REDIS_URL if env_bool("TEST_SHARED_CACHE") else "")
# Counted searches are written only when a test flushes them (one test turns this on).
SEARCH_ANALYTICS_LOCAL_FLUSH_SECONDS = 0
# Off unless a test turns it on (tests/test_page_cache.py), as many tests read what a page
# rendered (its context, its queries) on a second identical request; PAGE_CACHE_ENABLED=true
# runs the suite with it, to look for a change that does not refresh the pages showing it.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
# Off unless a test (or a server a test starts) turns it on: the suite makes many requests
# from one address.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", False)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".test-media"))
SERVE_MEDIA = True
# A test server serves static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    # The local disk unless AWS_STORAGE_BUCKET_NAME is set (a server a test starts on S3).
    "default": {"BACKEND": MEDIA_STORAGE_BACKEND},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so --reuse-db keeps it and a live server thread sees the same data.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_SQLITE", str(BASE_DIR / ".test-db.sqlite3"))
    }
