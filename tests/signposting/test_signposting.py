"""Signposting from a one-to-one conversation, with consent; the outcome recorded later; the person seen only by
those they agreed to; never from an anonymised challenge."""

from __future__ import annotations

from django.utils import timezone

from coproduce.engagements.models import AuditEvent
from coproduce.signposting.models import Signposting


def signpost(client, w, shared_with="signposter", **extra):
    conversation = w.conversations["public"]
    return client.post(
        f"/staff/engagements/outpatients/listening/{conversation.pk}/signpost/",
        {"service": str(w.advice.pk), "shared_with": shared_with, "consent": "on", **extra},
    )


def test_the_conversation_page_offers_signposting_to_its_author(directory, as_user):
    w = directory
    page = as_user(w.sam).get(f"/staff/engagements/outpatients/listening/{w.conversations['public'].pk}/")
    assert "Signpost this person to a service or a strength" in page.content.decode()


def test_a_spokesperson_signposts_and_records_the_outcome(directory, as_user):
    w = directory
    client = as_user(w.sam)
    response = signpost(client, w)
    record = Signposting.objects.get()
    assert response["Location"] == f"/staff/engagements/outpatients/signposting/{record.pk}/"
    assert (record.service, record.author, record.participant, record.outcome) == (
        w.advice,
        w.sam,
        w.pat_participant,
        "awaited",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Pat Jones" in page
    assert client.post(response["Location"], {"outcome": "helped"}).status_code == 302
    record.refresh_from_db()
    assert record.outcome == "helped" and record.outcome_recorded_at is not None
    actions = list(AuditEvent.objects.filter(engagement=w.public).values_list("action", flat=True))
    assert "signposting.signposted" in actions and "signposting.outcome_recorded" in actions
    event = AuditEvent.objects.get(action="signposting.signposted")
    assert "Pat" not in str(event.details)


def test_no_signposting_without_consent(directory, as_user):
    w = directory
    response = signpost(as_user(w.sam), w, consent="")
    assert response.status_code == 400
    assert "Signpost only with the person’s consent" in response.content.decode()
    assert not Signposting.objects.exists()


def test_no_signposting_once_consent_was_withdrawn(directory, as_user):
    w = directory
    conversation = w.conversations["public"]
    conversation.consent_withdrawn_at = timezone.now()
    conversation.save()
    response = signpost(as_user(w.sam), w)
    assert response.status_code == 302
    assert not Signposting.objects.exists()


def test_who_sees_the_person_is_who_they_agreed_to(directory, as_user, client):
    """Only the signposter, unless the person agreed that the conversation's readers (mentors, admins) may too.
    Other staff (a facilitator, another spokesperson) never; they see counts."""
    w = directory
    signpost(as_user(w.sam), w, shared_with="signposter")
    record = Signposting.objects.get()
    url = f"/staff/engagements/outpatients/signposting/{record.pk}/"
    expected = {w.sam: 200, w.mo: 403, w.alice: 403, w.fran: 403, w.erin: 403, w.olly: 403, w.pat: 403}
    got = {}
    for user in expected:
        client.force_login(user)
        response = client.get(url)
        got[user] = response.status_code
        if response.status_code != 200:
            assert "Pat Jones" not in response.content.decode()
    assert got == expected
    Signposting.objects.update(shared_with="readers")
    for user, status in {w.sam: 200, w.mo: 200, w.alice: 200, w.fran: 403, w.erin: 403}.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user
    # The overview lists a record only to whom may see it.
    client.force_login(w.fran)
    assert url not in client.get("/staff/engagements/outpatients/signposting/").content.decode()
    client.force_login(w.mo)
    assert url in client.get("/staff/engagements/outpatients/signposting/").content.decode()


def test_only_the_conversations_author_and_mentors_may_signpost(directory, as_user, client):
    w = directory
    url = f"/staff/engagements/outpatients/listening/{w.conversations['public'].pk}/signpost/"
    for user, status in {w.sam: 200, w.mo: 200, w.fran: 403, w.erin: 403, w.alice: 403, w.olly: 403}.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_there_is_no_way_to_signpost_from_a_challenge():
    """Challenges are anonymised: no URL takes one, and a record has no link to one."""
    from coproduce.signposting.models import Signposting as Model
    from tests.permission_matrix import url_names

    assert not [n for n in url_names("signposting", "signposting_staff") if "challenge" in n]
    assert not [f for f in Model._meta.get_fields() if "challenge" in f.name]


def test_a_person_is_signposted_to_a_strength_of_the_asset_map(directory, as_user):
    """To an asset as well as a service (issue 17): the organisation's published assets the signposter may see."""
    from coproduce.community.models import Asset
    from coproduce.signposting.figures import figures
    from tests.community.conftest import make_asset

    w = directory
    group = make_asset(w.org, "Walking group", kind=Asset.Kind.ASSOCIATIONS, name_cy="Grŵp cerdded")
    elsewhere = make_asset(w.other_org, "Other Council Library")
    private = make_asset(w.org, "Private Partner Contact", visibility=Asset.Visibility.PRIVATE)
    client = as_user(w.sam)
    conversation = w.conversations["public"]
    url = f"/staff/engagements/outpatients/listening/{conversation.pk}/signpost/"
    form = client.get(url).content.decode()
    assert "Walking group" in form
    assert "Other Council Library" not in form and "Private Partner Contact" not in form  # not sam's to see here
    for chosen, error in (
        ({"asset": str(elsewhere.pk)}, "Choose a strength from the list"),
        ({"asset": str(private.pk)}, "Choose a strength from the list"),
        ({"asset": str(group.pk), "service": str(w.advice.pk)}, "Choose a service or a strength, not both"),
        ({}, "Choose a service or a strength"),
    ):
        response = client.post(url, {"shared_with": "signposter", "consent": "on", **chosen})
        assert response.status_code == 400 and error in response.content.decode(), chosen
    assert not Signposting.objects.exists()

    response = client.post(url, {"asset": str(group.pk), "shared_with": "signposter", "consent": "on"})
    record = Signposting.objects.get()
    assert (record.asset, record.service, record.target) == (group, None, group)
    page = client.get(response["Location"]).content.decode()
    assert "Walking group" in page and group.get_absolute_url() in page
    assert client.post(response["Location"], {"outcome": "contacted"}).status_code == 302
    event = AuditEvent.objects.get(action="signposting.signposted")
    assert event.details["asset"] == group.pk
    conversation_page = client.get(f"/staff/engagements/outpatients/listening/{conversation.pk}/").content.decode()
    assert "Walking group" in conversation_page
    # The figures count the asset as they count services (small numbers hidden: here, one person).
    result = figures(Signposting.objects.all())
    assert result.total is None or result.by_service[0].label == "Walking group"
