"""An organisation's own learning items and paths (only its managers change them, shown on its page), and a journey
round's next steps pointing to a learning path (through engagements.registry.JOURNEY_STEPS: journeys never names
this app)."""

from __future__ import annotations

from django.urls import reverse

from coproduce.engagements.models import AuditEvent
from coproduce.journeys import actions as journey_actions
from coproduce.learning.models import ActionPath, LearningItem, LearningPath
from tests.journeys.conftest import coproduction, journey_round  # noqa: F401 (fixtures)

ITEM = {
    "title_en": "Our way",
    "title_cy": "Ein ffordd",
    "minutes": 10,
    "level": "introduction",
    "topic": "coproduction",
    "language": "both",
}


def test_an_organisations_item_is_its_own(client, learning):
    client.force_login(learning.alice)
    # Started from glas's page, the form offers glas already.
    page = client.get(reverse("learning_staff:item_new") + "?for=glas").content.decode()
    assert f'<option value="{learning.org.pk}" selected>' in page
    client.post(reverse("learning_staff:item_new"), {**ITEM, "organisation": learning.org.pk})
    item = LearningItem.objects.get(title_en="Our way")
    assert item.organisation == learning.org
    assert AuditEvent.objects.filter(action="learning.item_added", organisation=learning.org).exists()
    # olly (another organisation's admin) writes the platform's catalogue, but neither sees glas's item there nor
    # may give an item to glas.
    client.force_login(learning.olly)
    catalogue = client.get(reverse("learning_staff:catalogue")).content.decode()
    assert reverse("learning_staff:item_edit", args=[item.slug]) not in catalogue
    assert reverse("learning_staff:item_edit", args=[learning.item.slug]) in catalogue
    before = LearningItem.objects.count()
    refused = client.post(reverse("learning_staff:item_new"), {**ITEM, "organisation": learning.org.pk})
    assert refused.status_code == 400 and LearningItem.objects.count() == before
    assert "Choose an organisation you manage" in refused.content.decode()


def test_the_organisations_page_shows_its_own_learning(client, learning):
    page = client.get(reverse("learning:organisation", args=["glas"])).content.decode()
    assert learning.own_item.get_absolute_url() in page and learning.own_path.get_absolute_url() in page
    # The platform's items are not glas's.
    assert learning.item.get_absolute_url() not in page
    item_page = client.get(learning.own_item.get_absolute_url()).content.decode()
    assert reverse("learning:organisation", args=["glas"]) in item_page
    other = client.get(reverse("learning:organisation", args=["other"])).content.decode()
    assert learning.own_item.get_absolute_url() not in other


def test_a_next_step_points_to_a_learning_path(client, learning, journey_round):  # noqa: F811 (a fixture)
    step = journey_actions.do_add_next_step(learning.alice, journey_round, title="Train the panel", owner="Us")
    results = reverse("journeys_staff:results", args=[journey_round.pk])
    link = reverse("learning_staff:action_path", args=[step.action_id])
    client.force_login(learning.alice)
    page = client.get(results).content.decode()
    assert link in page and learning.own_path.slug in page and learning.path.slug in page
    response = client.post(link, {"path": learning.own_path.slug, "next": results})
    assert response.status_code == 302 and response.url == results
    assert ActionPath.objects.get(action_id=step.action_id).path == learning.own_path
    assert learning.own_path.get_absolute_url() in client.get(results).content.decode()
    # Another organisation's path is not offered, and is refused.
    theirs = LearningPath.objects.create(slug="theirs", title_en="Theirs", organisation=learning.other_org)
    client.post(link, {"path": theirs.slug, "next": results})
    assert ActionPath.objects.get(action_id=step.action_id).path == learning.own_path
    # An address elsewhere is not followed back.
    assert client.post(link, {"path": "", "next": "https://example.com/"}).url == reverse("learning:home")
    assert not ActionPath.objects.filter(action_id=step.action_id).exists()
    # Staff who do not manage the round see the path, not the form.
    ActionPath.objects.create(action_id=step.action_id, path=learning.path)
    client.force_login(learning.erin)
    page = client.get(results).content.decode()
    assert learning.path.get_absolute_url() in page and link not in page


def test_the_steps_section_stays_flat(client, learning, journey_round):  # noqa: F811 (a fixture)
    """The section's queries do not grow with the steps (two for the links and the paths, whatever their number)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = reverse("journeys_staff:results", args=[journey_round.pk])
    client.force_login(learning.alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(results).status_code == 200
        return len(queries)

    step = journey_actions.do_add_next_step(learning.alice, journey_round, title="One", owner="Us")
    ActionPath.objects.create(action_id=step.action_id, path=learning.path)
    one = count()
    for n in range(3):
        more = journey_actions.do_add_next_step(learning.alice, journey_round, title=f"More {n}", owner="Us")
        ActionPath.objects.create(action_id=more.action_id, path=learning.own_path)
    assert count() == one
