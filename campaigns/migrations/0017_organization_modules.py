"""Organization.modules: the modules (plan kinds) an organization runs (campaigns/modules.py).

Every organization that exists before this change keeps running every module: the column
is added as NULL ("no choice made", which runs them all), and the data step below says so
explicitly for any row, so that none is narrowed until its admin chooses."""

from django.db import migrations, models


def every_module_for_existing(apps, schema_editor):
    Organization = apps.get_model("campaigns", "Organization")
    Organization.objects.update(modules=None)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0016_organization_amount_ceilings"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="modules",
            field=models.JSONField(blank=True, default=None, null=True, verbose_name="modules"),
        ),
        migrations.RunPython(every_module_for_existing, migrations.RunPython.noop),
    ]
