"""Settings shared by every environment; anything that differs per machine comes from the environment."""

import hashlib
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.rates import parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches models, so it must load before the apps it translates.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "core",
    "knowledge",
    "protocols_library",
    "search",
    "editorial",
    "interop",
    "operations",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, so each request's logged time covers everything done for it.
    "operations.request_log.RequestLogMiddleware",
    # Its headers (HSTS, nosniff, referrer and opener policies) go on every answer, static
    # files and cached pages included, and it redirects plain HTTP before either is served.
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' pages from the cache, as cheaply as a static file: before sessions,
    # locale, CSRF, rate limits, authentication, messages and redirects run, which it needs
    # not (it keeps no answer that sets a cookie; the kept answer holds the headers they and
    # the clickjacking and CSP middleware set). It answers conditional GETs of kept pages
    # itself (operations/page_cache.py).
    "operations.page_cache.PageCacheMiddleware",
    # Questions a page asks many times while it renders are answered once per GET request.
    "core.request_memo.RequestMemoMiddleware",
    # ETag on every GET answer and 304 when the reader already has it (pages, sitemap, API).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Search, autocomplete, downloads, sign-in and page passwords: 429 past the limits.
    "config.ratelimit.RateLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff who enrolled an authenticator app must enter its code before using the admin.
    "editorial.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Admin views Wagtail leaves unchecked (workflow cancellation, chooser browsing).
    "editorial.boundaries.AdminBoundaryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_sections",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite file by default so a laptop needs no server; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits (downloads counted during browsing).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Spanish is the source language, English the second.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "es"
MODELTRANSLATION_LANGUAGES = ("es", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("es",), "es": ()}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Media storage ------------------------------------------------------------------------------
# Uploaded documents and images live under MEDIA_ROOT unless AWS_STORAGE_BUCKET_NAME names a
# bucket on an S3-compatible server (AWS S3, MinIO, Ceph, Garage...), which several app
# servers share. The bucket stays private: documents are only ever sent by the download view
# and images by Quipu's image view (core/storage.py). Credentials are read by boto3 from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role) and never copied here.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
MEDIA_IN_OBJECT_STORAGE = bool(AWS_STORAGE_BUCKET_NAME)
# e.g. http://127.0.0.1:9000 for MinIO; empty: AWS itself.
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "").strip() or None
# A folder inside the bucket, so one bucket can hold several sites.
AWS_LOCATION = os.environ.get("AWS_LOCATION", "").strip().strip("/")
# "path" for servers that do not give each bucket its own host name (most self-hosted ones).
AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE", "").strip() or None
MEDIA_STORAGE_BACKEND = (
    "core.storage.MediaStorage"
    if MEDIA_IN_OBJECT_STORAGE
    else "django.core.files.storage.FileSystemStorage"
)
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKEND},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Lets Django serve uploaded images without a reverse proxy (development, tests, small installs).
# Always on with object storage: no proxy can read the private bucket, so Quipu sends images.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False) or MEDIA_IN_OBJECT_STORAGE
# Behind nginx: an internal location that maps to MEDIA_ROOT (e.g. "/protected-media/").
# Django checks each image request against collection privacy, then hands the file to nginx
# with X-Accel-Redirect. The proxy must never serve /media/images/ or /media/original_images/
# straight from disk, or images in private collections become public. Ignored with object
# storage, where Quipu reads the file from the bucket itself.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
# End of media storage -----------------------------------------------------------------------

