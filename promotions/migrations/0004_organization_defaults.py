"""Every organization holds its family-network defaults as rows from now on (new ones get
them when created): the seed's four tiers, the marketing department's channel and the
settings. Pages used to make them on first reading; here the organizations that never
had them get them, so no page has to write."""

from datetime import time
from decimal import Decimal

from django.db import migrations

from campaigns.rls import each_organization_id

# As in bundles_rules.DEFAULT_TIERS when this was written: price, members, coupons,
# commission.
TIERS = [
    (Decimal("300"), 10, 5, Decimal("30")),
    (Decimal("600"), 20, 10, Decimal("50")),
    (Decimal("900"), 30, 15, Decimal("80")),
    (Decimal("1500"), 50, 20, Decimal("150")),
]


def create_defaults(apps, schema_editor):
    BundleTier = apps.get_model("promotions", "BundleTier")
    BundleSettings = apps.get_model("promotions", "BundleSettings")
    Channel = apps.get_model("promotions", "Channel")
    for org_id in each_organization_id(apps, schema_editor):
        if not BundleTier.objects.filter(organization_id=org_id).exists():
            BundleTier.objects.bulk_create(
                BundleTier(organization_id=org_id, price=price, members=members,
                           coupons=coupons, commission=commission)
                for price, members, coupons, commission in TIERS
            )
        channels = Channel.objects.filter(organization_id=org_id)
        if not channels.filter(kind="marketing").exists():
            # Channel names are unique in an organization: keep one someone already chose.
            name = "市场部" if not channels.filter(name="市场部").exists() else "市场部（制作）"
            Channel.objects.create(organization_id=org_id, name=name, kind="marketing")
        if not BundleSettings.objects.filter(organization_id=org_id).exists():
            BundleSettings.objects.create(organization_id=org_id, report_time=time(16, 0))


class Migration(migrations.Migration):
    dependencies = [("promotions", "0003_sms_messages_by_branch")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
