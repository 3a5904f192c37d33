"""What the site's apps make searchable, and the site rules search asks them for.

search/ imports no content app: each app declares what of it is indexed from its own
`search.py`, imported in INSTALLED_APPS order when the search app starts (`discover()`),
with the functions below. An app that may not import search (the foundation imports no
other app) declares the same as names of its `search.py`, read by `declare()`: INDEXES
({model: declaration}, read as PageIndex subclasses), VISIBILITY, SYNONYMS, FACETS ({name:
(label, labels)}) and REINDEX ({model: pages}).
"""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.module_loading import module_has_submodule

_indexes = {}
_visibility = []
_synonym_sources = []
_facets = {}


def register(*models):
    """Class decorator: pages of these models (and their subclasses) use this PageIndex."""

    def decorator(index_class):
        from .adapters import PageIndex

        if not issubclass(index_class, PageIndex):
            # A declaration of an app that may not import search: read as a PageIndex.
            index_class = type(index_class.__name__, (index_class, PageIndex), {})
        _indexes.update(dict.fromkeys(models, index_class))
        return index_class

    return decorator


def index_class_for(model):
    return next((_indexes[klass] for klass in model.__mro__ if klass in _indexes), None)


def register_visibility(rule):
    """The site's rule of what the public may see; the last registered one applies: its
    `public_pages(queryset)`, `public_page_ids(ids)`, `is_public_page(page)`,
    `private_collection_ids()` (descendants included) and `is_public_collection(id)`."""
    _visibility.append(rule)


def visibility():
    if not _visibility:
        raise ImproperlyConfigured(
            "No app registered what the public may see: call "
            "search.registry.register_visibility() from an app's search.py."
        )
    return _visibility[-1]


def register_synonyms(source):
    """`source()` returns groups of equivalent wordings (see search.synonyms.SynonymIndex)."""
    if source not in _synonym_sources:
        _synonym_sources.append(source)


def synonym_groups():
    return [group for source in _synonym_sources for group in source()]


def register_facet(name, label, labels):
    """A facet of the taxonomy ("sector"), its heading, and `labels(values)`: {slug: label}
    in the active language, of the values it knows. The results page shows facets in the
    order declared."""
    _facets[name] = (label, labels)


def facets():
    return {name: label for name, (label, _labels) in _facets.items()}


def facet_labels(facet, values):
    declared = _facets.get(facet)
    return declared[1](values) if declared is not None and values else {}


def register_dependents(model, pages):
    """Saving or deleting an instance of `model` (a glossary or taxonomy term) reindexes the
    pages whose ids `pages(instance)` gives, and reads the synonyms again."""
    from .signals import enqueue_sync, page_key
    from .synonyms import forget_glossary

    def will_be_deleted(sender, instance, **kwargs):
        # Found before deletion: the links to the pages go with the instance.
        instance._search_pages = list(pages(instance))

    def changed(sender, instance, signal, **kwargs):
        forget_glossary()
        found = pages(instance) if signal is post_save else getattr(instance, "_search_pages", [])
        enqueue_sync([page_key(pk) for pk in found])

    uid = f"quipu-search-dependents-{model._meta.label_lower}"
    pre_delete.connect(will_be_deleted, sender=model, weak=False, dispatch_uid=uid)
    for signal in (post_save, post_delete):
        signal.connect(changed, sender=model, weak=False, dispatch_uid=uid)


def discover():
    """Imports the `search` module of each of the site's apps (SearchConfig.ready)."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(base) or "site-packages" in path.parts:
            continue
        if config.name != "search" and module_has_submodule(config.module, "search"):
            declare(import_module(f"{config.name}.search"))


def declare(module):
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
