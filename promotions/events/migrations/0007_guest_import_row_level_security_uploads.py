from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("events", "0006_guest_import_uploads")]

    operations = [EnableRowLevelSecurity("guestimport")]
