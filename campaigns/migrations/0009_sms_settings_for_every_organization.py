"""Every organization holds its SMS webhook secret from now on (new ones get it when
created): the outbox page used to make it on first reading; here the organizations that
never had one get it, so no page has to write."""

import secrets

from django.db import migrations


def create_settings(apps, schema_editor):
    connection = schema_editor.connection
    Organization = apps.get_model("campaigns", "Organization")
    SmsSettings = apps.get_model("campaigns", "SmsSettings")
    for org_id in Organization.objects.values_list("pk", flat=True):
        if connection.vendor == "postgresql":  # row-level security: one organization at a time
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('app.org_id', %s, true)", [str(org_id)])
        if not SmsSettings.objects.filter(organization_id=org_id).exists():
            SmsSettings.objects.create(
                organization_id=org_id, webhook_secret=secrets.token_urlsafe(32)
            )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0008_sms_message_branch")]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
