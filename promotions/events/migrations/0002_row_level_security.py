from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("events", "0001_event_days")]

    operations = [
        EnableRowLevelSecurity(name)
        for name in (
            "leadchannel",
            "event",
            "guest",
            "customerprofile",
            "prizepool",
            "prize",
            "quota",
            "card",
            "signing",
            "signingchange",
            "place",
            "draw",
            "agendaitem",
            "vendor",
            "depositentry",
            "vendororder",
            "followup",
            "contact",
        )
    ]
