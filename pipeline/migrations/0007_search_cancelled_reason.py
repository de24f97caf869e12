"""The reason a cancelled search closes its candidates with (issue 25): "Search cancelled",
beside "Position filled"."""

from django.db import migrations


def seed(apps, schema_editor):
    DispositionReason = apps.get_model("pipeline", "DispositionReason")
    DispositionReason.objects.get_or_create(
        code="search_cancelled",
        defaults={"label": "Search cancelled", "side": "ours", "position": 8},
    )


class Migration(migrations.Migration):
    dependencies = [("pipeline", "0006_source_talent_pool")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
