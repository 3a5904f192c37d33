"""The Elasticsearch engine's writing: indices behind an alias, bulk writes, rebuilds.

A rebuild fills a new index and moves the alias in one atomic step, so searches never see
a half-built index.
"""

from django.utils import timezone
from elasticsearch import TransportError, helpers

from ..documents import PageDocument, index_settings, mapping
from .base import SearchUnavailable

BULK_CHUNK = 500
BULK_THREADS = 2

# While a rebuild fills its index nobody searches it, and a failed rebuild is thrown away:
# no refreshes, and the write log is synced to disk every few seconds instead of after each
# bulk request. The index is switched back before the alias moves to it.
REBUILD_SETTINGS = {"refresh_interval": "-1", "translog.durability": "async"}
SERVING_SETTINGS = {"refresh_interval": "1s", "translog.durability": "request"}

# (URL, alias) whose indices this process found built with the current mapping and analysis.
_checked_schemas = set()


class ElasticsearchWriter:
    """The writing half of ElasticsearchSearchBackend."""

    def _new_index_name(self):
        return f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"

    def _create_index(self, name, alias, extra_settings=None):
        settings = index_settings(shards=self.shards, replicas=self.replicas)
        settings.update(extra_settings or {})
        # Creating an index waits for its shards: longer than a search may take.
        client = self.client.options(request_timeout=self.bulk_timeout)
        self._call(
            client.indices.create,
            index=name,
            settings=settings,
            mappings=mapping(),
            aliases={alias: {}},
        )

    def _indices_of(self, alias):
        try:
            found = self._call(self.client.indices.get_alias, name=alias)
        except SearchUnavailable as error:
            if "404" in str(error) or "index_not_found" in str(error) or "missing" in str(error):
                return []
            raise
        return list(found.body)

    def ensure_index(self):
        """Creates the first index behind the alias if there is none yet."""
        if not self._indices_of(self.alias):
            self._create_index(self._new_index_name(), self.alias)

    def check_schema(self):
        """Refuses (once per process) an index an earlier release built with another mapping or
        analysis, which would answer wrong without a word, until `search_index rebuild`."""
        if (self.url, self.alias) in _checked_schemas:
            return
        found = self._call(self.client.indices.get_mapping, index=self.alias).body
        if any(body["mappings"].get("_meta") != mapping()["_meta"] for body in found.values()):
            raise SearchUnavailable("Built by an earlier release: run `search_index rebuild`.")
        _checked_schemas.add((self.url, self.alias))

    # Writing

    def index(self, documents):
        documents = list(documents)
        if not documents:
            return 0
        self.ensure_index()
        return self._bulk(lambda target: _index_actions(target, documents), strict=True)

    def _bulk(self, actions_for, strict):
        """Bulk actions on the live alias, then on the index a running rebuild is filling;
        how many succeeded on the live alias. `strict`: a refused action raises."""
        written = None
        for target in [self.alias, *self._indices_of(self.building_alias)]:
            success, errors = self._call(
                helpers.bulk,
                self.client,
                actions_for(target),
                chunk_size=BULK_CHUNK,
                # Refresh is off while a rebuild fills its index: waiting for one would hang.
                refresh=self.refresh if target == self.alias else False,
                raise_on_error=False,
            )
            if errors and strict:
                raise SearchUnavailable(
                    f"Elasticsearch refused {len(errors)} documents: {errors[:1]}"
                )
            written = success if written is None else written
        return written

    def _parallel_bulk(self, target, documents, progress=None):
        """Bulk requests from two threads: a one-shard index then uses two write threads."""
        actions = _index_actions(target, documents)
        client = self.client.options(request_timeout=self.bulk_timeout)
        written = 0
        try:
            for ok, item in helpers.parallel_bulk(
                client,
                actions,
                thread_count=BULK_THREADS,
                chunk_size=BULK_CHUNK,
                raise_on_error=False,
            ):
                if not ok:
                    raise SearchUnavailable(f"Elasticsearch refused a document: {item}")
                written += 1
                if progress and written % BULK_CHUNK == 0:
                    progress(written)
        except TransportError as error:
            self._mark_down(error)
            raise SearchUnavailable(str(error)) from error
        if progress:
            progress(written)
        return written

    def keys_for(self, object_keys):
        object_keys = list(object_keys)
        if not object_keys:
            return []
        response = self._call(
            self.client.search,
            index=self.alias,
            query={"terms": {"object_key": object_keys}},
            source=False,
            size=10_000,
            ignore_unavailable=True,
        )
        return [hit["_id"] for hit in response["hits"]["hits"]]

    def remove(self, object_keys):
        return self.remove_keys(self.keys_for(object_keys))

    def remove_keys(self, keys):
        keys = list(keys)
        if not keys:
            return 0
        return self._bulk(
            lambda target: ({"_op_type": "delete", "_index": target, "_id": key} for key in keys),
            strict=False,
        )

    def rebuild(self, documents, progress=None):
        """Fills a new index, then points the alias at it in one atomic step."""
        name = self._new_index_name()
        self._create_index(name, self.building_alias, REBUILD_SETTINGS)
        try:
            written = self._parallel_bulk(name, documents, progress)
            client = self.client.options(request_timeout=self.bulk_timeout)
            self._call(client.indices.put_settings, index=name, settings=SERVING_SETTINGS)
            self._call(client.indices.refresh, index=name)
            old = self._indices_of(self.alias)
            actions = [{"add": {"index": name, "alias": self.alias}}]
            actions += [{"remove": {"index": index, "alias": self.alias}} for index in old]
            actions.append({"remove": {"index": name, "alias": self.building_alias}})
            self._call(client.indices.update_aliases, actions=actions)
        except Exception:
            self._call(self.client.indices.delete, index=name, ignore_unavailable=True)
            raise
        for index in old:
            if index != name:
                self._call(self.client.indices.delete, index=index, ignore_unavailable=True)
        return written

    def clear(self):
        """Deletes every index behind the alias (and a rebuild's), alias included."""
        for alias in (self.alias, self.building_alias):
            for index in self._indices_of(alias):
                self._call(self.client.indices.delete, index=index, ignore_unavailable=True)


def _index_actions(target, documents):
    for document in documents:
        yield {
            "_op_type": "index",
            "_index": target,
            "_id": document.key,
            "_source": PageDocument.prepare(document),
        }
