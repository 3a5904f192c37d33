"""How often search puts what people expect where they look: hit@k on the judged queries.

Runs the judged queries (tests/search/judged/*.yaml by default) through the public search
page's own path - its form, the site language activated, the engine's `search` - and counts,
per engine and language, the queries whose expected items all appear within their top k
(hit@k). Every miss is listed with what came instead.

    .venv/bin/python bench/relevance.py                   # the configured engine
    .venv/bin/python bench/relevance.py --engine database --engine elasticsearch --min 95

It reads the site's own database and engines, as `manage.py` does (DATABASE_URL,
DJANGO_SETTINGS_MODULE: development settings unless told otherwise), with the demo loaded.

Expected items are named by what stays the same in the demo: a page's type and Spanish slug
("lesson/rectoria-mimp"), and for a version of a protocol, its label after an @
("protocolwork/protocolo-actuacion-conjunta-cem-eess@v1").
"""

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
JUDGED_DIR = ROOT / "tests" / "search" / "judged"
MAX_K = 10


@dataclass(frozen=True)
class Judgement:
    """One query as a person types it, on one language's site, and what must come back."""

    text: str
    language: str
    expect: tuple[str, ...]
    k: int
    versions: bool = False


@dataclass
class Outcome:
    judgement: Judgement
    found: list[str] = field(default_factory=list)
    total: int = 0
    fallback: bool = False

    @property
    def hit(self):
        top = set(self.found[: self.judgement.k])
        return all(item in top for item in self.judgement.expect)

    @property
    def missing(self):
        top = set(self.found[: self.judgement.k])
        return [item for item in self.judgement.expect if item not in top]


@dataclass
class Score:
    hits: int = 0
    total: int = 0

    @property
    def percent(self):
        return 100.0 * self.hits / self.total if self.total else 0.0

    def __str__(self):
        return f"{self.percent:5.1f} % ({self.hits}/{self.total})"


class JudgedError(Exception):
    """The judged files are missing or malformed, or a score is below the minimum."""


def load_judgements(directory=JUDGED_DIR):
    """Every judged query in the folder's YAML files, checked for shape."""
    judgements = []
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise JudgedError(f"No judged queries (*.yaml) in {directory}")
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        language = data["language"]
        if language not in dict(settings.LANGUAGES):
            raise JudgedError(f"{path.name}: unknown language {language!r}")
        for number, item in enumerate(data["queries"], 1):
            expect = item["expect"]
            expect = (expect,) if isinstance(expect, str) else tuple(expect)
            k = int(item.get("k", 5))
            if not item.get("q") or not expect or not 1 <= k <= MAX_K:
                raise JudgedError(f"{path.name}, query {number}: needs q, expect and 1 <= k <= 10")
            judgements.append(
                Judgement(
                    text=str(item["q"]),
                    language=language,
                    expect=expect,
                    k=k,
                    versions=bool(item.get("versions", False)),
                )
            )
    return judgements


def floors(directory=JUDGED_DIR):
    """The lowest hit@k (percent) accepted per engine and language, from the folder's FLOOR."""
    path = Path(directory) / "FLOOR"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


class ItemNames:
    """Names hits as the judged files name items: type/slug in the default language (Spanish),
    and @label for a version."""

    def __init__(self):
        self.pages = {}
        self.variants = {}

    def __call__(self, hit):
        kind, _sep, number = hit.object_key.partition(":")
        if kind != "page" or not number.isdigit():
            return hit.key
        name = self._page(int(number))
        parts = hit.key.split(":")
        variant = parts[2] if len(parts) > 3 else ""
        if variant:
            name += "@" + self._variant(int(number), variant)
        return name

    def _page(self, page_id):
        if page_id not in self.pages:
            from wagtail.models import Page

            page = Page.objects.filter(pk=page_id).first()
            if page is None:
                self.pages[page_id] = f"page/{page_id}"
            else:
                page = page.specific
                model = type(page).__name__.lower().removesuffix("page")
                with translation.override(settings.LANGUAGE_CODE):
                    slug = page.slug
                self.pages[page_id] = f"{model}/{slug}"
        return self.pages[page_id]

    def _variant(self, page_id, variant):
        """The name people give a variant (a version's label), as the page's index says."""
        if (page_id, variant) not in self.variants:
            from wagtail.models import Page

            from search.adapters import adapter_for

            page = Page.objects.filter(pk=page_id).first()
            page = page.specific if page is not None else None
            label = adapter_for(page).variant_label(page, variant) if page else variant
            self.variants[page_id, variant] = label
        return self.variants[page_id, variant]


