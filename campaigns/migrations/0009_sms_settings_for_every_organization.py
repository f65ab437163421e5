"""Every organization holds its SMS webhook secret from now on (new ones get it when
created): the outbox page used to make it on first reading; here the organizations that
never had one get it, so no page has to write."""

import secrets

from django.db import migrations

from campaigns.rls import each_organization_id


def create_settings(apps, schema_editor):
    SmsSettings = apps.get_model("campaigns", "SmsSettings")
    for org_id in each_organization_id(apps, schema_editor):
        if not SmsSettings.objects.filter(organization_id=org_id).exists():
            SmsSettings.objects.create(
                organization_id=org_id, webhook_secret=secrets.token_urlsafe(32)
            )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0008_sms_message_branch")]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
