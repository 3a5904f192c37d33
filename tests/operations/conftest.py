"""Elasticsearch fixtures of the search tests, for the health checks that use it."""

from tests.search.conftest import (  # noqa: F401 (fixtures)
    elasticsearch_not_cooling_down,
    elasticsearch_url,
)
