"""The texts written before proposals had English and Welsh become the English (see core.bilingual_migration)."""

from django.db import migrations

from coproduce.core.bilingual_migration import texts_become_english

TRANSLATED = {
    "Proposal": ("title", "summary", "body", "status_reason", "boundary_note"),
    "ProposalVersion": ("title", "summary", "body", "note"),
    "ExpertInput": ("text",),
    "Decision": ("title", "decided_by", "reasons", "not_done"),
}


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_texts_in_english_and_welsh")]

    operations = [texts_become_english("proposals", TRANSLATED)]
