"""The word counts forget a document's words when it goes (PostgreSQL only).

`TermStat` is rebuilt hourly from the pool's vectors. Between two rebuilds an erased
person's document is deleted, but the words only they had (their name, first of all) would
stay in `talent_termstat` until the next rebuild: an erasure must leave no trace. This
trigger, on every path that removes a document or changes its vector (erasure, a rebuild,
the cascade of a deleted candidate, the admin, raw SQL), takes one off the count of each word
that left and deletes the words nobody holds any more, in the same transaction.

Words are only ever subtracted here (a document's new words wait for the hourly rebuild):
a count can briefly be one low, never keep a word nobody has. Locks are taken in word
order, so two documents leaving at once cannot deadlock.
"""

from django.db import migrations

FORGET = r"""
CREATE OR REPLACE FUNCTION talent_termstat_forget() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    gone text[];
BEGIN
    IF OLD.search_vector IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' OR NEW.search_vector IS NULL THEN
        gone := tsvector_to_array(OLD.search_vector);
        UPDATE talent_termstat SET documents = documents - 1
         WHERE word = '' AND documents > 0;
    ELSE
        gone := ARRAY(
            SELECT unnest(tsvector_to_array(OLD.search_vector))
            EXCEPT SELECT unnest(tsvector_to_array(NEW.search_vector))
        );
    END IF;
    IF coalesce(array_length(gone, 1), 0) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM talent_termstat WHERE word = ANY(gone) ORDER BY word FOR UPDATE;
    UPDATE talent_termstat SET documents = documents - 1 WHERE word = ANY(gone);
    DELETE FROM talent_termstat WHERE word = ANY(gone) AND documents <= 0;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS talent_pooldocument_forget ON talent_pooldocument;
CREATE TRIGGER talent_pooldocument_forget
    AFTER DELETE OR UPDATE OF search_vector ON talent_pooldocument
    FOR EACH ROW EXECUTE FUNCTION talent_termstat_forget();
"""

DROP = """
DROP TRIGGER IF EXISTS talent_pooldocument_forget ON talent_pooldocument;
DROP FUNCTION IF EXISTS talent_termstat_forget();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("talent", "0003_search_keys")]

    operations = [migrations.RunPython(_on_postgresql(FORGET), _on_postgresql(DROP))]
