"""`manage.py search_index check|fix|rebuild|health`: prove and restore index = public.

check    compares every engine's index with what the public may see now; exits 1 on drift
fix      indexes what is missing or stale, removes what must not be there, retries pending
rebuild  rebuilds every engine from scratch while searches keep being answered
health   shows whether each engine is up and how many documents it holds
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from core.progress import Progress
from search import get_engine
from search.backends.base import SearchUnavailable
from search.indexing import all_documents
from search.models import PendingChange
from search.registry import visibility


class Command(BaseCommand):
    help = "Check, fix or rebuild the search index so that it holds exactly what is public."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "fix", "rebuild", "health"])
        parser.add_argument(
            "--engine",
            choices=["database", "elasticsearch"],
            help="Only this engine (default: the configured one and the database fallback).",
        )

    def handle(self, *args, action, engine=None, **options):
        self.engine = get_engine()
        self.backends = [
            backend for backend in self.engine.backends if engine in (None, backend.name)
        ]
        if not self.backends:
            raise CommandError(f"The {engine} engine is not in use; set SEARCH_ENGINE to use it.")
        getattr(self, f"do_{action}")()

    def do_health(self):
        for health in self.engine.health():
            state = "up" if health.is_healthy else "DOWN"
            documents = "?" if health.documents is None else health.documents
            self.stdout.write(f"{health.engine}: {state}, {documents} documents. {health.detail}")
        pending = self.engine.pending().count()
        self.stdout.write(f"Changes waiting for an engine that was down: {pending}")

    def differences(self):
        """(backend, documents to write, keys to remove) of each backend, reported."""
        pages = visibility().public_pages().count()
        progress = Progress(self.stdout.write, "Reading public pages", pages)
        expected = {document.key: document for document in all_documents(progress.advance)}
        progress.finish(f". {len(expected)} documents.")
        for backend in self.backends:
            try:
                actual = backend.state().fingerprints
            except SearchUnavailable as error:
                raise CommandError(f"{backend.name} is unavailable: {error}") from error
            missing = sorted(expected.keys() - actual.keys())
            both = expected.keys() & actual.keys()
            stale = sorted(key for key in both if actual[key] != expected[key].fingerprint())
            extra = sorted(actual.keys() - expected.keys())
            self.stdout.write(
                f"{backend.name}: {len(missing)} missing, {len(stale)} out of date, "
                f"{len(extra)} that must not be there."
            )
            differences = {"missing": missing, "out of date": stale, "not public": extra}
            for label, keys in differences.items():
                for key in keys[:20]:
                    self.stdout.write(f"    {label}: {key}")
                if len(keys) > 20:
                    self.stdout.write(f"    … and {len(keys) - 20} more {label}")
            yield backend, [expected[key] for key in missing + stale], extra

    def do_check(self):
        # A list, not a generator: every backend's differences are reported.
        drift = any([to_write or extra for _backend, to_write, extra in self.differences()])
        pending = self.engine.pending().count()
        if pending:
            self.stdout.write(f"{pending} changes are waiting for an engine that was down.")
        if drift:
            self.stderr.write("The search index does not match what is public; run `fix`.")
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("The search index matches what is public."))

    def do_fix(self):
        for backend, to_write, extra in self.differences():
            if extra:
                backend.remove_keys(extra)
            if to_write:
                progress = Progress(self.stdout.write, f"Indexing in {backend.name}", len(to_write))
                for start in range(0, len(to_write), 200):
                    backend.index(to_write[start : start + 200])
                    progress.update(min(start + 200, len(to_write)))
                progress.finish()
            if hasattr(backend, "recount_words"):
                backend.recount_words()
            PendingChange.objects.filter(engine=backend.name).delete()
        self.stdout.write(self.style.SUCCESS("The search index now matches what is public."))

    def do_rebuild(self):
        total = visibility().public_pages().count()
        for backend in self.backends:
            progress = Progress(self.stdout.write, f"Rebuilding {backend.name}", total * 2)
            written = self.engine.rebuild(progress=progress.update, backends=[backend])
            progress.finish(f". {written[backend.name]} documents.")
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