# Wagtail
WAGTAIL_SITE_NAME = "Quipu"
# The address the site is served on (https://quipu.example.org). Links in notification e-mails
# and the API's absolute URLs follow it, and `migrate` writes its host and port into the
# default Site record (editorial/site_address.py).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL") or SITE_URL or "http://127.0.0.1:8000"
).rstrip("/")
WAGTAILDOCS_DOCUMENT_MODEL = "core.QuipuDocument"
WAGTAILIMAGES_IMAGE_MODEL = "core.QuipuImage"
# Every download goes through Django so it is counted and collection privacy is enforced.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Never render uploaded files inline: served as attachments they cannot run script in our origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# 40 megapixels is a large photograph; beyond it an upload is refused as a decompression bomb.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars from Gravatar: the admin's policy allows no outside images, and editors' e-mail
# hashes stay on this server. Wagtail then shows its default avatar or an uploaded one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Search ---------------------------------------------------------------------------------
# Quipu's own search (search/); the engine is chosen here, never by views. "database" is
# SQLite FTS5 or PostgreSQL full-text search; "elasticsearch" also keeps the database index
# up to date, which answers whenever Elasticsearch cannot.
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "database")
# One node, or every node of a cluster separated by commas (http://es1:9200,http://es2:9200);
# user:password@ in a URL is sent as basic authentication and never shown.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
SEARCH_BACKENDS = {
    "database": {
        "BACKEND": "search.backends.database",
        # Processes analysing text during a rebuild; unset: one less than the cores (at most 4).
        "WORKERS": os.environ.get("SEARCH_INDEX_WORKERS") or None,
    },
    "elasticsearch": {
        "BACKEND": "search.backends.elasticsearch",
        "URL": ELASTICSEARCH_URL,
        # An alias; each rebuild creates a new index behind it and swaps.
        "INDEX": os.environ.get("ELASTICSEARCH_INDEX", "quipu"),
        # Seconds a search or a write from a web request waits before the database answers.
        "TIMEOUT": float(os.environ.get("ELASTICSEARCH_TIMEOUT", "1.0")),
        "RETRIES": 1,
        "SHARDS": int(os.environ.get("ELASTICSEARCH_SHARDS", "1")),
        # Copies of each shard on other nodes: 1 on a cluster keeps search answering, with
        # the same results, while any one node is down.
        "REPLICAS": int(os.environ.get("ELASTICSEARCH_REPLICAS", "0")),
        # An API key ("id:key" encoded in base64, as Elasticsearch prints it) and the CA
        # certificate file of an https:// cluster, when it needs them.
        "API_KEY": os.environ.get("ELASTICSEARCH_API_KEY", ""),
        "CA_CERTS": os.environ.get("ELASTICSEARCH_CA_CERTS", ""),
    },
}
# Publishing, unpublishing, moving and privacy changes enqueue indexing tasks.
SEARCH_AUTOSYNC = env_bool("SEARCH_AUTOSYNC", True)
# End of search ----------------------------------------------------------------------------

# Cache ----------------------------------------------------------------------------------
# One machine: each process keeps its own cache in memory. Several processes or machines:
# REDIS_URL (redis://host:6379/0, rediss:// for TLS) gives them one shared cache, so rate
# limits and cached search data agree whichever server answers.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "quipu")


def cache_settings(redis_url, key_prefix=CACHE_KEY_PREFIX):
    if redis_url:
        return {
            "default": {
                # Django's, where a Redis that stops answering is a miss (config/cache.py).
                "BACKEND": "config.cache.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": key_prefix,
                # A Redis that stops answering costs one request a second at most, not a hung
                # worker; then the process leaves it alone for a few seconds.
                "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": key_prefix,
            # Room for every public page in both languages beside rate limits and search data.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCMEM_CACHE_MAX_ENTRIES", "3000"))},
        }
    }


CACHES = cache_settings(REDIS_URL)

# Anonymous page cache (operations/page_cache.py): public pages answered from the cache to
# visitors who are not signed in, fresh after any change the public can see. PAGE_CACHE_SECONDS
# is how long a page is kept at most; 0 or PAGE_CACHE_ENABLED=false turns it off.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Cache-Control of those pages: how long browsers (max-age) and shared caches such as a CDN or
# a reverse proxy (s-maxage) may reuse them without asking. Short, as only this server's own
# cache is emptied on a change unless wagtail.contrib.frontend_cache purges the CDN too.
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", "60"))
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", "60"))
# How many of the pages it answered last each process keeps at hand, ready to send (a hit on
# one of them reads nothing but the generation); 0 reads every hit from the cache.
PAGE_CACHE_HOT_PAGES = int(os.environ.get("PAGE_CACHE_HOT_PAGES", "300"))
# With the local-memory cache, each process keeps its own pages; this file, read by every
# process of the machine (web servers and the worker), tells them all when content changed.
PAGE_CACHE_STAMP_FILE = os.environ.get("PAGE_CACHE_STAMP_FILE") or str(
    Path(tempfile.gettempdir())
    / (
        "quipu-page-cache-"
        + hashlib.sha256(f"{BASE_DIR}|{CACHE_KEY_PREFIX}".encode()).hexdigest()[:12]
    )
)

