"""The projector screen shows the join address in large type and as a QR code that a phone can read."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coproduce.core.projector import join_code

pytestmark = pytest.mark.django_db


def test_the_qr_code_is_inline_svg_with_a_label_and_no_script():
    svg = str(join_code("https://coproduce.example.org/engagements/x/take-part/", 'Join "x" <now>'))
    assert svg.startswith('<svg role="img" aria-label="Join &quot;x&quot; &lt;now&gt;"')
    assert "<script" not in svg and "style=" not in svg  # the Content-Security-Policy allows neither
    # A QR code of version 1 to 40 is 21 to 177 modules wide, plus the quiet zone of 4 on each side.
    width = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    assert 21 + 8 <= width <= 177 + 8


def test_the_live_view_shows_the_join_address_and_its_code_but_the_refresh_does_not(world, client):
    client.force_login(world.fran)
    url = reverse("conversations_staff:live", args=["outpatients"])
    join = "http://testserver" + reverse("engagements:take_part", args=["outpatients"])
    page = client.get(url).content.decode()
    assert f'href="{join}"' in page
    assert 'class="qr"' in page
    refresh = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert join not in refresh and 'class="qr"' not in refresh


def test_an_unchanged_panel_is_answered_with_304_and_a_changed_one_in_full(world, client):
    from coproduce.conversations.access import conversation_of
    from coproduce.conversations.models import Statement

    client.force_login(world.fran)
    url = reverse("conversations_staff:live", args=["outpatients"])
    poll = {"HX-Request": "true"}
    first = client.get(url, headers=poll)
    etag = first["ETag"]
    assert first.status_code == 200 and etag and "HX-Request" in first["Vary"]
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    unchanged = client.get(url, headers={**poll, "If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    Statement.objects.create(conversation=conversation_of(world.public), text="Parking is hard")
    changed = client.get(url, headers={**poll, "If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    # The full page is never answered from the panel's ETag, and varies on HX-Request too.
    page = client.get(url, headers={"If-None-Match": changed["ETag"]})
    assert page.status_code == 200 and "data-projector" in page.content.decode() and "HX-Request" in page["Vary"]


def test_the_page_offers_a_full_screen_button_only_to_its_script(world, client):
    client.force_login(world.fran)
    page = client.get(reverse("conversations_staff:live", args=["outpatients"])).content.decode()
    assert re.search(r"<button [^>]*data-projector-fullscreen[^>]*hidden>Full screen</button>", page)
    assert "coproduce/projector" in page and ".js" in page
