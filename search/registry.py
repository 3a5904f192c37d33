"""What the site's apps make searchable, and the site rules search asks them for.

search/ imports no content app: each app declares, from its own `search.py` module (imported
in its `AppConfig.ready()`), what of it is indexed and what search must know about it:

- `register(Model)`: a class decorator on a `search.adapters.PageIndex` subclass that says
  how pages of that model (and its subclasses) become documents: their text fields, summary,
  facets, date, weight, files and extra words;
- `register_visibility(rule)`: the one definition of what the public may see, an object
  (usually a module) with `public_pages`, `public_page_ids`, `is_public_page`,
  `private_collection_ids` and `is_public_collection`;
- `register_synonyms(source)`: a callable giving groups of equivalent wordings (a glossary);
- `register_facet_labels(facet, labels)`: a callable turning a facet's values into the
  labels a visitor reads, in the active language.

Signals that must reindex something (a glossary term edited, a version coming into force)
are connected by the app that sends them, to the functions of `search.signals`.
"""

from django.core.exceptions import ImproperlyConfigured

_indexes = {}
_visibility = []
_synonym_sources = []
_facet_labels = {}


# Page types


def register(*models):
    """Class decorator: pages of these models (and their subclasses) use this PageIndex."""

    def decorator(index_class):
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
    if not _visibility:
        raise ImproperlyConfigured(
            "No app registered what the public may see: call "
            "search.registry.register_visibility() from an app's search.py."
        )
    return _visibility[-1]


def public_pages(queryset=None):
    """Pages (of this queryset) the public may see."""
    return visibility().public_pages(queryset)


def public_page_ids(page_ids):
    """The ids among these the public may see."""
    return visibility().public_page_ids(page_ids)


def is_public_page(page):
    return visibility().is_public_page(page)


def private_collection_ids():
    """Collections whose documents the public may not download, descendants included."""
    return visibility().private_collection_ids()


def is_public_collection(collection_id):
    return visibility().is_public_collection(collection_id)


# Synonyms and facet labels


def register_synonyms(source):
    """`source()` returns groups of equivalent wordings (see search.synonyms.SynonymIndex)."""
    if source not in _synonym_sources:
        _synonym_sources.append(source)


def synonym_groups():
    return [group for source in _synonym_sources for group in source()]


def register_facet_labels(facet, labels):
    """`labels(values)` returns {value: label} for the values of this facet it knows."""
    _facet_labels[facet] = labels


def facet_labels(facet, values):
    labels = _facet_labels.get(facet)
    return labels(values) if labels is not None and values else {}
