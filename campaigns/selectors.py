"""Reads of the platform core. Every function takes the organization explicitly."""

from collections import Counter

from .models import Branch, Invitation, Job, Membership, Team
from .roles import Role


def invitations_for_user(user):
    """Invitations waiting for the user (read through the own-rows policy)."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return Invitation.objects.filter(user=user).select_related("organization")


def invitations_of(organization):
    return Invitation.objects.for_org(organization).select_related("user", "branch", "team")


def members_of(organization):
    return (
        Membership.objects.for_org(organization)
        .select_related("user", "branch", "team")
        .order_by("role", "user__username")
    )


def branches_of(organization):
    return Branch.objects.for_org(organization).order_by("name")


def teams_of(organization):
    return Team.objects.for_org(organization).select_related("branch").order_by("name")


def jobs_of(organization, limit=50):
    return Job.objects.for_org(organization).select_related("created_by")[:limit]


FAILED_JOBS_DAYS = 7  # the home shows the jobs that failed this past week


def failed_jobs(organization, today, limit=10):
    """The jobs that gave up in the last FAILED_JOBS_DAYS days (the manager's home),
    newest first."""
    import datetime

    since = datetime.datetime.combine(
        today - datetime.timedelta(days=FAILED_JOBS_DAYS - 1),
        datetime.time.min,
        tzinfo=organization.zoneinfo,
    )
    return (
        Job.objects.for_org(organization)
        .filter(status=Job.Status.FAILED, updated_at__gte=since)
        .select_related("created_by")
        .order_by("-updated_at")[:limit]
    )


def organization_overview(organization):
    roles = Counter(Membership.objects.for_org(organization).values_list("role", flat=True))
    return {
        "members": sum(roles.values()),
        "branches": branches_of(organization).count(),
        "teams": teams_of(organization).count(),
        "roles": [(role, roles.get(role.value, 0)) for role in Role],
    }
