"""A training material is one page with dated editions (core.versioning), seen end to end.

The material's own address always shows its current edition; each edition keeps a permanent
address, the history lists them and the comparison shows what changed; a new edition starts as
a draft copy on its own screen, and nothing a draft, an unpublished page or a private page holds
reaches the public.
"""

import re

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from knowledge.models import TrainingEdition, TrainingMaterialPage
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(sections):
    """A course with a first edition (2018) holding a Spanish PDF."""
    return builders.material(
        sections["training"],
        title_es="Curso de atención integral",
        title_en="Comprehensive care course",
        slug_es="curso-atencion-integral",
        slug_en="comprehensive-care-course",
        edition_es="1.ª edición",
        edition_en="1st edition",
        edition_date="2018-03-01",
        objectives_es="Conocer la ruta de atención.\nRegistrar cada caso.",
        objectives_en="Know the care pathway.\nRecord every case.",
        documents=[builders.document("es", text="Primera edición del curso")],
    )


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def start_new_edition(client, page):
    client.force_login(builders.user("superuser"))
    url = reverse("versioning_new_version", args=[page.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    return TrainingEdition.objects.filter(page=page).order_by("-pk").first()


def publish(edition, **changes):
    for name, value in changes.items():
        setattr(edition, name, value)
    edition.save_revision().publish()
    edition.refresh_from_db()
    return edition


def test_a_new_edition_starts_as_a_draft_copy_that_the_public_never_sees(client, course):
    first = course.versions.get()
    draft = start_new_edition(client, course)
    assert draft.pk != first.pk and not draft.live
    assert draft.label == "Edición 2"
    assert draft.objectives_es == first.objectives_es
    assert [f.document_id for f in draft.files.all()] == [f.document_id for f in first.files.all()]
    client.logout()
    # Neither its permanent address nor the history or the comparison shows the draft.
    assert client.get(course.version_url(draft, "es")).status_code == 404
    history = html(client.get(course.route_url("history", "es")))
    assert "Edición 2" not in history and "1.ª edición" in history
    assert client.get(course.route_url("compare", "es") + f"?to={draft.slug}").status_code == 404
    assert html(client.get(course.url_in("es"))).count("1.ª edición") >= 1


def test_publishing_an_edition_moves_the_current_address_and_keeps_the_old_one(client, course):
    first = course.versions.get()
    draft = start_new_edition(client, course)
    client.logout()
    second = publish(
        draft,
        label_es="2.ª edición",
        label_en="2nd edition",
        slug="2a-edicion",
        effective_date=builders.day("2020-03-01"),
        objectives_es="Conocer la ruta de atención.\nRegistrar cada caso en el sistema único.",
        change_summary_es="Registro en el sistema único.",
    )
    course = TrainingMaterialPage.objects.get(pk=course.pk)
    assert course.current_edition() == second
    # The listing copy follows without publishing the page.
    assert course.edition_es == "2.ª edición" and str(course.edition_date) == "2020-03-01"
    current = html(client.get(course.url_in("es")))
    assert "2.ª edición" in current and "notice--superseded" not in current
    assert course.version_url(first, "es") in current  # listed as an earlier edition
    old = html(client.get(course.version_url(first, "es")))
    assert "notice--superseded" in old and "1.ª edición" in old
    # The permanent address of the new edition answers too, in both languages.
    assert "2nd edition" in html(client.get(course.version_url(second, "en")))
    assert course.version_url(second, "es").endswith("/curso-atencion-integral/v/2a-edicion/")


def test_history_and_comparison_of_editions(client, course):
    first = course.versions.get()
    second = builders.edition(
        course,
        edition_es="2.ª edición",
        edition_en="2nd edition",
        edition_date="2020-03-01",
        objectives_es="Conocer la ruta de atención.\nRegistrar cada caso en el sistema único.",
    )
    history = html(client.get(course.route_url("history", "es")))
    assert history.index("2.ª edición") < history.index("1.ª edición")
    assert "Edición vigente" in history and "Edición anterior" in history
    assert course.compare_url(first, second) in history.replace("&amp;", "&")
    compared = html(client.get(course.compare_url(first, second)))
    inserted = " ".join(re.findall(r"<ins>(.*?)</ins>", compared))
    assert "sistema" in inserted and "único" in inserted


def test_route_words_come_from_the_catalogue_in_each_language(client, course):
    assert course.route_url("history", "es").endswith("/curso-atencion-integral/ediciones/")
    assert course.route_url("history", "en").endswith("/comprehensive-care-course/editions/")
    assert course.route_url("compare", "es").endswith("/comparar/")
    # Another language's word reaches the view and is sent to this language's spelling.
    wrong = course.url_in("en") + "ediciones/"
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == course.route_url("history", "en")


def test_the_stable_download_gives_the_current_editions_file(client, course):
    builders.edition(
        course,
        edition_es="2.ª edición",
        edition_en="2nd edition",
        edition_date="2020-03-01",
        documents=[builders.document("es", text="Segunda edición del curso")],
    )
    course = TrainingMaterialPage.objects.get(pk=course.pk)
    response = client.get(course.route_url("download", "es", file_language="es"))
    assert response.status_code == 302
    newest = course.current_edition().documents()[0]
    assert response["Location"] == newest.url
    assert client.get(newest.url).status_code == 200


def test_a_draft_editions_files_are_not_public(client, course):
    private = builders.document("es", text="Borrador de la segunda edición")
    builders.edition(
        course,
        edition_es="2.ª edición",
        edition_date="2020-03-01",
        documents=[private],
        published=False,
    )
    assert client.get(private.url).status_code == 404
    assert client.get(course.versions.get(live=True).documents()[0].url).status_code == 200


def test_unpublished_and_private_materials_leak_no_edition(client, course):
    first = course.versions.get()
    address = course.version_url(first, "es")
    history = course.route_url("history", "es")
    PageViewRestriction.objects.create(page=course, restriction_type="login")
    for url in (address, history, course.url_in("es")):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    PageViewRestriction.objects.filter(page=course).delete()
    course.unpublish()
    for url in (address, history):
        assert client.get(url).status_code == 404, url


def test_the_materials_edit_view_stays_the_same_size_with_more_editions(
    admin_client, sections, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sizes = {}
    for count in (3, 12):
        material = builders.material(sections["training"], edition_date="2000-01-01")
        for number in range(2, count + 1):
            builders.edition(
                material,
                edition_es=f"Edición {number}",
                edition_en=f"Edition {number}",
                edition_date=f"{2000 + number}-01-01",
                description_es=f"<p>{'Texto largo de la edición. ' * 200}</p>",
            )
        url = reverse("wagtailadmin_pages:edit", args=[material.pk])
        assert admin_client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url)
        assert response.status_code == 200
        sizes[count] = (len(response.content), len(queries))
    (small, small_queries), (large, large_queries) = sizes[3], sizes[12]
    # Only the editions' count in the list changes: no edition's text is on the page's screen.
    assert abs(large - small) < 2_000, sizes
    assert large_queries == small_queries, sizes


def test_the_daily_worker_pass_makes_an_edition_current_on_its_date(client, course):
    """An edition published ahead of its date becomes current on that day, listings included."""
    import io

    from django.core.management import call_command
    from freezegun import freeze_time

    from core.versioning.signals import versions_changed

    draft = start_new_edition(client, course)
    client.logout()
    second = publish(
        draft,
        label_es="2.ª edición",
        label_en="2nd edition",
        slug="2a-edicion",
        effective_date=builders.day("2031-03-01"),
    )
    course = TrainingMaterialPage.objects.get(pk=course.pk)
    assert course.edition_es == "1.ª edición", "an edition not yet issued is not current"
    announced = []

    def receiver(sender, pages, date, **kwargs):
        announced.extend((page.pk, date) for page in pages)

    versions_changed.connect(receiver)
    try:
        with freeze_time("2031-03-01 08:00:00-05:00"):
            call_command("run_worker", "--once", stdout=io.StringIO())
            course = TrainingMaterialPage.objects.get(pk=course.pk)
            assert course.current_edition() == second
    finally:
        versions_changed.disconnect(receiver)
    assert (course.pk, second.effective_date) in announced
    assert course.edition_es == "2.ª edición" and str(course.edition_date) == "2031-03-01"
