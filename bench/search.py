"""Search benchmark: indexing speed and query latency, engine by engine, on one corpus.

    .venv/bin/python bench/search.py                      # 10,000 items, every engine
    .venv/bin/python bench/search.py --items 100000
    .venv/bin/python bench/search.py --engines database,wagtail
    .venv/bin/python bench/search.py --postgres postgres://quipu:quipu@127.0.0.1:5432/quipu

It builds a bilingual synthetic corpus shaped like the demo content (lessons, events,
training materials, publications, pilots and versioned protocols; sentences taken from the
demo's own texts, a long tail of rarer words, taxonomy, dates, attached files, pages not yet
translated), indexes it in a throwaway database (and Elasticsearch index), and runs a fixed
mix of queries, facets always on. Wagtail's built-in database search indexes the same text
(as documents: title, and the rest as extracted text) for comparison.

Nothing of the site's own data is touched: the database is a temporary SQLite file (or a
temporary PostgreSQL database) and the Elasticsearch index is named bench_*.
"""

import argparse
import contextlib
import datetime
import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = [
    ("lesson", 30),
    ("event", 25),
    ("training", 15),
    ("publication", 10),
    ("pilot", 5),
    ("protocol", 15),
]
TITLES = {
    "lesson": (
        "Lección aprendida: {topic} en {region} ({year})",
        "Lesson learned: {topic_en} in {region_en} ({year})",
    ),
    "event": (
        "Taller regional sobre {topic} con {institution} ({region}, {year})",
        "Regional workshop on {topic_en} with {institution_en} ({region_en}, {year})",
    ),
    "training": (
        "Módulo de capacitación: {topic} para operadores de {sector}",
        "Training module: {topic_en} for {sector_en} operators",
    ),
    "publication": (
        "Informe {year}: {topic} y la respuesta de {institution}",
        "Report {year}: {topic_en} and the response of {institution_en}",
    ),
    "pilot": (
        "Piloto multisectorial de {topic} en {region}",
        "Multisectoral pilot on {topic_en} in {region_en}",
    ),
    "protocol": (
        "Protocolo de {topic} del {institution}",
        "Protocol on {topic_en} of the {institution_en}",
    ),
}
DETAIL = (
    "En {a} se registraron {n} casos atendidos por el equipo de {b} y {c}.",
    "In {a}, {n} cases were handled by the {b} and {c} team.",
)
FILE_NOTE = (
    "Anexo {n}: actas de las reuniones de {a}, con la relación de participantes de {b}.",
    "Annex {n}: minutes of the {a} meetings, with the list of participants from {b}.",
)
SYLLABLES = "ba be bi bo bu ca co cu cha che chi da de di do du fa fe fi ga go gu ha hua hue ja je ji la le li lo lu ma me mi mo mu na ne ni no nu ña pa pe pi po pu qui ra re ri ro ru sa se si so su ta te ti to tu ya yu za zo".split()

