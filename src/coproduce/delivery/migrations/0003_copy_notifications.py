"""Notifications moved to their own app (coproduce.notifications, docs/decisions/0011-notifications.md): copy
delivery's subscriptions, waiting notices and do-not-mail list into its tables. The next migration drops delivery's.

A subscription becomes one to the topic "delivery:<engagement id>" by the subscriber "participant:<id>", confirmed
when it was made: these people asked before double opt-in existed, and asking them again would lose most of them.
A notice's item is its update's id. Written with the ORM (no SQL of one database), in batches, so it runs the
same on SQLite and PostgreSQL; the copied rows get new ids, mapped for the notices.
"""

from django.db import migrations

BATCH = 500


def _batches(queryset):
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def forward(apps, schema_editor):
    OldSubscription = apps.get_model("delivery", "Subscription")
    OldNotice = apps.get_model("delivery", "Notice")
    OldUnsubscribed = apps.get_model("delivery", "Unsubscribed")
    Subscription = apps.get_model("notifications", "Subscription")
    Notice = apps.get_model("notifications", "Notice")
    Unsubscribed = apps.get_model("notifications", "Unsubscribed")

    new_id = {}
    for rows in _batches(OldSubscription.objects.all()):
        for old in rows:
            # One by one: the new id of each is needed for its notices, and bulk_create returns ids only on
            # some databases. Subscriptions are few (one per person and engagement).
            new = Subscription.objects.create(
                topic=f"delivery:{old.engagement_id}",
                subscriber=f"participant:{old.participant_id}",
                email=old.email,
                language=old.language,
                frequency=old.frequency,
                confirmed_at=old.created_at,
                created_at=old.created_at,
            )
            new_id[old.pk] = new.pk
    for rows in _batches(OldNotice.objects.all()):
        Notice.objects.bulk_create(
            [
                Notice(
                    subscription_id=new_id[old.subscription_id],
                    item=str(old.update_id),
                    sent_at=old.sent_at,
                    claimed_at=old.claimed_at,
                    created_at=old.created_at,
                )
                for old in rows
            ]
        )
    for rows in _batches(OldUnsubscribed.objects.all()):
        Unsubscribed.objects.bulk_create(
            [Unsubscribed(email=old.email, created_at=old.created_at) for old in rows], ignore_conflicts=True
        )


def backward(apps, schema_editor):
    """Back into delivery's tables (which the previous migration's reversal made again): delivery's topics only,
    taken out of notifications' tables so that migrating forward again copies them once."""
    OldSubscription = apps.get_model("delivery", "Subscription")
    OldNotice = apps.get_model("delivery", "Notice")
    OldUnsubscribed = apps.get_model("delivery", "Unsubscribed")
    ActionUpdate = apps.get_model("delivery", "ActionUpdate")
    Participant = apps.get_model("engagements", "Participant")
    Subscription = apps.get_model("notifications", "Subscription")
    Notice = apps.get_model("notifications", "Notice")
    Unsubscribed = apps.get_model("notifications", "Unsubscribed")

    ours = Subscription.objects.filter(topic__startswith="delivery:", subscriber__startswith="participant:")
    old_id = {}
    for rows in _batches(ours):
        participants = dict(
            Participant.objects.filter(pk__in=[int(s.subscriber.split(":")[1]) for s in rows]).values_list(
                "pk", "engagement_id"
            )
        )
        for new in rows:
            participant_id = int(new.subscriber.split(":")[1])
            if participant_id not in participants:
                continue  # a participant record that is gone: nothing to point at
            old = OldSubscription.objects.create(
                engagement_id=participants[participant_id],
                participant_id=participant_id,
                email=new.email,
                language=new.language,
                frequency=new.frequency,
                created_at=new.created_at,
            )
            old_id[new.pk] = old.pk
    updates = set(ActionUpdate.objects.values_list("pk", flat=True))
    for rows in _batches(Notice.objects.filter(subscription__in=ours)):
        OldNotice.objects.bulk_create(
            [
                OldNotice(
                    subscription_id=old_id[n.subscription_id],
                    update_id=int(n.item),
                    sent_at=n.sent_at,
                    claimed_at=n.claimed_at,
                    created_at=n.created_at,
                )
                for n in rows
                if n.subscription_id in old_id and n.item.isdigit() and int(n.item) in updates
            ],
            ignore_conflicts=True,
        )
    for rows in _batches(Unsubscribed.objects.all()):
        OldUnsubscribed.objects.bulk_create(
            [OldUnsubscribed(email=u.email, created_at=u.created_at) for u in rows], ignore_conflicts=True
        )
    ours.delete()
    Unsubscribed.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0002_notice_claimed_at"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
