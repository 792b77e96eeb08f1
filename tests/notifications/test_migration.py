"""The data migration out of delivery (delivery 0003 and 0004): subscriptions, waiting notices and the do-not-mail
list are copied into notifications' tables, existing subscriptions count as confirmed, and the migration can be
reversed. Run on whichever database the suite uses (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


BEFORE_THE_MOVE = ("delivery", "0002_notice_claimed_at")


def before() -> list[tuple[str, str | None]]:
    """Delivery just before the move; every other app at its latest migration that needs no later one of delivery's
    (an app whose first migration needs one is unapplied, as going back would do)."""
    graph = MigrationExecutor(connection).loader.graph
    delivery_leaf = next(node for node in leaves() if node[0] == "delivery")
    later = {n for n in graph.forwards_plan(delivery_leaf) if n[0] == "delivery"} - set(
        graph.forwards_plan(BEFORE_THE_MOVE)
    )
    targets: list[tuple[str, str | None]] = [BEFORE_THE_MOVE]
    for node in leaves():
        if node[0] == "delivery":
            continue
        current: tuple[str, str] | None = node
        while current is not None and later & set(graph.forwards_plan(current)):
            parents = [parent for parent in graph.node_map[current].parents if parent[0] == node[0]]
            current = parents[0].key if parents else None
        targets.append(current if current is not None else (node[0], None))
    return targets


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    # (app, None) unapplies the app: it has no state to read.
    return MigrationExecutor(connection).loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.fixture
def old_world(transactional_db):
    apps = migrate(before())
    try:
        yield apps
    finally:
        migrate(leaves())  # the schema the rest of the suite expects


def test_the_move_copies_everything_and_can_be_undone(old_world):
    apps = old_world
    Organisation = apps.get_model("engagements", "Organisation")
    Engagement = apps.get_model("engagements", "Engagement")
    Participant = apps.get_model("engagements", "Participant")
    Decision = apps.get_model("proposals", "Decision")
    Action = apps.get_model("delivery", "Action")
    OldSubscription = apps.get_model("delivery", "Subscription")
    OldNotice = apps.get_model("delivery", "Notice")
    OldUnsubscribed = apps.get_model("delivery", "Unsubscribed")

    org = Organisation.objects.create(slug="glas", name_en="Glas")
    engagement = Engagement.objects.create(organisation=org, slug="outpatients", title_en="Outpatients")
    readers = [Participant.objects.create(engagement=engagement) for _ in range(3)]
    decision = Decision.objects.create(
        engagement=engagement, title="Texts", decided_by="Board", decided_on=dt.date(2026, 1, 1), reasons="Asked"
    )
    action = Action.objects.create(engagement=engagement, decision=decision, title="Send texts", owner="Team")
    sent_update = action.updates.create(text="Started")
    waiting_update = action.updates.create(text="Done", status="done")
    made = timezone.now() - dt.timedelta(days=30)
    # Ids that are not those the copies will get: the notices must follow their subscription, not its old number.
    OldSubscription.objects.create(
        pk=40, engagement=engagement, participant=readers[0], email="a@example.org", language="cy", created_at=made
    )
    daily = OldSubscription.objects.create(
        pk=41, engagement=engagement, participant=readers[2], email="b@example.org", language="en", frequency="daily"
    )
    OldNotice.objects.create(subscription_id=40, update=sent_update, sent_at=timezone.now())
    OldNotice.objects.create(subscription=daily, update=waiting_update)
    OldUnsubscribed.objects.create(email="gone@example.org")

    apps = migrate(leaves())
    Subscription = apps.get_model("notifications", "Subscription")
    Notice = apps.get_model("notifications", "Notice")
    Unsubscribed = apps.get_model("notifications", "Unsubscribed")
    assert sorted(
        Subscription.objects.values_list("topic", "subscriber", "email", "language", "frequency", "confirmed_at")
    ) == [
        (f"delivery:{engagement.pk}", f"participant:{readers[0].pk}", "a@example.org", "cy", "immediate", made),
        (f"delivery:{engagement.pk}", f"participant:{readers[2].pk}", "b@example.org", "en", "daily", daily.created_at),
    ]
    notices = {
        (n.subscription.email, n.item, n.sent_at is not None) for n in Notice.objects.select_related("subscription")
    }
    assert notices == {("a@example.org", str(sent_update.pk), True), ("b@example.org", str(waiting_update.pk), False)}
    assert list(Unsubscribed.objects.values_list("email", flat=True)) == ["gone@example.org"]
    assert "delivery_subscription" not in connection.introspection.table_names()

    apps = migrate(before())
    OldSubscription = apps.get_model("delivery", "Subscription")
    OldNotice = apps.get_model("delivery", "Notice")
    assert sorted(OldSubscription.objects.values_list("participant_id", "email", "frequency")) == [
        (readers[0].pk, "a@example.org", "immediate"),
        (readers[2].pk, "b@example.org", "daily"),
    ]
    assert sorted(OldNotice.objects.values_list("update_id", "subscription__email")) == [
        (sent_update.pk, "a@example.org"),
        (waiting_update.pk, "b@example.org"),
    ]
    assert list(apps.get_model("delivery", "Unsubscribed").objects.values_list("email", flat=True)) == [
        "gone@example.org"
    ]
    assert not apps.get_model("notifications", "Subscription").objects.exists()
