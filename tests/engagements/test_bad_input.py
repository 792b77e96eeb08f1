"""Bad input gets a clear message, in the language the person chose, and saves nothing.

Every refused form must show the GOV.UK error pattern: a page title starting with "Error:", an error summary
("There is a problem") whose links point at the fields, and the fields marked aria-invalid.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from coproduce.core.bilingual import missing
from coproduce.engagements.models import AuditEvent, Engagement, Membership, Participant, Perspective, Phase

LONG = "x" * 10_000


def valid_engagement(**changes) -> dict:
    data = {
        "title_en": "Waiting rooms",
        "title_cy": "Ystafelloedd aros",
        "question_en": "What matters to you about waiting rooms?",
        "question_cy": "Beth sy’n bwysig i chi am ystafelloedd aros?",
        "brief_en": "",
        "brief_cy": "",
        "languages": "en+cy",
        "visibility": "public",
    }
    data.update(changes)
    return data


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Engagement, Phase, Perspective, Membership, Participant, AuditEvent, get_user_model())
    }


def page_title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def error_summary(html: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def assert_error_pattern(response, *fields: str, language: str = "en") -> str:
    """The GOV.UK error pattern, with a link and an invalid input for each field named. Returns the page."""
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        error_prefix, problem = gettext("Error:"), gettext("There is a problem")
    assert page_title(html).startswith(error_prefix), page_title(html)
    summary = error_summary(html)
    assert problem in summary
    links = re.findall(r'<a href="#([^"]+)"', summary)
    for field in fields:
        assert f"id_{field}" in links, f"no link to {field} in the error summary: {links}"
        # The input itself says it is invalid, for screen readers.
        tag = re.search(rf'<(?:input|textarea|select)[^>]*\bid="id_{field}"[^>]*>', html)
        assert tag, f"no input with id id_{field}"
        assert 'aria-invalid="true"' in tag.group(0), tag.group(0)
        assert f'id="id_{field}-error"' in html
    return html


def assert_summary_links_land_on_the_page(html: str) -> None:
    for target in re.findall(r'<a href="#([^"]+)"', error_summary(html)):
        assert f'id="{target}"' in html, f"the error summary links to #{target}, which is not on the page"


# --- Engagements -----------------------------------------------------------------------------------------------


def test_create_engagement_with_nothing_filled_in_names_every_missing_field(world, as_user):
    client = as_user(world.alice)
    before = counts()
    response = client.post(
        reverse("staff:engagement_create", args=[world.org.slug]), {"languages": "en+cy", "visibility": "public"}
    )
    html = assert_error_pattern(response, "title_en", "title_cy", "question_en", "question_cy")
    for message in ("Enter the title in English", "Enter the title in Welsh", "Enter the question in English"):
        assert message in html
    assert counts() == before
    assert_summary_links_land_on_the_page(html)


def test_a_10000_character_title_is_refused_on_create_and_on_edit(world, as_user):
    client = as_user(world.alice)
    before = counts()
    response = client.post(reverse("staff:engagement_create", args=[world.org.slug]), valid_engagement(title_en=LONG))
    html = assert_error_pattern(response, "title_en")
    assert "at most 200 characters (it has 10000)" in html
    assert counts() == before

    response = client.post(reverse("staff:engagement", args=[world.public.slug]), valid_engagement(title_en=LONG))
    assert_error_pattern(response, "title_en")
    world.public.refresh_from_db()
    assert world.public.title_en == "Engagement outpatients"
    assert counts() == before


def test_a_10000_character_title_is_refused_in_welsh_when_welsh_is_chosen(world, as_user):
    client = as_user(world.alice)
    client.cookies["coproduce_language"] = "cy"
    before = counts()
    response = client.post(reverse("staff:engagement_create", args=[world.org.slug]), valid_engagement(title_en=LONG))
    html = assert_error_pattern(response, "title_en", language="cy")
    assert counts() == before
    assert 'lang="cy"' in html
    assert "Ensure this value has at most" not in html


def test_the_edit_page_keeps_the_saved_title_in_its_heading_after_a_refused_edit(world, as_user):
    # The form works on the engagement object: if the refused title leaked into the heading, staff would think
    # it had been saved.
    client = as_user(world.alice)
    response = client.post(
        reverse("staff:engagement", args=[world.public.slug]), valid_engagement(title_en="Not saved", question_en="")
    )
    html = assert_error_pattern(response, "question_en")
    heading = re.search(r'<h1 class="heading-l">(.*?)</h1>', html, re.S).group(1)
    assert heading.strip() == "Engagement outpatients"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('brief')</script>",
        "<img src=x onerror=alert('brief')>",
        "[click me](javascript:alert('brief'))",
        "<a href=\"javascript:alert('brief')\">click</a>",
        "<svg onload=alert('brief')>",
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_script_in_the_brief_is_saved_but_rendered_inert(world, as_user, payload):
    client = as_user(world.alice)
    response = client.post(
        reverse("staff:engagement", args=[world.public.slug]),
        valid_engagement(brief_en=f"Before. {payload} After.", visibility="public"),
    )
    assert response.status_code == 302
    world.public.refresh_from_db()
    assert payload in world.public.brief_en  # nothing the facilitator typed is lost

    html = client.get(world.public.get_absolute_url()).content.decode()
    brief = re.search(r'<div class="prose">(.*?)</div>', html, re.S).group(1)
    assert "Before." in brief and "After." in brief
    # Either escaped (&lt;script&gt;) or dropped by the sanitiser: never a live tag, handler or URL.
    assert not re.search(r"<script", html.replace("<script src=", ""), re.I) or "alert('brief')" not in html
    assert not re.search(r"<(script|iframe|svg|img)\b", brief, re.I), brief
    assert not re.search(r"<[a-z][^>]*\son\w+\s*=", html, re.I)  # no event handler inside a real tag
    assert "javascript:" not in html.lower()


def test_script_in_the_title_and_boundaries_is_escaped(world, as_user):
    client = as_user(world.alice)
    script = "<script>alert('t')</script>"
    response = client.post(
        reverse("staff:engagement", args=[world.public.slug]), valid_engagement(title_en=f"Title {script}")
    )
    assert response.status_code == 302
    response = client.post(reverse("staff:boundaries", args=[world.public.slug]), {"in_scope_en": f"Scope {script}"})
    assert response.status_code == 302

    for url in (
        world.public.get_absolute_url(),
        reverse("core:home"),
        reverse("staff:engagement", args=[world.public.slug]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert" in html, url


# --- Phases ----------------------------------------------------------------------------------------------------


def test_a_phase_ending_before_it_starts_is_refused(world, as_user):
    client = as_user(world.fran)
    before = counts()
    response = client.post(
        reverse("staff:phases", args=[world.public.slug]),
        {"kind": "decide", "starts_on": "2030-05-01", "ends_on": "2030-04-01", "state": "scheduled"},
    )
    html = assert_error_pattern(response, "ends_on")
    assert "The end date must be the same as or after the start date." in html
    assert counts() == before


def test_editing_a_phase_to_end_before_it_starts_changes_nothing(world, as_user):
    client = as_user(world.fran)
    phase = world.public.phases.get()
    response = client.post(
        reverse("staff:phase_edit", args=[world.public.slug, phase.pk]),
        {"kind": "review", "starts_on": "2030-05-01", "ends_on": "2030-04-01", "state": "closed"},
    )
    html = assert_error_pattern(response, "ends_on")
    assert "Edit phase: Listen" in html  # the saved phase, not the refused one
    fresh = Phase.objects.get(pk=phase.pk)
    assert (fresh.starts_on, fresh.ends_on, fresh.state) == (phase.starts_on, phase.ends_on, phase.state)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts_on": "", "ends_on": ""}, "starts_on", "Enter the start date"),
        ({"starts_on": "31/31/2030"}, "starts_on", "Enter a real start date, for example 2026-03-31"),
        ({"ends_on": "tomorrow"}, "ends_on", "Enter a real end date, for example 2026-04-30"),
    ],
)
def test_missing_or_unreal_phase_dates_are_refused(world, as_user, data, field, message):
    client = as_user(world.fran)
    before = counts()
    payload = {"kind": "decide", "starts_on": "2030-04-01", "ends_on": "2030-05-01", "state": "scheduled", **data}
    response = client.post(reverse("staff:phases", args=[world.public.slug]), payload)
    html = assert_error_pattern(response, field)
    assert message in html
    assert counts() == before


def test_a_phase_of_unknown_kind_or_with_an_unknown_feature_is_refused(world, as_user):
    client = as_user(world.fran)
    before = counts()
    for bad in ({"kind": "party"}, {"features": ["teleport"]}):
        payload = {"kind": "decide", "starts_on": "2030-04-01", "ends_on": "2030-05-01", "state": "scheduled", **bad}
        response = client.post(reverse("staff:phases", args=[world.public.slug]), payload)
        assert response.status_code == 200
        assert "There is a problem" in error_summary(response.content.decode())
    assert counts() == before


# --- Members and perspectives -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["overlord", "", "org_admin"])
def test_an_unknown_role_for_an_engagement_member_is_refused(world, as_user, role):
    # org_admin is a real role, but only organisation-wide: an engagement cannot have one.
    client = as_user(world.fran)
    before = counts()
    response = client.post(
        reverse("staff:members", args=[world.public.slug]), {"email": "new@example.org", "role": role}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert page_title(html).startswith("Error:")
    summary = error_summary(html)
    assert "There is a problem" in summary
    assert "#id_role" in summary
    assert counts() == before
    assert not get_user_model().objects.filter(email="new@example.org").exists()


def test_an_unknown_organisation_role_is_refused(world, as_user):
    client = as_user(world.alice)
    before = counts()
    response = client.post(
        reverse("staff:organisation_members", args=[world.org.slug]), {"email": "new@example.org", "role": "king"}
    )
    assert response.status_code == 200
    assert "#id_role" in error_summary(response.content.decode())
    assert counts() == before


def test_the_error_summary_link_of_a_radio_group_lands_on_the_first_radio(world, as_user):
    client = as_user(world.fran)
    response = client.post(reverse("staff:members", args=[world.public.slug]), {"email": "new@example.org", "role": ""})
    assert_summary_links_land_on_the_page(response.content.decode())
    # Every field of a form left empty, radios (languages, visibility) included.
    response = as_user(world.alice).post(reverse("staff:engagement_create", args=[world.org.slug]), {"title_en": ""})
    html = response.content.decode()
    assert {"id_languages_0", "id_visibility_0"} <= set(re.findall(r'<a href="#([^"]+)"', error_summary(html)))
    assert_summary_links_land_on_the_page(html)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-email", "Enter an email address in the right format, like name@example.org"),
        ("two@@example.org", "Enter an email address in the right format, like name@example.org"),
        ("", "Enter an email address"),
        ("a" * 250 + "@example.org", "at most 254 characters"),
    ],
)
def test_an_invalid_email_address_is_refused(world, as_user, email, message):
    client = as_user(world.fran)
    before = counts()
    response = client.post(reverse("staff:members", args=[world.public.slug]), {"email": email, "role": "mentor"})
    html = assert_error_pattern(response, "email")
    assert message in html
    assert counts() == before


@pytest.mark.parametrize("name", ["Patient", "patient", "  PATIENT  "])
def test_a_duplicate_perspective_is_refused(world, as_user, name):
    client = as_user(world.fran)
    before = counts()
    response = client.post(reverse("staff:perspectives", args=[world.public.slug]), {"name_en": name, "name_cy": ""})
    html = assert_error_pattern(response, "name_en")
    assert "This engagement already has that perspective" in html
    assert counts() == before


def test_the_same_perspective_in_another_engagement_is_fine(world, as_user):
    client = as_user(world.fran)
    world.link.perspectives.filter(name_en="Patient").delete()
    response = client.post(reverse("staff:perspectives", args=[world.link.slug]), {"name_en": "Patient"})
    assert response.status_code == 302
    assert world.link.perspectives.filter(name_en="Patient").count() == 1


def test_a_missing_perspective_name_is_refused(world, as_user):
    client = as_user(world.fran)
    before = counts()
    response = client.post(reverse("staff:perspectives", args=[world.public.slug]), {"name_en": " ", "name_cy": ""})
    html = assert_error_pattern(response, "name_en")
    assert "Enter the perspective" in html
    assert counts() == before


def test_a_perspective_in_welsh_only_is_saved_and_missing_its_english(world, as_user):
    response = as_user(world.fran).post(
        reverse("staff:perspectives", args=[world.public.slug]), {"name_en": "", "name_cy": "Gwirfoddolwr"}
    )
    assert response.status_code == 302
    perspective = world.public.perspectives.get(name_cy="Gwirfoddolwr")
    assert not perspective.name_en
    assert missing(perspective) == ["en"]


# --- Taking part ------------------------------------------------------------------------------------------------


def test_taking_part_without_agreeing_saves_nothing_and_sets_no_cookie(world, client):
    before = counts()
    response = client.post(reverse("engagements:take_part", args=[world.public.slug]), {"perspective": ""})
    assert_error_pattern(response, "consent")
    assert counts() == before
    assert "coproduce_participant" not in response.cookies


def test_a_perspective_of_another_engagement_is_refused(world, client):
    other = world.private.perspectives.first()
    before = counts()
    response = client.post(
        reverse("engagements:take_part", args=[world.public.slug]), {"consent": "on", "perspective": other.pk}
    )
    assert response.status_code == 200
    assert "There is a problem" in error_summary(response.content.decode())
    assert counts() == before


# --- Welsh ------------------------------------------------------------------------------------------------------


def welsh(message: str) -> str:
    """The Welsh catalogue's text for message; a missing translation fails the test (the catalogue is complete)."""
    with translation.override("cy"):
        text = gettext(message)
    assert text != message, f"the Welsh catalogue has no translation for {message!r}"
    return text


