"""SMS messages sent before they carried a branch: a confirmation takes its member's
registration's branch, a reply the branch of the message it answers. (Messages to an
initiator carried neither purpose nor reference then; they stay for managers and admins.)"""

from django.db import migrations
from django.db.models import OuterRef, Subquery

from campaigns.rls import each_organization_id


def backfill(apps, schema_editor):
    SmsMessage = apps.get_model("campaigns", "SmsMessage")
    BundleMember = apps.get_model("promotions", "BundleMember")
    for org_id in each_organization_id(apps, schema_editor):
        messages = SmsMessage.objects.filter(organization_id=org_id, branch__isnull=True)
        messages.filter(purpose="bundle.confirm").update(
            branch_id=Subquery(
                BundleMember.objects.filter(organization_id=org_id, pk=OuterRef("ref_id"))
                .values("registration__branch_id")[:1]
            )
        )
        messages.filter(direction="in", in_reply_to__isnull=False).update(
            branch_id=Subquery(
                SmsMessage.objects.filter(pk=OuterRef("in_reply_to_id")).values("branch_id")[:1]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0008_sms_message_branch"),
        ("promotions", "0002_channels_and_money"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
