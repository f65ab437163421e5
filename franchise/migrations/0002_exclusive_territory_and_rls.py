"""One franchisee per territory at any date (PostgreSQL exclusion constraint, which needs
btree_gist for the "=" parts), and row-level security on every franchise table."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from campaigns.rls import EnableRowLevelSecurity
from franchise.db import AddPostgresOnlyConstraint


class Migration(migrations.Migration):
    dependencies = [("franchise", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        AddPostgresOnlyConstraint("agreement", "franchise.db.exclusive_territory_constraint"),
        EnableRowLevelSecurity("territory"),
        EnableRowLevelSecurity("recruitingevent"),
        EnableRowLevelSecurity("franchisee"),
        EnableRowLevelSecurity("agreement"),
        EnableRowLevelSecurity("revenuereport"),
        EnableRowLevelSecurity("royaltystatement"),
        EnableRowLevelSecurity("revenuecorrection"),
        EnableRowLevelSecurity("statementline"),
        EnableRowLevelSecurity("statementquestion"),
        EnableRowLevelSecurity("product"),
        EnableRowLevelSecurity("pricechange"),
        EnableRowLevelSecurity("hospital"),
        EnableRowLevelSecurity("supportservice"),
        EnableRowLevelSecurity("servicedelivery"),
        EnableRowLevelSecurity("goalfigure"),
    ]
