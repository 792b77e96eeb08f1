"""Results: medians per perspective, disagreement, and every figure that could point to someone held back, on
every page and export (issue 18: fewer than 3 answers suppressed, spread only from 5, no subtraction)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.journeys import actions
from coproduce.journeys.models import Answer, Invitation, Rating
from coproduce.journeys.results import complementary, round_results
from tests.journeys.conftest import answer


def test_complementary_holds_back_enough_that_nothing_can_be_subtracted():
    assert complementary([4, 3, 2], 3) == [True, False, False]  # 3 + 2 held back together: 5
    assert complementary([4, 3, 0], 3) == [True, True, False]  # an empty cell shows nothing either
    assert complementary([5, 1, 0], 3) == [False, False, False]  # 5 + 1 held back together
    assert complementary([2, 2, 2], 3) == [False, False, False]


def test_results_show_medians_disagreement_and_suppress_small_cells(journey_round):
    dimensions = list(journey_round.framework.dimensions.all())
    results = {r.dimension.key: r for r in round_results(journey_round, dimensions)}
    strengths = results["strengths"]
    assert strengths.overall.shown and strengths.overall.n == 9
    assert strengths.overall.has_spread  # 9 answers: the spread is shown
    staff, people, partners = (strengths.perspectives[p] for p in ("staff", "people", "partners"))
    assert staff.shown and staff.median == 4.5 and not staff.has_spread  # 4 answers: no spread
    # partners (2) are held back, and so are people (3): else 9 - 4 - 3 = 2 partners' ratings could be worked out.
    assert not partners.shown and partners.n == 0 and partners.median is None
    assert not people.shown
    assert strengths.disagreement is None  # only one perspective shown
    assert results["what-matters"].overall.shown is False  # nobody rated it


def test_disagreement_between_perspectives(world, coproduction):
    round_ = actions.do_start_round(world.alice, world.org, coproduction, title="Autumn")
    for level in (5, 5, 4):
        answer(round_, "staff", {"strengths": level})
    for level in (1, 2, 2):
        answer(round_, "people", {"strengths": level})
    actions.do_close_round(world.alice, round_)
    strengths = round_results(round_, list(coproduction.dimensions.all()))[0]
    assert strengths.disagreement == ("staff", "people", 3.0)


def test_an_answer_keeps_nothing_that_ties_it_to_its_link(journey_round):
    assert {f.name for f in Answer._meta.get_fields()} == {"id", "round", "perspective", "ratings"}
    assert {f.name for f in Invitation._meta.get_fields()} == {"id", "round", "perspective", "token_hash", "used"}
    assert not any(f.name in ("created_at", "updated_at") for f in Rating._meta.get_fields())
    # the unused links went when the round closed; the used ones keep only that they were used
    assert set(Invitation.objects.filter(round=journey_round).values_list("used", flat=True)) == {True}


def test_a_link_answers_once(world, coproduction):
    round_ = actions.do_start_round(world.alice, world.org, coproduction, title="Once")
    ((_p, token),) = actions.do_invite(None, round_, {"staff": 1})
    dimension = coproduction.dimensions.first()
    actions.do_answer(token, [actions.Given(dimension.pk, 3)], "en")
    with pytest.raises(actions.TokenUsed):
        actions.do_answer(token, [actions.Given(dimension.pk, 4)], "en")
    assert Rating.objects.filter(answer__round=round_).count() == 1


PAGES = ["results", "report"]


@pytest.mark.parametrize("name", PAGES)
def test_no_staff_page_shows_a_held_back_figure(name, journey_round, world, as_user):
    client = as_user(world.alice)
    page = client.get(reverse(f"journeys_staff:{name}", args=[journey_round.pk])).content.decode()
    assert "Too few answers to show" in page
    # people's median (2) and partners' (3) are held back; only staff's 4.5 and everyone's are shown for strengths
    row = page.split("Starting from strengths</th>")[1].split("</tr>")[0]
    assert "4.5" in row and ">2<" not in row and ">3<" not in row


def test_the_published_page_and_api_give_aggregates_only(journey_round, world, client):
    assert client.get(reverse("journeys:published", args=[journey_round.pk])).status_code == 404
    actions.do_publish_round(world.alice, journey_round, True)
    page = client.get(reverse("journeys:published", args=[journey_round.pk])).content.decode()
    assert "We ask first." not in page  # no comments in public
    assert "Too few answers to show" in page


def test_results_are_not_shown_while_the_round_is_open(world, coproduction, as_user):
    round_ = actions.do_start_round(world.alice, world.org, coproduction, title="Open")
    for level in (5, 4, 4):
        answer(round_, "staff", {"strengths": level})
    page = as_user(world.alice).get(reverse("journeys_staff:results", args=[round_.pk])).content.decode()
    assert "The round is still open" in page and "4.0" not in page and ">4<" not in page


def test_the_api_gives_a_published_rounds_aggregates_with_the_same_suppression(journey_round, world, client):
    assert client.get(f"/api/v1/journeys/rounds/{journey_round.pk}").status_code == 404  # not published
    actions.do_publish_round(world.alice, journey_round, True)
    listed = client.get("/api/v1/journeys/rounds").json()
    assert [r["id"] for r in listed["items"]] == [journey_round.pk]
    data = client.get(f"/api/v1/journeys/rounds/{journey_round.pk}").json()
    strengths = next(d for d in data["dimensions"] if d["key"] == "strengths")
    assert strengths["overall"]["answers"] == 9 and strengths["overall"]["lower_quartile"] is not None
    assert strengths["perspectives"]["staff"] == {
        "shown": True,
        "answers": 4,
        "median": 4.5,
        "lower_quartile": None,
        "upper_quartile": None,
    }
    for held_back in ("people", "partners"):
        assert strengths["perspectives"][held_back] == {
            "shown": False,
            "answers": None,
            "median": None,
            "lower_quartile": None,
            "upper_quartile": None,
        }
    assert "We ask first." not in str(data)


def test_evidence_is_cited_by_dimension_and_never_names_a_private_engagement(world, coproduction, client, as_user):
    from coproduce.journeys.models import Evidence

    round_ = actions.do_start_round(world.alice, world.org, coproduction, title="Evidence")
    ((_p, token),) = actions.do_invite(None, round_, {"people": 1})
    page = client.get(reverse("journeys:answer", args=[token])).content.decode()
    assert world.public.title in page and world.private.title not in page and world.link.title not in page
    strengths = coproduction.dimensions.get(key="strengths")
    with pytest.raises(actions.JourneyError):
        actions.do_answer(token, [actions.Given(strengths.pk, 4, "", (("engagement", world.private.pk),))], "en")
    actions.do_answer(token, [actions.Given(strengths.pk, 4, "", (("engagement", world.public.pk),))], "en")
    assert Evidence.objects.get().engagement == world.public
    for perspective in ("staff", "staff"):
        answer(round_, perspective, {"strengths": 3})
    actions.do_close_round(world.alice, round_)
    results = as_user(world.alice).get(reverse("journeys_staff:results", args=[round_.pk])).content.decode()
    assert f"Engagement: {world.public.title}" in results


def test_the_open_data_csv_gives_exactly_the_apis_figures_and_nothing_more(journey_round, world, coproduction, client):
    import csv
    import io

    url = "/api/v1/open-data/journey-rounds.csv"
    assert list(csv.DictReader(io.StringIO(client.get(url).content.decode()))) == []  # nothing published yet
    actions.do_start_round(world.alice, world.org, coproduction, title="Unpublished")
    actions.do_publish_round(world.alice, journey_round, True)
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="journey-rounds.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["round"] for row in rows} == {str(journey_round.pk)}
    assert "We ask first." not in response.content.decode()  # never a comment
    data = client.get(f"/api/v1/journeys/rounds/{journey_round.pk}").json()

    def figure(value) -> str:
        return "" if value is None else str(value)

    for dimension in data["dimensions"]:
        groups = {"everyone": dimension["overall"], **dimension["perspectives"]}
        mine = {row["perspective"]: row for row in rows if row["dimension"] == dimension["key"]}
        assert set(mine) == set(groups)
        for perspective, cell in groups.items():
            row = mine[perspective]
            assert row["shown"] == ("true" if cell["shown"] else "false")
            for column in ("answers", "median", "lower_quartile", "upper_quartile"):
                assert row[column] == figure(cell[column]), (dimension["key"], perspective, column)
    strengths = {row["perspective"]: row for row in rows if row["dimension"] == "strengths"}
    assert (strengths["staff"]["answers"], strengths["staff"]["median"]) == ("4", "4.5")
    for held_back in ("people", "partners"):  # 3 and 2 answers: held back together, no count either
        assert [strengths[held_back][c] for c in ("shown", "answers", "median")] == ["false", "", ""]
    assert strengths["everyone"]["licence"] and strengths["everyone"]["attribution"]