def ask(engine, judgement):
    """The first page of results the public search page shows for this query, as item names."""
    from search.forms import SearchForm

    params = {"q": judgement.text}
    if judgement.versions:
        params["versions"] = "on"
    with translation.override(judgement.language):
        query = SearchForm(params).search_query(judgement.language)
        return engine.search(query)


def evaluate(engine, judgements, names=None):
    """An Outcome per judgement, asked of `engine` (a search.engine.SearchEngine)."""
    names = names or ItemNames()
    outcomes = []
    for judgement in judgements:
        results = ask(engine, judgement)
        # What the page lists: the results for all the words, then those for some of them.
        hits = [*results.hits, *(results.partial.hits if results.partial else [])]
        outcomes.append(
            Outcome(
                judgement,
                found=[names(hit) for hit in hits],
                total=results.total,
                fallback=results.is_fallback,
            )
        )
    return outcomes


def scores(outcomes):
    """{language: Score} and the overall Score."""
    by_language = {}
    overall = Score()
    for outcome in outcomes:
        score = by_language.setdefault(outcome.judgement.language, Score())
        for tally in (score, overall):
            tally.total += 1
            tally.hits += outcome.hit
    return by_language, overall


def report(engine_name, outcomes, write):
    """The figures and every miss, as lines of text."""
    by_language, overall = scores(outcomes)
    write(f"Engine {engine_name}: hit@k")
    for language, score in sorted(by_language.items()):
        write(f"  {language}: {score}")
    write(f"  overall: {overall}")
    misses = [outcome for outcome in outcomes if not outcome.hit]
    if misses:
        write(f"  Misses ({len(misses)}):")
    for outcome in misses:
        judgement = outcome.judgement
        flags = " [versions]" if judgement.versions else ""
        write(f"  - /{judgement.language}/ {judgement.text!r}{flags}: {outcome.total} results")
        write(f"      expected in top {judgement.k}: {', '.join(outcome.missing)}")
        top = outcome.found[: judgement.k]
        write(f"      top {judgement.k}: {', '.join(top) if top else '(nothing)'}")
    if any(outcome.fallback for outcome in outcomes):
        write(f"  Warning: {engine_name} did not answer some queries; the database engine did.")


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--engine",
        action="append",
        choices=sorted(settings.SEARCH_BACKENDS),
        help="Engine to score (repeat for several); default: the configured one.",
    )
    parser.add_argument(
        "--queries", default=str(JUDGED_DIR), help="Folder of judged query files (*.yaml)."
    )
    parser.add_argument(
        "--min",
        type=float,
        default=None,
        help="Exit with an error when any engine and language scores below this percent.",
    )
    parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES])
    return parser.parse_args(argv)


def main(argv=None):
    """Scores each engine asked for; the problems found, none when every score is enough."""
    from search import get_engine

    options = arguments(argv)
    judgements = load_judgements(options.queries)
    if options.language:
        judgements = [j for j in judgements if j.language == options.language]
    names = ItemNames()
    failures = []
    for engine_name in options.engine or [settings.SEARCH_ENGINE]:
        outcomes = evaluate(get_engine(engine_name), judgements, names)
        report(engine_name, outcomes, print)
        by_language, _overall = scores(outcomes)
        if any(outcome.fallback for outcome in outcomes):
            failures.append(f"{engine_name} did not answer every query itself")
        if options.min is not None:
            failures += [
                f"{engine_name} {language}: {score.percent:.1f} % < {options.min} %"
                for language, score in sorted(by_language.items())
                if score.percent < options.min
            ]
    return failures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    try:
        problems = main()
    except JudgedError as error:
        problems = [str(error)]
    if problems:
        sys.exit("; ".join(problems))
