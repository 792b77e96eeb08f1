"""Issue 16: platform admins create organisations from the staff area (name in English and Welsh, a short name for
web addresses that is checked, an audit event); nobody else may (the permission matrix has every persona's row)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.engagements.models import AuditEvent, Organisation

pytestmark = pytest.mark.django_db

URL = "/staff/organisations/new/"


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root@example.org", "a-long-test-password")


def test_a_platform_admin_creates_an_organisation_in_both_languages_with_an_audit_event(world, client, root):
    assert reverse("staff:organisation_create") == URL
    client.force_login(root)
    page = client.get(URL).content.decode()
    assert 'name="name_en"' in page and 'name="name_cy"' in page and 'lang="cy"' in page
    response = client.post(
        URL,
        {"name_en": "Bryn Council", "name_cy": "Cyngor Bryn", "slug": "bryn", "website": "www.bryn.example"},
    )
    organisation = Organisation.objects.get(slug="bryn")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:organisation_members", args=["bryn"])
    assert (organisation.name_en, organisation.name_cy) == ("Bryn Council", "Cyngor Bryn")
    assert organisation.website == "https://www.bryn.example"
    event = AuditEvent.objects.get(action="organisation.created")
    assert event.organisation == organisation and event.actor == root and event.details == {"slug": "bryn"}
    # The platform admin then adds its first admin on its members page.
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("glas", "Another organisation already has this short name: choose another"),
        ("Bryn", "Use only lower-case letters, numbers and hyphens in the short name"),
        ("bryn council", "Use only lower-case letters, numbers and hyphens in the short name"),
        ("bryn_council", "Use only lower-case letters, numbers and hyphens in the short name"),
        ("-bryn", "Use only lower-case letters, numbers and hyphens in the short name"),
        ("new", "This short name is kept for the service’s own pages: choose another"),
        ("", "Enter a short name for web addresses"),
    ],
)
def test_a_bad_short_name_is_refused_with_a_clear_message_and_nothing_saved(world, client, root, slug, message):
    client.force_login(root)
    before = Organisation.objects.count()
    response = client.post(URL, {"name_en": "Bryn Council", "name_cy": "Cyngor Bryn", "slug": slug})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Organisation.objects.count() == before and not AuditEvent.objects.exists()


def test_a_name_is_needed_in_one_language_at_least(world, client, root):
    client.force_login(root)
    response = client.post(URL, {"slug": "bryn"})
    assert response.status_code == 400 and "Enter the organisation’s name" in response.content.decode()
    assert not Organisation.objects.filter(slug="bryn").exists()


def test_only_platform_admins_see_the_link_and_the_page(world, client, root):
    client.force_login(world.alice)  # an organisation's admin is not a platform admin
    assert URL not in client.get(reverse("staff:dashboard")).content.decode()
    assert client.get(URL).status_code == 403
    client.force_login(root)
    assert f'href="{URL}"' in client.get(reverse("staff:dashboard")).content.decode()
