"""The profile page: your name and your language, nothing else."""

from __future__ import annotations

from django.urls import reverse


def test_saving_the_profile_changes_name_and_language(world, as_user):
    client = as_user(world.pat)
    response = client.post(reverse("accounts:profile"), {"display_name": "Patricia", "preferred_language": "cy"})
    assert response.status_code == 302
    world.pat.refresh_from_db()
    assert (world.pat.display_name, world.pat.preferred_language) == ("Patricia", "cy")
    assert client.get(reverse("accounts:profile"))["Content-Language"] == "cy"


def test_the_profile_cannot_change_the_email_address_or_admin_rights(world, as_user):
    client = as_user(world.pat)
    client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Pat",
            "preferred_language": "en",
            "email": "boss@example.org",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    world.pat.refresh_from_db()
    assert world.pat.email == "pat@example.org"
    assert not world.pat.is_staff and not world.pat.is_superuser


def test_an_unknown_language_is_refused_and_nothing_is_saved(world, as_user):
    client = as_user(world.pat)
    response = client.post(reverse("accounts:profile"), {"display_name": "Changed", "preferred_language": "xx"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    world.pat.refresh_from_db()
    assert world.pat.display_name == "Pat"
