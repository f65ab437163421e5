"""Batches uploaded before they counted their rows: the file's rows (from the dry run's
summary) become `rows_total`, and a committed batch has done them all."""

from django.db import migrations

from campaigns.rls import each_organization_id


def backfill(apps, schema_editor):
    ImportBatch = apps.get_model("contests", "ImportBatch")
    for org_id in each_organization_id(apps, schema_editor):
        batches = list(ImportBatch.objects.filter(organization_id=org_id, rows_total=0))
        for batch in batches:
            batch.rows_total = int(batch.summary.get("rows") or 0)
            batch.rows_done = batch.rows_total if batch.status == "committed" else 0
        ImportBatch.objects.bulk_update(batches, ["rows_total", "rows_done"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("contests", "0012_import_batch_job_progress")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
