"""A function that refreshes the policy table's statistics (ANALYZE) for the runtime
database role, which owns no table and so may not ANALYZE it itself: SECURITY DEFINER
runs it as the owner that migrates, and it can do nothing else. PostgreSQL only."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION contests_analyze_policy() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  ANALYZE public.contests_policy;
END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS contests_analyze_policy()"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("contests", "0013_import_batch_rows_backfill")]

    operations = [migrations.RunPython(create, drop)]
