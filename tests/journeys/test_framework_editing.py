"""An organisation's own framework edited in the browser (issue 18): texts in English and Welsh, parts added until
a round uses it; bad input gets a clear message and changes nothing; gaps appear on the compliance page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.journeys import actions, frameworkjson
from coproduce.journeys.models import Dimension, Framework, Level, Statement
from tests.permission_matrix import texts_of

OURS = """{"format": "coproduce-framework/1", "slug": "ours", "name": {"en": "Ours", "cy": "Ein un ni"},
"levels": [{"name": {"en": "Start", "cy": "Dechrau"}}, {"name": {"en": "Far", "cy": "Pell"}}],
"dimensions": [{"key": "listening", "name": {"en": "Listening", "cy": "Gwrando"}}]}"""


@pytest.fixture
def ours(world):
    return actions.do_import_framework(world.alice, world.org, frameworkjson.parse(OURS))


def url(name, *args):
    return reverse(f"journeys_staff:{name}", args=["glas", "ours", *args])


def snapshot():
    return (texts_of(Framework, Level, Dimension, Statement), Dimension.objects.count(), Statement.objects.count())


def test_texts_parts_and_a_new_statement_in_both_languages(world, ours, as_user):
    client = as_user(world.alice)
    assert client.get(url("framework_edit")).status_code == 200
    response = client.post(url("framework_edit"), {"name_en": "Ours", "name_cy": "Ein fframwaith ni"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.name_cy == "Ein fframwaith ni"
    listening = ours.dimensions.get()
    client.post(url("framework_part_new", "statement"), {"dimension": listening.pk, "text_en": "We listen first"})
    statement = Statement.objects.get(dimension=listening)
    assert (statement.text_en, statement.text_cy) == ("We listen first", None)
    client.post(url("framework_part_new", "level"), {"name_en": "Further", "name_cy": "Pellach"})
    assert list(ours.levels.values_list("number", "name_en")) == [(1, "Start"), (2, "Far"), (3, "Further")]
    client.post(url("framework_part_new", "dimension"), {"name_en": "Sharing power", "name_cy": "Rhannu grym"})
    assert list(ours.dimensions.values_list("key", flat=True)) == ["listening", "sharing-power"]
    # The statement missing its Welsh is on the organisation's compliance page, with a link to fix it.
    page = client.get(reverse("staff:organisation_language_compliance", args=["glas"])).content.decode()
    assert "We listen first" in page
    assert url("framework_part", "statement", statement.pk) in page


@pytest.mark.parametrize(
    ("name", "args", "data", "message"),
    [
        ("framework_edit", (), {"name_en": "", "name_cy": ""}, "Give it a name"),
        ("framework_edit", (), {"name_en": "x" * 201}, "at most 200 characters"),
        ("framework_edit", (), {"name_en": "Two\nlines"}, ""),
        ("framework_part_new", ("statement",), {"dimension": "999999", "text_en": "A"}, "Choose one of the framework"),
        ("framework_part_new", ("statement",), {"text_en": "A"}, "Choose a practice or theme"),
        ("framework_part_new", ("dimension",), {"name_cy": ""}, "Give it a name"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(world, ours, as_user, name, args, data, message):
    before = snapshot()
    response = as_user(world.alice).post(url(name, *args), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before


def test_a_framework_a_round_uses_keeps_its_structure_but_texts_may_be_corrected(world, ours, as_user):
    actions.do_start_round(world.alice, world.org, ours, title="Spring")
    client = as_user(world.alice)
    before = snapshot()
    response = client.post(url("framework_part_new", "level"), {"name_en": "Further"})
    assert response.status_code == 400
    assert "A round uses this framework" in response.content.decode()
    assert snapshot() == before
    level = ours.levels.get(number=2)
    assert (
        client.post(url("framework_part", "level", level.pk), {"name_en": "Far along", "name_cy": "Ymhell"}).status_code
        == 302
    )
    level.refresh_from_db()
    assert (level.name_en, level.name_cy) == ("Far along", "Ymhell")


def test_the_platforms_frameworks_and_another_organisations_parts_are_not_edited_here(
    world, ours, coproduction, as_user
):
    client = as_user(world.alice)
    assert client.get(reverse("journeys_staff:framework_edit", args=["glas", "co-production"])).status_code == 404
    shipped = coproduction.dimensions.first()
    assert client.get(url("framework_part", "dimension", shipped.pk)).status_code == 404  # not a part of ours
    assert client.get(url("framework_part", "nothing", shipped.pk)).status_code == 404
    with pytest.raises(actions.JourneyError):
        actions.do_edit_framework_texts(world.alice, coproduction, {"name": {"en": "Mine now"}})
