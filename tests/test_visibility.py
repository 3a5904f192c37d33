"""The visibility table: every kind of hidden thing, asked through every public channel.

Each test builds its own hidden things (one of each kind, each holding a word nothing else on
the site holds), then asks every channel and expects the same answer: not shown. Channels:
the page's address, its section listing, a related box, the API (pages, documents, images),
the sitemap, downloads, image files, training ZIPs, search (hits, totals, suggestions,
autocomplete) on the database engine and on Elasticsearch, and search promotions. Runs on
SQLite and PostgreSQL (whichever DATABASE_URL names) and against a real Elasticsearch.
"""

import datetime
import io
import uuid
import zipfile
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from core import visibility
from core.models import QuipuDocument, QuipuImage, StandardPage
from knowledge.models import (
    LessonIndexPage,
    LessonPage,
    PublicationIndexPage,
    PublicationPage,
    TrainingIndexPage,
    TrainingMaterialPage,
)
from tests import builders, files
from tests.conftest import require_service

pytestmark = pytest.mark.django_db

LETTERS = str.maketrans("0123456789", "ghijklmnop")


def new_word():
    """A word no other content holds (letters only, as search's spelling words are)."""
    return "quipuvis" + uuid.uuid4().hex[:8].translate(LETTERS)


@dataclass
class Hidden:
    """One hidden thing: the word only it holds, and what the public must not reach."""

    kind: str
    word: str
    page: object = None
    page_statuses: tuple = (404,)
    documents: list = field(default_factory=list)
    images: list = field(default_factory=list)
    # Pages where the word must not appear although the page itself is public.
    public_pages: list = field(default_factory=list)
    # Addresses that must answer 404 (a draft version's own address).
    extra_urls: list = field(default_factory=list)


class World:
    """The public scaffolding the hidden things hang from."""

    def __init__(self, home, capture):
        self.home = home
        self.capture = capture
        root = Collection.get_first_root_node()
        self.private_collection = root.add_child(name=f"Reservado {uuid.uuid4().hex[:6]}")
        CollectionViewRestriction.objects.create(
            collection=self.private_collection, restriction_type="login"
        )
        self.public_collection = root
        suffix = uuid.uuid4().hex[:6]
        self.lessons = LessonIndexPage(title_es="Lecciones de prueba", slug_es=f"lec-{suffix}")
        home.add_child(instance=self.lessons)
        self.publish(self.lessons)
        publications = PublicationIndexPage(
            title_es="Publicaciones de prueba", slug_es=f"pub-{suffix}"
        )
        home.add_child(instance=publications)
        self.publish(publications)
        # A public page whose "Lessons learned" box lists the lessons linked to it.
        self.anchor = PublicationPage(
            title_es="Informe ancla",
            slug_es=f"informe-{suffix}",
            intro_es="Informe público de prueba.",
            publication_date=datetime.date(2020, 1, 1),
        )
        publications.add_child(instance=self.anchor)
        self.publish(self.anchor)
        self.hidden = []

    def publish(self, page):
        with self.capture(execute=True):
            page.save_revision().publish()
        return page

    def document(self, word, collection=None):
        document = QuipuDocument(
            title_es=f"Archivo {word}",
            collection=collection or self.public_collection,
            language="es",
        )
        document.file.save(f"{word}.pdf", ContentFile(files.pdf_with_text(word)), save=False)
        with self.capture(execute=True):
            document.save()
        return document

    def image(self, word, collection):
        image = QuipuImage(
            title_es=f"Imagen {word}", caption_es=f"Leyenda {word}", collection=collection
        )
        image.file = ImageFile(io.BytesIO(files.png()), name=f"{word}.png")
        image._set_image_file_metadata()
        image.save()
        return image

    def lesson(self, word, **fields):
        lesson = LessonPage(
            title_es=f"Lección {word}",
            # Not the word: the address is echoed by the language switcher of a 404 page.
            slug_es=f"leccion-{uuid.uuid4().hex[:10]}",
            statement_es=f"Enunciado con {word}.",
            date=datetime.date(2021, 5, 1),
            **fields,
        )
        self.lessons.add_child(instance=lesson)
        return lesson

    def link_to_anchor(self, lesson):
        lesson.publications.add(self.anchor)


# Builders: one per hidden kind --------------------------------------------------------------


