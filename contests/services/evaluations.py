"""The evaluation every 4 days: snapshots of team and agent totals, stored once."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.tenancy import each_organization, tenant_context

from .. import selectors
from ..models import Contest, EvaluationSnapshot
from ..rules import pace


def snapshot_take(*, organization, contest, day):
    """Store the evaluation of `day` (policies issued up to it) once; a stored snapshot is
    never rewritten, so later corrections do not change what was evaluated."""
    with tenant_context(organization):
        existing = (
            EvaluationSnapshot.objects.for_org(organization)
            .filter(contest=contest, taken_on=day)
            .first()
        )
        if existing:
            return existing
        standing = selectors.standing_as_of(contest, day)
        try:
            with transaction.atomic():
                return EvaluationSnapshot.objects.create(
                    organization=organization,
                    contest=contest,
                    taken_on=day,
                    department_total=standing["department_total"],
                    teams=standing["teams"],
                    agents=standing["agents"],
                )
        except IntegrityError:  # taken at the same moment by someone else
            return EvaluationSnapshot.objects.for_org(organization).get(
                contest=contest, taken_on=day
            )


def snapshots_due(*, organization, contest, today):
    """Store every evaluation day of the contest that has passed (the local `today` is
    later) and has no snapshot yet. Returns the snapshots stored or found."""
    return [
        snapshot_take(organization=organization, contest=contest, day=day)
        for day in pace.evaluation_days(contest.period_start, contest.period_end)
        if day < today
    ]


def snapshots_due_everywhere(now=None):
    """Celery beat runs this every few minutes: each organization's evaluation days are
    stored soon after they end at midnight in the organization's own time zone (contests
    over for more than a week are left alone; their page still stores anything missing).
    Returns how many past evaluation days were checked."""
    now = now or timezone.now()
    taken = 0
    for organization in each_organization():
        today = timezone.localtime(now, organization.zoneinfo).date()
        contests = Contest.objects.for_org(organization).filter(
            period_start__lt=today, period_end__gte=today - timedelta(days=7)
        )
        for contest in contests:
            taken += len(snapshots_due(organization=organization, contest=contest, today=today))
    return taken
