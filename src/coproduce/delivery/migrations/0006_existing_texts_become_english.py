"""The texts written before delivery had English and Welsh become the English (see core.bilingual_migration)."""

from django.db import migrations

from coproduce.core.bilingual_migration import texts_become_english

TRANSLATED = {
    "Iteration": ("name", "goal"),
    "Action": ("title", "description", "owner", "status_reason"),
    "ActionUpdate": ("text",),
}


class Migration(migrations.Migration):
    dependencies = [("delivery", "0005_texts_in_english_and_welsh")]

    operations = [texts_become_english("delivery", TRANSLATED)]