def build_draft(world):
    word = new_word()
    document = world.document(word)
    lesson = world.lesson(word, live=False, source_document=document)
    world.link_to_anchor(lesson)
    with world.capture(execute=True):
        lesson.save_revision()
    lesson.save()
    return Hidden("draft", word, page=lesson, documents=[document])


def build_unpublished(world):
    word = new_word()
    lesson = world.lesson(word)
    world.link_to_anchor(lesson)
    world.publish(lesson)
    with world.capture(execute=True):
        lesson.unpublish()
    return Hidden("unpublished", word, page=lesson)


def build_scheduled(world):
    word = new_word()
    lesson = world.lesson(word, live=False)
    world.link_to_anchor(lesson)
    lesson.go_live_at = timezone.now() + datetime.timedelta(days=3)
    with world.capture(execute=True):
        lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert not lesson.live
    return Hidden("scheduled", word, page=lesson)


def build_expired(world):
    """Past its expiry date, before the scheduler has unpublished it (still indexed)."""
    word = new_word()
    lesson = world.lesson(word)
    world.link_to_anchor(lesson)
    world.publish(lesson)
    LessonPage.objects.filter(pk=lesson.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    lesson.refresh_from_db()
    return Hidden("expired", word, page=lesson)


def build_restricted(restriction_type, statuses):
    def build(world):
        word = new_word()
        lesson = world.lesson(word)
        world.link_to_anchor(lesson)
        world.publish(lesson)
        with world.capture(execute=True):
            restriction = PageViewRestriction.objects.create(
                page=lesson, restriction_type=restriction_type, password="clave-de-prueba"
            )
            if restriction_type == "groups":
                from django.contrib.auth.models import Group

                restriction.groups.add(Group.objects.create(name=f"Equipo {word}"))
        return Hidden(
            f"restricted by {restriction_type}", word, page=lesson, page_statuses=statuses
        )

    return build


def build_private_collection(world):
    """A public page that links a private file and shows a private image."""
    word = new_word()
    document = world.document(word, world.private_collection)
    image = world.image(word, world.private_collection)
    page = StandardPage(
        title_es="Página pública con archivo reservado",
        slug_es=f"publica-{word[-8:]}",
        body_es=[
            {"type": "paragraph", "value": "<p>Texto público.</p>"},
            {"type": "document", "value": {"document": document.pk}},
            {"type": "figure", "value": {"image": image.pk}},
        ],
    )
    world.home.add_child(instance=page)
    world.publish(page)
    return Hidden(
        "private collection",
        word,
        documents=[document],
        images=[image],
        public_pages=[page],
    )


def build_draft_revision(world):
    """A live page whose unpublished draft adds a word and a new file."""
    word = new_word()
    lesson = world.lesson(new_word())
    world.link_to_anchor(lesson)
    world.publish(lesson)
    document = world.document(word)
    lesson.title_es = f"Lección {word}"
    lesson.statement_es = f"Cambio en borrador {word}."
    lesson.source_document = document
    with world.capture(execute=True):
        lesson.save_revision()
    lesson.refresh_from_db()
    assert lesson.live and lesson.has_unpublished_changes
    return Hidden(
        "draft revision of a live page",
        word,
        documents=[document],
        public_pages=[lesson, world.lessons, world.anchor],
    )


def build_draft_version(world):
    """A protocol in force whose draft version has its own text and file."""
    from protocols_library.models import (
        ProtocolLibraryPage,
        ProtocolVersion,
        ProtocolVersionFile,
        ProtocolWorkPage,
    )

    word = new_word()
    suffix = uuid.uuid4().hex[:6]
    library = ProtocolLibraryPage(title_es="Biblioteca de prueba", slug_es=f"bib-{suffix}")
    world.home.add_child(instance=library)
    world.publish(library)
    work = ProtocolWorkPage(title_es="Protocolo de prueba", slug_es=f"protocolo-{suffix}")
    library.add_child(instance=work)
    in_force = ProtocolVersion(
        page=work,
        label="2019",
        slug="2019",
        is_published=True,
        approval_date=datetime.date(2019, 1, 1),
        effective_date=datetime.date(2019, 2, 1),
        approving_instrument_type="resolucion_ministerial",
        approving_instrument_number=f"1-{suffix}",
        sections_es=[
            {"type": "section", "value": {"heading": "Objeto", "body": "<p>Texto vigente.</p>"}}
        ],
    )
    document = world.document(word)
    draft = ProtocolVersion(
        page=work,
        label="Borrador",
        slug="borrador",
        is_published=False,
        sections_es=[
            {"type": "section", "value": {"heading": "Objeto", "body": f"<p>Nuevo {word}.</p>"}}
        ],
        files=[ProtocolVersionFile(document=document)],
    )
    in_force.save()
    draft.save()
    world.publish(work)
    return Hidden(
        "draft version",
        word,
        documents=[document],
        public_pages=[work],
        extra_urls=[work.version_url(draft, "es")],
    )


KINDS = [
    build_draft,
    build_unpublished,
    build_scheduled,
    build_expired,
    build_restricted("login", (302,)),
    build_restricted("password", (200,)),
    build_restricted("groups", (302,)),
    build_private_collection,
    build_draft_revision,
    build_draft_version,
]


@pytest.fixture
def world(home, django_capture_on_commit_callbacks):
    world = World(home, django_capture_on_commit_callbacks)
    world.hidden = [build(world) for build in KINDS]
    return world


# Channels -------------------------------------------------------------------------------


def text_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def leaks_of_pages(client, world):
    """[(kind, channel, detail)] for every place a hidden word or page shows up."""
    leaks = []
    listing = text_of(client.get(world.lessons.url_in("es")))
    related = text_of(client.get(world.anchor.url_in("es")))
    sitemap = text_of(client.get("/sitemap.xml"))
    api_listing = text_of(client.get("/api/v2/pages/?limit=100&type=knowledge.LessonPage"))
    for hidden in world.hidden:
        word = hidden.word
        for channel, body in (
            ("section listing", listing),
            ("related box", related),
            ("sitemap", sitemap),
            ("API pages listing", api_listing),
        ):
            if word in body:
                leaks.append((hidden.kind, channel, word))
        if hidden.page is not None:
            response = client.get(hidden.page.url_in("es"))
            if response.status_code not in hidden.page_statuses:
                leaks.append((hidden.kind, "page address", response.status_code))
            if word in text_of(response):
                leaks.append((hidden.kind, "page address", "word shown"))
            if hidden.page.url_in("es") in sitemap:
                leaks.append((hidden.kind, "sitemap", hidden.page.url_in("es")))
            detail = client.get(f"/api/v2/pages/{hidden.page.pk}/")
            if detail.status_code != 404:
                leaks.append((hidden.kind, "API page detail", detail.status_code))
            if hidden.page.pk in visibility.public_page_ids([hidden.page.pk]):
                leaks.append((hidden.kind, "visibility.public_page_ids", hidden.page.pk))
        for page in hidden.public_pages:
            response = client.get(page.specific.url_in("es"))
            assert response.status_code == 200, (hidden.kind, page)
            if word in text_of(response):
                leaks.append((hidden.kind, f"public page {page.pk}", "word shown"))
            detail = text_of(client.get(f"/api/v2/pages/{page.pk}/"))
            if word in detail:
                leaks.append((hidden.kind, "API page detail", "word shown"))
        for url in hidden.extra_urls:
            response = client.get(url)
            if response.status_code != 404 or word in text_of(response):
                leaks.append((hidden.kind, url, response.status_code))
    return leaks


def leaks_of_files(client, world):
    leaks = []
    documents_listing = client.get("/api/v2/documents/?limit=100").json()
    listed = {item["id"] for item in documents_listing["items"]}
    images_listing = client.get("/api/v2/images/?limit=100").json()
    listed_images = {item["id"] for item in images_listing["items"]}
    for hidden in world.hidden:
        for document in hidden.documents:
            if document.pk in listed:
                leaks.append((hidden.kind, "API documents listing", document.pk))
            if client.get(f"/api/v2/documents/{document.pk}/").status_code != 404:
                leaks.append((hidden.kind, "API document detail", document.pk))
            response = client.get(document.url)
            if response.status_code == 200:
                leaks.append((hidden.kind, "download", document.url))
            if visibility.is_public_document(document):
                leaks.append((hidden.kind, "visibility.is_public_document", document.pk))
        for image in hidden.images:
            if image.pk in listed_images:
                leaks.append((hidden.kind, "API images listing", image.pk))
            if client.get(f"/api/v2/images/{image.pk}/").status_code != 404:
                leaks.append((hidden.kind, "API image detail", image.pk))
            rendition = image.get_rendition("width-960|format-webp")
            for url in (image.file.url, rendition.url):
                if client.get(url).status_code != 404:
                    leaks.append((hidden.kind, "media file", url))
    return leaks


def test_no_hidden_thing_reaches_any_page_api_sitemap_or_file_channel(client, world):
    leaks = leaks_of_pages(client, world) + leaks_of_files(client, world)
    assert leaks == []


def test_what_is_public_stays_reachable(client, world):
    """The checks can fail: the same channels do show public things."""
    public = world.document("publicado")
    page = StandardPage(
        title_es="Página pública",
        slug_es=f"publica-{uuid.uuid4().hex[:6]}",
        body_es=[{"type": "document", "value": {"document": public.pk}}],
    )
    world.home.add_child(instance=page)
    world.publish(page)
    ids = {item["id"] for item in client.get("/api/v2/documents/?limit=100").json()["items"]}
    assert public.pk in ids
    assert client.get(public.url).status_code == 200
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 200
    assert page.url_in("es") in text_of(client.get("/sitemap.xml"))
    assert "Archivo publicado" in text_of(client.get(page.url_in("es")))
    image = world.image("visible", world.public_collection)
    assert client.get(image.file.url).status_code == 200
    assert client.get(f"/api/v2/images/{image.pk}/").status_code == 200
    # A signed-in visitor passes the sign-in restriction of the private collection.
    private = next(h for h in world.hidden if h.kind == "private collection")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("lectora", "l@example.org", "x" * 16)
    client.force_login(user)
    assert client.get(private.images[0].file.url).status_code == 200
    assert client.get(private.documents[0].url).status_code == 200


# Search ----------------------------------------------------------------------------------


@pytest.fixture(params=["database", "elasticsearch"])
def engine_name(request, settings):
    """The search engine the public asks; Elasticsearch on an index of this test's own."""
    if request.param == "elasticsearch":
        from tests.search.conftest import (
            ELASTICSEARCH_URL,
            drop_indices,
            elasticsearch_is_up,
            make_elasticsearch_backend,
        )

        require_service(
            elasticsearch_is_up(ELASTICSEARCH_URL),
            f"Elasticsearch is not reachable at {ELASTICSEARCH_URL}",
        )
        index = f"test_quipu_{uuid.uuid4().hex[:10]}"
        backends = dict(settings.SEARCH_BACKENDS)
        backends["elasticsearch"] = {
            **backends["elasticsearch"],
            "URL": ELASTICSEARCH_URL,
            "INDEX": index,
            "TIMEOUT": 10,
            "REFRESH": "wait_for",
        }
        settings.SEARCH_BACKENDS = backends
        settings.SEARCH_ENGINE = "elasticsearch"
        yield "elasticsearch"
        drop_indices(make_elasticsearch_backend(url=ELASTICSEARCH_URL, index=index))
    else:
        settings.SEARCH_ENGINE = "database"
        yield "database"


def test_search_never_answers_with_a_hidden_thing(client, engine_name, world):
    from search import get_engine
    from search.query import SearchQuery
    from search.views import promotions_for

    engine = get_engine()
    leaks = []
    for hidden in world.hidden:
        if hidden.page is not None:
            query = Query.get(hidden.word)
            SearchPromotion.objects.create(query=query, page=hidden.page, sort_order=0)
        for include_versions in (False, True):
            results = engine.search(
                SearchQuery(text=hidden.word, language="es", include_versions=include_versions)
            )
            assert results.engine == engine_name and not results.is_fallback
            if results.hits:
                leaks.append((hidden.kind, "search hits", [hit.key for hit in results.hits]))
            # An expired page stays in the index until the scheduler unpublishes it: the
            # query-time check keeps it out of hits and totals alike.
            if results.total:
                leaks.append((hidden.kind, "search total", results.total))
            if any(hit.attachment for hit in results.hits):
                leaks.append((hidden.kind, "search file match", hidden.word))
            if any(hidden.word in suggestion for suggestion in results.suggestions):
                leaks.append((hidden.kind, "search suggestion", results.suggestions))
        completions = engine.autocomplete(hidden.word[:-1], "es")
        if completions:
            leaks.append((hidden.kind, "autocomplete", completions))
        if promotions_for(hidden.word):
            leaks.append((hidden.kind, "promotions", hidden.word))
        body = text_of(client.get("/es/search/autocomplete/", {"q": hidden.word[:-1]}))
        if hidden.word in body:
            leaks.append((hidden.kind, "autocomplete view", hidden.word))
    assert leaks == []
    # The same engine does find a public page by its word: the check can fail.
    visible_word = new_word()
    page = world.lesson(visible_word)
    world.publish(page)
    results = engine.search(SearchQuery(text=visible_word, language="es"))
    assert [hit.key for hit in results.hits] == [f"page:{page.pk}:es"]


# Details of private files on public pages, and training ZIPs ----------------------------------


@pytest.fixture
def training(home, django_capture_on_commit_callbacks):
    world = World(home, django_capture_on_commit_callbacks)
    index = TrainingIndexPage(title_es="Capacitación de prueba", slug_es=f"cap-{new_word()}")
    home.add_child(instance=index)
    world.publish(index)
    public_word, private_word = new_word(), new_word()
    public = world.document(public_word)
    private = world.document(private_word, world.private_collection)
    material = TrainingMaterialPage(title_es="Módulo de prueba", slug_es=f"modulo-{new_word()}")
    index.add_child(instance=material)
    world.publish(material)
    # Its edition holds both files, published on its own screen as an editor does.
    builders.edition(
        material,
        edition_date=datetime.date(2022, 3, 1),
        documents=[public, private],
        revision=True,
    )
    material.refresh_from_db()
    return material, public, private


def test_private_file_details_never_shown_on_a_public_training_page(client, training):
    material, public, private = training
    html = text_of(client.get(material.url_in("es")))
    assert public.title in html
    assert private.title not in html
    assert private.url not in html
    assert "1 archivo" in html and "2 archivos" not in html


def test_training_zip_holds_only_public_files(client, training):
    material, public, _private = training
    response = client.get(material.archive_url("es"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [public.filename]
    assert archive.testzip() is None


@pytest.mark.parametrize("language", ["es", "en"])
def test_training_zip_with_a_missing_file_answers_an_error_page(client, training, language):
    material, public, _private = training
    public.file.storage.delete(public.file.name)
    assert not public.file.storage.exists(public.file.name)
    # The Spanish files' archive, asked from the page in the visitor's language.
    subpath = material.reverse_subpage("archive", kwargs={"language": "es"})
    response = client.get(material.url_in(language) + subpath)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    html = text_of(response)
    expected = {
        "es": "No se puede preparar el archivo comprimido",
        "en": "The archive cannot be prepared",
    }
    assert expected[language] in html


def test_lesson_page_hides_a_private_source_document(
    client, home, django_capture_on_commit_callbacks
):
    world = World(home, django_capture_on_commit_callbacks)
    word = new_word()
    document = world.document(word, world.private_collection)
    lesson = world.lesson(new_word(), source_document=document)
    world.publish(lesson)
    html = text_of(client.get(lesson.url_in("es")))
    assert word not in html
    assert "Documento fuente" not in html
    # The same page shows a public source document with its details.
    public = world.document(new_word())
    lesson.source_document = public
    world.publish(lesson)
    html = text_of(client.get(lesson.url_in("es")))
    assert public.title in html


def test_protocol_json_ld_never_describes_a_private_file(
    client, home, django_capture_on_commit_callbacks
):
    from protocols_library.models import (
        ProtocolLibraryPage,
        ProtocolVersion,
        ProtocolVersionFile,
        ProtocolWorkPage,
    )

    world = World(home, django_capture_on_commit_callbacks)
    suffix = uuid.uuid4().hex[:6]
    library = ProtocolLibraryPage(title_es="Biblioteca", slug_es=f"bib-{suffix}")
    home.add_child(instance=library)
    world.publish(library)
    work = ProtocolWorkPage(title_es="Protocolo", slug_es=f"protocolo-{suffix}")
    library.add_child(instance=work)
    word = new_word()
    private = world.document(word, world.private_collection)
    ProtocolVersion(
        page=work,
        label="2019",
        slug="2019",
        is_published=True,
        approval_date=datetime.date(2019, 1, 1),
        effective_date=datetime.date(2019, 2, 1),
        approving_instrument_type="resolucion_ministerial",
        approving_instrument_number=f"2-{suffix}",
        files=[ProtocolVersionFile(document=private)],
    ).save()
    world.publish(work)
    html = text_of(client.get(work.url_in("es")))
    assert "application/ld+json" in html
    assert private.url not in html
    assert word not in html