# Rate limits --------------------------------------------------------------------------------
# The client's address is read as the sign-in lockout reads it (core/security.py:
# TRUSTED_PROXY_HEADER, TRUSTED_PROXY_COUNT), so both agree on who the client is.
# Each limit is "N/period burst B": B requests at once, then N per period. "client" counts
# one browser (a cookie set for this purpose; clients that refuse it share one count per
# address), "address" every client behind one public address together, so colleagues
# behind one proxy are not limited by each other. See config/ratelimit.py.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
RATELIMITS = {
    scope: {
        "client": os.environ.get(f"RATELIMIT_{scope.upper()}_CLIENT", client),
        "address": os.environ.get(f"RATELIMIT_{scope.upper()}_ADDRESS", address),
    }
    for scope, client, address in [
        ("search", "30/min burst 30", "600/min burst 300"),
        ("autocomplete", "120/min burst 60", "1200/min burst 600"),
        ("download", "60/min burst 30", "600/min burst 300"),
        ("login", "20/h burst 10", "120/h burst 30"),
        ("password", "20/h burst 5", "60/h burst 20"),
        # OAI-PMH: a harvest asks one page of 100 records after another.
        ("harvest", "120/min burst 60", "1200/min burst 600"),
        # Feeds and citation downloads.
        ("feed", "60/min burst 30", "600/min burst 300"),
        # Subscription requests by e-mail: each one sends a message.
        ("subscribe", "10/h burst 5", "60/h burst 20"),
    ]
}
for _scope, _limits in RATELIMITS.items():
    for _kind, _text in _limits.items():
        try:
            parse_rate(_text)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"RATELIMIT_{_scope.upper()}_{_kind.upper()}: {error}"
            ) from None
# Searches counted for editors' analytics: one visitor's repeated search counts once a day,
# and one address adds at most this many a day.
SEARCH_ANALYTICS_DAILY_PER_ADDRESS = int(
    os.environ.get("SEARCH_ANALYTICS_DAILY_PER_ADDRESS", "1000")
)
# Without REDIS_URL each web process keeps its counted searches in its own memory, where the
# worker cannot read them: the process writes them itself, after a response has been sent, once
# the oldest has waited this many seconds (0 turns that off).
SEARCH_ANALYTICS_LOCAL_FLUSH_SECONDS = int(
    os.environ.get("SEARCH_ANALYTICS_LOCAL_FLUSH_SECONDS", "60")
)
# End of cache and rate limits -------------------------------------------------------------

# Background tasks run in-process by default; TASKS_BACKEND=database queues them in the database
# for `manage.py run_worker` (production), so an editor's click never waits on indexing.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND is {TASKS_BACKEND!r}; set it to 'immediate' or 'database'."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The public site needs no inline script or style and nothing from elsewhere. The Wagtail
# admin inlines scripts, so it gets its own, looser policy (see config/middleware.py).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CONTENT_SECURITY_POLICY_ADMIN = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin").strip("/")
# `load_demo` creates a demo administrator and editorial accounts (printing their passwords
# once) only where this is on: the laptop settings of `make run` and `make dev`.
DEMO_ACCOUNTS = False

# Accounts: sessions end after a working day or when the browser closes; five failed sign-ins
# lock that user name from that address for fifteen minutes. Behind a reverse proxy every
# request comes from the proxy's address, so "that address" is read from the header the proxy
# sets, and only when TRUSTED_PROXY_HEADER says which (core/security.py).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "editorial/lockout.html"
AXES_CLIENT_IP_CALLABLE = "core.security.client_address"
# E.g. "X-Forwarded-For" or "X-Real-IP"; empty: the connection's address (no proxy).
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
# How many proxies in front of Quipu add to X-Forwarded-For: the client is that many entries
# from its right end (what the outermost proxy saw), so addresses a client sends are ignored.
TRUSTED_PROXY_COUNT = os.environ.get("TRUSTED_PROXY_COUNT", "1").strip()
if not TRUSTED_PROXY_COUNT.isdigit() or int(TRUSTED_PROXY_COUNT) < 1:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT is {TRUSTED_PROXY_COUNT!r}; set it to the number of proxies "
        "(1 or more) in front of Quipu that add to X-Forwarded-For."
    )
