"""Organisation API keys in the staff area: only organisation admins; shown once, stored hashed; scoped; revocable;
last use recorded; every change audited; bad input changes nothing. The licence is chosen on the same page."""

from __future__ import annotations

import hashlib

from django.urls import reverse
from django.utils import timezone

from coproduce.api.models import ApiKey
from coproduce.engagements.models import AuditEvent, Licence


def keys_url(org="glas") -> str:
    return reverse("api_staff:api_keys", args=[org])


def test_only_organisation_admins_reach_the_page(api_world, client, as_user):
    assert client.get(keys_url()).status_code == 302  # to sign in
    for person in ("fran", "sam", "pat", "olly"):
        assert as_user(getattr(api_world, person)).get(keys_url()).status_code == 403, person
        assert as_user(getattr(api_world, person)).post(keys_url(), {"name": "x", "scope": "write"}).status_code == 403
    assert ApiKey.objects.count() == 3
    assert as_user(api_world.alice).get(keys_url()).status_code == 200
    assert as_user(api_world.olly).get(keys_url("other")).status_code == 200


def test_a_new_key_is_shown_once_and_stored_hashed(api_world, as_user):
    browser = as_user(api_world.alice)
    response = browser.post(keys_url(), {"name": "  Research   dashboard ", "scope": "read"})
    assert response.status_code == 302
    key = ApiKey.objects.get(name="Research dashboard")
    page = browser.get(keys_url()).content.decode()
    secret = page.split('id="new-api-key">')[1].split("<")[0]
    assert secret.startswith(key.prefix + "_")
    assert key.hashed == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiKey.objects.values()))  # only the fingerprint is stored
    assert secret not in browser.get(keys_url()).content.decode()  # never shown again
    assert ApiKey.find(secret) == key
    assert AuditEvent.objects.filter(
        action="api_key.created", organisation=api_world.org, actor=api_world.alice
    ).exists()
    assert secret not in str(list(AuditEvent.objects.values_list("details", flat=True)))

    assert key.last_used_at is None
    assert browser.get("/api/v1/engagements", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None and (timezone.now() - key.last_used_at).total_seconds() < 60


def test_revoked_keys_stop_working_at_once(api_world, as_user, client):
    secret = api_world.write_secret
    assert client.get("/api/v1/engagements/staff-wellbeing", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    browser = as_user(api_world.alice)
    response = browser.post(reverse("api_staff:api_key_revoke", args=["glas", api_world.write_key.pk]))
    assert response.status_code == 302
    api_world.write_key.refresh_from_db()
    assert api_world.write_key.revoked_at is not None
    assert client.get("/api/v1/engagements/staff-wellbeing", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert AuditEvent.objects.filter(action="api_key.revoked", details__key=api_world.write_key.pk).count() == 1
    # Another organisation's admin cannot revoke glas's keys, even knowing the number.
    olly = as_user(api_world.olly)
    assert olly.post(reverse("api_staff:api_key_revoke", args=["glas", api_world.read_key.pk])).status_code == 403
    assert olly.post(reverse("api_staff:api_key_revoke", args=["other", api_world.read_key.pk])).status_code == 404
    api_world.read_key.refresh_from_db()
    assert api_world.read_key.revoked_at is None


def test_bad_input_changes_nothing(api_world, as_user):
    browser = as_user(api_world.alice)
    before = ApiKey.objects.count(), AuditEvent.objects.count()
    for data in (
        {"name": "", "scope": "read"},
        {"name": "   ", "scope": "read"},
        {"name": "Key", "scope": "admin"},
        {"name": "x" * 101, "scope": "read"},
    ):
        response = browser.post(keys_url(), data)
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    assert (ApiKey.objects.count(), AuditEvent.objects.count()) == before


def test_the_licence_is_chosen_by_admins_and_audited(api_world, as_user):
    url = reverse("api_staff:licence", args=["glas"])
    assert as_user(api_world.fran).post(url, {"licence": Licence.CC0}).status_code == 403
    browser = as_user(api_world.alice)
    response = browser.post(url, {"licence": "MIT"})
    assert response.status_code == 200 and "Choose a licence" in response.content.decode()
    api_world.org.refresh_from_db()
    assert api_world.org.licence == Licence.OGL_3
    assert browser.post(url, {"licence": Licence.CC_BY_SA_4}).status_code == 302
    api_world.org.refresh_from_db()
    assert api_world.org.licence == Licence.CC_BY_SA_4
    event = AuditEvent.objects.get(action="organisation.licence_changed")
    assert event.details == {"before": "OGL-UK-3.0", "after": "CC-BY-SA-4.0"}
    licence = browser.get("/api/v1/organisations/glas").json()["licence"]
    assert licence["name"] == "CC-BY-SA-4.0" and "Glas Valley Health Board" in licence["attribution"]


def test_write_keys_enrol_and_seed_but_only_in_their_organisation(api_world, client):
    write = {"HTTP_AUTHORIZATION": f"Bearer {api_world.write_secret}"}
    response = client.post(
        "/api/v1/engagements/staff-wellbeing/statements",
        {"text": "Quiet rooms for breaks"},
        content_type="application/json",
        **write,
    )
    assert response.status_code == 201
    from coproduce.conversations.models import Statement

    statement = Statement.objects.get(pk=response.json()["id"])
    assert statement.origin == Statement.Origin.SEED and statement.author is None
    assert AuditEvent.objects.filter(action="statement.seeded", details__statement=statement.pk).exists()
    assert AuditEvent.objects.get(action="api_key.statement_seeded").details == {
        "key": api_world.write_key.pk,
        "prefix": api_world.write_key.prefix,
        "statement": statement.pk,
    }
    other = {"HTTP_AUTHORIZATION": f"Bearer {api_world.other_secret}"}
    response = client.post(
        "/api/v1/engagements/outpatients/statements",
        {"text": "Seeded by a stranger"},
        content_type="application/json",
        **other,
    )
    assert response.status_code == 403
    assert not Statement.objects.filter(text="Seeded by a stranger").exists()
