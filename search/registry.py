"""What the site's apps make searchable, and the site rules search asks them for.

search/ imports no content app: each app declares what of it is indexed from its own
`search.py` module, imported app by app in INSTALLED_APPS order when the search app starts
(`discover()`), with the functions below: `register` (how its pages become documents),
`register_visibility` (the one rule of what the public may see), `register_synonyms` (a
glossary), `register_facet` (a facet of its taxonomy) and `register_dependents` (what to
reindex when a term that is not a page changes).

An app that may not import search (the foundation imports no other app) declares the same
as names of its `search.py`, read by `declare()`: INDEXES ({model: declaration}, each
declaration a class read as a PageIndex subclass), VISIBILITY, SYNONYMS, FACETS ({name:
(label, labels)}, in the order the results page shows them) and REINDEX ({model: pages}).
Signals that must reindex something at a date (a version coming into force) are connected
by the app that sends them, to the functions of `search.signals`.
"""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

_indexes = {}
_visibility = []
_synonym_sources = []
_facets = {}


# Page types


def register(*models):
    """Class decorator: pages of these models (and their subclasses) use this PageIndex."""

    def decorator(index_class):
        from .adapters import PageIndex

        if not issubclass(index_class, PageIndex):
            # A declaration of an app that may not import search: read as a PageIndex.
            index_class = type(index_class.__name__, (index_class, PageIndex), {})
        for model in models:
            _indexes[model] = index_class
        return index_class

    return decorator


def index_class_for(model):
    """The PageIndex registered for the nearest class in the model's ancestry, or None."""
    for klass in model.__mro__:
        if klass in _indexes:
            return _indexes[klass]
    return None


# What the public may see


def register_visibility(rule):
    """The site's rule of what the public may see; the last registered one applies."""
    _visibility.append(rule)


def visibility():
    """The site's rule: `public_pages(queryset)`, `public_page_ids(ids)`,
    `is_public_page(page)`, `private_collection_ids()` (descendants included) and
    `is_public_collection(collection_id)`."""
    if not _visibility:
        raise ImproperlyConfigured(
            "No app registered what the public may see: call "
            "search.registry.register_visibility() from an app's search.py."
        )
    return _visibility[-1]


# Synonyms and facets


def register_synonyms(source):
    """`source()` returns groups of equivalent wordings (see search.synonyms.SynonymIndex)."""
    if source not in _synonym_sources:
        _synonym_sources.append(source)


def synonym_groups():
    return [group for source in _synonym_sources for group in source()]


def register_facet(name, label, labels):
    """A facet of the taxonomy pages are filed under ("sector"): its parameter in the search
    address and its name in `PageIndex.facet_fields`, its heading `label` on the results
    page, and `labels(values)`, the {value: label} a visitor reads of the values (slugs) it
    knows, in the active language. Search's own facets are the type, status and year."""
    _facets[name] = (label, labels)


def facets():
    """{name: heading} of the facets the apps declared, in the order they declared them."""
    return {name: label for name, (label, _labels) in _facets.items()}


def facet_labels(facet, values):
    declared = _facets.get(facet)
    return declared[1](values) if declared is not None and values else {}


# Pages that read other things


def register_dependents(model, pages):
    """When an instance of `model` (a glossary or taxonomy term) is saved or deleted, the
    pages whose ids `pages(instance)` gives are reindexed, and the synonyms read again."""
    from .signals import reindex_with

    reindex_with(model, pages)


# Discovery


def discover():
    """Imports the `search` module of each of the site's apps, in INSTALLED_APPS order, and
    reads what it declares (SearchConfig.ready)."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(base) or "site-packages" in path.parts:
            continue
        if config.name != "search" and module_has_submodule(config.module, "search"):
            declare(import_module(f"{config.name}.search"))


def declare(module):
    """Registers what a module declares by name (see the module docstring)."""
    for model, declaration in getattr(module, "INDEXES", {}).items():
        register(model)(declaration)
    if hasattr(module, "VISIBILITY"):
        register_visibility(module.VISIBILITY)
    for source in getattr(module, "SYNONYMS", ()):
        register_synonyms(source)
    for name, (label, labels) in getattr(module, "FACETS", {}).items():
        register_facet(name, label, labels)
    for model, pages in getattr(module, "REINDEX", {}).items():
        register_dependents(model, pages)
