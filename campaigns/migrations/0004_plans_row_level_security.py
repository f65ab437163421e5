from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_plans")]

    operations = [
        EnableRowLevelSecurity(name)
        for name in (
            "plan", "goal", "stage", "section", "workgroup", "task", "budgetline",
            "material", "planevent", "plantemplate", "export",
        )
    ]
