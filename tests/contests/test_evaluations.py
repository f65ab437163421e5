"""The evaluation every 4 days: stored snapshots and their comparison."""

from datetime import date
from decimal import Decimal

import pytest

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import selectors, services
from contests.models import EvaluationSnapshot, Policy
from contests.rules import pace

pytestmark = pytest.mark.django_db


def test_evaluation_days_of_the_seed_contest():
    assert pace.evaluation_days(date(2005, 10, 10), date(2005, 10, 25)) == [
        date(2005, 10, 13),
        date(2005, 10, 17),
        date(2005, 10, 21),
        date(2005, 10, 25),
    ]
    assert pace.evaluation_days(date(2026, 1, 1), date(2026, 1, 2)) == [date(2026, 1, 2)]


def test_snapshots_are_stored_once_and_compared(client, world):
    org, contest = world.a.org, world.a.contest
    with tenant_context(org):
        Policy.objects.create(
            organization=org,
            contest=contest,
            agent=world.a.agent,
            number="P2",
            premium=Decimal("7000"),
            issued_on=date(2026, 1, 6),
            card_number="K",
        )
    first = services.snapshot_take(organization=org, contest=contest, day=date(2026, 1, 4))
    second = services.snapshot_take(organization=org, contest=contest, day=date(2026, 1, 8))
    assert (first.department_total, second.department_total) == (Decimal("3000"), Decimal("10000"))
    with tenant_context(org):  # later corrections do not rewrite a stored evaluation
        Policy.objects.filter(number="P2").update(premium=Decimal("1"))
    again = services.snapshot_take(organization=org, contest=contest, day=date(2026, 1, 8))
    assert (again.pk, again.department_total) == (second.pk, Decimal("10000"))
    comparison = selectors.compare_snapshots(first, second)
    assert comparison["department_change"] == Decimal("7000")
    assert [(r["key"], r["then"], r["now"], r["change"]) for r in comparison["agents"]] == [
        ("alpha-001", Decimal("3000"), Decimal("10000"), Decimal("7000"))
    ]
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    page = client.get(f"/alpha/contests/{contest.pk}/evaluations/?a=2026-01-04&b=2026-01-08")
    assert page.status_code == 200
    assert 'data-testid="department-change">+7,000' in page.content.decode()
    with tenant_context(org):
        # Every evaluation day already past (the whole January 2026 contest) is stored too.
        days = set(EvaluationSnapshot.objects.for_org(org).values_list("taken_on", flat=True))
    assert set(pace.evaluation_days(contest.period_start, contest.period_end)) <= days


def _stored(org):
    with tenant_context(org):
        return sorted(EvaluationSnapshot.objects.for_org(org).values_list("taken_on", flat=True))


def test_the_schedule_stores_each_evaluation_day_after_its_midnight_in_the_org_zone(world):
    from datetime import UTC, datetime

    # 16:30 UTC on 01-08: 00:30 on 01-09 in Shanghai (A), still 01-08 in UTC (B).
    services.snapshots_due_everywhere(now=datetime(2026, 1, 8, 16, 30, tzinfo=UTC))
    assert _stored(world.a.org) == [date(2026, 1, 4), date(2026, 1, 8)]
    assert _stored(world.b.org) == [date(2026, 1, 4)]
    with tenant_context(world.a.org):
        first = EvaluationSnapshot.objects.for_org(world.a.org).get(taken_on=date(2026, 1, 8))
    assert first.department_total == Decimal("3000")
    # Running again stores nothing twice and rewrites nothing.
    services.snapshots_due_everywhere(now=datetime(2026, 1, 8, 16, 35, tzinfo=UTC))
    assert _stored(world.a.org) == [date(2026, 1, 4), date(2026, 1, 8)]
    with tenant_context(world.a.org):
        assert (
            EvaluationSnapshot.objects.for_org(world.a.org).get(taken_on=date(2026, 1, 8)).pk
            == first.pk
        )


def test_the_beat_entry_runs_the_snapshot_task(world, settings):
    from contests import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["evaluation-snapshots"]
    assert entry == {"task": "contests.tasks.take_evaluation_snapshots", "schedule": 300.0}
    # The January 2026 contests ended more than a week ago: the schedule leaves them alone
    # (their evaluation page still stores what is missing).
    assert tasks.take_evaluation_snapshots() == 0
    assert _stored(world.a.org) == []
