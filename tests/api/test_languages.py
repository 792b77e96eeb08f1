"""The API speaks the caller's language (Accept-Language): what staff wrote in both languages comes back in the one
asked for, and the answer says which (Content-Language), as the pages do (issue 15)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def engagement(language: str) -> tuple[dict, str]:
    response = Client().get("/api/v1/engagements/outpatients", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.json(), response["Content-Language"]


def test_staff_texts_come_back_in_the_language_asked_for(world):
    world.public.title_en, world.public.title_cy = "Outpatient appointments", "Apwyntiadau cleifion allanol"
    world.public.save()
    english, english_language = engagement("en")
    welsh, welsh_language = engagement("cy")
    assert (english["title"], english_language) == ("Outpatient appointments", "en")
    assert (welsh["title"], welsh_language) == ("Apwyntiadau cleifion allanol", "cy")
    assert [p["name"] for p in welsh["perspectives"]] == ["Claf", "Gofalwr", "Staff"]
    assert [p["name"] for p in english["perspectives"]] == ["Patient", "Carer", "Staff"]
