"""The Atom feed of updates: valid Atom, newest first, and only for who may see the engagement."""

from __future__ import annotations

import datetime as dt

import feedparser
from django.urls import reverse
from django.utils import timezone

from coproduce.delivery import actions
from coproduce.delivery.models import Action, ActionUpdate


def test_the_feed_is_valid_atom_and_lists_updates_newest_first(delivery, client):
    world, action = delivery.world, delivery.things["outpatients"].action
    actions.do_add_update(world.fran, action, "Supplier chosen.")
    actions.do_set_action_status(world.fran, action, Action.Status.IN_PROGRESS, text="Testing the texts.")
    actions.do_set_action_status(world.fran, action, Action.Status.DONE, text="Texts go out.")
    # Put the first update last in the table but earliest in time: the order must follow the dates.
    first = ActionUpdate.objects.get(text="Supplier chosen.")
    first.created_at = timezone.now() - dt.timedelta(days=3)
    first.save()
    response = client.get(reverse("delivery:feed", args=["outpatients"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert [entry.summary for entry in parsed.entries] == ["Texts go out.", "Testing the texts.", "Supplier chosen."]
    assert parsed.entries[0].title.endswith("now Done")
    assert parsed.entries[0].link.endswith(
        f"/engagements/outpatients/actions/{action.pk}/#update-{parsed.entries[0].id.rsplit(':', 1)[1]}"
    )
    times = [entry.updated_parsed for entry in parsed.entries]
    assert times == sorted(times, reverse=True)


def test_the_feed_of_a_private_engagement_is_not_found_for_strangers(delivery, client):
    assert client.get(reverse("delivery:feed", args=["staff-wellbeing"])).status_code == 404


def test_the_feed_carries_no_live_html(delivery, client):
    """Issue 13, item 7: titles and updates are the words people typed, sent as text (type="text"), so a reader
    never runs or loads what they contain."""
    import xml.etree.ElementTree as ET

    world, action = delivery.world, delivery.things["outpatients"].action
    Action.objects.filter(pk=action.pk).update(title="<script>alert('title')</script> reminders")
    action.refresh_from_db()
    body = '<img src="x" onerror="alert(1)"> <script>alert(2)</script> done'
    actions.do_set_action_status(world.fran, action, Action.Status.DONE, text=body)
    response = client.get(reverse("delivery:feed", args=["outpatients"]))
    assert response.status_code == 200
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ET.fromstring(response.content).find(f"{atom}entry")
    for name in ("title", "summary"):
        element = entry.find(atom + name)
        assert element.get("type", "text") == "text", (name, element.attrib)
    assert entry.find(f"{atom}summary").text == body  # the words, as text
    assert "<script>" in entry.find(f"{atom}title").text
    assert entry.find(f"{atom}content") is None
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.bozo_exception
    assert parsed.entries[0].summary_detail.type == "text/plain"


def test_the_welsh_feed_gives_the_welsh_and_marks_what_is_still_english(delivery, client, settings):
    world, action = delivery.world, delivery.things["outpatients"].action
    actions.do_add_update(world.fran, action, {"en": "Supplier chosen.", "cy": "Cyflenwr wedi’i ddewis."})
    actions.do_add_update(world.fran, action, "Only in English so far.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    body = client.get(reverse("delivery:feed", args=["outpatients"])).content.decode()
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.bozo_exception
    assert parsed.feed.language == "cy"
    welsh, english = parsed.entries[1], parsed.entries[0]
    assert welsh.summary == "Cyflenwr wedi’i ddewis." and welsh.summary_detail.language == "cy"
    assert english.summary == "Only in English so far." and english.summary_detail.language == "en"
