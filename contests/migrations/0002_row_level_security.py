from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("contests", "0001_initial")]

    operations = [
        EnableRowLevelSecurity(name) for name in ("contest", "agent", "policy", "policyevent")
    ]