# (language, text, options) — common and rare words, accents left out or mistyped,
# acronyms from the glossary, phrases, filters, earlier versions, date sort, page 2.
QUERIES = [
    ("es", "violencia", {}),
    ("es", "capacitacion", {}),
    ("es", "Capacitaciòn de operadores", {}),
    ("es", "protocolos", {}),
    ("es", "GBV", {}),
    ("es", "ROF Piura", {}),
    ("es", "atención integral", {}),
    ("es", "feminicidio Huancayo", {}),
    ("es", '"establecimientos de salud"', {}),
    ("es", "coordinación intersectorial Ayacucho", {}),
    ("es", "{rare}", {}),
    ("es", "capacitasion", {}),
    ("es", "CEM", {"sector": ("salud",)}),
    ("es", "violencia", {"region": ("ayacucho", "piura"), "year_from": 2018, "year_to": 2020}),
    ("es", "protocolo", {"versions": True, "status": ("superseded",)}),
    ("es", "lecciones", {"sort": "date", "page": 2}),
    ("en", "gender-based violence", {}),
    ("en", "training", {}),
    ("en", "protocols", {}),
    ("en", "VBG", {}),
    ("en", "femicide Arequipa", {}),
    ("en", "Women's Emergency Centre", {}),
    ("en", "{rare}", {}),
    ("en", "health facilities", {"topic": ("atencion",)}),
]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000, help="items (pages) to generate")
    parser.add_argument(
        "--engines",
        default="database,elasticsearch,wagtail",
        help="comma-separated: database, elasticsearch, wagtail",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument(
        "--wagtail-budget",
        type=float,
        default=600,
        help="seconds Wagtail's built-in search may spend on queries (it is slow)",
    )
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--postgres", help="PostgreSQL URL: the database engine runs there")
    parser.add_argument(
        "--elasticsearch", default=os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="latency of every query, first asking and asked again",
    )
    return parser.parse_args()


# Corpus


def sentences(text):
    return [part.strip() for part in re.split(r"(?<=[.;:])\s+", text) if len(part.split()) > 3]


def demo_content():
    """The foundation demo's words (the records of core/demo/data/foundation.yaml) as rows of
    values, in the order the corpus draws from them."""
    from types import SimpleNamespace

    from core.demo.records import declared

    def rows(label, *fields):
        return [tuple(row[field] for field in fields) for row in declared(label)]

    glossary_fields = ("term", "expansion", "definition", "synonyms")
    report = next(row for row in declared("core.StandardPage") if "body_es" in row)
    return SimpleNamespace(
        LESSONS=[
            (row["slug_es"], row["statement_es"], row["statement_en"])
            for row in declared("knowledge.LessonPage")
        ],
        INTRO_ES=report["intro_es"],
        INTRO_EN=report["intro_en"],
        CAPTIONS=[
            (row["file"]["key"], row["caption_es"], row["caption_en"])
            for row in declared("core.QuipuImage")
        ],
        GLOSSARY=rows(
            "core.GlossaryTerm",
            "slug",
            *(f"{name}_{language}" for name in glossary_fields for language in ("es", "en")),
        ),
        SECTORS=rows("core.Sector", "slug", "name_es", "name_en"),
        REGIONS=rows("core.Region", "slug", "ubigeo", "name_es", "name_en"),
        TOPICS=rows("core.Topic", "slug", "name_es", "name_en"),
        INSTITUTIONS=[
            (
                row["slug"],
                row["acronym_es"],
                row["acronym_en"],
                row["name_es"],
                row["name_en"],
                (row["sector"] or {}).get("slug"),
            )
            for row in declared("core.Institution")
        ],
    )


class Corpus:
    """A deterministic bilingual corpus: the same seed gives the same documents."""

    def __init__(self, items, seed):
        content = demo_content()
        self.items = items
        self.seed = seed
        self.generating = 0.0
        self.content = content
        self.spanish = [s for lesson in content.LESSONS for s in sentences(lesson[1])]
        self.spanish += sentences(content.INTRO_ES) + [c[1] for c in content.CAPTIONS]
        self.spanish += [row[5] for row in content.GLOSSARY]
        self.english = [s for lesson in content.LESSONS for s in sentences(lesson[2])]
        self.english += sentences(content.INTRO_EN) + [c[2] for c in content.CAPTIONS]
        self.english += [row[6] for row in content.GLOSSARY]
        counts = {}
        for text in self.spanish + self.english:
            for word in re.findall(r"\w+", text):
                counts[word] = counts.get(word, 0) + 1
        # The demo's own words, most frequent first, for filler sentences drawn Zipf-like.
        self.common = sorted(counts, key=lambda word: (-counts[word], word))
        rng = random.Random(seed)
        self.rare = sorted(
            {
                "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5)))
                for _ in range(30_000)
            }
        )
        self.kinds = [kind for kind, weight in KINDS for _ in range(weight)]

    def rare_word(self, rng):
        # Zipf-like: a few rare words are common, most appear a handful of times.
        return self.rare[min(int(rng.paretovariate(1.1)) - 1, len(self.rare) - 1)]

    def filler(self, rng):
        """A sentence of demo words and rarer words, as varied as real reports are."""
        words = []
        for _ in range(rng.randint(8, 14)):
            if rng.random() < 0.6:
                words.append(
                    self.common[min(int(rng.paretovariate(0.9)) - 1, len(self.common) - 1)]
                )
            else:
                words.append(self.rare_word(rng))
        return " ".join(words).capitalize() + "."

    def documents(self):
        """Every SearchDocument of the corpus, item by item.

        Time spent generating is added to `generating`, so that indexing speed counts only
        the engine's own work.
        """
        for number in range(self.items):
            started = time.perf_counter()
            documents = list(self.item(number))
            self.generating += time.perf_counter() - started
            yield from documents

    def item(self, number):
        from search.documents import Attachment, SearchDocument

        rng = random.Random(f"{self.seed}-{number}")
        content = self.content
        kind = rng.choice(self.kinds)
        sector = rng.choice(content.SECTORS)
        region = rng.choice(content.REGIONS)
        topic = rng.choice(content.TOPICS)
        institution = rng.choice(content.INSTITUTIONS)
        year = rng.randint(2015, 2024)
        date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        names = {
            "topic": topic[1].lower(),
            "topic_en": topic[2].lower(),
            "region": region[2],
            "region_en": region[3],
            "sector": sector[1].lower(),
            "sector_en": sector[2].lower(),
            "institution": institution[1],
            "institution_en": institution[2],
            "year": year,
        }
        taxonomy = {
            "sector": tuple({sector[0], rng.choice(content.SECTORS)[0]}),
            "region": (region[0],),
            "institution": (institution[0],),
            "topic": tuple({topic[0], rng.choice(content.TOPICS)[0]}),
        }
        translated = rng.random() < 0.7
        body_picks = [rng.randrange(len(self.spanish)) for _ in range(rng.randint(2, 4))]
        fillers = [self.filler(rng) for _ in range(rng.randint(3, 8))]
        detail = {
            "a": self.rare_word(rng),
            "b": self.rare_word(rng),
            "c": self.rare_word(rng),
            "n": rng.randint(2, 400),
        }
        has_file = rng.random() < 0.35
        file_picks = [rng.randrange(len(self.spanish)) for _ in range(rng.randint(4, 10))]
        file_fillers = [self.filler(rng) for _ in range(rng.randint(20, 60))]
        versions = rng.randint(1, 2) if kind == "protocol" else 0
        for language in ("es", "en"):
            spanish_text = language == "es" or not translated
            pool = self.spanish if spanish_text else self.english
            index = 0 if spanish_text else 1
            title = TITLES[kind][index].format(**names)
            body = " ".join(pool[pick % len(pool)] for pick in body_picks)
            body += " " + " ".join(fillers) + " " + DETAIL[index].format(**detail)
            attachments = []
            if has_file:
                file_pool = self.spanish if language == "es" else self.english
                text = " ".join(file_pool[pick % len(file_pool)] for pick in file_picks)
                text += (
                    " "
                    + " ".join(file_fillers)
                    + " "
                    + FILE_NOTE[0 if language == "es" else 1].format(**detail)
                )
                attachments.append(
                    Attachment(
                        document_id=number,
                        title=title[:80],
                        url=f"/documents/{number}/{language}.pdf",
                        language=language,
                        extension="pdf",
                        text=text,
                    )
                )
            text_language = "es" if spanish_text else "en"
            common = {
                "object_key": f"page:{number + 1}",
                "language": language,
                "kind": kind,
                "title_language": text_language,
                "summary": pool[body_picks[0] % len(pool)],
                "body": body,
                "attachments": attachments,
                "facets": taxonomy,
            }
            yield SearchDocument(
                url=f"/{language}/bench/{number}/",
                title=title,
                date=date,
                status="in_force" if kind == "protocol" else "",
                **common,
            )
            for version in range(versions):
                yield SearchDocument(
                    url=f"/{language}/bench/{number}/v{version}/",
                    title=f"{title} (v{version + 1})",
                    date=date - datetime.timedelta(days=365 * (version + 1)),
                    status="superseded",
                    is_current=False,
                    variant=f"v{version}",
                    **common,
                )

    def queries(self):
        rng = random.Random(self.seed)
        rare = [self.rare_word(rng) for _ in range(8)]
        prepared = []
        for position, (language, text, options) in enumerate(QUERIES):
            prepared.append((language, text.replace("{rare}", rare[position % len(rare)]), options))
        return prepared


# Engines


def setup_django(args, workdir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["SEARCH_AUTOSYNC"] = "false"
    if args.postgres:
        os.environ["DATABASE_URL"] = create_postgres_database(args.postgres)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    print("Creating a throwaway database…", flush=True)
    # wagtail-modeltranslation's migrate prints the SQL it runs, whatever the verbosity.
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", verbosity=0, interactive=False)
    print(f"    ready in {time.monotonic() - started:.0f} s", flush=True)


def create_postgres_database(url):
    import psycopg

    name = f"quipu_bench_{os.getpid()}"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def drop_postgres_database(url):
    import psycopg
    from django.db import connections

    connections.close_all()
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def search_query(language, text, options, synonyms):
    from dataclasses import replace

    from search.query import Filters, SearchQuery
    from search.synonyms import expand

    filters = Filters(
        **{
            name: options[name]
            for name in ("sector", "region", "topic", "status")
            if name in options
        },
        year_from=options.get("year_from"),
        year_to=options.get("year_to"),
    )
    query = SearchQuery(
        text=text,
        language=language,
        filters=filters,
        sort=options.get("sort", "relevance"),
        page=options.get("page", 1),
        include_versions=options.get("versions", False),
    )
    return replace(query, clauses=expand(query.clauses, synonyms[language], language))


class QuipuEngine:
    """One of Quipu's own backends, driven as the search page drives it."""

    def __init__(self, label, backend):
        self.label = label
        self.backend = backend

    def index(self, corpus):
        count = 0

        def documents():
            nonlocal count
            for document in corpus.documents():
                count += 1
                yield document

        self.backend.rebuild(documents())
        return count

    def prepare(self, queries):
        from search.synonyms import SynonymIndex

        content = demo_content()
        groups = []
        for row in content.GLOSSARY:
            _slug, term_es, term_en, exp_es, exp_en, _def_es, _def_en, syn_es, syn_en = row
            group = [(term_es, ("es",)), (term_en, ("en",)), (exp_es, ("es",)), (exp_en, ("en",))]
            group += [(name, ("es",)) for name in syn_es.split(",") if name.strip()]
            group += [(name, ("en",)) for name in syn_en.split(",") if name.strip()]
            groups.append(group)
        synonyms = {language: SynonymIndex.build(groups, language) for language in ("es", "en")}
        return [
            search_query(language, text, options, synonyms) for language, text, options in queries
        ]

    def run(self, query):
        results = self.backend.search(query)
        return results.total

    def start(self):
        """What a worker does before it serves (config/gunicorn.py): the database engine
        loads its bitmaps of facet values."""
        bitmaps = bitmaps_of(self.backend)
        if bitmaps is not None:
            bitmaps.current()

    def forget_answers(self):
        """Drops what the engine kept of earlier queries' answers (the database engine's
        matches of common words), as after a write, so the next query is asked afresh."""
        kept = getattr(bitmaps_of(self.backend), "matches", None)
        if kept is not None:
            kept.clear()

    def close(self):
        pass


def bitmaps_of(backend):
    try:
        from search.bitmaps import bitmaps_for
    except ImportError:
        return None
    return bitmaps_for(backend.using)


class ElasticsearchEngine(QuipuEngine):
    def start(self):
        pass

    def forget_answers(self):
        """Drops the node's request cache (counts and pages of hits), as a change does."""
        self.backend.client.indices.clear_cache(index=self.backend.alias, request=True)

    def close(self):
        self.backend.clear()


class QueryTooSlow(Exception):
    """A query that did not finish within the engine's time budget."""


class WagtailEngine:
    """Wagtail's built-in database search over the same text, stored as documents.

    It takes seconds per query on large corpora, so each query runs once, within a budget.
    """

    label = "wagtail (built-in database)"
    repeat = 1

    def __init__(self, budget):
        self.budget = budget

    def index(self, corpus):
        from wagtail.models import Collection
        from wagtail.search.backends import get_search_backend

        from core.models import QuipuDocument

        collection = Collection.get_first_root_node()
        backend = get_search_backend()
        count = 0
        batch = []

        def flush():
            created = QuipuDocument.objects.bulk_create(batch)
            backend.add_bulk(QuipuDocument, created)
            batch.clear()

        for document in corpus.documents():
            text = " ".join(
                [document.summary, document.body, *(item.text for item in document.attachments)]
            )
            batch.append(
                QuipuDocument(
                    title=document.title[:255],
                    title_es=document.title[:255],
                    file=f"documents/bench-{count}.pdf",
                    collection=collection,
                    language=document.language,
                    extracted_text=text,
                    has_searchable_text=True,
                    sha256=uuid.uuid4().hex,
                )
            )
            count += 1
            if len(batch) >= 500:
                flush()
        if batch:
            flush()
        return count

    def prepare(self, queries):
        return [(language, text, options) for language, text, options in queries]

    def run(self, query):
        """One search; on SQLite a query running past the budget is interrupted."""
        import threading

        from django.db import connection

        from core.models import QuipuDocument

        language, text, options = query
        timer = None
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            timer = threading.Timer(self.budget, connection.connection.interrupt)
            timer.start()
        try:
            results = QuipuDocument.objects.filter(language=language).search(text, operator="and")
            start = (options.get("page", 1) - 1) * 10
            list(results[start : start + 10])
            results.facet("collection_id")
            return results.count()
        except Exception as error:
            if "interrupted" not in str(error):
                raise
            raise QueryTooSlow(self.budget) from error
        finally:
            if timer:
                timer.cancel()

    def close(self):
        pass


# Measuring


def percentile(values, fraction):
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[position]


def measure(engine, corpus, args):
    print(f"\n{engine.label}", flush=True)
    corpus.generating = 0.0
    started = time.monotonic()
    documents = engine.index(corpus)
    elapsed = time.monotonic() - started - corpus.generating
    print(
        f"    indexed {documents:,} documents ({corpus.items:,} items) in {elapsed:.1f} s "
        f"(not counting {corpus.generating:.1f} s spent generating them)",
        flush=True,
    )
    queries = engine.prepare(corpus.queries())
    if hasattr(engine, "start"):
        started = time.monotonic()
        engine.start()
        print(f"    started as a worker does in {time.monotonic() - started:.1f} s", flush=True)
    first = []
    if not getattr(engine, "budget", None):
        # Each query's first asking: nothing kept from an earlier answer (the engine's caches
        # dropped before each), as after an editor's change. This also warms the process.
        for query in queries:
            engine.forget_answers()
            started_query = time.perf_counter()
            engine.run(query)
            first.append((time.perf_counter() - started_query) * 1000)
        # Then each once more, untimed, so the timed runs below are queries asked again.
        for query in queries:
            engine.run(query)
    latencies, per_query = [], []
    repeat = getattr(engine, "repeat", None) or args.repeat
    budget_ends = time.monotonic() + (getattr(engine, "budget", None) or float("inf"))
    for query, (language, text, options) in zip(queries, corpus.queries(), strict=True):
        if time.monotonic() > budget_ends:
            print(f"    time budget spent: [{language}] {text} and later queries not run")
            break
        samples = []
        for _ in range(repeat):
            started_query = time.perf_counter()
            try:
                total = engine.run(query)
            except QueryTooSlow as error:
                print(f"    over {error.args[0]:.0f} s, stopped: [{language}] {text}")
                samples.append(error.args[0] * 1000)
                total = None
                budget_ends = 0
                break
            samples.append((time.perf_counter() - started_query) * 1000)
        latencies += samples
        per_query.append((language, text, options, total, statistics.median(samples)))
    if args.verbose:
        print("    first ms  again ms    total  query")
        for index, (language, text, options, total, median) in enumerate(per_query):
            asked = f"{first[index]:8.1f}" if first else "       -"
            count = "?" if total is None else f"{total:,}"
            print(f"    {asked}  {median:8.1f}  {count:>7}  [{language}] {text} {options or ''}")
    return {
        "engine": engine.label,
        "documents": documents,
        "docs_per_second": documents / elapsed,
        "items_per_second": corpus.items / elapsed,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies),
        "queries": len(per_query),
        "first_p50": percentile(first, 0.50) if first else None,
        "first_p95": percentile(first, 0.95) if first else None,
        "first_max": max(first) if first else None,
    }


def engines(args):
    from django.db import connection

    from search.backends.database import DatabaseSearchBackend

    chosen = [name.strip() for name in args.engines.split(",") if name.strip()]
    built = []
    for name in chosen:
        if name == "database":
            built.append(
                QuipuEngine(f"quipu database ({connection.vendor})", DatabaseSearchBackend())
            )
        elif name == "elasticsearch":
            from search.backends.elasticsearch import ElasticsearchSearchBackend

            backend = ElasticsearchSearchBackend(
                url=args.elasticsearch,
                index=f"bench_quipu_{os.getpid()}",
                timeout=30,
                bulk_timeout=120,
            )
            try:
                backend.client.info()
            except Exception as error:
                print(f"Elasticsearch is not reachable at {args.elasticsearch}: {error}")
                continue
            built.append(ElasticsearchEngine("quipu elasticsearch", backend))
        elif name == "wagtail":
            built.append(WagtailEngine(args.wagtail_budget))
        else:
            raise SystemExit(f"Unknown engine: {name}")
    return built


def main():
    args = arguments()
    with tempfile.TemporaryDirectory(prefix="quipu-bench-") as directory:
        setup_django(args, Path(directory))
        try:
            corpus = Corpus(args.items, args.seed)
            rows = []
            for engine in engines(args):
                try:
                    rows.append(measure(engine, corpus, args))
                finally:
                    engine.close()
        finally:
            if args.postgres:
                from django.conf import settings

                drop_postgres_database(
                    settings.DATABASES["default"]["NAME"] and os.environ["DATABASE_URL"]
                )
    print(f"\n{args.items:,} items, {len(QUERIES)} queries, {args.repeat} runs each, facets on")
    print(
        "first: each query asked once with the engine's kept answers dropped before it;"
        " then p50/p95/max over the repeated runs\n"
    )
    header = (
        f"{'engine':30} {'documents':>10} {'docs/s':>9} {'items/s':>9} "
        f"{'first p50':>10} {'first p95':>10} {'first max':>10} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        first = (
            "".join(f"{row[key]:>11.1f}" for key in ("first_p50", "first_p95", "first_max"))
            if row["first_p50"] is not None
            else f"{'-':>11}" * 3
        )
        print(
            f"{row['engine']:30} {row['documents']:>10,} {row['docs_per_second']:>9,.0f} "
            f"{row['items_per_second']:>9,.0f}{first} {row['p50']:>8.1f} {row['p95']:>8.1f} "
            f"{row['max']:>8.1f} {row['queries']:>8}"
        )


if __name__ == "__main__":
    main()
