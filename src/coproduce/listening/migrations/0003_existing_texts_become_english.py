"""The texts written before listening had English and Welsh become the English (see core.bilingual_migration)."""

from django.db import migrations

from coproduce.core.bilingual_migration import texts_become_english

TRANSLATED = {"Theme": ("name",)}


class Migration(migrations.Migration):
    dependencies = [("listening", "0002_texts_in_english_and_welsh")]

    operations = [texts_become_english("listening", TRANSLATED)]
