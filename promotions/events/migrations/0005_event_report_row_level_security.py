from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("events", "0004_event_report")]

    operations = [EnableRowLevelSecurity("eventreport")]
