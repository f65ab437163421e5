from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("contests", "0006_decisions_and_tracking")]

    operations = [EnableRowLevelSecurity("awarddecision"), EnableRowLevelSecurity("trackingentry")]
