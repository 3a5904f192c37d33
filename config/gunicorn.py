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
