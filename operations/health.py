"""Is this app server ready to serve? One check per part it depends on.

`/readyz` runs every check and answers 503 when a part named in settings.HEALTH_REQUIRED is
down; the dashboard panel shows the same checks to administrators, with what went wrong.
What a check reports publicly (`public()`) is status, timings and counts only: never an
address, a URL, a user name or an error message, which may carry any of them. `problem` is
for administrators, with credentials taken out of any URL it contains.

Every check is bounded by the part's own timeouts: the database's connection timeout
(`?connect_timeout=5` in a PostgreSQL DATABASE_URL), the cache's socket timeouts,
Elasticsearch's ELASTICSEARCH_TIMEOUT (and its cool-down after a failure, during which
search answers from the database and the check does not knock again).
"""

import datetime
import logging
import re
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import connections
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("quipu.health")

PARTS = ("database", "cache", "search", "storage", "tasks")
# Changes waiting for Elasticsearch above which the panel warns; past search.sync's
# MAX_EXCLUDED the database engine answers instead.
PENDING_WARNING = 100
# A queued task due this long ago and not started means no worker is running.
TASK_WAIT_WARNING = 10 * 60

_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s:]*(?::[^/@\s]*)?@", re.I)
_SECRET_WORDS = re.compile(r"(?P<key>password|passwd|secret|token|api[_-]?key)=\S+", re.I)


def redact(text):
    """Text with the user name and password of every URL, and key=secret pairs, removed."""
    text = _CREDENTIALS.sub(r"\g<scheme>", str(text))
    return _SECRET_WORDS.sub(r"\g<key>=…", text)


@dataclass
class Check:
    """The state of one part: "ok", "warning" (works, needs attention) or "down"."""

    name: str
    status: str = "ok"
    required: bool = False
    duration_ms: float = 0.0
    # Safe for anyone: names, states and numbers.
    details: dict = field(default_factory=dict)
    # For administrators only: what went wrong, credentials removed.
    problem: str = ""

    @property
    def is_down(self):
        return self.status == "down"

    def fail(self, error, **details):
        self.status = "down"
        self.details.update(details)
        self.details.setdefault("error", type(error).__name__)
        self.problem = redact(f"{type(error).__name__}: {error}")[:500]

    def warn(self, problem):
        if self.status == "ok":
            self.status = "warning"
        self.problem = redact(problem)[:500]

    def public(self):
        return {
            "status": self.status,
            "required": self.required,
            "duration_ms": round(self.duration_ms, 1),
            **self.details,
        }


@dataclass
class Report:
    checks: list

    @property
    def down(self):
        """Names of the required parts that are down: non-empty means not ready."""
        return [check.name for check in self.checks if check.required and check.is_down]

    @property
    def status(self):
        if self.down:
            return "down"
        if any(check.status != "ok" for check in self.checks):
            return "degraded"
        return "ok"

    def public(self):
        return {
            "status": self.status,
            "down": self.down,
            "checks": {check.name: check.public() for check in self.checks},
        }

    def get(self, name):
        return next(check for check in self.checks if check.name == name)


def required_parts():
    return set(getattr(settings, "HEALTH_REQUIRED", ("database", "cache", "search", "storage")))


def run_checks():
    required = required_parts()
    checks = []
    for name, function in (
        ("database", check_database),
        ("cache", check_cache),
        ("search", check_search),
        ("storage", check_storage),
        ("tasks", check_tasks),
    ):
        check = Check(name=name, required=name in required)
        started = time.perf_counter()
        try:
            function(check)
        except Exception as error:
            logger.warning("Health check of %s failed: %s", name, redact(error))
            check.fail(error)
        check.duration_ms = (time.perf_counter() - started) * 1000
        checks.append(check)
    return Report(checks)


# Database -------------------------------------------------------------------------------


def check_database(check):
    vendors = {}
    for alias in connections:
        connection = connections[alias]
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as error:
            # A broken connection is not reused by the next request.
            connection.close_if_unusable_or_obsolete()
            check.fail(error, alias=alias)
            return
        vendors[alias] = connection.vendor
    check.details["vendor"] = vendors.get("default", "")


# Cache ----------------------------------------------------------------------------------


def check_cache(check):
    """Writes a key and reads it back from every cache: a cache that swallows its errors
    (a Redis that does not answer is a miss, config/cache.py) shows as down here."""
    for alias in settings.CACHES:
        cache = caches[alias]
        kind = "redis" if "redis" in type(cache).__name__.lower() else type(cache).__name__
        check.details.setdefault("backends", {})[alias] = kind
        if getattr(cache, "is_down", None) and cache.is_down():
            check.fail(ConnectionError(_("The cache did not answer a moment ago.")), alias=alias)
            return
        key = f"quipu-health-{uuid.uuid4().hex}"
        value = uuid.uuid4().hex
        cache.set(key, value, 30)
        if cache.get(key) != value:
            check.fail(ConnectionError(_("A value written was not read back.")), alias=alias)
            return
        try:
            cache.delete(key)
        except Exception as error:
            check.fail(error, alias=alias)
            return


