"""One log line per request and per background task, with its timing; JSON when LOG_FORMAT=json.

A request line holds the method, the path without its query string, the status, the time
taken in milliseconds and the language the page was served in. Nothing else about the
visitor: no query strings (searches are what people typed), no user names, and no address
unless LOG_CLIENT_ADDRESS is on (then the address the sign-in lockout trusts, see
core/security.py). Secrets that travel in a path (password-reset links) are cut out.
Successful health probes are not logged: a load balancer asks every few seconds.

A task line holds the task's name, the time it ran in milliseconds and its outcome.
"""

import json
import logging
import re
import time

from django.conf import settings
from django.utils import translation

request_logger = logging.getLogger("quipu.requests")
task_logger = logging.getLogger("quipu.tasks")

QUIET_PATHS = ("/healthz", "/readyz")
# Path segments that are credentials: the uid and token of a password-reset link.
SECRET_PATHS = [(re.compile(r"(/password_reset/confirm/)[^/]+/[^/]+"), r"\1…/…")]


def loggable_path(path):
    for pattern, replacement in SECRET_PATHS:
        path = pattern.sub(replacement, path)
    return path


class RequestLogMiddleware:
    """First in MIDDLEWARE, so the time covers everything the server does for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        path = request.path
        quiet = path.rstrip("/") in QUIET_PATHS
        if quiet and response.status_code < 400:
            return response
        fields = {
            "method": request.method,
            "path": loggable_path(path),
            "status": response.status_code,
            "duration_ms": round(duration_ms, 1),
            "language": getattr(request, "LANGUAGE_CODE", None) or translation.get_language(),
        }
        if getattr(settings, "LOG_CLIENT_ADDRESS", False):
            from core.security import client_address

            fields["client"] = client_address(request)
        if response.status_code < 500:
            level = logging.INFO
        elif quiet:
            # A probe saying a part is down: the part's own failure is logged where it happens.
            level = logging.WARNING
        else:
            level = logging.ERROR
        request_logger.log(
            level,
            "%(method)s %(path)s %(status)s %(duration_ms).1fms %(language)s",
            fields,
            extra={"fields": fields},
        )
        return response


def log_task_finished(sender, task_result, **kwargs):
    started, finished = task_result.started_at, task_result.finished_at
    duration_ms = (finished - started).total_seconds() * 1000 if started and finished else None
    status = getattr(task_result.status, "value", task_result.status)
    fields = {
        "task": task_result.task.module_path,
        "duration_ms": round(duration_ms, 1) if duration_ms is not None else None,
        "outcome": str(status).lower(),
        "attempt": len(task_result.worker_ids) or 1,
    }
    failed = fields["outcome"] == "failed"
    if failed and task_result.errors:
        fields["error"] = task_result.errors[-1].exception_class_path
    task_logger.log(
        logging.ERROR if failed else logging.INFO,
        "task %(task)s %(outcome)s in %(duration_ms)sms",
        fields,
        extra={"fields": fields},
    )


def connect_task_log():
    from django_tasks.signals import task_finished

    task_finished.connect(log_task_finished, dispatch_uid="quipu-task-log")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's fields."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S")
            + f".{int(record.msecs):03d}"
            + time.strftime("%z", self.converter(record.created)),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
