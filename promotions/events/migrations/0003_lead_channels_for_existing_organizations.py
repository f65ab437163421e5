from django.db import migrations

from campaigns.rls import each_organization_id

CHANNELS = ("DM单页", "短信", "外展点", "扫楼", "拱门", "电梯广告", "报纸", "网络", "员工邀约", "自然到访")


def add_channels(apps, schema_editor):
    """Organizations made before event days start with the seed's lead channels too."""
    LeadChannel = apps.get_model("events", "LeadChannel")
    for org_id in each_organization_id(apps, schema_editor):
        if not LeadChannel.objects.filter(organization_id=org_id).exists():
            LeadChannel.objects.bulk_create(
                LeadChannel(organization_id=org_id, name=name, position=i)
                for i, name in enumerate(CHANNELS)
            )


class Migration(migrations.Migration):
    dependencies = [("events", "0002_row_level_security")]

    operations = [migrations.RunPython(add_channels, migrations.RunPython.noop)]