# Search ---------------------------------------------------------------------------------


def check_search(check):
    """Whether the configured engine answers, and which engine visitors' searches reach.

    Elasticsearch is asked to count the documents behind its alias, which any node holding a
    copy of the index can answer; the cluster's own health is added when it answers too.
    """
    from search import get_engine
    from search.models import PendingChange
    from search.sync import MAX_EXCLUDED

    engine = get_engine()
    primary = engine.primary
    check.details["engine"] = primary.name
    check.details["answering"] = primary.name
    pending = dict.fromkeys((backend.name for backend in engine.backends), 0)
    for row in PendingChange.objects.values("engine").annotate(count=Count("pk")):
        if row["engine"] in pending:
            pending[row["engine"]] = row["count"]
    check.details["pending_changes"] = pending
    oldest = PendingChange.objects.order_by("created_at").values_list("created_at", flat=True)
    oldest = oldest.first()
    if oldest:
        check.details["oldest_pending_seconds"] = int((timezone.now() - oldest).total_seconds())
    fallback = "database" if engine.fallback is not None else None

    if primary.name == "database":
        health = primary.health()
        if not health.is_healthy:
            raise RuntimeError(health.detail)
        check.details["documents"] = health.documents
        return

    if getattr(primary, "is_cooling_down", False):
        check.fail(
            ConnectionError(
                _("%(engine)s failed a moment ago; it is tried again in a few seconds.")
                % {"engine": primary.name}
            )
        )
        check.details["answering"] = fallback or "none"
        return
    try:
        client = primary.client.options(request_timeout=primary.timeout)
        check.details["documents"] = client.count(index=primary.alias)["count"]
    except Exception as error:
        check.fail(error)
        check.details["answering"] = fallback or "none"
        return
    try:
        cluster = client.cluster.health()
    except Exception as error:
        # Searches are answered (the count was): a cluster without an elected master still
        # serves reads, but it will not take changes until it has one.
        check.warn(_("The cluster reports no health: %(error)s") % {"error": error})
        check.details["cluster"] = "unknown"
    else:
        check.details["cluster"] = cluster["status"]
        check.details["nodes"] = cluster["number_of_nodes"]
        if cluster["status"] == "red":
            check.warn(_("Some shards have no copy on any running node: results are partial."))
        elif cluster["status"] == "yellow" and primary.replicas:
            check.warn(_("Some replicas are not assigned: a node is missing from the cluster."))
    waiting = pending.get(primary.name, 0)
    if waiting > MAX_EXCLUDED:
        check.details["answering"] = fallback or "none"
        check.warn(
            _(
                "%(count)s changes are waiting for %(engine)s; the database engine answers "
                "until they are applied (manage.py search_index fix)."
            )
            % {"count": waiting, "engine": primary.name}
        )
    elif waiting > PENDING_WARNING:
        check.warn(
            _("%(count)s changes are waiting for %(engine)s.")
            % {"count": waiting, "engine": primary.name}
        )


# Storage --------------------------------------------------------------------------------


def check_storage(check):
    """Every configured file storage but static files (served by whitenoise from the image):
    the media folder exists and is writable, or the bucket answers one HEAD request within
    two seconds (core/storage.py)."""
    from core.storage import is_local, storage_status

    for alias in settings.STORAGES:
        if alias == "staticfiles":
            continue
        storage = storages[alias]
        check.details.setdefault("backends", {})[alias] = (
            "disk" if is_local(storage) else "object storage"
        )
        reachable, reason = storage_status(storage)
        if not reachable:
            check.fail(ConnectionError(reason), alias=alias)
            return


# Background tasks -----------------------------------------------------------------------


def check_tasks(check):
    backend = settings.TASKS["default"]["BACKEND"]
    if "django_tasks_db" not in backend:
        check.details["backend"] = "immediate"
        return
    from django_tasks_db.models import DBTaskResult

    check.details["backend"] = "database"
    ready = DBTaskResult.objects.ready()
    check.details["queued"] = ready.count()
    check.details["running"] = DBTaskResult.objects.running().count()
    now = timezone.now()
    since = now - datetime.timedelta(days=1)
    check.details["failed_last_day"] = (
        DBTaskResult.objects.failed().filter(finished_at__gte=since).count()
    )
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    if oldest:
        enqueued_at, run_after = oldest
        # A task not deferred carries the latest possible date as run_after.
        due = enqueued_at if run_after > now else max(enqueued_at, run_after)
        waited = int((now - due).total_seconds())
        check.details["oldest_queued_seconds"] = waited
        if waited > TASK_WAIT_WARNING:
            check.warn(
                _(
                    "A task has been waiting %(minutes)s minutes: is a worker running "
                    "(manage.py run_worker)?"
                )
                % {"minutes": waited // 60}
            )
