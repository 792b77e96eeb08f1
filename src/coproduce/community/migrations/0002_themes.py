"""The themes assets are found by, in English and Welsh (the map's theme filter). More can be added in the Django
admin; the demo and the tests rely on these slugs."""

from django.db import migrations

THEMES = [
    ("health", "Health and wellbeing", "Iechyd a lles"),
    ("carers", "Carers", "Gofalwyr"),
    ("young-people", "Children and young people", "Plant a phobl ifanc"),
    ("older-people", "Older people", "Pobl hŷn"),
    ("loneliness", "Company and friendship", "Cwmni a chyfeillgarwch"),
    ("activity", "Sport and being active", "Chwaraeon a bod yn egnïol"),
    ("environment", "Nature and the environment", "Natur a’r amgylchedd"),
    ("food", "Food", "Bwyd"),
    ("money", "Money and work", "Arian a gwaith"),
    ("transport", "Getting around", "Teithio o gwmpas"),
    ("learning", "Learning and skills", "Dysgu a sgiliau"),
    ("arts", "Arts and culture", "Celfyddydau a diwylliant"),
    ("welsh", "Welsh language", "Yr iaith Gymraeg"),
]


def forwards(apps, schema_editor):
    AssetTheme = apps.get_model("community", "AssetTheme")
    for position, (slug, en, cy) in enumerate(THEMES):
        AssetTheme.objects.update_or_create(
            slug=slug, defaults={"name": en, "name_en": en, "name_cy": cy, "position": position * 10}
        )


def backwards(apps, schema_editor):
    apps.get_model("community", "AssetTheme").objects.filter(slug__in=[slug for slug, _en, _cy in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0001_assets")]
    operations = [migrations.RunPython(forwards, backwards)]
