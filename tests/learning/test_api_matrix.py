"""The noticeboard and learning as open data: everyone gets the same, and what never leaves — who is in a study
club (only how many places are left), notices waiting for moderation or expired, and the boards of engagements that
are not public."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.learning.models import ClubMember
from tests.permission_matrix import client_for

COVERS = {
    "api-1:list_notices",
    "api-1:list_study_clubs",
    "api-1:list_learning_items",
    "api-1:get_learning_item",
    "api-1:list_learning_paths",
}
PERSONAS = ["anon", "pat", "fran", "alice", "mo", "erin"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_gets_the_same_open_data_and_nothing_else(learning, persona):
    w = learning
    ClubMember.objects.create(club=w.club, user=w.pat)
    client = client_for(persona, w)
    notices = client.get(reverse("api-1:list_notices")).json()
    assert [n["title_en"] for n in notices["items"]] == ["Pinned news"]  # not expired, pending, or private
    clubs = client.get(reverse("api-1:list_study_clubs"))
    assert clubs.status_code == 200
    club = clubs.json()["items"][0]
    assert club["places_left"] == 0 and club["courses"] == ["basics"] and len(club["meetings"]) == 6
    body = clubs.content.decode()
    for secret in ("Mo", "Pat", "mo@example.org", "pat@example.org", "member"):
        assert secret not in body.replace("members are not", ""), secret
    assert "members" not in club and "host" not in club
    items = client.get(reverse("api-1:list_learning_items")).json()
    assert items["items"][0]["slug"] == "basics"
    one = client.get(reverse("api-1:get_learning_item", args=["basics"]))
    assert one.status_code == 200 and "Read me" in one.json()["body"]
    assert client.get(reverse("api-1:get_learning_item", args=["nothing"])).status_code == 404
    paths = client.get(reverse("api-1:list_learning_paths")).json()
    assert paths["items"][0]["items"] == ["basics"]
