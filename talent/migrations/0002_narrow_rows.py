"""Narrow rows for the pool's search (PostgreSQL only): the texts read for snippets and the
person's page (body, resume_text, skills) go out of line, the tsvector stays in the row.
Ranking reads every matching row's vector: measured on 60,000 people (make bench-talent),
ranking 9,081 matches took 224 ms with ~3 KB rows and 84–104 ms with these."""

from django.db import migrations

NARROW = (
    "ALTER TABLE talent_pooldocument "
    "ALTER COLUMN body SET STORAGE EXTERNAL, "
    "ALTER COLUMN resume_text SET STORAGE EXTERNAL, "
    "ALTER COLUMN skills SET STORAGE EXTERNAL, "
    "ALTER COLUMN search_vector SET STORAGE MAIN, "
    "SET (toast_tuple_target = 256)"
)
WIDE = (
    "ALTER TABLE talent_pooldocument "
    "ALTER COLUMN body SET STORAGE EXTENDED, "
    "ALTER COLUMN resume_text SET STORAGE EXTENDED, "
    "ALTER COLUMN skills SET STORAGE EXTENDED, "
    "ALTER COLUMN search_vector SET STORAGE EXTENDED, "
    "RESET (toast_tuple_target)"
)


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NARROW)


def wide(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WIDE)


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]

    operations = [migrations.RunPython(narrow, wide)]
