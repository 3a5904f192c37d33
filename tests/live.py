"""A real Quipu server, for tests that need one: browsers, concurrent downloads.

`running_site()` gives the server its own database, migrated and loaded with the demo
content, and its own media folder, so nothing it does touches the pytest test database and
nothing a test does inside its transaction is hidden from it. The server is gunicorn with
several processes and threads, as in production, so concurrency is real.

On SQLite the database is a file in a temporary folder; on PostgreSQL (DATABASE_URL names
one) it is `<name>_live_<random>` on the same server, created afresh and dropped after.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "config.settings.test"
START_TIMEOUT = 60
COMMAND_TIMEOUT = 600
# `make run`'s gunicorn settings; test servers add more threads and patience for a busy machine.
GUNICORN_CONFIG = BASE_DIR / "config" / "gunicorn.py"
TEST_SERVER_OPTIONS = ("--workers=2", "--threads=8", "--timeout=60")


@dataclass
class LiveSite:
    """A running server: its base URL, and manage.py commands run against its database."""

    url: str
    env: dict

    def manage(self, *args: str) -> str:
        """Runs `manage.py <args>` with the server's settings and database; returns stdout."""
        return run_manage(self.env, *args)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def target_environment(database_url, media):
    """The environment of a separate installation on `database_url` with its own media folder
    (local disk, the database search engine), for commands run with `run_manage`."""
    media.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key not in {"TEST_SHARED_CACHE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        SEARCH_ENGINE="database",
        PYTHONUNBUFFERED="1",
    )
    return env


def run_manage(env: dict, *args: str, timeout: float = COMMAND_TIMEOUT) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} exited with {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-8000:]}"
        )
    return result.stdout


def _connect_maintenance(url):
    """A psycopg connection to the `postgres` maintenance database of the server `url` names."""
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def _recreate_postgres_database(url, name):
    from psycopg import sql

    # FORCE ends sessions a crashed earlier run may have left connected (PostgreSQL 13+).
    _drop_postgres_database(url, name)
    with _connect_maintenance(url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_postgres_database(url, name, attempts=40):
    """Drops the database, ending its sessions. An autovacuum worker running in it belongs to
    the server's own role, which this one may not end: that refusal is retried until the worker
    has finished (it takes moments)."""
    from psycopg import errors, sql

    for attempt in range(attempts):
        try:
            with _connect_maintenance(url) as connection:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
            return
        except (errors.InsufficientPrivilege, errors.ObjectInUse):
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)


@contextlib.contextmanager
def isolated_database(folder: Path):
    """Yields the DATABASE_URL of a fresh, empty database that only the live server uses."""
    configured = os.environ.get("DATABASE_URL", "")
    if urlsplit(configured).scheme not in {"postgres", "postgresql", "pgsql"}:
        yield f"sqlite:///{folder / 'live.sqlite3'}"
        return
    parts = urlsplit(configured)
    # Its own name: several live servers may run at once in one session (the shared one, the
    # harvesters', the bucket's), and dropping one must not take another's database away.
    name = f"{parts.path.lstrip('/') or 'quipu'}_live_{uuid.uuid4().hex[:8]}"
    _recreate_postgres_database(configured, name)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        _drop_postgres_database(configured, name)


def _wait_until_serving(url, process, log_path):
    deadline = time.monotonic() + START_TIMEOUT
    last_error = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/es/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as error:
            last_error = error
        time.sleep(0.25)
    state = (
        f"exited with {process.returncode}"
        if process.poll() is not None
        else f"no 200 from /es/ within {START_TIMEOUT}s (last: {last_error})"
    )
    raise RuntimeError(
        f"live server {state}\n--- server log ---\n{log_path.read_text(errors='replace')[-8000:]}"
    )


def _gunicorn_options():
    from gunicorn.config import KNOWN_SETTINGS

    # Newer gunicorns open a control socket at one fixed path in $HOME; two test runs on one
    # machine would then fight over it. The server is stopped by signal, so it needs none.
    if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
        return ["--no-control-socket"]
    return []


def _stop(process):
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def gunicorn_command(port, options=()):
    """The command line `make run` serves with (config/gunicorn.py), bound to `port`."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        f"--config={GUNICORN_CONFIG}",
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        *options,
        *_gunicorn_options(),
    ]


@contextlib.contextmanager
def serving(env, port, log_path, options=TEST_SERVER_OPTIONS):
    """Serves the database `env` names with gunicorn on `port` until the block ends; yields its URL."""
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            gunicorn_command(port, options),
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        _wait_until_serving(url, process, log_path)
        yield url
    finally:
        _stop(process)


@contextlib.contextmanager
def running_site(
    folder: Path, settings=SETTINGS_MODULE, extra_env=None, options=TEST_SERVER_OPTIONS
):
    """Migrates and loads a fresh database, serves it with gunicorn, and yields a LiveSite.

    `settings` other than the test ones (`make run`'s, production's) serve static files the way
    production does, so they are collected first into the site's own folder.
    """
    media = folder / "media"
    media.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with isolated_database(folder) as database_url:
        env = {
            **os.environ,
            # config/wsgi.py defaults to production settings; the server must use the test ones.
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media),
            # Absolute URLs the API hands out (download_url) must point at this server.
            "WAGTAILADMIN_BASE_URL": url,
            "PYTHONUNBUFFERED": "1",
            **shared_cache_environment(),
            **(extra_env or {}),
        }
        if not env.get("REDIS_URL") or env.get("TEST_SHARED_CACHE") != "1":
            # Without a shared cache each process would keep its own: counted searches, cached
            # pages and rate limits would depend on which process answers. One process then.
            options = ("--workers=1", *(o for o in options if not o.startswith("--workers")))
        run_manage(env, "migrate", "--noinput")
        run_manage(env, "load_demo", "--no-admin")
        if settings != SETTINGS_MODULE:
            env["STATIC_ROOT"] = str(folder / "static")
            run_manage(env, "collectstatic", "--noinput", "--verbosity=0")

        with serving(env, port, folder / "gunicorn.log", options):
            yield LiveSite(url=url, env=env)


def shared_cache_environment():
    """A server's processes share one cache, as in production: Redis when REDIS_URL names one,
    under a key prefix of the server's own, so servers on other databases never read its keys."""
    if not os.environ.get("REDIS_URL", "").strip():
        return {}
    return {"TEST_SHARED_CACHE": "1", "CACHE_KEY_PREFIX": f"quipu-live-{uuid.uuid4().hex[:12]}"}


def shell_json(live_site, code):
    """Runs `code` in `manage.py shell` against the live site; returns its last line as JSON."""
    output = live_site.manage("shell", "-c", code)
    return json.loads(output.strip().splitlines()[-1])
