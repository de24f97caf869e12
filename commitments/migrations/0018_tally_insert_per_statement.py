from django.db import migrations

from commitments.tallies import install_triggers


def install(apps, schema_editor):
    # The INSERT trigger sums each statement's new rows once (commitments.tallies,
    # _add_inserted) instead of once per row; the counts it keeps are the same, so the
    # summaries are not rebuilt. On SQLite the triggers are installed after `migrate`.
    if schema_editor.connection.vendor == "postgresql":
        install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0017_department_tallies"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
