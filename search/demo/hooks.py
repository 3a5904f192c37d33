"""The demo's search index: rebuilt once every app's demo records exist."""

import logging

from search import get_engine
from search.backends.base import SearchUnavailable

logger = logging.getLogger("quipu.search")


def after_load(report):
    """Indexes the demo content in every engine in use (runs after all apps' records)."""
    engine = get_engine()
    for backend in engine.backends:
        try:
            written = engine.rebuild(backends=[backend])[backend.name]
        except SearchUnavailable as error:
            logger.warning("Could not index the demo in %s: %s", backend.name, error)
            report(f"search index ({backend.name}, unavailable)", 0)
            continue
        report(f"search index ({backend.name}) documents", written)