TRUSTED_PROXY_COUNT = int(TRUSTED_PROXY_COUNT)
# Two-factor sign-in is optional per person, and required for the groups an administrator
# names in Settings → Two-factor sign-in policy. Enrolled staff are always asked for a code.
OTP_TOTP_ISSUER = "Quipu"
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "quipu@example.org")
DEFAULT_FROM_EMAIL = WAGTAILADMIN_NOTIFICATION_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# Logs ---------------------------------------------------------------------------------------
# On standard error: one line per request (quipu.requests) and per background task
# (quipu.tasks) with its timing, plus Quipu's warnings. LOG_FORMAT=json writes one JSON object
# per line for a log collector; "text" (the default) is for people. Requests carry no query
# string, user name or address; LOG_CLIENT_ADDRESS=true adds the client's address.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}; set it to 'text' or 'json'.")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
LOG_CLIENT_ADDRESS = env_bool("LOG_CLIENT_ADDRESS", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
        "json": {"()": "operations.request_log.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "quipu": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Django's own line per failed request repeats quipu.requests' (which has the time).
        "django.request": {"level": "ERROR"},
        # A node of a cluster that stops answering: one line from the node pool, not a
        # traceback per retried request.
        "elastic_transport.transport": {"level": "ERROR"},
    },
}

# Health ---------------------------------------------------------------------------------------
# /readyz answers 503 when one of these parts is down (database, cache, search, storage);
# the others are reported only. "tasks" (a queue no worker empties) can be added.
HEALTH_REQUIRED = env_list("HEALTH_REQUIRED", "database,cache,search,storage")
if unknown := set(HEALTH_REQUIRED) - {"database", "cache", "search", "storage", "tasks"}:
    raise ImproperlyConfigured(
        f"HEALTH_REQUIRED names {', '.join(sorted(unknown))}; choose among database, cache, "
        "search, storage and tasks."
    )

WAGTAILDOCS_DOCUMENT_FORM_BASE = "editorial.media_rules.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "editorial.media_rules.ImageForm"

# Uploaded documents are read (checked at upload, text extracted for search) in a child process
# under these limits; a file over one is stored and marked "text not extracted" with the
# reason. Any key may be set from the environment as DOCUMENT_EXTRACTION_<KEY>, e.g.
# DOCUMENT_EXTRACTION_MEMORY_MB=1024. With TASKS_BACKEND=immediate the upload request waits for
# the check and the extraction: keep CHECK_TIMEOUT_SECONDS + TIMEOUT_SECONDS under the web
# server's own timeout (gunicorn: 30 s).
DOCUMENT_EXTRACTION_LIMITS = {
    key: float(os.environ[f"DOCUMENT_EXTRACTION_{key.upper()}"])
    if key.endswith("timeout_seconds")
    else int(os.environ[f"DOCUMENT_EXTRACTION_{key.upper()}"])
    for key in (
        "memory_mb",  # address space of the reader process (default 512)
        "cpu_seconds",  # its CPU time (15)
        "check_timeout_seconds",  # wall-clock time of the check made while uploading (10)
        "timeout_seconds",  # wall-clock time of a text extraction (15)
        "max_parts",  # parts in a DOCX's ZIP archive (2000)
        "max_part_mb",  # declared unpacked size of any one part (200)
        "max_compression_ratio",  # unpacked/packed size of any part of 1 MB or more (100)
        "max_xml_mb",  # declared size of a DOCX's text part, word/document.xml (32)
        "max_paragraphs",  # paragraphs read from a DOCX (100000)
        "max_text_chars",  # characters of extracted text (10000000)
    )
    if os.environ.get(f"DOCUMENT_EXTRACTION_{key.upper()}")
}

# Harvesting, feeds and citations (interop/) ---------------------------------------------------
# OAI-PMH identifiers are oai:<OAI_REPOSITORY_IDENTIFIER>:page/12; a domain name the institution
# controls, never changed once harvested. Empty: the host of WAGTAILADMIN_BASE_URL.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "").strip()
# Who harvesters write to; empty: the programme's contact e-mail, else DEFAULT_FROM_EMAIL.
OAI_ADMIN_EMAILS = env_list("OAI_ADMIN_EMAILS")
OAI_PAGE_SIZE = int(os.environ.get("OAI_PAGE_SIZE", "100"))
# The licence of the public content, as a URL (e.g. https://creativecommons.org/licenses/by/4.0/),
# given to harvesters (dc:rights) and readers; empty: only "open access" is stated.
CONTENT_LICENSE_URL = os.environ.get("CONTENT_LICENSE_URL", "").strip()
