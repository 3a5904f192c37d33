"""One log line per request and per background task, with timing; JSON with LOG_FORMAT=json."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tasks import task

from operations.request_log import JsonFormatter
from tests.live import BASE_DIR

pytestmark = pytest.mark.django_db


@task()
def failing_task():
    raise ValueError("a secret the log must not repeat")


@pytest.fixture
def captured():
    """Records of a Quipu logger ("quipu" does not propagate to the root logger)."""

    class Capture(logging.Handler):
        def __init__(self):
            super().__init__(logging.DEBUG)
            self.records = []

        def emit(self, record):
            self.records.append(record)

    handlers = {}

    def capture(name):
        handler = Capture()
        logging.getLogger(name).addHandler(handler)
        handlers[name] = handler
        return handler.records

    yield capture
    for name, handler in handlers.items():
        logging.getLogger(name).removeHandler(handler)


def test_one_line_per_request_with_timing_and_nothing_personal(captured, settings):
    settings.SEARCH_ENGINE = "database"
    records = captured("quipu.requests")
    user = get_user_model().objects.create_user(
        username="maria.quispe", password="correct horse battery staple", is_staff=True
    )
    client = Client()
    client.force_login(user)
    response = client.get(
        "/en/search/?q=violencia+Ayacucho&email=maria@example.org", REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 200
    assert len(records) == 1
    record = records[0]
    assert record.fields == {
        "method": "GET",
        "path": "/en/search/",
        "status": 200,
        "duration_ms": record.fields["duration_ms"],
        "language": "en",
    }
    assert isinstance(record.fields["duration_ms"], float) and record.fields["duration_ms"] > 0
    line = record.getMessage()
    assert line.startswith("GET /en/search/ 200 ") and line.endswith("ms en")
    for personal in ("violencia", "maria", "203.0.113.7", "example.org"):
        assert personal not in line
        assert personal not in json.dumps(record.fields)

    client.get("/es/no-such-page/")
    assert [item.fields["status"] for item in records[1:]] == [404]
    assert records[1].fields["language"] == "es"


def test_the_client_address_only_when_configured(captured, settings):
    records = captured("quipu.requests")
    settings.LOG_CLIENT_ADDRESS = True
    Client().get("/robots.txt", REMOTE_ADDR="203.0.113.7")
    assert records[-1].fields["client"] == "203.0.113.7"
    settings.LOG_CLIENT_ADDRESS = False
    Client().get("/robots.txt", REMOTE_ADDR="203.0.113.7")
    assert "client" not in records[-1].fields


def test_password_reset_links_are_not_written_to_the_log(captured):
    records = captured("quipu.requests")
    Client().get("/admin/password_reset/confirm/MTI/c0ffee-5ecret0token/")
    assert records, "the request was logged"
    assert "5ecret0token" not in records[-1].getMessage()
    assert records[-1].fields["path"] == "/admin/password_reset/confirm/…/…/"


def test_health_probes_are_logged_only_when_they_fail(captured, settings):
    settings.SEARCH_ENGINE = "database"
    records = captured("quipu.requests")
    django_lines = captured("django.request")
    client = Client()
    for _probe in range(5):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
    assert records == []
    settings.MEDIA_ROOT = "/nonexistent/quipu-media"
    assert client.get("/readyz").status_code == 503
    assert [record.fields["path"] for record in records] == ["/readyz"]
    assert records[0].fields["status"] == 503
    # One line per failing probe, a warning: the part's own failure is logged where it happens.
    assert records[0].levelno == logging.WARNING
    assert django_lines == []


def test_one_line_per_background_task_with_its_outcome(captured):
    from search.tasks import retry_pending_changes

    records = captured("quipu.tasks")
    retry_pending_changes.enqueue()
    failing_task.enqueue()
    assert [record.fields["task"] for record in records] == [
        "search.tasks.retry_pending_changes",
        "tests.operations.test_logs.failing_task",
    ]
    done, failed = records
    assert done.fields["outcome"] == "successful" and done.levelno == logging.INFO
    assert failed.fields["outcome"] == "failed" and failed.levelno == logging.ERROR
    assert failed.fields["error"] == "builtins.ValueError"
    for record in records:
        assert record.fields["duration_ms"] >= 0
        assert "secret" not in record.getMessage()


def test_json_lines_carry_the_same_fields(captured):
    records = captured("quipu.requests")
    Client().get("/robots.txt")
    line = JsonFormatter().format(records[-1])
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["logger"] == "quipu.requests"
    assert entry["level"] == "INFO"
    assert entry["path"] == "/robots.txt" and entry["status"] == 200
    assert entry["method"] == "GET" and entry["duration_ms"] > 0
    assert entry["message"].startswith("GET /robots.txt 200 ")
    assert entry["time"][:4].isdigit() and "T" in entry["time"]


def test_log_format_json_makes_every_line_json():
    """The settings, not the test: a fresh process with LOG_FORMAT=json logs JSON lines."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "Client().post('/healthz');"
        "import logging; logging.getLogger('quipu.search').warning('Elasticsearch is down')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "LOG_FORMAT": "json",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    request = next(line for line in lines if line["logger"] == "quipu.requests")
    assert request["path"] == "/healthz" and request["status"] == 405
    assert request["level"] == "INFO"
    warning = next(line for line in lines if line["logger"] == "quipu.search")
    assert warning["message"] == "Elasticsearch is down" and warning["level"] == "WARNING"
