"""Development settings (`make dev`, and manage.py's default): a fixed throwaway secret, emails
on the console, static files read straight from the apps on every request.

DEBUG is off unless the environment turns it on (`make dev` sets DEBUG=1), so an unknown
address shows the site's own 404 page, as in production, rather than Django's list of every URL
pattern. Static files and images are served by the application all the same. `make run` uses
config/settings/local.py: the site as production serves it.
"""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "quipu-development-only-not-secret")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# In development the admin may be framed by Wagtail's own preview.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Static files straight from the apps: no collectstatic before `make dev`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded images from the media folder, checked against collection privacy (config/urls.py).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
DEMO_ACCOUNTS = True
