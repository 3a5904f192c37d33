"""gunicorn settings for `make run` and bench/pages.py: `gunicorn -c config/gunicorn.py config.wsgi`.

Several processes, each with a few threads (gthread), as docs/deploy.md recommends for one
machine. Each value can be overridden from the environment (PORT, WEB_CONCURRENCY,
GUNICORN_THREADS) or on gunicorn's command line.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# gunicorn reads WEB_CONCURRENCY itself only when no configuration file names the workers.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer is stopped and the worker replaced (see DOCUMENT_EXTRACTION_LIMITS).
timeout = 30
# Ctrl-C or a stop: requests in progress get a few seconds to finish.
graceful_timeout = 5
# gunicorn 27's control socket lives at one path in $HOME, so two servers on one machine would
# share it; nothing here uses it (older gunicorns ignore the setting).
control_socket_disable = True


def post_worker_init(worker):
    """Loads the database search engine's bitmaps before the worker takes requests, so the
    first search after a start or a deploy does not wait for them (about 1.5 s at 100,000
    items). A database not migrated yet is reported, and the worker serves all the same."""
    import logging

    from django.db import connections

    try:
        from search.bitmaps import bitmaps_for

        bitmaps_for("default").current()
    except Exception:
        logging.getLogger("quipu.search").exception(
            "Search bitmaps not loaded at start; the first search loads them"
        )
    finally:
        connections.close_all()
