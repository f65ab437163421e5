from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("contests", "0003_import_batch")]

    operations = [EnableRowLevelSecurity("importbatch")]
