"""Uncached pages stay cheap: each public page type answers in a fixed number of queries.

Every page type is read with N and then 3N things listed (cards with images, works with
versions, practices, related items), in Spanish and English, and must run the same number of
queries both times, within the budget. The first request of each address warms what every
later visitor finds ready (site root paths, content types, and the site-wide answers kept until
the next change: the site and its sections, its settings, the privacy rules); what is counted
is the second.
Renditions are made when an image is saved, so no request here makes one.
"""

# The builders of the knowledge tests are imported as fixtures, so their names are reused.
# ruff: noqa: F811

import datetime
import itertools

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from core.models import QuipuImage, StandardPage
from knowledge.models import (
    EventIndexPage,
    LessonIndexPage,
    PilotIndexPage,
    PilotTrackerPage,
    PublicationIndexPage,
    TrainingIndexPage,
)
from protocols_library.models import ProtocolLibraryPage, ProtocolVersion, ProtocolWorkPage
from tests import builders
from tests.knowledge.conftest import (  # noqa: F401
    make_document,
    make_event,
    make_image,
    make_lesson,
    make_material,
    make_pilot,
    make_practice,
    make_publication,
    sections,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Every page type answers in at most this many queries, whatever it lists.
BUDGET = 20

serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    """What is measured is the page being made, not the page cache answering for it."""
    settings.PAGE_CACHE_ENABLED = False


def queries_for(client, url):
    """(number of queries, response) of a visitor's request, after one request warmed the site."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


def assert_constant(client, urls_and_grow, kind):
    """Counts each address, grows what it lists from N to 3N, counts again: same, in budget."""
    urls, grow = urls_and_grow
    before = {url: queries_for(client, url)[0] for url in urls}
    grow()
    after = {url: queries_for(client, url)[0] for url in urls}
    assert after == before, f"{kind}: queries grew with the items listed: {before} -> {after}"
    worst = max(after.values())
    assert worst <= BUDGET, f"{kind}: {worst} queries, over the budget of {BUDGET}"
    return after


@pytest.fixture
def vocabulary():
    return {
        "health": builders.term("sector", "salud"),
        "piura": builders.term("region", "piura"),
        "audiences": [builders.term("audience"), builders.term("audience")],
    }


def new_section(home, model, name):
    n = next(serial)
    section = model(
        title_es=f"Sección {name} {n}",
        title_en=f"Section {name} {n}",
        slug_es=f"seccion-{name}-{n}",
        slug_en=f"section-{name}-{n}",
    )
    home.add_child(instance=section)
    return section


def urls_of(page):
    return [page.url_in(code) for code in LANGUAGES]


# Listings with image cards ---------------------------------------------------------------

LISTINGS = {
    "lessons": LessonIndexPage,
    "events": EventIndexPage,
    "pilots": PilotIndexPage,
    "training": TrainingIndexPage,
    "publications": PublicationIndexPage,
}


@pytest.mark.parametrize("kind", list(LISTINGS))
def test_listing_with_image_cards_runs_the_same_queries_for_n_and_3n_items(
    kind,
    client,
    home,
    vocabulary,
    make_image,
    make_lesson,
    make_event,
    make_pilot,
    make_material,
    make_publication,
):
    makers = {
        "lessons": make_lesson,
        "events": make_event,
        "pilots": make_pilot,
        "training": make_material,
        "publications": make_publication,
    }
    section = new_section(home, LISTINGS[kind], kind)

    def add(count):
        for _ in range(count):
            relations = {"sectors": [vocabulary["health"]], "regions": [vocabulary["piura"]]}
            if kind == "training":
                relations["audiences"] = vocabulary["audiences"]
            media = {"photos": [make_image()]} if kind == "events" else {"image": make_image()}
            makers[kind](section, relations=relations, revision=False, **media)

    add(2)
    assert_constant(client, (urls_of(section), lambda: add(4)), LISTINGS[kind].__name__)
    html = client.get(section.url_in("en")).content.decode()
    assert html.count('class="knowledge-card__image"') == 6
    assert 'type="image/webp"' not in html or "<picture>" in html


# Item pages: with their image, files and N then 3N related items --------------------------


def test_event_page_runs_the_same_queries_for_n_and_3n_photos_and_lessons(
    client, make_event, make_lesson, make_image
):
    event = make_event(photos=[make_image() for _ in range(2)])
    for _ in range(2):
        make_lesson(relations={"events": [event]})

    def grow():
        for _ in range(4):
            event.photos.add(type(event.photos.first())(image=make_image()))
            make_lesson(relations={"events": [event]})
        event.save_revision().publish()

    assert_constant(client, (urls_of(event), grow), "EventPage")
    html = client.get(event.url_in("es")).content.decode()
    assert html.count('<figure class="figure">') == 6


def test_lesson_page_runs_the_same_queries_for_n_and_3n_related_items(
    client, make_lesson, make_event, make_publication, make_image
):
    lesson = make_lesson(
        image=make_image(),
        relations={"events": [make_event() for _ in range(2)]},
    )

    def grow():
        lesson.events.add(*[make_event() for _ in range(4)])
        lesson.publications.add(*[make_publication() for _ in range(6)])
        lesson.save_revision().publish()

    assert_constant(client, (urls_of(lesson), grow), "LessonPage")


def test_lesson_update_runs_the_same_queries_for_2_and_8_published_revisions(
    client, make_lesson, make_event, make_publication, make_image, vocabulary
):
    """The "updated on" notice walks back through every revision published with the current
    note: with 2 and with 8 of them, the page runs the same queries, whether it is the first
    request after a publication or a later one."""
    related = {
        "events": [make_event() for _ in range(2)],
        "publications": [make_publication()],
        "sectors": [vocabulary["health"]],
    }
    with freeze_time("2020-01-10 15:00:00"):
        lesson = make_lesson(image=make_image(), relations=related)
    urls = urls_of(lesson)

    def publish(count, **fields):
        for _ in range(count):
            for name, value in fields.items():
                setattr(lesson, name, value)
            lesson.statement_en = f"Statement, reviewed {next(serial)} times."
            lesson.save_revision().publish()

    def counted():
        """(queries of the first request after one more publication, of a later request)."""
        publish(1)
        first = {}
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, url
            first[url] = len(captured)
        later = {url: queries_for(client, url)[0] for url in urls}
        return first, later

    with freeze_time("2021-03-05 15:00:00"):
        publish(1, change_note_es="Se añadió evidencia.", change_note_en="Added evidence.")
    assert lesson.latest_update().date == datetime.date(2021, 3, 5)
    # The first publication, the noted one, and one more: the walk reads three revisions.
    with_two = counted()
    publish(5)
    # Six more published with the same note: the walk reads nine.
    with_eight = counted()
    assert with_eight == with_two, f"queries grew with the revisions: {with_two} -> {with_eight}"
    assert max(with_eight[1].values()) <= BUDGET
    notice = client.get(lesson.url_in("en")).content.decode()
    assert "Added evidence." in notice
    assert lesson.latest_update().date == datetime.date(2021, 3, 5)


def test_training_page_runs_the_same_queries_for_n_and_3n_events(
    client, make_material, make_event, make_image, vocabulary
):
    material = make_material(image=make_image(), relations={"audiences": vocabulary["audiences"]})
    for _ in range(2):
        make_event(relations={"materials": [material]})

    def grow():
        for _ in range(4):
            make_event(relations={"materials": [material]})

    assert_constant(client, (urls_of(material), grow), "TrainingMaterialPage")


def test_training_page_runs_the_same_queries_for_n_and_3n_editions(
    client, make_material, make_document
):
    """The current address, an edition's permanent address, the history and the comparison."""
    material = make_material(documents=[make_document("es")], edition_date="2000-01-01")
    first = material.versions.get()
    builders.edition(
        material, edition_es="Edición 2", edition_date="2001-01-01", documents=[make_document()]
    )
    urls = [
        *urls_of(material),
        *(material.version_url(first, code) for code in LANGUAGES),
        *(material.route_url("history", code) for code in LANGUAGES),
        *(material.route_url("compare", code) for code in LANGUAGES),
    ]

    def grow():
        for number in range(3, 7):
            builders.edition(
                material,
                edition_es=f"Edición {number}",
                edition_date=f"{2000 + number}-01-01",
                documents=[make_document()],
            )

    assert_constant(client, (urls, grow), "TrainingMaterialPage editions")


def test_publication_page_runs_the_same_queries_for_n_and_3n_lessons(
    client, make_publication, make_lesson, make_image
):
    publication = make_publication(image=make_image())
    lessons = [make_lesson(relations={"publications": [publication]}) for _ in range(2)]
    assert lessons

    def grow():
        for _ in range(4):
            make_lesson(relations={"publications": [publication]})

    assert_constant(client, (urls_of(publication), grow), "PublicationPage")


def test_pilot_page_and_tracker_run_the_same_queries_for_n_and_3n_practices(
    client, home, make_pilot, make_practice, make_lesson, make_event, make_image, vocabulary
):
    section = new_section(home, PilotIndexPage, "pilotos")
    tracker = PilotTrackerPage(title_es="Seguimiento", title_en="Tracker", slug_es="seg")
    section.add_child(instance=tracker)
    lesson, trip = make_lesson(), make_event()

    def practice():
        return make_practice(sectors=[vocabulary["health"]], lesson=lesson, extension_events=[trip])

    pilot = make_pilot(
        section, image=make_image(), practices=[practice() for _ in range(2)], revision=False
    )

    def grow():
        for _ in range(4):
            item = practice()
            item.pilot = pilot
            item.save()

    assert_constant(client, (urls_of(pilot), grow), "PilotPage")
    assert_constant(client, (urls_of(tracker), grow), "PilotTrackerPage")


def test_content_page_runs_the_same_queries_for_n_and_3n_figures(client, home, make_image):
    """A body's figures read their images and renditions together, not one query per image,
    even when a size was never made (images stored before renditions were made on save)."""
    page = new_section(home, StandardPage, "contenido")

    def show(count):
        images = [make_image() for _ in range(count)]
        QuipuImage.get_rendition_model().objects.filter(
            image__in=images, filter_spec__startswith="width-960"
        ).delete()
        page.body = [("figure", {"image": image}) for image in images]
        page.save_revision().publish()

    show(2)
    assert_constant(client, (urls_of(page), lambda: show(6)), "StandardPage")
    html = client.get(page.url_in("en")).content.decode()
    assert html.count('<figure class="figure">') == 6
    assert html.count("<picture>") >= 6


# Protocols: the library, a work's pages, the home page ------------------------------------


def add_works(library, count):
    for _ in range(count):
        n = next(serial)
        work = ProtocolWorkPage(
            title_es=f"Protocolo {n}", title_en=f"Protocol {n}", slug_es=f"p-{n}", slug_en=f"p-{n}"
        )
        library.add_child(instance=work)
        work.sectors.set([builders.term("sector", "salud")])
        add_versions(work, 1)


def add_versions(work, count):
    for _ in range(count):
        n = next(serial)
        approved = datetime.date(2000, 1, 1) + datetime.timedelta(days=30 * n)
        ProtocolVersion.objects.create(
            page=work,
            label=f"v{n}",
            is_published=True,
            approval_date=approved,
            effective_date=approved + datetime.timedelta(days=10),
            approving_instrument_type="resolucion_ministerial",
            approving_instrument_number=f"{n:03d}-2020-MIMP",
        )


def test_library_and_home_run_the_same_queries_for_n_and_3n_works(client, home):
    library = new_section(home, ProtocolLibraryPage, "biblioteca")
    add_works(library, 2)
    assert_constant(
        client, (urls_of(library), lambda: add_works(library, 4)), "ProtocolLibraryPage"
    )
    assert_constant(client, (urls_of(home), lambda: add_works(library, 6)), "HomePage")


def test_work_pages_run_the_same_queries_for_n_and_3n_versions(client, home):
    library = new_section(home, ProtocolLibraryPage, "biblioteca")
    add_works(library, 1)
    work = ProtocolWorkPage.objects.child_of(library).get()
    add_versions(work, 1)
    versions = list(work.versions.order_by("approval_date"))
    urls = [
        url
        for code in LANGUAGES
        for url in (
            work.url_in(code),
            work.route_url("history", code),
            work.version_url(versions[0], code),
        )
    ]
    assert_constant(client, (urls, lambda: add_versions(work, 4)), "ProtocolWorkPage")


# Every page type -----------------------------------------------------------------------------


def test_every_public_page_type_is_within_its_budget_in_both_languages(client, home):
    from wagtail.models import Page

    from core.visibility import public_pages

    built = builders.every_page_type(home)
    seen, over = set(), []
    for page in public_pages(Page.objects.all()).specific().order_by("path"):
        kind = type(page).__name__
        if kind in seen or not hasattr(page, "url_in"):
            continue
        seen.add(kind)
        for url in urls_of(page):
            count, _response = queries_for(client, url)
            if count > BUDGET:
                over.append(f"{kind} {url}: {count} queries (budget {BUDGET})")
    assert seen == {type(page).__name__ for page in built.values()}
    assert over == [], "\n".join(over)


def test_no_rendition_is_made_while_a_page_is_read(client, make_event, make_image):
    event = make_event(photos=[make_image(), make_image()])
    rendition_model = QuipuImage.get_rendition_model()
    made = rendition_model.objects.count()
    for url in [*urls_of(event), *urls_of(event.get_parent().specific)]:
        assert client.get(url).status_code == 200
    assert rendition_model.objects.count() == made


# The editors' translation report and dashboard ----------------------------------------------


def test_translation_report_and_dashboard_run_the_same_queries_for_n_and_3n_pages(client, home):
    """Pages with nothing in English, pages whose Spanish changed after their English, pages
    and protocol versions with English to complete, addresses to offer: N, then 3N of each."""
    from django.urls import reverse

    editor = builders.user("editor")
    client.force_login(editor)
    work = builders.work()
    listed = []

    def add_translation_work(count):
        for _ in range(count):
            i = builders.n()
            missing = builders.standard_page(title_en="", slug_en="", intro_es=f"Texto {i}.")
            outdated = builders.standard_page(intro_es=f"Texto {i}.", intro_en=f"Text {i}.")
            outdated.intro_es = f"Texto {i}, revisado."
            outdated.save_revision().publish()
            half = builders.standard_page(slug_en="", intro_es=f"Sin inglés {i}.")
            effective = datetime.date(2000, 1, 1) + datetime.timedelta(days=i)
            version = builders.version(work, label=f"v{i}", effective=effective, sections_en=[])
            version.save_revision()
            listed.extend([missing.title_es, outdated.title_es, half.title_es, f"— v{i}"])

    urls = [reverse("quipu_translation_status"), reverse("wagtailadmin_home")]

    def counts():
        found = {}
        for url in urls:
            assert client.get(url).status_code == 200, url
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, url
            found[url] = len(captured)
        return found

    add_translation_work(2)
    before = counts()
    add_translation_work(4)
    after = counts()
    report = client.get(urls[0]).content.decode()
    assert all(text in report for text in listed), "the editor's report lacks what was added"
    assert after == before, f"queries grew with the pages listed: {before} -> {after}"