def test_a_missing_welsh_title_when_welsh_is_offered_is_named_in_english(world, as_user):
    client = as_user(world.alice)
    before = counts()
    response = client.post(
        reverse("staff:engagement_create", args=[world.org.slug]), valid_engagement(title_cy="", languages="en+cy")
    )
    html = assert_error_pattern(response, "title_cy")
    assert "Enter the title in Welsh" in html
    assert "Enter the title in English" not in html
    assert counts() == before


def test_a_missing_welsh_title_when_welsh_is_offered_is_named_in_welsh(world, as_user):
    client = as_user(world.alice)
    client.cookies["coproduce_language"] = "cy"
    before = counts()
    response = client.post(
        reverse("staff:engagement_create", args=[world.org.slug]), valid_engagement(title_cy="", languages="en+cy")
    )
    # Structure first: these hold whatever the state of the catalogue.
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="cy"' in html
    links = re.findall(r'<a href="#([^"]+)"', error_summary(html))
    assert links == ["id_title_cy"]
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*id="id_title_cy"[^>]*>', html).group(0)
    assert counts() == before
    # Then the words, in Welsh.
    assert "Enter the title in Welsh" not in html
    assert welsh("Enter the title in Welsh") in html
    assert welsh("There is a problem") in html
    assert page_title(html).startswith(welsh("Error:"))


def test_the_welsh_title_is_not_required_when_only_english_is_offered(world, as_user):
    client = as_user(world.alice)
    response = client.post(
        reverse("staff:engagement_create", args=[world.org.slug]),
        valid_engagement(title_cy="", question_cy="", languages="en"),
    )
    assert response.status_code == 302
    assert Engagement.objects.filter(title_en="Waiting rooms").exists()


def test_the_english_title_is_not_required_when_only_welsh_is_offered(world, as_user):
    client = as_user(world.alice)
    response = client.post(
        reverse("staff:engagement_create", args=[world.org.slug]),
        valid_engagement(title_en="", question_en="", languages="cy"),
    )
    assert response.status_code == 302
    created = Engagement.objects.get(title_cy="Ystafelloedd aros")
    assert created.slug.startswith("ystafelloedd-aros")
