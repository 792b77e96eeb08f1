"""The two frameworks the platform ships (journeys/frameworks/*.json: co-production and data maturity), in English
and Welsh, written with the migration's own models (the texts' columns directly)."""

from django.db import migrations


def install(apps, schema_editor):
    from coproduce.journeys.frameworkjson import shipped

    Framework = apps.get_model("journeys", "Framework")
    Level = apps.get_model("journeys", "Level")
    Dimension = apps.get_model("journeys", "Dimension")
    Statement = apps.get_model("journeys", "Statement")

    def cols(name, texts):
        return {f"{name}_{code}": (text or None) for code, text in texts.items()} | {name: texts.get("en") or ""}

    for data in shipped():
        if Framework.objects.filter(slug=data.slug).exists():
            continue
        framework = Framework.objects.create(
            slug=data.slug,
            **cols("name", data.name),
            **cols("description", data.description),
            **cols("source", data.source),
        )
        for number, (name, description) in enumerate(data.levels, start=1):
            Level.objects.create(
                framework=framework, number=number, **cols("name", name), **cols("description", description)
            )
        for position, d in enumerate(data.dimensions):
            dimension = Dimension.objects.create(
                framework=framework,
                key=d.key,
                position=position,
                **cols("name", d.name),
                **cols("description", d.description),
            )
            for j, text in enumerate(d.statements):
                Statement.objects.create(dimension=dimension, position=j, **cols("text", text))


class Migration(migrations.Migration):
    dependencies = [("journeys", "0001_initial")]

    # Going back leaves the shipped frameworks (installing skips those already there, and going back past 0001 drops
    # the tables): deleting them here would cascade through other apps' historical models, which Django refuses.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
