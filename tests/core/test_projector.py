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
