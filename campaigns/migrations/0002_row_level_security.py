from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [
        EnableRowLevelSecurity("branch"),
        EnableRowLevelSecurity("team"),
        EnableRowLevelSecurity("membership", own_rows_column="user_id"),
        EnableRowLevelSecurity("job"),
    ]
