"""Laptop settings: debug on, a fixed throwaway secret, emails on the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "quipu-development-only-not-secret")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# In development the admin may be framed by Wagtail's own preview.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Static files straight from the apps: no collectstatic before `make run`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
