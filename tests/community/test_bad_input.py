"""Staff's asset form: each bad input gets a clear message, in English and in Welsh, and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from coproduce.community.models import Asset

GOOD = {"name_en": "Town hall", "kind": "places", "postcode_district": "CF47", "visibility": "public"}


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name_en": ""}, "Enter the asset’s name"),
        ({"postcode_district": "CF47 1AB"}, "Enter the first part of a UK postcode, like CF10 or SA1"),
        ({"postcode_district": ""}, "Enter the first part of the postcode, like CF10 or SA1"),
        ({"latitude": "51.7"}, "Give both the latitude and the longitude, or neither"),
        ({"latitude": "91", "longitude": "-3.4"}, "Latitude is between -90 and 90"),
        ({"latitude": "51.7", "longitude": "-181"}, "Longitude is between -180 and 180"),
        ({"latitude": "north", "longitude": "-3.4"}, "Enter the latitude as a number, like 51.66"),
        ({"latitude": "51.123456", "longitude": "-3.4"}, "Give the latitude to at most 5 decimal places"),
        ({"kind": "wishes"}, None),
        ({"visibility": ""}, "Choose who can see it"),
    ],
)
def test_bad_asset_input_is_refused_in_both_languages(client, world, language, changes, message):
    client.force_login(world.alice)
    client.cookies["coproduce_language"] = language
    response = client.post(reverse("community_staff:asset_new", args=[world.org.slug]), {**GOOD, **changes})
    assert response.status_code == 400
    assert not Asset.objects.exists()
    body = response.content.decode()
    assert "error-summary" in body
    if message:
        with translation.override(language):
            expected = translation.gettext(message)
        assert expected in body
        if language == "cy":
            assert expected != message, "no Welsh for " + message


def test_the_good_input_is_saved(client, world):
    client.force_login(world.alice)
    response = client.post(reverse("community_staff:asset_new", args=[world.org.slug]), GOOD)
    assert response.status_code == 302
    assert Asset.objects.get().postcode_area == "CF"
