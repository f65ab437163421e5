"""The contests of an organization and a contest's checkpoints."""

from campaigns.tenancy import get_for_org_or_404

from ..models import Contest


def contests_of(organization):
    return Contest.objects.for_org(organization).select_related("plan")


def contest_get(organization, contest_id):
    return get_for_org_or_404(Contest, organization, pk=contest_id)


def checkpoints_of(contest):
    """The plan's stages with a cumulative target, as contest checkpoints."""
    from campaigns.plans.models import Stage

    return list(
        Stage.objects.for_org(contest.organization_id)
        .filter(plan_id=contest.plan_id, cumulative_target__isnull=False)
        .order_by("start_date")
    )
