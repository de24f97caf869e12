from django.db import migrations, models

from commitments.tallies import bump_every_version, install_triggers


def install_and_number(apps, schema_editor):
    # The triggers again (they now give each department a new version of its summary rows
    # with every change: `TallyVersion`), and a first version for every department.
    # PostgreSQL only: on SQLite no figure is kept (commitments.tallies).
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        install_triggers(connection)
        with connection.cursor() as cursor:
            bump_every_version(cursor)


def drop_team_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS commitment_tally_team ON hiring_hiringteammember")


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0018_tally_insert_per_statement'),
    ]

    operations = [
        migrations.CreateModel(
            name='TallyVersion',
            fields=[
                ('department', models.CharField(max_length=80, primary_key=True, serialize=False)),
                ('version', models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(install_and_number, drop_team_trigger),
    ]
