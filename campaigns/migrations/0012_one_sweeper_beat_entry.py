"""One sweeper for every claimable row (campaigns/claimable.py): the SMS sweep task
(`campaigns.sms.sweep_stale`) is gone, and so is its beat entry in CELERY_BEAT_SCHEDULE.
django-celery-beat's DatabaseScheduler copied that entry into its own table when beat
started ("sweep-stale-sms") and never removes entries the settings drop, so beat would
keep sending a task no worker knows. This removes the stored entry (under any name) and
marks the schedule changed, as the scheduler's own signals would."""

from django.db import migrations
from django.utils import timezone

OLD_TASK = "campaigns.sms.sweep_stale"


def remove_sms_sweep_entry(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    deleted, _ = PeriodicTask.objects.filter(task=OLD_TASK).delete()
    if deleted:
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0011_sms_branch_index"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(remove_sms_sweep_entry, migrations.RunPython.noop)]
