"""Quipu's public search: one interface (`get_engine()`), two engines behind it.

    from search import get_engine
    results = get_engine().search(SearchQuery(text="capacitación", language="es"))

Which engine answers is a setting (SEARCH_ENGINE), never a view's decision.
"""

from importlib import import_module

from django.conf import settings

_engines = {}


def get_backend(name, **overrides):
    """A backend built from settings.SEARCH_BACKENDS[name], as Django builds caches."""
    config = {**settings.SEARCH_BACKENDS[name], **overrides}
    module = import_module(config.pop("BACKEND"))
    return module.SearchBackend(**{key.lower(): value for key, value in config.items()})


def get_engine(name=None):
    """The SearchEngine for `name` (default: settings.SEARCH_ENGINE), built once."""
    from .engine import SearchEngine

    name = name or settings.SEARCH_ENGINE
    if name not in _engines:
        primary = get_backend(name)
        fallback = get_backend("database") if name != "database" else None
        _engines[name] = SearchEngine(primary, fallback)
    return _engines[name]


def reset_engines(**kwargs):
    _engines.clear()
