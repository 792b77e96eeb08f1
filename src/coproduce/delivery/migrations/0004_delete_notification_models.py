"""Delivery's notification tables go, now copied into coproduce.notifications (0003). A migration of its own, so
that on PostgreSQL the copy is committed before the tables it read are dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0003_copy_notifications"),
    ]

    operations = [
        migrations.DeleteModel(name="Notice"),
        migrations.DeleteModel(name="Subscription"),
        migrations.DeleteModel(name="Unsubscribed"),
    ]
