"""The six classified page types share one declaration of the four vocabularies."""

import io

import pytest
from django.core.management import call_command

from core.models import Classified, Institution, Region, Sector, Topic
from knowledge.models import (
    EventPage,
    LessonPage,
    PilotPage,
    PublicationPage,
    TrainingMaterialPage,
)
from protocols_library.models import ProtocolWorkPage
from tests import builders

CLASSIFIED = [
    EventPage,
    LessonPage,
    PilotPage,
    PublicationPage,
    TrainingMaterialPage,
    ProtocolWorkPage,
]
VOCABULARIES = {"sectors": Sector, "regions": Region, "topics": Topic, "institutions": Institution}


@pytest.mark.parametrize("model", CLASSIFIED, ids=lambda model: model.__name__)
def test_each_classified_page_type_takes_its_vocabularies_from_one_place(model):
    assert issubclass(model, Classified)
    for name, vocabulary in VOCABULARIES.items():
        field = model._meta.get_field(name)
        assert field.related_model is vocabulary
        # The rows stay where they were: the through table is named from model and field.
        assert field.remote_field.through._meta.db_table == f"{model._meta.db_table}_{name}"
        assert field.remote_field.related_name == (
            f"{model._meta.app_label}_{model._meta.model_name}"
        )


@pytest.mark.parametrize(
    ("app", "migration"),
    [
        ("knowledge", "0012_classified_related_names"),
        ("protocols_library", "0005_classified_related_names"),
    ],
)
def test_moving_the_fields_to_one_declaration_changes_no_table(app, migration):
    out = io.StringIO()
    call_command("sqlmigrate", app, migration, stdout=out)
    statements = [
        line
        for line in out.getvalue().splitlines()
        if line.strip() and not line.startswith("--") and line not in ("BEGIN;", "COMMIT;")
    ]
    assert statements == []


@pytest.mark.django_db
def test_a_term_reaches_its_pages_of_each_type(home):
    sector = builders.term("sector", "salud")
    region = builders.term("region", "piura")
    lesson = builders.lesson(relations={"sectors": [sector], "regions": [region]})
    work = builders.work()
    work.regions.set([region])
    work.save()
    assert list(sector.knowledge_lessonpage.all()) == [lesson.specific]
    assert list(region.knowledge_lessonpage.all()) == [lesson.specific]
    assert list(region.protocols_library_protocolworkpage.all()) == [work]
    assert list(sector.protocols_library_protocolworkpage.all()) == []
