"""The six classified page types share one declaration of the four vocabularies."""

import pytest
from django.db import connection
from django.db.migrations import AlterField
from django.db.migrations.loader import MigrationLoader

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
    loader = MigrationLoader(None, ignore_no_migrations=True)
    before = loader.project_state(
        [parent.key for parent in loader.graph.node_map[(app, migration)].parents]
    )
    operations = loader.get_migration(app, migration).operations
    assert operations and all(isinstance(op, AlterField) for op in operations)
    editor = connection.schema_editor()
    for operation in operations:
        old = before.apps.get_model(app, operation.model_name)._meta.get_field(operation.name)
        new = operation.field.clone()
        new.set_attributes_from_name(operation.name)
        new.model = old.model
        # Only the reverse name changes: nothing for the database to do, on any engine.
        assert not editor._field_should_be_altered(old, new)


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
