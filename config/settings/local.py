"""`make run`: the site served as in production, on this machine, over plain HTTP.

DEBUG is always off, so visitors see the site's own 404 and 500 pages. Static files are the
ones `collectstatic` wrote to STATIC_ROOT (hashed names, compressed copies), served by whitenoise
with a cache of a year; uploaded images are served by the application after their privacy check.
Nothing needs setting: a fixed secret (this server listens on 127.0.0.1 only; production.py
refuses it) and e-mails written to the console. For the auto-reloading server with Django's
debug pages, use `make dev` (config/settings/dev.py).
"""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "quipu-local-only-not-secret")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The admin's live preview frames the page being edited from the same origin.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Uploaded images from the media folder, checked against collection privacy (config/urls.py).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
DEMO_ACCOUNTS = True
