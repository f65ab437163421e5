from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("contests", "0008_snapshots_and_reports")]

    operations = [EnableRowLevelSecurity("evaluationsnapshot"),
                  EnableRowLevelSecurity("battlereport")]
