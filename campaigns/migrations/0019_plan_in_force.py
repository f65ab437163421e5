"""Plan.in_force: the plan of its kind an organization works by (docs/plans.md, "The plan
in force"). Until now the franchise board read the most recently changed franchise plan,
so a new draft took it over.

For the organizations that exist, each kind with plans gets one in force: the approved or
running plan changed last, else (no plan of the kind was ever approved) the plan changed
last, which is the one the board showed before, so no board changes under its users. A
closed plan is chosen only when every plan of the kind is closed."""

from django.db import migrations, models
from django.db.models import Q

from campaigns.rls import each_organization_id

PREFERENCE = (("approved", "running"), ("draft",), ("closed",))


def choose_in_force(apps, schema_editor):
    Plan = apps.get_model("campaigns", "Plan")
    for org_id in each_organization_id(apps, schema_editor):
        plans = Plan.objects.filter(organization_id=org_id)
        for kind in plans.values_list("kind", flat=True).distinct():
            of_kind = plans.filter(kind=kind).order_by("-updated_at", "-pk")
            chosen = next(
                (
                    pk
                    for statuses in PREFERENCE
                    for pk in of_kind.filter(status__in=statuses).values_list("pk", flat=True)[:1]
                ),
                None,
            )
            if chosen is not None:
                # .update() leaves updated_at alone: choosing is not an edit of the plan.
                plans.filter(pk=chosen).update(in_force=True)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0018_job_waiting_since"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="in_force",
            field=models.BooleanField(default=False, verbose_name="in force"),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                condition=Q(in_force=True),
                fields=("organization", "kind"),
                name="plan_one_in_force_per_kind",
                violation_error_message="Another plan of this kind is in force.",
            ),
        ),
        migrations.RunPython(choose_in_force, migrations.RunPython.noop),
    ]
