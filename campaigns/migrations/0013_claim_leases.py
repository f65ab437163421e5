"""Leases on claimable rows (campaigns/claimable.py): the worker holding a running job or
an SMS being sent, and when its lease expires; and the mark of a row whose id could not be
sent to the queue. Rows claimed before this migration get the lease the old fixed timeouts
gave them (30 minutes from a job's start, 10 from an SMS's last change), so a run still in
progress on an old worker is not taken over at once."""

from datetime import timedelta

from django.db import migrations, models
from django.db.models import F

from campaigns.rls import each_organization_id


def lease_claimed_rows(apps, schema_editor):
    Job = apps.get_model("campaigns", "Job")
    SmsMessage = apps.get_model("campaigns", "SmsMessage")
    for org_id in each_organization_id(apps, schema_editor):
        Job.objects.filter(organization_id=org_id, status="running").update(
            lease_expires_at=F("started_at") + timedelta(minutes=30)
        )
        SmsMessage.objects.filter(organization_id=org_id, status="sending").update(
            lease_expires_at=F("updated_at") + timedelta(minutes=10)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0012_one_sweeper_beat_entry'),
    ]

    operations = [
        migrations.AddField(
            model_name='job',
            name='enqueue_failed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='job',
            name='lease_expires_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='job',
            name='lease_owner',
            field=models.CharField(blank=True, max_length=100, verbose_name='worker'),
        ),
        migrations.AddField(
            model_name='smsmessage',
            name='enqueue_failed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='smsmessage',
            name='lease_expires_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='smsmessage',
            name='lease_owner',
            field=models.CharField(blank=True, max_length=100, verbose_name='worker'),
        ),
        migrations.RunPython(lease_claimed_rows, migrations.RunPython.noop),
    ]
