"""Bad input to journeys gets a clear message, in English and in Welsh, and changes nothing: a rating off the
scale, a malformed framework file, a round without a title, an impossible setting, a next step without a title."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.delivery.models import Action
from coproduce.journeys import actions
from coproduce.journeys.models import Answer, Framework, Invitation, OrganisationSettings, Rating, Round


def state() -> tuple:
    return (
        Answer.objects.count(),
        Rating.objects.count(),
        list(Invitation.objects.values_list("pk", "used")),
        Framework.objects.count(),
        Round.objects.count(),
        Action.objects.count(),
        OrganisationSettings.objects.count(),
    )


@pytest.fixture
def open_round(world, coproduction):
    round_ = actions.do_start_round(world.alice, world.org, coproduction, title="Open")
    ((_p, token),) = actions.do_invite(world.alice, round_, {"people": 1})
    round_.token = token
    return round_


@pytest.mark.parametrize("level", ["9", "0", "-1", "abc", "3.5"])
@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Choose a level from 1 to 5"), ("cy", "Dewiswch lefel o 1 i 5")],
)
def test_a_rating_off_the_scale(level, language, message, open_round, coproduction, client):
    strengths = coproduction.dimensions.get(key="strengths")
    before = state()
    response = client.post(
        reverse("journeys:answer", args=[open_round.token]),
        {f"d{strengths.pk}_level": level},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state() == before


def test_the_action_refuses_a_rating_off_the_scale_too(open_round, coproduction):
    before = state()
    with pytest.raises(actions.RatingOutOfRange):
        actions.do_answer(open_round.token, [actions.Given(coproduction.dimensions.first().pk, 6)], "en")
    other = Framework.objects.get(slug="data-maturity").dimensions.first()
    with pytest.raises(actions.RatingOutOfRange):
        actions.do_answer(open_round.token, [actions.Given(other.pk, 2)], "en")
    assert state() == before


def test_an_empty_answer(open_round, client):
    before = state()
    response = client.post(reverse("journeys:answer", args=[open_round.token]), {})
    assert response.status_code == 400 and "Rate at least one" in response.content.decode()
    assert state() == before


@pytest.mark.parametrize(
    ("text", "en", "cy"),
    [
        ("{not json", "This is not valid JSON", "Nid yw hwn yn JSON dilys"),
        ('{"format": "something else"}', "This is not a framework file", "Nid ffeil fframwaith yw hon"),
        (
            '{"format": "coproduce-framework/1", "name": "X", "levels": ["One"], "dimensions": [{"name": "A"}]}',
            "The levels must be a list of 2 to 10 items",
            "Y lefelau: rhaid cael rhestr o 2 i 10 eitem",
        ),
        (
            '{"format": "coproduce-framework/1", "name": "X", "levels": ["1", "2"], "dimensions": []}',
            "The dimensions must be a list of 1 to 20 items",
            "Y dimensiynau: rhaid cael rhestr o 1 i 20 eitem",
        ),
        (
            '{"format": "coproduce-framework/1", "name": "X", "levels": ["1", "2"], "dimensions": [{"key": "a", "name": "A"}, {"key": "a", "name": "B"}]}',
            "Two dimensions have the same key",
            "Mae gan ddau ddimensiwn yr un allwedd",
        ),
        (
            '{"format": "coproduce-framework/1", "slug": "co-production", "name": "X", "levels": ["1", "2"], "dimensions": [{"name": "A"}]}',
            "A framework with this short name exists already",
            "Mae fframwaith â’r enw byr hwn yn bodoli eisoes",
        ),
    ],
)
def test_a_malformed_framework_file(text, en, cy, world, as_user):
    client = as_user(world.alice)
    before = state()
    for language, message in (("en", en), ("cy", cy)):
        response = client.post(
            reverse("journeys_staff:frameworks", args=["glas"]), {"text": text}, HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400
        assert message in response.content.decode(), language
    assert state() == before


def test_a_framework_round_trips_through_json(world, as_user, coproduction):
    client = as_user(world.alice)
    exported = client.get(reverse("journeys_staff:framework_export", args=["glas", "co-production"])).content.decode()
    response = client.post(
        reverse("journeys_staff:frameworks", args=["glas"]), {"text": exported.replace('"co-production"', '"ours"', 1)}
    )
    assert response.status_code == 302
    ours = Framework.objects.get(slug="ours")
    assert ours.organisation == world.org
    assert ours.dimensions.count() == 5 and ours.levels.count() == 5
    assert (
        ours.dimensions.first().statements.first().text_cy == coproduction.dimensions.first().statements.first().text_cy
    )


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("journeys_staff:round_new", {"framework": ""}, "Give the round a title"),
        ("journeys_staff:settings", {"stalled_after_weeks": "0"}, "Enter a number of weeks from 1 to 104"),
        ("journeys_staff:settings", {"stalled_after_weeks": "many"}, "Enter a number of weeks from 1 to 104"),
    ],
)
def test_staff_forms(url, data, message, world, as_user):
    before = state()
    response = as_user(world.alice).post(reverse(url, args=["glas"]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert state() == before


def test_no_links_or_a_next_step_without_a_title(world, as_user, open_round, coproduction):
    client = as_user(world.alice)
    before = state()
    response = client.post(
        reverse("journeys_staff:round", args=[open_round.pk]),
        {"form": "invite", "staff": 0, "people": 0, "partners": 0},
    )
    assert response.status_code == 400 and "Ask for between 1 and 500 links" in response.content.decode()
    actions.do_close_round(world.alice, open_round)
    before = state()
    response = client.post(reverse("journeys_staff:results", args=[open_round.pk]), {"owner_en": "Us"})
    assert response.status_code == 400 and "Say what the next step is" in response.content.decode()
    assert state() == before
