from django.db import migrations, models


def detect_existing(apps, schema_editor):
    """Statements written before the language was recorded: detected from their words, offline (English when the
    words do not say clearly). Set-based: one UPDATE for the Welsh ones; English is the column's default."""
    from coproduce.translations.detect import detect_language

    Statement = apps.get_model("conversations", "Statement")
    welsh = [pk for pk, text in Statement.objects.values_list("pk", "text").iterator() if detect_language(text) == "cy"]
    for start in range(0, len(welsh), 500):
        Statement.objects.filter(pk__in=welsh[start : start + 500]).update(language="cy")


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0001_initial"),
        ("translations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("cy", "Welsh")], default="en", max_length=8, verbose_name="language"
            ),
        ),
        migrations.RunPython(detect_existing, migrations.RunPython.noop),
    ]
